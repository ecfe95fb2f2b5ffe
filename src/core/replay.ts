// Replaying histories: a card's state must equal what the scheduler gives when its reviews are applied in order, and
// the day summaries must equal a recount of all histories. The benchmark's generated collection and (later) the
// database check hold the stored data to these invariants.
import { dayNumber } from './day';
import { entryAt, historyLength, isAnswer, Manual } from './history';
import { countInto, emptyDay, type CardRecord, type DaySummary } from './model';
import { prevOf, type PrevState, type ReviewEntry, type SchedState, type Scheduler } from './scheduler';

export interface ReplayMismatch {
  cardId: string;
  /** Index of the review whose outcome disagrees with the stored data (the history's length for the final state). */
  at: number;
  message: string;
}

/** Two scheduling states agree in everything but the counts (which a history entry's starting state leaves out). */
export const samePrev = (a: PrevState, b: PrevState): boolean =>
  a.state === b.state &&
  a.due === b.due &&
  a.lastReview === b.lastReview &&
  a.stability === b.stability &&
  a.difficulty === b.difficulty &&
  a.elapsedDays === b.elapsedDays &&
  a.scheduledDays === b.scheduledDays &&
  a.learningSteps === b.learningSteps;

const sameState = (a: SchedState, b: SchedState): boolean => samePrev(a, b) && a.reps === b.reps && a.lapses === b.lapses;

/**
 * Applies a card's reviews, in order, to the state its first review started from; returns the first disagreement with
 * the stored history or the stored state, or null when the card is consistent. A card without reviews must be new.
 */
export function replayCard(card: CardRecord, scheduler: Scheduler): ReplayMismatch | null {
  const n = historyLength(card.history);
  if (n === 0) {
    return card.sched.reps === 0 && card.sched.state === 0
      ? null
      : { cardId: card.id, at: 0, message: 'has a scheduling state but no reviews' };
  }
  const first = entryAt(card.history, 0);
  let state: SchedState = { ...first.prev, reps: 0, lapses: 0 };
  for (let i = 0; i < n; i++) {
    const entry = entryAt(card.history, i);
    if (!samePrev(entry.prev, state)) {
      return { cardId: card.id, at: i, message: `review ${i} starts from a state the review before it did not give` };
    }
    state = isAnswer(entry.rating)
      ? scheduler.answer(card.id, state, entry.rating, entry.t, entry.ms).next
      : stateAfterManual(entry, i + 1 < n ? entryAt(card.history, i + 1).prev : prevOf(card.sched), state);
  }
  return sameState(state, card.sched) ? null : { cardId: card.id, at: n, message: 'its state is not the replay of its history' };
}

/**
 * The state a manual row (set due date, reset) left: what the person chose is no scheduler's to recompute, so it is
 * the state the row after it started from (`after`: that row's prev, or the card's state after the last row), with
 * the repetition and lapse counts carried over from `before`, or back to 0 for a reset that clears them.
 */
export function stateAfterManual(entry: ReviewEntry, after: PrevState, before: Pick<SchedState, 'reps' | 'lapses'>): SchedState {
  const counts = entry.rating === Manual.ResetCounts ? { reps: 0, lapses: 0 } : { reps: before.reps, lapses: before.lapses };
  return { ...after, ...counts };
}

/** The day summaries that the cards' histories add up to, keyed `${deckId}/${day}`. */
export function recountDays(
  cards: Iterable<CardRecord>,
  dayStartHour: number,
  /** Counts are added to these summaries (keyed `${deckId}/${day}`), which the caller owns. */
  days = new Map<string, DaySummary>(),
): Map<string, DaySummary> {
  for (const card of cards) {
    const n = historyLength(card.history);
    for (let i = 0; i < n; i++) {
      const entry = entryAt(card.history, i);
      if (!isAnswer(entry.rating)) continue; // a manual row is no answer: no day counts it
      const day = dayNumber(entry.t, dayStartHour);
      const key = `${card.deckId}/${day}`;
      let summary = days.get(key);
      if (!summary) days.set(key, (summary = emptyDay(card.deckId, day)));
      countInto(summary, entry, 1);
    }
  }
  return days;
}
