// Presets (core/presets.ts): which preset each deck uses (its own, else the nearest deck above it that has one, else
// Default), each deck's settings and scheduler, preset names.
import { describe, expect, it } from 'vitest';
import { checkPresetName, DEFAULT_PRESET_ID, optionsOf, Presets, resolvePresetIds, schedulerForDeck, settingsForDeck, type Preset } from '../../../src/core/presets';
import { State } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';

const defaults: Preset = { id: DEFAULT_PRESET_ID, name: 'Default', ...optionsOf({ ...DEFAULT_SETTINGS, fsrsParams: [] }) };
const exam: Preset = { ...defaults, id: 'exam', name: 'Exam', desiredRetention: 0.95, newPerDay: 50 };
const light: Preset = { ...defaults, id: 'light', name: 'Light', desiredRetention: 0.8, newPerDay: 5 };

const decks = [
  { id: 'lang', name: 'Languages', presetId: 'exam' },
  { id: 'es', name: 'Languages::Spanish' },
  { id: 'verbs', name: 'Languages::Spanish::Verbs', presetId: 'light' },
  { id: 'irregular', name: 'Languages::Spanish::Verbs::Irregular' },
  { id: 'geo', name: 'Geography' },
  // A name that only starts like another deck's is not under it.
  { id: 'langx', name: 'Languages extra' },
];

describe('which preset a deck uses', () => {
  it('its own, else the nearest deck above it that has one, else Default', () => {
    const ids = resolvePresetIds(decks, new Set([DEFAULT_PRESET_ID, 'exam', 'light']));
    expect(Object.fromEntries(ids)).toEqual({
      lang: 'exam',
      es: 'exam',
      verbs: 'light',
      irregular: 'light',
      geo: DEFAULT_PRESET_ID,
      langx: DEFAULT_PRESET_ID,
    });
  });

  it('a deck given a preset that no longer exists inherits as if given none', () => {
    const ids = resolvePresetIds(decks, new Set([DEFAULT_PRESET_ID, 'exam']));
    expect(ids.get('verbs')).toBe('exam');
    expect(ids.get('irregular')).toBe('exam');
  });
});

describe('Presets', () => {
  const presets = new Presets(5, [light, exam, defaults], decks);

  it('lists Default first, then the others by name', () => {
    expect(presets.list.map((p) => p.name)).toEqual(['Default', 'Exam', 'Light']);
  });

  it("gives each deck its preset's settings with the collection's day-start hour", () => {
    expect(presets.forDeck('irregular')).toMatchObject({ desiredRetention: 0.8, newPerDay: 5, dayStartHour: 5 });
    expect(presets.forDeck('es')).toMatchObject({ desiredRetention: 0.95, newPerDay: 50, dayStartHour: 5 });
    expect(presets.forDeck('geo')).toMatchObject({ desiredRetention: 0.9, newPerDay: 20, dayStartHour: 5 });
    expect(presets.forDeck('unknown deck')).toBe(presets.defaults);
    expect(settingsForDeck(presets, 'lang')).toBe(presets.forDeck('lang'));
  });

  it('says which decks use a preset, given or inherited, and which a deck was given itself', () => {
    expect(presets.decksUsing('exam')).toEqual(['lang', 'es']);
    expect(presets.decksUsing(DEFAULT_PRESET_ID)).toEqual(['geo', 'langx']);
    expect(presets.ownPresetIdOf('es')).toBeUndefined();
    expect(presets.ownPresetIdOf('verbs')).toBe('light');
  });

  it("schedules each deck's cards with its preset: a higher retention gives shorter intervals", () => {
    const review = { due: 0, stability: 30, difficulty: 5, elapsedDays: 30, scheduledDays: 30, learningSteps: 0, reps: 5, lapses: 0, state: State.Review, lastReview: 0 };
    const now = 30 * 86_400_000;
    const good = (deckId: string) => schedulerForDeck(presets, deckId).answer('c', review, 3, now).next.scheduledDays;
    expect(good('es')).toBeLessThan(good('geo'));
    expect(good('geo')).toBeLessThan(good('verbs'));
    expect(schedulerForDeck(presets, 'es')).toBe(schedulerForDeck(presets, 'lang'));
  });

  it('predicts recall with the curve of the card\'s deck', () => {
    const fitted: Preset = { ...exam, fsrsParams: [0.2, 1.3, 2.3, 8.3, 6.4, 0.83, 3.0, 0.001, 1.87, 0.17, 0.8, 1.5, 0.06, 0.26, 1.6, 0.6, 1.9, 0.5, 0.09, 0.07, 0.5] };
    const curve = new Presets(4, [defaults, fitted], decks).forgettingCurve();
    // The fitted preset's decay (w20 = 0.5) is steeper than the default's (0.1542).
    expect(curve(30, 10, 'lang')).toBeLessThan(curve(30, 10, 'geo'));
    expect(curve(0, 10, 'lang')).toBe(1);
  });

  it('cannot be made without Default', () => {
    expect(() => new Presets(4, [exam], decks)).toThrow('the presets lack the Default preset');
  });
});

describe('preset names', () => {
  it('are trimmed, and refused when empty, too long or taken (ignoring case)', () => {
    expect(checkPresetName('  Exam   prep ', [defaults])).toEqual({ ok: true, name: 'Exam prep' });
    expect(checkPresetName('  ', [defaults])).toEqual({ ok: false, message: 'Give the preset a name.' });
    expect(checkPresetName('x'.repeat(101), [defaults])).toEqual({ ok: false, message: 'A preset name can be at most 100 characters.' });
    expect(checkPresetName('default', [defaults])).toEqual({ ok: false, message: 'There is already a preset named "Default".' });
    expect(checkPresetName('Exam', [defaults, exam], 'exam')).toEqual({ ok: true, name: 'Exam' });
  });
});
