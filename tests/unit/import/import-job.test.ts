// The Import screen's state over the worker's logic, run in the same thread: open, map, import, cancel, fail.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImportHandler, type ImportReply } from '../../../src/renderer/src/import/handler';
import type { SqlEngine } from '../../../src/renderer/src/import/pipeline';
import { ImportJob, type ImportChannel } from '../../../src/renderer/src/state/import-job.svelte';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { basicNotetype, buildAnkiCollection } from '../../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../../fixtures/anki/package-builder';
import { freshDb, T0 } from '../storage/fixtures';

const wasm = readFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));
const sql = initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }) as Promise<SqlEngine>;

let db: RetainDB;
let imported = 0;
let job: ImportJob;

function inProcess(): ImportChannel {
  const listeners: ((r: ImportReply) => void)[] = [];
  const handle = createImportHandler({ post: (r) => listeners.forEach((l) => l(r)), db: () => db, loadSql: () => sql, now: () => T0 });
  return { send: (request) => void handle(request), onReply: (l) => listeners.push(l), close: () => {} };
}

const file = (name: string, content: string | Uint8Array) => {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
};

beforeEach(() => {
  db = freshDb();
  imported = 0;
  job = new ImportJob(inProcess, () => {
    imported++;
  });
});
afterEach(() => db.close());

describe('ImportJob', () => {
  it('shows a text file for mapping, then imports it with the chosen columns', async () => {
    await job.open(file('Spanish verbs.csv', 'front;back;tags\nser;to be;irregular\nir;to go;irregular\n'));
    expect(job.phase).toBe('mapping');
    expect(job.preview).toMatchObject({ file: 'Spanish verbs.csv', rowCount: 3, columnCount: 3, separator: ';', deckName: 'Spanish verbs' });
    await job.importText({ firstRowIsHeader: true, columns: { front: 0, back: 1, tags: 2 }, deckName: 'Verbs' });
    expect(job.phase).toBe('done');
    expect(job.summary).toMatchObject({ decksAdded: ['Verbs'], notesAdded: 2, cardsAdded: 2 });
    expect(imported).toBe(1);
    expect((await db.notes.toArray()).map((n) => n.tags)).toEqual([['irregular'], ['irregular']]);
  });

  it('imports an Anki package straight away', async () => {
    const collection = await buildAnkiCollection({
      schema: 11,
      notetypes: [basicNotetype(5)],
      decks: [{ id: 7, name: 'Geo' }],
      notes: [{ id: 1, guid: 'g1', notetypeId: 5, fields: ['Capital of Peru?', 'Lima'] }],
      cards: [{ id: 1, noteId: 1, ord: 0, deckId: 7 }],
    });
    await job.open(file('geo.apkg', buildAnkiPackage({ generation: 'anki2', collection })));
    expect(job.phase).toBe('done');
    expect(job.summary).toMatchObject({ notesAdded: 1, decksAdded: ['Geo'] });
  });

  it('says what is wrong with a bad file, and writes nothing', async () => {
    await job.open(file('notes.apkg', '%PDF-1.4 not really'));
    expect(job.phase).toBe('failed');
    expect(job.error).toBe('notes.apkg: is a PDF document, not a deck');
    await job.open(file('empty.csv', ''));
    expect(job.error).toBe('empty.csv: is empty');
    await job.open(file('odd.csv', 'a,"b\nc,d\n'));
    expect(job.error).toMatch(/^odd\.csv: line 1: /);
    expect(await db.notes.count()).toBe(0);
    expect(imported).toBe(0);
  });

  it('cancels while the columns are being mapped, and while writing, leaving the collection as it was', async () => {
    await job.open(file('a.csv', 'x,y\n'));
    job.cancel();
    await new Promise((r) => setTimeout(r, 0));
    expect(job.phase).toBe('cancelled');

    const rows = Array.from({ length: 30_000 }, (_, i) => `q${i},a${i}`).join('\n');
    await job.open(file('big.csv', rows));
    const importing = job.importText({ firstRowIsHeader: false, columns: { front: 0, back: 1 }, deckName: 'Big' });
    job.cancel();
    await importing;
    expect(job.phase).toBe('cancelled');
    expect(await db.notes.count()).toBe(0);
    expect(await db.decks.count()).toBe(0);
  });
});
