// File > Import… in the main process: the native open dialog, then the chosen file's bytes for the renderer's
// import flow. Electron's dialog and Node's fs are passed in, so tests run this without Electron.

import { basename } from 'node:path';
import type { FileFilter, OpenDialogOptions } from 'electron';
import type { ChooseImportFileResult } from '../core/ipc-contract';
import { importSizeProblem, MAX_IMPORT_BYTES } from '../core/import/limits';

// Larger files are refused before they are read: the whole file crosses IPC and has to fit in memory (the same limit
// and wording as the renderer's, from core).
export { MAX_IMPORT_BYTES };

/** The first filter is the dialog's default: every kind Retain imports. */
export const IMPORT_FILE_FILTERS: FileFilter[] = [
  { name: 'Decks and collections', extensions: ['apkg', 'colpkg', 'csv', 'tsv', 'txt', 'json'] },
  { name: 'Anki packages', extensions: ['apkg', 'colpkg'] },
  { name: 'CSV, TSV and text', extensions: ['csv', 'tsv', 'txt'] },
  { name: 'Retain decks', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

export interface ImportFileDeps {
  /** Electron's dialog.showOpenDialog, bound to the window it belongs to. */
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  stat(path: string): Promise<{ size: number }>;
  readFile(path: string): Promise<Uint8Array>;
}

/** Why a file could not be read, in words; Node's own message (with the full path) only for the unexpected. */
function readProblem(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'could not be read: the file no longer exists';
    case 'EACCES':
    case 'EPERM':
      return 'could not be read: permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'is too large to read; Retain imports files of up to 1 GB';
    default:
      return `could not be read (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Shows the open dialog; null when cancelled, else the file's name and bytes, or why it was not read. */
export async function chooseImportFile(deps: ImportFileDeps): Promise<ChooseImportFileResult> {
  let chosen: { canceled: boolean; filePaths: string[] };
  try {
    chosen = await deps.showOpenDialog({
      title: 'Import',
      buttonLabel: 'Import',
      filters: IMPORT_FILE_FILTERS,
      properties: ['openFile'],
    });
  } catch (error) {
    return { error: `The open dialog could not be shown (${error instanceof Error ? error.message : String(error)})` };
  }
  const path = chosen.filePaths[0];
  if (chosen.canceled || path === undefined) return null;

  const name = basename(path);
  try {
    const { size } = await deps.stat(path);
    const problem = importSizeProblem(size);
    if (problem) return { error: `${name}: ${problem}` };
    const data = await deps.readFile(path);
    // A plain Uint8Array over exactly the file's bytes (fs gives a Buffer, a subclass).
    return { name, bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    return { error: `${name}: ${readProblem(error)}` };
  }
}
