// The journal of answers given since the newest safety copy (state/safety.svelte.ts), and its replay on top of a
// restored copy. An entry is written before the answer's transaction starts, so the journal may hold one answer
// that was never stored (the app killed in between): replaying it stores the answer that was given. An entry applies
// only to the card as it stood when the entry was written (its history's length); one the copy already holds, or
// whose card the copy lacks, is skipped, so replaying twice leaves the same collection.
import * as v from 'valibot';
import { historyLength } from '../../../core/history';
import type { Outcome } from '../../../core/scheduler';
import { Scheduler } from '../../../core/scheduler';
import type { Settings } from '../../../core/settings';
import { recordAnswer, undoAnswer } from './collection';
import type { RetainDB } from './db';

export type JournalOp =
  /** An answer to a card whose history had `len` reviews. */
  | { op: 'answer'; cardId: string; len: number; outcome: Outcome }
  /** The undo of the last answer of a card whose history had `len` reviews (the siblings it had set aside). */
  | { op: 'undo'; cardId: string; len: number; siblingIds: string[] };

const finite = v.pipe(v.number(), v.finite());
const nullableFinite = v.nullable(finite);
const PREV = {
  due: finite, stability: finite, difficulty: finite, elapsedDays: finite, scheduledDays: finite, learningSteps: finite,
  state: finite, lastReview: nullableFinite,
};
const SchedSchema = v.looseObject({ ...PREV, reps: finite, lapses: finite });
const OpSchema = v.variant('op', [
  v.object({
    op: v.literal('answer'),
    cardId: v.string(),
    len: v.pipe(v.number(), v.integer(), v.minValue(0)),
    outcome: v.object({
      rating: v.picklist([1, 2, 3, 4]),
      next: SchedSchema,
      entry: v.looseObject({ t: finite, rating: finite, ms: finite, elapsed: finite, prev: v.looseObject(PREV) }),
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
export async function replayJournal(db: RetainDB, ops: readonly JournalOp[], settings: Settings): Promise<{ applied: number; skipped: number }> {
  const scheduler = new Scheduler(settings);
  let applied = 0;
  for (const op of ops) {
    const card = await db.cards.get(op.cardId);
    if (!card || historyLength(card.history) !== op.len) continue;
    if (op.op === 'answer') await recordAnswer(db, card, op.outcome, settings);
    else await undoAnswer(db, op.cardId, scheduler, settings, op.siblingIds);
    applied++;
  }
  return { applied, skipped: ops.length - applied };
}
