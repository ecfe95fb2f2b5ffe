// The Settings screen's optimizer (state/optimizer.svelte.ts) over a real collection, with the platform's optimizer
// calls stood in for: fitted parameters are saved only when they predict better, Cancel and failures change nothing,
// "Go back" restores, typed parameters are checked, and where the optimizer cannot run the reason is shown.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OptimizeResult, TrainingSet } from '../../../src/core/fsrs-items';
import type { OptimizeAnswer, OptimizeProgress } from '../../../src/core/ipc-contract';
import { Rating } from '../../../src/core/scheduler';
import type { Settings } from '../../../src/core/settings';
import { loadBinding, OptimizerService } from '../../../src/main/optimizer';
import { FsrsOptimizer, parseParams, type OptimizerPlatform } from '../../../src/renderer/src/state/optimizer.svelte';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { loadSettings, saveSettings } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { ALPHA_CARDS, alphaDeck, answer, DAY, freshDb, T0 } from '../storage/fixtures';

const FITTED = Array.from({ length: 21 }, (_, i) => 0.1 + i / 10);

let db: RetainDB;
let calls: { set: TrainingSet; current: number[]; steps: number }[];

function result(improved: boolean): OptimizeResult {
  return {
    params: improved ? FITTED : calls.at(-1)!.current,
    fitted: FITTED,
    improved,
    current: { logLoss: 0.4, rmse: 0.08 },
    optimized: { logLoss: improved ? 0.35 : 0.41, rmse: improved ? 0.05 : 0.09 },
    items: calls.at(-1)!.set.starts.length,
    reviews: calls.at(-1)!.set.reviews,
  };
}

function fakePlatform(answerWith: () => OptimizeAnswer, progress: OptimizeProgress[] = []): OptimizerPlatform {
  let listener: ((p: OptimizeProgress) => void) | null = null;
  return {
    available: async () => ({ ok: true }),
    optimize: async (set, current, steps) => {
      calls.push({ set, current, steps });
      for (const p of progress) listener?.(p);
      return answerWith();
    },
    cancel: async () => {},
    onProgress: (l) => {
      listener = l;
      return () => (listener = null);
    },
  };
}

function optimizerWith(api: OptimizerPlatform, settings: { current: Settings }): FsrsOptimizer {
  return new FsrsOptimizer(db, () => ({ settings: settings.current, deckIds: null }), async (next) => {
    await saveSettings(db, next, T0 + 30 * DAY);
    settings.current = await loadSettings(db);
  }, async () => {}, api);
}

/** Every card of the alpha deck answered on three different days, so the history gives training items. */
async function study(): Promise<void> {
  for (const [k, day] of [0, 1, 4].entries()) {
    for (const id of ALPHA_CARDS) await answer(db, id, k === 1 && id.endsWith('1') ? Rating.Again : Rating.Good, T0 + day * DAY + k * 60_000);
  }
}

beforeEach(async () => {
  db = freshDb();
  calls = [];
  await syncBundledDecks(db, [alphaDeck()], T0);
});

describe('optimizing from the Settings screen', () => {
  it('saves the fitted parameters when they predict the history better, and Go back restores the defaults', async () => {
    await study();
    const settings = { current: await loadSettings(db) };
    const opt = optimizerWith(fakePlatform(() => ({ ok: true, result: result(true) }), [{ done: 1, total: 4 }, { done: 4, total: 4 }]), settings);
    await opt.optimize();
    // Training's progress reached the bar.
    expect(opt.progress).toEqual({ done: 4, total: 4 });
    expect(calls).toHaveLength(1);
    // The training set is the stored history: 7 cards answered on three days give two items each.
    expect(calls[0]!.set.starts.length).toBe(14);
    expect(calls[0]!.set.reviews).toBe(21);
    expect(calls[0]!.current).toHaveLength(21); // the defaults, spelled out for fsrs-rs
    expect(calls[0]!.steps).toBe(1);
    expect(opt.result?.improved).toBe(true);
    expect((await loadSettings(db)).fsrsParams).toEqual(FITTED);
    expect(opt.paramsText.split(', ')).toHaveLength(21);
    expect(opt.status).toMatch(/^Saved/);
    expect(opt.busy).toBeNull();

    await opt.goBack();
    expect((await loadSettings(db)).fsrsParams).toEqual([]);
    expect(opt.paramsText).toBe('');
    expect(opt.previous).toBeNull();
  });

  it('keeps the current parameters when the fitted ones do not predict better', async () => {
    await study();
    const settings = { current: await loadSettings(db) };
    const opt = optimizerWith(fakePlatform(() => ({ ok: true, result: result(false) })), settings);
    await opt.optimize();
    expect(opt.result?.improved).toBe(false);
    expect((await loadSettings(db)).fsrsParams).toEqual([]);
    expect(opt.status).toMatch(/^Kept your parameters/);
    expect(opt.previous).toBeNull();
  });

  it('changes nothing when cancelled or when the optimizer fails, and says which', async () => {
    await study();
    const settings = { current: await loadSettings(db) };
    const cancelled = optimizerWith(fakePlatform(() => ({ ok: false, cancelled: true, message: 'Optimizing was cancelled' })), settings);
    await cancelled.optimize();
    expect(cancelled.status).toMatch(/Cancelled/);
    const failed = optimizerWith(fakePlatform(() => ({ ok: false, cancelled: false, message: 'fsrs-rs broke.' })), settings);
    await failed.optimize();
    expect(failed.error).toMatch(/fsrs-rs broke\. Your parameters were not changed/);
    expect((await loadSettings(db)).fsrsParams).toEqual([]);
  });

  it('asks nothing of the optimizer when there is no history to learn from', async () => {
    const settings = { current: await loadSettings(db) };
    const opt = optimizerWith(fakePlatform(() => ({ ok: true, result: result(true) })), settings);
    await opt.optimize();
    expect(calls).toHaveLength(0);
    expect(opt.error).toMatch(/nothing to learn from/);
  });

  it('shows why where the optimizer cannot run, and does not try', async () => {
    const settings = { current: await loadSettings(db) };
    const api = { ...fakePlatform(() => ({ ok: true, result: result(true) })), available: async () => ({ ok: false as const, reason: 'Optimizing needs the desktop app.' }) };
    const opt = optimizerWith(api, settings);
    await opt.optimize();
    expect(opt.error).toBe('Optimizing needs the desktop app.');
    expect(calls).toHaveLength(0);
  });

  it('saves typed parameters, and refuses a wrong count or a word, naming it', async () => {
    const settings = { current: await loadSettings(db) };
    const opt = optimizerWith(fakePlatform(() => ({ ok: true, result: result(true) })), settings);
    opt.paramsText = FITTED.slice(0, 19).join(', ');
    await opt.saveTyped();
    expect(opt.error).toMatch(/21 parameters, and 19 were given/);
    opt.paramsText = [...FITTED.slice(0, 20), 'x'].join(' ');
    await opt.saveTyped();
    expect(opt.error).toMatch(/parameter 21 \("x"\) is not a number/);
    expect((await loadSettings(db)).fsrsParams).toEqual([]);
    opt.paramsText = FITTED.join(',');
    await opt.saveTyped();
    expect(opt.error).toBeNull();
    expect((await loadSettings(db)).fsrsParams).toEqual(FITTED);
    expect(parseParams('  ')).toEqual({ ok: true, params: [] });
  });
});

const binding = loadBinding();
describe.skipIf(!binding.ok)(`with fsrs-rs itself (skipped where the binding is absent${binding.ok ? '' : `: ${binding.reason}`})`, () => {
  it('optimizes and evaluates the stored history through the main process\'s service', async () => {
    await study();
    const settings = { current: await loadSettings(db) };
    const service = new OptimizerService();
    let listener: ((p: OptimizeProgress) => void) = () => {};
    const api: OptimizerPlatform = {
      available: async () => service.available(),
      optimize: (set, current, steps) => service.optimize(set, current, steps, (p) => listener(p)),
      cancel: async () => service.cancel(),
      onProgress: (l) => ((listener = l), () => (listener = () => {})),
    };
    const opt = optimizerWith(api, settings);
    await opt.optimize();
    expect(opt.error).toBeNull();
    expect(opt.result?.fitted).toHaveLength(21);
    expect(opt.report?.reviews).toBe(21);
    await opt.evaluate();
    expect(opt.error).toBeNull();
    expect(opt.report?.items).toBe(14);
  });
});
