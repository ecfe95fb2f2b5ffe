// The safety journal replayed on a restored copy: answers and undos given after the copy come back exactly, an entry
// the copy already holds is skipped (replaying twice leaves the same collection), and a damaged entry is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyLength } from '../../../src/core/history';
import { Rating, Scheduler, type Grade } from '../../../src/core/scheduler';
import { restoreCollection, snapshotCollection } from '../../../src/renderer/src/storage/backup';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { undoAnswer } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { parseJournalOp, replayJournal, type JournalOp } from '../../../src/renderer/src/storage/journal';
import { alphaDeck, betaDeck, derived, dump, freshDb, MINUTE, mustGet, settingsWith, T0 } from './fixtures';
import { recordAnswer } from '../../../src/renderer/src/storage/collection';

const settings = settingsWith();
const scheduler = new Scheduler(settings);
let db: RetainDB;
let other: RetainDB;

beforeEach(async () => {
  db = freshDb();
  other = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
});
afterEach(() => {
  db.close();
  other.close();
});

/** Answers a card as the review session does: the journal entry first (JSON, as stored), then the write. */
async function answerJournaled(journal: string[], cardId: string, rating: Grade, t: number) {
  const card = await mustGet(db, cardId);
  const outcome = scheduler.answer(card.id, card.sched, rating, t, 4000);
  const op: JournalOp = { op: 'answer', cardId, len: historyLength(card.history), outcome };
  journal.push(JSON.stringify(op));
  return recordAnswer(db, card, outcome, settings);
}

describe('the safety journal', () => {
  it('replayed on the copy, gives back the collection as it was: answers, an undo, buried siblings', async () => {
    await answerJournaled([], 'a-one:0', Rating.Good, T0); // before the copy
    const copy = await snapshotCollection(db, T0 + MINUTE, 'test');
    const journal: string[] = [];
    await answerJournaled(journal, 'a-rev:0', Rating.Good, T0 + 2 * MINUTE); // buries a-rev:1
    await answerJournaled(journal, 'a-one:0', Rating.Again, T0 + 3 * MINUTE);
    const undone = await answerJournaled(journal, 'b-one:0', Rating.Easy, T0 + 4 * MINUTE);
    const answered = await mustGet(db, 'b-one:0');
    journal.push(JSON.stringify({ op: 'undo', cardId: 'b-one:0', len: historyLength(answered.history), siblingIds: undone.buried } satisfies JournalOp));
    await undoAnswer(db, 'b-one:0', settings, undone.buried);
    const want = await dump(db);

    await restoreCollection(other, copy);
    const ops = journal.map((t) => parseJournalOp(t)!);
    expect(await replayJournal(other, ops, settings)).toEqual({ applied: 4, skipped: 0 });
    expect(await dump(other)).toEqual(want);
    const d = await derived(other, settings.dayStartHour);
    expect(d.stored).toEqual(d.expected);

    // Replayed again, the entries the collection already holds are skipped; b-one's answer and its undo apply again,
    // to the same end.
    expect(await replayJournal(other, ops, settings)).toEqual({ applied: 2, skipped: 2 });
    expect(await dump(other)).toEqual(want);
  });

  it('applies the answer whose write never happened (journaled, then the app was killed), skips what the copy has', async () => {
    const journal: string[] = [];
    await answerJournaled(journal, 'a-one:0', Rating.Good, T0);
    const copy = await snapshotCollection(db, T0 + MINUTE, 'test'); // taken after the write: it has the answer
    const card = await mustGet(db, 'a-two:0');
    const outcome = scheduler.answer(card.id, card.sched, Rating.Hard, T0 + 2 * MINUTE, 3000);
    journal.push(JSON.stringify({ op: 'answer', cardId: card.id, len: 0, outcome } satisfies JournalOp)); // no write

    await restoreCollection(other, copy);
    expect(await replayJournal(other, journal.map((t) => parseJournalOp(t)!), settings)).toEqual({ applied: 1, skipped: 1 });
    expect(historyLength((await other.cards.get('a-two:0'))!.history)).toBe(1);
    expect(historyLength((await other.cards.get('a-one:0'))!.history)).toBe(1);
  });

  it('refuses an entry that is not one (damaged or half written)', () => {
    expect(parseJournalOp('{"op":"answer","cardId":"x","len":0')).toBeNull();
    expect(parseJournalOp('{"op":"answer","cardId":"x","len":-1,"outcome":{}}')).toBeNull();
    expect(parseJournalOp('{"op":"delete","cardId":"x"}')).toBeNull();
    expect(parseJournalOp('{"op":"undo","cardId":"x","len":2,"siblingIds":[]}')).toEqual({ op: 'undo', cardId: 'x', len: 2, siblingIds: [] });
  });
});
