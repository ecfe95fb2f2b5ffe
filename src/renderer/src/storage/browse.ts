// What the card browser reads: the per-card summaries, every note and the decks, in one read transaction, made into
// the in-memory index of core/browse.ts.
import { BrowseIndex, browseNoteOf } from '../../../core/browse';
import type { RetainDB } from './db';

export async function loadBrowseIndex(db: RetainDB): Promise<BrowseIndex> {
  const [chunks, ids, notes, decks] = await db.transaction('r', [db.cardColumns, db.cardColumnIds, db.notes, db.decks], () =>
    Promise.all([db.cardColumns.toArray(), db.cardColumnIds.toArray(), db.notes.toArray(), db.decks.toArray()]),
  );
  return new BrowseIndex(chunks, ids, notes.map(browseNoteOf), decks.map((d) => ({ id: d.id, name: d.name })));
}
