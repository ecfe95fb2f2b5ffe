// Training items for the FSRS optimizer, against histories worked out by hand: which answers count (the last
// learning block on, no manual rows), the day gaps (study days, which start at the day-start hour), same-day answers
// kept inside items but never their targets, and the order of the items.
// Times are local (new Date(y, m, d, h)), so the expectations hold in any time zone; package.json runs this file
// again under Europe/Berlin, where 29 March 2026 has 23 hours.
import { describe, expect, it } from 'vitest';
import { buildTrainingSet, itemCount, trainingItem, trainingRows, trainingSetProblem, type TrainingSet } from '../../../src/core/fsrs-items';
import { historyOf, Manual, type History } from '../../../src/core/history';
import { State } from '../../../src/core/scheduler';
import type { EntryRating, ReviewEntry } from '../../../src/core/scheduler';

/** 10 March 2026 at `hour` local time, plus `days` calendar days. */
const at = (days: number, hour = 12, minute = 0) => new Date(2026, 2, 10 + days, hour, minute).getTime();

/** One history row: its time, rating and the card's state before it (the rest does not matter to training). */
function row(t: number, rating: EntryRating, before: State): ReviewEntry {
  return {
    t, rating, ms: 3000, elapsed: 0,
    prev: { state: before, due: t, lastReview: null, stability: 0, difficulty: 0, elapsedDays: 0, scheduledDays: 0, learningSteps: 0 },
  };
}
const L = (t: number, rating: EntryRating = 3) => row(t, rating, State.Learning);
const N = (t: number, rating: EntryRating = 3) => row(t, rating, State.New);
const R = (t: number, rating: EntryRating = 3) => row(t, rating, State.Review);
const RL = (t: number, rating: EntryRating = 3) => row(t, rating, State.Relearning);

const items = (set: TrainingSet) => Array.from({ length: itemCount(set) }, (_, i) => trainingItem(set, i).map((r) => [r.rating, r.deltaT]));
const build = (histories: History[], dayStartHour = 4) => buildTrainingSet(histories, dayStartHour);

describe('training items', () => {
  it('one item per later-day answer, each holding the answers before it', () => {
    // New Good, learning Good 10 minutes later, review Good 2 days on, Again 5 days after that, relearning Good.
    const h = historyOf([N(at(0)), L(at(0, 12, 10)), R(at(2)), R(at(7), 1), RL(at(7, 12, 10)), R(at(9))]);
    expect(items(build([h]))).toEqual([
      [[3, 0], [3, 0], [3, 2]],
      [[3, 0], [3, 0], [3, 2], [1, 5]],
      // the same-day relearning answer is inside the next item, never a target of its own
      [[3, 0], [3, 0], [3, 2], [1, 5], [3, 0], [3, 2]],
    ]);
    expect(build([h]).reviews).toBe(6);
  });

  it('days start at the day-start hour: 23:00 and 02:00 are the same study day, 03:00 and 05:00 are not', () => {
    const sameDay = historyOf([N(at(0, 23)), R(at(1, 2)), R(at(3, 23))]);
    expect(items(build([sameDay], 4))).toEqual([[[3, 0], [3, 0], [3, 3]]]);
    const acrossStart = historyOf([N(at(0, 3)), R(at(0, 5))]);
    expect(items(build([acrossStart], 4))).toEqual([[[3, 0], [3, 1]]]);
    // with the day starting at midnight, the first pair is a day apart and the second is not
    expect(items(build([sameDay], 0))).toEqual([[[3, 0], [3, 1]], [[3, 0], [3, 1], [3, 2]]]);
    expect(items(build([acrossStart], 0))).toEqual([]);
  });

  it('counts calendar days across a daylight-saving change', () => {
    // In Berlin, 29 March 2026 is 23 hours long: 28 March 12:00 to 30 March 11:30 is less than 48 hours, yet 2 days.
    const h = historyOf([N(new Date(2026, 2, 28, 12).getTime()), R(new Date(2026, 2, 30, 11, 30).getTime())]);
    expect(items(build([h]))).toEqual([[[3, 0], [3, 2]]]);
  });

  it('manual rows are dropped: a set due date between answers changes nothing but the gap', () => {
    const h = historyOf([N(at(0)), R(at(1)), row(at(2), Manual.SetDue, State.Review), R(at(6))]);
    expect(items(build([h]))).toEqual([[[3, 0], [3, 1]], [[3, 0], [3, 1], [3, 5]]]);
  });

  it('a reset to new starts the card over: only the answers after it count', () => {
    const h = historyOf([N(at(0)), R(at(3)), R(at(10)), row(at(12), Manual.Reset, State.Review), N(at(14)), L(at(14, 12, 5)), R(at(18))]);
    expect(trainingRows(h)).toEqual([4, 5, 6]);
    expect(items(build([h]))).toEqual([[[3, 0], [3, 0], [3, 4]]]);
    for (const kind of [Manual.Reset, Manual.ResetCounts]) {
      // reset and not studied since, or reviewed since without a learning step: nothing to learn from
      expect(build([historyOf([N(at(0)), R(at(3)), row(at(5), kind, State.Review)])]).cards).toBe(0);
      expect(build([historyOf([N(at(0)), R(at(3)), row(at(5), kind, State.Review), R(at(8)), R(at(12))])]).cards).toBe(0);
    }
  });

  it('only the last learning block counts; a card with none gives nothing', () => {
    // learning, review, then learning again (an imported card whose start was relearned as new): the last block on
    const h = historyOf([N(at(0)), R(at(2)), L(at(5)), L(at(6)), R(at(9))]);
    expect(trainingRows(h)).toEqual([2, 3, 4]);
    expect(items(build([h]))).toEqual([[[3, 0], [3, 1]], [[3, 0], [3, 1], [3, 3]]]);
    expect(build([historyOf([R(at(0)), R(at(4)), R(at(9))])]).cards).toBe(0);
  });

  it('a card answered on one day only, or once, gives no items and no counted reviews', () => {
    const set = build([historyOf([N(at(0))]), historyOf([N(at(0)), L(at(0, 12, 1)), L(at(0, 12, 11))])]);
    expect(itemCount(set)).toBe(0);
    expect(set).toMatchObject({ reviews: 0, cards: 0 });
    expect(set.ratings.length).toBe(0);
  });

  it('items of many cards are ordered by the time of their last answer', () => {
    const a = historyOf([N(at(0)), R(at(1), 4), R(at(20))]);
    const b = historyOf([N(at(3)), R(at(5), 2)]);
    const set = build([a, b]);
    expect(items(set)).toEqual([[[3, 0], [4, 1]], [[3, 0], [2, 2]], [[3, 0], [4, 1], [3, 19]]]);
    expect(set).toMatchObject({ reviews: 5, cards: 2 });
    expect(trainingSetProblem(set)).toBeNull();
  });

  it('a training set that came over IPC is checked before native code reads it', () => {
    const good = build([historyOf([N(at(0)), R(at(1)), R(at(4))])]);
    expect(trainingSetProblem(good)).toBeNull();
    expect(trainingSetProblem(null)).toMatch(/not an object/);
    expect(trainingSetProblem({ ...good, ratings: [3, 3, 3] })).toMatch(/typed arrays/);
    expect(trainingSetProblem({ ...good, ends: Uint32Array.of(2, 9) })).toBe('item 1 runs from 0 to 9 of 3 answers');
    expect(trainingSetProblem({ ...good, ratings: Uint8Array.of(3, 0, 3) })).toMatch(/rating is 0/);
    expect(trainingSetProblem({ ...good, starts: Uint32Array.of(1, 0) })).toMatch(/item 0 does not start a card/);
  });
});
