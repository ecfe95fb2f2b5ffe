// Gathering for the Statistics screen, in one read transaction: the chosen decks' day blocks from `daysFrom` on (the
// calendar, the retention table and the periods reach back a year at most), their digests for what lies before
// (streaks, all-time retention), their hour blocks for the period only, and every chunk of per-card summaries.
// Never a review history, never a card record.
import { blockOfDay } from '../../../core/day-blocks';
import type { StatsInput } from '../../../core/stats/panels';
import type { RetainDB } from './db';

type Key = [string, number];

/**
 * `deckIds` null: every deck. Day blocks are read from the block of `daysFrom` on, hour blocks from that of
 * `hoursFrom` (day numbers; -Infinity: all).
 */
export function gatherStats(db: RetainDB, deckIds: readonly string[] | null, daysFrom: number, hoursFrom: number): Promise<StatsInput> {
  return db.transaction('r', [db.decks, db.dayBlocks, db.hourBlocks, db.dayDigests, db.cardColumns], async () => {
    const decks = deckIds ?? ((await db.decks.toCollection().primaryKeys()) as string[]);
    const blocksFrom = blockOfDay(daysFrom);
    const range = (deckId: string, from: number): [Key, Key] => [[deckId, from], [deckId, Infinity]];
    const [dayBlocks, hourBlocks, digests, columns] = await Promise.all([
      deckIds === null && blocksFrom === -Infinity
        ? db.dayBlocks.toArray()
        : Promise.all(decks.map((id) => db.dayBlocks.where('[deckId+block]').between(...range(id, blocksFrom), true, true).toArray())).then((b) => b.flat()),
      Promise.all(decks.map((id) => db.hourBlocks.where('[deckId+block]').between(...range(id, blockOfDay(hoursFrom)), true, true).toArray())).then((b) => b.flat()),
      blocksFrom === -Infinity ? [] : deckIds === null ? db.dayDigests.toArray() : db.dayDigests.bulkGet([...decks]).then((d) => d.filter((x) => x !== undefined)),
      db.cardColumns.toArray(),
    ]);
    return { dayBlocks, hourBlocks, digests, blocksFrom, columns };
  });
}
