import { describe, expect, it } from 'vitest';
import { historyLength, entryAt } from '../../../../src/core/history';
import type { ImportedReview } from '../../../../src/core/import/bundle';
import { replayReviews } from '../../../../src/core/import/replay-reviews';
import { placeCard, type CardRecord } from '../../../../src/core/model';
import { replayCard } from '../../../../src/core/replay';
import { Rating, Scheduler, State } from '../../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../../src/core/settings';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 10, 9, 0);
const scheduler = new Scheduler(DEFAULT_SETTINGS);
const review = (t: number, rating: ImportedReview['rating'], kind: ImportedReview['kind'] = 'review'): ImportedReview => ({ t, rating, ms: 5000, kind });

describe('replayReviews: an imported history through FSRS', () => {
  it('leaves a card without answers new', () => {
    const r = replayReviews('n:0', [], scheduler, T0);
    expect(r.sched.state).toBe(State.New);
    expect(historyLength(r.history)).toBe(0);
  });

  it('gives a long-studied card its memory state and a due date after its last review', () => {
    const reviews = [
      review(T0, 3, 'learn'),
      review(T0 + 10 * 60_000, 3, 'learn'),
      review(T0 + 3 * DAY, 3),
      review(T0 + 12 * DAY, 3),
      review(T0 + 40 * DAY, 3),
      review(T0 + 120 * DAY, 3),
    ];
    const r = replayReviews('n:0', reviews, scheduler, T0 + 200 * DAY);
    expect(r.sched.state).toBe(State.Review);
    expect(r.sched.reps).toBe(6);
    expect(r.sched.lastReview).toBe(T0 + 120 * DAY);
    expect(r.sched.stability).toBeGreaterThan(60);
    expect(r.sched.due).toBeGreaterThan(T0 + 180 * DAY);
    expect(historyLength(r.history)).toBe(6);
    expect(entryAt(r.history, 5)).toMatchObject({ t: T0 + 120 * DAY, rating: Rating.Good, ms: 5000 });
  });

  it('stores a state that is exactly the replay of its history (the invariant of real data)', () => {
    const reviews = [review(T0, 1, 'learn'), review(T0 + 60_000, 3, 'learn'), review(T0 + 11 * 60_000, 3, 'learn'), review(T0 + 2 * DAY, 1), review(T0 + 2 * DAY + 600_000, 3, 'relearn'), review(T0 + 5 * DAY, 4)];
    const r = replayReviews('n:0', reviews, scheduler, T0 + 10 * DAY);
    const card: CardRecord = { id: 'n:0', noteId: 'n', deckId: 'd', ord: 0, position: 0, ...placeCard(0, r.sched), sched: r.sched, history: r.history };
    expect(replayCard(card, scheduler)).toBeNull();
    expect(r.sched.lapses).toBe(1);
  });

  it('skips entries that are not answers and answers at the same moment, in any input order', () => {
    const reviews = [review(T0 + 3 * DAY, 3), review(T0, 3, 'learn'), review(T0 + 2 * DAY, 0, 'manual'), review(T0, 3, 'learn'), review(T0 + 3 * DAY, 3, 'filtered')];
    const r = replayReviews('n:0', reviews, scheduler, T0 + 10 * DAY);
    expect(historyLength(r.history)).toBe(2);
    expect(r.ignored).toBe(3);
    expect([entryAt(r.history, 0).t, entryAt(r.history, 1).t]).toEqual([T0, T0 + 3 * DAY]);
  });

  it('is the same every time for the same history (fuzz is seeded by the card)', () => {
    const reviews = [review(T0, 3, 'learn'), review(T0 + 600_000, 3, 'learn'), review(T0 + 4 * DAY, 3)];
    expect(replayReviews('n:0', reviews, scheduler, T0).sched).toEqual(replayReviews('n:0', reviews, scheduler, T0).sched);
  });
});
