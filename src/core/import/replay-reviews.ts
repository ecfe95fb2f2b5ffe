// An imported card's review history (Anki's revlog) becomes a Retain history by replaying each answer through our
// FSRS scheduler at the time it was given: the card arrives with the memory state (stability, difficulty) and due
// date FSRS derives from its whole past, and the stored state is, by construction, the replay of its history (the
// invariant `replayCard` checks).
import { emptyHistory, historyOf, type History } from '../history';
import { newSchedState, type Grade, type ReviewEntry, type SchedState, type Scheduler } from '../scheduler';
import type { ImportedReview } from './bundle';

export interface ReplayedCard {
  sched: SchedState;
  history: History;
  /** Reviews left out: manual reschedules (no answer), and answers not later than the one before them. */
  ignored: number;
}

/**
 * Replays `reviews` (any order) for the card `cardId`. Entries that are not answers (rating 0: Anki's "set due
 * date", "forget", rescheduling) carry no memory evidence and are skipped, as FSRS's own optimizer does; answers in
 * a filtered deck count like any other. A card without answers stays new (its state created at `nowMs`).
 */
export function replayReviews(cardId: string, reviews: readonly ImportedReview[], scheduler: Scheduler, nowMs: number): ReplayedCard {
  const answers = reviews.filter((r) => r.rating >= 1 && r.rating <= 4).sort((a, b) => a.t - b.t);
  let ignored = reviews.length - answers.length;
  if (answers.length === 0) return { sched: newSchedState(nowMs), history: emptyHistory(), ignored };
  // The card was created just before its first answer.
  let sched = newSchedState(answers[0]!.t);
  const entries: ReviewEntry[] = [];
  let last = -Infinity;
  for (const review of answers) {
    // Two answers at the same millisecond (a double click logged twice) or out of order cannot both be replayed.
    if (review.t <= last) {
      ignored++;
      continue;
    }
    const outcome = scheduler.answer(cardId, sched, review.rating as Grade, review.t, Math.max(0, Math.round(review.ms)));
    sched = outcome.next;
    entries.push(outcome.entry);
    last = review.t;
  }
  return { sched, history: historyOf(entries), ignored };
}
