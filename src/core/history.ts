// A card's review history, kept inside the card's own record as ONE Float64Array: a row of numbers per review. A card
// with years of reviews is still one IndexedDB record, and storing or reading it copies one block of memory
// instead of building thousands of small JavaScript values (structured clone of a typed array is a memcpy).
// Each row holds the review (time, rating, answer time, elapsed days) and the state before it, which is what undo,
// replay and the optimizer need. A missing previous review is stored as NaN.
import type { Grade, ReviewEntry } from './scheduler';

export const HISTORY_FIELDS = [
  't', 'rating', 'ms', 'elapsed', 'state', 'due', 'lastReview', 'stability', 'difficulty', 'elapsedDays',
  'scheduledDays', 'learningSteps',
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];
const STRIDE = HISTORY_FIELDS.length;
const AT = Object.fromEntries(HISTORY_FIELDS.map((f, i) => [f, i])) as Record<HistoryField, number>;

export type History = Float64Array;

export function emptyHistory(): History {
  return new Float64Array(0);
}

export function historyLength(h: History): number {
  return h.length / STRIDE;
}

/** A new history with `entry` appended (the input is not changed). */
export function appendEntry(h: History, e: ReviewEntry): History {
  const out = new Float64Array(h.length + STRIDE);
  out.set(h);
  const p = e.prev;
  out.set(
    [
      e.t, e.rating, e.ms, e.elapsed, p.state, p.due, p.lastReview ?? Number.NaN, p.stability, p.difficulty,
      p.elapsedDays, p.scheduledDays, p.learningSteps,
    ],
    h.length,
  );
  return out;
}

export function entryAt(h: History, i: number): ReviewEntry {
  if (!Number.isInteger(i) || i < 0 || i >= historyLength(h)) {
    throw new RangeError(`no review ${i} in a history of ${historyLength(h)}`);
  }
  const n = (f: HistoryField) => h[i * STRIDE + AT[f]]!;
  const lastReview = n('lastReview');
  return {
    t: n('t'), rating: n('rating') as Grade, ms: n('ms'), elapsed: n('elapsed'),
    prev: {
      state: n('state'), due: n('due'), lastReview: Number.isNaN(lastReview) ? null : lastReview,
      stability: n('stability'), difficulty: n('difficulty'), elapsedDays: n('elapsedDays'),
      scheduledDays: n('scheduledDays'), learningSteps: n('learningSteps'),
    },
  };
}

export function lastEntry(h: History): ReviewEntry | null {
  return historyLength(h) === 0 ? null : entryAt(h, historyLength(h) - 1);
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
