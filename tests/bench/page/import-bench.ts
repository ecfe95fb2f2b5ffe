// The import benchmark's in-page half. prepareImport makes the file (a CSV, or a .colpkg built with the Anki test
// fixtures); runImport imports it as the app's import worker does (openImport, textBundle for text, importBundle into
// the app's database) and times it from the bytes in hand to the transaction committed; importFloor finds out what
// that import writes, without writing it, and times a bare write of as many plain records of the same sizes.
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
import { bareWrite, plainRecords, storedBytes } from './floor';

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

/**
 * Keeps, instead of writing, every record the database is asked to add or put: a DBCore middleware, so what it keeps
 * is exactly what would go to IndexedDB. Reads go through.
 */
function keepWrites(db: Dexie): unknown[] {
  const kept: unknown[] = [];
  db.use({
    stack: 'dbcore',
    name: 'bench-keep-writes',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> => {
            if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
            for (const value of req.values) kept.push(value);
            return Promise.resolve({ numFailures: 0, failures: {}, lastResult: undefined, results: req.values.map(() => undefined) });
          },
        };
      },
    }),
  });
  return kept;
}

const SIZING_DB = 'retain-bench-import-sizing';

/** What the import writes (run on an empty database of its own that keeps the writes), then the bare write of that. */
export async function importFloor(nowMs: number) {
  const db = new RetainDB(SIZING_DB);
  const kept = keepWrites(db);
  await db.open();
  await importFile(db, nowMs, {});
  db.close();
  await Dexie.delete(SIZING_DB);
  file = null;
  const bytes = kept.reduce((n: number, r) => n + storedBytes(r), 0);
  const records = plainRecords(kept);
  kept.length = 0;
  return { floor_ms: await bareWrite(records), records: records.length, bytes };
}

export async function runImport(nowMs: number) {
  const db = new RetainDB();
  await db.open(); // the app's database exists before any import: creating it is not the import's work
  const marks: Marks = {};
  const started = performance.now();
  const summary = await importFile(db, nowMs, marks);
  const ended = performance.now();
  const counts = await Promise.all(db.tables.map((t) => t.count()));
  db.close();
  file = null;
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
