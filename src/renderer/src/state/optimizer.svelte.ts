// The Settings screen's FSRS optimizer: fit the parameters to the person's own answers, say how well the current and
// the fitted ones predict them, and keep the fitted ones only when they predict better. The fitting is native code
// in the desktop app's main process (src/main/optimizer.ts); this class reads the training set, hands it over, shows
// the progress and keeps the outcome. Where the optimizer cannot run (the browser build) it says why.
import { itemCount, type Evaluation, type OptimizeResult, type TrainingSet } from '../../../core/fsrs-items';
import type { OptimizeAnswer, OptimizeProgress, OptimizerAvailability, Unsubscribe } from '../../../core/ipc-contract';
import { evaluateParameters } from '../../../core/fsrs-evaluate';
import { effectiveParams } from '../../../core/scheduler';
import { FSRS_PARAM_COUNT, type Settings } from '../../../core/settings';
import * as platform from '../platform';
import type { RetainDB } from '../storage/db';
import { readTrainingSet } from '../storage/training';

/** The optimizer's calls (the platform module's; a test passes stand-ins). */
export interface OptimizerPlatform {
  available(): Promise<OptimizerAvailability>;
  optimize(set: TrainingSet, current: number[], numRelearningSteps: number): Promise<OptimizeAnswer>;
  cancel(): Promise<void>;
  onProgress(listener: (progress: OptimizeProgress) => void): Unsubscribe;
}

const desktopPlatform: OptimizerPlatform = {
  available: platform.optimizerAvailable,
  optimize: platform.optimizeParameters,
  cancel: platform.cancelOptimize,
  onProgress: platform.onOptimizeProgress,
};

/** How the current parameters do on the history, as last evaluated. */
export interface EvaluationReport {
  evaluation: Evaluation | null;
  reviews: number;
  items: number;
}

export class FsrsOptimizer {
  /** Whether optimizing can run here, and if not, why; null until asked. */
  availability = $state.raw<OptimizerAvailability | null>(null);
  busy = $state<null | 'reading' | 'training' | 'evaluating'>(null);
  /** Training progress while busy training. */
  progress = $state.raw<OptimizeProgress | null>(null);
  /** The last optimization's outcome (both evaluations, the fitted parameters, whether they were kept). */
  result = $state.raw<OptimizeResult | null>(null);
  /** The last evaluation of the current parameters. */
  report = $state.raw<EvaluationReport | null>(null);
  /** What the last action did, in words; `error` when it failed. */
  status = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The parameters as the person edits them (Anki's text form: numbers separated by commas); empty: the defaults. */
  paramsText = $state('');
  /** The parameters before the last optimization replaced them, for "Go back". */
  previous = $state.raw<number[] | null>(null);
  private cancelled = false;

  constructor(
    private readonly db: RetainDB,
    /** The preset being edited: its settings, and the decks that use it (null: every deck). */
    private readonly scope: () => { settings: Settings; deckIds: readonly string[] | null },
    /** Saves the preset's settings (validated, dated, the deck list refreshed). */
    private readonly save: (next: Settings) => Promise<void>,
    /** Waits for the review session's last ratings to be stored, so the history includes them. */
    private readonly settled: () => Promise<void> = async () => {},
    private readonly api: OptimizerPlatform = desktopPlatform,
  ) {}

  /**
   * The panel is shown (for a preset): its text box starts from the stored parameters, the last outcome (another
   * preset's, perhaps) is cleared, and it asks whether optimizing can run.
   */
  async open(): Promise<void> {
    if (!this.busy) {
      this.paramsText = formatParams(this.settings().fsrsParams);
      this.result = this.report = this.previous = null;
      this.status = this.error = null;
    }
    await this.checkAvailable();
  }

  private async saveParams(params: number[]): Promise<void> {
    await this.save({ ...this.settings(), fsrsParams: params });
    this.paramsText = formatParams(params);
  }

  /** Saves the parameters typed or pasted into the text box (Anki's form); refuses what is not 21 numbers. */
  async saveTyped(): Promise<void> {
    if (this.busy) return;
    this.error = this.status = null;
    const parsed = parseParams(this.paramsText);
    if (!parsed.ok) {
      this.error = `Not saved: ${parsed.message}`;
      return;
    }
    try {
      await this.saveParams(parsed.params);
      this.previous = null;
      this.status = parsed.params.length === 0 ? 'Saved: FSRS\'s default parameters.' : 'Saved: cards are scheduled with these parameters from your next answer.';
    } catch (e) {
      this.error = `Not saved: ${(e as Error).message}`;
    }
  }

  async checkAvailable(): Promise<OptimizerAvailability> {
    this.availability ??= await this.api.available();
    return this.availability;
  }

  private settings(): Settings {
    return this.scope().settings;
  }

  /** The answers of the cards of the preset's decks, as training items. */
  private async trainingSet(): Promise<TrainingSet> {
    await this.settled();
    const { settings, deckIds } = this.scope();
    return readTrainingSet(this.db, deckIds && new Set(deckIds), settings.dayStartHour);
  }

  /** Fits parameters to the history; saves them only when they predict it better than the current ones. */
  async optimize(): Promise<void> {
    if (this.busy) return;
    const availability = await this.checkAvailable();
    if (!availability.ok) {
      this.error = availability.reason;
      return;
    }
    this.busy = 'reading';
    this.cancelled = false;
    this.error = this.status = null;
    this.progress = null;
    let unsubscribe: Unsubscribe = () => {};
    try {
      const set = await this.trainingSet();
      if (this.cancelled) {
        this.status = 'Cancelled. Your parameters were not changed.';
        return;
      }
      if (itemCount(set) === 0) {
        this.error = 'There is nothing to learn from yet: the optimizer needs cards answered on at least two different days. Study for a while, then try again.';
        return;
      }
      const settings = this.settings();
      const current = effectiveParams(settings.fsrsParams);
      this.busy = 'training';
      this.progress = { done: 0, total: 1 };
      unsubscribe = this.api.onProgress((p) => (this.progress = p));
      const answer = await this.api.optimize(set, current, settings.relearningSteps.length);
      if (!answer.ok) {
        if (answer.cancelled) this.status = 'Cancelled. Your parameters were not changed.';
        else this.error = `Optimizing failed: ${answer.message} Your parameters were not changed.`;
        return;
      }
      const result = answer.result;
      this.result = result;
      if (result.improved) {
        this.previous = [...settings.fsrsParams];
        await this.saveParams(result.params);
        this.status = `Saved: the optimized parameters predict your ${result.reviews.toLocaleString('en')} answers better than the ones you had. Cards are scheduled with them from your next answer.`;
      } else if (result.optimized === null) {
        this.status = `Kept your parameters: ${result.reviews.toLocaleString('en')} answers are too few to tell whether the fitted ones predict better.`;
      } else {
        this.status = 'Kept your parameters: the fitted ones do not predict your history better.';
      }
      this.report = { evaluation: result.current, reviews: result.reviews, items: result.items };
    } catch (e) {
      this.error = `Optimizing failed: ${(e as Error).message}. Your parameters were not changed.`;
    } finally {
      unsubscribe();
      this.busy = null;
    }
  }

  /** Stops a running optimization; the parameters stay as they were. */
  async cancel(): Promise<void> {
    if (!this.busy) return;
    this.cancelled = true;
    if (this.busy === 'training') await this.api.cancel();
  }

  /** How well the current parameters predict the history (log loss and RMSE). */
  async evaluate(): Promise<void> {
    if (this.busy) return;
    this.busy = 'evaluating';
    this.error = this.status = null;
    try {
      const set = await this.trainingSet();
      // In TypeScript, as fsrs-rs evaluates (core/fsrs-evaluate.ts): the browser build has no native optimizer, and
      // this takes a fraction of a second where the binding's own evaluation takes seconds.
      const evaluation = evaluateParameters(set, effectiveParams(this.settings().fsrsParams));
      this.report = { evaluation, reviews: set.reviews, items: itemCount(set) };
    } catch (e) {
      this.error = `Could not evaluate: ${(e as Error).message}`;
    } finally {
      this.busy = null;
    }
  }

  /** Puts back the parameters the last optimization replaced. */
  async goBack(): Promise<void> {
    const previous = this.previous;
    if (previous === null || this.busy) return;
    await this.saveParams(previous);
    this.previous = null;
    this.result = null;
    this.report = null;
    this.status = previous.length === 0 ? 'Back to FSRS\'s default parameters.' : 'Back to your previous parameters.';
  }
}

/** Parameters as Anki shows them: rounded to 4 places, separated by commas. */
export function formatParams(params: readonly number[]): string {
  return params.map((w) => String(Math.round(w * 10_000) / 10_000)).join(', ');
}

/** Reads typed parameters: empty for the defaults, else exactly 21 numbers separated by commas or spaces. */
export function parseParams(text: string): { ok: true; params: number[] } | { ok: false; message: string } {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ok: true, params: [] };
  const bad = parts.findIndex((p) => !Number.isFinite(Number(p)));
  if (bad >= 0) return { ok: false, message: `parameter ${bad + 1} ("${parts[bad]}") is not a number.` };
  if (parts.length !== FSRS_PARAM_COUNT) {
    return { ok: false, message: `FSRS needs ${FSRS_PARAM_COUNT} parameters, and ${parts.length} were given. Leave the box empty for the defaults.` };
  }
  return { ok: true, params: parts.map(Number) };
}
