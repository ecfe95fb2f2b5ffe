// Creating, renaming and deleting decks (the Decks screen), each in one transaction. A rename carries the decks under
// the deck along; a delete takes the decks under it too, with their notes and cards, and their answers out of the day
// summaries (as deleting notes does), so nothing of them is left behind.
import { checkDeckName, isUnder, renames } from '../../../core/deck-names';
import { answerCount } from '../../../core/history';
import type { DeckRecord } from '../../../core/model';
import { recountDays } from '../../../core/replay';
import type { Settings } from '../../../core/settings';
import { cardsOfNotes, listDecks, notesOfDeck } from './collection';
import type { RetainDB } from './db';
import { addSummaries } from './days';

/** A deck's id made here: `u-deck-` and a random part (the bundled decks' ids never start so). */
export function newDeckId(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)];
  return `u-deck-${s}`;
}

/** Thrown with what is wrong with a name (taken, empty level...); nothing is written. */
export class DeckNameError extends Error {
  override name = 'DeckNameError';
}

export async function createDeck(db: RetainDB, typed: string): Promise<DeckRecord> {
  return db.transaction('rw', db.decks, async () => {
    const decks = await listDecks(db);
    const checked = checkDeckName(typed, decks);
    if (!checked.ok) throw new DeckNameError(checked.message);
    const deck: DeckRecord = {
      id: newDeckId(),
      name: checked.name,
      description: '',
      source: { title: 'Your own notes', sections: [] },
      position: decks.reduce((max, d) => Math.max(max, d.position + 1), 0),
      bundled: false,
      contentHash: '',
    };
    await db.decks.add(deck);
    return deck;
  });
}

/** Renames a deck and the decks under it; returns their new records. */
export async function renameDeck(db: RetainDB, id: string, typed: string): Promise<DeckRecord[]> {
  return db.transaction('rw', db.decks, async () => {
    const decks = await listDecks(db);
    const result = renames(decks, id, typed);
    if (!result.ok) throw new DeckNameError(result.message);
    const byId = new Map(decks.map((d) => [d.id, d]));
    const records = result.renamed.map((r) => ({ ...byId.get(r.id)!, name: r.name, renamed: true }));
    await db.decks.bulkPut(records);
    return records;
  });
}

/** What deleting a deck would take: the deck, the decks under it, their notes, cards and answers. */
export interface DeckContents {
  decks: DeckRecord[];
  notes: number;
  cards: number;
  reviews: number;
}

export async function deckContents(db: RetainDB, id: string): Promise<DeckContents> {
  return db.transaction('r', [db.decks, db.notes, db.cards], async () => {
    const all = await listDecks(db);
    const deck = all.find((d) => d.id === id);
    if (!deck) return { decks: [], notes: 0, cards: 0, reviews: 0 };
    const decks = all.filter((d) => isUnder(d.name, deck.name));
    const notes = (await Promise.all(decks.map((d) => notesOfDeck(db, d.id)))).flat();
    const cards = await cardsOfNotes(db, notes.map((n) => n.id));
    return { decks, notes: notes.length, cards: cards.length, reviews: cards.reduce((n, c) => n + answerCount(c.history), 0) };
  });
}

/** Deletes a deck, the decks under it, their notes and cards, and their answers from the statistics. */
export async function deleteDeck(db: RetainDB, id: string, settings: Pick<Settings, 'dayStartHour'>): Promise<DeckContents> {
  return db.transaction('rw', [db.decks, db.notes, db.cards, db.dayBlocks, db.hourBlocks], async () => {
    const all = await listDecks(db);
    const deck = all.find((d) => d.id === id);
    if (!deck) throw new Error('That deck is no longer in the collection.');
    const decks = all.filter((d) => isUnder(d.name, deck.name));
    const notes = (await Promise.all(decks.map((d) => notesOfDeck(db, d.id)))).flat();
    const cards = await cardsOfNotes(db, notes.map((n) => n.id));
    await addSummaries(db, recountDays(cards, settings.dayStartHour).values(), -1);
    await db.cards.bulkDelete(cards.map((c) => c.id));
    await db.notes.bulkDelete(notes.map((n) => n.id));
    for (const d of decks) {
      const range = (t: typeof db.dayBlocks | typeof db.hourBlocks) => t.where('[deckId+block]').between([d.id, -Infinity], [d.id, Infinity], true, true).delete();
      await Promise.all([range(db.dayBlocks), range(db.hourBlocks)]);
    }
    await db.decks.bulkDelete(decks.map((d) => d.id));
    return { decks, notes: notes.length, cards: cards.length, reviews: cards.reduce((n, c) => n + answerCount(c.history), 0) };
  });
}
