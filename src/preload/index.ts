// The preload: runs sandboxed, so the build makes it CommonJS and it may require only 'electron'.
// Everything else is imported for its types only (tests/unit/main/security.test.ts checks this).
// The renderer gets `window.api` (RetainApi): one function per contract entry, never ipcRenderer.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  EventChannel,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  RetainApi,
  Unsubscribe,
} from '../core/ipc-contract';

function invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeResult<C>>;
}

function subscribe<C extends EventChannel>(
  channel: C,
  listener: (payload: EventPayload<C>) => void,
): Unsubscribe {
  if (typeof listener !== 'function') throw new TypeError(`${channel}: listener must be a function`);
  // The renderer never sees the IpcRendererEvent (it carries the sender object).
  const forward = (_event: IpcRendererEvent, payload: EventPayload<C>): void => listener(payload);
  ipcRenderer.on(channel, forward);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipcRenderer.removeListener(channel, forward);
  };
}

// Channel names are written out here because a value import would not be type-only; the
// generic signatures above make a misspelt channel a compile error.
const api: RetainApi = {
  appInfo: () => invoke('app:info'),
  onMenuCommand: (listener) => subscribe('menu:command', listener),
  chooseImportFile: () => invoke('import:choose-file'),
  saveBackup: (bytes, reason) => invoke('backup:save', bytes, reason),
  listBackups: () => invoke('backup:list'),
  readBackup: (name) => invoke('backup:read', name),
  onBackupRequest: (listener) => subscribe('backup:request', listener),
  backupQuitReady: (bytes) => invoke('backup:quit-ready', bytes),
  optimizerAvailable: () => invoke('fsrs:available'),
  optimize: (set, current, steps) => invoke('fsrs:optimize', set, current, steps),
  cancelOptimize: () => invoke('fsrs:cancel'),
  onOptimizeProgress: (listener) => subscribe('fsrs:progress', listener),
};

contextBridge.exposeInMainWorld('api', api);
