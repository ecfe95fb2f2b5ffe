// Fuzzing the Anki collection reader (src/core/anki/collection.ts) through sql.js: real collections of both schemas,
// changed with SQL the way other tools and damage change them (cells of the wrong type or out of range, rows gone or
// added, tables and columns dropped or renamed, constraints removed, JSON and protobuf blobs mutated), and the whole
// path from a package's bytes (openImport) with the database inside mutated byte by byte and zipped again.
import fc from 'fast-check';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect } from 'vitest';
import { readAnkiCollection } from '../../../src/core/anki/collection';
import type { ImportBundle } from '../../../src/core/import/bundle';
import { openImport, type SqlEngine } from '../../../src/renderer/src/import/pipeline';
import { basicNotetype, basicReversedNotetype, buildAnkiCollection, clozeNotetype, type CollectionSpec } from '../../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../../fixtures/anki/package-builder';
import { loadSqlJsInNode } from '../../fixtures/anki/sql-js-node';
import {
  acceptedOrImportError,
  acceptedOrImportErrorAsync,
  anyString,
  byteOps,
  fuzzFamily,
  jsonOps,
  mutateBytes,
  mutateJson,
  weirdJsonValue,
  type ByteOp,
  type JsonOp,
  type Outcome,
} from './arbitraries';
import { expectWellFormedBundle } from './well-formed';

const FILE = 'fuzz.apkg';
const { property } = fuzzFamily('anki-collection');

const T0 = Date.UTC(2024, 4, 1, 9);
const DAY = 86_400_000;
const [BASIC, REVERSED, CLOZE] = [1700000000001, 1700000000002, 1700000000003];
const [SPANISH, VERBS, FILTERED] = [1700000000101, 1700000000102, 1700000000103];

/** A small collection with a bit of everything: stock note types, nested and filtered decks, reviews of each kind. */
function spec(schema: 11 | 18): CollectionSpec {
  return {
    schema,
    notetypes: [basicNotetype(BASIC), basicReversedNotetype(REVERSED), clozeNotetype(CLOZE)],
    decks: [
      { id: SPANISH, name: 'Languages::Spanish', description: 'Words' },
      { id: VERBS, name: 'Languages::Spanish::Verbs' },
      { id: FILTERED, name: 'Cram', filtered: true },
    ],
    notes: [
      { id: 11, guid: 'g-basic', notetypeId: BASIC, fields: ['hablar', 'to speak'], tags: ['verb', 'ar'] },
      { id: 12, guid: 'g-rev', notetypeId: REVERSED, fields: ['la casa', 'the house'] },
      { id: 13, guid: 'g-cloze', notetypeId: CLOZE, fields: ['{{c1::Madrid}} is in {{c2::Spain}}', ''] },
    ],
    cards: [
      { id: 101, noteId: 11, ord: 0, deckId: VERBS, type: 2, due: 400 },
      { id: 102, noteId: 12, ord: 0, deckId: SPANISH, due: 7 },
      { id: 103, noteId: 12, ord: 1, deckId: FILTERED, homeDeckId: SPANISH, due: 8 },
      { id: 104, noteId: 13, ord: 0, deckId: SPANISH, due: 9, suspended: true },
      { id: 105, noteId: 13, ord: 1, deckId: FILTERED, homeDeckId: VERBS, type: 2, due: 420 },
    ],
    revlog: [
      { id: T0, cardId: 101, ease: 1, type: 0, ms: 9000 },
      { id: T0 + 600_000, cardId: 101, ease: 3, type: 0, ms: 5000 },
      { id: T0 + DAY, cardId: 101, ease: 3, type: 1, ms: 4200 },
      { id: T0 + 2 * DAY, cardId: 105, ease: 4, type: 3, ms: 3000 },
      { id: T0 + 3 * DAY, cardId: 105, ease: 0, type: 4, ms: 0 },
    ],
  };
}

let SQL: SqlJsStatic;
const BASE: Record<11 | 18, Uint8Array> = { 11: new Uint8Array(0), 18: new Uint8Array(0) };
/** Columns of each table, read from the built databases, so mutations name real ones. */
const COLUMNS: Record<11 | 18, Record<string, string[]>> = { 11: {}, 18: {} };
const TABLES: Record<11 | 18, string[]> = {
  11: ['col', 'notes', 'cards', 'revlog'],
  18: ['col', 'notes', 'cards', 'revlog', 'notetypes', 'fields', 'templates', 'decks'],
};
/** WITHOUT ROWID tables are addressed by their primary key. */
const ROW_KEY: Record<string, string> = { fields: 'ntid, ord', templates: 'ntid, ord' };

beforeAll(async () => {
  SQL = await loadSqlJsInNode();
  for (const schema of [11, 18] as const) {
    BASE[schema] = await buildAnkiCollection(spec(schema), SQL);
    const db = open(schema);
    try {
      for (const table of TABLES[schema]) COLUMNS[schema][table] = db.exec(`pragma table_info(${table})`)[0]!.values.map((row) => String(row[1]));
    } finally {
      db.close();
    }
  }
});

/** A copy of the base collection, with Anki's `unicase` collation renamed so that this code can change it. */
function open(schema: 11 | 18): Database {
  const db = new SQL.Database(BASE[schema]);
  if (schema === 18) setCollation(db, 'unicase', 'nocase');
  return db;
}

function setCollation(db: Database, from: string, to: string): void {
  db.run('pragma writable_schema = on');
  db.run(`update sqlite_master set sql = replace(replace(sql, 'collate ${from}', 'collate ${to}'), 'COLLATE ${from}', 'COLLATE ${to}')`);
  db.run('pragma writable_schema = reset');
}

// ---------------------------------------------------------------------------------------------------------------
// SQL mutations

/** Values of every SQLite type, at the edges of what the reader expects, written as SQL literals. */
const sqlValue: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'NULL', "''", "'x'", "' a  b '", '0', '-1', '1', '2', '3', '4', '5', '6', '-2', '1.5', '-0.5', '1e308', '-1e308',
      '9007199254740993', '9223372036854775807', '-9223372036854775808', '8640000000000001', '2147483648', "x''",
      "x'00ff'", "x'0801'", "x'1a03616263'", "'{}'", "'[]'", "'null'", "'{\"1\":{}}'", 'char(31)', "'a' || char(31) || 'b'",
      "char(31) || char(31) || char(31)", 'zeroblob(3)', '(select id from notes limit 1)', '(select guid from notes limit 1)',
      '(select id from cards limit 1)', "'11'", "'1700000000001'",
    ),
  },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.integer({ min: -2, max: 600 })).map(String) },
  { weight: 1, arbitrary: anyString(12).map((s) => `'${s.replaceAll("'", "''")}'`) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((b) => `x'${Buffer.from(b).toString('hex')}'`) },
);

type SqlOp =
  | { op: 'set'; table: number; column: number; row: number | null; value: string }
  | { op: 'insert'; table: number; from: number; column: number; value: string }
  | { op: 'delete'; table: number; row: number | null }
  | { op: 'drop'; table: number }
  | { op: 'dropColumn'; table: number; column: number }
  | { op: 'renameColumn'; table: number; column: number }
  | { op: 'loosen'; table: number }
  | { op: 'json'; column: 'models' | 'decks'; ops: JsonOp[] }
  | { op: 'blob'; table: 'notetypes' | 'templates' | 'decks'; row: number; ops: ByteOp[] };

const row = fc.option(fc.nat({ max: 6 }), { nil: null, freq: 4 });
const sqlOp: fc.Arbitrary<SqlOp> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('set' as const), table: fc.nat(), column: fc.nat(), row, value: sqlValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), table: fc.nat(), from: fc.nat({ max: 6 }), column: fc.nat(), value: sqlValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), table: fc.nat(), row }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), table: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dropColumn' as const), table: fc.nat(), column: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('renameColumn' as const), table: fc.nat(), column: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('loosen' as const), table: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('json' as const), column: fc.constantFrom('models' as const, 'decks' as const), ops: jsonOps(weirdJsonValue) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('blob' as const), table: fc.constantFrom('notetypes' as const, 'templates' as const, 'decks' as const), row: fc.nat({ max: 4 }), ops: byteOps }) },
);
// Mostly one change, so that most reads get deep into the collection before meeting it.
const sqlOps = fc.array(sqlOp, { minLength: 1, maxLength: 3 });

/** Applies the changes; one that SQLite refuses (a NOT NULL column, a dropped table) is simply not made. */
function mutate(db: Database, schema: 11 | 18, ops: readonly SqlOp[]): void {
  const tables = TABLES[schema];
  for (const op of ops) {
    const pick = (i: number) => tables[i % tables.length]!;
    const columnOf = (table: string, i: number) => {
      const columns = COLUMNS[schema][table] ?? [];
      return columns[i % Math.max(1, columns.length)] ?? 'id';
    };
    const where = (table: string, n: number | null) => {
      if (n === null) return '';
      const key = ROW_KEY[table] ?? 'rowid';
      return ` where (${key}) in (select ${key} from ${table} limit 1 offset ${n})`;
    };
    try {
      switch (op.op) {
        case 'set': {
          const table = pick(op.table);
          db.run(`update ${table} set ${columnOf(table, op.column)} = ${op.value}${where(table, op.row)}`);
          break;
        }
        case 'insert': {
          // A copy of an existing row with one cell changed (and a fresh id where there is one): a row that fits.
          const table = pick(op.table);
          const columns = COLUMNS[schema][table] ?? [];
          const changed = columnOf(table, op.column);
          const values = columns.map((c) => (c === changed ? op.value : c === 'id' ? `(select max(id) + 1 from ${table})` : c));
          db.run(`insert into ${table} (${columns.join(', ')}) select ${values.join(', ')} from ${table} limit 1 offset ${op.from}`);
          break;
        }
        case 'delete': {
          const table = pick(op.table);
          db.run(`delete from ${table}${where(table, op.row)}`);
          break;
        }
        case 'drop':
          db.run(`drop table ${pick(op.table)}`);
          break;
        case 'dropColumn': {
          const table = pick(op.table);
          db.run(`alter table ${table} drop column ${columnOf(table, op.column)}`);
          break;
        }
        case 'renameColumn': {
          const table = pick(op.table);
          db.run(`alter table ${table} rename column ${columnOf(table, op.column)} to renamed`);
          break;
        }
        case 'loosen': {
          // The same rows in a table without types or constraints: now any cell may hold NULL or any type.
          const table = pick(op.table);
          db.run(`create table loose as select * from ${table}; drop table ${table}; alter table loose rename to ${table}`);
          break;
        }
        case 'json': {
          if (schema !== 11) break;
          const text = String(db.exec(`select ${op.column} from col`)[0]?.values[0]?.[0] ?? '');
          const mutated = JSON.stringify(mutateJson(JSON.parse(text), op.ops)) ?? 'null';
          db.run(`update col set ${op.column} = ?`, [mutated]);
          break;
        }
        case 'blob': {
          if (schema !== 18) break;
          const column = op.table === 'decks' ? 'kind' : 'config';
          const key = ROW_KEY[op.table] ?? 'rowid';
          const found = db.exec(`select ${key}, ${column} from ${op.table} limit 1 offset ${op.row}`)[0]?.values[0];
          if (!found || !(found[found.length - 1] instanceof Uint8Array)) break;
          const blob = mutateBytes(found[found.length - 1] as Uint8Array, op.ops);
          const keys = found.slice(0, -1) as (string | number)[];
          const match = key.split(', ').map((k) => `${k} = ?`).join(' and ');
          db.run(`update ${op.table} set ${column} = ? where ${match}`, [blob, ...keys]);
          break;
        }
      }
    } catch {
      // SQLite refused the change (a constraint, a missing table or column): the collection stays as it was.
    }
  }
  if (schema === 18) setCollation(db, 'nocase', 'unicase');
}

/** Reads the collection: an ImportError naming the file, or data that makes a well-formed bundle. */
function expectSoundCollection(db: Database, echo: string): Outcome {
  const data = acceptedOrImportError(() => readAnkiCollection(db, FILE), FILE, echo);
  if (data === undefined) return 'refused';
  const bundle: ImportBundle = { file: FILE, format: 'apkg', ...data, media: [] };
  expectWellFormedBundle(bundle, echo);
  return 'accepted';
}

const collectionProperty = (schema: 11 | 18) => (ops: SqlOp[]) => {
  const db = open(schema);
  try {
    mutate(db, schema, ops);
    return expectSoundCollection(db, JSON.stringify(ops));
  } finally {
    db.close();
  }
};

// ---------------------------------------------------------------------------------------------------------------
// The whole path: package bytes -> openImport

const engine = (): Promise<SqlEngine> => Promise.resolve(SQL as unknown as SqlEngine);
/** SQLite's pages are 4096 bytes; the header is the first 100. Damage there reaches every part of the format. */
const pageStarts = (length: number) => Array.from({ length: Math.ceil(length / 4096) }, (_, i) => i * 4096).concat([16, 18, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 96, 100]);

const packageInput = fc.record({
  schema: fc.constantFrom(11 as const, 18 as const),
  sqlOps: fc.option(sqlOps, { nil: undefined }),
  byteOps: fc.option(byteOps, { nil: undefined, freq: 3 }),
  name: fc.constantFrom('fuzz.apkg', 'fuzz.colpkg'),
});

describe('Anki collections, fuzzed', () => {
  property('readAnkiCollection: mutated schema 11 databases', sqlOps, collectionProperty(11), { timeoutMs: 40_000, bothOutcomes: true });
  property('readAnkiCollection: mutated schema 18 databases', sqlOps, collectionProperty(18), { timeoutMs: 40_000, bothOutcomes: true });

  property('openImport: packages with mutated databases', packageInput, async (input) => {
    let collection = BASE[input.schema];
    if (input.sqlOps) {
      const db = open(input.schema);
      try {
        mutate(db, input.schema, input.sqlOps);
        collection = db.export();
      } finally {
        db.close();
      }
    }
    // Corrupt pages: what sql.js sees of a database damaged on disk, inside a zip whose checksums are right.
    if (input.byteOps) collection = mutateBytes(collection, input.byteOps, pageStarts(collection.length));
    const generation = input.schema === 18 ? 'anki21b' : 'anki21';
    const bytes = buildAnkiPackage({ generation, collection, media: [{ name: 'a.png', data: new Uint8Array([1, 2, 3]) }] });
    const opened = await acceptedOrImportErrorAsync(() => openImport(input.name, bytes, engine), input.name, JSON.stringify(input));
    if (opened === undefined) return 'refused';
    expect(opened.kind).toBe('bundle');
    if (opened.kind === 'bundle') {
      expect(opened.bundle.notes.length).toBeGreaterThan(0);
      expectWellFormedBundle(opened.bundle, JSON.stringify(input));
    }
    return 'accepted';
  }, { timeoutMs: 40_000, bothOutcomes: true });
});
