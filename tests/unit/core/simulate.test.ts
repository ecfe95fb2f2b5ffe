// The workload simulation: what the next 90 days would ask at a desired retention, as the settings screen shows it.
import { describe, expect, it } from 'vitest';
import { ColumnChunk, emptyColumns, splitColumns } from '../../../src/core/card-columns';
import { dayStartMs } from '../../../src/core/day';
import { emptyHistory } from '../../../src/core/history';
import { Queue, type CardRecord } from '../../../src/core/model';
import { newSchedState, State } from '../../../src/core/scheduler';
import {
  seededRandom, simulateWorkload, summarizeWorkload, workloadCardsOf, type WorkloadCards, type WorkloadDay, type WorkloadInput,
} from '../../../src/core/simulate';

const TODAY = 20_500;

interface SimCard {
  state?: State;
  stability: number;
  difficulty?: number;
  due: number;
  last?: number;
}

function cardsOf(list: SimCard[]): WorkloadCards {
  return {
    state: list.map((c) => c.state ?? State.Review),
    stability: list.map((c) => c.stability),
    difficulty: list.map((c) => c.difficulty ?? 5),
    dueDay: list.map((c) => c.due),
    lastReviewDay: list.map((c) => c.last ?? NaN),
  };
}

/** `n` review cards whose intervals end between `from` and `to` days from today (spread evenly). */
function deck(n: number, from: number, to: number, stability = 10): SimCard[] {
  return Array.from({ length: n }, (_, i) => {
    const due = TODAY + from + Math.floor(((to - from + 1) * i) / n);
    return { stability, difficulty: 3 + (i % 5), due, last: due - Math.round(stability) };
  });
}

function run(over: Partial<WorkloadInput> = {}): WorkloadDay[] {
  return simulateWorkload({
    cards: cardsOf([]), newCards: 0, params: [], desiredRetention: 0.9, maximumInterval: 36500, newPerDay: 0,
    reviewsPerDay: 9999, today: TODAY, seed: 1, ...over,
  });
}

const sum = (days: WorkloadDay[], key: 'reviews' | 'newCards' | 'lapses' | 'steps') => days.reduce((n, d) => n + d[key], 0);

describe('simulateWorkload', () => {
  it('simulates 90 study days from today by default, numbered as study days', () => {
    const days = run();
    expect(days).toHaveLength(90);
    expect(days[0]!.day).toBe(TODAY);
    expect(days[89]!.day).toBe(TODAY + 89);
    expect(run({ days: 30 })).toHaveLength(30);
  });

  it('gives the same days for the same seed, and other draws for another seed', () => {
    const input = { cards: cardsOf(deck(500, -10, 30)), newCards: 300, newPerDay: 10 };
    const a = run({ ...input, seed: 42 });
    expect(run({ ...input, seed: 42 })).toEqual(a);
    expect(run({ ...input, seed: 43 })).not.toEqual(a);
  });

  it('asks nothing without cards and without new cards a day', () => {
    for (const day of run({ newCards: 1000, newPerDay: 0 })) {
      expect(day).toMatchObject({ reviews: 0, newCards: 0, lapses: 0, steps: 0, memorized: 0 });
    }
    expect(summarizeWorkload(run())).toEqual({ reviewsPerDay: 0, answersPerDay: 0, memorizedAtEnd: 0 });
  });

  it('asks for more reviews at a higher desired retention, and keeps more in memory', () => {
    const input = { cards: cardsOf(deck(2000, -5, 60)), newCards: 2000, newPerDay: 20 };
    const at = (desiredRetention: number) => run({ ...input, desiredRetention });
    const low = at(0.8);
    const mid = at(0.9);
    const high = at(0.95);
    expect(sum(mid, 'reviews')).toBeGreaterThan(sum(low, 'reviews') * 1.2);
    expect(sum(high, 'reviews')).toBeGreaterThan(sum(mid, 'reviews') * 1.2);
    // Forgetting less: fewer lapses per review, and more remembered at the end.
    expect(sum(high, 'lapses') / sum(high, 'reviews')).toBeLessThan(sum(low, 'lapses') / sum(low, 'reviews'));
    expect(high[89]!.memorized).toBeGreaterThan(low[89]!.memorized);
    expect(summarizeWorkload(high).reviewsPerDay).toBeCloseTo(sum(high, 'reviews') / 90, 9);
  });

  it('never reviews more than reviewsPerDay in a day; the others wait', () => {
    const days = run({ cards: cardsOf(deck(1000, -20, 20)), reviewsPerDay: 50 });
    for (const day of days) expect(day.reviews).toBeLessThanOrEqual(50);
    // The backlog keeps every day full until it is worked off.
    expect(days.slice(0, 10).map((d) => d.reviews)).toEqual(Array(10).fill(50));
  });

  it('reviews every overdue card today, up to the limit', () => {
    const overdue = deck(300, -30, -1);
    expect(run({ cards: cardsOf(overdue) })[0]!.reviews).toBe(300);
    const capped = run({ cards: cardsOf(overdue), reviewsPerDay: 120 });
    expect(capped.slice(0, 2).map((d) => d.reviews)).toEqual([120, 120]);
    // The last 60 on day 2, with the cards forgotten on day 0 coming back.
    expect(capped[2]!.reviews).toBeGreaterThanOrEqual(60);
    expect(sum(capped.slice(0, 3), 'reviews')).toBeGreaterThanOrEqual(300);
    // Cards due later come on their day, not before.
    const later = run({ cards: cardsOf(deck(10, 5, 5)) });
    expect(later.slice(0, 6).map((d) => d.reviews)).toEqual([0, 0, 0, 0, 0, 10]);
  });

  it('answers the cards in (re)learning on their day, outside the review limit', () => {
    const learning = Array.from({ length: 5 }, () => ({ state: State.Relearning, stability: 0.5, due: TODAY - 1, last: TODAY - 1 }));
    const days = run({ cards: cardsOf(learning), reviewsPerDay: 0 });
    expect(days[0]!.reviews).toBe(0);
    expect(days[0]!.steps).toBeGreaterThanOrEqual(5);
  });

  it('never schedules a card further than the maximum interval', () => {
    // One well-known card due today: without a maximum it would not come back for years.
    const card = cardsOf([{ stability: 3000, difficulty: 2, due: TODAY, last: TODAY - 3000 }]);
    const free = run({ cards: card });
    expect(sum(free, 'reviews')).toBe(1);
    const capped = run({ cards: card, maximumInterval: 10 });
    const reviewDays = capped.flatMap((d, i) => (d.reviews > 0 ? [i] : []));
    expect(reviewDays[0]).toBe(0);
    expect(reviewDays.length).toBeGreaterThanOrEqual(9);
    for (let k = 1; k < reviewDays.length; k++) expect(reviewDays[k]! - reviewDays[k - 1]!).toBeLessThanOrEqual(10);
  });

  it('introduces new cards up to newPerDay while they last, and what is memorized grows with them', () => {
    const days = run({ newCards: 95, newPerDay: 10 });
    expect(days.slice(0, 11).map((d) => d.newCards)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5, 0]);
    expect(sum(days, 'newCards')).toBe(95);
    // Their learning steps are answered the same day.
    expect(days[0]!.steps).toBeGreaterThan(0);
    for (let i = 1; i < 10; i++) expect(days[i]!.memorized).toBeGreaterThan(days[i - 1]!.memorized);
    expect(days[0]!.memorized).toBeCloseTo(10, 5); // just studied: all ten remembered at the day's end
    expect(days[9]!.memorized).toBeGreaterThan(85);
    expect(days[9]!.memorized).toBeLessThanOrEqual(95);
  });

  it('counts cards still new in the card list among the new cards', () => {
    const news = Array.from({ length: 4 }, () => ({ state: State.New, stability: 0, due: TODAY }));
    expect(sum(run({ cards: cardsOf(news), newCards: 3, newPerDay: 5 }), 'newCards')).toBe(7);
  });

  it('counts the existing cards in what is memorized, from the first day', () => {
    const days = run({ cards: cardsOf(deck(100, 30, 60, 100)) });
    expect(days[0]!.memorized).toBeGreaterThan(90);
    expect(days[0]!.memorized).toBeLessThanOrEqual(100);
    expect(days[20]!.memorized).toBeLessThan(days[0]!.memorized); // nothing reviewed yet: forgetting only
  });

  it('reads typed arrays as well as plain ones', () => {
    const plain = cardsOf(deck(200, -3, 40));
    const typed: WorkloadCards = {
      state: Uint8Array.from(plain.state), stability: Float64Array.from(plain.stability),
      difficulty: Float64Array.from(plain.difficulty), dueDay: Int32Array.from(plain.dueDay),
      lastReviewDay: Float64Array.from(plain.lastReviewDay),
    };
    expect(run({ cards: typed, newCards: 50, newPerDay: 5 })).toEqual(run({ cards: plain, newCards: 50, newPerDay: 5 }));
  });

  it('refuses a desired retention outside (0, 1), a limit that is not a number, and card arrays of different lengths', () => {
    expect(() => run({ desiredRetention: 1 })).toThrow();
    expect(() => run({ maximumInterval: NaN })).toThrow(/maximumInterval/);
    expect(() => run({ cards: { ...cardsOf(deck(3, 0, 2)), stability: [1] } })).toThrow();
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('workloadCardsOf', () => {
  const HOUR = 3_600_000;
  const START = 4;
  const at = (day: number, hours: number) => dayStartMs(day, START) + hours * HOUR;

  function record(id: string, queue: Queue, sched: Partial<CardRecord['sched']>): CardRecord {
    const s = { ...newSchedState(at(TODAY - 50, 1)), ...sched };
    return { id, noteId: id, deckId: 'd', ord: 0, position: 0, queue, due: s.due, sched: s, history: emptyHistory() };
  }

  it('leaves out suspended and retired cards, counts new ones, and gives study days (buried: tomorrow at the earliest)', () => {
    const review = { state: State.Review, stability: 20, difficulty: 4 };
    const edit = new ColumnChunk(emptyColumns(0));
    edit.upsert([
      // Due 1:00 the morning after the day TODAY + 3 began: still that study day.
      record('r', Queue.Review, { ...review, due: at(TODAY + 3, 21), lastReview: at(TODAY - 17, 2) }),
      record('b', Queue.Buried, { ...review, due: at(TODAY - 2, 0), lastReview: at(TODAY - 22, 0) }),
      record('l', Queue.Learning, { state: State.Learning, stability: 1, difficulty: 6, due: at(TODAY, 5), lastReview: at(TODAY, 4) }),
      record('s', Queue.Suspended, { ...review, due: at(TODAY, 1), lastReview: at(TODAY - 20, 1) }),
      record('x', Queue.Retired, { ...review, due: at(TODAY, 1), lastReview: at(TODAY - 20, 1) }),
      record('n1', Queue.New, {}),
      record('n2', Queue.Buried, {}),
    ]);
    const { cards, newCards } = workloadCardsOf([splitColumns(edit.columns).stats], TODAY, START);
    expect(newCards).toBe(2);
    expect(Array.from(cards.state)).toEqual([State.Review, State.Review, State.Learning]);
    expect(Array.from(cards.dueDay)).toEqual([TODAY + 3, TODAY + 1, TODAY]);
    expect(Array.from(cards.lastReviewDay)).toEqual([TODAY - 17, TODAY - 22, TODAY]);
    expect(Array.from(cards.stability)).toEqual([20, 20, 1]);
    const days = simulateWorkload({
      cards, newCards, params: [], desiredRetention: 0.9, maximumInterval: 36500, newPerDay: 20, reviewsPerDay: 200,
      today: TODAY, seed: 3,
    });
    expect(days[0]!.newCards).toBe(2);
    expect(days[1]!.reviews).toBeGreaterThanOrEqual(1); // the buried card
  });
});
