// Presets as stored (storage/presets.ts): added, renamed, saved, assigned and deleted in the one settings record;
// each deck's daily limits and scheduling follow its preset; a change that schedules differently is dated for the
// database check; bad input is refused and changes nothing; a backup carries the presets and brings them back.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeBackup, parseBackup } from '../../../src/core/backup';
import { DEFAULT_PRESET_ID } from '../../../src/core/presets';
import { Rating } from '../../../src/core/scheduler';
import { restoreCollection, snapshotCollection } from '../../../src/renderer/src/storage/backup';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { checkDatabase } from '../../../src/renderer/src/storage/check';
import { deckOverview, loadSettings, schedulingChangedAt, studyDay, undoAnswer } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { renameDeck } from '../../../src/renderer/src/storage/decks';
import { addPreset, assignPreset, deletePreset, loadPresets, PresetError, renamePreset, savePreset } from '../../../src/renderer/src/storage/presets';
import { alphaDeck, answer, betaDeck, DAY, freshDb, T0 } from './fixtures';

let db: RetainDB;

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
});

describe('presets in the collection', () => {
  it('a new collection has Default only, with the settings it always had', async () => {
    const presets = await loadPresets(db);
    expect(presets.list.map((p) => p.name)).toEqual(['Default']);
    expect(presets.forDeck('alpha')).toEqual(await loadSettings(db));
  });

  it('adds a preset as a copy, saves its options, gives it to a deck; the deck list counts by its limits', async () => {
    const id = await addPreset(db, 'Light', DEFAULT_PRESET_ID, T0);
    const copy = (await loadPresets(db)).forPreset(id);
    expect(copy).toEqual(await loadSettings(db));
    await savePreset(db, id, { ...copy, newPerDay: 2 }, T0);
    await assignPreset(db, 'beta', id, T0);
    const presets = await loadPresets(db);
    expect(presets.presetIdOf('beta')).toBe(id);
    expect(presets.forDeck('alpha').newPerDay).toBe(20);
    const decks = await deckOverview(db, presets, T0);
    expect(decks.map((d) => [d.deck.id, d.counts.new])).toEqual([['alpha', 5], ['beta', 2]]);
    // The default preset's form (loadSettings) is unchanged by it.
    expect((await loadSettings(db)).newPerDay).toBe(20);
  });

  it("a child deck uses its parent's preset until it is given one; renaming it out from under the parent changes that", async () => {
    const id = await addPreset(db, 'Exam', DEFAULT_PRESET_ID, T0);
    await assignPreset(db, 'alpha', id, T0);
    await renameDeck(db, 'beta', 'Alpha::Beta');
    expect((await loadPresets(db)).presetIdOf('beta')).toBe(id);
    await renameDeck(db, 'beta', 'Beta');
    expect((await loadPresets(db)).presetIdOf('beta')).toBe(DEFAULT_PRESET_ID);
  });

  it('answers are scheduled and undone with the preset of the card\'s deck', async () => {
    const id = await addPreset(db, 'Strict', DEFAULT_PRESET_ID, T0);
    const strict = (await loadPresets(db)).forPreset(id);
    await savePreset(db, id, { ...strict, learningSteps: ['30m'] }, T0);
    await assignPreset(db, 'beta', id, T0);
    const presets = await loadPresets(db);
    const a = await answer(db, 'a-one:0', Rating.Good, T0, presets.forDeck('alpha'));
    const b = await answer(db, 'b-one:0', Rating.Again, T0, presets.forDeck('beta'));
    expect(a.sched.due - T0).toBe(10 * 60_000); // Default: Good on a new card goes to its second step, 10 minutes
    expect(b.sched.due - T0).toBe(30 * 60_000); // Strict: Again goes back to its only step, 30 minutes
    // The database check replays each card with its own deck's preset, and finds nothing wrong.
    const report = await checkDatabase(db, presets, { repair: false });
    expect(report.problems).toEqual([]);
    // Undone with the same scheduler: the card is new again.
    const undone = await undoAnswer(db, 'b-one:0', presets, []);
    expect(undone.sched.reps).toBe(0);
    expect(undone.sched.state).toBe(0);
  });

  it('renames a preset, refusing a taken name; Default keeps its name and cannot be deleted', async () => {
    const id = await addPreset(db, 'Exam', DEFAULT_PRESET_ID, T0);
    await addPreset(db, 'Light', DEFAULT_PRESET_ID, T0);
    await renamePreset(db, id, 'Exam prep', T0);
    await expect(renamePreset(db, id, 'light', T0)).rejects.toThrow('There is already a preset named "Light".');
    await expect(addPreset(db, ' ', DEFAULT_PRESET_ID, T0)).rejects.toThrow('Give the preset a name.');
    await expect(renamePreset(db, DEFAULT_PRESET_ID, 'Mine', T0)).rejects.toThrow(PresetError);
    await expect(deletePreset(db, DEFAULT_PRESET_ID, T0)).rejects.toThrow('The Default preset cannot be deleted');
    expect((await loadPresets(db)).list.map((p) => p.name)).toEqual(['Default', 'Exam prep', 'Light']);
  });

  it('deleting a preset sends its decks back to inheriting (Default here), and dates the change', async () => {
    const id = await addPreset(db, 'Exam', DEFAULT_PRESET_ID, T0);
    await assignPreset(db, 'alpha', id, T0);
    await deletePreset(db, id, T0 + DAY);
    const presets = await loadPresets(db);
    expect(presets.list).toHaveLength(1);
    expect(presets.presetIdOf('alpha')).toBe(DEFAULT_PRESET_ID);
    expect(await schedulingChangedAt(db)).toBe(T0 + DAY);
  });

  it('dates a change of scheduling options or of a deck\'s preset, not of a limit or a name', async () => {
    const id = await addPreset(db, 'Exam', DEFAULT_PRESET_ID, T0);
    expect(await schedulingChangedAt(db)).toBe(0);
    const exam = (await loadPresets(db)).forPreset(id);
    await savePreset(db, id, { ...exam, newPerDay: 3 }, T0 + 1);
    await renamePreset(db, id, 'Exams', T0 + 2);
    expect(await schedulingChangedAt(db)).toBe(0);
    await savePreset(db, id, { ...exam, desiredRetention: 0.95 }, T0 + 3);
    expect(await schedulingChangedAt(db)).toBe(T0 + 3);
    await assignPreset(db, 'beta', id, T0 + 4);
    expect(await schedulingChangedAt(db)).toBe(T0 + 4);
    await assignPreset(db, 'beta', id, T0 + 5); // the same again: nothing changes
    expect(await schedulingChangedAt(db)).toBe(T0 + 4);
  });

  it('refuses invalid options with what is wrong, and changes nothing', async () => {
    const id = await addPreset(db, 'Exam', DEFAULT_PRESET_ID, T0);
    const before = await db.settings.get('settings');
    const exam = (await loadPresets(db)).forPreset(id);
    await expect(savePreset(db, id, { ...exam, desiredRetention: 1.5 }, T0)).rejects.toThrow('Desired retention must be a number from 0.70 to 0.99.');
    await expect(savePreset(db, 'gone', exam, T0)).rejects.toThrow('That preset is no longer in the collection.');
    await expect(assignPreset(db, 'alpha', 'gone', T0)).rejects.toThrow('That preset is no longer in the collection.');
    expect(await db.settings.get('settings')).toEqual(before);
  });

  it('the day-start hour is the collection\'s: saved from any preset, it applies to every deck', async () => {
    const id = await addPreset(db, 'Exam', DEFAULT_PRESET_ID, T0);
    await assignPreset(db, 'beta', id, T0);
    await savePreset(db, id, { ...(await loadPresets(db)).forPreset(id), dayStartHour: 7 }, T0);
    const presets = await loadPresets(db);
    expect(presets.forDeck('alpha').dayStartHour).toBe(7);
    expect(presets.forDeck('beta').dayStartHour).toBe(7);
    expect(studyDay(T0, presets).day).toBe(studyDay(T0, { dayStartHour: 7 }).day);
  });

  it('a backup carries the presets and which deck has which; restoring brings them back', async () => {
    const id = await addPreset(db, 'Exam', DEFAULT_PRESET_ID, T0);
    await savePreset(db, id, { ...(await loadPresets(db)).forPreset(id), desiredRetention: 0.95, fsrsParams: Array.from({ length: 21 }, (_, i) => 0.1 + i / 20) }, T0);
    await assignPreset(db, 'beta', id, T0);
    const bytes = encodeBackup(await snapshotCollection(db, T0 + DAY, '0.1.0'));
    const other = freshDb();
    await restoreCollection(other, parseBackup(bytes, 'b.retain-backup'));
    const restored = await loadPresets(other);
    expect(restored.list.map((p) => p.name)).toEqual(['Default', 'Exam']);
    expect(restored.forDeck('beta')).toEqual((await loadPresets(db)).forDeck('beta'));
    expect(restored.forDeck('beta').desiredRetention).toBe(0.95);
    other.close();
  });
});
