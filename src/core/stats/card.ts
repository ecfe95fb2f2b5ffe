// One card's detail, as the review screen shows it after the answer: its reviews (when, which button, the interval
// each gave) and its memory state now. Built from the card's own record.
import { entryAt, historyLength, isAnswer, isReset, Manual } from '../history';
import type { CardRecord } from '../model';
import { formatInterval, type EntryRating, type Scheduler, State } from '../scheduler';

export interface CardReviewRow {
  t: number;
  /** The button, or a manual row's kind (history.ts Manual): see ratingName. */
  rating: EntryRating;
  /** The interval the answer gave ("10m", "3d"), from the answer to the due date that followed it. */
  interval: string;
  /** Answer time, ms. */
  ms: number;
}

export interface CardDetail {
  /** Every row of the history, manual ones (a reset, a due date set) too. */
  reviews: CardReviewRow[];
  /** How many of them are answers. */
  answers: number;
  lapses: number;
  state: State;
  due: number | null;
  /** Days; null for a new card. */
  stability: number | null;
  /** 1-10; null for a new card. */
  difficulty: number | null;
  /** 0-1 at `nowMs`; null for a new card. */
  retrievability: number | null;
}

const RATING_NAMES: Record<string, string> = {
  1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy', 0: 'Due date set', [-1]: 'Reset to new', [-2]: 'Reset to new (counts too)',
  [-3]: 'Rescheduled',
};

/** What a history row was, for a person: the button pressed, or what was done by hand. */
export function ratingName(rating: EntryRating): string {
  return RATING_NAMES[rating] ?? `rating ${rating}`;
}

export function cardDetail(card: CardRecord, scheduler: Scheduler, nowMs: number): CardDetail {
  const n = historyLength(card.history);
  const entries = Array.from({ length: n }, (_, i) => entryAt(card.history, i));
  const reviews = entries.map((e, i) => {
    // The state after an answer is the one the next answer started from (or the card's state, after the last).
    const after = i + 1 < n ? entries[i + 1]!.prev : card.sched;
    // A reset gives no interval: the card waits among the new ones. A reschedule's interval counts from the last
    // answer, as the new due date does (it may even be past already).
    const from = e.rating === Manual.Reschedule ? (after.lastReview ?? e.t) : e.t;
    return { t: e.t, rating: e.rating, interval: isReset(e.rating) ? '—' : formatInterval(after.due - from), ms: e.ms };
  });
  const studied = card.sched.state !== State.New;
  return {
    reviews,
    answers: entries.filter((e) => isAnswer(e.rating)).length,
    lapses: card.sched.lapses,
    state: card.sched.state,
    due: studied ? card.sched.due : null,
    stability: studied ? card.sched.stability : null,
    difficulty: studied ? card.sched.difficulty : null,
    retrievability: scheduler.retrievability(card.sched, nowMs),
  };
}
