// The statistics built from day summaries, on a hand-made history whose right answers are worked out below.
import { describe, expect, it } from 'vitest';
import { dayStartMs } from '../../../../src/core/day';
import { applyToDay, emptyDay, type DaySummary } from '../../../../src/core/model';
import { State, type Grade, type ReviewEntry } from '../../../../src/core/scheduler';
import {
  answerButtons, heatmap, hourly, perDay, retentionOf, reviewsByDay, streaks, todayStats, trueRetention,
} from '../../../../src/core/stats/days';

const HOUR = 3_600_000;
const TODAY = 20500;
type Kind = 'new' | 'learning' | 'young' | 'mature' | 'relearning';
const [Again, Hard, Good, Easy] = [1, 2, 3, 4] as [Grade, Grade, Grade, Grade];

/** An answer of this kind and rating at `hour` o'clock (local) of study day `day`, taking one second. */
function answer(kind: Kind, rating: Grade, day: number, hour = 9): ReviewEntry {
  const state = { new: State.New, learning: State.Learning, young: State.Review, mature: State.Review, relearning: State.Relearning }[kind];
  const scheduledDays = kind === 'mature' ? 30 : kind === 'young' ? 5 : 0;
  return {
    t: dayStartMs(day, 0) + hour * HOUR + 60_000,
    rating,
    ms: 1000,
    elapsed: scheduledDays,
    prev: { state, due: 0, lastReview: null, stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays, learningSteps: 0 },
  };
}

function summary(deckId: string, day: number, entries: [Kind, Grade, number?][]): DaySummary {
  return entries.reduce((d, [kind, rating, hour]) => applyToDay(d, answer(kind, rating, day, hour), 1), emptyDay(deckId, day));
}

// Deck A and deck B. Today: 8 answers; yesterday 3; three days ago 1; ten days ago 2; 300 days ago 2; four days in a
// row 200 days ago (1 each); 500 days ago 1.
const DAYS: DaySummary[] = [
  summary('A', TODAY, [
    ['new', Good, 9], ['young', Good, 9], ['young', Good, 9], ['young', Again, 21], ['mature', Hard, 21],
    ['mature', Again, 21], ['relearning', Good, 22],
  ]),
  summary('B', TODAY, [['mature', Easy, 9]]),
  summary('A', TODAY - 1, [['young', Good], ['young', Good], ['young', Good]]),
  summary('A', TODAY - 3, [['mature', Good]]),
  summary('B', TODAY - 10, [['young', Again], ['young', Good]]),
  summary('A', TODAY - 300, [['mature', Good], ['mature', Good]]),
  ...[200, 199, 198, 197].map((ago) => summary('A', TODAY - ago, [['learning', Good]])),
  summary('A', TODAY - 500, [['mature', Again]]),
];
const byDay = perDay(DAYS);

describe('statistics from day summaries', () => {
  it('adds decks up per day', () => {
    expect(byDay.get(TODAY)?.reviews).toBe(8);
    expect(byDay.size).toBe(10);
  });

  it('today: answers, time, Again, new cards, and the true retention of review cards', () => {
    const t = todayStats(byDay, TODAY);
    expect(t).toEqual({ studied: 8, timeMs: 8000, again: 2, newSeen: 1, reviews: { passed: 4, failed: 2 } });
    expect(retentionOf(t.reviews)).toBeCloseTo(4 / 6);
    expect(todayStats(byDay, TODAY + 1)).toEqual({ studied: 0, timeMs: 0, again: 0, newSeen: 0, reviews: { passed: 0, failed: 0 } });
    expect(retentionOf(todayStats(byDay, TODAY + 1).reviews)).toBeNull();
  });

  it('streaks: today and yesterday (the day before was missed), and the four days in a row long ago', () => {
    expect(streaks(byDay, TODAY)).toEqual({ current: 2, longest: 4 });
    // Nothing yet today: yesterday's streak still counts until the day is over; a missed day ends it.
    expect(streaks(byDay, TODAY + 1)).toEqual({ current: 2, longest: 4 });
    expect(streaks(byDay, TODAY + 2)).toEqual({ current: 0, longest: 4 });
    expect(streaks(new Map(), TODAY)).toEqual({ current: 0, longest: 0 });
  });

  it('the heatmap of the last year: a cell a day, levels by quarters of the busiest day', () => {
    const h = heatmap(byDay, TODAY);
    expect(h.cells).toHaveLength(365);
    expect(h.cells[0]!.day).toBe(TODAY - 364);
    expect(h.cells.at(-1)).toEqual({ day: TODAY, reviews: 8, level: 4 });
    // Days with answers in the year: 1, 1, 1, 1, 1, 2, 2, 3, 8 (the day 500 days ago is outside). The busiest has
    // 8: up to 2 answers is level 1, 3-4 level 2, 5-6 level 3, 7-8 level 4.
    expect(h.activeDays).toBe(9);
    expect(h.total).toBe(20);
    expect(h.max).toBe(8);
    const level = (ago: number) => h.cells.find((c) => c.day === TODAY - ago)!.level;
    expect([level(1), level(3), level(10), level(300), level(200), level(2)]).toEqual([2, 1, 1, 1, 1, 0]);
    // A single day of study is the busiest: the darkest cell.
    expect(heatmap(perDay([summary('A', TODAY, [['new', Good]])]), TODAY).cells.at(-1)!.level).toBe(4);
  });

  it('reviews per day by kind, with time, zeros on days without answers', () => {
    expect(reviewsByDay(byDay, TODAY - 3, TODAY)).toEqual([
      { day: TODAY - 3, counts: [0, 0, 1, 0], timeMs: [0, 0, 1000, 0] },
      { day: TODAY - 2, counts: [0, 0, 0, 0], timeMs: [0, 0, 0, 0] },
      { day: TODAY - 1, counts: [0, 3, 0, 0], timeMs: [0, 3000, 0, 0] },
      { day: TODAY, counts: [1, 3, 3, 1], timeMs: [1000, 3000, 3000, 1000] },
    ]);
  });

  it("true retention over Anki's periods, young and mature", () => {
    const rows = Object.fromEntries(trueRetention(byDay, TODAY).map((r) => [r.period, [r.young, r.mature, r.total]]));
    const pf = (passed: number, failed: number) => ({ passed, failed });
    expect(rows).toEqual({
      Today: [pf(2, 1), pf(2, 1), pf(4, 2)],
      Yesterday: [pf(3, 0), pf(0, 0), pf(3, 0)],
      'Last week': [pf(5, 1), pf(3, 1), pf(8, 2)],
      'Last month': [pf(6, 2), pf(3, 1), pf(9, 3)],
      'Last year': [pf(6, 2), pf(5, 1), pf(11, 3)],
      'All time': [pf(6, 2), pf(5, 2), pf(11, 4)],
    });
  });

  it('answer buttons by kind (relearning counted with learning), over a period', () => {
    expect(answerButtons(byDay, -Infinity, TODAY)).toEqual([
      { kind: 'Learning', counts: [0, 0, 6, 0], passed: 6, total: 6 },
      { kind: 'Young', counts: [2, 0, 6, 0], passed: 6, total: 8 },
      { kind: 'Mature', counts: [2, 1, 3, 1], passed: 5, total: 7 },
    ]);
    expect(answerButtons(byDay, TODAY, TODAY).map((r) => r.total)).toEqual([2, 3, 3]);
  });

  it('answers and passes by the clock hour they were given in', () => {
    const today = hourly(byDay, TODAY, TODAY).filter((r) => r.reviews > 0);
    expect(today).toEqual([
      { hour: 9, reviews: 4, passed: 4 },
      { hour: 21, reviews: 3, passed: 1 },
      { hour: 22, reviews: 1, passed: 1 },
    ]);
    expect(hourly(byDay, -Infinity, TODAY).reduce((n, r) => n + r.reviews, 0)).toBe(21);
  });
});
