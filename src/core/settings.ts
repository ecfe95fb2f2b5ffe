// Study settings: their defaults and validation. Invalid values are refused with a message saying what is allowed.

export interface Settings {
  /** Probability of recall FSRS aims for when it picks an interval. */
  desiredRetention: number;
  /** New cards introduced per deck per study day. */
  newPerDay: number;
  /** Review cards shown per deck per study day. */
  reviewsPerDay: number;
  /** Learning steps, e.g. ['1m', '10m']. */
  learningSteps: string[];
  /** Relearning steps after a lapse, e.g. ['10m']. */
  relearningSteps: string[];
  /** Local hour (0-23) at which a new study day begins. */
  dayStartHour: number;
  /** Longest interval FSRS may give, in days. */
  maximumInterval: number;
  /** Lapses that make a card a leech (0: never); it is then tagged `leech`, and again every half as many lapses. */
  leechThreshold: number;
  /** What else happens to a leech: suspended (out of the queue until unsuspended), or only tagged. */
  leechAction: LeechAction;
  /**
   * FSRS's 21 model parameters (FSRS-6), fitted to the learner's history by the optimizer; empty: FSRS's defaults.
   */
  fsrsParams: number[];
}

/** How many parameters FSRS-6 has (what fsrs-rs fits and ts-fsrs uses). */
export const FSRS_PARAM_COUNT = 21;

export type LeechAction = 'suspend' | 'tag';
export const LEECH_ACTIONS: readonly LeechAction[] = ['suspend', 'tag'];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
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
});

export type SettingsField = keyof Settings;
export interface SettingsProblem {
  field: SettingsField;
  message: string;
}
export type SettingsResult = { ok: true; settings: Settings } | { ok: false; problems: SettingsProblem[] };

const STEP = /^(\d+(?:\.\d+)?)(m|h|d)$/;

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };
/** The longest step: the longest maximum interval, 100 years. */
const MAX_STEP_DAYS = 36500;
const MAX_STEP_MINUTES = MAX_STEP_DAYS * 1440;

/** The length of a valid step ("10m", "1.5h", "2d") in minutes. */
export function stepMinutes(step: string): number {
  const match = STEP.exec(step);
  if (!match) throw new Error(`not a step: ${step}`);
  return Math.round(Number(match[1]) * UNIT_MINUTES[match[2]!]! * 1e6) / 1e6;
}

/** Parses "1m 10m" (spaces or commas) into steps; returns an error message for anything else. */
export function parseSteps(text: string): { ok: true; steps: string[] } | { ok: false; message: string } {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  for (const part of parts) {
    const match = STEP.exec(part);
    if (!match || Number(match[1]) <= 0) {
      return { ok: false, message: `"${part}" is not a step: use a number and m, h or d, e.g. "1m 10m 1d"` };
    }
    // Checked before the whole minutes, which a number too large to be exact always is: the scheduler is handed
    // "<minutes>m", and a step written in exponent form ("1e+23m") would quietly read as 1 minute.
    if (stepMinutes(part) > MAX_STEP_MINUTES) {
      return { ok: false, message: `"${part}" is longer than ${MAX_STEP_DAYS} days, the longest a step may be` };
    }
    if (!Number.isInteger(stepMinutes(part))) {
      return { ok: false, message: `"${part}" is not a whole number of minutes` };
    }
  }
  if (parts.length > 10) return { ok: false, message: 'at most 10 steps' };
  return { ok: true, steps: parts };
}

function integerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Checks a whole settings object. Steps may be given as arrays or as text ("1m 10m"). */
export function validateSettings(input: Record<string, unknown>): SettingsResult {
  const problems: SettingsProblem[] = [];
  const r = input.desiredRetention;
  if (typeof r !== 'number' || !Number.isFinite(r) || r < 0.7 || r > 0.99) {
    problems.push({ field: 'desiredRetention', message: 'Desired retention must be a number from 0.70 to 0.99.' });
  }
  if (!integerIn(input.newPerDay, 0, 9999)) {
    problems.push({ field: 'newPerDay', message: 'New cards/day must be a whole number from 0 to 9999.' });
  }
  if (!integerIn(input.reviewsPerDay, 0, 99999)) {
    problems.push({ field: 'reviewsPerDay', message: 'Reviews/day must be a whole number from 0 to 99999.' });
  }
  if (!integerIn(input.dayStartHour, 0, 23)) {
    problems.push({ field: 'dayStartHour', message: 'The day must start at a whole hour from 0 to 23.' });
  }
  if (!integerIn(input.maximumInterval, 1, 36500)) {
    problems.push({ field: 'maximumInterval', message: 'Maximum interval must be a whole number of days from 1 to 36500.' });
  }
  if (!integerIn(input.leechThreshold, 0, 99)) {
    problems.push({ field: 'leechThreshold', message: 'Leech threshold must be a whole number of lapses from 0 (never) to 99.' });
  }
  if (!LEECH_ACTIONS.includes(input.leechAction as LeechAction)) {
    problems.push({ field: 'leechAction', message: 'Leech action must be "suspend" or "tag".' });
  }
  const params = input.fsrsParams;
  if (
    !Array.isArray(params) ||
    (params.length !== 0 && params.length !== FSRS_PARAM_COUNT) ||
    !params.every((w) => typeof w === 'number' && Number.isFinite(w))
  ) {
    problems.push({ field: 'fsrsParams', message: `FSRS parameters must be ${FSRS_PARAM_COUNT} numbers, or none for the defaults.` });
  }
  const steps: Record<'learningSteps' | 'relearningSteps', string[]> = { learningSteps: [], relearningSteps: [] };
  for (const field of ['learningSteps', 'relearningSteps'] as const) {
    const label = field === 'learningSteps' ? 'Learning steps' : 'Relearning steps';
    const raw = input[field];
    const text = Array.isArray(raw) && raw.every((s) => typeof s === 'string') ? raw.join(' ') : raw;
    if (typeof text !== 'string') {
      problems.push({ field, message: `${label} must be text such as "1m 10m".` });
      continue;
    }
    const parsed = parseSteps(text);
    if (parsed.ok) steps[field] = parsed.steps;
    else problems.push({ field, message: `${label}: ${parsed.message}.` });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      desiredRetention: r as number,
      newPerDay: input.newPerDay as number,
      reviewsPerDay: input.reviewsPerDay as number,
      learningSteps: steps.learningSteps,
      relearningSteps: steps.relearningSteps,
      dayStartHour: input.dayStartHour as number,
      maximumInterval: input.maximumInterval as number,
      leechThreshold: input.leechThreshold as number,
      leechAction: input.leechAction as LeechAction,
      fsrsParams: [...(params as number[])],
    },
  };
}

/**
 * Whether a card that now has `lapses` lapses has just become a leech (again), as Anki counts: at the threshold, then
 * every half threshold more (8, 12, 16... for 8).
 */
export function isLeech(lapses: number, threshold: number): boolean {
  if (threshold <= 0 || lapses < threshold) return false;
  return (lapses - threshold) % Math.max(1, Math.ceil(threshold / 2)) === 0;
}
