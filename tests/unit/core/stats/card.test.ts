import { describe, expect, it } from 'vitest';
import { appendEntry, emptyHistory } from '../../../../src/core/history';
import { Queue, type CardRecord } from '../../../../src/core/model';
import { newSchedState, Rating, Scheduler, State, type Grade } from '../../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../../src/core/settings';
import { cardDetail } from '../../../../src/core/stats/card';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const scheduler = new Scheduler(DEFAULT_SETTINGS);

function studied(ratings: [Grade, number][]): CardRecord {
  let card: CardRecord = {
    id: 'n:0', noteId: 'n', deckId: 'd', ord: 0, position: 0, queue: Queue.New, due: 0, sched: newSchedState(T0), history: emptyHistory(),
  };
  for (const [rating, at] of ratings) {
    const o = scheduler.answer(card.id, card.sched, rating, at, 4000);
    card = { ...card, sched: o.next, history: appendEntry(card.history, o.entry) };
  }
  return card;
}

describe('card detail', () => {
  it('a new card: no reviews, no memory state', () => {
    expect(cardDetail(studied([]), scheduler, T0)).toEqual({
      reviews: [], answers: 0, lapses: 0, state: State.New, due: null, stability: null, difficulty: null, retrievability: null,
    });
  });

  it('each review with the interval it gave, and the memory state now', () => {
    // Good (a 10-minute step), Good ten minutes later (graduates: 2 days, see the scheduler's golden values), then
    // Again when due (a lapse: the 10-minute relearning step).
    const card = studied([[Rating.Good, T0], [Rating.Good, T0 + 10 * MIN], [Rating.Again, T0 + 10 * MIN + 2 * DAY]]);
    const d = cardDetail(card, scheduler, card.sched.due);
    expect(d.reviews).toEqual([
      { t: T0, rating: Rating.Good, interval: '10m', ms: 4000 },
      { t: T0 + 10 * MIN, rating: Rating.Good, interval: '2d', ms: 4000 },
      { t: T0 + 10 * MIN + 2 * DAY, rating: Rating.Again, interval: '10m', ms: 4000 },
    ]);
    expect(d).toMatchObject({ answers: 3, lapses: 1, state: State.Relearning, due: card.sched.due, stability: card.sched.stability, difficulty: card.sched.difficulty });
    // FSRS counts whole days: ten minutes after the lapse nothing has been forgotten yet; then recall fades.
    expect(d.retrievability).toBe(1);
    const later = (days: number) => cardDetail(card, scheduler, card.sched.due + days * DAY).retrievability!;
    expect(later(3)).toBeLessThan(1);
    expect(later(30)).toBeLessThan(later(3));
    expect(later(365)).toBeLessThan(0.5);
  });
});
