// Writes of the card actions (core/card-actions.ts), each over many cards in one transaction, and their undo. A
// change keeps the records from before and after: undo writes the ones from before back, once it has made sure no
// card changed in between (an answer in another window, say), else it writes nothing and says so.
import type { CardRecord } from '../../../core/model';
import type { RetainDB } from './db';

export interface CardChange {
  /** What was done, for the undo button and messages ("Suspend 3 cards"). */
  label: string;
  before: CardRecord[];
  after: CardRecord[];
}

export class ChangedSinceError extends Error {
  constructor(label: string, cardId: string) {
    super(`"${label}" cannot be undone: card ${cardId} changed since. Nothing was undone.`);
    this.name = 'ChangedSinceError';
  }
}

/** The same stored state, as far as the actions and answers can tell (they change these fields, and the history). */
function same(a: CardRecord, b: CardRecord): boolean {
  return (
    a.queue === b.queue && a.due === b.due && a.deckId === b.deckId && (a.flag ?? 0) === (b.flag ?? 0) && a.buriedDay === b.buriedDay &&
    a.history.length === b.history.length && a.sched.reps === b.sched.reps && a.sched.due === b.sched.due && a.sched.state === b.sched.state
  );
}

/**
 * Applies `change` to the cards with these ids (missing ones are skipped) in one transaction; only the cards it
 * changes are written. Returns what it did, for undo.
 */
export async function changeCards(db: RetainDB, ids: readonly string[], change: (card: CardRecord) => CardRecord, label: string): Promise<CardChange> {
  return db.transaction('rw', db.cards, async () => {
    const found = (await db.cards.bulkGet([...ids])).filter((c): c is CardRecord => c !== undefined);
    const before: CardRecord[] = [];
    const after: CardRecord[] = [];
    for (const card of found) {
      const next = change(card);
      if (next === card) continue;
      before.push(card);
      after.push(next);
    }
    if (after.length > 0) await db.cards.bulkPut(after);
    return { label, before, after };
  });
}

/** Puts back the cards of `change` as they were before it. Throws ChangedSinceError (writing nothing) if one of them
 * is no longer as the change left it. */
export async function undoCardChange(db: RetainDB, change: CardChange): Promise<void> {
  await db.transaction('rw', db.cards, async () => {
    const current = await db.cards.bulkGet(change.after.map((c) => c.id));
    change.after.forEach((expected, i) => {
      const now = current[i];
      if (!now || !same(now, expected)) throw new ChangedSinceError(change.label, expected.id);
    });
    if (change.before.length > 0) await db.cards.bulkPut(change.before);
  });
}
