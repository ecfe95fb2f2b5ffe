// The presets, stored in the one settings record (storage/db.ts SettingsRecord): the Default preset's options as the
// record's own fields (as before presets existed, so older collections and backups read as they are), the others in
// `presets`, and the preset each deck was given in `deckPresets`. Every change is one read-modify-write of that record
// in a transaction; a change that alters how some deck's cards are scheduled is dated (schedulingChangedAt), as the
// database check replays only the answers given since.
import { blocksOf } from '../../../core/day-blocks';
import type { DaySummary } from '../../../core/model';
import {
  checkPresetName,
  DEFAULT_PRESET_ID,
  DEFAULT_PRESET_NAME,
  optionsOf,
  Presets,
  validateOptions,
  type Preset,
  type PresetOptions,
} from '../../../core/presets';
import { recountDays } from '../../../core/replay';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../../../core/settings';
import type { RetainDB, SettingsRecord } from './db';

export class PresetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PresetError';
  }
}

/** The settings a stored record holds (none stored: the defaults). */
export function settingsOf(stored: SettingsRecord | undefined): Settings {
  const { id: _id, schedulingChangedAt: _at, presets: _p, deckPresets: _d, rescheduleOnChange: _r, ...rest } = stored ?? { id: 'settings' };
  // Settings written by an older version may lack newer fields: defaults fill them in. An invalid stored value
  // (edited by hand) falls back to the defaults rather than breaking the app.
  const result = validateSettings({ ...DEFAULT_SETTINGS, ...rest });
  return result.ok ? result.settings : (validateSettings({ ...DEFAULT_SETTINGS }) as { ok: true; settings: Settings }).settings;
}

/** The presets a stored record holds: Default from its own fields, the others checked as settings are. */
function presetsOf(stored: SettingsRecord | undefined): { dayStartHour: number; list: Preset[]; deckPresets: Record<string, string> } {
  const defaults = settingsOf(stored);
  const list: Preset[] = [{ id: DEFAULT_PRESET_ID, name: DEFAULT_PRESET_NAME, ...optionsOf(defaults) }];
  for (const p of stored?.presets ?? []) {
    if (typeof p?.id !== 'string' || p.id === DEFAULT_PRESET_ID || typeof p.name !== 'string') continue;
    const { id, name, ...options } = p;
    const checked = validateOptions({ ...optionsOf(DEFAULT_SETTINGS), ...options }, defaults.dayStartHour);
    list.push({ id, name, ...(checked.ok ? checked.options : optionsOf(DEFAULT_SETTINGS)) });
  }
  return { dayStartHour: defaults.dayStartHour, list, deckPresets: { ...stored?.deckPresets } };
}

export async function loadPresets(db: RetainDB): Promise<Presets> {
  return db.transaction('r', db.settings, db.decks, async () => {
    const [stored, decks] = await Promise.all([db.settings.get('settings'), db.decks.toArray()]);
    const { dayStartHour, list, deckPresets } = presetsOf(stored);
    return new Presets(dayStartHour, list, decks.map((d) => ({ id: d.id, name: d.name, presetId: deckPresets[d.id] })));
  });
}

/** The record with these presets and assignments, Default's options in its own fields. */
function recordOf(stored: SettingsRecord | undefined, dayStartHour: number, list: readonly Preset[], deckPresets: Record<string, string>, changedAt: number | undefined): SettingsRecord {
  const defaults = list.find((p) => p.id === DEFAULT_PRESET_ID)!;
  const { id: _id, name: _name, ...options } = defaults;
  const others = list.filter((p) => p.id !== DEFAULT_PRESET_ID);
  const at = changedAt ?? stored?.schedulingChangedAt;
  return {
    id: 'settings',
    ...options,
    dayStartHour,
    ...(at !== undefined ? { schedulingChangedAt: at } : {}),
    ...(others.length > 0 ? { presets: others } : {}),
    ...(Object.keys(deckPresets).length > 0 ? { deckPresets } : {}),
    ...(stored?.rescheduleOnChange ? { rescheduleOnChange: true } : {}),
  };
}

/** Whether answering with `b` instead of `a` could schedule a card differently. */
function schedulingDiffers(a: PresetOptions, b: PresetOptions): boolean {
  return (
    a.desiredRetention !== b.desiredRetention ||
    a.maximumInterval !== b.maximumInterval ||
    a.learningSteps.join(' ') !== b.learningSteps.join(' ') ||
    a.relearningSteps.join(' ') !== b.relearningSteps.join(' ') ||
    a.fsrsParams.join(' ') !== b.fsrsParams.join(' ')
  );
}

/**
 * One change of the presets, in one transaction: `change` gets the stored state and returns the new one (it may
 * throw PresetError to refuse). A change of the day-start hour recounts the day summaries under the new hour.
 */
async function changePresets(
  db: RetainDB,
  nowMs: number,
  change: (current: { dayStartHour: number; list: Preset[]; deckPresets: Record<string, string> }) => {
    dayStartHour: number;
    list: Preset[];
    deckPresets: Record<string, string>;
    /** Whether some deck's cards are scheduled differently from now on. */
    scheduling: boolean;
  },
): Promise<void> {
  await db.transaction('rw', [db.settings, db.cards, db.dayBlocks, db.hourBlocks], async () => {
    const stored = await db.settings.get('settings');
    const before = presetsOf(stored);
    const next = change(before);
    await db.settings.put(recordOf(stored, next.dayStartHour, next.list, next.deckPresets, next.scheduling ? nowMs : undefined));
    if (before.dayStartHour !== next.dayStartHour) {
      const days = new Map<string, DaySummary>();
      await db.cards.each((card) => void recountDays([card], next.dayStartHour, days));
      const blocks = blocksOf(days.values());
      await Promise.all([db.dayBlocks.clear(), db.hourBlocks.clear()]);
      await Promise.all([db.dayBlocks.bulkAdd(blocks.days), db.hourBlocks.bulkAdd(blocks.hours)]);
    }
  });
}

/** Saves preset `presetId`'s options and the collection's day-start hour (both in `settings`, checked first). */
export async function savePreset(db: RetainDB, presetId: string, settings: Settings, nowMs: number): Promise<void> {
  const result = validateSettings({ ...settings });
  if (!result.ok) throw new PresetError(result.problems.map((p) => p.message).join(' '));
  const options = optionsOf(result.settings);
  await changePresets(db, nowMs, (current) => {
    const old = current.list.find((p) => p.id === presetId);
    if (!old) throw new PresetError('That preset is no longer in the collection.');
    return {
      dayStartHour: result.settings.dayStartHour,
      list: current.list.map((p) => (p.id === presetId ? { ...p, ...options } : p)),
      deckPresets: current.deckPresets,
      scheduling: schedulingDiffers(old, options),
    };
  });
}

/** Adds a preset named `typed` with the options of `copyOf`; returns its id. */
export async function addPreset(db: RetainDB, typed: string, copyOf: string, nowMs: number): Promise<string> {
  const id = `p-${nowMs.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  await changePresets(db, nowMs, (current) => {
    const name = checkPresetName(typed, current.list);
    if (!name.ok) throw new PresetError(name.message);
    const source = current.list.find((p) => p.id === copyOf) ?? current.list[0]!;
    const { id: _id, name: _name, ...options } = source;
    return { ...current, list: [...current.list, { id, name: name.name, ...options }], scheduling: false };
  });
  return id;
}

export async function renamePreset(db: RetainDB, id: string, typed: string, nowMs: number): Promise<void> {
  if (id === DEFAULT_PRESET_ID) throw new PresetError(`The ${DEFAULT_PRESET_NAME} preset keeps its name.`);
  await changePresets(db, nowMs, (current) => {
    if (!current.list.some((p) => p.id === id)) throw new PresetError('That preset is no longer in the collection.');
    const name = checkPresetName(typed, current.list, id);
    if (!name.ok) throw new PresetError(name.message);
    return { ...current, list: current.list.map((p) => (p.id === id ? { ...p, name: name.name } : p)), scheduling: false };
  });
}

/** Deletes a preset (never Default); the decks given it inherit again (from above, or Default). */
export async function deletePreset(db: RetainDB, id: string, nowMs: number): Promise<void> {
  if (id === DEFAULT_PRESET_ID) throw new PresetError(`The ${DEFAULT_PRESET_NAME} preset cannot be deleted: every deck falls back on it.`);
  await changePresets(db, nowMs, (current) => {
    const deckPresets = Object.fromEntries(Object.entries(current.deckPresets).filter(([, p]) => p !== id));
    const used = Object.keys(deckPresets).length !== Object.keys(current.deckPresets).length;
    return { ...current, list: current.list.filter((p) => p.id !== id), deckPresets, scheduling: used };
  });
}

/** Gives deck `deckId` preset `presetId`, or (null) lets it inherit from the deck above it. */
export async function assignPreset(db: RetainDB, deckId: string, presetId: string | null, nowMs: number): Promise<void> {
  await changePresets(db, nowMs, (current) => {
    if (presetId !== null && !current.list.some((p) => p.id === presetId)) throw new PresetError('That preset is no longer in the collection.');
    const deckPresets = { ...current.deckPresets };
    if (presetId === null) delete deckPresets[deckId];
    else deckPresets[deckId] = presetId;
    return { ...current, deckPresets, scheduling: current.deckPresets[deckId] !== deckPresets[deckId] };
  });
}

/** Whether to offer rescheduling when a preset's parameters or desired retention change (off by default). */
export async function rescheduleOnChange(db: RetainDB): Promise<boolean> {
  return (await db.settings.get('settings'))?.rescheduleOnChange === true;
}

export async function setRescheduleOnChange(db: RetainDB, on: boolean): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const stored = await db.settings.get('settings');
    const { rescheduleOnChange: _old, ...rest } = stored ?? { id: 'settings' as const, ...DEFAULT_SETTINGS };
    await db.settings.put({ ...rest, ...(on ? { rescheduleOnChange: true } : {}) } as SettingsRecord);
  });
}
