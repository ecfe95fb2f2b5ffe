// The typed contract between the Electron main process and the renderer. Main (src/main/ipc.ts),
// the preload (src/preload/index.ts) and the renderer's platform module all type against this
// one file. Pure types and constants: no Electron, no DOM.
//
// To add a call: add its channel to IPC_CHANNELS, its signature to InvokeContract (renderer ->
// main, answered) or EventContract (main -> renderer, pushed), a function to RetainApi and a
// row to API_CHANNELS. The compiler then points at the preload and main code still missing it.

/** Every channel name, in one place. */
export const IPC_CHANNELS = {
  appInfo: 'app:info',
  menuCommand: 'menu:command',
  chooseImportFile: 'import:choose-file',
} as const;

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** The Electron version; null when the renderer runs as a plain web page. */
  electron: string | null;
}

export type MenuCommand = 'study-all' | 'open-decks' | 'open-settings' | 'undo' | 'import';

export const MENU_COMMANDS = [
  'study-all',
  'open-decks',
  'open-settings',
  'undo',
  'import',
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

/** Renderer -> main requests (`ipcRenderer.invoke` / `ipcMain.handle`). */
export interface InvokeContract {
  [IPC_CHANNELS.appInfo]: { args: []; result: AppInfo };
  [IPC_CHANNELS.chooseImportFile]: { args: []; result: ChooseImportFileResult };
}

/** Main -> renderer events (`webContents.send` / `ipcRenderer.on`): channel -> payload. */
export interface EventContract {
  [IPC_CHANNELS.menuCommand]: MenuCommand;
}

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;
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
}

/** Which channel each `window.api` function uses; `satisfies` keeps the two lists in step. */
export const API_CHANNELS = {
  appInfo: IPC_CHANNELS.appInfo,
  onMenuCommand: IPC_CHANNELS.menuCommand,
  chooseImportFile: IPC_CHANNELS.chooseImportFile,
} as const satisfies { readonly [K in keyof RetainApi]: IpcChannel };

// Compile-time check: every channel has a `window.api` function (this line fails to compile if not).
type UncoveredChannel = Exclude<IpcChannel, (typeof API_CHANNELS)[keyof typeof API_CHANNELS]>;
export const EVERY_CHANNEL_HAS_AN_API_FUNCTION: [UncoveredChannel] extends [never] ? true : never = true;
