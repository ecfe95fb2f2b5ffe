// Gathering for the Statistics screen: the day summaries (never a review history).
import { summariesOf } from '../../../core/day-blocks';
import type { DaySummary } from '../../../core/model';
import type { RetainDB } from './db';

/** Every day summary of every deck (the screen shows all decks; choosing decks is still to come). */
export async function readDaySummaries(db: RetainDB): Promise<DaySummary[]> {
  return summariesOf(await db.dayBlocks.toArray(), await db.hourBlocks.toArray());
}
