// What the FSRS optimizer learns from: a card's answers turned into training items, built the way Anki builds them
// (rslib/src/scheduler/fsrs/params.rs), so that parameters fitted here mean what they mean there.
//
// - Only the card's last learning block counts, and what follows it: the answers given while the card was new or in
//   learning, back to the first such answer with nothing else in between, then every later answer. Anything before
//   (an earlier life of the card, ended by a reset to new) is left out; a card with no learning answers (its start
//   was never seen, or it was reset and reviewed without learning again) gives no items.
// - Manual rows (set due date, reset, reschedule) are dropped: FSRS learns from answers only. A reschedule (new FSRS
//   settings applied to the card: core/reschedule.ts) is no event in the card's life at all: it neither ends a
//   learning block nor stands for a reset, so a card rescheduled while in learning keeps its whole block.
// - Time is counted in study days, which begin at the day-start hour: two answers on the same study day are 0 days
//   apart, even across midnight.
// - An item is "the card's answers up to this one": one per answer after the first, each holding the answers before
//   it, same-day ones included. Only items whose last answer came on a later day than the one before are kept (a
//   same-day answer tests short-term memory, which the item's history still shows but which is not a target).
//
// The result is flat typed arrays (no object per review), so a large history crosses a process boundary as a few
// blocks of memory; the optimizer side turns them into its own items.
import { dayNumber } from './day';
import { HISTORY_RATING, HISTORY_STATE, HISTORY_STRIDE, HISTORY_T, isAnswer, isReset, Manual, type History } from './history';
import { State } from './scheduler';

export interface TrainingSet {
  /** The kept answers (1-4) of every card that gives items, card after card, each card's in order. */
  ratings: Uint8Array;
  /** For each of those answers, the study days since the card's previous kept answer (0 for its first). */
  deltas: Uint32Array;
  /** Item i is the answers from `starts[i]` up to (not including) `ends[i]`; items are ordered by their last answer's time. */
  starts: Uint32Array;
  ends: Uint32Array;
  /** Answers the items were built from (Anki's "reviews" count: the kept answers of the cards that gave items). */
  reviews: number;
  /** Cards that gave at least one item. */
  cards: number;
}

export interface Evaluation {
  /** Mean log loss of the predicted recall against what happened (lower is better). */
  logLoss: number;
  /** fsrs-rs's RMSE over bins of similar predictions (lower is better): what Anki compares. */
  rmse: number;
}

export interface OptimizeResult {
  /** The parameters to use: the fitted ones, or the current ones when the fitted do not predict the history better. */
  params: number[];
  /** The fitted parameters, kept or not. */
  fitted: number[];
  /** True when `params` are the fitted ones. */
  improved: boolean;
  current: Evaluation | null;
  optimized: Evaluation | null;
  items: number;
  reviews: number;
}

export interface TrainingReview {
  rating: number;
  deltaT: number;
}

/**
 * The answers of `history` that training uses, as [row index, ...]: from the first answer of the last learning block
 * on, answers only. Empty when the card gives nothing to learn from.
 */
export function trainingRows(history: History): number[] {
  const n = history.length / HISTORY_STRIDE;
  let firstLearning = -1;
  for (let i = n - 1; i >= 0; i--) {
    const rating = history[i * HISTORY_STRIDE + HISTORY_RATING]!;
    const before = history[i * HISTORY_STRIDE + HISTORY_STATE]!;
    if (rating === Manual.Reschedule) continue; // see the top of this file
    if (isAnswer(rating) && (before === State.New || before === State.Learning)) firstLearning = i;
    // Anything else ends the learning block, once one was found...
    else if (firstLearning >= 0) break;
    // ...and a reset before any learning answer means the card has no usable start: answers after a reset without
    // learning steps cannot be told apart from an unseen beginning.
    else if (isReset(rating)) return [];
  }
  if (firstLearning < 0) return [];
  const rows: number[] = [];
  for (let i = firstLearning; i < n; i++) if (isAnswer(history[i * HISTORY_STRIDE + HISTORY_RATING]!)) rows.push(i);
  return rows;
}

/** Builds the training items of these cards' histories (see the top of this file). */
export function buildTrainingSet(histories: Iterable<History>, dayStartHour: number): TrainingSet {
  const ratings: number[] = [];
  const deltas: number[] = [];
  // Per item: the end of its answers in `ratings`, its start, and its last answer's time (for the final order).
  const itemEnds: number[] = [];
  const itemStarts: number[] = [];
  const itemTimes: number[] = [];
  let reviews = 0;
  let cards = 0;
  for (const history of histories) {
    const rows = trainingRows(history);
    if (rows.length < 2) continue;
    const start = ratings.length;
    let previousDay = 0;
    let items = 0;
    for (let k = 0; k < rows.length; k++) {
      const at = rows[k]! * HISTORY_STRIDE;
      const t = history[at + HISTORY_T]!;
      const day = dayNumber(t, dayStartHour);
      const delta = k === 0 ? 0 : Math.max(0, day - previousDay);
      previousDay = day;
      ratings.push(history[at + HISTORY_RATING]!);
      deltas.push(delta);
      if (k > 0 && delta > 0) {
        itemStarts.push(start);
        itemEnds.push(ratings.length);
        itemTimes.push(t);
        items++;
      }
    }
    if (items === 0) {
      // Nothing to learn from (every later answer on the first day): the card's answers are not kept.
      ratings.length = start;
      deltas.length = start;
      continue;
    }
    reviews += rows.length;
    cards++;
  }
  const order = Array.from(itemTimes.keys()).sort((a, b) => itemTimes[a]! - itemTimes[b]! || a - b);
  return {
    ratings: Uint8Array.from(ratings),
    deltas: Uint32Array.from(deltas),
    starts: Uint32Array.from(order, (i) => itemStarts[i]!),
    ends: Uint32Array.from(order, (i) => itemEnds[i]!),
    reviews,
    cards,
  };
}

export function itemCount(set: TrainingSet): number {
  return set.starts.length;
}

/** Item `i` as a list of reviews (for tests and for code that wants objects). */
export function trainingItem(set: TrainingSet, i: number): TrainingReview[] {
  const out: TrainingReview[] = [];
  for (let j = set.starts[i]!; j < set.ends[i]!; j++) out.push({ rating: set.ratings[j]!, deltaT: set.deltas[j]! });
  return out;
}

/**
 * Checks a training set that came across a process boundary: the optimizer is native code, and an index out of range
 * there would not be caught. Returns what is wrong, or null.
 */
export function trainingSetProblem(set: unknown): string | null {
  if (typeof set !== 'object' || set === null) return 'the training set is not an object';
  const s = set as Partial<TrainingSet>;
  if (!(s.ratings instanceof Uint8Array) || !(s.deltas instanceof Uint32Array)) return 'the answers are not typed arrays';
  if (!(s.starts instanceof Uint32Array) || !(s.ends instanceof Uint32Array)) return 'the items are not typed arrays';
  if (s.ratings.length !== s.deltas.length) return 'answers and day gaps differ in number';
  if (s.starts.length !== s.ends.length) return 'item starts and ends differ in number';
  for (const r of s.ratings) if (r < 1 || r > 4) return `an answer's rating is ${r}, not 1-4`;
  for (let i = 0; i < s.starts.length; i++) {
    const start = s.starts[i]!;
    const end = s.ends[i]!;
    if (!(start < end && end <= s.ratings.length)) return `item ${i} runs from ${start} to ${end} of ${s.ratings.length} answers`;
    if (s.deltas[start] !== 0) return `item ${i} does not start a card (its first answer is ${s.deltas[start]} days after another)`;
  }
  if (!Number.isInteger(s.reviews) || !Number.isInteger(s.cards)) return 'the counts are not whole numbers';
  return null;
}
