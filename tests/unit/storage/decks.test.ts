// Decks made here: created with a checked name, renamed with the decks under them, deleted with everything in them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDeckName, renames } from '../../../src/core/deck-names';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { checkDatabase } from '../../../src/renderer/src/storage/check';
import { listDecks } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { createDeck, deckContents, DeckNameError, deleteDeck, renameDeck } from '../../../src/renderer/src/storage/decks';
import { saveNote } from '../../../src/renderer/src/storage/note-edit';
import { checkDraft } from '../../../src/core/note-edit';
import { alphaDeck, answer, derived, freshDb, settingsWith, T0 } from './fixtures';

let db: RetainDB;
const settings = settingsWith();
beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck()], T0);
});
afterEach(() => db.close());

const names = async () => (await listDecks(db)).map((d) => d.name);

async function addNote(deckId: string, id: string) {
  const checked = checkDraft({ id, kind: 'basic', section: '', position: 0 }, { fields: { front: `${id}?`, back: 'x' }, tags: [], deckId });
  if (!checked.ok) throw new Error('refused');
  return saveNote(db, checked.note, T0, true);
}

describe('deck names', () => {
  const decks = [{ id: 'a', name: 'Spanish' }, { id: 'b', name: 'Spanish::Verbs' }, { id: 'c', name: 'French' }];
  it('are trimmed level by level; empty levels, control characters and names taken (ignoring case) are refused', () => {
    expect(checkDeckName('  Languages ::  German ', decks)).toEqual({ ok: true, name: 'Languages::German' });
    expect(checkDeckName('  ', decks)).toEqual({ ok: false, message: 'Give the deck a name.' });
    expect(checkDeckName('A::::B', decks)).toMatchObject({ ok: false, message: expect.stringContaining('nothing may stand empty') });
    expect(checkDeckName('a\tb', decks)).toMatchObject({ ok: false });
    expect(checkDeckName('spanish::verbs', decks)).toEqual({ ok: false, message: 'There is already a deck named "Spanish::Verbs".' });
    expect(checkDeckName('Spanish', decks, 'a')).toEqual({ ok: true, name: 'Spanish' });
  });

  it('a rename carries the decks under it, and refuses a clash or a move under itself', () => {
    expect(renames(decks, 'a', 'Languages::Spanish')).toEqual({ ok: true, renamed: [{ id: 'a', name: 'Languages::Spanish' }, { id: 'b', name: 'Languages::Spanish::Verbs' }] });
    expect(renames(decks, 'a', 'Spanish::Verbs::Old')).toMatchObject({ ok: false, message: '"Spanish" cannot go under itself.' });
    expect(renames(decks, 'b', 'french')).toMatchObject({ ok: false });
  });
});

describe('decks in storage', () => {
  it('create, rename (with the deck under it) and refuse a taken name, writing nothing', async () => {
    const spanish = await createDeck(db, 'Spanish');
    await createDeck(db, ' Spanish :: Verbs ');
    expect(await names()).toEqual(['Alpha', 'Spanish', 'Spanish::Verbs']);
    await expect(createDeck(db, 'alpha')).rejects.toThrow(DeckNameError);
    await renameDeck(db, spanish.id, 'Languages::Spanish');
    expect(await names()).toEqual(['Alpha', 'Languages::Spanish', 'Languages::Spanish::Verbs']);
    await expect(renameDeck(db, spanish.id, 'Alpha')).rejects.toThrow('There is already a deck named "Alpha".');
    expect(await names()).toEqual(['Alpha', 'Languages::Spanish', 'Languages::Spanish::Verbs']);
  });

  it('delete takes the decks under it, their notes, cards and answers; the rest stays consistent', async () => {
    const parent = await createDeck(db, 'Mine');
    const child = await createDeck(db, 'Mine::Sub');
    await addNote(parent.id, 'u-p1');
    await addNote(child.id, 'u-c1');
    await answer(db, 'u-c1:0', 3, T0 + 1000, settings);
    await answer(db, 'a-one:0', 3, T0 + 2000, settings);
    expect(await deckContents(db, parent.id)).toMatchObject({ notes: 2, cards: 2, reviews: 1 });
    const gone = await deleteDeck(db, parent.id, settings);
    expect(gone.decks.map((d) => d.name)).toEqual(['Mine', 'Mine::Sub']);
    expect(await names()).toEqual(['Alpha']);
    expect(await db.notes.get('u-c1')).toBeUndefined();
    expect(await db.cards.get('u-p1:0')).toBeUndefined();
    expect(await db.dayBlocks.where('[deckId+block]').between([child.id, -Infinity], [child.id, Infinity]).count()).toBe(0);
    const { stored, expected } = await derived(db, settings.dayStartHour);
    expect(stored).toEqual(expected);
    expect((await checkDatabase(db, settings, { repair: false })).problems).toEqual([]);
  });
});
