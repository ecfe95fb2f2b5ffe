// Writes of the reschedule on change (core/reschedule.ts): after new FSRS parameters or a new desired retention for a
// preset, the cards of the decks using it get their memory states recomputed from their histories and their due
// dates moved, each move a Manual.Reschedule row in the card's history. A preview first says how many cards would
// change and how many would be due on each of the next days, before and after; the reschedule is one transaction, and
// it can be undone (card by card: a card answered, reset or given a due date since keeps what happened to it).
//
// Decisions:
// - Only the cards a reschedule can change are read: a deck's learning, review, suspended and buried cards, two
//   ranges of the `[deckId+queue+due]` index per deck (new cards, most of a large deck, and retired ones are skipped;
//   rescheduleCard leaves them alone, and dueForecast does not count them).
// - The change kept for undo is the ids of the cards changed and the length of their histories after: undo puts back
//   the state each card's Reschedule row holds (undoReschedule), which for a card as the reschedule left it is exactly
//   the card from before (core tests). Nothing else is kept in memory (a reschedule may move 100,000 cards). A card
//   suspended, buried, unsuspended, flagged or moved to another deck since is still put back, keeping those changes
//   (none of them writes a history row); a card with another row since (an answer, a reset, a due date, a second
//   reschedule), or deleted, is left as it is and reported.
// - The derived tables: the per-card summaries follow every write to `cards` (the middleware in card-columns.ts, in
//   the same transaction). The day summaries count answers only; a Reschedule row is no answer (recountDays skips
//   manual rows), so neither a reschedule nor its undo changes them.
// - The settings are not saved here: the caller saves the preset first (which dates the scheduling change, so that
//   the database check does not replay the answers given before with the new settings), then reschedules.
import Dexie from 'dexie';
import { dayNumber } from '../../../core/day';
import { historyLength } from '../../../core/history';
import { Queue, type CardRecord } from '../../../core/model';
import { dueForecast, rescheduleCard, undoReschedule } from '../../../core/reschedule';
import type { Settings } from '../../../core/settings';
import type { RetainDB } from './db';

export interface ReschedulePreview {
  /** How many cards the reschedule would change (a new memory state, a new due date, or both). */
  cards: number;
  /** Of those, how many would be due on another study day. */
  moved: number;
  /** Review cards of the decks due on each of the next days (today first, overdue ones today): now, and after. */
  before: number[];
  after: number[];
}

export interface RescheduleChange {
  /** For the undo button and messages ("Reschedule 120 cards"). */
  label: string;
  deckIds: string[];
  /** The cards the reschedule changed. */
  ids: string[];
  /** The length of each one's history after the reschedule (its last row the Reschedule row), in the order of `ids`. */
  historyLengths: number[];
}

export interface RescheduleUndo {
  /** Cards put back as they were before the reschedule. */
  restored: number;
  /** Cards left as they are: answered, reset, given a due date or rescheduled again since, or deleted. */
  changedSince: number;
  changedIds: string[];
}

/**
 * The cards of these decks a reschedule can change: learning and review cards, and suspended and buried ones (two
 * ranges of the queue index per deck; Buried -2, Suspended -1, Learning 1, Review 2; New 0 and Retired -3 are not read).
 */
async function reschedulable(db: RetainDB, deckIds: readonly string[]): Promise<CardRecord[]> {
  const index = db.cards.where('[deckId+queue+due]');
  const ranges = [...new Set(deckIds)].flatMap((deckId) => [
    index.between([deckId, Queue.Buried, Dexie.minKey], [deckId, Queue.Suspended, Dexie.maxKey], true, true).toArray(),
    index.between([deckId, Queue.Learning, Dexie.minKey], [deckId, Queue.Review, Dexie.maxKey], true, true).toArray(),
  ]);
  return (await Promise.all(ranges)).flat();
}

/** What rescheduling the cards of these decks for `settings` would do. Reads only; writes nothing. */
export async function previewReschedule(db: RetainDB, deckIds: readonly string[], settings: Settings, nowMs: number, days = 7): Promise<ReschedulePreview> {
  const cards = await db.transaction('r', db.cards, () => reschedulable(db, deckIds));
  const hour = settings.dayStartHour;
  let changed = 0;
  let moved = 0;
  const after = cards.map((card) => {
    const next = rescheduleCard(card, settings, nowMs, hour);
    if (!next) return card;
    changed++;
    if (dayNumber(next.sched.due, hour) !== dayNumber(card.sched.due, hour)) moved++;
    return next;
  });
  return { cards: changed, moved, before: dueForecast(cards, nowMs, hour, days), after: dueForecast(after, nowMs, hour, days) };
}

/** Reschedules the cards of these decks for `settings` in one transaction; only the cards it changes are written. */
export async function applyReschedule(db: RetainDB, deckIds: readonly string[], settings: Settings, nowMs: number): Promise<RescheduleChange> {
  return db.transaction('rw', db.cards, async () => {
    const changed: CardRecord[] = [];
    for (const card of await reschedulable(db, deckIds)) {
      const next = rescheduleCard(card, settings, nowMs, settings.dayStartHour);
      if (next) changed.push(next);
    }
    if (changed.length > 0) await db.cards.bulkPut(changed);
    return {
      label: `Reschedule ${changed.length} ${changed.length === 1 ? 'card' : 'cards'}`,
      deckIds: [...new Set(deckIds)],
      ids: changed.map((c) => c.id),
      historyLengths: changed.map((c) => historyLength(c.history)),
    };
  });
}

/**
 * Undoes a reschedule in one transaction: each card still as the reschedule left it (the same history, its last row
 * the Reschedule row) gets the state that row holds back; the others are left alone and counted.
 */
export async function undoRescheduleChange(db: RetainDB, change: RescheduleChange): Promise<RescheduleUndo> {
  return db.transaction('rw', db.cards, async () => {
    const current = await db.cards.bulkGet(change.ids);
    const restored: CardRecord[] = [];
    const changedIds: string[] = [];
    current.forEach((card, i) => {
      const back = card && historyLength(card.history) === change.historyLengths[i] ? undoReschedule(card) : null;
      if (back) restored.push(back);
      else changedIds.push(change.ids[i]!);
    });
    if (restored.length > 0) await db.cards.bulkPut(restored);
    return { restored: restored.length, changedSince: changedIds.length, changedIds };
  });
}
