// The Settings screen's presets: which one is being edited, and the changes a person makes to them (add, rename,
// delete, save its options, give a deck a preset). Each change is one write (storage/presets.ts); then the app reads
// the presets and the deck list again. Refusals (a taken name, Default's deletion, an invalid option) say why and
// change nothing.
import { DEFAULT_PRESET_ID, type Preset, type Presets } from '../../../core/presets';
import type { Settings } from '../../../core/settings';
import type { RetainDB } from '../storage/db';
import { addPreset, assignPreset, deletePreset, renamePreset, savePreset } from '../storage/presets';

export class PresetsView {
  /** The preset shown in the form. */
  selectedId = $state(DEFAULT_PRESET_ID);
  /** What the last change did, or why it was refused. */
  status = $state<string | null>(null);
  error = $state<string | null>(null);

  constructor(
    private readonly db: RetainDB,
    private readonly presets: () => Presets | null,
    /** Called before a change is written (the safety copy must know one is coming). */
    private readonly changing: () => void,
    /** Called after a change is written: the app reads the presets and the deck list again. */
    private readonly changed: () => Promise<void>,
    private readonly clock: () => number = () => Date.now(),
    /** Called after the shown preset's FSRS parameters or desired retention changed (the reschedule offer). */
    private readonly memoryChanged: () => Promise<void> = async () => {},
  ) {}

  private get all(): Presets {
    const presets = this.presets();
    if (!presets) throw new Error('The collection is not open.');
    return presets;
  }

  /** The preset being edited (Default if the chosen one is gone). */
  get selected(): Preset {
    return this.all.preset(this.selectedId);
  }

  /** Its settings, with the collection's day-start hour: what the form edits. */
  get settings(): Settings {
    return this.all.forPreset(this.selected.id);
  }

  /** The decks that use it (given it, or inheriting it): what its optimizer learns from. */
  get deckIds(): string[] {
    return this.all.decksUsing(this.selected.id);
  }

  select(id: string): void {
    this.selectedId = this.all.preset(id).id;
    this.status = this.error = null;
  }

  /** Writes a change; `what` says what it did and, once the presets are read again, which preset to show. */
  private async run(what: () => Promise<{ message: string; show?: string }>): Promise<boolean> {
    this.status = this.error = null;
    this.changing();
    try {
      const done = await what();
      await this.changed();
      if (done.show !== undefined) this.selectedId = done.show;
      this.status = done.message;
      return true;
    } catch (e) {
      this.error = `${(e as Error).message} Nothing was changed.`;
      return false;
    }
  }

  /** Saves the edited preset's options and the day-start hour; throws what is wrong (the form shows it). */
  async save(settings: Settings): Promise<void> {
    const id = this.selected.id;
    const before = this.settings;
    this.changing();
    await savePreset(this.db, id, settings, this.clock());
    await this.changed();
    if (before.desiredRetention !== settings.desiredRetention || before.fsrsParams.join() !== settings.fsrsParams.join()) await this.memoryChanged();
  }

  /** A new preset named `name`, a copy of the one shown, which it then shows. */
  add(name: string): Promise<boolean> {
    const source = this.selected;
    return this.run(async () => {
      const id = await addPreset(this.db, name, source.id, this.clock());
      return { message: `Added the preset "${name.trim()}", a copy of "${source.name}".`, show: id };
    });
  }

  rename(name: string): Promise<boolean> {
    return this.run(async () => {
      await renamePreset(this.db, this.selected.id, name, this.clock());
      return { message: 'Renamed the preset.' };
    });
  }

  /** Deletes the preset shown (never Default); its decks go back to inheriting. */
  remove(): Promise<boolean> {
    const { id, name } = this.selected;
    return this.run(async () => {
      await deletePreset(this.db, id, this.clock());
      return { message: `Deleted the preset "${name}". Its decks now use the preset of the deck above them, or Default.`, show: DEFAULT_PRESET_ID };
    });
  }

  /** Gives a deck a preset, or (null) lets it inherit from the deck above it. */
  assign(deckId: string, presetId: string | null): Promise<boolean> {
    return this.run(async () => {
      await assignPreset(this.db, deckId, presetId, this.clock());
      return { message: '' };
    });
  }
}
