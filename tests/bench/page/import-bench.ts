// The import benchmark's in-page half. prepareImport makes the file (a CSV, or a .colpkg built with the Anki test
// fixtures), saveImport hands it to the script as a download and loadImport fetches it in another profile; runImport
// imports it as the app's import worker does (openImport, textBundle for text, importBundle into the app's database)
// and times it from the bytes in hand to the transaction committed; importSizing finds out what that import writes,
// without writing it, and the floors time bare writes of it: as many plain records of the same sizes (the floor), and
// the same records into object stores with the app's keys and indexes (the schema floor).
import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreMutateResponse } from 'dexie';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { openImport, textBundle, type SqlEngine } from '../../../src/renderer/src/import/pipeline';
import { RetainDB } from '../../../src/renderer/src/storage/db';
import { importBundle, type ImportSummary } from '../../../src/renderer/src/storage/import-bundle';
import { buildAnkiCollection } from '../../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../../fixtures/anki/package-builder';
import { colpkgShape, generateColpkgSpec, generateCsv } from '../imports';
import { bareWrite, storedBytes, timedWrite } from './floor';

export type ImportKind = 'csv' | 'colpkg';

let file: { name: string; bytes: Uint8Array } | null = null;

/** A fresh sql.js each time, as the import worker loads it on its first import. */
const loadSql = (): Promise<SqlJsStatic> => initSqlJs({ locateFile: () => wasmUrl });

export async function prepareImport(kind: ImportKind, cards: number, nowMs: number) {
  const started = performance.now();
  if (kind === 'csv') {
    file = { name: `notes-${cards}.csv`, bytes: generateCsv(cards) };
  } else {
    const collection = await buildAnkiCollection(generateColpkgSpec(colpkgShape(cards), nowMs), await loadSql());
    file = { name: `collection-${cards}.colpkg`, bytes: buildAnkiPackage({ generation: 'anki21b', collection }) };
  }
  return { file: file.name, bytes: file.bytes.length, generate_ms: performance.now() - started };
}

/** Offers the prepared file as a download, so that the script can serve it to the next profiles. */
export function saveImport(): void {
  if (!file) throw new Error('prepareImport first');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([file.bytes as Uint8Array<ArrayBuffer>]));
  link.download = file.name;
  link.click();
}

/** Takes the file a previous profile prepared (served by the script). */
export async function loadImport(url: string, name: string) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  file = { name, bytes: new Uint8Array(await response.arrayBuffer()) };
  return { file: name, bytes: file.bytes.length };
}

type Marks = Partial<Record<'opened' | 'reading' | 'writing', number>>;

/** The import worker's path for this file, with the choices the import screen suggests for a text file. */
async function importFile(db: RetainDB, nowMs: number, marks: Marks): Promise<ImportSummary> {
  if (!file) throw new Error('prepareImport first');
  const { name, bytes } = file;
  const opened = await openImport(name, bytes, loadSql as () => Promise<SqlEngine>);
  const bundle =
    opened.kind === 'bundle'
      ? opened.bundle
      : textBundle(opened.parsed, {
          file: name,
          firstRowIsHeader: false,
          columns: opened.suggested,
          deckName: opened.parsed.deck ?? name.replace(/\.[^.]+$/, ''),
        });
  marks.opened = performance.now();
  return importBundle(db, bundle, DEFAULT_SETTINGS, nowMs, { onProgress: (p) => void (marks[p.phase] ??= performance.now()) });
}

interface KeptWrite {
  table: string;
  type: 'add' | 'put';
  value: unknown;
}

/**
 * Keeps, instead of writing, every record the database is asked to add or put: a DBCore middleware, so what it keeps
 * is exactly what would go to IndexedDB, in the order it would go. Reads go through.
 */
function keepWrites(db: Dexie): KeptWrite[] {
  const kept: KeptWrite[] = [];
  db.use({
    stack: 'dbcore',
    name: 'bench-keep-writes',
    // Below the app's own middleware (card summaries, level -2), so that what it keeps includes the summaries' writes.
    level: -3,
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> => {
            if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
            for (const value of req.values) kept.push({ table: name, type: req.type, value });
            return Promise.resolve({ numFailures: 0, failures: {}, lastResult: undefined, results: req.values.map(() => undefined) });
          },
        };
      },
    }),
  });
  return kept;
}

const SIZING_DB = 'retain-bench-import-sizing';

/**
 * The kept writes, written with bare IndexedDB in one transaction into a database of their own whose object stores
 * have the app's keys and indexes (read from its Dexie schema): what storing exactly these records costs, before any
 * code of ours. The time until the transaction commits.
 */
function schemaWrite(schema: RetainDB, kept: KeptWrite[]): Promise<number> {
  return timedWrite(
    'retain-bench-schema-floor',
    (db) => {
      for (const table of schema.tables) {
        const { primKey, indexes } = table.schema;
        const store = db.createObjectStore(table.name, { keyPath: primKey.keyPath ?? null, autoIncrement: primKey.auto });
        for (const index of indexes) store.createIndex(index.name, index.keyPath!, { unique: !!index.unique, multiEntry: !!index.multi });
      }
    },
    (tx) => {
      for (const k of kept) {
        if (k.type === 'add') tx.objectStore(k.table).add(k.value);
        else tx.objectStore(k.table).put(k.value);
      }
    },
  );
}

let kept: KeptWrite[] = [];
let keptSchema: RetainDB | null = null;

/** What the import writes: it runs on an empty database of its own that keeps the writes instead of making them. */
export async function importSizing(nowMs: number) {
  const db = new RetainDB(SIZING_DB);
  kept = keepWrites(db);
  await db.open();
  await importFile(db, nowMs, {});
  db.close();
  await Dexie.delete(SIZING_DB);
  keptSchema = db;
  const sizes = kept.map((k) => storedBytes(k.value));
  return { records: kept.length, bytes: sizes.reduce((a, b) => a + b, 0), sizes };
}

/** The floor: plain records of these sizes (the kept writes', from importSizing), without indexes (as for the
 * collection writes). */
export function importFloor(sizes: number[]): Promise<number> {
  return bareWrite(sizes.map((n, i) => ({ id: `r${i}`, data: 'x'.repeat(n) })));
}

/** The schema floor: exactly the kept writes, with bare IndexedDB, into the app's object stores and indexes. */
export function importSchemaFloor(): Promise<number> {
  if (!keptSchema) throw new Error('importSizing first');
  return schemaWrite(keptSchema, kept);
}

/** One import into the app's empty database, timed. */
export async function runImport(nowMs: number) {
  const db = new RetainDB();
  await db.open(); // the app's database exists before any import: creating it is not the import's work
  const marks: Marks = {};
  const started = performance.now();
  const summary = await importFile(db, nowMs, marks);
  const ended = performance.now();
  const counts = await Promise.all(db.tables.map((t) => t.count()));
  db.close();
  const { opened = started, reading = ended, writing = ended } = marks;
  return {
    ms: ended - started,
    // From the file to a bundle (unzip, zstd, sql.js, or the CSV parse); what the collection has (and the note
    // types, decks, media mapped); the one write transaction, inside which the notes are prepared slice by slice (the
    // FSRS replay of every history overlaps the writes, so the two are not told apart).
    open_ms: opened - started,
    read_ms: writing - reading,
    write_ms: ended - writing,
    notes: summary.notesAdded,
    cards: summary.cardsAdded,
    reviews: summary.reviewsImported,
    problems: summary.problems.length,
    records: counts.reduce((a, b) => a + b, 0),
  };
}
