// Presets: named sets of scheduling options (Anki's deck options presets), assigned to decks. A deck uses the preset
// it was given; a deck given none uses its parent's (by name: `Spanish::Verbs` under `Spanish`), up to the Default
// preset, which every collection has and which cannot be deleted. The hour the day starts is the collection's, not a
// preset's: every deck's day must begin at the same time for "today" to mean one thing.
//
// Everything that schedules, limits or predicts a deck's cards asks `Presets` for that deck's settings.
import { isUnder } from './deck-names';
import { schedulerFor, type Scheduler } from './scheduler';
import { validateSettings, type Settings, type SettingsProblem } from './settings';

/** A preset's options: every setting but the collection's day-start hour. */
export type PresetOptions = Omit<Settings, 'dayStartHour'>;

export interface Preset extends PresetOptions {
  id: string;
  name: string;
}

export const DEFAULT_PRESET_ID = 'default';
export const DEFAULT_PRESET_NAME = 'Default';
const MAX_NAME = 100;

/** What a deck needs for its preset to be worked out: its name (for the parent) and the preset it was given. */
export interface DeckPresetRef {
  id: string;
  name: string;
  presetId?: string;
}

/** The options of `settings` (everything but the day-start hour). */
export function optionsOf(settings: Settings): PresetOptions {
  const { dayStartHour: _hour, ...options } = settings;
  return options;
}

/** A preset name as it will be stored, or what is wrong with it (empty, too long, taken). */
export function checkPresetName(typed: string, presets: readonly Pick<Preset, 'id' | 'name'>[], selfId?: string): { ok: true; name: string } | { ok: false; message: string } {
  const name = typed.trim().replace(/\s+/g, ' ');
  if (name === '') return { ok: false, message: 'Give the preset a name.' };
  if ([...name].length > MAX_NAME) return { ok: false, message: `A preset name can be at most ${MAX_NAME} characters.` };
  const same = presets.find((p) => p.id !== selfId && p.name.toLowerCase() === name.toLowerCase());
  if (same) return { ok: false, message: `There is already a preset named "${same.name}".` };
  return { ok: true, name };
}

/** Checks a preset's options as settings are checked (the day-start hour is the collection's and not checked here). */
export function validateOptions(input: Record<string, unknown>, dayStartHour: number): { ok: true; options: PresetOptions } | { ok: false; problems: SettingsProblem[] } {
  const result = validateSettings({ ...input, dayStartHour });
  return result.ok ? { ok: true, options: optionsOf(result.settings) } : result;
}

/**
 * For each deck, the id of the preset it uses: its own, else the nearest deck above it that has one, else Default. A
 * preset id that names no preset (deleted) counts as none.
 */
export function resolvePresetIds(decks: readonly DeckPresetRef[], presetIds: ReadonlySet<string>): Map<string, string> {
  const given = decks.filter((d) => d.presetId !== undefined && presetIds.has(d.presetId));
  const out = new Map<string, string>();
  for (const deck of decks) {
    // The nearest: the longest name that the deck's name is, or is under.
    let best: DeckPresetRef | undefined;
    for (const g of given) if (isUnder(deck.name, g.name) && (!best || g.name.length > best.name.length)) best = g;
    out.set(deck.id, best?.presetId ?? DEFAULT_PRESET_ID);
  }
  return out;
}

/** The collection's presets and which deck uses which: the settings of any deck. Immutable; load anew after a change. */
export class Presets {
  readonly list: readonly Preset[];
  private readonly byId: Map<string, Preset>;
  private readonly deckPreset: Map<string, string>;
  private readonly settingsCache = new Map<string, Settings>();

  /** `list` must hold the Default preset (id DEFAULT_PRESET_ID); it is put first. */
  constructor(
    readonly dayStartHour: number,
    list: readonly Preset[],
    readonly decks: readonly DeckPresetRef[],
  ) {
    const defaults = list.find((p) => p.id === DEFAULT_PRESET_ID);
    if (!defaults) throw new Error('the presets lack the Default preset');
    this.list = [defaults, ...list.filter((p) => p.id !== DEFAULT_PRESET_ID).sort((a, b) => a.name.localeCompare(b.name))];
    this.byId = new Map(this.list.map((p) => [p.id, p]));
    this.deckPreset = resolvePresetIds(decks, new Set(this.byId.keys()));
  }

  /** The preset `id`, or Default when there is none of that id. */
  preset(id: string): Preset {
    return this.byId.get(id) ?? this.byId.get(DEFAULT_PRESET_ID)!;
  }

  /** The id of the preset deck `deckId` uses (inherited from above where it was given none). */
  presetIdOf(deckId: string): string {
    return this.deckPreset.get(deckId) ?? DEFAULT_PRESET_ID;
  }

  /** The preset a deck was given itself (undefined: it inherits). */
  ownPresetIdOf(deckId: string): string | undefined {
    const own = this.decks.find((d) => d.id === deckId)?.presetId;
    return own !== undefined && this.byId.has(own) ? own : undefined;
  }

  /** The settings of preset `id` with the collection's day-start hour. */
  forPreset(id: string): Settings {
    const preset = this.preset(id);
    let settings = this.settingsCache.get(preset.id);
    if (!settings) {
      const { id: _id, name: _name, ...options } = preset;
      settings = { ...options, dayStartHour: this.dayStartHour };
      this.settingsCache.set(preset.id, settings);
    }
    return settings;
  }

  forDeck(deckId: string): Settings {
    return this.forPreset(this.presetIdOf(deckId));
  }

  get defaults(): Settings {
    return this.forPreset(DEFAULT_PRESET_ID);
  }

  /** One scheduler per preset, shared by its decks' cards. */
  schedulerForDeck(deckId: string): Scheduler {
    return this.schedulerForPreset(this.presetIdOf(deckId));
  }

  schedulerForPreset(id: string): Scheduler {
    // forPreset gives the same settings object each time, so the scheduler made for it is shared.
    return schedulerFor(this.forPreset(id));
  }

  /** The decks that use preset `id` (given it, or inheriting it). */
  decksUsing(id: string): string[] {
    return this.decks.filter((d) => this.presetIdOf(d.id) === id).map((d) => d.id);
  }

  /**
   * The forgetting curve of each card by its deck (presets may differ in FSRS parameters, and so in the curve's
   * shape): for statistics and the browser, which predict recall for many cards at once.
   */
  forgettingCurve(): (elapsedDays: number, stability: number, deckId: string) => number {
    const curves = new Map<string, (elapsedDays: number, stability: number) => number>();
    for (const p of this.list) curves.set(p.id, this.schedulerForPreset(p.id).forgettingCurve());
    const ofDeck = new Map<string, (elapsedDays: number, stability: number) => number>();
    return (elapsedDays, stability, deckId) => {
      let curve = ofDeck.get(deckId);
      if (!curve) ofDeck.set(deckId, (curve = curves.get(this.presetIdOf(deckId))!));
      return curve(elapsedDays, stability);
    };
  }
}

/** Settings for every deck alike (a test, a single deck), or each deck's by its preset. */
export type DeckSettings = Settings | Presets;

export function settingsForDeck(source: DeckSettings, deckId: string): Settings {
  return source instanceof Presets ? source.forDeck(deckId) : source;
}

/** The scheduler for a deck's cards (one per preset, or per plain settings object). */
export function schedulerForDeck(source: DeckSettings, deckId: string): Scheduler {
  return source instanceof Presets ? source.schedulerForDeck(deckId) : schedulerFor(source);
}

/** The forgetting curve of a card by its deck (see Presets.forgettingCurve). */
export function curveByDeck(source: DeckSettings): (elapsedDays: number, stability: number, deckId: string) => number {
  if (source instanceof Presets) return source.forgettingCurve();
  const curve = schedulerForDeck(source, '').forgettingCurve();
  return (elapsedDays, stability) => curve(elapsedDays, stability);
}
