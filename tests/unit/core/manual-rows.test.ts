// Reset to new and set due date: what they do to a card, the manual row each leaves in its history, and that the
// rest of the core (replay, the database check, the day counts, card info) reads those rows as no answers.
import { describe, expect, it } from 'vitest';
import { dueDaysFor, parseDueSpec, resetToNew, withDueDate } from '../../../src/core/card-actions';
import { checkCard } from '../../../src/core/check';
import { dayNumber, dayStartMs } from '../../../src/core/day';
import { answerCount, emptyHistory, entryAt, historyLength, lastEntry, Manual } from '../../../src/core/history';
import { answeredCard, Queue, type CardRecord } from '../../../src/core/model';
import { recountDays, replayCard } from '../../../src/core/replay';
import { newSchedState, Rating, Scheduler, State, type Grade } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { cardDetail } from '../../../src/core/stats/card';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 10, 10);
const H = DEFAULT_SETTINGS.dayStartHour;
const scheduler = new Scheduler(DEFAULT_SETTINGS);

function newCard(id = 'n1:0'): CardRecord {
  return { id, noteId: id.split(':')[0]!, deckId: 'd', ord: 0, position: 3, queue: Queue.New, due: 3, sched: newSchedState(T0), history: emptyHistory() };
}

function answer(card: CardRecord, rating: Grade, t: number): CardRecord {
  return answeredCard(card, scheduler.answer(card.id, card.sched, rating, t, 4000));
}

/** Good, Good, then Again after 30 days (a lapse), Good: a review card with 4 reps and 1 lapse. */
function studied(): CardRecord {
  let card = newCard();
  card = answer(card, Rating.Good, T0);
  card = answer(card, Rating.Good, T0 + 0.2 * HOUR);
  card = answer(card, Rating.Again, T0 + 30 * DAY);
  card = answer(card, Rating.Good, T0 + 30 * DAY + 0.3 * HOUR);
  card = answer(card, Rating.Good, T0 + 33 * DAY);
  return card;
}

const LATER = T0 + 40 * DAY;

describe('reset to new', () => {
  it('puts a studied card back among the new ones at its deck position, keeping its history and a row saying so', () => {
    const card = studied();
    const reset = resetToNew(card, LATER, false);
    expect(reset.queue).toBe(Queue.New);
    expect(reset.due).toBe(card.position);
    expect(reset.sched.state).toBe(State.New);
    expect(reset.sched.stability).toBe(0);
    expect(reset.sched.lastReview).toBeNull();
    expect([reset.sched.reps, reset.sched.lapses]).toEqual([card.sched.reps, card.sched.lapses]);
    expect(historyLength(reset.history)).toBe(historyLength(card.history) + 1);
    expect(answerCount(reset.history)).toBe(answerCount(card.history));
    const row = lastEntry(reset.history)!;
    expect(row.rating).toBe(Manual.Reset);
    expect(row.t).toBe(LATER);
    expect(row.prev.stability).toBe(card.sched.stability);
  });

  it('can clear the counts too, and leaves a card already new alone', () => {
    const reset = resetToNew(studied(), LATER, true);
    expect([reset.sched.reps, reset.sched.lapses]).toEqual([0, 0]);
    expect(lastEntry(reset.history)!.rating).toBe(Manual.ResetCounts);
    const fresh = newCard();
    expect(resetToNew(fresh, LATER, false)).toBe(fresh);
    expect(resetToNew(reset, LATER + DAY, true)).toBe(reset);
  });

  it('keeps a suspended card suspended', () => {
    const card = { ...studied(), queue: Queue.Suspended };
    expect(resetToNew(card, LATER, false).queue).toBe(Queue.Suspended);
  });

  it('is replayed, checked and counted as no answer; the answers after it go on from the new state', () => {
    let card = resetToNew(studied(), LATER, false);
    expect(replayCard(card, scheduler)).toBeNull();
    expect(checkCard(card, scheduler, 0)).toBeNull();
    card = answer(card, Rating.Good, LATER + HOUR);
    expect(entryAt(card.history, historyLength(card.history) - 1).prev.state).toBe(State.New);
    expect(card.sched.reps).toBe(6);
    expect(replayCard(card, scheduler)).toBeNull();
    expect(checkCard(card, scheduler, 0)).toBeNull();
    // The counts of a reset that clears them start again from it.
    let cleared = resetToNew(studied(), LATER, true);
    cleared = answer(cleared, Rating.Good, LATER + HOUR);
    expect([cleared.sched.reps, cleared.sched.lapses]).toEqual([1, 0]);
    expect(checkCard(cleared, scheduler, 0)).toBeNull();
    expect(checkCard(cleared, scheduler, Infinity)).toBeNull(); // the order-and-counts rules alone agree
    // Five answers before, one after: six answers on their days; the reset is on none.
    const days = recountDays([card], H);
    expect([...days.values()].reduce((n, d) => n + d.reviews, 0)).toBe(6);
    expect([...days.values()].reduce((n, d) => n + d.newSeen, 0)).toBe(2);
  });

  it('is found out when the card goes on from a state that is not new', () => {
    const reset = resetToNew(studied(), LATER, false);
    const broken = { ...reset, sched: { ...reset.sched, state: State.Review } };
    expect(checkCard(broken, scheduler, Infinity)?.message).toBe('review 6 of 6 resets the card to new, but the card goes on from another state');
  });

  it('shows in card info as a reset, not as a review', () => {
    const detail = cardDetail(resetToNew(studied(), LATER, false), scheduler, LATER);
    expect(detail.reviews).toHaveLength(6);
    expect(detail.answers).toBe(5);
    expect(detail.reviews.at(-1)).toMatchObject({ rating: Manual.Reset, interval: '—' });
  });
});

describe('set due date', () => {
  it("reads Anki's syntax, and says what is wrong with anything else", () => {
    expect(parseDueSpec('0')).toEqual({ min: 0, max: 0, setInterval: false });
    expect(parseDueSpec(' 7! ')).toEqual({ min: 7, max: 7, setInterval: true });
    expect(parseDueSpec('30-10')).toEqual({ min: 10, max: 30, setInterval: false });
    expect(parseDueSpec('3 - 7!')).toEqual({ min: 3, max: 7, setInterval: true });
    expect(() => parseDueSpec('')).toThrow('Write a number of days');
    expect(() => parseDueSpec('-2')).toThrow('"-2" is not a number of days');
    expect(() => parseDueSpec('tomorrow')).toThrow('"tomorrow" is not a number of days');
    expect(() => parseDueSpec('1.5')).toThrow('"1.5" is not a number of days');
    expect(() => parseDueSpec('40000')).toThrow('40,000 days is too far ahead');
  });

  it('picks a day in the range for each card, the same one each time', () => {
    const spec = parseDueSpec('3-7');
    const picked = Array.from({ length: 200 }, (_, i) => dueDaysFor(spec, `c${i}`, T0));
    expect(Math.min(...picked)).toBe(3);
    expect(Math.max(...picked)).toBe(7);
    expect(dueDaysFor(spec, 'c1', T0)).toBe(picked[1]);
  });

  it('moves a review card to the start of that study day, keeping its memory and interval (unless !)', () => {
    const card = studied();
    const moved = withDueDate(card, 5, false, LATER, H, scheduler.initialDifficulty());
    expect(moved.queue).toBe(Queue.Review);
    expect(moved.sched.due).toBe(dayStartMs(dayNumber(LATER, H) + 5, H));
    expect(moved.due).toBe(moved.sched.due);
    expect(moved.sched.stability).toBe(card.sched.stability);
    expect(moved.sched.lastReview).toBe(card.sched.lastReview);
    expect(moved.sched.scheduledDays).toBe(card.sched.scheduledDays);
    expect(lastEntry(moved.history)!.rating).toBe(Manual.SetDue);
    expect(withDueDate(card, 5, true, LATER, H, 5).sched.scheduledDays).toBe(5);
    expect(checkCard(moved, scheduler, 0)).toBeNull();
    expect(replayCard(moved, scheduler)).toBeNull();
    // The next answer goes on from the memory state kept, with the days since the real last review.
    const next = answer(moved, Rating.Good, moved.sched.due + HOUR);
    expect(next.sched.stability).toBeGreaterThan(card.sched.stability);
    expect(checkCard(next, scheduler, 0)).toBeNull();
    expect(checkCard(next, scheduler, Infinity)).toBeNull();
  });

  it('makes a new card a review card as if learned today, which FSRS can go on from', () => {
    const card = newCard();
    const moved = withDueDate(card, 0, false, LATER, H, scheduler.initialDifficulty());
    expect(moved.queue).toBe(Queue.Review);
    expect(moved.sched.due).toBeLessThanOrEqual(LATER);
    expect(moved.sched).toMatchObject({ state: State.Review, stability: 1, scheduledDays: 1, lastReview: LATER, reps: 0 });
    expect(moved.sched.difficulty).toBeGreaterThanOrEqual(1);
    expect(checkCard(moved, scheduler, 0)).toBeNull();
    const next = answer(moved, Rating.Good, LATER + 3 * DAY);
    expect(Number.isFinite(next.sched.stability) && next.sched.stability > 1).toBe(true);
    expect(checkCard(next, scheduler, Infinity)).toBeNull();
    expect(recountDays([next], H).size).toBe(1);
  });

  it('turns a card in learning into a review card with the days as its interval', () => {
    const learning = answer(newCard(), Rating.Again, T0);
    expect(learning.sched.state).toBe(State.Learning);
    const moved = withDueDate(learning, 3, false, T0 + HOUR, H, 5);
    expect(moved.sched).toMatchObject({ state: State.Review, scheduledDays: 3, learningSteps: 0 });
    expect(moved.queue).toBe(Queue.Review);
    expect(checkCard(moved, scheduler, 0)).toBeNull();
  });

  it('is never dated before the last row, even with the clock set back', () => {
    const card = studied();
    const lastT = lastEntry(card.history)!.t;
    expect(lastEntry(withDueDate(card, 1, false, lastT - DAY, H, 5).history)!.t).toBe(lastT);
    expect(lastEntry(resetToNew(card, lastT - DAY, false).history)!.t).toBe(lastT);
  });
});
