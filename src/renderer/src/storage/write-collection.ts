// Writes a whole collection (or a large part of one) in a single transaction: all of it lands, or none of it.
// Requests are few by design: a card's review history is inside its record, so a million reviews cost no more requests
// than the cards that hold them.
import type { CardRecord, DaySummary, DeckRecord, NoteRecord } from '../../../core/model';
import type { RetainDB } from './db';
import { withBatchedDerived } from './derived-tables';
import { addSummaries } from './days';

export interface CollectionData {
  decks: DeckRecord[];
  notes: NoteRecord[];
  cards: CardRecord[];
  /** Summaries of the histories being written: added to any summary already stored for the same deck and day. */
  days: DaySummary[];
}

export async function writeCollection(db: RetainDB, data: CollectionData): Promise<void> {
  await db.transaction('rw', [db.decks, db.notes, db.cards, db.dayBlocks, db.hourBlocks], async () => {
    await db.decks.bulkPut(data.decks);
    await withBatchedDerived(async () => {
      await db.notes.bulkPut(data.notes);
      await db.cards.bulkPut(data.cards);
    });
    await addSummaries(db, data.days);
  });
}
