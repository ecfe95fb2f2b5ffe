// Day summaries packed into blocks of days: what goes in comes back out, block edges included, and decks add up.
import { describe, expect, it } from 'vitest';
import { BLOCK_DAYS, blockOfDay, blocksOf, daySummaryOf, emptyDayBlock, emptyHourBlock, setDaySummary, summariesOf, sumBlocks } from '../../../src/core/day-blocks';
import { addDays, applyToDay, emptyDay, type DaySummary } from '../../../src/core/model';
import { State, type Grade, type ReviewEntry } from '../../../src/core/scheduler';

const answer = (state: State, rating: Grade, t: number, ms: number, scheduledDays = 0): ReviewEntry => ({
  t, rating, ms, elapsed: scheduledDays,
  prev: { state, due: 0, lastReview: null, stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays, learningSteps: 0 },
});
const at = (hour: number) => new Date(2026, 0, 5, hour, 30).getTime();

function day(deckId: string, n: number, entries: ReviewEntry[]): DaySummary {
  return entries.reduce((d, e) => applyToDay(d, e, 1), emptyDay(deckId, n));
}

// The last day of one block, the first of the next, and a day before 1970 (negative day numbers).
const LAST = 640 * BLOCK_DAYS - 1;
const SUMMARIES = [
  day('A', LAST, [answer(State.New, 3, at(9), 4000), answer(State.Learning, 1, at(9), 2500)]),
  day('A', LAST + 1, [answer(State.Review, 4, at(22), 12_345, 30), answer(State.Relearning, 2, at(23), 1000)]),
  day('B', LAST, [answer(State.Review, 1, at(7), 9000, 5)]),
  day('A', -3, [answer(State.Review, 3, at(12), 800, 2)]),
];

describe('day blocks', () => {
  it('puts each day in the block that covers it', () => {
    expect(blockOfDay(LAST)).toBe(639);
    expect(blockOfDay(LAST + 1)).toBe(640);
    expect(blockOfDay(-3)).toBe(-1);
    const { days, hours } = blocksOf(SUMMARIES);
    expect(days.map((b) => [b.deckId, b.block]).sort()).toEqual([['A', -1], ['A', 639], ['A', 640], ['B', 639]].sort());
    expect(hours).toHaveLength(4);
  });

  it('gives back every summary as it went in: answers by kind and button, new cards, review cards, times, hours', () => {
    const { days, hours } = blocksOf(SUMMARIES);
    const back = summariesOf(days, hours);
    const key = (d: DaySummary) => `${d.deckId}/${d.day}`;
    expect(new Map(back.map((d) => [key(d), d]))).toEqual(new Map(SUMMARIES.map((d) => [key(d), d])));
    const first = back.find((d) => d.deckId === 'A' && d.day === LAST + 1)!;
    expect(first).toMatchObject({ reviews: 2, reviewCards: 1, newSeen: 0, timeMs: 13_345 });
    expect(first.hours[22]).toBe(1);
    expect(first.hourPasses[23]).toBe(1);
  });

  it('reads a day with nothing stored as empty, and leaves out the hours when their block was not read', () => {
    const { days } = blocksOf(SUMMARIES);
    const a = days.find((b) => b.deckId === 'A' && b.block === 639)!;
    expect(daySummaryOf(a, undefined, 'A', LAST - 1)).toEqual(emptyDay('A', LAST - 1));
    expect(daySummaryOf(undefined, undefined, 'C', LAST)).toEqual(emptyDay('C', LAST));
    const noHours = daySummaryOf(a, undefined, 'A', LAST);
    expect(noHours.reviews).toBe(2);
    expect(noHours.hours.every((n) => n === 0)).toBe(true);
  });

  it('never stores a count below zero (an undo of a review that was never counted stays at zero)', () => {
    const d = emptyDayBlock('A', 0);
    const h = emptyHourBlock('A', 0);
    setDaySummary(d, h, applyToDay(emptyDay('A', 3), answer(State.Review, 3, at(9), 5000, 4), -1));
    expect(daySummaryOf(d, h, 'A', 3)).toEqual(emptyDay('A', 3));
  });

  it('refuses to write a day into a block that does not cover it', () => {
    expect(() => setDaySummary(emptyDayBlock('A', 0), emptyHourBlock('A', 0), emptyDay('A', BLOCK_DAYS))).toThrow(/not in block 0/);
  });

  it('adds several decks up per day straight from the blocks', () => {
    const { days, hours } = blocksOf(SUMMARIES);
    const summed = sumBlocks(days, hours);
    expect([...summed.keys()].sort((a, b) => a - b)).toEqual([-3, LAST, LAST + 1]);
    const expected = addDays(SUMMARIES[0]!, SUMMARIES[2]!);
    expect(summed.get(LAST)).toEqual({ ...expected, deckId: '' });
    // Without the hour blocks the counts are there, the hours are not.
    expect(sumBlocks(days).get(LAST)).toEqual({ ...expected, deckId: '', hours: new Array(24).fill(0), hourPasses: new Array(24).fill(0) });
  });
});
