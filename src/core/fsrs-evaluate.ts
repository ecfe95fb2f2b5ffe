// How well FSRS parameters predict a training set: the log loss and "RMSE (bins)" that fsrs-rs's `evaluate` gives
// through its Node binding (src/main/optimizer.ts), computed here in plain TypeScript because the browser build cannot
// load that native binding. It mirrors fsrs-rs 6.5 (the crate in @open-spaced-repetition/binding 0.5) as the binding
// calls it:
// - Outliers are dropped first (fsrs-rs `filter_outlier`, which the binding and Anki apply before evaluating): see
//   `keptOrder`. Nothing left: fsrs-rs answers NotEnoughData, and this null.
// - The k-th of the n items left weighs 0.25 + 0.75 (k / (n - 1))^3 (fsrs-rs takes the order as time: fsrs-items
//   orders items by their last answer).
// - An item's prediction is the forgetting curve (decay w[20]) at its last answer's gap, from the stability after the
//   answers before it (FSRS-6: the first sets stability and difficulty from its rating; each later one updates them,
//   by the same-day formula when its gap is 0). The outcome is 1 unless the last answer was Again.
// - Log loss is the weighted mean of -ln(p) or -ln(1 - p). RMSE (bins) groups the items by (last gap, count of
//   answers on a later day than the one before, count of those that were Again before the last), each on a log
//   scale (floor of the log in base 3.62, 1.89, 1.73); per bin the mean prediction and the mean outcome (unweighted)
//   differ by d, and RMSE = sqrt(sum of d^2 * the bin's weight / total weight).
// - fsrs-rs works in 32-bit floats: predictions and the sums are rounded to 32 bits as there (Math.fround), so the
//   figures agree with it even on a million items, where its rounding shows in the fourth digit of the RMSE.
// The memory state is run once along each card's answers, not once per item: the items of a card (fsrs-items lays
// them out so) all start at its first answer and each extends the one before.
import { default_w, FSRS5_DEFAULT_DECAY, INIT_S_MAX, S_MAX, S_MIN } from 'ts-fsrs';
import { trainingSetProblem, type Evaluation, type TrainingSet } from './fsrs-items';

const f32 = Math.fround;
const D_MIN = 1;
const D_MAX = 10;

/** fsrs-rs's bounds (FSRS-6 parameter clipper) as `FSRS::new` applies them: one relearning step, no short-term floor. */
const BOUNDS: readonly (readonly [number, number])[] = [
  [S_MIN, INIT_S_MAX], [S_MIN, INIT_S_MAX], [S_MIN, INIT_S_MAX], [S_MIN, INIT_S_MAX],
  [D_MIN, D_MAX], [0.001, 4], [0.001, 4], [0.001, 0.75],
  [0, 4.5], [0, 0.8], [0.001, 3.5], [0.001, 5],
  [0.001, 0.25], [0.001, 0.9], [0, 4], [0, 1],
  [1, 6], [0, 2], [0, 2], [0, 0.8],
  [0.1, 0.8],
];

const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

/** The 21 parameters fsrs-rs evaluates `params` with: filled (none: the defaults; 17 or 19: to 21) and clamped. */
function fullParameters(params: readonly number[]): number[] {
  let w: number[];
  if (params.length === 0) w = [...default_w];
  else if (params.length === 21) w = [...params];
  else if (params.length === 19) w = [...params, 0, FSRS5_DEFAULT_DECAY];
  else if (params.length === 17) {
    // FSRS-4.5: initial difficulty expressed otherwise, no short-term stability, the FSRS-5 decay
    w = [...params, 0, 0, 0, FSRS5_DEFAULT_DECAY];
    w[4] = w[5]! * 2 + w[4]!;
    w[5] = Math.log(w[5]! * 3 + 1) / 3;
    w[6] = w[6]! + 0.5;
  } else throw new Error(`Cannot evaluate: ${params.length} numbers are not FSRS parameters (21 are, or 17 or 19).`);
  if (!w.every(Number.isFinite)) throw new Error('Cannot evaluate: the parameters are not all finite numbers.');
  // as 32-bit floats, as the binding hands them over
  return w.map((x, i) => clamp(f32(x), BOUNDS[i]![0], BOUNDS[i]![1]));
}

// Bins are keyed by their three floor(log) exponents, each below 64 for any u32 count: ((gap * 64) + length) * 64 + lapses.
const LN_GAP = Math.log(3.62);
const LN_LENGTH = Math.log(1.89);
const LN_LAPSES = Math.log(1.73);
const BINS = 64 * 64 * 64;
// What an item is evaluated on, packed in one number next to its prediction.
const OUTCOME = 1 << 18; // its last answer was not Again
const FIRST_REVIEW_ITEM = 1 << 19; // exactly one answer on a later day than the one before (fsrs-rs: long-term review)
const HAS_LONG_TERM = 1 << 20; // at least one
const FIRST_RATING_SHIFT = 21; // the card's first rating, 1-4

/**
 * FSRS-6 along one card's answers. After `begin(first rating)`, each `next(gap, rating)` sets, for the item whose last
 * answer that is: `p` (the predicted recall), `info` (bin and flags) and `gap` (what the outlier filter groups it by),
 * then takes the answer into the memory state.
 */
class Walk {
  p = 0;
  info = 0;
  gap = 0;
  private s = 0;
  private d = 0;
  private firstRating = 0;
  private firstLongTermGap = 0;
  private longTerm = 0;
  private lapses = 0;
  private readonly w: Float64Array;
  private readonly decay: number;
  private readonly factor: number;
  private readonly meanDifficulty: number;
  /** Post-lapse stability is at most the stability before divided by this. */
  private readonly lapseShrink: number;

  constructor(w: readonly number[]) {
    this.w = Float64Array.from(w);
    this.decay = -w[20]!;
    this.factor = Math.exp(Math.log(0.9) / this.decay) - 1;
    this.meanDifficulty = this.initialDifficulty(4);
    this.lapseShrink = Math.exp(w[17]! * w[18]!);
  }

  private initialDifficulty(rating: number): number {
    return this.w[4]! - Math.exp(this.w[5]! * (rating - 1)) + 1;
  }

  begin(rating: number): void {
    this.s = clamp(this.w[rating - 1]!, S_MIN, S_MAX);
    this.d = clamp(this.initialDifficulty(rating), D_MIN, D_MAX);
    this.firstRating = rating;
    this.firstLongTermGap = 0;
    this.longTerm = 0;
    this.lapses = 0;
  }

  next(gap: number, rating: number): void {
    const w = this.w;
    const s = this.s;
    const d = this.d;
    const r = Math.pow((gap / s) * this.factor + 1, this.decay);

    // the item ending here
    this.p = f32(r);
    const longTerm = this.longTerm + (gap > 0 ? 1 : 0);
    if (gap > 0 && this.longTerm === 0) this.firstLongTermGap = gap;
    const g = gap > 0 ? Math.floor(Math.log(gap) / LN_GAP) + 1 : 0;
    const l = Math.floor(Math.log(longTerm + 1) / LN_LENGTH);
    const a = this.lapses > 0 ? Math.floor(Math.log(this.lapses) / LN_LAPSES) + 1 : 0;
    this.info =
      ((g * 64 + l) * 64 + a) |
      (rating > 1 ? OUTCOME : 0) |
      (longTerm === 1 ? FIRST_REVIEW_ITEM : 0) |
      (longTerm > 0 ? HAS_LONG_TERM : 0) |
      (this.firstRating << FIRST_RATING_SHIFT);
    this.gap = longTerm === 1 ? gap : this.firstLongTermGap;

    // the answer taken in
    let next: number;
    if (gap === 0) {
      // same day: short-term stability, never lowered by a pass
      const growth = Math.exp(w[17]! * (rating - 3 + w[18]!)) * Math.pow(s, -w[19]!);
      next = s * (rating >= 2 ? Math.max(growth, 1) : growth);
    } else if (rating === 1) {
      const lapse = w[11]! * Math.pow(d, -w[12]!) * (Math.pow(s + 1, w[13]!) - 1) * Math.exp((1 - r) * w[14]!);
      next = Math.min(lapse, s / this.lapseShrink);
    } else {
      const bonus = rating === 2 ? w[15]! : rating === 4 ? w[16]! : 1;
      next = s * (Math.exp(w[8]!) * (11 - d) * Math.pow(s, -w[9]!) * (Math.exp((1 - r) * w[10]!) - 1) * bonus + 1);
    }
    this.s = clamp(next, S_MIN, S_MAX);
    const damped = d - (w[6]! * (rating - 3) * (10 - d)) / 9;
    this.d = clamp(w[7]! * (this.meanDifficulty - damped) + damped, D_MIN, D_MAX);
    this.longTerm = longTerm;
    if (gap > 0 && rating === 1) this.lapses++;
  }
}

/**
 * fsrs-rs's outlier filter and the order it leaves: the items (by index) that are evaluated, in evaluation order.
 * Items with one long-term answer are grouped by (first rating, gap of that answer). Within a first rating, groups are
 * taken smallest first (the shorter gap first among equals) and dropped until 5% of the rating's items (20 at least)
 * are; of the rest a group is kept only with 6 items or more and a gap of at most 100 days (365 after Easy). Another
 * item is dropped when its first rating and first long-term gap name a dropped group. The kept come in that order:
 * the one-long-term-answer items by first rating, group (as taken) and given order, then the others as given.
 */
function keptOrder(info: Int32Array, gaps: Uint32Array): Int32Array {
  const items = info.length;
  const groups: Map<number, number>[] = [new Map(), new Map(), new Map(), new Map(), new Map()];
  for (let i = 0; i < items; i++) {
    if (!(info[i]! & FIRST_REVIEW_ITEM)) continue;
    const group = groups[info[i]! >>> FIRST_RATING_SHIFT]!;
    group.set(gaps[i]!, (group.get(gaps[i]!) ?? 0) + 1);
  }
  // each kept group's next place in the order; each first rating's dropped gaps
  const place: Map<number, number>[] = groups.map(() => new Map());
  const dropped: Set<number>[] = groups.map(() => new Set());
  let firstReviewItems = 0;
  for (let rating = 1; rating <= 4; rating++) {
    const taken = [...groups[rating]!].sort(([gapA, a], [gapB, b]) => a - b || gapA - gapB);
    const total = taken.reduce((sum, [, count]) => sum + count, 0);
    const quota = Math.max(20, Math.floor(total / 20));
    let removed = 0;
    for (const [gap, count] of taken) {
      if (removed + count < quota) {
        removed += count;
        dropped[rating]!.add(gap);
      } else if (count >= 6 && gap <= (rating === 4 ? 365 : 100)) {
        place[rating]!.set(gap, firstReviewItems);
        firstReviewItems += count;
      } else dropped[rating]!.add(gap);
    }
  }
  const order = new Int32Array(items);
  let kept = firstReviewItems;
  for (let i = 0; i < items; i++) {
    const rating = info[i]! >>> FIRST_RATING_SHIFT;
    if (info[i]! & FIRST_REVIEW_ITEM) {
      const at = place[rating]!.get(gaps[i]!);
      if (at === undefined) continue;
      order[at] = i;
      place[rating]!.set(gaps[i]!, at + 1);
    } else if (!dropped[rating]!.has(gaps[i]!)) order[kept++] = i;
  }
  // kept - firstReviewItems others kept, and every kept group filled its places
  return order.subarray(0, kept);
}

/**
 * Log loss and RMSE (bins) of `params` on `set`, as fsrs-rs's `evaluate` gives them through the binding; null when
 * it would answer NotEnoughData (no item left once outliers are dropped).
 * `params`: 21 numbers (FSRS-6; 17 or 19 are filled as fsrs-rs does), or none for ts-fsrs's defaults.
 */
export function evaluateParameters(set: TrainingSet, params: readonly number[]): Evaluation | null {
  const problem = trainingSetProblem(set);
  if (problem) throw new Error(`Cannot evaluate: ${problem}.`);
  const w = fullParameters(params);
  const { ratings, deltas, starts, ends } = set;
  const n = ratings.length;
  const items = starts.length;

  // One walk along all answers, a card starting at each item's first answer; what an item ending at answer j is
  // evaluated on is kept at j. (segmentEnd: where the answers walked from a card's first answer end.)
  const isStart = new Uint8Array(n);
  for (let i = 0; i < items; i++) isStart[starts[i]!] = 1;
  const segmentEnd = new Uint32Array(n);
  for (let j = n - 1, end = n; j >= 0; j--) {
    if (isStart[j]) {
      segmentEnd[j] = end;
      end = j;
    }
  }
  const walk = new Walk(w);
  const pAt = new Float32Array(n);
  const infoAt = new Int32Array(n);
  const gapAt = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    if (isStart[j]) walk.begin(ratings[j]!);
    else {
      walk.next(deltas[j]!, ratings[j]!);
      pAt[j] = walk.p;
      infoAt[j] = walk.info;
      gapAt[j] = walk.gap;
    }
  }

  // Per item. One whose answers run past the next card's start (not fsrs-items' layout) is walked on its own.
  const p = new Float32Array(items);
  const info = new Int32Array(items);
  const gaps = new Uint32Array(items);
  for (let i = 0; i < items; i++) {
    const start = starts[i]!;
    const last = ends[i]! - 1;
    if (last === start) throw new Error(`Cannot evaluate: item ${i} has a single answer, nothing to predict it from.`);
    if (last < segmentEnd[start]!) {
      p[i] = pAt[last]!;
      info[i] = infoAt[last]!;
      gaps[i] = gapAt[last]!;
    } else {
      const own = new Walk(w);
      own.begin(ratings[start]!);
      for (let j = start + 1; j <= last; j++) own.next(deltas[j]!, ratings[j]!);
      p[i] = own.p;
      info[i] = own.info;
      gaps[i] = own.gap;
    }
    // fsrs-rs cannot place such an item in its outlier filter (it panics); fsrs-items never builds one
    if (!(info[i]! & HAS_LONG_TERM)) throw new Error(`Cannot evaluate: item ${i} has no answer on a later day than the first.`);
  }

  const order = keptOrder(info, gaps);
  const count = order.length;
  if (count === 0) return null;

  // Sums in evaluation order and in 32-bit floats, as fsrs-rs adds them.
  const span = f32(Math.max(count - 1, 1));
  const binPredicted = new Float64Array(BINS);
  const binActual = new Float64Array(BINS);
  const binCount = new Float64Array(BINS);
  const binWeight = new Float64Array(BINS);
  let loss = 0;
  let weights = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    const x = f32(k / span);
    const weight = f32(0.25 + f32(0.75 * f32(f32(x * x) * x)));
    const r = p[i]!;
    const y = info[i]! & OUTCOME ? 1 : 0;
    // both terms, as fsrs-rs computes them (a prediction of exactly 0 or 1 makes the loss non-finite there too)
    const term = f32(f32(y * f32(Math.log(r))) + f32((1 - y) * f32(Math.log(f32(1 - r)))));
    loss = f32(loss + f32(term * weight));
    weights = f32(weights + weight);
    const bin = info[i]! & (BINS - 1);
    binPredicted[bin] = f32(binPredicted[bin]! + r);
    binActual[bin] = binActual[bin]! + y;
    binCount[bin] = binCount[bin]! + 1;
    binWeight[bin] = f32(binWeight[bin]! + weight);
  }
  let squares = 0;
  let binWeights = 0;
  for (let bin = 0; bin < BINS; bin++) {
    const c = binCount[bin]!;
    if (c === 0) continue;
    const d = f32(f32(binPredicted[bin]! / c) - f32(binActual[bin]! / c));
    squares = f32(squares + f32(f32(d * d) * binWeight[bin]!));
    binWeights = f32(binWeights + binWeight[bin]!);
  }
  const logLoss = f32(-loss / weights);
  const rmse = f32(Math.sqrt(f32(squares / binWeights)));
  // fsrs-rs: InvalidInput
  if (!Number.isFinite(logLoss) || !Number.isFinite(rmse)) throw new Error('Cannot evaluate: these parameters predict no finite figures.');
  return { logLoss, rmse };
}
