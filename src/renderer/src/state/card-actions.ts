// The card actions as the screens call them (Browse on its selection, Review on the card shown): suspend or
// unsuspend, bury until tomorrow, flag, reset to new, set due date; each one write, each undoable. None is in the safety journal (answers are):
// each is counted as a write the newest safety copy lacks before it is made, so a start after a crash takes a copy
// first, and a copy is taken a while after the last one (see AppState.cardsChanged).
import { buried, dueDaysFor, flagged, resetToNew, restored, suspended, withDueDate, type DueSpec } from '../../../core/card-actions';
import { dayNumber } from '../../../core/day';
import type { CardRecord, Flag } from '../../../core/model';
import { FLAG_NAMES } from '../../../core/model';
import { schedulerForDeck, type DeckSettings } from '../../../core/presets';
import { changeCards, undoCardChange, type CardChange } from '../storage/card-actions';
import { deleteNotes, restoreNotes, type DeletedNotes } from '../storage/delete';
import type { RetainDB } from '../storage/db';
import { SafetyNet } from './safety.svelte';

export type CardAction =
  | { kind: 'suspend' }
  | { kind: 'unsuspend' }
  | { kind: 'bury' }
  | { kind: 'flag'; flag: Flag | 0 }
  /** Reset to new (Anki's Forget); `resetCounts` clears the repetition and lapse counts too. */
  | { kind: 'reset'; resetCounts: boolean }
  /** Set due date, as the "Set due date" box read it (core/card-actions.ts parseDueSpec). */
  | { kind: 'due'; spec: DueSpec };

/** "0", "3-7!": the days a due-date spec was written as, for labels. */
function daysText(spec: DueSpec): string {
  const days = spec.min === spec.max ? `${spec.min}` : `${spec.min}-${spec.max}`;
  return `${days} day${spec.max === 1 ? '' : 's'}`;
}

const cards = (n: number) => `${n.toLocaleString()} card${n === 1 ? '' : 's'}`;

/** "Suspend 3 cards", "Flag 1 card Red", "Remove the flag of 2 cards". */
export function actionLabel(action: CardAction, n: number): string {
  switch (action.kind) {
    case 'suspend':
      return `Suspend ${cards(n)}`;
    case 'unsuspend':
      return `Unsuspend ${cards(n)}`;
    case 'bury':
      return `Bury ${cards(n)} until tomorrow`;
    case 'flag':
      return action.flag === 0 ? `Remove the flag of ${cards(n)}` : `Flag ${cards(n)} ${FLAG_NAMES[action.flag]}`;
    case 'reset':
      return `Reset ${cards(n)} to new${action.resetCounts ? ' (counts too)' : ''}`;
    case 'due':
      return action.spec.max === 0
        ? `Make ${cards(n)} due today${action.spec.setInterval ? ' (interval 1 day)' : ''}`
        : `Make ${cards(n)} due in ${daysText(action.spec)}${action.spec.setInterval ? ' (interval too)' : ''}`;
  }
}

export class CardActions {
  constructor(
    private readonly db: RetainDB,
    /** Each deck's settings (its preset's). */
    private readonly settings: () => DeckSettings,
    private readonly clock: () => number,
    /** Called after each write (an action or its undo), with the cards as they now are. */
    private readonly changed: (cards: readonly CardRecord[]) => void,
  ) {}

  private changeOf(action: CardAction): (card: CardRecord) => CardRecord {
    switch (action.kind) {
      case 'suspend':
        return suspended;
      case 'unsuspend':
        return restored;
      case 'bury': {
        const day = dayNumber(this.clock(), this.settings().dayStartHour);
        return (card) => buried(card, day);
      }
      case 'flag':
        return (card) => flagged(card, action.flag);
      case 'reset': {
        const now = this.clock();
        return (card) => resetToNew(card, now, action.resetCounts);
      }
      case 'due': {
        const now = this.clock();
        const settings = this.settings();
        // A new card given a due date starts from the difficulty of its deck's parameters.
        return (card) =>
          withDueDate(card, dueDaysFor(action.spec, card.id, now), action.spec.setInterval, now, settings.dayStartHour, schedulerForDeck(settings, card.deckId).initialDifficulty());
      }
    }
  }

  /** Does `action` to the cards with these ids, in one write; returns what was done, for undo. */
  async perform(ids: readonly string[], action: CardAction): Promise<CardChange> {
    SafetyNet.markUnsafe();
    const change = await changeCards(this.db, ids, this.changeOf(action), actionLabel(action, ids.length));
    if (change.after.length > 0) this.changed(change.after);
    return change;
  }

  /** Deletes these notes with all their cards (their answers out of the day summaries); returns them, for undo. */
  async deleteNotes(noteIds: readonly string[]): Promise<DeletedNotes> {
    SafetyNet.markUnsafe();
    const deleted = await deleteNotes(this.db, noteIds, this.settings());
    this.changed([]);
    return deleted;
  }

  /** Puts deleted notes back, as they were (refused, writing nothing, if one exists again). */
  async restoreNotes(deleted: DeletedNotes): Promise<void> {
    SafetyNet.markUnsafe();
    await restoreNotes(this.db, deleted, this.settings());
    this.changed(deleted.cards);
  }

  /** Takes `change` back (ChangedSinceError, and nothing written, if a card changed since). */
  async undo(change: CardChange): Promise<void> {
    SafetyNet.markUnsafe();
    await undoCardChange(this.db, change);
    if (change.before.length > 0) this.changed(change.before);
  }
}
