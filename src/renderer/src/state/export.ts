// Exports as files: one deck or every deck as a Retain deck file (JSON, with progress and history when asked), or one
// deck as tab-separated text. Read in one transaction; the caller saves the result (a download in the browser, the
// save dialog in Electron).
import { deckToText } from '../../../core/export/text';
import { exportDeckFile } from '../../../core/export/retain-json';
import type { RetainDB } from '../storage/db';
import { readForExport } from '../storage/export';

export type ExportFormat = 'json' | 'json-progress' | 'text';

export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

/** Marks a file holding several decks (a whole collection); a single deck is a deck file as in decks/README.md. */
export const COLLECTION_FILE_KEY = 'retainCollection';

const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim() || 'deck';

export async function exportDecks(db: RetainDB, deckIds: string[] | undefined, format: ExportFormat): Promise<ExportFile> {
  const records = await readForExport(db, deckIds);
  if (records.decks.length === 0) throw new Error('There is no deck to export.');
  const single = deckIds !== undefined && records.decks.length === 1 ? records.decks[0]! : null;
  if (format === 'text') {
    if (!single) throw new Error('Text export takes one deck at a time.');
    return { name: `${safeFileName(single.name)}.tsv`, type: 'text/tab-separated-values', text: deckToText(single.name, records.notes, records.notetypes) };
  }
  const decks = exportDeckFile(records, { progress: format === 'json-progress' });
  const body = single ? decks[0] : { [COLLECTION_FILE_KEY]: 1, decks };
  return {
    name: `${single ? safeFileName(single.name) : 'Retain collection'}.json`,
    type: 'application/json',
    text: `${JSON.stringify(body, null, 1)}\n`,
  };
}
