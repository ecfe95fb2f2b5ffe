// Fuzzing the safety journal's entries (src/renderer/src/storage/journal.ts): a stored entry read back at a restore
// is either an answer or undo that replays onto the collection without breaking it, or refused (null); never a crash.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { historyLength } from '../../../src/core/history';
import { newSchedState, Scheduler } from '../../../src/core/scheduler';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { parseJournalOp, replayJournal, type JournalOp } from '../../../src/renderer/src/storage/journal';
import { alphaDeck, freshDb, settingsWith, T0 } from '../storage/fixtures';
import { anyString, fuzzFamily, jsonOps, mutateJson, type Outcome } from './arbitraries';
import { MAX_TIME_MS } from './well-formed';

const { property } = fuzzFamily('journal');
const settings = settingsWith();
const scheduler = new Scheduler(settings);
const VALID: JournalOp[] = [
  { op: 'answer', cardId: 'a-one:0', len: 0, outcome: scheduler.answer('a-one:0', newSchedState(T0), 3, T0, 4000) },
  { op: 'answer', cardId: 'a-two:0', len: 0, outcome: scheduler.answer('a-two:0', newSchedState(T0), 1, T0 + 60_000, 2000) },
  { op: 'undo', cardId: 'a-one:0', len: 1, siblingIds: ['a-one:1'] },
];

describe('fuzzing the safety journal', () => {
  property('parseJournalOp: arbitrary text', fc.oneof(anyString(300), fc.json()), (text): Outcome => {
    const op = parseJournalOp(text);
    if (op === null) return 'refused';
    expect(['answer', 'undo']).toContain(op.op);
    return 'accepted';
  }, { timeoutMs: 60_000, bothOutcomes: false });

  property(
    'parseJournalOp + replayJournal: mutated entries',
    fc.tuple(fc.constantFrom(...VALID), jsonOps()),
    async ([base, ops]): Promise<Outcome> => {
      const op = parseJournalOp(JSON.stringify(mutateJson(base, ops)));
      if (op === null) return 'refused';
      const db = freshDb();
      try {
        await syncBundledDecks(db, [alphaDeck()], T0);
        // After an answer to a-one (so that an undo of it, or a second answer, finds the card as it expects).
        await replayJournal(db, [VALID[0]!, op], settings);
        // Whatever was replayed, every card still has a real due date and a readable history.
        for (const card of await db.cards.toArray()) {
          if (!Number.isFinite(card.due) || Math.abs(card.sched.due) > MAX_TIME_MS) expect.fail(`card ${card.id} due ${card.sched.due} after ${JSON.stringify(op)}`);
          historyLength(card.history);
        }
      } finally {
        db.close();
        await db.delete();
      }
      return 'accepted';
    },
    { timeoutMs: 120_000, bothOutcomes: true },
  );
});
