// The import worker's logic, as a plain function of its messages so that tests can run it in the same thread: open a
// file, let the user map a text file's columns, write the result, report progress, honour Cancel. Parsing and
// writing both happen here, off the window's thread: a 100,000-card import never freezes the screen.
import { ImportError } from '../../../core/import/bundle';
import type { ParsedText, TextColumns, TextImportOptions } from '../../../core/import/text';
import type { RetainDB } from '../storage/db';
import { ImportCancelled, importBundle, type ImportProgress, type ImportSummary } from '../storage/import-bundle';
import { describeStorageError } from '../storage/errors';
import { loadPresets } from '../storage/presets';
import { openImport, textBundle, type SqlEngine } from './pipeline';

/** What a text file looks like, for the column mapping: its first rows and what the file's headers said. */
export interface TextPreview {
  file: string;
  rows: string[][];
  rowCount: number;
  columnCount: number;
  columnNames: string[] | null;
  separator: string;
  suggested: TextColumns;
  deckName: string;
}

export type ImportRequest =
  | { type: 'open'; name: string; bytes: Uint8Array }
  | { type: 'map'; options: Omit<TextImportOptions, 'file'> }
  | { type: 'cancel' };

export type ImportReply =
  | { type: 'preview'; preview: TextPreview }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'failed'; message: string }
  | { type: 'cancelled' };

export interface ImportDeps {
  post: (reply: ImportReply) => void;
  db: () => RetainDB;
  loadSql: () => Promise<SqlEngine>;
  now: () => number;
}

const PREVIEW_ROWS = 8;

/** Strips the extension: `Spanish verbs.csv` -> `Spanish verbs`, the target deck a text file goes to by default. */
const baseName = (file: string) => file.replace(/\.[^.]+$/, '') || file;

export function createImportHandler(deps: ImportDeps): (request: ImportRequest) => Promise<void> {
  let controller: AbortController | null = null;
  let busy = false;
  let pending: { file: string; parsed: ParsedText } | null = null;

  const fail = (e: unknown) => {
    if (e instanceof ImportCancelled) deps.post({ type: 'cancelled' });
    else if (e instanceof ImportError) deps.post({ type: 'failed', message: e.message });
    // A full disk or quota, a closed database, anything else: said plainly (the write is all or nothing).
    else deps.post({ type: 'failed', message: describeStorageError(e, 'import') });
  };

  const write = async (bundle: Parameters<typeof importBundle>[1]) => {
    controller = new AbortController();
    // Imported histories are replayed with the settings of the decks they go to (their presets), as stored now.
    const db = deps.db();
    const summary = await importBundle(db, bundle, await loadPresets(db), deps.now(), {
      signal: controller.signal,
      onProgress: (progress) => deps.post({ type: 'progress', progress }),
    });
    deps.post({ type: 'done', summary });
  };

  return async (request) => {
    if (request.type === 'cancel') {
      // While mapping columns nothing runs: cancelling just forgets the file. While reading or writing, the
      // operation stops at its next step and reports itself cancelled.
      pending = null;
      if (busy && controller) controller.abort();
      else deps.post({ type: 'cancelled' });
      return;
    }
    busy = true;
    try {
      switch (request.type) {
        case 'open': {
          pending = null;
          controller = new AbortController();
          const opened = await openImport(request.name, request.bytes, deps.loadSql);
          if (controller.signal.aborted) throw new ImportCancelled();
          if (opened.kind === 'text') {
            pending = { file: request.name, parsed: opened.parsed };
            const { parsed } = opened;
            deps.post({
              type: 'preview',
              preview: {
                file: request.name,
                rows: parsed.rows.slice(0, PREVIEW_ROWS),
                rowCount: parsed.rows.length,
                columnCount: parsed.columnCount,
                columnNames: parsed.columnNames ?? null,
                separator: parsed.separator,
                suggested: opened.suggested,
                deckName: parsed.deck ?? baseName(request.name),
              },
            });
            return;
          }
          await write(opened.bundle);
          return;
        }
        case 'map': {
          if (!pending) throw new Error('no text file is open');
          const { file, parsed } = pending;
          pending = null;
          await write(textBundle(parsed, { ...request.options, file }));
          return;
        }
      }
    } catch (e) {
      fail(e);
    } finally {
      busy = false;
    }
  };
}
