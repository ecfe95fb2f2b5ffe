// The scheduler: ts-fsrs behind a small API in plain numbers (epoch ms), so storage and tests never handle Dates.
// `now` is always an argument. Fuzz is on and seeded from the card's id and its repetition count, so the same
// history always yields the same due dates.
import {
  computeDecayFactor,
  FSRS,
  type AbstractScheduler,
  createEmptyCard,
  get_fuzz_range,
  migrateParameters,
  default_w,
  Rating,
  State,
  StrategyMode,
  type Card as FsrsCard,
  type Grade,
  type ReviewLog,
  roundTo,
  type StepUnit,
} from 'ts-fsrs';
import { fnv1a } from './hash';
import { stepMinutes, type Settings } from './settings';

export { Rating, State, type Grade };
export const GRADES: readonly Grade[] = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy];

/** A card's scheduling state, with times as epoch milliseconds. */
export interface SchedState {
  due: number;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: State;
  lastReview: number | null;
}

/**
 * One review as kept in the card's history: the time, the rating, the answer time, and the state the card had
 * before it (enough to undo the review exactly, and to replay or optimize from the history later).
 */
export interface ReviewEntry {
  t: number;
  /** The button (1-4), or a manual row's kind (history.ts Manual: set due date, reset, reschedule). */
  rating: EntryRating;
  ms: number;
  /** Days since the previous review, as FSRS saw them. */
  elapsed: number;
  /** The state before the review; reps and lapses are left out because rollback derives them. */
  prev: PrevState;
}

export type PrevState = Omit<SchedState, 'reps' | 'lapses'>;

/** A history row's rating: a button (Grade), or 0, -1, -2, -3 for the manual rows of history.ts (Manual). */
export type EntryRating = Grade | 0 | -1 | -2 | -3;

/** An answer's entry (what the scheduler gives): its rating is a button. */
export type AnswerEntry = ReviewEntry & { rating: Grade };

export function prevOf(s: SchedState): PrevState {
  // Spelled out: a rest pattern (`{ reps, lapses, ...prev }`) costs several times as much, once per replayed answer.
  return {
    due: s.due, stability: s.stability, difficulty: s.difficulty, elapsedDays: s.elapsedDays,
    scheduledDays: s.scheduledDays, learningSteps: s.learningSteps, state: s.state, lastReview: s.lastReview,
  };
}

export function newSchedState(nowMs: number): SchedState {
  return fromFsrs(createEmptyCard(new Date(nowMs)));
}

function toFsrs(s: SchedState): FsrsCard {
  return {
    due: new Date(s.due),
    stability: s.stability,
    difficulty: s.difficulty,
    elapsed_days: s.elapsedDays,
    scheduled_days: s.scheduledDays,
    learning_steps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state,
    last_review: s.lastReview === null ? undefined : new Date(s.lastReview),
  };
}

function fromFsrs(c: FsrsCard): SchedState {
  return {
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review ? c.last_review.getTime() : null,
  };
}

function toLog(entry: AnswerEntry): ReviewLog {
  const p = entry.prev;
  return {
    rating: entry.rating,
    state: p.state,
    // ts-fsrs records the previous review time here (or the due date of a new card).
    due: new Date(p.lastReview ?? p.due),
    stability: p.stability,
    difficulty: p.difficulty,
    elapsed_days: entry.elapsed,
    last_elapsed_days: p.elapsedDays,
    scheduled_days: p.scheduledDays,
    learning_steps: p.learningSteps,
    review: new Date(entry.t),
  };
}

const DAY_MS = 86_400_000;
const asMinutes = (step: string): StepUnit => `${stepMinutes(step)}m`;

// The seed strategy reads this field, which we add to the card handed to ts-fsrs: a hash of the card's id (fnv1a).
const SEED_FIELD = 'retainSeed';

/** A well-mixed 32-bit number from the card's hash and its repetition count (murmur3's finalizer). */
function mix(hash: number, reps: number): number {
  let h = (hash ^ Math.imul(reps + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function seedStrategy(this: AbstractScheduler): string {
  // `current` is protected in the type, but ts-fsrs's own seed strategies read it. Not the review time: the
  // intervals on the buttons are computed when the answer is shown, and the rating a moment later must give the
  // same fuzzed interval.
  const self = this as unknown as { current: FsrsCard };
  return String(mix(Number(Reflect.get(self.current, SEED_FIELD)), self.current.reps));
}

/** An interval of `ivl` days placed in ts-fsrs's fuzz range by `seed` (a uniform 32-bit number); none below 2.5 days. */
function fuzzedDays(ivl: number, elapsedDays: number, maximumInterval: number, seed: number): number {
  if (ivl < 2.5) return Math.round(ivl);
  const { min_ivl, max_ivl } = get_fuzz_range(ivl, elapsedDays, maximumInterval);
  return Math.floor((seed / 2 ** 32) * (max_ivl - min_ivl + 1) + min_ivl);
}

/**
 * ts-fsrs's FSRS with a cheaper fuzz: the same range (ts-fsrs's get_fuzz_range), the position in it taken from the
 * seed itself (already a uniform 32-bit number) instead of a fresh Alea generator per interval. ts-fsrs hashes the
 * seed string six times for each of the three fuzzed intervals of every answer; replaying an imported collection of
 * a million reviews spent a fifth of its time there.
 */
class SeededFsrs extends FSRS {
  override apply_fuzz(ivl: number, elapsed_days: number): ReturnType<FSRS['apply_fuzz']> {
    type Int = ReturnType<FSRS['apply_fuzz']>; // ts-fsrs brands whole numbers
    if (!this.param.enable_fuzz) return Math.round(ivl) as Int;
    return fuzzedDays(ivl, elapsed_days, this.param.maximum_interval, Number(this._seed)) as Int;
  }
}

export interface Outcome {
  rating: Grade;
  next: SchedState;
  entry: AnswerEntry;
}

/** The parameters the scheduler uses for these settings: the fitted ones, or FSRS's defaults when none are set. */
export function effectiveParams(fsrsParams: readonly number[]): number[] {
  return fsrsParams.length > 0 ? [...fsrsParams] : [...default_w];
}

/** What the scheduler needs of the settings. */
export type SchedulerSettings = Pick<Settings, 'desiredRetention' | 'maximumInterval' | 'learningSteps' | 'relearningSteps' | 'fsrsParams'>;

export class Scheduler {
  private readonly f: FSRS;
  private readonly maximumInterval: number;

  constructor(settings: SchedulerSettings) {
    this.f = new SeededFsrs({
      // Empty: FSRS's defaults. Otherwise clipped to the ranges ts-fsrs accepts for these relearning steps.
      w: settings.fsrsParams.length > 0 ? migrateParameters(settings.fsrsParams, settings.relearningSteps.length, true) : undefined,
      request_retention: settings.desiredRetention,
      maximum_interval: settings.maximumInterval,
      enable_fuzz: true,
      enable_short_term: true,
      // ts-fsrs reads only the whole-number part of a step ("1.5h" would be 1 hour): hand it whole minutes.
      learning_steps: settings.learningSteps.map(asMinutes),
      relearning_steps: settings.relearningSteps.map(asMinutes),
    }).useStrategy(StrategyMode.SEED, seedStrategy);
    this.maximumInterval = settings.maximumInterval;
  }

  /**
   * ts-fsrs keeps Hard < Good < Easy by adding a day after applying the maximum interval, which can exceed it.
   * The maximum is a promise to the user, so it is applied last.
   */
  private capped(s: SchedState, nowMs: number): SchedState {
    if (s.state !== State.Review || s.scheduledDays <= this.maximumInterval) return s;
    return { ...s, scheduledDays: this.maximumInterval, due: nowMs + this.maximumInterval * DAY_MS };
  }

  private input(cardId: string, s: SchedState): FsrsCard {
    return Object.assign(toFsrs(s), { [SEED_FIELD]: fnv1a(cardId) });
  }

  /** The four outcomes of answering now, in button order (Again, Hard, Good, Easy). */
  preview(cardId: string, s: SchedState, nowMs: number, answerMs = 0): Outcome[] {
    const record = this.f.repeat(this.input(cardId, s), new Date(nowMs));
    return GRADES.map((rating) => {
      const item = record[rating];
      return {
        rating,
        next: this.capped(fromFsrs(item.card), nowMs),
        entry: { t: nowMs, rating, ms: answerMs, elapsed: item.log.elapsed_days, prev: prevOf(s) },
      };
    });
  }

  answer(cardId: string, s: SchedState, rating: Grade, nowMs: number, answerMs = 0): Outcome {
    const item = this.f.next(this.input(cardId, s), new Date(nowMs), rating);
    return {
      rating,
      next: this.capped(fromFsrs(item.card), nowMs),
      entry: { t: nowMs, rating, ms: answerMs, elapsed: item.log.elapsed_days, prev: prevOf(s) },
    };
  }

  /**
   * The whole days FSRS gives a review card of `stability` at the desired retention, fuzzed for this card as its next
   * answer's interval would be (the seed: its id and repetition count), at most the maximum interval: what a
   * reschedule for new settings moves a card to.
   */
  reviewDays(cardId: string, reps: number, stability: number): number {
    const ivl = Math.min(Math.max(1, Math.round(stability * this.f.interval_modifier)), this.maximumInterval);
    return Math.max(1, Math.min(fuzzedDays(ivl, 0, this.maximumInterval, mix(fnv1a(cardId), reps)), this.maximumInterval));
  }

  /**
   * The difficulty FSRS gives a card first answered Good (1-10): what a new card given a due date by hand starts
   * with, having no answer of its own to start from.
   */
  initialDifficulty(): number {
    return Math.min(10, Math.max(1, this.f.init_difficulty(Rating.Good)));
  }

  /** The probability of recalling the card at `nowMs` (FSRS's forgetting curve); null for a card never studied. */
  retrievability(s: SchedState, nowMs: number): number | null {
    if (s.state === State.New || s.lastReview === null) return null;
    return this.f.get_retrievability(toFsrs(s), new Date(nowMs), false);
  }

  /**
   * The forgetting curve itself, for many cards at once: the probability of recall after `elapsedDays` whole days at
   * `stability`. retrievability() is this at the days since the card's last review.
   */
  forgettingCurve(): (elapsedDays: number, stability: number) => number {
    // ts-fsrs's forgetting_curve with its decay and factor worked out once, not once per card (100,000 cards).
    const { decay, factor } = computeDecayFactor(this.f.parameters.w);
    return (elapsedDays, stability) => roundTo(Math.pow(1 + (factor * elapsedDays) / stability, decay), 8);
  }

  /** The state before `entry` was applied, via ts-fsrs's rollback; the fields it cannot know come from the entry. */
  undo(s: SchedState, entry: AnswerEntry): SchedState {
    const prev = fromFsrs(this.f.rollback(toFsrs(s), toLog(entry)));
    // rollback() sets due to the review time and cannot know the previous due date: the entry kept it.
    return { ...prev, due: entry.prev.due, lastReview: entry.prev.lastReview };
  }
}

const SCHEDULERS = new WeakMap<SchedulerSettings, Scheduler>();

/**
 * One scheduler per settings object, made when first asked for: settings objects are never changed in place
 * (validateSettings and the presets give new ones), and a preset's cards (100,000 of them) share its scheduler.
 */
export function schedulerFor(settings: SchedulerSettings): Scheduler {
  let scheduler = SCHEDULERS.get(settings);
  if (!scheduler) SCHEDULERS.set(settings, (scheduler = new Scheduler(settings)));
  return scheduler;
}

/** "1m", "10m", "3h", "3d", "1.5mo", "2.1y": the interval a button would give, as Anki shows it. */
export function formatInterval(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return '<1m';
  // Each unit is chosen after rounding, so 59.7 minutes reads "1h" and 364 days "1y", never "60m" or "12mo".
  if (Math.round(minutes) < 60) return `${Math.round(minutes)}m`;
  const hours = minutes / 60;
  if (Math.round(hours) < 24) return `${Math.round(hours)}h`;
  const days = hours / 24;
  if (Math.round(days) < 30) return `${Math.round(days)}d`;
  const months = oneDecimal(days / 30.4375);
  if (months < 12) return `${months}mo`;
  return `${Math.max(1, oneDecimal(days / 365.25))}y`;
}

function oneDecimal(n: number): number {
  return Math.round(n * 10) / 10;
}
