// The only module that touches ipcMain. Every renderer -> main call goes through `handle()`,
// which answers only the app's own page in the window's top frame; every main -> renderer event
// goes through `sendEvent()`. Both are typed by src/core/ipc-contract.ts.

import { readFile, stat } from 'node:fs/promises';
import { app, BrowserWindow, dialog, ipcMain, type WebContents } from 'electron';
import {
  IPC_CHANNELS,
  type AppInfo,
  type EventChannel,
  type EventPayload,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
} from '../core/ipc-contract';
import { chooseImportFile } from './import-file';
import { BackupFolder } from './backups';
import { OptimizerService } from './optimizer';
import { checkArguments } from './ipc-schemas';
import { isAppPageUrl, type AppPage } from './window';

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * May this frame call the main process? Only the top frame (no parent), showing the app's own
 * page: the dev server URL or the packaged index.html. A missing frame (navigated away or
 * destroyed while the message was in flight) is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, page: AppPage): boolean {
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  return isAppPageUrl(frame.url, page);
}

export class UntrustedSenderError extends Error {
  constructor(channel: string, url: string | undefined) {
    super(`IPC "${channel}" refused: sender ${url ?? '(no frame)'} is not the top frame of the app's page`);
    this.name = 'UntrustedSenderError';
  }
}

let trustedPage: AppPage | undefined;

/** Which page `handle()` and `sendEvent()` trust; set once, before the window loads. */
export function setTrustedPage(page: AppPage): void {
  trustedPage = page;
}

type Handler<C extends InvokeChannel> = (
  ...args: InvokeArgs<C>
) => InvokeResult<C> | Promise<InvokeResult<C>>;

/**
 * Answer `channel` with `fn`. The sender is checked on every call, then the arguments against the
 * channel's schema (./ipc-schemas.ts); an untrusted sender or a bad argument gets a rejected
 * promise and `fn` is not called.
 */
export function handle<C extends InvokeChannel>(channel: C, fn: Handler<C>): void {
  ipcMain.removeHandler(channel);
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    const frame = event.senderFrame;
    if (!trustedPage || !isTrustedSender(frame, trustedPage)) {
      const error = new UntrustedSenderError(channel, frame?.url);
      console.warn(`[ipc] ${error.message}`);
      throw error;
    }
    let checked: InvokeArgs<C>;
    try {
      checked = checkArguments(channel, args);
    } catch (error) {
      console.warn(`[ipc] ${(error as Error).message}`);
      throw error;
    }
    return fn(...checked);
  });
}

/** Push an event to a renderer, only if it still shows the app's page. */
export function sendEvent<C extends EventChannel>(
  contents: WebContents,
  channel: C,
  payload: EventPayload<C>,
): void {
  if (contents.isDestroyed()) return;
  if (!trustedPage || !isAppPageUrl(contents.getURL(), trustedPage)) return;
  contents.send(channel, payload);
}

export function appInfo(): AppInfo {
  return {
    name: app.getName(),
    version: app.getVersion(),
    platform: process.platform,
    electron: process.versions.electron ?? null,
  };
}

/** Answers to `backup:request` (quitting): the renderer's bytes, or null; waited for by `requestQuitBackup`. */
const quitBackupWaiters = new Set<(bytes: Uint8Array | null) => void>();

/**
 * Asks the window for a backup before the app quits and writes it; resolves when done, when the window answered that
 * nothing changed, or after `timeoutMs` (a hung page must not keep the app from quitting).
 */
export function requestQuitBackup(contents: WebContents, folder: BackupFolder, timeoutMs = 15_000): Promise<void> {
  return new Promise<void>((resolve) => {
    let settled = false;
    const finish = (bytes: Uint8Array | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      quitBackupWaiters.delete(finish);
      if (!bytes) return resolve();
      folder
        .write(bytes, Date.now())
        .catch((error: unknown) => console.error('[backup] the backup at quit failed:', error))
        .finally(resolve);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    quitBackupWaiters.add(finish);
    sendEvent(contents, IPC_CHANNELS.backupRequest, 'quit');
    if (contents.isDestroyed()) finish(null);
  });
}

/** Register every handler of the contract. Called once, when the app is ready. */
export function registerIpcHandlers(page: AppPage, backups: BackupFolder): void {
  setTrustedPage(page);
  handle(IPC_CHANNELS.appInfo, () => appInfo());
  handle(IPC_CHANNELS.chooseImportFile, () =>
    chooseImportFile({
      // Modal to the focused window (File > Import… was chosen there).
      showOpenDialog: (options) => {
        const window = BrowserWindow.getFocusedWindow();
        return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
      },
      stat: (path) => stat(path),
      readFile: (path) => readFile(path),
    }),
  );
  handle(IPC_CHANNELS.backupSave, (bytes) => backups.write(bytes, Date.now()));
  handle(IPC_CHANNELS.backupList, () => backups.list());
  handle(IPC_CHANNELS.backupRead, (name) => backups.read(name));
  handle(IPC_CHANNELS.backupQuitReady, (bytes) => {
    for (const finish of [...quitBackupWaiters]) finish(bytes);
  });
  const optimizer = new OptimizerService();
  handle(IPC_CHANNELS.fsrsAvailable, () => optimizer.available());
  handle(IPC_CHANNELS.fsrsOptimize, (set, current, steps) =>
    optimizer.optimize(set, current, steps, (progress) => {
      for (const window of BrowserWindow.getAllWindows()) sendEvent(window.webContents, IPC_CHANNELS.fsrsProgress, progress);
    }),
  );
  handle(IPC_CHANNELS.fsrsCancel, () => optimizer.cancel());
}
