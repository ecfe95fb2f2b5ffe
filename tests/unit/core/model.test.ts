import { describe, expect, it } from 'vitest';
import {
  applyToDay, emptyDay, kindsOf, MATURE_DAYS, noteIdOfCard, placeCard, Queue, queueForState, ratingsOf, reviewKind,
  type DaySummary,
} from '../../../src/core/model';
import { newSchedState, State, type Grade, type ReviewEntry, type SchedState } from '../../../src/core/scheduler';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const DAY = 86_400_000;

function entry(state: State, scheduledDays: number, rating: Grade, ms = 5000): ReviewEntry {
  return {
    t: T0,
    rating,
    ms,
    elapsed: scheduledDays,
    prev: {
      state, due: T0, lastReview: state === State.New ? null : T0 - scheduledDays * DAY, stability: 5, difficulty: 5,
      elapsedDays: 0, scheduledDays, learningSteps: 0,
    },
  };
}

/** The local clock hour of T0 (the hour counts are by local time). */
const H = new Date(T0).getHours();

/** A count array of `length` with the given cells set. */
function cells(length: number, set: Record<number, number>): number[] {
  return Array.from({ length }, (_, i) => set[i] ?? 0);
}

function sched(state: State, due: number): SchedState {
  return { ...newSchedState(T0), state, due };
}

describe('reviewKind', () => {
  it('is learning for new and learning cards', () => {
    expect(reviewKind(entry(State.New, 0, 3))).toBe(0);
    expect(reviewKind(entry(State.Learning, 0, 3))).toBe(0);
  });

  it('is young below 21 days and mature from 21 days', () => {
    expect(MATURE_DAYS).toBe(21);
    expect(reviewKind(entry(State.Review, 1, 3))).toBe(1);
    expect(reviewKind(entry(State.Review, 20, 3))).toBe(1);
    expect(reviewKind(entry(State.Review, 21, 3))).toBe(2);
    expect(reviewKind(entry(State.Review, 400, 1))).toBe(2);
  });

  it('is relearning for relearning cards', () => {
    expect(reviewKind(entry(State.Relearning, 0, 3))).toBe(3);
  });
});

describe('applyToDay', () => {
  it('counts the first answer to a new card as new, by rating and kind, with its time', () => {
    const day = applyToDay(emptyDay('d1', 20463), entry(State.New, 0, 3, 4200), 1);
    expect(day).toEqual({
      deckId: 'd1', day: 20463, reviews: 1, newSeen: 1, reviewCards: 0, timeMs: 4200,
      answers: cells(16, { 2: 1 }), // learning (kind 0), Good
      kindMs: [4200, 0, 0, 0],
      hours: cells(24, { [H]: 1 }),
      hourPasses: cells(24, { [H]: 1 }),
    });
    expect(ratingsOf(day)).toEqual([0, 0, 1, 0]);
    expect(kindsOf(day)).toEqual([1, 0, 0, 0]);
  });

  it('counts an answer to a review card against the review limit', () => {
    const day = applyToDay(emptyDay('d1', 20463), entry(State.Review, 30, 1, 8000), 1);
    expect(day).toEqual({
      deckId: 'd1', day: 20463, reviews: 1, newSeen: 0, reviewCards: 1, timeMs: 8000,
      answers: cells(16, { 8: 1 }), // mature review (kind 2), Again
      kindMs: [0, 0, 8000, 0],
      hours: cells(24, { [H]: 1 }),
      hourPasses: cells(24, {}), // Again is not a pass
    });
    expect(ratingsOf(day)).toEqual([1, 0, 0, 0]);
    expect(kindsOf(day)).toEqual([0, 0, 1, 0]);
  });

  it('does not count learning or relearning answers as new or review cards', () => {
    let day = applyToDay(emptyDay('d1', 20463), entry(State.Learning, 0, 2, 1000), 1);
    day = applyToDay(day, entry(State.Relearning, 0, 4, 2000), 1);
    expect(day).toEqual({
      deckId: 'd1', day: 20463, reviews: 2, newSeen: 0, reviewCards: 0, timeMs: 3000,
      answers: cells(16, { 1: 1, 15: 1 }), // learning Hard, relearning (kind 3) Easy
      kindMs: [1000, 0, 0, 2000],
      hours: cells(24, { [H]: 2 }),
      hourPasses: cells(24, { [H]: 2 }),
    });
    expect(ratingsOf(day)).toEqual([0, 1, 0, 1]);
    expect(kindsOf(day)).toEqual([1, 0, 0, 1]);
  });

  it('adds then removes exactly: sign 1 then -1 returns the original, for every kind and rating', () => {
    const start: DaySummary = {
      deckId: 'd1', day: 20463, reviews: 7, newSeen: 2, reviewCards: 3, timeMs: 61_000,
      answers: cells(16, { 0: 1, 2: 1, 5: 2, 10: 2, 15: 1 }), kindMs: [9000, 20_000, 12_000, 20_000],
      hours: cells(24, { [H]: 3, 20: 4 }), hourPasses: cells(24, { [H]: 2, 20: 3 }),
    };
    Object.freeze(start);
    for (const counts of [start.answers, start.kindMs, start.hours, start.hourPasses]) Object.freeze(counts);
    for (const [state, days] of [[State.New, 0], [State.Learning, 0], [State.Review, 3], [State.Review, 50], [State.Relearning, 0]] as const) {
      for (const rating of [1, 2, 3, 4] as const) {
        const e = entry(state, days, rating, 3333);
        const added = applyToDay(start, e, 1);
        expect(added).not.toEqual(start);
        expect(added.reviews).toBe(8);
        expect(applyToDay(added, e, -1)).toEqual(start);
      }
    }
  });
});

describe('queueForState and placeCard', () => {
  it('maps each scheduling state to its queue', () => {
    expect(queueForState(sched(State.New, 0))).toBe(Queue.New);
    expect(queueForState(sched(State.Learning, T0))).toBe(Queue.Learning);
    expect(queueForState(sched(State.Relearning, T0))).toBe(Queue.Learning);
    expect(queueForState(sched(State.Review, T0))).toBe(Queue.Review);
  });

  it('keeps the stored queue numbers (they are part of an index)', () => {
    expect(Queue).toEqual({ New: 0, Learning: 1, Review: 2, Suspended: -1, Buried: -2, Retired: -3 });
  });

  it('gives a new card its deck position as due, others their due time', () => {
    expect(placeCard(17, newSchedState(T0))).toEqual({ queue: Queue.New, due: 17 });
    expect(placeCard(17, sched(State.Learning, T0 + 600_000))).toEqual({ queue: Queue.Learning, due: T0 + 600_000 });
    expect(placeCard(17, sched(State.Relearning, T0 + 600_000))).toEqual({ queue: Queue.Learning, due: T0 + 600_000 });
    expect(placeCard(17, sched(State.Review, T0 + 3 * DAY))).toEqual({ queue: Queue.Review, due: T0 + 3 * DAY });
  });
});

describe('noteIdOfCard', () => {
  it('splits at the last colon', () => {
    expect(noteIdOfCard('n1:0')).toBe('n1');
    expect(noteIdOfCard('geo-capitals:12')).toBe('geo-capitals');
    expect(noteIdOfCard('a:b:3')).toBe('a:b');
  });

  it('returns an id without a colon unchanged', () => {
    expect(noteIdOfCard('plain')).toBe('plain');
  });
});
