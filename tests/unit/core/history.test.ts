import { describe, expect, it } from 'vitest';
import {
  appendEntry,
  dropLast,
  emptyHistory,
  entryAt,
  historyColumn,
  historyLength,
  lastEntry,
  packColumns,
  type History,
} from '../../../src/core/history';
import { State, type ReviewEntry } from '../../../src/core/scheduler';

const T0 = Date.UTC(2026, 0, 5, 9, 0);

// The first review of a new card (no previous review), then a review of a card in the review state.
const first: ReviewEntry = {
  t: T0,
  rating: 3,
  ms: 4200,
  elapsed: 0,
  prev: { state: State.New, due: T0, lastReview: null, stability: 0, difficulty: 0, elapsedDays: 0, scheduledDays: 0, learningSteps: 0 },
};
const second: ReviewEntry = {
  t: T0 + 12 * 86_400_000,
  rating: 1,
  ms: 9100,
  elapsed: 12,
  prev: {
    state: State.Review, due: T0 + 12 * 86_400_000, lastReview: T0 + 600_000, stability: 10.97104786,
    difficulty: 2.11810397, elapsedDays: 0, scheduledDays: 12, learningSteps: 0,
  },
};



describe('history round-trip', () => {
  it('starts empty', () => {
    const h = emptyHistory();
    expect(historyLength(h)).toBe(0);
    expect(lastEntry(h)).toBeNull();
  });

  it('gives back each appended entry exactly, null lastReview included', () => {
    const h = appendEntry(appendEntry(emptyHistory(), first), second);
    expect(historyLength(h)).toBe(2);
    expect(entryAt(h, 0)).toEqual(first);
    expect(entryAt(h, 1)).toEqual(second);
    expect(entryAt(h, 0).prev.lastReview).toBeNull();
    expect(lastEntry(h)).toEqual(second);
  });

  it('stores one row of numbers per review, readable by column', () => {
    const h = appendEntry(appendEntry(emptyHistory(), first), second);
    expect(h).toBeInstanceOf(Float64Array);
    expect(h.length).toBe(2 * 12);
    expect(historyColumn(h, 't')).toEqual([T0, T0 + 12 * 86_400_000]);
    expect(historyColumn(h, 'rating')).toEqual([3, 1]);
    expect(historyColumn(h, 'lastReview')).toEqual([null, T0 + 600_000]);
  });

  it('reads a version-1 history (one array per field) into the packed form', () => {
    const columns = {
      t: [first.t, second.t], rating: [3, 1], ms: [4200, 9100], elapsed: [0, 12], state: [State.New, State.Review],
      due: [first.prev.due, second.prev.due], lastReview: [null, T0 + 600_000], stability: [0, 10.97104786],
      difficulty: [0, 2.11810397], elapsedDays: [0, 0], scheduledDays: [0, 12], learningSteps: [0, 0],
    };
    const packed = packColumns(columns);
    expect(entryAt(packed, 0)).toEqual(first);
    expect(entryAt(packed, 1)).toEqual(second);
  });

  it('dropLast undoes appendEntry', () => {
    const one = appendEntry(emptyHistory(), first);
    const two = appendEntry(one, second);
    expect(dropLast(two)).toEqual(one);
    expect(lastEntry(dropLast(two))).toEqual(first);
    expect(dropLast(one)).toEqual(emptyHistory());
  });
});

describe('immutability', () => {
  it('appendEntry does not change the history it is given', () => {
    const one = appendEntry(emptyHistory(), first);
    const copy: History = one.slice();
    const two = appendEntry(one, second);
    expect(one).toEqual(copy);
    expect(historyLength(one)).toBe(1);
    expect(historyLength(two)).toBe(2);
  });

  it('dropLast does not change the history it is given', () => {
    const two = appendEntry(appendEntry(emptyHistory(), first), second);
    const copy: History = two.slice();
    const shorter = dropLast(two);
    expect(two).toEqual(copy);
    expect(historyLength(two)).toBe(2);
    expect(historyLength(shorter)).toBe(1);
  });

  it('the new history shares no arrays with the old one', () => {
    const one = appendEntry(emptyHistory(), first);
    const two = appendEntry(one, second);
    two[0] = 0;
    expect(one[0]).toBe(T0);
  });
});

describe('entryAt out of range', () => {
  it('throws a RangeError naming the index and the length', () => {
    const h = appendEntry(emptyHistory(), first);
    expect(() => entryAt(h, 1)).toThrow(RangeError);
    expect(() => entryAt(h, 1)).toThrow('no review 1 in a history of 1');
    expect(() => entryAt(h, -1)).toThrow('no review -1 in a history of 1');
    expect(() => entryAt(emptyHistory(), 0)).toThrow('no review 0 in a history of 0');
  });
});
