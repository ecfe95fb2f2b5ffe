import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSteps, validateSettings, type SettingsResult } from '../../../src/core/settings';

const defaults = (): Record<string, unknown> => ({ ...DEFAULT_SETTINGS, learningSteps: [...DEFAULT_SETTINGS.learningSteps], relearningSteps: [...DEFAULT_SETTINGS.relearningSteps] });
const withValue = (field: string, value: unknown): Record<string, unknown> => ({ ...defaults(), [field]: value });
const problemsOf = (r: SettingsResult) => (r.ok ? [] : r.problems);

describe('defaults', () => {
  it('are valid and come back unchanged', () => {
    const r = validateSettings(defaults());
    expect(r).toEqual({
      ok: true,
      settings: {
        desiredRetention: 0.9,
        newPerDay: 20,
        reviewsPerDay: 200,
        learningSteps: ['1m', '10m'],
        relearningSteps: ['10m'],
        dayStartHour: 4,
        maximumInterval: 36500,
        leechThreshold: 8,
        leechAction: 'suspend',
        fsrsParams: [],
      },
    });
  });

  it('cannot be changed by accident (frozen)', () => {
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
  });
});

describe('each invalid value is refused with its message', () => {
  const retention = 'Desired retention must be a number from 0.70 to 0.99.';
  const cases: [string, unknown, string][] = [
    ['desiredRetention', 0.5, retention],
    ['desiredRetention', 1, retention],
    ['desiredRetention', 0.995, retention],
    ['desiredRetention', Number.NaN, retention],
    ['desiredRetention', '0.9', retention],
    ['newPerDay', 2.5, 'New cards/day must be a whole number from 0 to 9999.'],
    ['newPerDay', -1, 'New cards/day must be a whole number from 0 to 9999.'],
    ['newPerDay', 10000, 'New cards/day must be a whole number from 0 to 9999.'],
    ['reviewsPerDay', -1, 'Reviews/day must be a whole number from 0 to 99999.'],
    ['reviewsPerDay', 100000, 'Reviews/day must be a whole number from 0 to 99999.'],
    ['dayStartHour', 24, 'The day must start at a whole hour from 0 to 23.'],
    ['dayStartHour', -1, 'The day must start at a whole hour from 0 to 23.'],
    ['dayStartHour', 4.5, 'The day must start at a whole hour from 0 to 23.'],
    ['maximumInterval', 0, 'Maximum interval must be a whole number of days from 1 to 36500.'],
    ['maximumInterval', 36501, 'Maximum interval must be a whole number of days from 1 to 36500.'],
    ['learningSteps', '10x', 'Learning steps: "10x" is not a step: use a number and m, h or d, e.g. "1m 10m 1d".'],
    ['learningSteps', '1m 0m', 'Learning steps: "0m" is not a step: use a number and m, h or d, e.g. "1m 10m 1d".'],
    ['learningSteps', ['1m', '-5m'], 'Learning steps: "-5m" is not a step: use a number and m, h or d, e.g. "1m 10m 1d".'],
    ['relearningSteps', '10', 'Relearning steps: "10" is not a step: use a number and m, h or d, e.g. "1m 10m 1d".'],
    ['relearningSteps', 10, 'Relearning steps must be text such as "1m 10m".'],
    ['learningSteps', [1, 10], 'Learning steps must be text such as "1m 10m".'],
    ['learningSteps', '1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 11m', 'Learning steps: at most 10 steps.'],
    ['leechThreshold', 100, 'Leech threshold must be a whole number of lapses from 0 (never) to 99.'],
    ['leechThreshold', 2.5, 'Leech threshold must be a whole number of lapses from 0 (never) to 99.'],
    ['leechAction', 'delete', 'Leech action must be "suspend" or "tag".'],
    ['fsrsParams', undefined, 'FSRS parameters must be 21 numbers, or none for the defaults.'],
    ['fsrsParams', new Array(19).fill(1), 'FSRS parameters must be 21 numbers, or none for the defaults.'],
    ['fsrsParams', [...new Array(20).fill(1), Number.NaN], 'FSRS parameters must be 21 numbers, or none for the defaults.'],
    ['fsrsParams', [...new Array(20).fill(1), '1'], 'FSRS parameters must be 21 numbers, or none for the defaults.'],
  ];
  for (const [field, value, message] of cases) {
    it(`${field} = ${JSON.stringify(value) ?? String(value)}`, () => {
      expect(validateSettings(withValue(field, value))).toEqual({ ok: false, problems: [{ field, message }] });
    });
  }

  it('accepts the edges of each range', () => {
    for (const [field, value] of [
      ['desiredRetention', 0.7], ['desiredRetention', 0.99], ['newPerDay', 0], ['newPerDay', 9999],
      ['reviewsPerDay', 0], ['reviewsPerDay', 99999], ['dayStartHour', 0], ['dayStartHour', 23],
      ['maximumInterval', 1], ['maximumInterval', 36500], ['leechThreshold', 0], ['leechThreshold', 99], ['leechAction', 'tag'],
    ] as const) {
      const r = validateSettings(withValue(field, value));
      expect(r.ok, `${field} = ${value}`).toBe(true);
      if (r.ok) expect(r.settings[field]).toBe(value);
    }
  });

  it('refuses a missing field', () => {
    const input = defaults();
    delete input.maximumInterval;
    expect(problemsOf(validateSettings(input)).map((p) => p.field)).toEqual(['maximumInterval']);
  });
});

describe('steps', () => {
  it('accept spaces, commas and arrays alike', () => {
    for (const value of ['1m 10m', '1m,10m', '1m, 10m', '  1m   10m ', ['1m', '10m']]) {
      const r = validateSettings(withValue('learningSteps', value));
      expect(r.ok && r.settings.learningSteps, JSON.stringify(value)).toEqual(['1m', '10m']);
    }
  });

  it('accept hours and days, and no steps at all', () => {
    const r = validateSettings({ ...withValue('learningSteps', '30m 2h 1d'), relearningSteps: '' });
    expect(r.ok && r.settings.learningSteps).toEqual(['30m', '2h', '1d']);
    expect(r.ok && r.settings.relearningSteps).toEqual([]);
  });

  it('parseSteps names the first bad part', () => {
    expect(parseSteps('1m 10x 5y')).toEqual({ ok: false, message: '"10x" is not a step: use a number and m, h or d, e.g. "1m 10m 1d"' });
    expect(parseSteps('1m,1d')).toEqual({ ok: true, steps: ['1m', '1d'] });
  });

  // Found by the fuzz tests (tests/unit/fuzz/settings.test.ts): "100000000000000000000d" was accepted, and the
  // scheduler, handed "1.44e+23m", read it as a step of 1 minute.
  it('refuses a step longer than 100 years, however many digits it has', () => {
    expect(parseSteps('36500d 52560000m')).toEqual({ ok: true, steps: ['36500d', '52560000m'] });
    for (const step of ['36501d', '100000000000000000000d', `${'9'.repeat(400)}m`]) {
      expect(parseSteps(`1m ${step}`)).toEqual({ ok: false, message: `"${step}" is longer than 36500 days, the longest a step may be` });
    }
  });
});

describe('several problems at once', () => {
  it('are all reported, in field order', () => {
    const r = validateSettings({
      ...defaults(),
      desiredRetention: 1,
      newPerDay: 1.5,
      dayStartHour: 24,
      learningSteps: '10x',
      relearningSteps: '0m',
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        { field: 'desiredRetention', message: 'Desired retention must be a number from 0.70 to 0.99.' },
        { field: 'newPerDay', message: 'New cards/day must be a whole number from 0 to 9999.' },
        { field: 'dayStartHour', message: 'The day must start at a whole hour from 0 to 23.' },
        { field: 'learningSteps', message: 'Learning steps: "10x" is not a step: use a number and m, h or d, e.g. "1m 10m 1d".' },
        { field: 'relearningSteps', message: 'Relearning steps: "0m" is not a step: use a number and m, h or d, e.g. "1m 10m 1d".' },
      ],
    });
  });
});
