// The only module that touches `window.api` (the Electron preload bridge). In a plain browser there is no bridge,
// and each function falls back to what the web platform offers, so the same renderer runs in both.
import type { TrainingSet } from '../../../core/fsrs-items';
import type {
  AppInfo,
  BackupInfo,
  BackupReason,
  MenuCommand,
  OptimizeAnswer,
  OptimizeProgress,
  OptimizerAvailability,
  RetainApi,
  Unsubscribe,
} from '../../../core/ipc-contract';

function bridge(): RetainApi | null {
  const api = (globalThis as { api?: RetainApi }).api;
  return api && typeof api.appInfo === 'function' ? api : null;
}

export const isElectron = (): boolean => bridge() !== null;

export async function appInfo(): Promise<AppInfo> {
  const api = bridge();
  if (api) return api.appInfo();
  return { name: 'Retain', version: __APP_VERSION__, platform: 'web', electron: null };
}

/** Commands from the native application menu; the browser has no such menu, so nothing ever arrives there. */
export function onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe {
  return bridge()?.onMenuCommand(listener) ?? (() => {});
}

/**
 * File > Import…: the native open dialog. The chosen file, why it could not be read (the message names it), or
 * null when the dialog was cancelled. Null in the browser too, which has no such dialog: there the Import screen's
 * file input and drag-and-drop pick the file.
 */
export async function chooseImportFile(): Promise<File | { error: string } | null> {
  const api = bridge();
  if (!api) return null;
  const chosen = await api.chooseImportFile();
  if (chosen === null || 'error' in chosen) return chosen;
  // Bytes that came through IPC were structured-cloned into an ArrayBuffer of their own, never a shared one.
  return new File([chosen.bytes as Uint8Array<ArrayBuffer>], chosen.name);
}

/** Backups in the app's data folder: only the desktop app has one (the browser build downloads a file instead). */
export const hasBackupFolder = (): boolean => bridge() !== null;

function desktop(): RetainApi {
  const api = bridge();
  if (!api) throw new Error('this needs the desktop app (backups to a folder, the FSRS optimizer)');
  return api;
}

export const saveBackup = (bytes: Uint8Array, reason: BackupReason): Promise<BackupInfo> => desktop().saveBackup(bytes, reason);
export const listBackups = (): Promise<BackupInfo[]> => desktop().listBackups();
export const readBackup = (name: string): Promise<Uint8Array> => desktop().readBackup(name);

/** The desktop app is closing and asks for a backup: the listener answers with `backupQuitReady`. */
export function onBackupRequest(listener: (why: 'quit') => void): Unsubscribe {
  return bridge()?.onBackupRequest(listener) ?? (() => {});
}

export const backupQuitReady = (bytes: Uint8Array | null): Promise<void> => desktop().backupQuitReady(bytes);

/** Why the browser build cannot optimize: the optimizer is native code that only the desktop app's main process runs. */
export const WEB_OPTIMIZER_REASON =
  'Optimizing needs the desktop app: the FSRS optimizer (fsrs-rs) is native code, which a web page cannot run. Your history stays usable; export it and open it in the desktop app to optimize.';

/** Whether the FSRS optimizer can run here, and if not, why (shown instead of an Optimize that would fail). */
export async function optimizerAvailable(): Promise<OptimizerAvailability> {
  const api = bridge();
  if (!api) return { ok: false, reason: WEB_OPTIMIZER_REASON };
  return api.optimizerAvailable();
}

/** The optimizer's calls; only where optimizerAvailable() said yes. */
export const optimizeParameters = (set: TrainingSet, current: number[], numRelearningSteps: number): Promise<OptimizeAnswer> =>
  desktop().optimize(set, current, numRelearningSteps);
export const cancelOptimize = (): Promise<void> => desktop().cancelOptimize();
export function onOptimizeProgress(listener: (progress: OptimizeProgress) => void): Unsubscribe {
  return bridge()?.onOptimizeProgress(listener) ?? (() => {});
}
