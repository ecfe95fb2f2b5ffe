// Reads and validates deck files (format 1, see decks/README.md). Every problem is collected so
// an author can fix a whole file in one pass. decks/deck.schema.json describes the same format;
// a test keeps the two in agreement. Exported decks add optional parts (card progress, note types
// and the notes made from them); their checks are further down.

import { parseCloze } from './cloze';
import {
  DECK_FORMAT_VERSION,
  type BasicNote,
  type CardProgress,
  type ClozeNote,
  type Deck,
  type DeckNotetype,
  type DeckSource,
  type Note,
  type NoteKind,
  type TemplatedNote,
} from './deck-types';
import { HISTORY_FIELDS, isEntryRating, isReset, type HistoryField } from './history';

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
export const URL_PATTERN = /^https?:\/\/\S+$/;
// Same test as the schema's `"pattern": "\\S"`, so both agree on what counts as empty.
const HAS_TEXT = /\S/;

/** Ids of note types and templated notes: Anki guids use characters like `+/=!#%&`, so anything printable goes. */
export const FREE_ID_MAX_LENGTH = 200;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether a note type or templated note id fits the format: 1 to 200 characters, none of them control characters. */
export function isFreeId(id: string): boolean {
  // Code points, as JSON Schema's maxLength counts them.
  const length = [...id].length;
  return length > 0 && length <= FREE_ID_MAX_LENGTH && !CONTROL_CHARACTER.test(id);
}

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
  // An exported deck may hold only notes made from note types: it then has no sections to refer to.
  const rawNotes = field(value, 'notes');
  const rawTemplated = field(value, 'templatedNotes');
  const noNotes = Array.isArray(rawNotes) && rawNotes.length === 0;
  const { source, sections } = checkSource(p, field(value, 'source'), noNotes);
  // Note ids are unique across `notes` and `templatedNotes`: cards are stored as `noteId:ord`.
  const noteIds = new Map<string, string>();
  const hasTemplated = Array.isArray(rawTemplated) && rawTemplated.length > 0;
  const notes = checkNotes(p, rawNotes, sections, noteIds, hasTemplated);
  const rawNotetypes = field(value, 'notetypes');
  const notetypes = rawNotetypes === undefined ? undefined : checkNotetypes(p, rawNotetypes);
  let templatedNotes: TemplatedNote[] | undefined;
  if (rawTemplated !== undefined) {
    if (rawNotetypes === undefined) p.add('notetypes', 'required by templatedNotes');
    templatedNotes = checkTemplatedNotes(p, rawTemplated, notetypes?.byId, noteIds);
  }
  unknownProperties(p, value, '', [
    '$schema', 'format', 'id', 'name', 'description', 'source', 'notes', 'notetypes', 'templatedNotes',
  ]);

  if (p.list.length > 0 || id === undefined || name === undefined || description === undefined || !source || !notes) {
    return { ok: false, problems: p.list };
  }
  const deck: Deck = { format: DECK_FORMAT_VERSION, id, name, description, source, notes };
  if (notetypes?.list !== undefined) deck.notetypes = notetypes.list;
  if (templatedNotes !== undefined) deck.templatedNotes = templatedNotes;
  return { ok: true, deck };
}

/** Problems between valid decks loaded together: deck ids and note ids must be unique across files. */
/**
 * One note as a deck file would hold it (the Add and Edit screens write notes through this), checked as validateDeck
 * checks each of a file's notes; `sections`: the deck's, when the note must name one of them. Paths start at `note`.
 */
export function validateNote(value: unknown, where: string, sections?: readonly string[]): { ok: true; note: Note } | { ok: false; problems: DeckProblem[] } {
  const p = new Problems(where);
  const note = checkNote(p, value, 'note', sections);
  return note && p.list.length === 0 ? { ok: true, note } : { ok: false, problems: p.list };
}

export function validateDeckSet(decks: readonly { deck: Deck; file: string }[]): DeckProblem[] {
  const problems: DeckProblem[] = [];
  const deckFiles = new Map<string, string>();
  const noteSites = new Map<string, string>();
  for (const { deck, file } of decks) {
    const first = deckFiles.get(deck.id);
    if (first !== undefined) {
      problems.push({ file, path: 'id', message: `duplicate deck id "${deck.id}" (also in ${first})` });
    } else deckFiles.set(deck.id, file);
    const ids = [
      ...deck.notes.map((note, i) => ({ id: note.id, at: `notes[${i}]` })),
      ...(deck.templatedNotes ?? []).map((note, i) => ({ id: note.id, at: `templatedNotes[${i}]` })),
    ];
    for (const { id, at } of ids) {
      const firstSite = noteSites.get(id);
      if (firstSite !== undefined) {
        problems.push({ file, path: `${at}.id`, message: `duplicate id "${id}" (first used in ${firstSite})` });
      } else noteSites.set(id, `${file} at ${at}`);
    }
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

// Keys a reader could not find again in `a.b` form (empty, with a dot or bracket, blank at an end, control
// characters) are written `a["key"]`, so that a path never comes out empty or ambiguous.
const PLAIN_KEY = /^(?!\s)[^.[\]"\u0000-\u001f\u007f-\u009f]+(?<!\s)$/;

function join(base: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${base}[${JSON.stringify(key)}]`;
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

/**
 * The source, and its sections on their own so notes can be checked against them even if, say, the url is bad.
 * `sectionsMayBeEmpty`: the deck has no `notes` that would name a section (an exported deck of Anki notes).
 */
function checkSource(p: Problems, v: unknown, sectionsMayBeEmpty: boolean): { source?: DeckSource; sections?: string[] } {
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
  if (sections?.length === 0 && !sectionsMayBeEmpty) {
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
  what: 'section' | 'tag' | 'field',
): string[] | undefined {
  if (v === undefined) return void p.add(path, 'required');
  if (!Array.isArray(v)) return void p.add(path, 'must be an array');
  const start = p.list.length;
  const seen = new Map<string, number>();
  // Array.from here and below: a hole in an array (a value that did not come from JSON may have one) is visited as
  // undefined and reported, instead of being skipped and let through.
  Array.from(v).forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof item !== 'string') return p.add(at, 'must be a string');
    if (!HAS_TEXT.test(item)) return p.add(at, 'must not be empty');
    if (what === 'tag' && /\s/.test(item)) return p.add(at, 'must not contain spaces');
    const first = seen.get(item);
    if (first !== undefined) return p.add(at, `duplicate ${what} "${item}" (first at ${path}[${first}])`);
    seen.set(item, i);
  });
  return p.list.length > start ? undefined : (Array.from(v) as string[]);
}

const COMMON_NOTE_KEYS = ['id', 'kind', 'tags', 'section', 'context', 'progress'];
const BASIC_KEYS = ['front', 'back'];
const CLOZE_KEYS = ['text', 'extra'];

function isNoteKind(v: unknown): v is NoteKind {
  return NOTE_KINDS.some((k) => k === v);
}

/**
 * `noteIds` collects where each note id is first used, shared with the templated notes. `mayBeEmpty`: the deck has
 * templated notes, so it is not empty without these.
 */
function checkNotes(
  p: Problems,
  v: unknown,
  sections: readonly string[] | undefined,
  noteIds: Map<string, string>,
  mayBeEmpty: boolean,
): Note[] | undefined {
  if (v === undefined) return void p.add('notes', 'required');
  if (!Array.isArray(v)) return void p.add('notes', 'must be an array');
  if (v.length === 0 && !mayBeEmpty) return void p.add('notes', 'must not be empty');
  const notes: Note[] = [];
  Array.from(v).forEach((item: unknown, i) => {
    const note = checkNote(p, item, `notes[${i}]`, sections);
    if (note === undefined) return;
    if (uniqueNoteId(p, note.id, `notes[${i}]`, noteIds)) notes.push(note);
  });
  return notes.length === v.length ? notes : undefined;
}

function uniqueNoteId(p: Problems, id: string, at: string, noteIds: Map<string, string>): boolean {
  const first = noteIds.get(id);
  if (first !== undefined) {
    p.add(`${at}.id`, `duplicate id (first used at ${first})`);
    return false;
  }
  noteIds.set(id, at);
  return true;
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
  // The note's cards, for its progress; unknown while the kind or the cloze text is wrong.
  let ords: number[] | undefined;
  if (kind === 'basic' || kind === 'basic-reversed') {
    front = text(p, v, 'front', path);
    back = text(p, v, 'back', path);
    ords = kind === 'basic' ? [0] : [0, 1];
  } else if (kind === 'cloze') {
    clozeText = text(p, v, 'text', path);
    extra = text(p, v, 'extra', path, true);
    if (clozeText !== undefined) {
      const { numbers, errors } = parseCloze(clozeText);
      for (const error of errors) p.add(`${path}.text`, error);
      if (errors.length === 0 && numbers.length === 0) p.add(`${path}.text`, 'no cloze deletion such as {{c1::answer}}');
      if (errors.length === 0) ords = numbers.map((n) => n - 1);
    }
  }

  // Tags are optional in the file and default to none.
  const tags = field(v, 'tags') === undefined ? [] : checkStringList(p, field(v, 'tags'), `${path}.tags`, 'tag');
  const section = text(p, v, 'section', path);
  if (section !== undefined && sections !== undefined && !sections.includes(section)) {
    p.add(`${path}.section`, `section "${section}" is not one of source.sections`);
  }
  const context = text(p, v, 'context', path, true);
  const progress = checkProgress(p, field(v, 'progress'), `${path}.progress`, ords && noteOrdProblem(ords));

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
  if (progress !== undefined) note.progress = progress;
  return note;
}

function noteOrdProblem(ords: readonly number[]): (ord: number) => string | undefined {
  return (ord) => (ords.includes(ord) ? undefined : `the note has no card ${ord} (its cards: ${ords.join(', ')})`);
}

// ---- Exported decks: card progress, note types, templated notes ----

/** A string (possibly empty); reports and returns undefined when it isn't one. */
function str(p: Problems, obj: Obj, key: string, base: string): string | undefined {
  const v = field(obj, key);
  if (typeof v === 'string') return v;
  p.add(join(base, key), v === undefined ? 'required' : 'must be a string');
  return undefined;
}

/** An id of a note type or templated note: any printable text, so that Anki's guids and ids come through. */
function freeId(p: Problems, obj: Obj, base: string): string | undefined {
  const id = str(p, obj, 'id', base);
  if (id === undefined) return undefined;
  if (!isFreeId(id)) {
    p.add(join(base, 'id'), `must be 1 to ${FREE_ID_MAX_LENGTH} characters, without control characters`);
    return undefined;
  }
  return id;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCardState = (v: unknown): v is 0 | 1 | 2 | 3 => v === 0 || v === 1 || v === 2 || v === 3;

/**
 * The latest time (epoch ms) a deck may carry: the end of the year 9999. A Date past the year 275760 is invalid (the
 * scheduler would turn it into NaN), and the scheduler adds intervals of up to a century to these times.
 */
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const isTime = (v: unknown): v is number => isFiniteNumber(v) && v >= 0 && v <= MAX_TIME_MS;
const TIME_PROBLEM = 'must be a time in milliseconds since 1970, before the year 10000';
/** FSRS's smallest stability (ts-fsrs S_MIN); it refuses to schedule a card with less, or a difficulty under 1. */
const MIN_STABILITY = 0.001;

type StateKey = keyof CardProgress['state'];
const STATE_NUMBERS: readonly StateKey[] = ['due', 'stability', 'difficulty', 'elapsedDays'];
const STATE_COUNTS: readonly StateKey[] = ['scheduledDays', 'learningSteps', 'reps', 'lapses'];
const STATE_KEYS: readonly StateKey[] = [...STATE_NUMBERS, ...STATE_COUNTS, 'state', 'lastReview'];

/**
 * `ordProblem` says why an ord is not one of the note's cards, or is undefined when the note's cards are unknown
 * (its own fields are wrong, already reported): then any non-negative integer passes.
 */
function checkProgress(
  p: Problems,
  v: unknown,
  path: string,
  ordProblem: ((ord: number) => string | undefined) | undefined,
): CardProgress[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return void p.add(path, 'must be an array');
  const start = p.list.length;
  const firstOrd = new Map<number, number>();
  const list: CardProgress[] = [];
  Array.from(v).forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    const progress = checkCardProgress(p, item, at, ordProblem);
    if (progress === undefined) return;
    const first = firstOrd.get(progress.ord);
    if (first !== undefined) return p.add(`${at}.ord`, `duplicate ord ${progress.ord} (first at ${path}[${first}])`);
    firstOrd.set(progress.ord, i);
    list.push(progress);
  });
  return p.list.length > start ? undefined : list;
}

function checkCardProgress(
  p: Problems,
  v: unknown,
  path: string,
  ordProblem: ((ord: number) => string | undefined) | undefined,
): CardProgress | undefined {
  if (!isObject(v)) return void p.add(path, 'must be an object');
  const start = p.list.length;
  const ord = field(v, 'ord');
  if (ord === undefined) p.add(`${path}.ord`, 'required');
  else if (!isCount(ord)) p.add(`${path}.ord`, 'must be a non-negative integer');
  else {
    const problem = ordProblem?.(ord);
    if (problem !== undefined) p.add(`${path}.ord`, problem);
  }
  const suspended = field(v, 'suspended');
  if (suspended !== undefined && typeof suspended !== 'boolean') p.add(`${path}.suspended`, 'must be true or false');
  const state = checkCardState(p, field(v, 'state'), `${path}.state`);
  const reviews = checkReviews(p, field(v, 'reviews'), `${path}.reviews`);
  // A review makes a card leave the new state; only a reset (rating -1 or -2) puts it back there.
  if (state !== undefined && reviews !== undefined && reviews.length > 0 && state.state === 0 && !isReset(reviews.at(-1)![1] as number)) {
    p.add(`${path}.state.state`, `a card with reviews cannot be new (0) unless its last review row is a reset (rating -1 or -2); it has ${reviews.length}`);
  }
  unknownProperties(p, v, path, ['ord', 'suspended', 'state', 'reviews']);
  if (p.list.length > start || !isCount(ord) || state === undefined || reviews === undefined) return undefined;
  const progress: CardProgress = { ord, state, reviews };
  if (suspended === true || suspended === false) progress.suspended = suspended;
  return progress;
}

function checkCardState(p: Problems, v: unknown, path: string): CardProgress['state'] | undefined {
  if (!isObject(v)) return void p.add(path, v === undefined ? 'required' : 'must be an object');
  const start = p.list.length;
  for (const key of STATE_NUMBERS) {
    const n = field(v, key);
    if (n === undefined) p.add(`${path}.${key}`, 'required');
    else if (!isFiniteNumber(n)) p.add(`${path}.${key}`, 'must be a finite number');
    else if (key === 'due' && !isTime(n)) p.add(`${path}.${key}`, TIME_PROBLEM);
  }
  // A memory state FSRS can go on from: none yet (both 0), or a real one. Anything else throws on the next answer.
  const stability = field(v, 'stability');
  const difficulty = field(v, 'difficulty');
  if (isFiniteNumber(stability) && isFiniteNumber(difficulty) && !(stability === 0 && difficulty === 0)) {
    const none = 'or 0 with the other 0 for a card without a memory state';
    if (stability < MIN_STABILITY) p.add(`${path}.stability`, `must be at least ${MIN_STABILITY}, ${none}`);
    if (difficulty < 1) p.add(`${path}.difficulty`, `must be at least 1, ${none}`);
  }
  for (const key of STATE_COUNTS) {
    const n = field(v, key);
    if (n === undefined) p.add(`${path}.${key}`, 'required');
    else if (!isCount(n)) p.add(`${path}.${key}`, 'must be a non-negative integer');
  }
  const state = field(v, 'state');
  if (state === undefined) p.add(`${path}.state`, 'required');
  else if (!isCardState(state)) p.add(`${path}.state`, 'must be 0 (new), 1 (learning), 2 (review) or 3 (relearning)');
  const lastReview = field(v, 'lastReview');
  if (lastReview === undefined) p.add(`${path}.lastReview`, 'required');
  else if (lastReview !== null && !isFiniteNumber(lastReview)) p.add(`${path}.lastReview`, 'must be a finite number or null');
  else if (lastReview !== null && !isTime(lastReview)) p.add(`${path}.lastReview`, `${TIME_PROBLEM}, or null`);
  unknownProperties(p, v, path, STATE_KEYS);
  if (p.list.length > start) return undefined;
  // Every key was checked above; rebuilt so that nothing else comes along.
  const n = (key: StateKey) => field(v, key) as number;
  return {
    due: n('due'), stability: n('stability'), difficulty: n('difficulty'), elapsedDays: n('elapsedDays'),
    scheduledDays: n('scheduledDays'), learningSteps: n('learningSteps'), reps: n('reps'), lapses: n('lapses'),
    state: field(v, 'state') as 0 | 1 | 2 | 3, lastReview: field(v, 'lastReview') as number | null,
  };
}

/** What each entry of a review row must be, by its HISTORY_FIELDS name (`t`, `rating`... `learningSteps`). */
function reviewEntryProblem(name: HistoryField, x: unknown): string | undefined {
  if (name === 'lastReview') {
    if (x === null || isTime(x)) return undefined;
    return isFiniteNumber(x) ? `lastReview ${TIME_PROBLEM}, or null` : 'lastReview must be a finite number or null';
  }
  if ((name === 't' || name === 'due') && isFiniteNumber(x) && !isTime(x)) return `${name} ${TIME_PROBLEM}`;
  if (name === 'rating') {
    return isEntryRating(x) ? undefined : 'rating must be 1, 2, 3 or 4 (an answer), or 0, -1, -2 or -3 (a due date set, a reset to new, a reschedule)';
  }
  if (name === 'state') return isCardState(x) ? undefined : 'state must be 0, 1, 2 or 3';
  if (name === 'scheduledDays' || name === 'learningSteps') return isCount(x) ? undefined : `${name} must be a non-negative integer`;
  return isFiniteNumber(x) ? undefined : `${name} must be a finite number`;
}

function checkReviews(p: Problems, v: unknown, path: string): (number | null)[][] | undefined {
  if (v === undefined) return void p.add(path, 'required');
  if (!Array.isArray(v)) return void p.add(path, 'must be an array');
  const start = p.list.length;
  let previousTime: number | undefined;
  Array.from(v).forEach((row: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!Array.isArray(row) || row.length !== HISTORY_FIELDS.length) {
      return p.add(at, `must be an array of ${HISTORY_FIELDS.length} entries: ${HISTORY_FIELDS.join(', ')}`);
    }
    HISTORY_FIELDS.forEach((name, k) => {
      const problem = reviewEntryProblem(name, row[k]);
      if (problem !== undefined) p.add(`${at}[${k}]`, problem);
    });
    const t: unknown = row[0];
    if (!isFiniteNumber(t)) return;
    // Equal times are let through: two answers within the same millisecond are unlikely, but not wrong.
    if (previousTime !== undefined && t < previousTime) p.add(`${at}[0]`, 't is earlier than the review before it');
    previousTime = t;
  });
  return p.list.length > start ? undefined : (v as (number | null)[][]).map((row) => row.slice());
}

/** What the templated notes need to know of a note type; parts are missing where the note type is wrong. */
interface NotetypeShape {
  kind?: DeckNotetype['kind'];
  fields?: string[];
  templateCount?: number;
}

const NOTETYPE_KINDS: readonly DeckNotetype['kind'][] = ['standard', 'cloze'];

/** `byId` has every note type whose id is readable, so notes naming one with other problems are not reported too. */
function checkNotetypes(p: Problems, v: unknown): { list?: DeckNotetype[]; byId?: Map<string, NotetypeShape> } {
  if (!Array.isArray(v)) {
    p.add('notetypes', 'must be an array');
    return {};
  }
  const byId = new Map<string, NotetypeShape>();
  const firstIndex = new Map<string, number>();
  const list: DeckNotetype[] = [];
  Array.from(v).forEach((item: unknown, i) => {
    const at = `notetypes[${i}]`;
    const checked = checkNotetype(p, item, at);
    if (checked.id === undefined) return;
    const first = firstIndex.get(checked.id);
    if (first !== undefined) return p.add(`${at}.id`, `duplicate id (first used at notetypes[${first}])`);
    firstIndex.set(checked.id, i);
    byId.set(checked.id, checked.shape);
    if (checked.notetype !== undefined) list.push(checked.notetype);
  });
  return { list: list.length === v.length ? list : undefined, byId };
}

function checkNotetype(
  p: Problems,
  v: unknown,
  path: string,
): { id?: string; shape: NotetypeShape; notetype?: DeckNotetype } {
  if (!isObject(v)) {
    p.add(path, 'must be an object');
    return { shape: {} };
  }
  const start = p.list.length;
  const id = freeId(p, v, path);
  const name = text(p, v, 'name', path);
  const rawKind = field(v, 'kind');
  const kind = NOTETYPE_KINDS.find((k) => k === rawKind);
  if (rawKind === undefined) p.add(`${path}.kind`, 'required');
  else if (kind === undefined) p.add(`${path}.kind`, `must be one of ${NOTETYPE_KINDS.join(', ')}`);
  const fields = checkStringList(p, field(v, 'fields'), `${path}.fields`, 'field');
  if (fields?.length === 0) p.add(`${path}.fields`, 'must not be empty');
  const templates = checkTemplates(p, field(v, 'templates'), `${path}.templates`);
  if (kind === 'cloze' && templates !== undefined && templates.length !== 1) {
    p.add(`${path}.templates`, `a cloze note type has exactly one template, not ${templates.length}`);
  }
  const css = str(p, v, 'css', path);
  unknownProperties(p, v, path, ['id', 'name', 'kind', 'fields', 'templates', 'css']);

  const shape: NotetypeShape = {};
  if (kind !== undefined) shape.kind = kind;
  if (fields !== undefined && fields.length > 0) shape.fields = fields;
  if (templates !== undefined && templates.length > 0) shape.templateCount = templates.length;
  if (p.list.length > start || id === undefined || name === undefined || kind === undefined || !fields || !templates) {
    return id === undefined ? { shape } : { id, shape };
  }
  if (css === undefined) return { id, shape };
  return { id, shape, notetype: { id, name, kind, fields, templates, css } };
}

function checkTemplates(p: Problems, v: unknown, path: string): DeckNotetype['templates'] | undefined {
  if (v === undefined) return void p.add(path, 'required');
  if (!Array.isArray(v)) return void p.add(path, 'must be an array');
  if (v.length === 0) return void p.add(path, 'must not be empty');
  const start = p.list.length;
  const templates: DeckNotetype['templates'] = [];
  Array.from(v).forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) return p.add(at, 'must be an object');
    const name = str(p, item, 'name', at);
    const front = str(p, item, 'front', at);
    const back = str(p, item, 'back', at);
    unknownProperties(p, item, at, ['name', 'front', 'back']);
    if (name !== undefined && front !== undefined && back !== undefined) templates.push({ name, front, back });
  });
  return p.list.length > start ? undefined : templates;
}

/** `notetypes` is undefined when the deck has none (already reported): then note type names are not checked. */
function checkTemplatedNotes(
  p: Problems,
  v: unknown,
  notetypes: ReadonlyMap<string, NotetypeShape> | undefined,
  noteIds: Map<string, string>,
): TemplatedNote[] | undefined {
  if (!Array.isArray(v)) return void p.add('templatedNotes', 'must be an array');
  const notes: TemplatedNote[] = [];
  Array.from(v).forEach((item: unknown, i) => {
    const at = `templatedNotes[${i}]`;
    const note = checkTemplatedNote(p, item, at, notetypes);
    if (note !== undefined && uniqueNoteId(p, note.id, at, noteIds)) notes.push(note);
  });
  return notes.length === v.length ? notes : undefined;
}

function checkTemplatedNote(
  p: Problems,
  v: unknown,
  path: string,
  notetypes: ReadonlyMap<string, NotetypeShape> | undefined,
): TemplatedNote | undefined {
  if (!isObject(v)) return void p.add(path, 'must be an object');
  const start = p.list.length;
  const id = freeId(p, v, path);
  const notetype = str(p, v, 'notetype', path);
  let shape: NotetypeShape | undefined;
  if (notetype !== undefined && notetypes !== undefined) {
    shape = notetypes.get(notetype);
    if (shape === undefined) p.add(`${path}.notetype`, `note type "${notetype}" is not one of notetypes`);
  }
  const fields = checkNoteFields(p, field(v, 'fields'), `${path}.fields`, notetype, shape?.fields);
  const tags = field(v, 'tags') === undefined ? [] : checkStringList(p, field(v, 'tags'), `${path}.tags`, 'tag');
  const progress = checkProgress(p, field(v, 'progress'), `${path}.progress`, templatedOrdProblem(shape));
  unknownProperties(p, v, path, ['id', 'notetype', 'fields', 'tags', 'progress']);
  if (p.list.length > start || id === undefined || notetype === undefined || !fields || !tags) return undefined;
  const note: TemplatedNote = { id, notetype, fields, tags };
  if (progress !== undefined) note.progress = progress;
  return note;
}

/** Standard note types make one card per template; a cloze note type one per cloze number, whichever they are. */
function templatedOrdProblem(shape: NotetypeShape | undefined): ((ord: number) => string | undefined) | undefined {
  if (shape?.kind !== 'standard') return undefined;
  const count = shape.templateCount;
  if (count === undefined) return undefined;
  return (ord) => (ord < count ? undefined : `the note type has no card ${ord} (its ${count} template${count === 1 ? '' : 's'} make cards 0 to ${count - 1})`);
}

/** Field values by name: exactly the note type's fields (when known), each a string, which may be empty. */
function checkNoteFields(
  p: Problems,
  v: unknown,
  path: string,
  notetype: string | undefined,
  names: readonly string[] | undefined,
): Record<string, string> | undefined {
  if (!isObject(v)) return void p.add(path, v === undefined ? 'required' : 'must be an object');
  const start = p.list.length;
  for (const name of names ?? []) if (!Object.hasOwn(v, name)) p.add(join(path, name), 'required');
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(v)) {
    if (names !== undefined && !names.includes(name)) p.add(join(path, name), `not a field of note type "${notetype}"`);
    else if (typeof value !== 'string') p.add(join(path, name), 'must be a string');
    else fields.push([name, value]);
  }
  // fromEntries, not assignment: a field named "__proto__" must stay a field.
  return p.list.length > start ? undefined : Object.fromEntries(fields);
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
