// Statistics from the per-card summaries (core/card-columns.ts): how many cards are in each state, how many fall due
// on each of the coming days, and what FSRS says of their memory (stability, difficulty, retrievability now).
// Pure: the chunks, the chosen decks, the time and the forgetting curve are all arguments.
import { MINUTE_MS, NO_REVIEW, type StatsColumns } from '../card-columns';
import { dayStartMs } from '../day';
import { MATURE_DAYS, Queue } from '../model';
import { State } from '../scheduler';

const DAY_MS = 86_400_000;

/** Which decks count: a set of deck ids, or null for every deck. */
export type DeckFilter = ReadonlySet<string> | null;

/** For each of a chunk's decks, whether it is chosen. */
function chosenDecks(c: StatsColumns, decks: DeckFilter): boolean[] {
  return c.deckIds.map((id) => decks === null || decks.has(id));
}

export interface CardCounts {
  new: number;
  learning: number;
  relearning: number;
  young: number;
  mature: number;
  suspended: number;
  buried: number;
  /** All of the above (retired cards, whose note left its bundled deck, are not counted anywhere). */
  total: number;
}

/** Cards by what they are now, as Anki's card counts: suspended and buried first, then by state and interval. */
export function cardCounts(chunks: readonly StatsColumns[], decks: DeckFilter): CardCounts {
  const out: CardCounts = { new: 0, learning: 0, relearning: 0, young: 0, mature: 0, suspended: 0, buried: 0, total: 0 };
  for (const c of chunks) {
    const chosen = chosenDecks(c, decks);
    for (let i = 0; i < c.deck.length; i++) {
      if (!chosen[c.deck[i]!]) continue;
      const queue = c.queue[i]!;
      if (queue === Queue.Retired) continue;
      out.total++;
      if (queue === Queue.Suspended) out.suspended++;
      else if (queue === Queue.Buried) out.buried++;
      else if (queue === Queue.New) out.new++;
      else if (c.state[i] === State.Relearning) out.relearning++;
      else if (queue === Queue.Learning) out.learning++;
      else if (c.scheduledDays[i]! >= MATURE_DAYS) out.mature++;
      else out.young++;
    }
  }
  return out;
}

export interface Forecast {
  /** Cards due on each day from today (index 0) on; today includes everything overdue. */
  due: number[];
  /** Of today's, how many were due before today. */
  overdue: number;
  /** Running total: due[0] + ... + due[i]. */
  cumulative: number[];
  total: number;
}

/**
 * How many cards fall due on each of the `length` study days from `today` on: cards in (re)learning and in review,
 * by the study day of their due time (overdue ones today). A buried card that has been studied comes back on the
 * next study day at the earliest. New, suspended and retired cards are not due.
 */
export function forecast(
  chunks: readonly StatsColumns[],
  decks: DeckFilter,
  today: number,
  dayStartHour: number,
  length: number,
): Forecast {
  // Where each study day begins (DST-safe), then a binary search per card: no Date per card.
  const starts = Array.from({ length: length + 1 }, (_, i) => dayStartMs(today + i, dayStartHour));
  const due = new Array<number>(length).fill(0);
  let overdue = 0;
  for (const c of chunks) {
    const chosen = chosenDecks(c, decks);
    for (let i = 0; i < c.deck.length; i++) {
      const queue = c.queue[i]!;
      const buried = queue === Queue.Buried && c.state[i] !== State.New;
      if ((queue !== Queue.Review && queue !== Queue.Learning && !buried) || !chosen[c.deck[i]!]) continue;
      const dueMs = c.due[i]! * MINUTE_MS;
      const t = buried ? Math.max(dueMs, starts[1] ?? Infinity) : dueMs;
      if (t >= starts[length]!) continue;
      if (t < starts[0]!) {
        overdue++;
        due[0]!++;
        continue;
      }
      let lo = 0;
      let hi = length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= t) lo = mid;
        else hi = mid - 1;
      }
      due[lo]!++;
    }
  }
  const cumulative: number[] = [];
  due.reduce((sum, n) => (cumulative.push(sum + n), sum + n), 0);
  return { due, overdue, cumulative, total: cumulative[length - 1] ?? 0 };
}

export interface Bin {
  /** "1-2d", "80-85%": what the bin holds, as its axis label. */
  label: string;
  /** Lower bound (inclusive) and upper bound (exclusive) in the histogram's unit. */
  from: number;
  to: number;
  count: number;
}

export interface Memory {
  /** Cards with a memory state (studied at least once; suspended and buried ones included, as in Anki). */
  cards: number;
  stability: Bin[];
  difficulty: Bin[];
  retrievability: Bin[];
  /** Mean retrievability now, 0-1; null without cards. */
  averageRetrievability: number | null;
  /** The expected number of these cards you would recall now: the sum of their retrievabilities. */
  recallNow: number;
}

/** Stability in days: from under a day to over five years, finer where most cards are. */
export const STABILITY_EDGES: readonly [number, string][] = [
  [0, '<1d'], [1, '1-2d'], [2, '2-3d'], [3, '3-5d'], [5, '5-7d'], [7, '1-2w'], [14, '2-3w'], [21, '3w-1mo'], [30, '1-2mo'],
  [60, '2-3mo'], [90, '3-6mo'], [180, '6mo-1y'], [365, '1-2y'], [730, '2-5y'], [1826, '5y+'],
];

function binsOf(edges: readonly [number, string][], top: number): Bin[] {
  return edges.map(([from, label], i) => ({ label, from, to: edges[i + 1]?.[0] ?? top, count: 0 }));
}

/** Ten bins of ten percent for difficulty (FSRS's 1-10, shown as Anki does, 0-100 %), twenty of five for R. */
const percentBins = (n: number): Bin[] =>
  Array.from({ length: n }, (_, i) => ({ label: `${(100 / n) * i}-${(100 / n) * (i + 1)}%`, from: i / n, to: (i + 1) / n, count: 0 }));

/** The bin of `x` (the last bin takes everything at or above its lower bound, the first everything below). */
function binOf(bins: Bin[], x: number): Bin {
  let lo = 0;
  let hi = bins.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bins[mid]!.from <= x) lo = mid;
    else hi = mid - 1;
  }
  return bins[lo]!;
}

/**
 * The memory of the chosen cards at `nowMs`: histograms of stability, difficulty and retrievability, and the recall
 * they predict. `curve(elapsedDays, stability)` is the scheduler's forgetting curve; elapsed days are whole days since
 * the last review, as ts-fsrs counts them.
 */
export function memory(
  chunks: readonly StatsColumns[],
  decks: DeckFilter,
  nowMs: number,
  /** The forgetting curve of the card's deck (decks' presets may differ in FSRS parameters). */
  curve: (elapsedDays: number, stability: number, deckId: string) => number,
): Memory {
  const stability = binsOf(STABILITY_EDGES, Infinity);
  const difficulty = percentBins(10);
  const retrievability = percentBins(20);
  let cards = 0;
  let recallNow = 0;
  for (const c of chunks) {
    const chosen = chosenDecks(c, decks);
    for (let i = 0; i < c.deck.length; i++) {
      const last = c.lastReview[i]!;
      if (c.state[i] === State.New || last === NO_REVIEW || c.queue[i] === Queue.Retired || !chosen[c.deck[i]!]) continue;
      const s = c.stability[i]!;
      const r = curve(Math.max(0, Math.floor((nowMs - last * MINUTE_MS) / DAY_MS)), s, c.deckIds[c.deck[i]!]!);
      cards++;
      recallNow += r;
      binOf(stability, s).count++;
      binOf(difficulty, (c.difficulty[i]! - 1) / 9).count++;
      binOf(retrievability, r).count++;
    }
  }
  return { cards, stability, difficulty, retrievability, averageRetrievability: cards === 0 ? null : recallNow / cards, recallNow };
}
