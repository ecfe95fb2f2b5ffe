// Card counts, forecast and memory from the per-card summaries, on a hand-made collection whose right answers are
// worked out here.
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../../../../src/core/card-columns';
import { dayNumber, dayStartMs } from '../../../../src/core/day';
import { emptyHistory } from '../../../../src/core/history';
import { Queue, type CardRecord } from '../../../../src/core/model';
import { newSchedState, Scheduler, State } from '../../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../../src/core/settings';
import { cardCounts, forecast, memory } from '../../../../src/core/stats/cards';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = 4;
const NOW = new Date(2026, 2, 10, 15, 0).getTime(); // mid-afternoon, local
const TODAY = dayNumber(NOW, START);
const dayStart = (offset: number) => dayStartMs(TODAY + offset, START);

interface Spec {
  deck: string;
  queue: Queue;
  state: State;
  due?: number;
  s?: number;
  d?: number;
  ivl?: number;
  /** Days before now of the last review. */
  ago?: number;
}
function card(id: string, x: Spec): CardRecord {
  const sched = {
    ...newSchedState(NOW - 100 * DAY), state: x.state, due: x.due ?? NOW, stability: x.s ?? 0, difficulty: x.d ?? 0,
    scheduledDays: x.ivl ?? 0, lastReview: x.ago === undefined ? null : NOW - x.ago * DAY,
  };
  return { id: `${id}:0`, noteId: id, deckId: x.deck, ord: 0, position: 0, queue: x.queue, due: sched.due, sched, history: emptyHistory() };
}

const CARDS = [
  card('n1', { deck: 'A', queue: Queue.New, state: State.New }),
  card('n2', { deck: 'A', queue: Queue.Learning, state: State.Learning, due: NOW + 10 * 60_000, s: 0.5, d: 5.5, ago: 0 }),
  card('n3', { deck: 'A', queue: Queue.Learning, state: State.Relearning, due: NOW + HOUR, s: 2.5, d: 8.5, ago: 1 }),
  card('n4', { deck: 'A', queue: Queue.Review, state: State.Review, due: dayStart(1) + HOUR, s: 6, d: 1, ivl: 5, ago: 5 }),
  card('n5', { deck: 'B', queue: Queue.Review, state: State.Review, due: dayStart(0) - 3 * DAY, s: 40, d: 10, ivl: 30, ago: 33 }),
  card('n6', { deck: 'B', queue: Queue.Review, state: State.Review, due: dayStart(29) + HOUR, s: 400, d: 3, ivl: 40, ago: 11 }),
  // Due on the 31st day from today: outside a 30-day forecast.
  card('n7', { deck: 'B', queue: Queue.Review, state: State.Review, due: dayStart(30), s: 800, d: 3, ivl: 60, ago: 30 }),
  card('n8', { deck: 'A', queue: Queue.Suspended, state: State.Review, due: NOW - DAY, s: 3, d: 5, ivl: 3, ago: 4 }),
  card('n9', { deck: 'B', queue: Queue.Buried, state: State.Review, due: NOW, s: 10, d: 5, ivl: 8, ago: 8 }),
  card('n10', { deck: 'A', queue: Queue.Retired, state: State.Review, due: NOW, s: 5, d: 5, ivl: 5, ago: 5 }),
];
const { columns } = columnsOf(CARDS);
const A = new Set(['A']);

describe('card counts', () => {
  it('counts each card once, by queue first (suspended, buried), then state and interval; retired cards not at all', () => {
    expect(cardCounts(columns, null)).toEqual({ new: 1, learning: 1, relearning: 1, young: 1, mature: 3, suspended: 1, buried: 1, total: 9 });
    expect(cardCounts(columns, A)).toEqual({ new: 1, learning: 1, relearning: 1, young: 1, mature: 0, suspended: 1, buried: 0, total: 5 });
    expect(cardCounts([], null).total).toBe(0);
  });
});

describe('forecast', () => {
  it('puts (re)learning and review cards on the study day they fall due, overdue ones today', () => {
    const f = forecast(columns, null, TODAY, START, 30);
    expect(f.due).toHaveLength(30);
    // Today: n2 and n3 (learning, later today) and n5 (three days overdue); tomorrow n4 and n9 (due today, but
    // buried until tomorrow); the 30th day n6. Not n1 (new), n8 (suspended), n10 (retired).
    expect(f.due[0]).toBe(3);
    expect(f.overdue).toBe(1);
    expect(f.due[1]).toBe(2);
    expect(f.due[29]).toBe(1);
    expect(f.due.reduce((a, b) => a + b, 0)).toBe(6);
    expect(f.cumulative.slice(0, 3)).toEqual([3, 5, 5]);
    expect(f.total).toBe(6);
    // A year's forecast also has n7, on day 30.
    const year = forecast(columns, null, TODAY, START, 365);
    expect(year.due[30]).toBe(1);
    expect(year.total).toBe(7);
    expect(forecast(columns, A, TODAY, START, 30).due.slice(0, 2)).toEqual([2, 1]);
  });

  it('leaves a buried new card out, and brings a buried review due in days back on its own day', () => {
    const later = card('y', { deck: 'A', queue: Queue.Buried, state: State.Review, due: dayStart(5) + HOUR, s: 5, ivl: 5, ago: 1 });
    const fresh = card('z', { deck: 'A', queue: Queue.Buried, state: State.New });
    expect(forecast(columnsOf([later, fresh]).columns, null, TODAY, START, 7).due).toEqual([0, 0, 0, 0, 0, 1, 0]);
  });

  it('counts a card due at 3:00 tomorrow morning (before the 4:00 day start) as due today', () => {
    const early = card('x', { deck: 'A', queue: Queue.Review, state: State.Review, due: dayStart(1) - HOUR, s: 1, ivl: 1, ago: 1 });
    expect(forecast(columnsOf([early]).columns, null, TODAY, START, 2).due).toEqual([1, 0]);
  });
});

describe('memory', () => {
  // A stand-in forgetting curve whose values are easy to work out: s / (s + t).
  const curve = (t: number, s: number) => s / (s + t);

  it('bins stability, difficulty and retrievability of the studied cards, retired and new ones left out', () => {
    const m = memory(columns, null, NOW, curve);
    expect(m.cards).toBe(8);
    const counts = (bins: { label: string; count: number }[]) => Object.fromEntries(bins.filter((b) => b.count > 0).map((b) => [b.label, b.count]));
    expect(counts(m.stability)).toEqual({ '<1d': 1, '2-3d': 1, '3-5d': 1, '5-7d': 1, '1-2w': 1, '1-2mo': 1, '1-2y': 1, '2-5y': 1 });
    // Difficulty (d - 1) / 9: 5.5 -> 50 %, 8.5 -> 83 %, 1 -> 0 %, 10 -> 100 % (the last bin), 3 -> 22 % twice, 5 -> 44 % twice.
    expect(counts(m.difficulty)).toEqual({ '50-60%': 1, '80-90%': 1, '0-10%': 1, '90-100%': 1, '20-30%': 2, '40-50%': 2 });
    // R: n2 1, n3 2.5/3.5, n4 6/11, n5 40/73, n6 400/411, n7 800/830, n8 3/7, n9 10/18.
    const rs = [1, 2.5 / 3.5, 6 / 11, 40 / 73, 400 / 411, 800 / 830, 3 / 7, 10 / 18];
    const sum = rs.reduce((a, b) => a + b, 0);
    expect(m.recallNow).toBeCloseTo(sum, 10);
    expect(m.averageRetrievability).toBeCloseTo(sum / 8, 10);
    expect(counts(m.retrievability)).toEqual({ '95-100%': 3, '70-75%': 1, '50-55%': 2, '40-45%': 1, '55-60%': 1 });
  });

  it('for one deck, and with nothing studied', () => {
    expect(memory(columns, A, NOW, curve).cards).toBe(4);
    const none = memory(columnsOf([CARDS[0]!]).columns, null, NOW, curve);
    expect(none).toMatchObject({ cards: 0, averageRetrievability: null, recallNow: 0 });
  });

  it("with the scheduler's own curve, gives each card the retrievability its card info shows", () => {
    const scheduler = new Scheduler(DEFAULT_SETTINGS);
    const studied = CARDS.filter((c) => c.sched.lastReview !== null && c.queue !== Queue.Retired);
    const m = memory(columnsOf(studied).columns, null, NOW, scheduler.forgettingCurve());
    const expected = studied.reduce((n, c) => n + scheduler.retrievability({ ...c.sched, stability: Math.fround(c.sched.stability) }, NOW)!, 0);
    expect(m.recallNow).toBeCloseTo(expected, 6);
  });
});
