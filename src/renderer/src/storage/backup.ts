// The whole collection as one snapshot (for a backup file) and back. Reading takes one transaction, so a backup is a
// moment of the collection, never half of a review; restoring replaces everything in one transaction, so it either
// happens whole or not at all, and rebuilds what is derived (day summaries, per-card statistics) from the histories.
import { blocksOf } from '../../../core/day-blocks';
import type { CollectionSnapshot } from '../../../core/backup';
import type { DaySummary } from '../../../core/model';
import { recountDays } from '../../../core/replay';
import { DEFAULT_SETTINGS } from '../../../core/settings';
import { rebuildCardColumns } from './card-columns';
import type { RetainDB, SettingsRecord } from './db';

export async function snapshotCollection(db: RetainDB, nowMs: number, appVersion: string): Promise<CollectionSnapshot> {
  return db.transaction('r', [db.decks, db.notes, db.cards, db.notetypes, db.media, db.settings], async () => {
    const [decks, notes, cards, notetypes, media, settings] = await Promise.all([
      db.decks.toArray(),
      db.notes.toArray(),
      db.cards.toArray(),
      db.notetypes.toArray(),
      db.media.toArray(),
      db.settings.get('settings'),
    ]);
    const { id: _id, ...stored } = settings ?? { id: 'settings' };
    return { createdAt: nowMs, appVersion, settings: settings ? (stored as CollectionSnapshot['settings']) : null, decks, notes, cards, notetypes, media };
  });
}

/**
 * The tables a restore writes: a caller that restores inside a transaction of its own (the safety copy's restore,
 * which replays the journal in the same one) must open it over all of these.
 */
export function restoredTables(db: RetainDB) {
  return [db.decks, db.notes, db.cards, db.notetypes, db.media, db.settings, db.dayBlocks, db.hourBlocks, db.dayDigests, db.cardColumns, db.browseColumns, db.cardColumnIds, db.noteTexts];
}

/** Replaces the whole collection with the snapshot's, in one transaction. */
export async function restoreCollection(db: RetainDB, s: CollectionSnapshot): Promise<void> {
  const tables = restoredTables(db);
  await db.transaction('rw', tables, async () => {
    // The day digests follow the day blocks (their middleware clears and rewrites them).
    await Promise.all(tables.filter((t) => t !== db.dayDigests).map((t) => t.clear()));
    await db.decks.bulkAdd(s.decks);
    await db.notes.bulkAdd(s.notes); // the note-texts middleware writes their texts in the same write
    await db.notetypes.bulkAdd(s.notetypes);
    await db.media.bulkAdd(s.media);
    if (s.settings) await db.settings.put({ ...s.settings, id: 'settings' } as SettingsRecord);
    await db.cards.bulkAdd(s.cards);
    const dayStartHour = s.settings?.dayStartHour ?? DEFAULT_SETTINGS.dayStartHour;
    const days = recountDays(s.cards, dayStartHour, new Map<string, DaySummary>());
    const blocks = blocksOf(days.values());
    await Promise.all([db.dayBlocks.bulkAdd(blocks.days), db.hourBlocks.bulkAdd(blocks.hours)]);
    // The middleware kept rows for the cards added above; rebuilt whole, as the check does.
    await rebuildCardColumns(s.cards, { columns: db.cardColumns, ids: db.cardColumnIds, browse: db.browseColumns });
  });
}
