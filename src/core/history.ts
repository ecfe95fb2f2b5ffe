// A card's review history, kept inside the card's own record as ONE Float64Array: a row of numbers per review. A card
// with years of reviews is still one IndexedDB record, and storing or reading it copies one block of memory
// instead of building thousands of small JavaScript values (structured clone of a typed array is a memcpy).
// Each row holds the review (time, rating, answer time, elapsed days) and the state before it, which is what undo,
// replay and the optimizer need. A missing previous review is stored as NaN.
import type { AnswerEntry, EntryRating, Grade, ReviewEntry } from './scheduler';

export const HISTORY_FIELDS = [
  't', 'rating', 'ms', 'elapsed', 'state', 'due', 'lastReview', 'stability', 'difficulty', 'elapsedDays',
  'scheduledDays', 'learningSteps',
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];
const STRIDE = HISTORY_FIELDS.length;
const AT = Object.fromEntries(HISTORY_FIELDS.map((f, i) => [f, i])) as Record<HistoryField, number>;

export type History = Float64Array;

/**
 * Rows that are not answers: what the person did to the card by hand (Anki's "manual" revlog entries). The row keeps
 * the state before it, as an answer's does; the state after it is the next row's starting state (or the card's own,
 * after the last row). They count toward no statistic, daily limit or repetition, and FSRS learns nothing from them.
 */
export const Manual = {
  /** Set due date: moved in time, its memory state kept. */
  SetDue: 0,
  /** Reset to new, the repetition and lapse counts kept (Anki's "Forget"). */
  Reset: -1,
  /** Reset to new, the repetition and lapse counts back to 0. */
  ResetCounts: -2,
  /**
   * Rescheduled for new FSRS settings (parameters or desired retention; core/reschedule.ts): the memory state
   * recomputed from the answers, and a review card's due date moved to match (Anki's "Rescheduled" revlog entry).
   */
  Reschedule: -3,
} as const;
export type ManualRating = (typeof Manual)[keyof typeof Manual];
export const MANUAL_RATINGS: readonly ManualRating[] = [Manual.SetDue, Manual.Reset, Manual.ResetCounts, Manual.Reschedule];

/** An answer (Again, Hard, Good, Easy), not a manual row. */
export function isAnswer(rating: number): rating is Grade {
  return rating === 1 || rating === 2 || rating === 3 || rating === 4;
}

/** An answer's row (its rating a button). */
export function isAnswerEntry(e: ReviewEntry): e is AnswerEntry {
  return isAnswer(e.rating);
}

/** A reset to new (either kind). */
export function isReset(rating: number): boolean {
  return rating === Manual.Reset || rating === Manual.ResetCounts;
}

/** The row's rating is one a history can hold: an answer or a manual row. */
export function isEntryRating(rating: unknown): rating is EntryRating {
  return typeof rating === 'number' && (isAnswer(rating) || (MANUAL_RATINGS as readonly number[]).includes(rating));
}

/** Where the first review's previous due time is in a history (the time the card was created: model.addedAt). */
export const HISTORY_DUE = AT.due;
/** A history's layout for code that reads it in place: numbers per review, where the rating is in each. */
export const HISTORY_STRIDE = STRIDE;
export const HISTORY_RATING = AT.rating;
/** Where a review's time and the card's state before it are in each row. */
export const HISTORY_T = AT.t;
export const HISTORY_STATE = AT.state;

export function emptyHistory(): History {
  return new Float64Array(0);
}

export function historyLength(h: History): number {
  return h.length / STRIDE;
}

/**
 * A review as a row of numbers in HISTORY_FIELDS order: the layout of a stored history, and of the `reviews` of an
 * exported deck. A missing previous review is null here (NaN once packed).
 */
export function entryRow(e: ReviewEntry): (number | null)[] {
  const p = e.prev;
  return [
    e.t, e.rating, e.ms, e.elapsed, p.state, p.due, p.lastReview, p.stability, p.difficulty, p.elapsedDays,
    p.scheduledDays, p.learningSteps,
  ];
}

/** The review a row in HISTORY_FIELDS order holds (null or NaN for a missing previous review). */
export function entryFromRow(row: ArrayLike<number | null>): ReviewEntry {
  const n = (f: HistoryField) => row[AT[f]] as number;
  const lastReview = row[AT.lastReview];
  return {
    t: n('t'), rating: n('rating') as EntryRating, ms: n('ms'), elapsed: n('elapsed'),
    prev: {
      state: n('state'), due: n('due'), lastReview: lastReview === null || Number.isNaN(lastReview) ? null : lastReview!,
      stability: n('stability'), difficulty: n('difficulty'), elapsedDays: n('elapsedDays'),
      scheduledDays: n('scheduledDays'), learningSteps: n('learningSteps'),
    },
  };
}

/** Writes `e` as the row starting at `at` (HISTORY_FIELDS order, a missing previous review as NaN). */
function writeRow(out: Float64Array, at: number, e: ReviewEntry): void {
  const row = entryRow(e);
  for (let i = 0; i < STRIDE; i++) out[at + i] = row[i] ?? Number.NaN;
}

/** A new history with `entry` appended (the input is not changed). */
export function appendEntry(h: History, e: ReviewEntry): History {
  const out = new Float64Array(h.length + STRIDE);
  out.set(h);
  writeRow(out, h.length, e);
  return out;
}

/** A history of these reviews, in order, packed at once (not one copy per review). */
export function historyOf(entries: readonly ReviewEntry[]): History {
  const out = new Float64Array(entries.length * STRIDE);
  for (let i = 0; i < entries.length; i++) writeRow(out, i * STRIDE, entries[i]!);
  return out;
}

export function entryAt(h: History, i: number): ReviewEntry {
  if (!Number.isInteger(i) || i < 0 || i >= historyLength(h)) {
    throw new RangeError(`no review ${i} in a history of ${historyLength(h)}`);
  }
  return entryFromRow(h.subarray(i * STRIDE, (i + 1) * STRIDE));
}

export function lastEntry(h: History): ReviewEntry | null {
  return historyLength(h) === 0 ? null : entryAt(h, historyLength(h) - 1);
}

/** How many of a history's rows are answers (manual rows left out): what "reviews" counts. */
export function answerCount(h: History): number {
  let n = 0;
  for (let i = AT.rating; i < h.length; i += STRIDE) if (isAnswer(h[i]!)) n++;
  return n;
}

/** A new history without its last entry. */
export function dropLast(h: History): History {
  return h.slice(0, Math.max(0, h.length - STRIDE));
}

/** One field of every review, in order (lastReview gives null where there was none). */
export function historyColumn(h: History, field: HistoryField): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = AT[field]; i < h.length; i += STRIDE) out.push(field === 'lastReview' && Number.isNaN(h[i]!) ? null : h[i]!);
  return out;
}

/** Histories as schema version 1 stored them: one array per field. */
export type ColumnHistory = Record<HistoryField, (number | null)[]>;

/** Converts a version-1 history (arrays per field) to the packed form. */
export function packColumns(columns: ColumnHistory): History {
  const n = columns.t.length;
  const out = new Float64Array(n * STRIDE);
  for (let i = 0; i < n; i++) {
    for (const f of HISTORY_FIELDS) out[i * STRIDE + AT[f]] = columns[f][i] ?? Number.NaN;
  }
  return out;
}
