import { describe, expect, it } from 'vitest';
import { appendEntry, emptyHistory, HISTORY_FIELDS } from '../../../src/core/history';
import { kindsOf, Queue, ratingsOf, type CardRecord } from '../../../src/core/model';
import { recountDays, replayCard } from '../../../src/core/replay';
import { newSchedState, Rating, Scheduler, type Grade } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0);
const scheduler = new Scheduler(DEFAULT_SETTINGS);

/** A card studied with the given ratings, each answered when due (or at the given times). */
function studied(id: string, ratings: Grade[], deckId = 'd', times?: number[]): CardRecord {
  let card: CardRecord = {
    id, noteId: id.split(':')[0]!, deckId, ord: 0, position: 0, queue: Queue.New, due: 0,
    sched: newSchedState(T0), history: emptyHistory(),
  };
  ratings.forEach((rating, i) => {
    const at = times?.[i] ?? Math.max(T0, card.sched.due);
    const o = scheduler.answer(card.id, card.sched, rating, at, 5000);
    card = { ...card, sched: o.next, history: appendEntry(card.history, o.entry) };
  });
  return card;
}

describe('replayCard', () => {
  it('accepts a card whose state is the replay of its history, and a new card without one', () => {
    expect(replayCard(studied('a:0', [Rating.Good, Rating.Good, Rating.Again, Rating.Good, Rating.Easy]), scheduler)).toBeNull();
    expect(replayCard(studied('b:0', []), scheduler)).toBeNull();
  });

  it('finds a rating that was changed in the history', () => {
    const card = studied('a:0', [Rating.Good, Rating.Good, Rating.Good, Rating.Good]);
    const history = card.history.slice();
    history[2 * HISTORY_FIELDS.length + HISTORY_FIELDS.indexOf('rating')] = Rating.Again; // the third review
    const tampered = { ...card, history };
    expect(replayCard(tampered, scheduler)).toMatchObject({ cardId: 'a:0', at: 3 });
  });

  it('finds a stored state that is not the replay (e.g. a due date moved by hand)', () => {
    const card = studied('a:0', [Rating.Good, Rating.Good]);
    expect(replayCard({ ...card, sched: { ...card.sched, due: card.sched.due + DAY } }, scheduler)).toMatchObject({ at: 2 });
    expect(replayCard({ ...card, sched: { ...card.sched, lapses: 1 } }, scheduler)).toMatchObject({ at: 2 });
  });

  it('refuses a studied state without reviews', () => {
    const card = studied('a:0', [Rating.Good]);
    expect(replayCard({ ...card, history: emptyHistory() }, scheduler)).toMatchObject({ at: 0 });
  });
});

describe('recountDays', () => {
  it('adds up the histories per deck and study day', () => {
    // Three answers on one card (the first day: new Good, then Good 10 minutes later; two days on: Again), and one
    // on a card of another deck.
    const a = studied('a:0', [Rating.Good, Rating.Good, Rating.Again], 'd1', [T0, T0 + 10 * MIN, T0 + 2 * DAY + 10 * MIN]);
    const b = studied('b:0', [Rating.Easy], 'd2', [T0 + 5 * MIN]);
    const days = recountDays([a, b], 0);
    const day0 = Math.floor(new Date(T0).setHours(12) / DAY); // the local calendar day of T0 (noon avoids edges)
    expect([...days.keys()].sort()).toEqual([`d1/${day0}`, `d1/${day0 + 2}`, `d2/${day0}`].sort());
    const first = days.get(`d1/${day0}`)!;
    expect(first).toMatchObject({ reviews: 2, newSeen: 1, reviewCards: 0, timeMs: 10_000, kindMs: [10_000, 0, 0, 0] });
    expect([ratingsOf(first), kindsOf(first)]).toEqual([[0, 0, 2, 0], [2, 0, 0, 0]]);
    const hour = new Date(T0).getHours(); // every answer here is in the first 10 minutes of that local hour
    const atHour = (n: number) => Array.from({ length: 24 }, (_, h) => (h === hour ? n : 0));
    expect([first.hours, first.hourPasses]).toEqual([atHour(2), atHour(2)]);
    const lapse = days.get(`d1/${day0 + 2}`)!;
    expect(lapse).toMatchObject({ reviews: 1, newSeen: 0, reviewCards: 1, kindMs: [0, 5000, 0, 0] });
    expect([ratingsOf(lapse), kindsOf(lapse)]).toEqual([[1, 0, 0, 0], [0, 1, 0, 0]]);
    expect([lapse.hours, lapse.hourPasses]).toEqual([atHour(1), atHour(0)]); // Again is not a pass
    const other = days.get(`d2/${day0}`)!;
    expect(other).toMatchObject({ reviews: 1, newSeen: 1 });
    expect(ratingsOf(other)).toEqual([0, 0, 0, 1]);
  });
});
