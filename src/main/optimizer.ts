// Fits FSRS parameters to a training set with fsrs-rs, through its Node binding (@open-spaced-repetition/binding,
// native code). Runs in Node only: the Electron main process, the tests and the benchmark; never in the renderer.
// No Electron import here, so vitest runs it as it is.
//
// The binding is an optional dependency: its native package exists for some platforms only. It is loaded when first
// needed, and where it cannot be, every call says why instead of failing at start-up.
import { createRequire } from 'node:module';
import { evaluateParameters } from '../core/fsrs-evaluate';
import { itemCount, trainingSetProblem, type Evaluation, type OptimizeResult, type TrainingSet } from '../core/fsrs-items';
import type { OptimizeAnswer, OptimizeProgress, OptimizerAvailability } from '../core/ipc-contract';

/** The parts of the binding used here (its own .d.ts describes more). */
interface BindingReview {
  readonly rating: number;
}
interface BindingItem {
  readonly reviews: BindingReview[];
}
interface BindingModule {
  FSRSBindingReview: new (rating: number, deltaT: number) => BindingReview;
  FSRSBindingItem: new (reviews: BindingReview[]) => BindingItem;
  FSRSBinding: new (parameters?: number[]) => { evaluate(items: BindingItem[]): { logLoss: number; rmseBins: number } };
  computeParameters(
    items: BindingItem[],
    options: { enableShortTerm: boolean; numRelearningSteps?: number; progress?: (current: number, total: number) => boolean | void; timeout?: number },
  ): Promise<number[]>;
}

export const BINDING_PACKAGE = '@open-spaced-repetition/binding';

export type LoadedBinding = { ok: true; binding: BindingModule } | { ok: false; reason: string };

/** Loads the package `name` as the binding, or says why it cannot be had here (absent, or failing to load). */
export function tryLoadBinding(name: string): LoadedBinding {
  try {
    // createRequire: the bundler leaves a computed require alone, so a missing package fails here, not at start-up.
    const require = createRequire(import.meta.url);
    return { ok: true, binding: require(name) as BindingModule };
  } catch (e) {
    return {
      ok: false,
      reason: `The FSRS optimizer (${name}) is not available on this computer (${process.platform}-${process.arch}): ${(e as Error).message.split('\n')[0]}`,
    };
  }
}

let loaded: LoadedBinding | undefined;

/** The binding (loaded once), or why it cannot be had on this machine. */
export function loadBinding(): LoadedBinding {
  loaded ??= tryLoadBinding(BINDING_PACKAGE);
  return loaded;
}

export interface OptimizeOptions {
  /** The preset's relearning steps: fsrs-rs adjusts the short-term parameters when there is more than one. */
  numRelearningSteps: number;
  /** Called as training goes (current and total steps of fsrs-rs's epochs). */
  onProgress?: (current: number, total: number) => void;
  /** Aborting it stops training at its next progress tick; optimize() then rejects with OptimizeCancelled. */
  signal?: AbortSignal;
}

export class OptimizeCancelled extends Error {
  constructor() {
    super('Optimizing was cancelled; the parameters were not changed.');
    this.name = 'OptimizeCancelled';
  }
}

export class OptimizerUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'OptimizerUnavailable';
  }
}

function bindingOrThrow(): BindingModule {
  const b = loadBinding();
  if (!b.ok) throw new OptimizerUnavailable(b.reason);
  return b.binding;
}

/** The set's items as the binding's objects (each answer's object shared by every item that holds it). */
function toItems(binding: BindingModule, set: TrainingSet): BindingItem[] {
  const reviews = Array.from(set.ratings, (rating, i) => new binding.FSRSBindingReview(rating, set.deltas[i]!));
  const items: BindingItem[] = new Array(itemCount(set));
  for (let i = 0; i < items.length; i++) items[i] = new binding.FSRSBindingItem(reviews.slice(set.starts[i]!, set.ends[i]!));
  return items;
}

function checked(set: TrainingSet): void {
  const problem = trainingSetProblem(set);
  if (problem) throw new Error(`Cannot optimize: ${problem}.`);
}

function evaluateItems(binding: BindingModule, items: BindingItem[], params: readonly number[]): Evaluation | null {
  let model;
  try {
    model = new binding.FSRSBinding([...params]);
  } catch {
    throw new Error(`Cannot evaluate: fsrs-rs refuses these ${params.length} parameters as FSRS parameters.`);
  }
  try {
    const e = model.evaluate(items);
    return { logLoss: e.logLoss, rmse: e.rmseBins };
  } catch (e) {
    // fsrs-rs needs a minimum of items to bin its predictions; too little history has no figure, not an error.
    if (/NotEnoughData/.test(String(e))) return null;
    throw e;
  }
}

/** How well `params` predict the set's answers; null when there is too little history to say. */
export function evaluate(set: TrainingSet, params: readonly number[], binding: BindingModule = bindingOrThrow()): Evaluation | null {
  checked(set);
  return evaluateItems(binding, toItems(binding, set), params);
}

/**
 * Fits parameters to the set, then keeps them only if they predict it better (a lower RMSE, as Anki decides) than
 * `current`; both evaluations are returned for the user to see.
 */
export async function optimize(
  set: TrainingSet,
  current: readonly number[],
  options: OptimizeOptions,
  binding: BindingModule = bindingOrThrow(),
): Promise<OptimizeResult> {
  checked(set);
  if (options.signal?.aborted) throw new OptimizeCancelled();
  // The current parameters first: parameters that cannot be evaluated are refused before minutes of fitting.
  const before = evaluateParameters(set, current);
  const items = toItems(binding, set);
  let fitted: number[];
  try {
    fitted = await binding.computeParameters(items, {
      enableShortTerm: true,
      numRelearningSteps: options.numRelearningSteps,
      // The promise settles on a poll tick; 10 ms keeps the wait after the last epoch short.
      timeout: 10,
      progress: (done, total) => {
        if (options.signal?.aborted) return false;
        options.onProgress?.(done, total);
        return true;
      },
    });
  } catch (e) {
    if (options.signal?.aborted || /Interrupted/.test(String(e))) throw new OptimizeCancelled();
    throw new Error(`The FSRS optimizer failed: ${(e as Error).message}`);
  }
  if (options.signal?.aborted) throw new OptimizeCancelled();
  // Evaluated in TypeScript (core/fsrs-evaluate.ts): the same figures as fsrs-rs's evaluate, to within float noise, in
  // a fraction of its time (on a million answers, under half a second against six seconds each).
  const after = evaluateParameters(set, fitted);
  const improved = before !== null && after !== null && after.rmse < before.rmse;
  return {
    params: improved ? fitted : [...current],
    fitted,
    improved,
    current: before,
    optimized: after,
    items: items.length,
    reviews: set.reviews,
  };
}

/**
 * One optimization at a time, answered as the IPC contract says (errors become messages): what the main process's
 * `fsrs:*` handlers call. Progress is passed on at most every 100 ms.
 */
export class OptimizerService {
  private running: AbortController | null = null;

  /** `load`: how the binding is had (a test passes a failing one, as on a platform without it). */
  constructor(private readonly load: () => LoadedBinding = loadBinding) {}

  available(): OptimizerAvailability {
    const b = this.load();
    return b.ok ? { ok: true } : { ok: false, reason: b.reason };
  }

  async optimize(set: TrainingSet, current: number[], numRelearningSteps: number, onProgress: (p: OptimizeProgress) => void): Promise<OptimizeAnswer> {
    const b = this.load();
    if (!b.ok) return { ok: false, cancelled: false, message: b.reason };
    if (this.running) return { ok: false, cancelled: false, message: 'An optimization is already running; wait for it or cancel it.' };
    const controller = new AbortController();
    this.running = controller;
    let last = 0;
    let steps = 0;
    try {
      const result = await optimize(set, current, {
        numRelearningSteps,
        signal: controller.signal,
        onProgress: (done, total) => {
          steps = total;
          const now = Date.now();
          if (now - last < 100 && done < total) return;
          last = now;
          onProgress({ done, total });
        },
      }, b.binding);
      // fsrs-rs may finish between two progress ticks (or before the first): the bar ends full either way.
      onProgress({ done: steps || 1, total: steps || 1 });
      return { ok: true, result };
    } catch (e) {
      return { ok: false, cancelled: e instanceof OptimizeCancelled, message: (e as Error).message };
    } finally {
      this.running = null;
    }
  }

  cancel(): void {
    this.running?.abort();
  }
}
