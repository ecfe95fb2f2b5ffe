// A stand-in for the desktop app's preload bridge (`window.api`) in plain Chromium, where no Electron binary runs: the
// FSRS optimizer's calls reach the main process's real OptimizerService, run here in the test's Node process (where
// the native binding loads), as they would over IPC. The training set crosses as plain arrays (Playwright passes
// JSON-like values) and becomes typed arrays again on this side. Everything else answers as a desktop app with an
// empty backups folder would.
import type { Page } from '@playwright/test';
import type { TrainingSet } from '../../src/core/fsrs-items';
import type { OptimizeProgress } from '../../src/core/ipc-contract';
import { OptimizerService } from '../../src/main/optimizer';

type PlainSet = { ratings: number[]; deltas: number[]; starts: number[]; ends: number[]; reviews: number; cards: number };

const typed = (s: PlainSet): TrainingSet => ({
  ratings: Uint8Array.from(s.ratings),
  deltas: Uint32Array.from(s.deltas),
  starts: Uint32Array.from(s.starts),
  ends: Uint32Array.from(s.ends),
  reviews: s.reviews,
  cards: s.cards,
});

/** Installs the bridge on `page` before the app loads; returns the service, so a test can see what it was asked. */
export async function installDesktopBridge(page: Page, service = new OptimizerService()): Promise<OptimizerService> {
  await page.exposeFunction('__retainFsrsAvailable', () => service.available());
  await page.exposeFunction('__retainFsrsOptimize', (set: PlainSet, current: number[], steps: number) =>
    service.optimize(typed(set), current, steps, (progress: OptimizeProgress) => {
      // Pushed as the main process sends `fsrs:progress`; a page already gone has nobody to tell.
      page.evaluate((p) => (window as unknown as { __retainProgress?: (p: OptimizeProgress) => void }).__retainProgress?.(p), progress).catch(() => {});
    }),
  );
  await page.exposeFunction('__retainFsrsCancel', () => service.cancel());
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, (...args: unknown[]) => Promise<unknown>> & { __retainProgress?: (p: unknown) => void };
    const plain = (s: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(s).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v]));
    const none = () => () => {};
    (window as unknown as { api: unknown }).api = {
      appInfo: async () => ({ name: 'Retain', version: '0.1.0', platform: 'linux', electron: '45.5.0 (stand-in)' }),
      onMenuCommand: none,
      chooseImportFile: async () => null,
      saveBackup: async (bytes: Uint8Array, reason: string) => ({ name: `stand-in-${reason}.retain-backup`, createdAt: Date.now(), size: bytes.length }),
      listBackups: async () => [],
      readBackup: async () => {
        throw new Error('no backups in the stand-in bridge');
      },
      onBackupRequest: none,
      backupQuitReady: async () => {},
      optimizerAvailable: () => w.__retainFsrsAvailable!(),
      optimize: (set: Record<string, unknown>, current: number[], steps: number) => w.__retainFsrsOptimize!(plain(set), current, steps),
      cancelOptimize: () => w.__retainFsrsCancel!(),
      onOptimizeProgress: (listener: (p: unknown) => void) => {
        w.__retainProgress = listener;
        return () => delete w.__retainProgress;
      },
    };
  });
  return service;
}
