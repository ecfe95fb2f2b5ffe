// The optimizer's training set, read from the collection: the histories of the cards in some decks (all of them when
// no decks are named), made into items by core/fsrs-items.ts. Histories live inside the card records, so this reads
// the cards; nothing else is read or written.
import { buildTrainingSet, type TrainingSet } from '../../../core/fsrs-items';
import type { RetainDB } from './db';

export async function readTrainingSet(db: RetainDB, deckIds: ReadonlySet<string> | null, dayStartHour: number): Promise<TrainingSet> {
  const cards = await db.cards.toArray();
  const histories = [];
  for (const card of cards) if (card.history.length > 0 && (!deckIds || deckIds.has(card.deckId))) histories.push(card.history);
  return buildTrainingSet(histories, dayStartHour);
}
