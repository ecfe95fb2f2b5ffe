// Writes a whole collection (or a large part of one) in a single transaction: all of it lands, or none of it.
// Requests are few by design: a card's review history is inside its record, so a million reviews cost no more requests
// than the cards that hold them.
import { addDays, type CardRecord, type DaySummary, type DeckRecord, type NoteRecord } from '../../../core/model';
import type { RetainDB } from './db';

export interface CollectionData {
  decks: DeckRecord[];
  notes: NoteRecord[];
  cards: CardRecord[];
  /** Summaries of the histories being written: added to any summary already stored for the same deck and day. */
  days: DaySummary[];
}

export async function writeCollection(db: RetainDB, data: CollectionData): Promise<void> {
  await db.transaction('rw', [db.decks, db.notes, db.cards, db.days], async () => {
    // Summaries already stored for these decks: one range per deck (an import into a new deck finds none), not one
    // request per summary.
    const deckIds = [...new Set(data.days.map((d) => d.deckId))];
    const stored = await Promise.all(
      deckIds.map((id) => db.days.where('[deckId+day]').between([id, -Infinity], [id, Infinity], true, true).toArray()),
    );
    const existing = new Map(stored.flat().map((d) => [`${d.deckId}\u0000${d.day}`, d]));
    const days = data.days.map((d) => {
      const old = existing.get(`${d.deckId}\u0000${d.day}`);
      return old ? addDays(old, d) : d;
    });
    await db.decks.bulkPut(data.decks);
    await db.notes.bulkPut(data.notes);
    await db.cards.bulkPut(data.cards);
    await db.days.bulkPut(days);
  });
}
