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
 * Answer `channel` with `fn`. The sender is checked on every call; an untrusted one gets a
 * rejected promise. Arguments arrive from the renderer untyped: a handler whose contract entry
 * takes arguments must validate them before use.
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
    return fn(...(args as InvokeArgs<C>));
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

/** Register every handler of the contract. Called once, when the app is ready. */
export function registerIpcHandlers(page: AppPage): void {
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
}
