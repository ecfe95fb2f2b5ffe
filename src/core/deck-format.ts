// Reads and validates deck files (format 1, see decks/README.md). Every problem is collected so
// an author can fix a whole file in one pass. decks/deck.schema.json describes the same format;
// a test keeps the two in agreement.

import { parseCloze } from './cloze';
import {
  DECK_FORMAT_VERSION,
  type BasicNote,
  type ClozeNote,
  type Deck,
  type DeckSource,
  type Note,
  type NoteKind,
} from './deck-types';

export interface DeckProblem {
  file: string;
  /** Where in the file: `notes[12].back`, `source.sections[2]`, or `(root)`. */
  path: string;
  message: string;
}

export type DeckParseResult = { ok: true; deck: Deck } | { ok: false; problems: DeckProblem[] };

export const DECK_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const NOTE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const NOTE_KINDS: readonly NoteKind[] = ['basic', 'basic-reversed', 'cloze'];
const URL_PATTERN = /^https?:\/\/\S+$/;
// Same test as the schema's `"pattern": "\\S"`, so both agree on what counts as empty.
const HAS_TEXT = /\S/;

export function formatProblem(p: DeckProblem): string {
  return `${p.file}: ${p.path}: ${p.message}`;
}

export function parseDeckText(text: string, file: string): DeckParseResult {
  // Editors on Windows like to save UTF-8 with a BOM, which JSON.parse rejects.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return { ok: false, problems: [{ file, path: '(root)', message: describeJsonError(body, e) }] };
  }
  return validateDeck(value, file);
}

export function validateDeck(value: unknown, file: string): DeckParseResult {
  const p = new Problems(file);
  if (!isObject(value)) {
    p.add('(root)', 'must be an object');
    return { ok: false, problems: p.list };
  }

  const format = field(value, 'format');
  if (format === undefined) p.add('format', 'required');
  else if (typeof format !== 'number') p.add('format', 'must be a number');
  else if (format !== DECK_FORMAT_VERSION) {
    // Anything else in a file of another format would only be noise.
    p.add('format', `unsupported format ${format} (this version reads format ${DECK_FORMAT_VERSION})`);
    return { ok: false, problems: p.list };
  }

  // `$schema` lets editors offer completion and checks; Retain ignores it.
  if (field(value, '$schema') !== undefined && typeof field(value, '$schema') !== 'string') {
    p.add('$schema', 'must be a string');
  }
  const id = text(p, value, 'id', '');
  if (id !== undefined && !DECK_ID_PATTERN.test(id)) {
    p.add('id', 'must be lowercase letters, digits and "-", not starting with "-"');
  }
  const name = text(p, value, 'name', '');
  const description = text(p, value, 'description', '');
  const { source, sections } = checkSource(p, field(value, 'source'));
  const notes = checkNotes(p, field(value, 'notes'), sections);
  unknownProperties(p, value, '', ['$schema', 'format', 'id', 'name', 'description', 'source', 'notes']);

  if (p.list.length > 0 || id === undefined || name === undefined || description === undefined || !source || !notes) {
    return { ok: false, problems: p.list };
  }
  return { ok: true, deck: { format: DECK_FORMAT_VERSION, id, name, description, source, notes } };
}

/** Problems between valid decks loaded together: deck ids and note ids must be unique across files. */
export function validateDeckSet(decks: readonly { deck: Deck; file: string }[]): DeckProblem[] {
  const problems: DeckProblem[] = [];
  const deckFiles = new Map<string, string>();
  const noteSites = new Map<string, string>();
  for (const { deck, file } of decks) {
    const first = deckFiles.get(deck.id);
    if (first !== undefined) {
      problems.push({ file, path: 'id', message: `duplicate deck id "${deck.id}" (also in ${first})` });
    } else deckFiles.set(deck.id, file);
    deck.notes.forEach((note, i) => {
      const site = `${file} at notes[${i}]`;
      const firstSite = noteSites.get(note.id);
      if (firstSite !== undefined) {
        problems.push({ file, path: `notes[${i}].id`, message: `duplicate id "${note.id}" (first used in ${firstSite})` });
      } else noteSites.set(note.id, site);
    });
  }
  return problems;
}

class Problems {
  readonly list: DeckProblem[] = [];
  constructor(private readonly file: string) {}
  add(path: string, message: string): void {
    this.list.push({ file: this.file, path, message });
  }
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Own properties only: a key like "constructor" must not be found on Object.prototype.
function field(obj: Obj, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/** A non-empty string property; reports and returns undefined when it isn't one. */
function text(p: Problems, obj: Obj, key: string, base: string, optional = false): string | undefined {
  const v = field(obj, key);
  const path = join(base, key);
  if (v === undefined) {
    if (!optional) p.add(path, 'required');
    return undefined;
  }
  if (typeof v !== 'string') p.add(path, 'must be a string');
  else if (!HAS_TEXT.test(v)) p.add(path, 'must not be empty');
  else return v;
  return undefined;
}

/** Reports keys outside `allowed`; `misplaced` explains keys that belong to another note kind. */
function unknownProperties(
  p: Problems,
  obj: Obj,
  base: string,
  allowed: readonly string[],
  misplaced?: (key: string) => string | undefined,
): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    p.add(join(base, key), misplaced?.(key) ?? 'unknown property');
  }
}

/** The source, and its sections on their own so notes can be checked against them even if, say, the url is bad. */
function checkSource(p: Problems, v: unknown): { source?: DeckSource; sections?: string[] } {
  if (!isObject(v)) {
    p.add('source', v === undefined ? 'required' : 'must be an object');
    return {};
  }
  const start = p.list.length;
  const title = text(p, v, 'title', 'source');
  const author = text(p, v, 'author', 'source', true);
  const publication = text(p, v, 'publication', 'source', true);
  const url = text(p, v, 'url', 'source', true);
  if (url !== undefined && !URL_PATTERN.test(url)) p.add('source.url', 'must be an http:// or https:// URL');
  let sections = checkStringList(p, field(v, 'sections'), 'source.sections', 'section');
  if (sections?.length === 0) {
    p.add('source.sections', 'must not be empty');
    sections = undefined; // every note's section would be reported too
  }
  unknownProperties(p, v, 'source', ['title', 'author', 'publication', 'url', 'sections']);
  if (p.list.length > start || title === undefined || sections === undefined) return { sections };

  const source: DeckSource = { title, sections };
  if (author !== undefined) source.author = author;
  if (publication !== undefined) source.publication = publication;
  if (url !== undefined) source.url = url;
  return { source, sections };
}

/**
 * An array of unique non-empty strings (sections, tags). Returns undefined if anything is wrong,
 * so later checks against the list don't pile up follow-on problems.
 */
function checkStringList(
  p: Problems,
  v: unknown,
  path: string,
  what: 'section' | 'tag',
): string[] | undefined {
  if (v === undefined) return void p.add(path, 'required');
  if (!Array.isArray(v)) return void p.add(path, 'must be an array');
  const start = p.list.length;
  const seen = new Map<string, number>();
  v.forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof item !== 'string') return p.add(at, 'must be a string');
    if (!HAS_TEXT.test(item)) return p.add(at, 'must not be empty');
    if (what === 'tag' && /\s/.test(item)) return p.add(at, 'must not contain spaces');
    const first = seen.get(item);
    if (first !== undefined) return p.add(at, `duplicate ${what} "${item}" (first at ${path}[${first}])`);
    seen.set(item, i);
  });
  return p.list.length > start ? undefined : (v.slice() as string[]);
}

const COMMON_NOTE_KEYS = ['id', 'kind', 'tags', 'section', 'context'];
const BASIC_KEYS = ['front', 'back'];
const CLOZE_KEYS = ['text', 'extra'];

function isNoteKind(v: unknown): v is NoteKind {
  return NOTE_KINDS.some((k) => k === v);
}

function checkNotes(p: Problems, v: unknown, sections: readonly string[] | undefined): Note[] | undefined {
  if (v === undefined) return void p.add('notes', 'required');
  if (!Array.isArray(v)) return void p.add('notes', 'must be an array');
  if (v.length === 0) return void p.add('notes', 'must not be empty');
  const firstIndex = new Map<string, number>();
  const notes: Note[] = [];
  v.forEach((item: unknown, i) => {
    const note = checkNote(p, item, `notes[${i}]`, sections);
    if (note === undefined) return;
    const first = firstIndex.get(note.id);
    if (first !== undefined) p.add(`notes[${i}].id`, `duplicate id (first used at notes[${first}])`);
    else firstIndex.set(note.id, i);
    notes.push(note);
  });
  return notes.length === v.length ? notes : undefined;
}

/** Returns the note only when it has no problems of its own (duplicate ids are checked by the caller). */
function checkNote(p: Problems, v: unknown, path: string, sections: readonly string[] | undefined): Note | undefined {
  if (!isObject(v)) return void p.add(path, 'must be an object');
  const start = p.list.length;

  const id = text(p, v, 'id', path);
  if (id !== undefined && !NOTE_ID_PATTERN.test(id)) {
    p.add(`${path}.id`, 'must be 1 to 64 letters, digits, "_" or "-"');
  }

  const rawKind = field(v, 'kind');
  let kind: NoteKind | undefined;
  if (rawKind === undefined) p.add(`${path}.kind`, 'required');
  else if (isNoteKind(rawKind)) kind = rawKind;
  else p.add(`${path}.kind`, `must be one of ${NOTE_KINDS.join(', ')}`);

  // Fields of the kind; with an unknown kind we can't tell which are required.
  let front: string | undefined, back: string | undefined, clozeText: string | undefined, extra: string | undefined;
  if (kind === 'basic' || kind === 'basic-reversed') {
    front = text(p, v, 'front', path);
    back = text(p, v, 'back', path);
  } else if (kind === 'cloze') {
    clozeText = text(p, v, 'text', path);
    extra = text(p, v, 'extra', path, true);
    if (clozeText !== undefined) {
      const { numbers, errors } = parseCloze(clozeText);
      for (const error of errors) p.add(`${path}.text`, error);
      if (errors.length === 0 && numbers.length === 0) p.add(`${path}.text`, 'no cloze deletion such as {{c1::answer}}');
    }
  }

  // Tags are optional in the file and default to none.
  const tags = field(v, 'tags') === undefined ? [] : checkStringList(p, field(v, 'tags'), `${path}.tags`, 'tag');
  const section = text(p, v, 'section', path);
  if (section !== undefined && sections !== undefined && !sections.includes(section)) {
    p.add(`${path}.section`, `section "${section}" is not one of source.sections`);
  }
  const context = text(p, v, 'context', path, true);

  const kindKeys = kind === undefined ? [...BASIC_KEYS, ...CLOZE_KEYS] : kind === 'cloze' ? CLOZE_KEYS : BASIC_KEYS;
  unknownProperties(p, v, path, [...COMMON_NOTE_KEYS, ...kindKeys], (key) =>
    [...BASIC_KEYS, ...CLOZE_KEYS].includes(key) ? `not used by ${kind} notes` : undefined,
  );

  if (p.list.length > start || id === undefined || kind === undefined || tags === undefined || section === undefined) {
    return undefined;
  }
  let note: Note;
  if (kind === 'cloze') {
    if (clozeText === undefined) return undefined;
    const cloze: ClozeNote = { id, kind, text: clozeText, tags, section };
    if (extra !== undefined) cloze.extra = extra;
    note = cloze;
  } else {
    if (front === undefined || back === undefined) return undefined;
    const basic: BasicNote = { id, kind, front, back, tags, section };
    note = basic;
  }
  if (context !== undefined) note.context = context;
  return note;
}

/**
 * JSON.parse's messages differ between engines and don't always give a position, so on failure
 * the text is scanned again to find where and why it is invalid.
 */
function describeJsonError(text: string, error: unknown): string {
  let found: { at: number; message: string } | undefined;
  try {
    found = locateJsonError(text);
  } catch {
    found = undefined; // e.g. a stack overflow on absurdly deep nesting: fall back to the engine's message
  }
  if (found === undefined) return `invalid JSON: ${error instanceof Error ? error.message : String(error)}`;
  const before = text.slice(0, found.at);
  const line = before.split('\n').length;
  const column = found.at - before.lastIndexOf('\n');
  return `invalid JSON at line ${line}, column ${column}: ${found.message}`;
}

class JsonSyntaxError {
  constructor(
    readonly at: number,
    readonly message: string,
  ) {}
}

/** A strict JSON (RFC 8259) syntax check; returns the first error, or undefined if the text is valid. */
export function locateJsonError(s: string): { at: number; message: string } | undefined {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(at, at >= s.length ? 'unexpected end of file' : message);
  };
  const space = (): void => {
    while (i < s.length && ' \t\n\r'.includes(s.charAt(i))) i++;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  const string = (): void => {
    const start = i++;
    for (;;) {
      if (i >= s.length) fail('unterminated string', start);
      const c = s.charAt(i);
      if (c === '"') return void i++;
      if (c === '\n') fail('line break inside a string (write \\n)');
      if (c < ' ') fail('control character inside a string');
      if (c === '\\') {
        const e = s.charAt(i + 1);
        if (e !== '' && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) i += 6;
        else fail('invalid escape in string');
      } else i++;
    }
  };

  const list = (close: '}' | ']', item: () => void): void => {
    i++;
    space();
    if (s.charAt(i) === close) return void i++;
    for (;;) {
      space();
      if (s.charAt(i) === close) fail(`trailing comma before "${close}"`);
      item();
      space();
      const c = s.charAt(i);
      if (c === close) return void i++;
      if (c !== ',') fail(`expected "," or "${close}"`);
      i++;
    }
  };

  const value = (): void => {
    space();
    const c = s.charAt(i);
    if (c === '{') {
      return list('}', () => {
        if (s.charAt(i) !== '"') fail('expected a property name in double quotes');
        string();
        space();
        if (s.charAt(i) !== ':') fail('expected ":"');
        i++;
        value();
      });
    }
    if (c === '[') return list(']', value);
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.test(s)) return void (i = NUMBER.lastIndex);
    const literal = ['true', 'false', 'null'].find((l) => s.startsWith(l, i));
    if (literal !== undefined) return void (i += literal.length);
    fail(`unexpected character ${JSON.stringify(c)}`);
  };

  try {
    value();
    space();
    if (i < s.length) fail('unexpected text after the end of the JSON value');
    return undefined;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { at: e.at, message: e.message };
    throw e;
  }
}
