// Writes an edited or new note (core/note-edit.ts) with its cards, in one transaction: the note, its cards moved with
// it to its deck, cards of cloze deletions taken out retired, new ones added. Progress is never touched.
import { cardsAfterEdit } from '../../../core/note-edit';
import type { CardRecord, NoteRecord } from '../../../core/model';
import { cardsOfNotes, notesOfDeck } from './collection';
import type { RetainDB } from './db';

export interface SavedNote {
  note: NoteRecord;
  /** The note's cards that were written (added, moved, retired or brought back). */
  cards: CardRecord[];
  /** Every card of the note as it now is. */
  all: CardRecord[];
}

/** Thrown when the note to edit is gone (deleted in another window); nothing is written. */
export class NoteGoneError extends Error {
  constructor(id: string) {
    super(`The note ${id} is no longer in the collection (deleted in another window?). Nothing was saved.`);
    this.name = 'NoteGoneError';
  }
}

/**
 * Saves `note` (checked by checkDraft). `isNew`: a note written on the Add screen, which must not exist yet. A note
 * that comes into a deck (new, or moved) goes after the deck's last note, so its new cards come last in deck order.
 */
export async function saveNote(db: RetainDB, note: NoteRecord, nowMs: number, isNew: boolean): Promise<SavedNote> {
  return db.transaction('rw', [db.notes, db.cards, db.decks], async () => {
    if (!(await db.decks.get(note.deckId))) throw new Error(`The deck ${note.deckId} is no longer in the collection. Nothing was saved.`);
    const before = await db.notes.get(note.id);
    if (isNew && before) throw new Error(`A note ${note.id} already exists. Nothing was saved.`);
    if (!isNew && !before) throw new NoteGoneError(note.id);
    let position = note.position;
    if (!before || before.deckId !== note.deckId) {
      const inDeck = await notesOfDeck(db, note.deckId);
      position = inDeck.reduce((max, n) => Math.max(max, n.position + 1), 0);
    }
    const record: NoteRecord = { ...note, position };
    const existing = before ? await cardsOfNotes(db, [note.id]) : [];
    const all = cardsAfterEdit(record, existing, nowMs);
    const kept = new Set(existing);
    const cards = all.filter((c) => !kept.has(c));
    await db.notes.put(record);
    if (cards.length > 0) await db.cards.bulkPut(cards);
    return { note: record, cards, all };
  });
}
