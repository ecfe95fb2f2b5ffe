// Gathering for the Statistics screen, in one read transaction: the chosen decks' day blocks (all of them: the
// streaks, the calendar and the retention table look back further than the period), their hour blocks for the
// period only, and every chunk of per-card summaries. Never a review history, never a card record.
import { blockOfDay } from '../../../core/day-blocks';
import type { StatsInput } from '../../../core/stats/panels';
import type { RetainDB } from './db';

type Key = [string, number];

/** `deckIds` null: every deck. Hour blocks are read from the block of `hoursFrom` (a day number) on. */
export function gatherStats(db: RetainDB, deckIds: readonly string[] | null, hoursFrom: number): Promise<StatsInput> {
  return db.transaction('r', [db.decks, db.dayBlocks, db.hourBlocks, db.cardColumns], async () => {
    const decks = deckIds ?? ((await db.decks.toCollection().primaryKeys()) as string[]);
    const fromBlock = blockOfDay(hoursFrom);
    const range = (deckId: string, from: number): [Key, Key] => [[deckId, from], [deckId, Infinity]];
    const [dayBlocks, hourBlocks, columns] = await Promise.all([
      deckIds === null
        ? db.dayBlocks.toArray()
        : Promise.all(decks.map((id) => db.dayBlocks.where('[deckId+block]').between(...range(id, -Infinity), true, true).toArray())).then((b) => b.flat()),
      Promise.all(decks.map((id) => db.hourBlocks.where('[deckId+block]').between(...range(id, fromBlock), true, true).toArray())).then((b) => b.flat()),
      db.cardColumns.toArray(),
    ]);
    return { dayBlocks, hourBlocks, columns };
  });
}
