// Deleting notes (Browse: Ctrl+Delete) and putting them back (undo), each in one transaction. A note goes with all its
// cards, and their answers come out of the day summaries, so that the statistics and the database check go on
// agreeing with the histories that are left. Undo puts back the records exactly as they were, answers counted again.
import type { CardRecord, NoteRecord } from '../../../core/model';
import { recountDays } from '../../../core/replay';
import type { Settings } from '../../../core/settings';
import { cardsOfNotes } from './collection';
import type { RetainDB } from './db';
import { addSummaries } from './days';

export interface DeletedNotes {
  notes: NoteRecord[];
  cards: CardRecord[];
}

export async function deleteNotes(db: RetainDB, noteIds: readonly string[], settings: Pick<Settings, 'dayStartHour'>): Promise<DeletedNotes> {
  return db.transaction('rw', [db.notes, db.cards, db.dayBlocks, db.hourBlocks], async () => {
    const notes = (await db.notes.bulkGet([...new Set(noteIds)])).filter((n): n is NoteRecord => n !== undefined);
    const cards = await cardsOfNotes(db, notes.map((n) => n.id));
    await addSummaries(db, recountDays(cards, settings.dayStartHour).values(), -1);
    await db.cards.bulkDelete(cards.map((c) => c.id));
    await db.notes.bulkDelete(notes.map((n) => n.id));
    return { notes, cards };
  });
}

/** Puts deleted notes back (undo). Refused, writing nothing, if one of them was written again meanwhile. */
export async function restoreNotes(db: RetainDB, deleted: DeletedNotes, settings: Pick<Settings, 'dayStartHour'>): Promise<void> {
  await db.transaction('rw', [db.notes, db.cards, db.decks, db.dayBlocks, db.hourBlocks], async () => {
    const again = (await db.notes.bulkGet(deleted.notes.map((n) => n.id))).find((n) => n !== undefined);
    if (again) throw new Error(`The deletion cannot be undone: a note ${again.id} exists again. Nothing was undone.`);
    const decks = new Set((await db.decks.toCollection().primaryKeys()) as string[]);
    const lost = deleted.notes.find((n) => !decks.has(n.deckId));
    if (lost) throw new Error(`The deletion cannot be undone: the deck of note ${lost.id} is gone. Nothing was undone.`);
    await db.notes.bulkAdd(deleted.notes);
    await db.cards.bulkAdd(deleted.cards);
    await addSummaries(db, recountDays(deleted.cards, settings.dayStartHour).values());
  });
}
