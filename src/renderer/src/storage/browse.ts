// What the card browser reads: the per-card summaries (both records of each chunk), the notes' plain texts and the decks, in one read
// transaction (a few hundred records, however many cards), made into the in-memory index of core/browse.ts.
import { BrowseIndex } from '../../../core/browse';
import { readAllColumns } from './card-columns';
import { readNoteTexts } from './note-texts';
import type { RetainDB } from './db';

export async function loadBrowseIndex(db: RetainDB): Promise<BrowseIndex> {
  const [{ columns: chunks, ids }, texts, decks] = await db.transaction('r', [db.cardColumns, db.browseColumns, db.cardColumnIds, db.noteTexts, db.decks], () =>
    Promise.all([readAllColumns(db), readNoteTexts(db), db.decks.toArray()]),
  );
  const notes = { ids: [] as string[], text: [] as string[], tags: [] as string[] };
  for (const t of texts) {
    for (let i = 0; i < t.ids.length; i++) {
      notes.ids.push(t.ids[i]!);
      notes.text.push(t.text[i]!);
      notes.tags.push(t.tags[i]!);
    }
  }
  return new BrowseIndex(chunks, ids, notes, decks.map((d) => ({ id: d.id, name: d.name })));
}
