// Delimited text (CSV, TSV, Anki's "Notes in Plain Text" exports): parse the file into rows, then map the columns a
// user picked onto Basic notes. Follows Anki's text importer where it matters for files made by Anki: the `#key:value`
// header lines at the top, lines starting with `#` read as comments, RFC 4180 quoting, blank lines skipped, 1-based
// column numbers in headers. Everything is a single pass over the text: big spreadsheets must not stall the worker.
import {
  ImportError,
  type ImportBundle,
  type ImportedCard,
  type ImportedDeck,
  type ImportedNote,
  type ImportedNotetype,
  type ImportProblem,
} from './bundle';

/** What the file says about itself (headers) and its rows, before any column is given a meaning. */
export interface ParsedText {
  /** The single character between fields. */
  separator: string;
  /** True when no `#separator:` header named it and it was guessed from the first rows. */
  separatorDetected: boolean;
  /** From `#html:`; null when the file does not say. */
  html: boolean | null;
  /** Column numbers from the headers are 1-based, as Anki writes them. */
  tagsColumn?: number;
  deck?: string;
  deckColumn?: number;
  notetype?: string;
  notetypeColumn?: number;
  guidColumn?: number;
  /** From `#columns:`, split with the file's separator. */
  columnNames?: string[];
  /** From `#tags:` (or Anki's older first line `tags:`): tags for every note of the file. */
  globalTags?: string[];
  /** Header lines this importer does not understand, as written (`#if matches:update current`). */
  ignoredHeaders: string[];
  rows: string[][];
  /** 1-based line where each row starts, for messages. */
  rowLines: number[];
  /** 1-based lines below the headers that start with `#`: Anki reads them as comments, so they are not rows. */
  commentLines: number[];
  /** The most fields in any row (or named by `#columns:`). */
  columnCount: number;
}

/** Which column (0-based) holds what, chosen by the user from the parsed rows. */
export interface TextColumns {
  front: number;
  back: number;
  tags?: number;
  deck?: number;
  guid?: number;
}

export interface TextImportOptions {
  file: string;
  /** The first row holds column titles, not a note. */
  firstRowIsHeader: boolean;
  columns: TextColumns;
  /** Target deck for every note when there is no deck column (or its cell is empty). */
  deckName: string;
  /** Overrides the file's `#html:` and the guess from its contents. */
  html?: boolean;
}

export const TEXT_NOTETYPE_ID = 'text-basic';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;

/** Anki's separator names, in the order Anki tries them when guessing (rarest in note text first). */
const NAMED_SEPARATORS: ReadonlyArray<readonly [name: string, char: string]> = [
  ['tab', '\t'],
  ['pipe', '|'],
  ['semicolon', ';'],
  ['colon', ':'],
  ['comma', ','],
  ['space', ' '],
];

/** Rows looked at when guessing the separator. */
const DETECTION_ROWS = 20;
/** Anki's guess looks at this much text after the headers. */
const DETECTION_CHARS = 8 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export function parseDelimitedText(input: string | Uint8Array, file: string): ParsedText {
  let text = typeof input === 'string' ? input : decodeUtf8(input, file);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const headers = readHeaders(text, file);
  let separator = headers.separator;
  const separatorDetected = separator === undefined;
  if (separator === undefined) separator = detectSeparator(text, headers.dataStart, headers.dataLine, file);

  const records = readRecords(text, headers.dataStart, headers.dataLine, separator, file, Infinity, true);

  const parsed: ParsedText = {
    separator,
    separatorDetected,
    html: headers.html,
    ignoredHeaders: headers.ignored,
    rows: records.rows,
    rowLines: records.rowLines,
    commentLines: records.commentLines,
    columnCount: 0,
  };
  if (headers.tagsColumn !== undefined) parsed.tagsColumn = headers.tagsColumn;
  if (headers.deck !== undefined) parsed.deck = headers.deck;
  if (headers.deckColumn !== undefined) parsed.deckColumn = headers.deckColumn;
  if (headers.notetype !== undefined) parsed.notetype = headers.notetype;
  if (headers.notetypeColumn !== undefined) parsed.notetypeColumn = headers.notetypeColumn;
  if (headers.guidColumn !== undefined) parsed.guidColumn = headers.guidColumn;
  if (headers.globalTags !== undefined) parsed.globalTags = headers.globalTags;
  if (headers.columns !== undefined) {
    // Read only now, with the separator the file turned out to use (Anki reads it with whatever came before it).
    const { value, line } = headers.columns;
    const names = readRecords(value, 0, line, separator, file, 1, false).rows[0] ?? [];
    parsed.columnNames = names.map((name) => name.trim());
  }

  let columnCount = parsed.columnNames?.length ?? 0;
  for (const row of parsed.rows) if (row.length > columnCount) columnCount = row.length;
  parsed.columnCount = columnCount;
  return parsed;
}

function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    // Strips a leading BOM (ignoreBOM is false by default).
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const where = offset < 0 ? '' : `line ${lineOfByte(bytes, offset)}`;
    const detail = offset < 0 ? '' : ` (byte 0x${(bytes[offset] ?? 0).toString(16).toUpperCase()} at offset ${offset})`;
    throw new ImportError({
      file,
      where,
      message: `not valid UTF-8 text${detail}; save the file as UTF-8 and import it again`,
    });
  }
}

/** Byte offset where the first malformed UTF-8 sequence starts, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    // The allowed range of the second byte excludes overlong forms, surrogates and code points past U+10FFFF.
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > n) return i;
    const second = bytes[i + 1] ?? 0;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k] ?? 0;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === LF || (b === CR && bytes[i + 1] !== LF)) line++;
  }
  return line;
}

/** What the header lines say: the ParsedText fields they give, as the file wrote them. */
interface Headers
  extends Pick<ParsedText, 'html' | 'tagsColumn' | 'deck' | 'deckColumn' | 'notetype' | 'notetypeColumn' | 'guidColumn' | 'globalTags'> {
  separator?: string;
  /** Raw `#columns:` value, split once the separator is known. */
  columns?: { value: string; line: number };
  ignored: string[];
  /** Where the rows begin: index in the text and its 1-based line. */
  dataStart: number;
  dataLine: number;
}

/** Reads the header lines at the top of the file: every line starting with `#`, and an old-style first `tags:` line. */
function readHeaders(text: string, file: string): Headers {
  const headers: Headers = { html: null, ignored: [], dataStart: 0, dataLine: 1 };
  let i = 0;
  let line = 1;
  if (text.startsWith('tags:')) {
    const end = endOfLine(text, 0);
    headers.globalTags = splitTags(text.slice('tags:'.length, end));
    i = afterLineEnd(text, end);
    line++;
  }
  while (i < text.length && text.charCodeAt(i) === HASH) {
    const end = endOfLine(text, i);
    readHeader(text.slice(i + 1, end), line, headers, file);
    i = afterLineEnd(text, end);
    line++;
  }
  headers.dataStart = i;
  headers.dataLine = line;
  return headers;
}

function readHeader(body: string, line: number, headers: Headers, file: string): void {
  const colon = body.indexOf(':');
  // A `#` line without a colon is a comment (Anki skips it too).
  if (colon < 0) return;
  const key = body.slice(0, colon).trim().toLowerCase();
  const rawValue = body.slice(colon + 1);
  const value = rawValue.trim();
  const where = `line ${line}`;
  const fail = (message: string): never => {
    throw new ImportError({ file, where, message });
  };
  const nonEmpty = (): string => (value === '' ? fail(`the "#${key}:" header has no value`) : value);
  switch (key) {
    case 'separator':
      headers.separator = separatorFromHeader(rawValue) ?? fail(
        `unknown separator "${rawValue}": use Comma, Semicolon, Tab, Space, Pipe, Colon or a single character`,
      );
      return;
    case 'html':
      if (value.toLowerCase() === 'true') headers.html = true;
      else if (value.toLowerCase() === 'false') headers.html = false;
      else fail(`"#html:" must be true or false, not "${value}"`);
      return;
    case 'tags':
      headers.globalTags = splitTags(value);
      return;
    case 'columns':
      headers.columns = { value: rawValue, line };
      return;
    case 'deck':
      headers.deck = nonEmpty();
      return;
    case 'notetype':
      headers.notetype = nonEmpty();
      return;
    case 'tags column':
      headers.tagsColumn = columnNumber(value, key, fail);
      return;
    case 'deck column':
      headers.deckColumn = columnNumber(value, key, fail);
      return;
    case 'notetype column':
      headers.notetypeColumn = columnNumber(value, key, fail);
      return;
    case 'guid column':
      headers.guidColumn = columnNumber(value, key, fail);
      return;
    default:
      headers.ignored.push(`#${body}`);
  }
}

function separatorFromHeader(rawValue: string): string | undefined {
  // A literal character is taken as written, so that `#separator: ` means a space and `#separator:\t` a tab.
  if (rawValue.length === 1) return usableSeparator(rawValue);
  const value = rawValue.trim();
  const named = NAMED_SEPARATORS.find(([name]) => name === value.toLowerCase());
  if (named) return named[1];
  return value.length === 1 ? usableSeparator(value) : undefined;
}

function usableSeparator(char: string): string | undefined {
  // Quotes and line breaks already mean something; a lone surrogate half is not a character.
  const code = char.charCodeAt(0);
  if (code === QUOTE || code === LF || code === CR || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return char;
}

function columnNumber(value: string, key: string, fail: (message: string) => never): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) fail(`"#${key}:" must be a column number from 1, not "${value}"`);
  return n;
}

function splitTags(text: string): string[] {
  const tags: string[] = [];
  for (const tag of text.split(/\s+/)) if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  return tags;
}

/** Index of the line break (or end of text) ending the line that contains `i`. */
function endOfLine(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
    i++;
  }
  return n;
}

/** Index after the line break at `i` (CRLF counts as one), or `i` at the end of the text. */
function afterLineEnd(text: string, i: number): number {
  if (i >= text.length) return i;
  return text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
}

/**
 * Guesses the separator from the first rows: the first of Anki's candidates (tab, pipe, semicolon, colon, comma, space)
 * that splits every sampled row into the same number (>1) of fields. Anki itself takes the first candidate that occurs
 * at all, which picks the colon for `Time,10:30`; that is kept only as the fallback when no candidate is consistent.
 */
function detectSeparator(text: string, start: number, line: number, file: string): string {
  for (const [, candidate] of NAMED_SEPARATORS) {
    const counts = sampleFieldCounts(text, start, line, candidate, file);
    const first = counts[0];
    if (first !== undefined && first > 1 && counts.every((count) => count === first)) return candidate;
  }
  const sample = text.slice(start, start + DETECTION_CHARS);
  const present = NAMED_SEPARATORS.find(([, char]) => sample.includes(char));
  // Anki falls back to the space, which would split a one-column file wherever a later line has one; a tab does not.
  return present ? present[1] : '\t';
}

function sampleFieldCounts(text: string, start: number, line: number, separator: string, file: string): number[] {
  try {
    return readRecords(text, start, line, separator, file, DETECTION_ROWS, true).rows.map((row) => row.length);
  } catch (error) {
    // An unclosed quote is reported by the real parse; for guessing, it says nothing about the separator.
    if (error instanceof ImportError) return [];
    throw error;
  }
}

interface RecordsRead {
  rows: string[][];
  rowLines: number[];
  commentLines: number[];
}

/**
 * Reads up to `limit` records from `start`. Fields in double quotes may hold separators, line breaks and doubled
 * quotes; a quote elsewhere in a field is an ordinary character. Blank lines are skipped and, with `comments`, lines
 * starting with `#` are comments, as in Anki. Strings are sliced from the text, never built a character at a time.
 */
function readRecords(
  text: string,
  start: number,
  firstLine: number,
  separator: string,
  file: string,
  limit: number,
  comments: boolean,
): RecordsRead {
  const sep = separator.charCodeAt(0);
  const n = text.length;
  const rows: string[][] = [];
  const rowLines: number[] = [];
  const commentLines: number[] = [];
  let i = start;
  let line = firstLine;
  while (i < n && rows.length < limit) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      i = afterLineEnd(text, i);
      line++;
      continue;
    }
    if (c === HASH && comments) {
      commentLines.push(line);
      i = afterLineEnd(text, endOfLine(text, i));
      line++;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      if (i < n && text.charCodeAt(i) === QUOTE) {
        const quoted = readQuoted(text, i, line, fields.length + 1, file);
        line = quoted.line;
        // Like Anki's reader, text between the closing quote and the separator is kept rather than refused.
        const tailEnd = scanUnquoted(text, quoted.end, sep);
        fields.push(tailEnd > quoted.end ? quoted.value + text.slice(quoted.end, tailEnd) : quoted.value);
        i = tailEnd;
      } else {
        const end = scanUnquoted(text, i, sep);
        fields.push(text.slice(i, end));
        i = end;
      }
      if (i < n && text.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      break;
    }
    if (i < n) {
      i = afterLineEnd(text, i);
      line++;
    }
    rows.push(fields);
    rowLines.push(recordLine);
  }
  return { rows, rowLines, commentLines };
}

function scanUnquoted(text: string, i: number, sep: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === sep || c === LF || c === CR) return i;
    i++;
  }
  return n;
}

/** Reads the quoted field whose opening quote is at `open`; `line` is the line it starts on. */
function readQuoted(
  text: string,
  open: number,
  line: number,
  fieldNumber: number,
  file: string,
): { value: string; end: number; line: number } {
  const startLine = line;
  let pieces: string[] | undefined;
  let i = open + 1;
  let segmentStart = i;
  for (;;) {
    const close = text.indexOf('"', i);
    if (close < 0) {
      throw new ImportError({
        file,
        where: `line ${startLine}`,
        message: `field ${fieldNumber} opens a quote (") that is never closed`,
      });
    }
    line += countLineBreaks(text, i, close);
    if (text.charCodeAt(close + 1) === QUOTE) {
      // A doubled quote stands for one quote: keep the text up to and including the first of the two.
      (pieces ??= []).push(text.slice(segmentStart, close + 1));
      i = close + 2;
      segmentStart = i;
      continue;
    }
    const last = text.slice(segmentStart, close);
    if (pieces) pieces.push(last);
    return { value: pieces ? pieces.join('') : last, end: close + 1, line };
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) breaks++;
  }
  return breaks;
}

/**
 * Anki's default mapping, 0-based: header columns as the file names them, otherwise Front and Back are the first two
 * columns that no header claims (by `#columns:` name when it has `Front`/`Back`), tags the next free one after them.
 */
export function suggestColumns(parsed: ParsedText): TextColumns {
  const claimed = new Set<number>();
  for (const column of [parsed.tagsColumn, parsed.deckColumn, parsed.notetypeColumn, parsed.guidColumn]) {
    if (column !== undefined) claimed.add(column - 1);
  }
  const free: number[] = [];
  for (let c = 0; c < parsed.columnCount; c++) if (!claimed.has(c)) free.push(c);
  const named = (name: string): number | undefined => {
    const index = parsed.columnNames?.findIndex((label) => label.trim().toLowerCase() === name) ?? -1;
    return index >= 0 && !claimed.has(index) ? index : undefined;
  };
  // A column named Back is not taken for the front, nor one named Front for the back: the two never coincide.
  const namedBack = named('back');
  const front = named('front') ?? free.find((c) => c !== namedBack) ?? (namedBack === 0 ? 1 : 0);
  const back = namedBack ?? free.find((c) => c !== front) ?? front + 1;
  const columns: TextColumns = { front, back };
  const tags =
    parsed.tagsColumn !== undefined
      ? parsed.tagsColumn - 1
      : free.find((c) => c > Math.max(front, back));
  if (tags !== undefined) columns.tags = tags;
  if (parsed.deckColumn !== undefined) columns.deck = parsed.deckColumn - 1;
  if (parsed.guidColumn !== undefined) columns.guid = parsed.guidColumn - 1;
  return columns;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows to notes

const BASIC_NOTETYPE: ImportedNotetype = {
  id: TEXT_NOTETYPE_ID,
  name: 'Basic',
  kind: 'standard',
  fields: ['Front', 'Back'],
  templates: [{ name: 'Card 1', front: '{{Front}}', back: '{{FrontSide}}<hr id=answer>{{Back}}' }],
  css: '',
};

/** A few tags that plain text does not contain but formatted fields do; `a < b` alone is not HTML. */
const HTML_TAG =
  /<\/?(?:a|b|i|u|s|br|hr|div|p|span|img|font|strong|em|sub|sup|ul|ol|li|table|tr|td|th|code|pre|h[1-6]|audio|video|ruby|rt|blockquote|small|big|mark)(?=[\s/>])[^<>]*>/i;

export function textToBundle(parsed: ParsedText, options: TextImportOptions): ImportBundle {
  const { file, columns } = options;
  checkColumns(columns, file);
  if (options.deckName.trim() === '') {
    throw new ImportError({ file, where: '', message: 'no deck to import into: choose a deck name' });
  }
  const firstRow = options.firstRowIsHeader ? 1 : 0;
  if (parsed.rows.length <= firstRow) throw new ImportError({ file, where: '', message: 'no rows to import' });

  const html = options.html ?? parsed.html ?? looksLikeHtml(parsed.rows, firstRow, columns);
  const mapped = mappedColumns(columns);
  const lastMapped = Math.max(...mapped.map(([, column]) => column));
  const globalTags = parsed.globalTags ?? [];

  const skipped: ImportProblem[] = parsed.commentLines.map((line) => ({
    file,
    where: `line ${line}`,
    message: 'starts with #, so it is read as a comment; put the first field in double quotes to import it',
  }));
  const decks = new Map<string, ImportedDeck>();
  const notes: ImportedNote[] = [];
  const cards: ImportedCard[] = [];
  /** Where each guid was first used, to skip later rows that would overwrite that note. */
  const guidLines = new Map<string, number>();

  for (let r = firstRow; r < parsed.rows.length; r++) {
    const row = parsed.rows[r] ?? [];
    const line = parsed.rowLines[r] ?? 0;
    const skip = (message: string): void => {
      skipped.push({ file, where: `line ${line}`, message });
    };
    if (row.length <= lastMapped) {
      const missing = mapped.filter(([, column]) => column >= row.length).map(([what, c]) => `${c + 1} (${what})`);
      const mappedText = missing.length === 1 ? `column ${missing.join('')} is` : `columns ${missing.join(', ')} are`;
      skip(`has ${plural(row.length, 'column')}, but ${mappedText} mapped; row skipped`);
      continue;
    }
    const frontCell = row[columns.front] ?? '';
    if (frontCell.trim() === '') {
      skip(`the front (column ${columns.front + 1}) is empty; row skipped`);
      continue;
    }
    const deckCell = columns.deck === undefined ? '' : (row[columns.deck] ?? '').trim();
    const deckName = deckCell === '' ? options.deckName.trim() : deckCell;
    const guidCell = columns.guid === undefined ? '' : (row[columns.guid] ?? '').trim();
    const guid = guidCell === '' ? `text-${stableHash([deckName, frontCell])}` : guidCell;
    const firstLine = guidLines.get(guid);
    if (firstLine !== undefined) {
      skip(
        guidCell === ''
          ? `same front as line ${firstLine} in deck "${deckName}"; the first is kept, this row skipped`
          : `guid "${guid}" is already used on line ${firstLine}; the first is kept, this row skipped`,
      );
      continue;
    }
    guidLines.set(guid, line);

    let deck = decks.get(deckName);
    if (!deck) {
      deck = { id: `text:${deckName}`, name: deckName };
      decks.set(deckName, deck);
    }
    const tags = [...globalTags];
    if (columns.tags !== undefined) {
      for (const tag of splitTags(row[columns.tags] ?? '')) if (!tags.includes(tag)) tags.push(tag);
    }
    const back = row[columns.back] ?? '';
    notes.push({
      guid,
      notetypeId: TEXT_NOTETYPE_ID,
      fields: html ? [frontCell, back] : [plainToHtml(frontCell), plainToHtml(back)],
      tags,
    });
    cards.push({ noteGuid: guid, ord: 0, deckId: deck.id, suspended: false, reviews: [], newPosition: cards.length });
  }

  return {
    file,
    format: 'csv',
    notetypes: [BASIC_NOTETYPE],
    decks: [...decks.values()],
    notes,
    cards,
    media: [],
    skipped,
  };
}

function mappedColumns(columns: TextColumns): Array<[what: string, column: number]> {
  const mapped: Array<[string, number]> = [
    ['front', columns.front],
    ['back', columns.back],
  ];
  if (columns.tags !== undefined) mapped.push(['tags', columns.tags]);
  if (columns.deck !== undefined) mapped.push(['deck', columns.deck]);
  if (columns.guid !== undefined) mapped.push(['guid', columns.guid]);
  return mapped;
}

function checkColumns(columns: TextColumns, file: string): void {
  const usedBy = new Map<number, string>();
  for (const [what, column] of mappedColumns(columns)) {
    const fail = (message: string): never => {
      throw new ImportError({ file, where: 'column mapping', message });
    };
    if (!Number.isSafeInteger(column) || column < 0) fail(`the ${what} column must be a column of the file`);
    const other = usedBy.get(column);
    if (other !== undefined) fail(`column ${column + 1} is mapped to both ${other} and ${what}`);
    usedBy.set(column, what);
  }
}

function looksLikeHtml(rows: string[][], firstRow: number, columns: TextColumns): boolean {
  for (let r = firstRow; r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (HTML_TAG.test(row[columns.front] ?? '') || HTML_TAG.test(row[columns.back] ?? '')) return true;
  }
  return false;
}

/** Plain text as HTML that shows the same characters, each line break as `<br>`. */
function plainToHtml(text: string): string {
  return text.replace(/[&<>"]|\r\n?|\n/g, (match) => {
    switch (match) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '<br>';
    }
  });
}

/**
 * 64 bits from two independent 32-bit hashes (FNV-1a and a multiply-xorshift one) over the parts, each followed by a
 * 0 code unit so that ("ab", "c") and ("a", "bc") differ. 32 bits alone would be expected to collide about once among
 * 100,000 notes, and a collision here would skip a note as a duplicate.
 */
function stableHash(parts: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (const part of parts) {
    for (let i = 0; i <= part.length; i++) {
      const c = i < part.length ? part.charCodeAt(i) : 0;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
  }
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/**
 * Writes rows as Anki-compatible text: `#key:value` header lines (a `#separator:` one first unless given), then one
 * line per row. A field is quoted only when it must be: it holds the separator, a quote or a line break, or it starts
 * a row with `#` (a comment otherwise). A row of one empty field is written as `""` so that it is not a blank line.
 */
export function formatDelimitedText(rows: string[][], separator: string, headers: Record<string, string>): string {
  if (separator.length !== 1 || usableSeparator(separator) === undefined) {
    throw new RangeError(`cannot write with separator ${JSON.stringify(separator)}`);
  }
  const lines: string[] = [];
  const hasSeparatorHeader = Object.keys(headers).some((key) => key.trim().toLowerCase() === 'separator');
  if (!hasSeparatorHeader) {
    const named = NAMED_SEPARATORS.find(([, char]) => char === separator);
    lines.push(`#separator:${named ? named[0] : separator}`);
  }
  for (const [key, value] of Object.entries(headers)) {
    if (/[\r\n:]/.test(key) || /[\r\n]/.test(value)) {
      throw new RangeError(`cannot write header ${JSON.stringify(key)}: ${JSON.stringify(value)} on one line`);
    }
    lines.push(`#${key}:${value}`);
  }
  for (const row of rows) {
    if (row.length === 0 || (row.length === 1 && row[0] === '')) {
      lines.push('""');
      continue;
    }
    lines.push(
      row.map((field, index) => (needsQuotes(field, separator, index === 0) ? quote(field) : field)).join(separator),
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function needsQuotes(field: string, separator: string, startsRow: boolean): boolean {
  // A line starting with # is a comment: so is one whose first field is empty when # is the separator.
  if (startsRow && (field.charCodeAt(0) === HASH || (field === '' && separator === '#'))) return true;
  return field.includes(separator) || field.includes('\n') || field.includes('\r') || field.includes('"');
}

function quote(field: string): string {
  return `"${field.replaceAll('"', '""')}"`;
}
