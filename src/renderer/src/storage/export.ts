// Reading what an export writes: one deck, or every deck, with its notes, their cards (state and history) and the note
// types they use, in one read transaction so the file is a consistent snapshot.
import type { CardRecord, DeckRecord, NoteRecord, NotetypeRecord } from '../../../core/model';
import { cardsOfNotes, notesOfDeck } from './collection';
import type { RetainDB } from './db';

export interface ExportRecords {
  decks: DeckRecord[];
  notes: NoteRecord[];
  cards: CardRecord[];
  notetypes: NotetypeRecord[];
}

/** The records of these decks (every deck when `deckIds` is undefined), in deck-list order. */
export async function readForExport(db: RetainDB, deckIds?: string[]): Promise<ExportRecords> {
  return db.transaction('r', [db.decks, db.notes, db.cards, db.notetypes], async () => {
    if (deckIds === undefined) {
      const [decks, notes, cards, notetypes] = await Promise.all([db.decks.toArray(), db.notes.toArray(), db.cards.toArray(), db.notetypes.toArray()]);
      return { decks: decks.sort((a, b) => a.position - b.position), notes, cards, notetypes };
    }
    const decks = (await db.decks.bulkGet(deckIds)).filter((d): d is DeckRecord => d !== undefined);
    const wanted = new Set(decks.map((d) => d.id));
    const notes = (await Promise.all(decks.map((d) => notesOfDeck(db, d.id)))).flat().filter((n) => wanted.has(n.deckId));
    const cards = await cardsOfNotes(db, notes.map((n) => n.id));
    const used = new Set(notes.flatMap((n) => (n.notetypeId ? [n.notetypeId] : [])));
    const notetypes = (await db.notetypes.bulkGet([...used])).filter((t): t is NotetypeRecord => t !== undefined);
    return { decks: decks.sort((a, b) => a.position - b.position), notes, cards, notetypes };
  });
}
