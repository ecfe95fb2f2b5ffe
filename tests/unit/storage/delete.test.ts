// Deleting notes: each goes with all its cards, their answers come out of the day summaries (so the statistics and
// the database check agree with the histories left), and undo puts everything back exactly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { checkDatabase } from '../../../src/renderer/src/storage/check';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { deleteNotes, restoreNotes } from '../../../src/renderer/src/storage/delete';
import { allDaySummaries } from '../../../src/renderer/src/storage/days';
import { alphaDeck, answer, betaDeck, derived, dump, freshDb, MINUTE, settingsWith, T0 } from './fixtures';

let db: RetainDB;
const settings = settingsWith();

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
  await answer(db, 'a-rev:0', 3, T0, settings);
  await answer(db, 'a-one:0', 1, T0 + MINUTE, settings);
  await answer(db, 'b-one:0', 4, T0 + 2 * MINUTE, settings);
});
afterEach(() => db.close());

const answersCounted = async () => (await allDaySummaries(db)).reduce((n, d) => n + d.reviews, 0);

describe('deleting notes', () => {
  it('takes the notes, all their cards and their answers out; the collection stays consistent', async () => {
    expect(await answersCounted()).toBe(3);
    const deleted = await deleteNotes(db, ['a-rev', 'a-one', 'missing'], settings);
    expect(deleted.notes.map((n) => n.id).sort()).toEqual(['a-one', 'a-rev']);
    expect(deleted.cards.map((c) => c.id).sort()).toEqual(['a-one:0', 'a-rev:0', 'a-rev:1']);
    expect(await db.cards.get('a-rev:1')).toBeUndefined();
    expect(await db.notes.get('a-one')).toBeUndefined();
    expect(await answersCounted()).toBe(1);
    const { stored, expected } = await derived(db, settings.dayStartHour);
    expect(stored).toEqual(expected);
    expect((await checkDatabase(db, settings, { repair: false })).problems).toEqual([]);
  });

  it('undo puts back every record and count as it was; not once a note of the same id exists again', async () => {
    const before = await dump(db);
    const deleted = await deleteNotes(db, ['a-rev'], settings);
    await restoreNotes(db, deleted, settings);
    expect(await dump(db)).toEqual(before);
    const again = await deleteNotes(db, ['a-two'], settings);
    await db.notes.put(again.notes[0]!);
    await expect(restoreNotes(db, again, settings)).rejects.toThrow('a note a-two exists again. Nothing was undone.');
    expect(await db.cards.get('a-two:0')).toBeUndefined();
  });
});
