// The FSRS optimizer (src/main/optimizer.ts) on histories simulated from known parameters: the fit comes back close
// to them and predicts the history better than the defaults, it is kept only when it predicts better than the
// current parameters, progress is reported and Cancel stops it. Skipped, saying so, where the binding's native
// package is not installed (it is an optional dependency).
import { default_w, fsrs, createEmptyCard, forgetting_curve, Rating, type Card, type Grade } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { buildTrainingSet, type TrainingSet } from '../../../src/core/fsrs-items';
import { historyOf, type History } from '../../../src/core/history';
import { State, type ReviewEntry } from '../../../src/core/scheduler';
import { evaluate, loadBinding, optimize, OptimizeCancelled, OptimizerService, tryLoadBinding } from '../../../src/main/optimizer';
import { seededRandom } from '../../../src/core/simulate';

const binding = loadBinding();
if (!binding.ok) console.warn(`[optimizer tests] skipped: ${binding.reason}`);

const DAY = 86_400_000;
/** The parameters the history is simulated from: FSRS-6's defaults with other first-answer stabilities. */
const TRUTH = [...default_w];
TRUTH.splice(0, 4, 0.5, 2, 5, 20);


function row(t: number, rating: Grade, before: State): ReviewEntry {
  return {
    t, rating, ms: 4000, elapsed: 0,
    prev: { state: before, due: t, lastReview: null, stability: 0, difficulty: 0, elapsedDays: 0, scheduledDays: 0, learningSteps: 0 },
  };
}

/**
 * `cards` cards studied under `w`: a first answer (Again 20%, Hard 10%, Good 60%, Easy 10%), then up to 8 reviews,
 * each on the day FSRS scheduled it, recalled with the probability `w`'s forgetting curve gives.
 */
function simulate(w: number[], cards: number, seed: number): History[] {
  const next = seededRandom(seed);
  const f = fsrs({ w, enable_short_term: false, enable_fuzz: false, request_retention: 0.9 });
  const out: History[] = [];
  for (let c = 0; c < cards; c++) {
    let t = new Date(2026, 0, 1 + Math.floor(next() * 60), 12).getTime();
    const u = next();
    const first: Grade = u < 0.2 ? Rating.Again : u < 0.3 ? Rating.Hard : u < 0.9 ? Rating.Good : Rating.Easy;
    let card: Card = f.next(createEmptyCard(new Date(t)), new Date(t), first).card;
    const rows = [row(t, first, State.New)];
    for (let k = 0; k < 8; k++) {
      const days = Math.max(1, card.scheduled_days);
      t += days * DAY;
      const recalled = next() < forgetting_curve(w, days, card.stability);
      const v = next();
      const rating: Grade = !recalled ? Rating.Again : v < 0.8 ? Rating.Good : v < 0.9 ? Rating.Hard : Rating.Easy;
      rows.push(row(t, rating, State.Review));
      card = f.next(card, new Date(t), rating).card;
    }
    out.push(historyOf(rows));
  }
  return out;
}

describe.skipIf(!binding.ok)('the FSRS optimizer (fsrs-rs binding)', () => {
  const set: TrainingSet = buildTrainingSet(simulate(TRUTH, 3000, 7), 4);

  it('fits parameters close to those the history was simulated from, which predict it better than the defaults', async () => {
    const progress: number[] = [];
    const result = await optimize(set, default_w, { numRelearningSteps: 1, onProgress: (done, total) => progress.push(done / total) });
    expect(result.items).toBe(24_000);
    expect(result.reviews).toBe(27_000);
    // Loose: the first-answer stabilities of Good and Easy, which most of the history starts with, within a quarter.
    expect(result.fitted[2]! / TRUTH[2]!).toBeGreaterThan(0.75);
    expect(result.fitted[2]! / TRUTH[2]!).toBeLessThan(1.25);
    expect(result.fitted[3]! / TRUTH[3]!).toBeGreaterThan(0.75);
    expect(result.fitted[3]! / TRUTH[3]!).toBeLessThan(1.25);
    expect(result.improved).toBe(true);
    expect(result.params).toEqual(result.fitted);
    expect(result.optimized!.rmse).toBeLessThan(result.current!.rmse);
    expect(result.optimized!.logLoss).toBeLessThan(result.current!.logLoss);
    // as good as the truth itself, give or take
    expect(result.optimized!.logLoss).toBeLessThan(evaluate(set, TRUTH)!.logLoss + 0.005);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeLessThanOrEqual(1);
  });

  it('keeps the current parameters when the fit does not predict better', async () => {
    const fit = await optimize(set, default_w, { numRelearningSteps: 1 });
    // starting from the fitted parameters, a new fit is no better than them: they stay
    const again = await optimize(set, fit.fitted, { numRelearningSteps: 1 });
    if (!again.improved) expect(again.params).toEqual(fit.fitted);
    else expect(again.optimized!.rmse).toBeLessThan(again.current!.rmse);
    // a history too short to evaluate keeps the current parameters, with no figures
    const tiny = buildTrainingSet(simulate(TRUTH, 2, 3), 4);
    const result = await optimize(tiny, default_w, { numRelearningSteps: 1 });
    expect(result).toMatchObject({ improved: false, current: null, optimized: null, params: [...default_w] });
  });

  it('Cancel stops training and changes nothing', async () => {
    const controller = new AbortController();
    const run = optimize(set, default_w, { numRelearningSteps: 1, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toBeInstanceOf(OptimizeCancelled);
    const aborted = new AbortController();
    aborted.abort();
    await expect(optimize(set, default_w, { numRelearningSteps: 1, signal: aborted.signal })).rejects.toBeInstanceOf(OptimizeCancelled);
  });

  it('refuses a malformed training set or parameters with what is wrong', async () => {
    await expect(optimize({ ...set, ends: Uint32Array.of(99_999_999) }, default_w, { numRelearningSteps: 1 })).rejects.toThrow(/item starts and ends differ/);
    expect(() => evaluate(set, [1, 2, 3])).toThrow(/refuses these 3 parameters/);
  });
});

describe('where the binding is absent (a platform it has no build for)', () => {
  const absent = () => tryLoadBinding('@open-spaced-repetition/binding-for-no-such-platform');
  const set = buildTrainingSet(simulate(TRUTH, 20, 5), 4);

  it('says why, and every call answers with that reason instead of failing', async () => {
    const service = new OptimizerService(absent);
    const available = service.available();
    expect(available.ok).toBe(false);
    const reason = (available as { reason: string }).reason;
    expect(reason).toContain('is not available on this computer');
    expect(reason).toContain(`${process.platform}-${process.arch}`);
    expect(await service.optimize(set, [...default_w], 1, () => {})).toEqual({ ok: false, cancelled: false, message: reason });
  });
});

describe.skipIf(!binding.ok)('the optimizer service (what the fsrs:* IPC handlers answer)', () => {
  const set = buildTrainingSet(simulate(TRUTH, 3000, 11), 4);

  it('answers results and errors as messages; one run at a time; Cancel answers cancelled', async () => {
    const service = new OptimizerService();
    expect(service.available()).toEqual({ ok: true });
    const progress: { done: number; total: number }[] = [];
    const first = service.optimize(set, [...default_w], 1, (p) => progress.push(p));
    expect(await service.optimize(set, [...default_w], 1, () => {})).toMatchObject({ ok: false, cancelled: false, message: expect.stringMatching(/already running/) });
    const answer = await first;
    expect(answer.ok).toBe(true);
    expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)!.total });
    expect(answer.ok && answer.result.current!.logLoss).toBeGreaterThan(0);
    expect(await service.optimize(set, [1, 2], 1, () => {})).toMatchObject({ ok: false, message: expect.stringMatching(/2 numbers are not FSRS parameters/) });
    // Cancel pressed while it runs. (Not from the progress callback: on a fast moment fsrs-rs can finish before its
    // first progress tick, and nothing would press it.)
    const cancelled = service.optimize(set, [...default_w], 1, () => {});
    service.cancel();
    expect(await cancelled).toMatchObject({ ok: false, cancelled: true });
  });
});
