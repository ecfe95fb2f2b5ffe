// The typed contract between the Electron main process and the renderer. Main (src/main/ipc.ts),
// the preload (src/preload/index.ts) and the renderer's platform module all type against this
// one file. Pure types and constants: no Electron, no DOM.
//
// To add a call: add its channel to IPC_CHANNELS, its signature to InvokeContract (renderer ->
// main, answered) or EventContract (main -> renderer, pushed), a function to RetainApi and a
// row to API_CHANNELS. The compiler then points at the preload and main code still missing it.

import type { Evaluation, OptimizeResult, TrainingSet } from './fsrs-items';

/** Every channel name, in one place. */
export const IPC_CHANNELS = {
  appInfo: 'app:info',
  menuCommand: 'menu:command',
  chooseImportFile: 'import:choose-file',
  backupSave: 'backup:save',
  backupList: 'backup:list',
  backupRead: 'backup:read',
  backupRequest: 'backup:request',
  backupQuitReady: 'backup:quit-ready',
  fsrsAvailable: 'fsrs:available',
  fsrsOptimize: 'fsrs:optimize',
  fsrsCancel: 'fsrs:cancel',
  fsrsProgress: 'fsrs:progress',
} as const;

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** The Electron version; null when the renderer runs as a plain web page. */
  electron: string | null;
}

export type MenuCommand = 'study-all' | 'open-decks' | 'open-settings' | 'undo' | 'import' | 'check-database';

export const MENU_COMMANDS = [
  'study-all',
  'open-decks',
  'open-settings',
  'undo',
  'import',
  'check-database',
] as const satisfies readonly MenuCommand[];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** A file picked in the native open dialog, read by the main process. */
export interface ChosenImportFile {
  /** The file's name without its folder: import messages name the file by it. */
  name: string;
  bytes: Uint8Array;
}

/**
 * What `import:choose-file` answers: the file, a message saying why it was not read (too large, unreadable; the
 * message starts with the file's name), or null when the dialog was cancelled.
 */
export type ChooseImportFileResult = ChosenImportFile | { error: string } | null;

/** Why a backup is written: Back up now, the 30-minute timer, quitting, or just before a restore replaces all. */
export type BackupReason = 'manual' | 'auto' | 'quit' | 'before-restore' | 'before-delete';
export const BACKUP_REASONS = ['manual', 'auto', 'quit', 'before-restore', 'before-delete'] as const satisfies readonly BackupReason[];

/** One file in the backups folder. */
export interface BackupInfo {
  name: string;
  /** When it was made (from its name), epoch ms. */
  createdAt: number;
  size: number;
}

/** Whether the FSRS optimizer (native code in the main process) can run here, and if not, why. */
export type OptimizerAvailability = { ok: true } | { ok: false; reason: string };

/** What `fsrs:optimize` answers: the result, or why there is none (cancelled: the user pressed Cancel). */
export type OptimizeAnswer = { ok: true; result: OptimizeResult } | { ok: false; cancelled: boolean; message: string };


/** Training progress, pushed while `fsrs:optimize` runs. */
export interface OptimizeProgress {
  done: number;
  total: number;
}

/** Renderer -> main requests (`ipcRenderer.invoke` / `ipcMain.handle`). */
export interface InvokeContract {
  [IPC_CHANNELS.appInfo]: { args: []; result: AppInfo };
  [IPC_CHANNELS.chooseImportFile]: { args: []; result: ChooseImportFileResult };
  /** Writes a backup file (the renderer made the bytes) and thins out the folder. */
  [IPC_CHANNELS.backupSave]: { args: [bytes: Uint8Array, reason: BackupReason]; result: BackupInfo };
  [IPC_CHANNELS.backupList]: { args: []; result: BackupInfo[] };
  [IPC_CHANNELS.backupRead]: { args: [name: string]; result: Uint8Array };
  /** The answer to `backup:request` at quit: the backup's bytes, or null when nothing changed since the last one. */
  [IPC_CHANNELS.backupQuitReady]: { args: [bytes: Uint8Array | null]; result: void };
  [IPC_CHANNELS.fsrsAvailable]: { args: []; result: OptimizerAvailability };
  /** Fits parameters to the training set; keeps them only if they predict it better than `current` (one run at a time). */
  [IPC_CHANNELS.fsrsOptimize]: { args: [set: TrainingSet, current: number[], numRelearningSteps: number]; result: OptimizeAnswer };
  /** Stops the running `fsrs:optimize` (it then answers cancelled); nothing when none runs. */
  [IPC_CHANNELS.fsrsCancel]: { args: []; result: void };
}

/** Main -> renderer events (`webContents.send` / `ipcRenderer.on`): channel -> payload. */
export interface EventContract {
  [IPC_CHANNELS.menuCommand]: MenuCommand;
  /** The app is quitting: make a backup if anything changed, and answer with `backup:quit-ready`. */
  [IPC_CHANNELS.backupRequest]: 'quit';
  [IPC_CHANNELS.fsrsProgress]: OptimizeProgress;
}

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;

/** The main -> renderer channels, as values (tests tell them from the invoke channels by this list). */
export const EVENT_CHANNELS = [IPC_CHANNELS.menuCommand, IPC_CHANNELS.backupRequest, IPC_CHANNELS.fsrsProgress] as const satisfies readonly EventChannel[];
// Compile-time check: the list holds every event channel.
export const EVERY_EVENT_CHANNEL_LISTED: [Exclude<EventChannel, (typeof EVENT_CHANNELS)[number]>] extends [never] ? true : never = true;
export type IpcChannel = InvokeChannel | EventChannel;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];
export type EventPayload<C extends EventChannel> = EventContract[C];

/** Removes the listener it was returned for. */
export type Unsubscribe = () => void;

/** What the preload exposes as `window.api`: one function per contract entry. */
export interface RetainApi {
  /** `app:info` */
  appInfo(): Promise<AppInfo>;
  /** `menu:command`: called for each command chosen in the application menu. */
  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe;
  /** `import:choose-file`: shows the native open dialog and reads the chosen file. */
  chooseImportFile(): Promise<ChooseImportFileResult>;
  /** `backup:save` */
  saveBackup(bytes: Uint8Array, reason: BackupReason): Promise<BackupInfo>;
  /** `backup:list`: newest first. */
  listBackups(): Promise<BackupInfo[]>;
  /** `backup:read` */
  readBackup(name: string): Promise<Uint8Array>;
  /** `backup:request` */
  onBackupRequest(listener: (why: 'quit') => void): Unsubscribe;
  /** `backup:quit-ready` */
  backupQuitReady(bytes: Uint8Array | null): Promise<void>;
  /** `fsrs:available` */
  optimizerAvailable(): Promise<OptimizerAvailability>;
  /** `fsrs:optimize` */
  optimize(set: TrainingSet, current: number[], numRelearningSteps: number): Promise<OptimizeAnswer>;
  /** `fsrs:cancel` */
  cancelOptimize(): Promise<void>;
  /** `fsrs:progress` */
  onOptimizeProgress(listener: (progress: OptimizeProgress) => void): Unsubscribe;
}

/** Which channel each `window.api` function uses; `satisfies` keeps the two lists in step. */
export const API_CHANNELS = {
  appInfo: IPC_CHANNELS.appInfo,
  onMenuCommand: IPC_CHANNELS.menuCommand,
  chooseImportFile: IPC_CHANNELS.chooseImportFile,
  saveBackup: IPC_CHANNELS.backupSave,
  listBackups: IPC_CHANNELS.backupList,
  readBackup: IPC_CHANNELS.backupRead,
  onBackupRequest: IPC_CHANNELS.backupRequest,
  backupQuitReady: IPC_CHANNELS.backupQuitReady,
  optimizerAvailable: IPC_CHANNELS.fsrsAvailable,
  optimize: IPC_CHANNELS.fsrsOptimize,
  cancelOptimize: IPC_CHANNELS.fsrsCancel,
  onOptimizeProgress: IPC_CHANNELS.fsrsProgress,
} as const satisfies { readonly [K in keyof RetainApi]: IpcChannel };

// Compile-time check: every channel has a `window.api` function (this line fails to compile if not).
type UncoveredChannel = Exclude<IpcChannel, (typeof API_CHANNELS)[keyof typeof API_CHANNELS]>;
export const EVERY_CHANNEL_HAS_AN_API_FUNCTION: [UncoveredChannel] extends [never] ? true : never = true;
