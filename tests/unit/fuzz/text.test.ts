// Fuzzing delimited text (src/core/import/text.ts): any text or bytes parse into consistent rows or are refused with
// an ImportError naming the file; any mapping of the columns gives a well-formed bundle in which every data row is
// either a note or listed as skipped; and what formatDelimitedText writes reads back as the same rows.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { formatDelimitedText, parseDelimitedText, suggestColumns, textToBundle, type ParsedText, type TextColumns } from '../../../src/core/import/text';
import {
  acceptedOrImportError,
  anyChar,
  anyString,
  fuzzFamily,
  latin1,
  mutateText,
  offsetsOf,
  SPECIAL_SNIPPETS,
  textOps,
  type Outcome,
} from './arbitraries';
import { expectWellFormedBundle } from './well-formed';

const FILE = 'fuzz.csv';
const { property } = fuzzFamily('text');

/** Rows are consistent with each other and with the headers: what the preview and the mapping rely on. */
function expectConsistent(parsed: ParsedText): void {
  expect(parsed.separator).toHaveLength(1);
  expect(['"', '\n', '\r']).not.toContain(parsed.separator);
  expect(parsed.rowLines).toHaveLength(parsed.rows.length);
  // Plain checks in the loops, expect only on failure: some inputs have thousands of rows.
  let previous = 0;
  for (const line of parsed.rowLines) {
    if (!Number.isSafeInteger(line) || line <= previous) expect.fail(`row line ${line} after ${previous}`);
    previous = line;
  }
  for (const row of parsed.rows) {
    if (row.length === 0 || !row.every((field) => typeof field === 'string')) expect.fail(`row ${JSON.stringify(row)}`);
  }
  const widest = Math.max(0, parsed.columnNames?.length ?? 0, ...parsed.rows.map((row) => row.length));
  expect(parsed.columnCount).toBe(widest);
  for (const column of [parsed.tagsColumn, parsed.deckColumn, parsed.notetypeColumn, parsed.guidColumn]) {
    if (column !== undefined) expect(Number.isSafeInteger(column) && column >= 1).toBe(true);
  }
  expect([null, true, false]).toContain(parsed.html);
}

/** The suggested mapping: distinct, non-negative column numbers. */
function expectSensibleSuggestion(columns: TextColumns): void {
  const mapped = [columns.front, columns.back, columns.tags, columns.deck, columns.guid].filter((c) => c !== undefined);
  for (const c of mapped) expect(Number.isSafeInteger(c) && c >= 0).toBe(true);
  expect(columns.front).not.toBe(columns.back);
}

interface Mapping {
  firstRowIsHeader: boolean;
  /** Undefined: take the suggested mapping, as the import screen starts with. */
  columns: TextColumns | undefined;
  deckName: string;
  html: boolean | undefined;
}

const column = fc.integer({ min: 0, max: 5 });
const distinctColumns = fc.uniqueArray(column, { minLength: 2, maxLength: 5 }).map(([front, back, tags, deck, guid]): TextColumns => ({
  front: front!, back: back!, ...(tags === undefined ? {} : { tags }), ...(deck === undefined ? {} : { deck }), ...(guid === undefined ? {} : { guid }),
}));
// Mostly what a user would do (the suggestion, a deck name), sometimes not: a mapping that collides, a blank name.
const mapping: fc.Arbitrary<Mapping> = fc.record({
  firstRowIsHeader: fc.boolean(),
  columns: fc.oneof(
    { weight: 5, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: distinctColumns },
    { weight: 1, arbitrary: fc.record({ front: column, back: column, tags: fc.option(column, { nil: undefined }) }) },
  ),
  deckName: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('Imported', 'Parent::Child', 'é 亚太化') },
    { weight: 1, arbitrary: fc.constantFrom('  ', '') },
    { weight: 2, arbitrary: anyString(20) },
  ),
  html: fc.option(fc.boolean(), { nil: undefined }),
});

/** Parses, then maps the columns: every step either refuses with an ImportError or gives a well-formed result. */
function parseAndMap(input: string | Uint8Array, m: Mapping, echo: string): Outcome {
  const parsed = acceptedOrImportError(() => parseDelimitedText(input, FILE), FILE, echo);
  if (parsed === undefined) return 'refused';
  expectConsistent(parsed);
  const suggested = suggestColumns(parsed);
  expectSensibleSuggestion(suggested);
  const options = { file: FILE, firstRowIsHeader: m.firstRowIsHeader, columns: m.columns ?? suggested, deckName: m.deckName, ...(m.html === undefined ? {} : { html: m.html }) };
  const bundle = acceptedOrImportError(() => textToBundle(parsed, options), FILE, echo);
  if (bundle === undefined) return 'refused';
  expectWellFormedBundle(bundle, echo);
  // No row is lost without a word: each data row became a note or is listed as skipped.
  const skippedRows = bundle.skipped.filter((p) => p.message.endsWith('row skipped')).length;
  expect(bundle.notes.length + skippedRows).toBe(parsed.rows.length - (m.firstRowIsHeader ? 1 : 0));
  expect(bundle.cards).toHaveLength(bundle.notes.length);
  for (const note of bundle.notes) if (!note.fields[0]?.trim()) expect.fail(`note ${note.guid} with an empty front`);
  return 'accepted';
}

/** Text built from the pieces delimited files are made of, so that most inputs have rows, quotes and headers. */
const delimitedText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_SNIPPETS) },
      { weight: 4, arbitrary: fc.constantFrom('front', 'back', 'a', 'b c', '"quoted, field"', '"multi\nline"', 'x""y', '#', '#html:false\n') },
      { weight: 2, arbitrary: anyString(6) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** One piece many times: a parser that is quadratic somewhere (rescanning, backtracking) takes seconds on these. */
const repeated = fc
  .tuple(fc.constantFrom('"', '""', '"a"b,', '<b ', '<b>', '\r', '\n', '#x:y\n', ',', '\t"', 'a\n#\n', '{{c1::'), fc.integer({ min: 1, max: 10_000 }))
  .map(([piece, n]) => piece.repeat(n));

/** Valid files of the kinds Anki writes and people make, for the mutations to start from. */
const BASE_FILES = [
  '#separator:tab\n#html:true\n#tags column:3\n#deck column:4\n#guid column:5\nfront\tback <b>bold</b>\ttag1 tag2\tDeck::Sub\tg1\n"two\nlines"\t"a ""quote"""\t\tDeck\tg2\n',
  'Front,Back,Tags\nhola,hello,es\n"adiós, amigo",goodbye,\n"x ""y"" z",w,t\n',
  '#separator:Semicolon\n#columns:Front;Back;Extra\n#notetype:Basic\n#deck:Spanish\ntags: global\nuno;one;1\ndos;two;2\n',
  '\uFEFFq|a\r\nq2|a2\r\n# a comment\r\nq3|a3|extra\r\n',
  'only one column\nsecond line\n\n\nthird\n',
];

const mutatedFile = fc.tuple(fc.nat({ max: BASE_FILES.length - 1 }), textOps).map(([i, ops]) => {
  const base = BASE_FILES[i]!;
  return mutateText(base, ops, offsetsOf(base, '\n\r\t,;|:"#'));
});

/** Bytes that are mostly UTF-8 text, with a stray or cut-short sequence now and then. */
const mostlyUtf8 = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(delimitedText, fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0x80, max: 0xff }) }), { maxLength: 3 })).map(([text, strays]) => {
    const bytes = Array.from(new TextEncoder().encode(text));
    for (const { at, byte } of strays) bytes.splice(at % (bytes.length + 1), 0, byte);
    return Uint8Array.from(bytes);
  }),
);

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Separators formatDelimitedText accepts: Anki's named ones and any other single character but a quote or line break.
const separator = fc.oneof(
  fc.constantFrom(',', '\t', ';', '|', ':', ' ', '#', '~', '\u0000', 'é'),
  anyChar.filter((c) => c.length === 1 && !/["\r\n\ud800-\udfff]/.test(c)),
);

describe('delimited text, fuzzed', () => {
  property('parseDelimitedText: arbitrary text', fc.tuple(fc.oneof({ weight: 4, arbitrary: delimitedText }, { weight: 2, arbitrary: anyString(300) }, { weight: 1, arbitrary: repeated }), mapping), ([text, m]) => parseAndMap(text, m, text), { timeoutMs: 30_000 });

  property('parseDelimitedText: arbitrary bytes', fc.tuple(mostlyUtf8, mapping), ([bytes, m]) => {
    let valid = true;
    try {
      utf8.decode(bytes);
    } catch {
      valid = false;
    }
    const outcome = parseAndMap(bytes, m, latin1(bytes));
    // Bytes that are not UTF-8 are always refused, saying so, at the offset where the valid prefix ends.
    if (!valid) {
      expect(outcome).toBe('refused');
      try {
        parseDelimitedText(bytes, FILE);
      } catch (error) {
        const message = (error as Error).message;
        expect(message).toContain('not valid UTF-8');
        const offset = Number(/at offset (\d+)/.exec(message)?.[1]);
        expect(Number.isSafeInteger(offset)).toBe(true);
        expect(() => utf8.decode(bytes.subarray(0, offset))).not.toThrow();
        expect(() => utf8.decode(bytes.subarray(offset))).toThrow();
      }
    }
    return outcome;
  }, { timeoutMs: 30_000, bothOutcomes: true });

  property('parseDelimitedText + textToBundle: mutated files', fc.tuple(mutatedFile, mapping, fc.boolean()), ([text, m, asBytes]) => {
    return parseAndMap(asBytes ? new TextEncoder().encode(text) : text, m, text);
  }, { timeoutMs: 30_000, bothOutcomes: true });

  property('formatDelimitedText round trip', fc.tuple(
    fc.array(fc.array(fc.oneof(anyString(12), fc.constantFrom('', '#', '#x', '"', 'a,b', '\n', ' ')), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
    separator,
  ), ([rows, sep]) => {
    const written = formatDelimitedText(rows, sep, { html: 'false' });
    const parsed = parseDelimitedText(written, FILE);
    expect(parsed.separator).toBe(sep);
    expect(parsed.rows).toEqual(rows);
  }, { timeoutMs: 30_000 });
});
