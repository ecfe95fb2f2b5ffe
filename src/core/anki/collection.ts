// Reads an Anki collection (the SQLite file inside an .apkg/.colpkg) into the parts of an ImportBundle: note types,
// decks, notes, and cards with their review history. Two layouts exist in packages: schema 11 (collection.anki2 and
// .anki21), where note types and decks are JSON in the `col` row, and schema 18 (collection.anki21b), where they have
// their own tables with protobuf `config` blobs. Notes, cards and revlog are the same in both.
// Each table is read with one query and joined in memory (Maps), so 100,000 cards and a million reviews stay fast.

import {
  ImportError,
  type ImportBundle,
  type ImportedCard,
  type ImportedDeck,
  type ImportedNote,
  type ImportedNotetype,
  type ImportedReview,
  type ImportedReviewKind,
  type ImportedTemplate,
  type ImportProblem,
} from '../import/bundle';
import { MAX_TIME_MS } from '../deck-format';
import { ProtoMessage, ProtobufError } from './protobuf';

/** The one method of sql.js's `Database` we use; the worker opens the file and hands it over. */
export interface SqlDatabase {
  exec(sql: string, params?: (string | number | null)[]): { columns: string[]; values: unknown[][] }[];
}

export type AnkiCollectionData = Pick<ImportBundle, 'notetypes' | 'decks' | 'notes' | 'cards' | 'skipped'>;

/** Anki's own default deck: every collection has it, so it is only imported when something is in it. */
const DEFAULT_DECK_ID = '1';
const FIELD_SEPARATOR = '\x1f';
/** Schema 18 stores deck names with this between levels; people (and ImportedDeck) use `::`. */
const NATIVE_DECK_SEPARATOR = '\x1f';
const CARD_QUEUE_SUSPENDED = -1;
/** Anki makes at most 500 cards of a cloze note (c1 to c500; template.ts caps the same way). */
const MAX_CLOZE_CARDS = 500;
const CARD_TYPE_NEW = 0;

/**
 * Reads every note type, deck, note and card of a collection. Things that cannot be imported (a note whose note type
 * is missing, a card whose note is missing...) are left out and listed in `skipped`; a file that is not a readable
 * collection throws an ImportError.
 *
 * For schema 18, this rewrites the database's schema in place (see allowReadingUnicaseTables): pass a private copy,
 * as sql.js gives when it opens a file's bytes.
 */
export function readAnkiCollection(db: SqlDatabase, file: string): AnkiCollectionData {
  const sql = new Sql(db, file);
  const version = readSchemaVersion(sql);
  let structure: CollectionStructure;
  if (version === 11) {
    structure = readStructureFromJson(sql);
  } else if (version === 18) {
    allowReadingUnicaseTables(sql);
    structure = readStructureFromTables(sql);
  } else {
    throw sql.error(
      'col',
      `unsupported Anki collection version ${version}: ` +
        'only versions 11 (.anki2, .anki21) and 18 (.anki21b) can be read',
    );
  }

  const skipped: ImportProblem[] = [];
  const notetypes = uniqueNotetypes(structure.notetypes, file, skipped).sort((a, b) => Number(a.id) - Number(b.id));
  const notes = readNotes(sql, new Map(notetypes.map((nt) => [nt.id, nt])), skipped);
  const cardRows = readCardRows(sql);
  const reviewsByCard = readReviews(sql, new Set(cardRows.map((row) => row.id)), skipped);
  const decks = new DeckResolver(structure.decks);
  const cards = buildCards(file, cardRows, notes, reviewsByCard, decks, skipped);
  skipped.push(...decks.problems(file));

  return {
    notetypes,
    decks: decks.importedDecks(),
    notes: notes.imported,
    cards,
    skipped,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SQL access: every failure of the database itself becomes an ImportError, and every cell is type-checked.

class Sql {
  constructor(
    private readonly db: SqlDatabase,
    readonly file: string,
  ) {}

  /** All rows of one query; sql.js returns no result set at all when there are no rows. */
  rows(query: string, params?: (string | number | null)[]): unknown[][] {
    try {
      return this.db.exec(query, params)[0]?.values ?? [];
    } catch (cause) {
      // sql.js throws for bytes that are not SQLite ("file is not a database"), for a damaged file, and for a
      // SQLite file without Anki's tables ("no such table: col").
      throw this.error('', `not an Anki collection: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  }

  error(where: string, message: string): ImportError {
    return new ImportError({ file: this.file, where, message });
  }

  int(row: unknown[], column: number, where: string, name: string): number {
    const value = row[column];
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'bigint') return Number(value);
    throw this.error(where, `${name} should be a whole number, not ${describeValue(value)}`);
  }

  text(row: unknown[], column: number, where: string, name: string): string {
    const value = row[column];
    if (typeof value === 'string') return value;
    // SQLite keeps whatever type was written; some tools wrote text as blobs.
    if (value instanceof Uint8Array) return utf8.decode(value);
    throw this.error(where, `${name} should be text, not ${describeValue(value)}`);
  }

  blob(row: unknown[], column: number, where: string, name: string): Uint8Array {
    const value = row[column];
    if (value instanceof Uint8Array) return value;
    // An empty protobuf message may have been stored as '' or NULL by other tools: all its fields are defaults.
    if (value === '' || value === null) return new Uint8Array(0);
    throw this.error(where, `${name} should be a blob, not ${describeValue(value)}`);
  }
}

const utf8 = new TextDecoder('utf-8');

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (value instanceof Uint8Array) return `a blob of ${value.length} bytes`;
  if (typeof value === 'string') return `text "${value.length > 20 ? `${value.slice(0, 20)}...` : value}"`;
  return String(value);
}

function readSchemaVersion(sql: Sql): number {
  const row = sql.rows('select ver from col')[0];
  if (!row) throw sql.error('col', 'not an Anki collection: the col table is empty');
  return sql.int(row, 0, 'col', 'ver');
}

// ---------------------------------------------------------------------------------------------------------------
// Note types and decks: the part where the two schemas differ.

interface AnkiDeck {
  id: string;
  /** Full name, `::` between levels. */
  name: string;
  description: string;
  /** Filtered decks hold cards borrowed from their home decks (`odid`) for a while. */
  filtered: boolean;
}

interface CollectionStructure {
  notetypes: ImportedNotetype[];
  decks: AnkiDeck[];
}

function readStructureFromJson(sql: Sql): CollectionStructure {
  const row = sql.rows('select models, decks from col')[0] ?? [];
  const models = parseJsonObject(sql, sql.text(row, 0, 'col.models', 'models'), 'col.models');
  const decks = parseJsonObject(sql, sql.text(row, 1, 'col.decks', 'decks'), 'col.decks');
  // An entry filed under its own id first: when a damaged file gives two entries one id, that one is the real one.
  const notetypes = Object.entries(models).map(([key, model]) => ({ key, notetype: notetypeFromJson(sql, key, model) }));
  notetypes.sort((a, b) => Number(b.notetype.id === b.key) - Number(a.notetype.id === a.key));
  return {
    notetypes: notetypes.map(({ notetype }) => notetype),
    decks: Object.entries(decks).map(([key, deck]) => deckFromJson(sql, key, deck)),
  };
}

/**
 * One note type per id: schema 11 keys its JSON by id but takes the id from inside each entry, so a damaged `models`
 * can give two entries one id. The first is kept (readStructureFromJson puts the one filed under its id first), and
 * notes of that id are read with it.
 */
function uniqueNotetypes(notetypes: ImportedNotetype[], file: string, skipped: ImportProblem[]): ImportedNotetype[] {
  const byId = new Map<string, ImportedNotetype>();
  for (const notetype of notetypes) {
    const first = byId.get(notetype.id);
    if (first === undefined) byId.set(notetype.id, notetype);
    else {
      skipped.push({
        file,
        where: `note type ${notetype.id} ("${notetype.name}")`,
        message: `has the same id as note type "${first.name}"; it is left out, and the notes of that id use "${first.name}"`,
      });
    }
  }
  return [...byId.values()];
}

function parseJsonObject(sql: Sql, text: string, where: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw sql.error(where, `not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  if (!isRecord(parsed)) throw sql.error(where, 'should be a JSON object of id -> entry');
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Anki wrote ids sometimes as numbers, sometimes as strings; the object's key is the fallback. */
function jsonId(value: unknown, key: string): string {
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? String(value) : key;
}

function notetypeFromJson(sql: Sql, key: string, model: unknown): ImportedNotetype {
  const where = `col.models: note type ${key}`;
  if (!isRecord(model)) throw sql.error(where, 'should be a JSON object');
  const name = model.name;
  if (typeof name !== 'string') throw sql.error(where, 'has no name');
  const fields = inOrdOrder(sql, model.flds, `${where} ("${name}")`, 'fields (flds)').map((field, index) => {
    if (typeof field.name !== 'string') throw sql.error(`${where} ("${name}")`, `field ${index + 1} has no name`);
    return field.name;
  });
  const templates = inOrdOrder(sql, model.tmpls, `${where} ("${name}")`, 'templates (tmpls)').map(
    (template, index): ImportedTemplate => {
      if (typeof template.qfmt !== 'string') {
        throw sql.error(`${where} ("${name}")`, `template ${index + 1} has no front (qfmt)`);
      }
      return {
        name: typeof template.name === 'string' ? template.name : `Card ${index + 1}`,
        front: template.qfmt,
        back: typeof template.afmt === 'string' ? template.afmt : '',
      };
    },
  );
  return {
    id: jsonId(model.id, key),
    name,
    // Anki: 0 standard, 1 cloze.
    kind: model.type === 1 ? 'cloze' : 'standard',
    fields,
    templates,
    css: typeof model.css === 'string' ? model.css : '',
  };
}

/** Fields and templates in `ord` order; Anki allows `ord` to be missing (null), meaning the list's own order. */
function inOrdOrder(sql: Sql, list: unknown, where: string, what: string): Record<string, unknown>[] {
  if (!Array.isArray(list)) throw sql.error(where, `has no list of ${what}`);
  const entries = list.map((entry, index) => {
    if (!isRecord(entry)) throw sql.error(where, `${what} entry ${index + 1} should be a JSON object`);
    return { entry, ord: typeof entry.ord === 'number' ? entry.ord : index };
  });
  return entries.sort((a, b) => a.ord - b.ord).map(({ entry }) => entry);
}

function deckFromJson(sql: Sql, key: string, deck: unknown): AnkiDeck {
  const where = `col.decks: deck ${key}`;
  if (!isRecord(deck)) throw sql.error(where, 'should be a JSON object');
  if (typeof deck.name !== 'string') throw sql.error(where, 'has no name');
  return {
    id: jsonId(deck.id, key),
    name: deck.name,
    description: typeof deck.desc === 'string' ? deck.desc : '',
    // `dyn` is 1/0 in most files, true/false in some.
    filtered: deck.dyn === 1 || deck.dyn === true,
  };
}

// Anki creates the name columns of its schema-18 tables with a collation it defines itself, `unicase`. SQLite cannot
// plan any query on a WITHOUT ROWID table that has such a column (`fields`, `templates`, `tags`: "no query solution"),
// nor an ORDER BY on one, and sql.js cannot register collations. So we rename the collation to the built-in `nocase`
// in the schema of this in-memory copy: we only scan these tables, so the differences in ordering do not matter.
function allowReadingUnicaseTables(sql: Sql): void {
  const affected = sql.rows(`select type, name, sql from sqlite_master where sql like '%unicase%'`);
  if (affected.length === 0) return;
  const schemaVersion = sql.int(sql.rows('pragma schema_version')[0] ?? [], 0, 'sqlite_master', 'schema_version');
  sql.rows('pragma writable_schema = on');
  for (const row of affected) {
    const [type, name] = [sql.text(row, 0, 'sqlite_master', 'type'), sql.text(row, 1, 'sqlite_master', 'name')];
    const definition = sql
      .text(row, 2, 'sqlite_master', 'sql')
      .replace(/\bcollate\s+(["'`]?)unicase\1/gi, 'COLLATE nocase');
    sql.rows('update sqlite_master set sql = ? where type = ? and name = ?', [definition, type, name]);
  }
  // A new schema version makes SQLite drop its cached schema; RESET reloads it and turns writing it off again.
  sql.rows(`pragma schema_version = ${schemaVersion + 1}`);
  sql.rows('pragma writable_schema = reset');
}

function readStructureFromTables(sql: Sql): CollectionStructure {
  const fieldsByNotetype = groupByNotetype(sql.rows('select ntid, name from fields order by ntid, ord'), (row) =>
    sql.text(row, 1, `fields of note type ${String(row[0])}`, 'name'),
  );
  const templatesByNotetype = groupByNotetype(
    sql.rows('select ntid, name, config from templates order by ntid, ord'),
    (row): ImportedTemplate => {
      const where = `templates of note type ${String(row[0])}`;
      const name = sql.text(row, 1, where, 'name');
      // Notetype.Template.Config: q_format = 1, a_format = 2.
      return readBlob(sql, sql.blob(row, 2, where, 'config'), `${where}: template "${name}"`, (config) => ({
        name,
        front: config.string(1),
        back: config.string(2),
      }));
    },
  );
  const notetypes = sql.rows('select id, name, config from notetypes').map((row): ImportedNotetype => {
    const id = String(sql.int(row, 0, 'notetypes', 'id'));
    const where = `notetypes id ${id}`;
    // Notetype.Config: kind = 1 (0 normal, 1 cloze; anything newer is read as normal), css = 3.
    const { kind, css } = readBlob(sql, sql.blob(row, 2, where, 'config'), `${where}: config`, (config) => ({
      kind: config.uint(1) === 1 ? ('cloze' as const) : ('standard' as const),
      css: config.string(3),
    }));
    return {
      id,
      name: sql.text(row, 1, where, 'name'),
      kind,
      fields: fieldsByNotetype.get(id) ?? [],
      templates: templatesByNotetype.get(id) ?? [],
      css,
    };
  });

  const decks = sql.rows('select id, name, kind from decks').map((row): AnkiDeck => {
    const id = String(sql.int(row, 0, 'decks', 'id'));
    const where = `decks id ${id}`;
    // Deck.KindContainer, a oneof: normal = 1 (Deck.Normal: description = 4), filtered = 2.
    const kind = readBlob(sql, sql.blob(row, 2, where, 'kind'), `${where}: kind`, (container) => {
      const normal = container.message(1);
      if (normal) return { filtered: false, description: normal.string(4) };
      return container.has(2) ? { filtered: true, description: '' } : undefined;
    });
    if (!kind) throw sql.error(where, 'is neither a normal nor a filtered deck');
    return { id, name: sql.text(row, 1, where, 'name').split(NATIVE_DECK_SEPARATOR).join('::'), ...kind };
  });
  return { notetypes, decks };
}

function groupByNotetype<T>(rows: unknown[][], read: (row: unknown[]) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = String(row[0]);
    const group = groups.get(key);
    if (group) group.push(read(row));
    else groups.set(key, [read(row)]);
  }
  return groups;
}

/** Decodes a protobuf blob and reads from it; a damaged blob (or a field of the wrong type) is an ImportError. */
function readBlob<T>(sql: Sql, bytes: Uint8Array, where: string, read: (message: ProtoMessage) => T): T {
  try {
    return read(ProtoMessage.decode(bytes));
  } catch (cause) {
    if (cause instanceof ProtobufError) throw sql.error(where, `damaged (${cause.message})`);
    throw cause;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Notes

interface NoteRecord {
  guid: string;
  notetype: ImportedNotetype;
}

interface ReadNotes {
  imported: ImportedNote[];
  byId: Map<number, NoteRecord>;
  /** Notes left out with a problem already recorded: their cards go without another one. */
  skippedIds: Set<number>;
}

function readNotes(sql: Sql, notetypes: Map<string, ImportedNotetype>, skipped: ImportProblem[]): ReadNotes {
  const result: ReadNotes = { imported: [], byId: new Map(), skippedIds: new Set() };
  const noteIdByGuid = new Map<string, number>();
  for (const row of sql.rows('select id, guid, mid, tags, flds from notes order by id')) {
    const id = sql.int(row, 0, 'notes', 'id');
    const where = `note id ${id}`;
    const guid = sql.text(row, 1, where, 'guid');
    // The guid is what a note is known by (our note id, matched again on a later import): without one it cannot come.
    if (guid === '') {
      skipped.push({ file: sql.file, where, message: 'has no guid; the note and its cards are skipped' });
      result.skippedIds.add(id);
      continue;
    }
    const notetypeId = String(sql.int(row, 2, where, 'mid'));
    const notetype = notetypes.get(notetypeId);
    if (!notetype) {
      const message = `its note type ${notetypeId} does not exist; the note and its cards are skipped`;
      skipped.push({ file: sql.file, where, message });
      result.skippedIds.add(id);
      continue;
    }
    const sameGuid = noteIdByGuid.get(guid);
    if (sameGuid !== undefined) {
      const message = `has the same guid as note id ${sameGuid}; the note and its cards are skipped`;
      skipped.push({ file: sql.file, where, message });
      result.skippedIds.add(id);
      continue;
    }
    noteIdByGuid.set(guid, id);

    const fields = sql.text(row, 4, where, 'flds').split(FIELD_SEPARATOR);
    const expected = notetype.fields.length;
    if (fields.length > expected) {
      skipped.push({
        file: sql.file,
        where,
        message:
          `has ${fields.length} fields but its note type "${notetype.name}" has ${expected}; ` +
          `the last ${fields.length - expected} are dropped`,
      });
      fields.length = expected;
    }
    // Fewer fields than the note type: Anki itself treats the missing ones as empty.
    while (fields.length < expected) fields.push('');

    // Anki stores tags space-separated with a space at each end: ` tag1 tag2 `.
    const tags = sql.text(row, 3, where, 'tags').split(/\s+/).filter((tag) => tag !== '');
    result.imported.push({ guid, notetypeId, fields, tags });
    result.byId.set(id, { guid, notetype });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Cards and their reviews

interface CardRow {
  id: number;
  noteId: number;
  deckId: number;
  ord: number;
  type: number;
  queue: number;
  due: number;
  /** Home deck while the card is in a filtered deck, else 0. */
  originalDeckId: number;
  /** `due` from before the card went into a filtered deck, else 0. */
  originalDue: number;
}

function readCardRows(sql: Sql): CardRow[] {
  return sql.rows('select id, nid, did, ord, type, queue, due, odid, odue from cards order by id').map((row) => {
    const id = sql.int(row, 0, 'cards', 'id');
    const where = `card id ${id}`;
    return {
      id,
      noteId: sql.int(row, 1, where, 'nid'),
      deckId: sql.int(row, 2, where, 'did'),
      ord: sql.int(row, 3, where, 'ord'),
      type: sql.int(row, 4, where, 'type'),
      queue: sql.int(row, 5, where, 'queue'),
      due: sql.int(row, 6, where, 'due'),
      originalDeckId: sql.int(row, 7, where, 'odid'),
      originalDue: sql.int(row, 8, where, 'odue'),
    };
  });
}

// revlog `type`. 5 is newer Anki's "rescheduled" (FSRS reschedule, set due date): not an answer, like 4.
const REVIEW_KINDS: readonly ImportedReviewKind[] = ['learn', 'review', 'relearn', 'filtered', 'manual', 'manual'];

/** Reviews by card id, each card's in time order (revlog ids are epoch ms). */
function readReviews(sql: Sql, cardIds: Set<number>, skipped: ImportProblem[]): Map<number, ImportedReview[]> {
  const reviewsByCard = new Map<number, ImportedReview[]>();
  let forMissingCards = 0;
  let unreadable = 0;
  let outOfTime = 0;
  for (const row of sql.rows('select id, cid, ease, time, type from revlog order by id')) {
    const t = sql.int(row, 0, 'revlog', 'id');
    const where = `revlog id ${t}`;
    // The id is the answer's time in ms; one no date can hold would make the replay's dates NaN.
    if (t < 0 || t > MAX_TIME_MS) {
      outOfTime++;
      continue;
    }
    const cardId = sql.int(row, 1, where, 'cid');
    if (!cardIds.has(cardId)) {
      forMissingCards++;
      continue;
    }
    const ease = sql.int(row, 2, where, 'ease');
    const kind = REVIEW_KINDS[sql.int(row, 4, where, 'type')];
    if (kind === undefined || ease < 0 || ease > 4) {
      unreadable++;
      continue;
    }
    const review: ImportedReview = {
      t,
      // Ease 0 is not an answer: Anki logs manual rescheduling (forget, set due date) that way, whatever its type.
      rating: ease as ImportedReview['rating'],
      ms: Math.max(0, sql.int(row, 3, where, 'time')),
      kind: ease === 0 ? 'manual' : kind,
    };
    const reviews = reviewsByCard.get(cardId);
    if (reviews) reviews.push(review);
    else reviewsByCard.set(cardId, [review]);
  }
  if (forMissingCards > 0) {
    skipped.push({
      file: sql.file,
      where: 'revlog',
      message: `${forMissingCards} review${plural(forMissingCards)} of cards that no longer exist ignored`,
    });
  }
  if (outOfTime > 0) {
    skipped.push({
      file: sql.file,
      where: 'revlog',
      message: `${outOfTime} review${plural(outOfTime)} with an impossible time (an id that is not a date from 1970 to 9999) ignored`,
    });
  }
  if (unreadable > 0) {
    skipped.push({
      file: sql.file,
      where: 'revlog',
      message: `${unreadable} review${plural(unreadable)} with an unknown answer (ease) or kind (type) ignored`,
    });
  }
  return reviewsByCard;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

function buildCards(
  file: string,
  rows: CardRow[],
  notes: ReadNotes,
  reviewsByCard: Map<number, ImportedReview[]>,
  decks: DeckResolver,
  skipped: ImportProblem[],
): ImportedCard[] {
  const cards: ImportedCard[] = [];
  /** The card id that first used each note and card type: a note has one card of each. */
  const firstOf = new Map<string, number>();
  for (const row of rows) {
    const where = `card id ${row.id}`;
    const note = notes.byId.get(row.noteId);
    if (!note) {
      if (!notes.skippedIds.has(row.noteId)) {
        skipped.push({ file, where, message: `its note ${row.noteId} does not exist; card skipped` });
      }
      continue;
    }
    // A standard note type has a card per template: an ord past the last one has nothing to show. A cloze note type
    // has one per cloze number, c1 to c500 in Anki; a negative ord is no card at all.
    const cloze = note.notetype.kind === 'cloze';
    if (row.ord < 0 || row.ord >= (cloze ? MAX_CLOZE_CARDS : note.notetype.templates.length)) {
      const message = cloze
        ? `its card number ${row.ord + 1} is not a cloze number from 1 to ${MAX_CLOZE_CARDS}; card skipped`
        : `its note type "${note.notetype.name}" has no card type ${row.ord + 1}; card skipped`;
      skipped.push({ file, where, message });
      continue;
    }
    // A damaged collection (Anki's Check Database repairs these) can hold two cards of one note and card type.
    const key = `${row.noteId}:${row.ord}`;
    const first = firstOf.get(key);
    if (first !== undefined) {
      skipped.push({ file, where, message: `is a second card of note ${row.noteId} for card type ${row.ord + 1} (the first is card id ${first}); card skipped` });
      continue;
    }
    firstOf.set(key, row.id);
    const inFilteredDeck = row.originalDeckId !== 0;
    const card: ImportedCard = {
      noteGuid: note.guid,
      ord: row.ord,
      deckId: decks.homeOf(row),
      suspended: row.queue === CARD_QUEUE_SUSPENDED,
      reviews: reviewsByCard.get(row.id) ?? [],
    };
    if (row.type === CARD_TYPE_NEW) {
      // In a filtered deck, `due` is the position there; the deck's own order was kept in `odue`.
      card.newPosition = inFilteredDeck && row.originalDue !== 0 ? row.originalDue : row.due;
    }
    cards.push(card);
  }
  return cards;
}

// ---------------------------------------------------------------------------------------------------------------
// Decks

/** Picks each card's deck (its home deck when it is in a filtered one) and which decks to import. */
class DeckResolver {
  private readonly normal = new Map<string, AnkiDeck>();
  private readonly used = new Set<string>();
  /** Cards whose deck is missing or unusable, by that deck id: they go to the Default deck. */
  private readonly homeless = new Map<string, number>();

  constructor(decks: AnkiDeck[]) {
    for (const deck of decks) if (!deck.filtered) this.normal.set(deck.id, deck);
  }

  homeOf(card: CardRow): string {
    // A card in a filtered deck still belongs to its home deck (`odid`); filtered decks are not imported.
    const home = String(card.originalDeckId !== 0 ? card.originalDeckId : card.deckId);
    if (this.normal.has(home)) {
      this.used.add(home);
      return home;
    }
    this.homeless.set(home, (this.homeless.get(home) ?? 0) + 1);
    this.used.add(DEFAULT_DECK_ID);
    return DEFAULT_DECK_ID;
  }

  importedDecks(): ImportedDeck[] {
    const defaultDeck = this.normal.get(DEFAULT_DECK_ID) ?? {
      id: DEFAULT_DECK_ID,
      name: 'Default',
      description: '',
      filtered: false,
    };
    const decks = [...this.normal.values()].filter((deck) => deck.id !== DEFAULT_DECK_ID);
    // Default is in every collection: import it only when cards are in it or it is the parent of another deck.
    const defaultIsParent = decks.some((deck) => deck.name.startsWith(`${defaultDeck.name}::`));
    if (this.used.has(DEFAULT_DECK_ID) || defaultIsParent) decks.push(defaultDeck);
    return decks
      .sort((a, b) => compareDeckNames(a.name, b.name))
      .map(({ id, name, description }) => (description ? { id, name, description } : { id, name }));
  }

  problems(file: string): ImportProblem[] {
    return [...this.homeless].map(([deckId, count]) => ({
      file,
      where: `deck id ${deckId}`,
      message:
        `${count} card${plural(count)} in a deck that does not exist (or in a filtered deck without a home deck) ` +
        'moved to the Default deck',
    }));
  }
}

/** Parents before their children, siblings alphabetically: compare level by level. */
function compareDeckNames(a: string, b: string): number {
  const levelsA = a.split('::');
  const levelsB = b.split('::');
  for (let index = 0; index < Math.min(levelsA.length, levelsB.length); index++) {
    const [levelA, levelB] = [levelsA[index] ?? '', levelsB[index] ?? ''];
    if (levelA !== levelB) return levelA < levelB ? -1 : 1;
  }
  return levelsA.length - levelsB.length;
}
