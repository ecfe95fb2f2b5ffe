// A simulation of the study workload to come: what the next `days` study days would ask of the learner at a given
// desired retention, as Anki's FSRS simulator shows it ("at 0.90 about N reviews a day; at 0.95, M"). Pure and
// deterministic: the randomness comes from a seeded generator of its own and the time from `today`.
//
// The model, a day at a time (the simulator of fsrs-rs works the same way):
// - Each day the cards due (oldest due date first, overdue ones included) are reviewed, up to `reviewsPerDay`; the
//   rest wait for the next day, ahead of the cards that fall due then.
// - A review is recalled with probability R, FSRS's retrievability after the whole days elapsed since the card's last
//   review (ts-fsrs's forgetting curve with the parameters' decay). A recalled card is rated Hard, Good or Easy with
//   REVIEW_RATING_PROBABILITY; a forgotten one is rated Again (a lapse: FSRS's post-lapse stability) and then answered
//   Good through its relearning steps the same day.
// - New cards are introduced up to `newPerDay` a day (whatever the number of reviews, as the app's queue does); the
//   first answer is drawn from FIRST_RATING_PROBABILITY, then the card is answered Good through its remaining learning
//   steps the same day (none after Easy).
// - After each answer the card's memory state is ts-fsrs's next_state, and the card is next due after ts-fsrs's
//   next_interval of the new stability at the desired retention (no fuzz, no load balancing), at most
//   `maximumInterval` days.
// Simplifications: (re)learning steps are collapsed into the day (answered Good at once: counted in `steps`, never
// failed); a card in (re)learning is answered once on its due day, outside the review limit, like the learning queue;
// siblings are not buried; no card is suspended as a leech.
import { computeDecayFactor, FSRSAlgorithm, migrateParameters, S_MAX, S_MIN, type FSRSState } from 'ts-fsrs';
import { MINUTE_MS, NO_REVIEW, type StatsColumns } from './card-columns';
import { dayNumber } from './day';
import { Queue } from './model';
import { Rating, State } from './scheduler';

/**
 * How a recalled card is rated in review: Hard, Good, Easy. Anki's defaults for the simulator (fsrs-rs
 * SimulatorConfig), from the answers of many users; Anki replaces them with the user's own shares when it has them.
 */
export const REVIEW_RATING_PROBABILITY: readonly [number, number, number] = [0.224, 0.631, 0.145];
/** How a new card is first answered: Again, Hard, Good, Easy (Anki's defaults too). */
export const FIRST_RATING_PROBABILITY: readonly [number, number, number, number] = [0.24, 0.094, 0.495, 0.171];

/**
 * The cards already studied, one index per card across these arrays (plain or typed arrays: columns). Suspended cards
 * are left out by the caller. Cards in state New only add to the new cards available; a card without a usable memory
 * state (stability not a positive number, or no due day) is left out.
 */
export interface WorkloadCards {
  /** ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning. */
  state: ArrayLike<number>;
  stability: ArrayLike<number>;
  difficulty: ArrayLike<number>;
  /** The study day (day.ts numbers) the card is due. */
  dueDay: ArrayLike<number>;
  /**
   * The study day of the card's last review; NaN when unknown (then taken as one interval, at the desired retention,
   * before the due day).
   */
  lastReviewDay: ArrayLike<number>;
}

export interface WorkloadInput {
  cards: WorkloadCards;
  /** New cards waiting to be introduced, besides the cards of state New in `cards`. */
  newCards: number;
  /** FSRS's parameters (21 numbers; older 17 or 19 are migrated); empty: ts-fsrs's defaults. */
  params: readonly number[];
  desiredRetention: number;
  maximumInterval: number;
  newPerDay: number;
  reviewsPerDay: number;
  /** The study day the simulation starts on (day.ts numbers). */
  today: number;
  /** How many study days to simulate, today included. 90 if not given. */
  days?: number;
  /** Seed of the random draws (a 32-bit integer): the same input and seed always give the same days. */
  seed: number;
  /** How many learning steps a new card goes through (settings.learningSteps.length); 2 if not given. */
  learningSteps?: number;
  /** How many relearning steps a lapse goes through (settings.relearningSteps.length); 1 if not given. */
  relearningSteps?: number;
}

export interface WorkloadDay {
  /** The study day (day.ts numbers). */
  day: number;
  /** Due cards reviewed (at most reviewsPerDay). */
  reviews: number;
  /** New cards introduced (at most newPerDay); their first answers. */
  newCards: number;
  /** Reviews forgotten (rated Again). */
  lapses: number;
  /**
   * Other answers of the day, outside the review limit: the learning steps of the new cards after their first answer,
   * the relearning steps of the lapses, and the cards already in (re)learning. reviews + newCards + steps is every
   * answer of the day.
   */
  steps: number;
  /**
   * The expected number of cards you would recall at the day's end: the sum of the retrievability of every card
   * studied by then (the existing ones and the new ones introduced so far), at the whole days since each card's last
   * review.
   */
  memorized: number;
}

/** A small seeded generator (mulberry32): uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GOOD = Rating.Good;

/**
 * The forgetting curve for the `memorized` sums, which need it for every card on every day (9 million times for
 * 100,000 cards over 90 days: Math.pow was most of the time). Tabulated against elapsed days / stability in steps of
 * 1/32 up to 2048 and interpolated linearly: within 5e-5 of the curve for any decay FSRS allows (the error bound of
 * linear interpolation, from the curve's largest curvature, at 0); beyond the table, computed.
 */
const CURVE_STEPS_PER_UNIT = 32;
const CURVE_LAST = 2048 * CURVE_STEPS_PER_UNIT;

function curveTable(decay: number, factor: number): Float64Array {
  const table = new Float64Array(CURVE_LAST + 1);
  for (let j = 0; j <= CURVE_LAST; j++) table[j] = Math.pow(1 + (factor * j) / CURVE_STEPS_PER_UNIT, decay);
  return table;
}

/**
 * The study days from `today` on, as the learner would live them at `desiredRetention` (see the top of this file
 * for the model). One entry a day.
 */
export function simulateWorkload(input: WorkloadInput): WorkloadDay[] {
  for (const key of ['newCards', 'desiredRetention', 'maximumInterval', 'newPerDay', 'reviewsPerDay', 'today', 'seed'] as const) {
    if (!Number.isFinite(input[key])) throw new Error(`simulateWorkload: ${key} is not a number: ${input[key]}`);
  }
  const days = Math.max(0, Math.floor(input.days ?? 90));
  const reviewLimit = Math.max(0, Math.floor(input.reviewsPerDay));
  const newLimit = Math.max(0, Math.floor(input.newPerDay));
  const learningSteps = Math.max(0, Math.floor(input.learningSteps ?? 2));
  const relearningSteps = Math.max(0, Math.floor(input.relearningSteps ?? 1));
  const maximumInterval = Math.max(1, Math.floor(input.maximumInterval));
  const today = Math.floor(input.today);
  if (!(input.desiredRetention > 0 && input.desiredRetention < 1)) {
    throw new Error(`desired retention must be between 0 and 1, not ${input.desiredRetention}`);
  }
  const { state, stability, difficulty, dueDay, lastReviewDay } = input.cards;
  const n = state.length;
  if (stability.length !== n || difficulty.length !== n || dueDay.length !== n || lastReviewDay.length !== n) {
    throw new Error('simulateWorkload: the card arrays differ in length');
  }

  const relearning = Array.from({ length: relearningSteps }, () => '10m' as const); // only the count matters
  const fsrs = new FSRSAlgorithm({
    w: input.params.length > 0 ? migrateParameters([...input.params], relearningSteps, true) : undefined,
    request_retention: input.desiredRetention,
    maximum_interval: maximumInterval,
    enable_fuzz: false,
    enable_short_term: true,
    relearning_steps: relearning,
  });
  // ts-fsrs's forgetting curve (FSRSAlgorithm.forgetting_curve), its decay and factor worked out once rather than on
  // every call.
  const { decay, factor } = computeDecayFactor(fsrs.parameters.w);
  const recall = (elapsed: number, stability: number) => Math.pow(1 + (factor * elapsed) / stability, decay);
  const random = seededRandom(input.seed);

  let newPool = Math.max(0, Math.floor(input.newCards));
  for (let i = 0; i < n; i++) if (state[i] === State.New) newPool++;
  const introduced = Math.min(newPool, newLimit * days);

  // The simulated cards: the existing ones with a memory state, then the new ones as they are introduced. Days are
  // relative to today (0 = today; last reviews may be negative).
  const capacity = n + introduced;
  const s = new Float64Array(capacity);
  const d = new Float64Array(capacity);
  const last = new Int32Array(capacity);
  let count = 0;

  // Cards due on each simulated day, as linked lists in the order they fell due; the cards waiting to be reviewed
  // (due today or before, oldest first) in a ring.
  const head = new Int32Array(days).fill(-1);
  const tail = new Int32Array(days).fill(-1);
  const next = new Int32Array(capacity).fill(-1);
  const ring = new Int32Array(capacity + 1);
  let ringHead = 0;
  let ringLength = 0;
  const enqueue = (i: number) => {
    ring[(ringHead + ringLength) % ring.length] = i;
    ringLength++;
  };
  const schedule = (i: number, due: number) => {
    if (due >= days) return;
    if (tail[due]! < 0) head[due] = i;
    else next[tail[due]!] = i;
    tail[due] = i;
    next[i] = -1;
  };
  // Cards already in (re)learning, by the day they are due: answered outside the review limit.
  const learningByDay = new Map<number, number[]>();
  const learningAgainSteps: number[] = []; // by card: the steps after Again (learning or relearning ones)

  const overdue: { i: number; due: number }[] = [];
  for (let k = 0; k < n; k++) {
    const st = state[k]!;
    if (st === State.New) continue;
    const stab = stability[k]!;
    const due = Math.round(dueDay[k]!) - today;
    if (!(stab > 0) || !Number.isFinite(due)) continue;
    const i = count++;
    s[i] = Math.min(S_MAX, Math.max(S_MIN, stab));
    const diff = difficulty[k]!;
    d[i] = Number.isFinite(diff) ? Math.min(10, Math.max(1, diff)) : fsrs.init_difficulty(GOOD);
    const lastDay = lastReviewDay[k]!;
    last[i] = Math.min(0, Number.isFinite(lastDay) ? Math.round(lastDay) - today : due - fsrs.next_interval(s[i]!, 0));
    if (st === State.Learning || st === State.Relearning) {
      const day = Math.max(0, due);
      if (day >= days) continue;
      let list = learningByDay.get(day);
      if (!list) learningByDay.set(day, (list = []));
      list.push(i);
      learningAgainSteps[i] = st === State.Learning ? learningSteps : relearningSteps;
    } else if (due <= 0) {
      overdue.push({ i, due });
    } else {
      schedule(i, due);
    }
  }
  overdue.sort((a, b) => a.due - b.due || a.i - b.i);
  for (const { i } of overdue) enqueue(i);

  const memorized = new Float64Array(days);
  const curve = curveTable(decay, factor);
  /** Adds card i's retrievability at the end of days [from, to) to `memorized`, with its current memory state. */
  const remember = (i: number, from: number, to: number) => {
    // The table's position moves by a fixed step a day: x = (day - last) / stability, in table steps.
    const step = CURVE_STEPS_PER_UNIT / s[i]!;
    const start = Math.max(0, from);
    let x = (start - last[i]!) * step;
    for (let day = start; day < to; day++, x += step) {
      if (x < CURVE_LAST) {
        const j = x | 0;
        const a = curve[j]!;
        memorized[day]! += a + (x - j) * (curve[j + 1]! - a);
      } else {
        memorized[day]! += Math.pow(1 + (factor * x) / CURVE_STEPS_PER_UNIT, decay);
      }
    }
  };

  let mem: FSRSState = { stability: 0, difficulty: 0 };
  /** Answers card i today with `rating` after `elapsed` days at retrievability r, then `extraGood` Goods the same day. */
  const answer = (i: number, day: number, elapsed: number, rating: number, r: number, extraGood: number) => {
    remember(i, last[i]!, day);
    mem = fsrs.next_state({ stability: s[i]!, difficulty: d[i]! }, elapsed, rating, r);
    for (let k = 0; k < extraGood; k++) mem = fsrs.next_state(mem, 0, GOOD);
    s[i] = mem.stability;
    d[i] = mem.difficulty;
    last[i] = day;
    schedule(i, day + fsrs.next_interval(mem.stability, elapsed));
  };
  const reviewRating = (): number => {
    const x = random();
    const [hard, good] = REVIEW_RATING_PROBABILITY;
    return x < hard ? Rating.Hard : x < hard + good ? Rating.Good : Rating.Easy;
  };
  const firstRating = (): number => {
    const x = random();
    const [again, hard, good] = FIRST_RATING_PROBABILITY;
    return x < again ? Rating.Again : x < again + hard ? Rating.Hard : x < again + hard + good ? Rating.Good : Rating.Easy;
  };

  const out: WorkloadDay[] = [];
  for (let day = 0; day < days; day++) {
    let reviews = 0;
    let lapses = 0;
    let steps = 0;
    for (let i = head[day]!; i >= 0; i = next[i]!) enqueue(i);
    while (ringLength > 0 && reviews < reviewLimit) {
      const i = ring[ringHead]!;
      ringHead = (ringHead + 1) % ring.length;
      ringLength--;
      reviews++;
      const elapsed = Math.max(0, day - last[i]!);
      const r = recall(elapsed, s[i]!);
      if (random() < r) {
        answer(i, day, elapsed, reviewRating(), r, 0);
      } else {
        lapses++;
        steps += relearningSteps;
        answer(i, day, elapsed, Rating.Again, r, relearningSteps);
      }
    }
    for (const i of learningByDay.get(day) ?? []) {
      const elapsed = Math.max(0, day - last[i]!);
      const r = recall(elapsed, s[i]!);
      steps++;
      if (random() < r) {
        answer(i, day, elapsed, reviewRating(), r, 0);
      } else {
        steps += learningAgainSteps[i]!;
        answer(i, day, elapsed, Rating.Again, r, learningAgainSteps[i]!);
      }
    }
    const fresh = Math.min(newLimit, newPool);
    newPool -= fresh;
    for (let k = 0; k < fresh; k++) {
      const i = count++;
      const rating = firstRating();
      // After Again or Hard every learning step is still to pass; after Good all but the first; after Easy none.
      const more = rating === Rating.Easy ? 0 : rating === Rating.Good ? Math.max(0, learningSteps - 1) : learningSteps;
      steps += more;
      mem = fsrs.next_state(null, 0, rating);
      for (let j = 0; j < more; j++) mem = fsrs.next_state(mem, 0, GOOD);
      s[i] = mem.stability;
      d[i] = mem.difficulty;
      last[i] = day;
      schedule(i, day + fsrs.next_interval(mem.stability, 0));
    }
    out.push({ day: today + day, reviews, newCards: fresh, lapses, steps, memorized: 0 });
  }
  // Each card's retrievability from its last review to the end (the earlier stretches were added at each review).
  for (let i = 0; i < count; i++) remember(i, last[i]!, days);
  out.forEach((o, day) => (o.memorized = memorized[day]!));
  return out;
}

export interface WorkloadSummary {
  /** Mean reviews of due cards a day. */
  reviewsPerDay: number;
  /** Mean answers a day of every kind (reviews, new cards, (re)learning steps). */
  answersPerDay: number;
  /** Cards you would recall at the end of the last day (its `memorized`); 0 for no days. */
  memorizedAtEnd: number;
}

export function summarizeWorkload(days: readonly WorkloadDay[]): WorkloadSummary {
  if (days.length === 0) return { reviewsPerDay: 0, answersPerDay: 0, memorizedAtEnd: 0 };
  let reviews = 0;
  let answers = 0;
  for (const day of days) {
    reviews += day.reviews;
    answers += day.reviews + day.newCards + day.steps;
  }
  return { reviewsPerDay: reviews / days.length, answersPerDay: answers / days.length, memorizedAtEnd: days[days.length - 1]!.memorized };
}

/**
 * The simulation's cards from the card summaries (card-columns.ts) of the decks in `decks` (null: every deck):
 * suspended and retired cards left out; new cards (buried ones too) counted in `newCards`; a buried card that has been
 * studied due tomorrow at the earliest, as the forecast counts it.
 */
export function workloadCardsOf(
  chunks: readonly StatsColumns[],
  today: number,
  dayStartHour: number,
  decks: ReadonlySet<string> | null = null,
): { cards: WorkloadCards; newCards: number } {
  let total = 0;
  for (const c of chunks) total += c.state.length;
  const state = new Uint8Array(total);
  const stability = new Float32Array(total);
  const difficulty = new Float32Array(total);
  const dueDay = new Int32Array(total);
  const lastReviewDay = new Float64Array(total);
  // Day numbers by the quarter hour: every time zone's offset and clock change falls on one, so all the times in a
  // quarter hour belong to the same study day (and a Date per card would be most of the cost).
  const dayCache = new Map<number, number>();
  const dayOfMinute = (minute: number) => {
    const quarter = Math.floor(minute / 15);
    let day = dayCache.get(quarter);
    if (day === undefined) dayCache.set(quarter, (day = dayNumber(quarter * 15 * MINUTE_MS, dayStartHour)));
    return day;
  };
  let n = 0;
  let newCards = 0;
  for (const c of chunks) {
    const chosen = c.deckIds.map((id) => decks === null || decks.has(id));
    for (let i = 0; i < c.state.length; i++) {
      const queue = c.queue[i]!;
      if (!chosen[c.deck[i]!] || queue === Queue.Suspended || queue === Queue.Retired) continue;
      if (c.state[i] === State.New || queue === Queue.New) {
        newCards++;
        continue;
      }
      state[n] = c.state[i]!;
      stability[n] = c.stability[i]!;
      difficulty[n] = c.difficulty[i]!;
      const due = dayOfMinute(c.due[i]!);
      dueDay[n] = queue === Queue.Buried ? Math.max(due, today + 1) : due;
      lastReviewDay[n] = c.lastReview[i] === NO_REVIEW ? NaN : dayOfMinute(c.lastReview[i]!);
      n++;
    }
  }
  return {
    cards: {
      state: state.subarray(0, n), stability: stability.subarray(0, n), difficulty: difficulty.subarray(0, n),
      dueDay: dueDay.subarray(0, n), lastReviewDay: lastReviewDay.subarray(0, n),
    },
    newCards,
  };
}
