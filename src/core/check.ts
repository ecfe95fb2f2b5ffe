// Check database: what must hold between a card's history and its stored state, and how to put it right. The
// history (when each answer was given, and which button) is the record; the state before each answer, the card's
// state now and its queue are derived from it by the scheduler, so they can be checked and, when wrong, rebuilt.
//
// Answers given before the scheduling settings last changed were scheduled with settings we no longer have; their
// steps are checked only for what no setting changes (order of times, the chain of review times, repetitions and
// lapses), not replayed.
import { entryAt, historyLength, historyOf, isAnswer, isEntryRating, isReset, Manual } from './history';
import { placeCard, Queue, type CardRecord } from './model';
import { samePrev, stateAfterManual } from './replay';
import { newSchedState, prevOf, Rating, State, type ReviewEntry, type SchedState, type Scheduler } from './scheduler';

export interface CardFinding {
  cardId: string;
  /** What is wrong, in words a person can read ("review 3 ..."). */
  message: string;
  /** The card as it should be, when it can be derived from its history; null when it cannot. */
  repaired: CardRecord | null;
}

const finite = (x: number): boolean => Number.isFinite(x);

/** Is this review's row readable at all: a real time, one of the four buttons (or a manual row's kind), numbers
 * where numbers belong. */
function readable(e: ReviewEntry): boolean {
  const p = e.prev;
  return (
    finite(e.t) && isEntryRating(e.rating) && finite(e.ms) && finite(p.due) && finite(p.stability) &&
    finite(p.difficulty) && [0, 1, 2, 3].includes(p.state) && (p.lastReview === null || finite(p.lastReview))
  );
}

/** A lapse: Again on a card in review (ts-fsrs counts these as lapses). */
const isLapse = (e: ReviewEntry): boolean => e.rating === Rating.Again && e.prev.state === State.Review;

/** The repetitions and lapses of `entries`: its answers and lapses since the last reset that cleared the counts. */
function countsOf(entries: readonly ReviewEntry[]): { reps: number; lapses: number } {
  let reps = 0;
  let lapses = 0;
  for (const e of entries) {
    if (e.rating === Manual.ResetCounts) reps = lapses = 0;
    else if (isAnswer(e.rating)) {
      reps++;
      if (isLapse(e)) lapses++;
    }
  }
  return { reps, lapses };
}

/**
 * The last review time a row leaves on the card: an answer's own time; a reset leaves none; a reschedule keeps the one
 * before it (core/reschedule.ts); a set due date keeps it too, or, on a new card (which it makes a review card), its
 * own time (see core/card-actions.ts withDueDate).
 */
function lastReviewAfter(e: ReviewEntry): number | null {
  if (isAnswer(e.rating)) return e.t;
  if (isReset(e.rating)) return null;
  if (e.rating === Manual.Reschedule) return e.prev.lastReview;
  return e.prev.state === State.New ? e.t : e.prev.lastReview;
}

/**
 * Checks one card. `verifiedSince`: answers at or after this time are replayed through `scheduler` (the current
 * settings gave them); earlier ones are checked for order and counts only. Returns null for a sound card.
 */
export function checkCard(card: CardRecord, scheduler: Scheduler, verifiedSince: number): CardFinding | null {
  const n = historyLength(card.history);
  const entries = Array.from({ length: n }, (_, i) => entryAt(card.history, i));
  const found = (message: string, repaired: CardRecord | null): CardFinding => ({ cardId: card.id, message, repaired });

  const bad = entries.findIndex((e) => !readable(e));
  if (bad >= 0) return found(`review ${bad + 1} of ${n} is unreadable`, null);
  if (n === 0) {
    if (card.sched.reps === 0 && card.sched.state === State.New) return checkPlace(card);
    // Nothing was answered: the card is new, whatever its stored state says.
    return found('it has a scheduling state but no reviews', placed(card, { ...newSchedState(0), due: card.sched.due }, card.history));
  }
  for (let i = 1; i < n; i++) {
    if (entries[i]!.t < entries[i - 1]!.t) return found(`review ${i + 1} of ${n} is dated before the review before it`, null);
  }

  // Replay from the first answer the current settings gave, whose stored starting state is trusted.
  const from = entries.findIndex((e) => e.t >= verifiedSince);
  const replay = from >= 0 ? replayFrom(card, entries, from, scheduler) : null;
  for (let i = 0; i < n - 1; i++) {
    const next = entries[i + 1]!;
    if (replay && i >= from) {
      if (!samePrev(next.prev, replay.entries[i + 1]!.prev)) {
        return found(`review ${i + 2} of ${n} starts from a state the review before it did not give`, replay.card);
      }
    } else if (next.prev.lastReview !== lastReviewAfter(entries[i]!)) {
      return found(`review ${i + 2} of ${n} does not follow review ${i + 1}`, null);
    }
  }
  // A reset leaves a new card: the row after it (or the card, after the last) must start from the new state.
  for (let i = 0; i < n; i++) {
    const after = i + 1 < n ? entries[i + 1]!.prev : card.sched;
    if (isReset(entries[i]!.rating) && after.state !== State.New) {
      return found(`review ${i + 1} of ${n} resets the card to new, but ${i + 1 < n ? `review ${i + 2} starts` : 'the card goes on'} from another state`, null);
    }
  }
  const { reps, lapses } = countsOf(entries);
  if (card.sched.reps !== reps || card.sched.lapses !== lapses) {
    const counted = replay ? replay.card : { ...card, sched: { ...card.sched, reps, lapses } };
    return found(`it counts ${card.sched.reps} repetitions and ${card.sched.lapses} lapses; its history has ${reps} and ${lapses}`, counted);
  }
  if (replay) {
    if (!samePrev(card.sched, replay.card.sched)) return found('its state is not the replay of its history', replay.card);
  } else if (card.sched.lastReview !== lastReviewAfter(entries[n - 1]!)) {
    // No answer to replay: the state must at least be the one the last answer left.
    return found('its state is not the one its last review left', null);
  }
  return checkPlace(card);
}

/** A card to be studied must sit in the queue its state gives, at its due time (new cards: at their position). */
function checkPlace(card: CardRecord): CardFinding | null {
  if (card.queue === Queue.Suspended || card.queue === Queue.Retired) return null;
  const place = placeCard(card.position, card.sched);
  const { buriedDay: _stale, ...rest } = card;
  if (card.queue === Queue.Buried) {
    return card.buriedDay === undefined
      ? { cardId: card.id, message: 'it is buried without a day to come back', repaired: { ...rest, ...place } }
      : null;
  }
  if (place.queue === card.queue && place.due === card.due && card.buriedDay === undefined) return null;
  return { cardId: card.id, message: 'it is in the wrong place in the study queue', repaired: { ...rest, ...place } };
}

/** The card with a new state (and history), placed in the queue that state gives unless it was set aside. */
function placed(card: CardRecord, sched: SchedState, history: CardRecord['history']): CardRecord {
  const keep = card.queue === Queue.Suspended || card.queue === Queue.Retired || card.queue === Queue.Buried;
  return { ...card, sched, history, ...(keep ? {} : placeCard(card.position, sched)) };
}

/**
 * The history replayed from answer `from` on (its stored starting state trusted, the repetitions and lapses before
 * it counted): each later answer's starting state rebuilt from the one before it, the card's state the last answer's
 * result. What the repair of a broken chain writes; the answers themselves (time, button, answer time) are kept.
 */
function replayFrom(card: CardRecord, entries: readonly ReviewEntry[], from: number, scheduler: Scheduler): { card: CardRecord; entries: ReviewEntry[] } {
  const out = entries.slice(0, from);
  let state: SchedState = { ...entries[from]!.prev, ...countsOf(out) };
  for (let i = from; i < entries.length; i++) {
    const e = entries[i]!;
    if (isAnswer(e.rating)) {
      const outcome = scheduler.answer(card.id, state, e.rating, e.t, e.ms);
      out.push(outcome.entry);
      state = outcome.next;
    } else {
      // A manual row: kept, from the state reached; what it set is taken as stored (see stateAfterManual).
      out.push({ ...e, prev: prevOf(state) });
      state = stateAfterManual(e, i + 1 < entries.length ? entries[i + 1]!.prev : prevOf(card.sched), state);
    }
  }
  return { card: placed(card, state, historyOf(out)), entries: out };
}
