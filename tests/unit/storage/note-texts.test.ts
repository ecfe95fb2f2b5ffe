// The notes' plain texts for the browser follow every write to the notes table, in the same transaction: after each
// kind of write they equal the texts built from the notes, and a write that fails takes its change with it.
import { readNoteTexts } from '../../../src/renderer/src/storage/note-texts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noteTextRows } from '../../../src/core/note-texts';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { withBatchedDerived } from '../../../src/renderer/src/storage/derived-tables';
import { loadBrowseIndex } from '../../../src/renderer/src/storage/browse';
import { parseSearch } from '../../../src/core/search';
import { alphaDeck, betaDeck, derived, dump, freshDb, settingsWith, T0 } from './fixtures';

const settings = settingsWith();
let db: RetainDB;

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
});
afterEach(() => db.close());

async function expectInStep() {
  const { stored, expected } = await derived(db, settings.dayStartHour);
  expect(stored.noteTexts).toEqual(expected.noteTexts);
  return stored.noteTexts;
}

describe('note texts', () => {
  it('hold every note once the decks are loaded: plain text, tags', async () => {
    const texts = await expectInStep();
    expect(texts.size).toBe(7);
    expect(texts.get('a-one')).toEqual({ text: 'Capital of France?\x1fParis', tags: 'geo' });
  });

  it('follow a put, a bulk put, a deletion, a range deletion and a clear', async () => {
    const one = (await db.notes.get('a-one'))!;
    await db.notes.put({ ...one, fields: { front: 'Capital of <i>France</i>?', back: 'Paris &amp; more' }, tags: ['geo', 'europe'] });
    expect((await expectInStep()).get('a-one')).toEqual({ text: 'Capital of France?\x1fParis & more', tags: 'geo europe' });
    const all = await db.notes.toArray();
    await db.notes.bulkPut(all.map((n) => ({ ...n, tags: [...n.tags, 'x'] })));
    await expectInStep();
    await db.notes.delete('a-two');
    expect((await expectInStep()).has('a-two')).toBe(false);
    await db.notes.where(':id').between('b-', 'b-\uffff').delete();
    expect([...(await expectInStep()).keys()].some((id) => id.startsWith('b-'))).toBe(false);
    await db.notes.clear();
    expect((await expectInStep()).size).toBe(0);
    expect(await db.noteTexts.count()).toBe(0);
  });

  it('in batch mode, are brought up to date once at the end (nothing before), deletions included', async () => {
    const all = await db.notes.toArray();
    await db.transaction('rw', db.notes, () =>
      withBatchedDerived(async () => {
        await db.notes.bulkPut(all.map((n) => ({ ...n, tags: ['batched'] })));
        await db.notes.delete(all[0]!.id);
        const stored = noteTextRows(await readNoteTexts(db));
        expect([...stored.values()].some((r) => r.tags === 'batched')).toBe(false);
      }),
    );
    const texts = await expectInStep();
    expect(texts.size).toBe(all.length - 1);
    expect([...texts.values()].every((r) => r.tags === 'batched')).toBe(true);
  });

  it('are left as they were when the transaction fails', async () => {
    const before = await dump(db);
    const all = await db.notes.toArray();
    await expect(
      db.transaction('rw', db.notes, async () => {
        await db.notes.bulkPut(all.map((n) => ({ ...n, tags: ['lost'] })));
        throw new Error('cancelled');
      }),
    ).rejects.toThrow('cancelled');
    expect(await dump(db)).toEqual(before);
  });

  it('are what Browse searches: an edited note is found by its new words at once', async () => {
    const one = (await db.notes.get('a-one'))!;
    await db.notes.put({ ...one, fields: { ...one.fields, back: 'Paris, on the Seine' } });
    const index = await loadBrowseIndex(db);
    const found = index.search(parseSearch('seine'), { nowMs: T0, dayStartHour: 4, today: 0, curve: () => 1 });
    expect([...found].map((r) => index.cardIds[r])).toEqual(['a-one:0']);
  });
});
