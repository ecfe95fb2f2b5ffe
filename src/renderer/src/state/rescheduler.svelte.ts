// Rescheduling a preset's cards for its current settings (Settings > FSRS parameters): opt-in, off by default. When
// it is on, a change of the preset's FSRS parameters or desired retention is followed by an offer that shows how many
// cards would move and how many would fall due on each of the next days, before and after; nothing moves until the
// person says so. "Reschedule now…" makes the same offer at any time. The whole reschedule can be undone.
import type { Settings } from '../../../core/settings';
import { SafetyNet } from './safety.svelte';
import type { RetainDB } from '../storage/db';
import { rescheduleOnChange, setRescheduleOnChange } from '../storage/presets';
import { applyReschedule, previewReschedule, undoRescheduleChange, type RescheduleChange, type ReschedulePreview } from '../storage/reschedule';

/** Days the offer shows, today first. */
export const PREVIEW_DAYS = 7;

export class Rescheduler {
  /** Offer to reschedule after a change (stored with the collection). */
  enabled = $state(false);
  /** The offer being shown: what would change. */
  preview = $state.raw<ReschedulePreview | null>(null);
  /** The last reschedule, for Undo. */
  last = $state.raw<RescheduleChange | null>(null);
  busy = $state(false);
  status = $state<string | null>(null);
  error = $state<string | null>(null);

  constructor(
    private readonly db: RetainDB,
    /** The preset shown: its settings and its decks. */
    private readonly scope: () => { settings: Settings; deckIds: readonly string[] },
    /** Waits for the review session's last ratings to be stored. */
    private readonly settled: () => Promise<void>,
    /** Called after cards were moved (the deck list's counts change). */
    private readonly changed: () => Promise<void>,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  async load(): Promise<void> {
    this.enabled = await rescheduleOnChange(this.db);
  }

  async setEnabled(on: boolean): Promise<void> {
    await setRescheduleOnChange(this.db, on);
    this.enabled = on;
  }

  /** Another preset is shown: its offer, if any, is not this one's. */
  clear(): void {
    this.preview = null;
    this.status = this.error = null;
  }

  /** A preset's parameters or desired retention changed: offer, if the person asked to be offered. */
  async settingsChanged(): Promise<void> {
    if (this.enabled) await this.offer();
  }

  /** Works out what rescheduling would do (writes nothing) and shows it. */
  async offer(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = this.status = null;
    try {
      await this.settled();
      const { settings, deckIds } = this.scope();
      const preview = await previewReschedule(this.db, deckIds, settings, this.clock(), PREVIEW_DAYS);
      if (preview.cards === 0) {
        this.preview = null;
        this.status = 'Every card of this preset is already scheduled for its settings: nothing to reschedule.';
      } else this.preview = preview;
    } catch (e) {
      this.error = `Could not work out the reschedule: ${(e as Error).message}`;
    } finally {
      this.busy = false;
    }
  }

  /** Moves the cards as the offer showed, in one write. */
  async apply(): Promise<void> {
    if (this.busy || !this.preview) return;
    this.busy = true;
    this.error = this.status = null;
    try {
      await this.settled();
      const { settings, deckIds } = this.scope();
      SafetyNet.markUnsafe();
      const change = await applyReschedule(this.db, deckIds, settings, this.clock());
      this.last = change;
      this.preview = null;
      this.status = `Rescheduled ${change.ids.length.toLocaleString('en')} ${change.ids.length === 1 ? 'card' : 'cards'}. Each move is in its card's history.`;
      await this.changed();
    } catch (e) {
      this.error = `Nothing was rescheduled: ${(e as Error).message}`;
    } finally {
      this.busy = false;
    }
  }

  /** Leaves the cards as they are. */
  dismiss(): void {
    this.preview = null;
    this.status = 'The cards keep their dates; each follows the new settings from its next answer.';
  }

  /** Puts the cards of the last reschedule back (those answered since stay as they are). */
  async undo(): Promise<void> {
    const change = this.last;
    if (this.busy || !change) return;
    this.busy = true;
    this.error = this.status = null;
    try {
      await this.settled();
      SafetyNet.markUnsafe();
      const undone = await undoRescheduleChange(this.db, change);
      this.last = null;
      this.status =
        `Put back ${undone.restored.toLocaleString('en')} ${undone.restored === 1 ? 'card' : 'cards'} as they were.` +
        (undone.changedSince > 0 ? ` ${undone.changedSince.toLocaleString('en')} answered or changed since keep their new dates.` : '');
      await this.changed();
    } catch (e) {
      this.error = `The reschedule could not be undone: ${(e as Error).message}`;
    } finally {
      this.busy = false;
    }
  }
}
