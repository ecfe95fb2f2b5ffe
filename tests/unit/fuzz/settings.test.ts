// Fuzzing the settings (src/core/settings.ts) and what loadSettings makes of a stored record: anything is refused
// field by field with a message, or accepted as settings the scheduler can work with (every due date a real date).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { Scheduler, newSchedState, type Grade } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS, parseSteps, stepMinutes, validateSettings, type Settings, type SettingsResult } from '../../../src/core/settings';
import { loadSettings } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { freshDb } from '../storage/fixtures';
import { anyString, expectClearMessage, fuzzFamily, jsonOps, mutateJson, mutateText, textOps, weirdJsonValue, weirdJsValue, type Outcome } from './arbitraries';
import { MAX_TIME_MS } from './well-formed';

const { property } = fuzzFamily('settings');
const FIELDS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];
const defaults = (): Record<string, unknown> => structuredClone({ ...DEFAULT_SETTINGS });
const T0 = Date.UTC(2026, 2, 10, 9);
const DAY = 86_400_000;

/**
 * Settings the scheduler can work with: a new card answered through its learning steps and then reviewed keeps a due
 * date that is a real time, after the answer, and no more than a century away (the longest maximum interval).
 */
function expectUsable(settings: Settings): void {
  const scheduler = new Scheduler(settings);
  // Again on a new card brings it back after the first learning step, as the settings screen says it will.
  const [firstStep] = settings.learningSteps;
  if (firstStep !== undefined) {
    const again = scheduler.answer('fuzz:0', newSchedState(T0), 1, T0).next;
    const expected = Math.min(stepMinutes(firstStep) * 60_000, settings.maximumInterval * DAY);
    if (again.due - T0 !== expected) expect.fail(`Again with first step ${firstStep} is due after ${again.due - T0} ms, not ${expected}`);
  }
  for (const first of [1, 3] as Grade[]) {
    let state = newSchedState(T0);
    let now = T0;
    for (const rating of [first, 3, 3, 1, 3] as Grade[]) {
      state = scheduler.answer('fuzz:0', state, rating, now).next;
      const ok = Number.isFinite(state.due) && Math.abs(state.due) <= MAX_TIME_MS && state.due >= now;
      if (!ok) expect.fail(`due ${state.due} after answering ${rating} at ${now} with ${JSON.stringify(settings)}`);
      // A review interval is at most the maximum interval; a learning step at most what the settings allow for one.
      if (state.due - now > 36500 * DAY + DAY) expect.fail(`due more than 100 years ahead: ${JSON.stringify(settings)}`);
      now = state.due;
    }
  }
}

function expectSound(result: SettingsResult, input: string): Outcome {
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(FIELDS).toContain(p.field);
      expectClearMessage(p.message, input);
    }
    return 'refused';
  }
  const s = result.settings;
  expect(Object.keys(s).sort()).toEqual([...FIELDS].sort());
  expect(s.desiredRetention >= 0.7 && s.desiredRetention <= 0.99).toBe(true);
  for (const [value, max] of [[s.newPerDay, 9999], [s.reviewsPerDay, 99999], [s.dayStartHour, 23], [s.maximumInterval, 36500]] as const) {
    expect(Number.isInteger(value) && value >= 0 && value <= max).toBe(true);
  }
  for (const steps of [s.learningSteps, s.relearningSteps]) {
    expect(steps.length).toBeLessThanOrEqual(10);
    for (const step of steps) expect(Number.isInteger(stepMinutes(step)) && stepMinutes(step) > 0).toBe(true);
  }
  // Settings that validate once validate again, to themselves.
  expect(validateSettings({ ...s })).toEqual(result);
  expectUsable(s);
  return 'accepted';
}

/** Text that looks like steps: numbers of any size and precision, units right and wrong, separators. */
const stepsText = fc.oneof(
  anyString(30),
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.nat({ max: 100 }).map(String), fc.constantFrom('0', '0.5', '1.5', '00', '1e3', '99999999', '100000000000000000000', '1'.repeat(400), '.5', '1.', '-1', '+1'), fc.double({ min: 0, max: 1e9, noNaN: true }).map(String)),
        fc.constantFrom('m', 'h', 'd', 's', 'M', '', 'mo', ' m'),
      ).map(([n, unit]) => n + unit),
      { maxLength: 12 },
    )
    .chain((steps) => fc.constantFrom(' ', ',', ', ', '\t', '\n', ',,').map((sep) => steps.join(sep))),
);

/** What a message may quote of the input: only the steps are echoed (the other messages are fixed text). */
const stepsEcho = (input: Record<string, unknown>) => fc.stringify([input.learningSteps, input.relearningSteps]);

const settingsValue = fc.oneof(weirdJsValue, stepsText, fc.array(stepsText, { maxLength: 4 }));
const arbitraryRecord = fc.oneof(
  fc.record(Object.fromEntries(FIELDS.map((f) => [f, settingsValue])), { requiredKeys: [] }),
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 })), settingsValue, { maxKeys: 8 }),
);

/** Values a stored record can hold: IndexedDB keeps anything structured clone does, not symbols. */
const storableValue = fc.oneof(weirdJsonValue, stepsText, fc.constantFrom<unknown>(NaN, Infinity, undefined, 1n, new Date(0), [1, 2], ['1m', 3], new Uint8Array(2)));

let db: RetainDB;
beforeAll(() => {
  db = freshDb();
});
afterAll(() => db.close());

describe('settings, fuzzed', () => {
  // Random records are all refused (seven fields must all be right): this one is about how they are refused.
  property('validateSettings: arbitrary records', arbitraryRecord, (input) => expectSound(validateSettings(input), stepsEcho(input)), { timeoutMs: 30_000 });

  property('validateSettings: mutated settings', fc.tuple(jsonOps(fc.oneof(weirdJsValue, stepsText)), fc.option(textOps, { nil: undefined })), ([ops, stepOps]) => {
    const input = mutateJson(defaults(), ops) as Record<string, unknown>;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'refused';
    // Steps as the settings screen sends them: text the user typed.
    if (stepOps) input.learningSteps = mutateText('1m 10m 1d', stepOps);
    return expectSound(validateSettings(input), stepsEcho(input));
  }, { timeoutMs: 30_000, bothOutcomes: true });

  property('parseSteps: arbitrary text', stepsText, (text) => {
    const parsed = parseSteps(text);
    if (!parsed.ok) {
      expectClearMessage(parsed.message, text);
      return 'refused';
    }
    expect(parseSteps(parsed.steps.join(' '))).toEqual(parsed);
    return expectSound(validateSettings({ ...defaults(), learningSteps: text, relearningSteps: text }), text);
  }, { timeoutMs: 30_000, bothOutcomes: true });

  property('loadSettings: malformed stored records', fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 5 })), storableValue, { maxKeys: 8 }), async (record) => {
    await db.settings.put({ ...record, id: 'settings' } as never);
    const loaded = await loadSettings(db);
    // Whatever was stored, the app starts with valid settings: the stored ones when they are valid, else the defaults.
    const stored = validateSettings({ ...defaults(), ...record });
    expect(validateSettings({ ...loaded })).toEqual({ ok: true, settings: loaded });
    expect(loaded).toEqual(stored.ok ? stored.settings : { ...DEFAULT_SETTINGS });
    expectUsable(loaded);
    return stored.ok ? 'accepted' : 'refused';
  }, { timeoutMs: 30_000, bothOutcomes: true });
});
