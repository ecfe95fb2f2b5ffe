// The journal of answers given since the newest safety copy (state/safety.svelte.ts), and its replay on top of a
// restored copy. An entry is written before the answer's transaction starts, so the journal may hold one answer
// that was never stored (the app killed in between): replaying it stores the answer that was given. An entry applies
// only to the card as it stood when the entry was written (its history's length); one the copy already holds, or
// whose card the copy lacks, is skipped, so replaying twice leaves the same collection.
import * as v from 'valibot';
import { historyLength } from '../../../core/history';
import type { Outcome } from '../../../core/scheduler';
import type { DeckSettings } from '../../../core/presets';
import { recordAnswer, undoAnswer } from './collection';
import type { RetainDB } from './db';

export type JournalOp =
  /** An answer to a card whose history had `len` reviews. */
  | { op: 'answer'; cardId: string; len: number; outcome: Outcome }
  /** The undo of the last answer of a card whose history had `len` reviews (the siblings it had set aside). */
  | { op: 'undo'; cardId: string; len: number; siblingIds: string[] };

// What a stored card may hold (as the backup reader checks it): times within what a Date holds, counts whole and not
// negative, a known state and rating.
const MAX_TIME = 8.64e15;
const finite = v.pipe(v.number(), v.finite());
const time = v.pipe(finite, v.minValue(-MAX_TIME), v.maxValue(MAX_TIME));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const nonNegative = v.pipe(finite, v.minValue(0));
const PREV = {
  due: time, stability: nonNegative, difficulty: nonNegative, elapsedDays: nonNegative, scheduledDays: nonNegative,
  learningSteps: count, state: v.picklist([0, 1, 2, 3]), lastReview: v.nullable(time),
};
const SchedSchema = v.object({ ...PREV, reps: count, lapses: count });
const OpSchema = v.variant('op', [
  v.object({
    op: v.literal('answer'),
    cardId: v.string(),
    len: v.pipe(v.number(), v.integer(), v.minValue(0)),
    outcome: v.object({
      rating: v.picklist([1, 2, 3, 4]),
      next: SchedSchema,
      entry: v.object({ t: time, rating: v.picklist([1, 2, 3, 4]), ms: nonNegative, elapsed: nonNegative, prev: v.object(PREV) }),
    }),
  }),
  v.object({ op: v.literal('undo'), cardId: v.string(), len: v.pipe(v.number(), v.integer(), v.minValue(1)), siblingIds: v.array(v.string()) }),
]);

/** An entry as stored (JSON), or null for one that is not an entry (damaged: it and what follows are not replayed). */
export function parseJournalOp(text: string): JournalOp | null {
  try {
    const parsed = v.safeParse(OpSchema, JSON.parse(text));
    return parsed.success ? (parsed.output as JournalOp) : null;
  } catch {
    return null;
  }
}

/** Replays the entries in order on the stored collection. Returns how many were applied and skipped. */
export async function replayJournal(db: RetainDB, ops: readonly JournalOp[], settings: DeckSettings): Promise<{ applied: number; skipped: number }> {
  let applied = 0;
  for (const op of ops) {
    const card = await db.cards.get(op.cardId);
    if (!card || historyLength(card.history) !== op.len) continue;
    if (op.op === 'answer') await recordAnswer(db, card, op.outcome, settings);
    else await undoAnswer(db, op.cardId, settings, op.siblingIds);
    applied++;
  }
  return { applied, skipped: ops.length - applied };
}
