// A card's review history, kept inside the card's own record as parallel arrays (one per field) rather than one
// object per review: an append is one array push per field, a card with years of reviews is still one IndexedDB
// record, and structured clone copies a few number arrays instead of thousands of small objects.
import type { Grade, ReviewEntry } from './scheduler';

export interface History {
  t: number[];
  rating: number[];
  ms: number[];
  elapsed: number[];
  // The state before each review:
  state: number[];
  due: number[];
  lastReview: (number | null)[];
  stability: number[];
  difficulty: number[];
  elapsedDays: number[];
  scheduledDays: number[];
  learningSteps: number[];
}

const FIELDS = [
  't', 'rating', 'ms', 'elapsed', 'state', 'due', 'lastReview', 'stability', 'difficulty', 'elapsedDays',
  'scheduledDays', 'learningSteps',
] as const satisfies readonly (keyof History)[];

export function emptyHistory(): History {
  return {
    t: [], rating: [], ms: [], elapsed: [], state: [], due: [], lastReview: [], stability: [], difficulty: [],
    elapsedDays: [], scheduledDays: [], learningSteps: [],
  };
}

export function historyLength(h: History): number {
  return h.t.length;
}

/** A new history with `entry` appended (the input is not changed). */
export function appendEntry(h: History, e: ReviewEntry): History {
  const p = e.prev;
  const values: Record<(typeof FIELDS)[number], number | null> = {
    t: e.t, rating: e.rating, ms: e.ms, elapsed: e.elapsed, state: p.state, due: p.due, lastReview: p.lastReview,
    stability: p.stability, difficulty: p.difficulty, elapsedDays: p.elapsedDays, scheduledDays: p.scheduledDays,
    learningSteps: p.learningSteps,
  };
  const out = {} as Record<string, (number | null)[]>;
  for (const f of FIELDS) out[f] = [...h[f], values[f]];
  return out as unknown as History;
}

export function entryAt(h: History, i: number): ReviewEntry {
  if (i < 0 || i >= h.t.length) throw new RangeError(`no review ${i} in a history of ${h.t.length}`);
  const n = (f: Exclude<(typeof FIELDS)[number], 'lastReview'>): number => h[f][i] as number;
  return {
    t: n('t'), rating: n('rating') as Grade, ms: n('ms'), elapsed: n('elapsed'),
    prev: {
      state: n('state'), due: n('due'), lastReview: h.lastReview[i] ?? null, stability: n('stability'),
      difficulty: n('difficulty'), elapsedDays: n('elapsedDays'), scheduledDays: n('scheduledDays'),
      learningSteps: n('learningSteps'),
    },
  };
}

export function lastEntry(h: History): ReviewEntry | null {
  return h.t.length === 0 ? null : entryAt(h, h.t.length - 1);
}

/** A new history without its last entry. */
export function dropLast(h: History): History {
  const out = {} as Record<string, (number | null)[]>;
  for (const f of FIELDS) out[f] = h[f].slice(0, -1);
  return out as unknown as History;
}
