// Gathering for the Statistics screen: the day summaries of the chosen decks (never a review history).
import type { DaySummary } from '../../../core/model';
import type { RetainDB } from './db';

/** Every day summary of these decks, or of all decks when none are given. */
export async function readDaySummaries(db: RetainDB, deckIds?: readonly string[]): Promise<DaySummary[]> {
  if (!deckIds) return db.days.toArray();
  const perDeck = await db.transaction('r', db.days, () =>
    Promise.all(deckIds.map((id) => db.days.where('[deckId+day]').between([id, -Infinity], [id, Infinity], true, true).toArray())),
  );
  return perDeck.flat();
}
