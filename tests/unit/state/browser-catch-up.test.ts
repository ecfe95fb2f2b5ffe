// Browse keeps its index between visits: coming back after studying, an edit or a deletion reads only the cards and
// notes written since, and shows them as they are now; a change it cannot follow (a deck renamed, a note added)
// builds the index again. Either way the rows are what the collection holds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Rating } from '../../../src/core/scheduler';
import { BrowserView } from '../../../src/renderer/src/state/browser.svelte';
import { changedSince, CHANGE_LOG_KEYS, writeCount } from '../../../src/renderer/src/storage/changes';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { deleteNotes } from '../../../src/renderer/src/storage/delete';
import { renameDeck } from '../../../src/renderer/src/storage/decks';
import { saveNote } from '../../../src/renderer/src/storage/note-edit';
import { alphaDeck, alphaNotes, answer, betaDeck, DAY, freshDb, settingsWith, T0 } from '../storage/fixtures';

const settings = settingsWith();
let db: RetainDB;
let view: BrowserView;

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
  view = new BrowserView(db, () => settings, () => T0 + DAY);
  await view.open();
});
afterEach(() => db.close());

/** The cards the query finds, by id, sorted. */
async function found(query: string): Promise<string[]> {
  await view.search(query);
  const index = view.index!;
  return [...view.rows].map((r) => index.cardIds[r]!).sort();
}

describe('Browse after changes elsewhere', () => {
  it('shows cards answered since, without building the index again', async () => {
    const built = view.index;
    expect(await found('rated:1')).toEqual([]);
    await answer(db, 'a-one:0', Rating.Good, T0 + DAY);
    await answer(db, 'a-two:0', Rating.Again, T0 + DAY);
    await view.open();
    expect(view.index, 'caught up, not rebuilt').toBe(built);
    expect(await found('rated:1')).toEqual(['a-one:0', 'a-two:0']);
    expect(await found('rated:1:1')).toEqual(['a-two:0']);
    expect(await found('is:new deck:Alpha')).not.toContain('a-one:0');
    const row = view.index!.rowOf('a-one:0')!;
    expect(view.index!.reps[row]).toBe(1);
  });

  it('finds an edited note by its new words and no longer by its old ones', async () => {
    const built = view.index;
    const one = (await db.notes.get(alphaNotes.one.id))!;
    await saveNote(db, { ...one, fields: { ...one.fields, back: 'Lutetia' }, tags: ['renamed'] }, T0 + DAY, false);
    await view.open();
    expect(view.index).toBe(built);
    expect(await found('lutetia')).toEqual(['a-one:0']);
    expect(await found('paris')).toEqual([]);
    expect(await found('tag:renamed')).toEqual(['a-one:0']);
  });

  it('leaves out the cards of a note deleted since', async () => {
    const before = view.index!.cards;
    await deleteNotes(db, [alphaNotes.rev.id], settings);
    await view.open();
    expect(await found('chat')).toEqual([]);
    expect(view.index!.cards).toBe(before - 2);
  });

  it('builds the index again after a change it cannot follow: a deck renamed', async () => {
    const built = view.index;
    await renameDeck(db, 'alpha', 'Capitals');
    await view.open();
    expect(view.index).not.toBe(built);
    expect(await found('deck:Capitals')).toHaveLength(7);
  });

  it('builds the index again for a note added since (its cards are new rows)', async () => {
    const built = view.index;
    const one = (await db.notes.get(alphaNotes.one.id))!;
    await saveNote(db, { ...one, id: 'a-new', fields: { front: 'Capital of Peru?', back: 'Lima' }, tags: [] }, T0 + DAY, true);
    await view.open();
    expect(view.index).not.toBe(built);
    expect(await found('lima')).toEqual(['a-new:0']);
  });
});

describe('the change log', () => {
  it('forgets what is older than its limit: an index built before that cannot catch up', async () => {
    const at = writeCount();
    const one = (await db.cards.get('a-one:0'))!;
    expect(changedSince(at)).toEqual({ cards: new Set(), notes: new Set() });
    await db.cards.put(one);
    expect(changedSince(at)!.cards).toEqual(new Set(['a-one:0']));
    const many = Array.from({ length: CHANGE_LOG_KEYS + 1 }, (_, i) => `x-${i}`);
    await db.cards.bulkDelete(many);
    expect(changedSince(at)).toBeNull();
  });
});
