// The whole Statistics screen built at once from blocks and card summaries: the period, the choice of decks, weekly
// bars over long periods, and the totals, on hand-made data whose right answers are worked out here.
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../../../../src/core/card-columns';
import { dayStartMs } from '../../../../src/core/day';
import { blockOfDay, blocksOf } from '../../../../src/core/day-blocks';
import { digestsOf } from '../../../../src/core/day-digests';
import { emptyHistory } from '../../../../src/core/history';
import { applyToDay, emptyDay, Queue, type CardRecord, type DaySummary } from '../../../../src/core/model';
import { newSchedState, State, type Grade, type ReviewEntry } from '../../../../src/core/scheduler';
import type { ReviewBar } from '../../../../src/core/stats/days';
import { binBars, buildStats, periodStart } from '../../../../src/core/stats/panels';

const TODAY = 20_600;
const START = 4;
const answer = (state: State, rating: Grade, day: number, hour: number, ms = 2000, ivl = 0): ReviewEntry => ({
  t: dayStartMs(day, 0) + hour * 3_600_000, rating, ms, elapsed: ivl,
  prev: { state, due: 0, lastReview: null, stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: ivl, learningSteps: 0 },
});
const day = (deckId: string, d: number, entries: ReviewEntry[]): DaySummary => entries.reduce((s, e) => applyToDay(s, e, 1), emptyDay(deckId, d));

// Deck A: today 3 answers at 9:00 (new Good, young Again, young Good); 40 days ago 2 at 20:00 (mature Good twice).
// Deck B: today 1 at 9:00 (learning Hard); 400 days ago 1 at 7:00 (new Good).
const SUMMARIES = [
  day('A', TODAY, [answer(State.New, 3, TODAY, 9), answer(State.Review, 1, TODAY, 9, 3000, 3), answer(State.Review, 3, TODAY, 9, 1000, 3)]),
  day('A', TODAY - 40, [answer(State.Review, 3, TODAY - 40, 20, 2000, 30), answer(State.Review, 3, TODAY - 40, 20, 2000, 30)]),
  day('B', TODAY, [answer(State.Learning, 2, TODAY, 9)]),
  day('B', TODAY - 400, [answer(State.New, 3, TODAY - 400, 7)]),
];
const blocks = blocksOf(SUMMARIES);
const NOW = dayStartMs(TODAY, START) + 6 * 3_600_000;
const card = (id: string, deckId: string, queue: Queue, due: number): CardRecord => {
  const sched = { ...newSchedState(NOW), state: queue === Queue.New ? State.New : State.Review, due, stability: 10, difficulty: 5, scheduledDays: 10, lastReview: queue === Queue.New ? null : NOW - 86_400_000 };
  return { id, noteId: id, deckId, ord: 0, position: 0, queue, due, sched, history: emptyHistory() };
};
const columns = columnsOf([
  card('a1:0', 'A', Queue.Review, NOW + 2 * 86_400_000),
  card('a2:0', 'A', Queue.New, 0),
  card('b1:0', 'B', Queue.Review, NOW),
]).columns;
const input = { dayBlocks: blocks.days, blocksFrom: -Infinity, digests: [], hourBlocks: blocks.hours, columns };
const options = { today: TODAY, nowMs: NOW, dayStartHour: START, curve: (t: number, s: number) => s / (s + t) };

describe('the statistics panels', () => {
  it('start the period 30 or 365 days back, or at the first day with answers', () => {
    expect(periodStart('month', TODAY, null)).toBe(TODAY - 29);
    expect(periodStart('year', TODAY, TODAY - 400)).toBe(TODAY - 364);
    expect(periodStart('all', TODAY, TODAY - 400)).toBe(TODAY - 400);
    expect(periodStart('all', TODAY, null)).toBe(TODAY);
  });

  it('over the last month, for every deck: today, the bars, the totals, the buttons and hours of those 30 days', () => {
    const p = buildStats(input, { ...options, period: 'month', decks: null });
    expect(p.from).toBe(TODAY - 29);
    expect(p.todayStats.studied).toBe(4);
    expect(p.reviews).toHaveLength(30);
    expect(p.binDays).toBe(1);
    expect(p.reviews.at(-1)).toEqual({ day: TODAY, counts: [2, 2, 0, 0], timeMs: [4000, 4000, 0, 0] });
    expect(p.reviewTotals).toEqual({ days: 30, daysStudied: 1, answers: 4, timeMs: 8000 });
    // Learning row: new Good + learning Hard; young: Again, Good. The mature answers of 40 days ago are outside.
    expect(p.buttons.map((b) => b.counts)).toEqual([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 0, 0]]);
    expect(p.hours[9]).toEqual({ hour: 9, reviews: 4, passed: 3 });
    expect(p.hours[20]!.reviews).toBe(0);
    // The year's table and the streaks still look further back than the month.
    expect(p.retention.find((r) => r.period === 'Last year')!.mature).toEqual({ passed: 2, failed: 0 });
    expect(p.streaks).toEqual({ current: 1, longest: 1 });
    expect(p.forecast.due).toHaveLength(30);
    expect(p.forecast.due.slice(0, 3)).toEqual([1, 0, 1]);
    expect(p.counts).toMatchObject({ new: 1, young: 2, total: 3 });
    expect(p.memory.cards).toBe(2);
  });

  it('for one deck: its blocks and cards only', () => {
    const p = buildStats(input, { ...options, period: 'month', decks: new Set(['B']) });
    expect(p.todayStats.studied).toBe(1);
    expect(p.counts.total).toBe(1);
    expect(p.forecast.due.slice(0, 3)).toEqual([1, 0, 0]);
    expect(p.hours[9]!.reviews).toBe(1);
  });

  it('over all time: from the first day with answers, in weekly bars once the span passes a year; a year forecast', () => {
    const p = buildStats(input, { ...options, period: 'all', decks: null });
    expect(p.from).toBe(TODAY - 400);
    expect(p.binDays).toBe(7);
    expect(p.reviews).toHaveLength(Math.ceil(401 / 7));
    expect(p.reviews.reduce((n, b) => n + b.counts.reduce((a, c) => a + c, 0), 0)).toBe(7);
    expect(p.reviewTotals).toMatchObject({ days: 401, daysStudied: 3, answers: 7 });
    expect(p.hours[20]!.reviews).toBe(2);
    expect(p.hours[7]!.reviews).toBe(1);
    expect(p.forecast.due).toHaveLength(365);
    const year = buildStats(input, { ...options, period: 'year', decks: null });
    expect(year.binDays).toBe(1);
    expect(year.reviews).toHaveLength(365);
  });
});

describe('the panels from a year of day blocks and the digests of the blocks before', () => {
  // Deck C studied on the three days 500 to 498 days ago (mature: Good, Again, Good) and on the four days up to
  // today; deck D 499 days ago (young Good) and 100 days ago. Longest streak: 4 days (C's last four), then 3 (500-498:
  // both decks together); all-time true retention: young 2 of 2, mature 2 of 3 passed.
  const old = [
    day('C', TODAY - 500, [answer(State.Review, 3, TODAY - 500, 10, 1000, 40)]),
    day('C', TODAY - 499, [answer(State.Review, 1, TODAY - 499, 10, 1000, 40)]),
    day('C', TODAY - 498, [answer(State.Review, 3, TODAY - 498, 10, 1000, 40)]),
    day('D', TODAY - 499, [answer(State.Review, 3, TODAY - 499, 11, 1000, 5)]),
    day('D', TODAY - 100, [answer(State.Review, 3, TODAY - 100, 11, 1000, 5)]),
    ...[3, 2, 1, 0].map((ago) => day('C', TODAY - ago, [answer(State.New, 3, TODAY - ago, 12)])),
  ];
  const b = blocksOf(old);
  const full = { dayBlocks: b.days, blocksFrom: -Infinity, digests: [], hourBlocks: b.hours, columns };
  const from = blockOfDay(TODAY - 364);
  const split = { ...full, dayBlocks: b.days.filter((x) => x.block >= from), blocksFrom: from, digests: digestsOf(b.days) };

  it('has nothing older than a year day by day, and the digests hold the older days', () => {
    expect(split.dayBlocks.length).toBeLessThan(full.dayBlocks.length);
    expect(split.dayBlocks.every((x) => x.block * 32 + 31 >= TODAY - 364)).toBe(true);
  });

  it('gives the streaks and the all-time retention worked out by hand, for both decks and for one', () => {
    for (const period of ['month', 'year'] as const) {
      const p = buildStats(split, { ...options, period, decks: null });
      expect(p.streaks).toEqual({ current: 4, longest: 4 });
      const all = p.retention.find((r) => r.period === 'All time')!;
      expect(all.young).toEqual({ passed: 2, failed: 0 });
      expect(all.mature).toEqual({ passed: 2, failed: 1 });
      expect(p.retention.find((r) => r.period === 'Last year')!.young).toEqual({ passed: 1, failed: 0 });
    }
    const d = buildStats(split, { ...options, period: 'month', decks: new Set(['D']) });
    expect(d.streaks).toEqual({ current: 0, longest: 1 });
    expect(d.retention.find((r) => r.period === 'All time')!.young).toEqual({ passed: 2, failed: 0 });
    const c = buildStats(split, { ...options, period: 'year', decks: new Set(['C']) });
    expect(c.streaks).toEqual({ current: 4, longest: 4 });
    expect(c.retention.find((r) => r.period === 'All time')!.mature).toEqual({ passed: 2, failed: 1 });
  });

  it('equals what every block gives, panel for panel', () => {
    for (const period of ['month', 'year'] as const) {
      for (const decks of [null, new Set(['C']), new Set(['D'])]) {
        expect(buildStats(split, { ...options, period, decks })).toEqual(buildStats(full, { ...options, period, decks }));
      }
    }
  });

  it('joins a streak that runs across the boundary of the blocks read', () => {
    const boundary = from * 32; // the first day of the first block read
    const run = [-2, -1, 0, 1].map((k) => day('E', boundary + k, [answer(State.New, 3, boundary + k, 9)]));
    const e = blocksOf(run);
    const whole = { ...full, dayBlocks: e.days, hourBlocks: e.hours };
    const cut = { ...whole, dayBlocks: e.days.filter((x) => x.block >= from), blocksFrom: from, digests: digestsOf(e.days) };
    expect(buildStats(cut, { ...options, period: 'year', decks: null }).streaks).toEqual({ current: 0, longest: 4 });
    expect(buildStats(cut, { ...options, period: 'year', decks: null })).toEqual(buildStats(whole, { ...options, period: 'year', decks: null }));
  });
});

describe('binBars', () => {
  const bar = (day: number, n: number): ReviewBar => ({ day, counts: [n, 0, 0, 1], timeMs: [n * 1000, 0, 0, 0] });
  it('adds days up in bins that end today; the first bin may be short and starts on its first day', () => {
    const bars = Array.from({ length: 10 }, (_, i) => bar(100 + i, i));
    const weeks = binBars(bars, 7);
    expect(weeks.map((w) => w.day)).toEqual([100, 103]);
    expect(weeks[0]).toEqual({ day: 100, counts: [0 + 1 + 2, 0, 0, 3], timeMs: [3000, 0, 0, 0] });
    expect(weeks[1]!.counts).toEqual([3 + 4 + 5 + 6 + 7 + 8 + 9, 0, 0, 7]);
    expect(binBars(bars, 1)).toEqual(bars);
  });
});
