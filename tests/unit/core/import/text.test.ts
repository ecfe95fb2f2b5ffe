import { describe, expect, it } from 'vitest';
import { ImportError, type ImportProblem } from '../../../../src/core/import/bundle';
import {
  formatDelimitedText,
  parseDelimitedText,
  suggestColumns,
  textToBundle,
  type ParsedText,
  type TextImportOptions,
} from '../../../../src/core/import/text';

const FILE = 'cards.csv';

function parse(text: string | Uint8Array): ParsedText {
  return parseDelimitedText(text, FILE);
}

/** The ImportProblem of the ImportError that `run` throws (fails the test if it throws anything else). */
function problemOf(run: () => unknown): ImportProblem {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return (error as ImportError).problem;
  }
  throw new Error('expected an ImportError');
}

function options(overrides: Partial<TextImportOptions> = {}): TextImportOptions {
  return { file: FILE, firstRowIsHeader: false, columns: { front: 0, back: 1 }, deckName: 'Imported', ...overrides };
}

describe('parseDelimitedText: separators', () => {
  it.each([
    ['Comma', ','],
    ['semicolon', ';'],
    ['TAB', '\t'],
    ['Space', ' '],
    ['pipe', '|'],
    ['colon', ':'],
  ])('takes the separator named %s from the header', (name, char) => {
    const parsed = parse(`#separator:${name}\na${char}b${char}c\n`);
    expect(parsed.separator).toBe(char);
    expect(parsed.separatorDetected).toBe(false);
    expect(parsed.rows).toEqual([['a', 'b', 'c']]);
  });

  it('takes a literal character, including a space or a tab written as is', () => {
    expect(parse('#separator:;\na;b\n').rows).toEqual([['a', 'b']]);
    expect(parse('#separator: \na b\n').separator).toBe(' ');
    expect(parse('#separator:\t\na\tb\n').separator).toBe('\t');
    expect(parse('#separator:~\na~b,c\n').rows).toEqual([['a', 'b,c']]);
  });

  it('refuses a separator it cannot use, naming the header line', () => {
    const problem = problemOf(() => parse('#html:false\n#separator:dash\na-b\n'));
    expect(problem).toMatchObject({ file: FILE, where: 'line 2' });
    expect(problem.message).toContain('dash');
    expect(problemOf(() => parse('#separator:"\na"b\n')).where).toBe('line 1');
  });

  it.each([
    ['tab', 'front\tback, with comma\nf2\tb2\n', '\t'],
    ['pipe', 'front|back\nf2|b2\n', '|'],
    ['semicolon', 'front;back, with comma\nf2;b2\n', ';'],
    ['colon', 'front:back\nf2:b2\n', ':'],
    ['comma', 'front,back\nf2,b2\n', ','],
    ['space', 'front back\nf2 b2\n', ' '],
  ])('detects the %s separator', (_name, text, char) => {
    const parsed = parse(text);
    expect(parsed.separator).toBe(char);
    expect(parsed.separatorDetected).toBe(true);
    expect(parsed.rows).toHaveLength(2);
    expect(parsed.rows[1]).toEqual(['f2', 'b2']);
  });

  it('prefers a separator that splits every row alike over an earlier one that occurs by chance', () => {
    // Anki's order tries the colon before the comma; only the comma gives each row the same number of fields.
    const parsed = parse('Meeting,10:30\nLunch,noon\nDinner,19:00\n');
    expect(parsed.separator).toBe(',');
    expect(parsed.rows).toEqual([
      ['Meeting', '10:30'],
      ['Lunch', 'noon'],
      ['Dinner', '19:00'],
    ]);
  });

  it('detects past separators inside quoted fields', () => {
    expect(parse('"a;b",c\n"d;e",f\n').separator).toBe(',');
  });

  it('falls back to the first candidate that occurs, and to a tab when none does', () => {
    expect(parse('a;b\nc;d;e\n').separator).toBe(';');
    const single = parse('one\ntwo\n');
    expect(single.separator).toBe('\t');
    expect(single.rows).toEqual([['one'], ['two']]);
  });

  it('detects from the rows, not the header lines', () => {
    const parsed = parse('#deck:A;B\na,b\n');
    expect(parsed.separator).toBe(',');
    expect(parsed.deck).toBe('A;B');
  });
});

describe('parseDelimitedText: headers', () => {
  it('reads every header Anki writes, with 1-based column numbers', () => {
    const parsed = parse(
      [
        '#separator:tab',
        '#html:true',
        '#guid column:1',
        '#notetype column:2',
        '#deck column:3',
        '#tags column:6',
        'g1\tBasic\tA::B\tfront\tback\ttag1 tag2',
      ].join('\n'),
    );
    expect(parsed).toMatchObject({
      html: true,
      guidColumn: 1,
      notetypeColumn: 2,
      deckColumn: 3,
      tagsColumn: 6,
      rowLines: [7],
      columnCount: 6,
      ignoredHeaders: [],
    });
  });

  it('reads #deck, #notetype, #html:false and keys in any case', () => {
    const parsed = parse('#Deck: Spanish::Verbs \n#NOTETYPE:Basic\n#HTML:False\na,b\n');
    expect(parsed.deck).toBe('Spanish::Verbs');
    expect(parsed.notetype).toBe('Basic');
    expect(parsed.html).toBe(false);
  });

  it('leaves html null when the file does not say', () => {
    expect(parse('a,b\n').html).toBeNull();
  });

  it('refuses an html value that is neither true nor false', () => {
    expect(problemOf(() => parse('#html:maybe\na,b\n'))).toMatchObject({ where: 'line 1' });
  });

  it('refuses a column number that is not a positive integer', () => {
    const problem = problemOf(() => parse('#separator:comma\n#tags column:zero\na,b\n'));
    expect(problem.where).toBe('line 2');
    expect(problem.message).toContain('tags column');
    expect(problemOf(() => parse('#deck column:0\na,b\n')).where).toBe('line 1');
  });

  it('splits #columns with the separator, even one named after it or detected', () => {
    expect(parse('#columns:Front|Back|Tags\n#separator:pipe\na|b|c\n').columnNames).toEqual(['Front', 'Back', 'Tags']);
    expect(parse('#columns:Front;"Back; long";Tags\na;b;c\n').columnNames).toEqual(['Front', 'Back; long', 'Tags']);
  });

  it('counts named columns in columnCount', () => {
    expect(parse('#separator:comma\n#columns:a,b,c,d\nx,y\n').columnCount).toBe(4);
  });

  it('lists unknown headers and skips # lines without a colon', () => {
    const parsed = parse('#if matches:update current\n# a note to self\n#match scope:notetype\na,b\n');
    expect(parsed.ignoredHeaders).toEqual(['#if matches:update current', '#match scope:notetype']);
    expect(parsed.rows).toEqual([['a', 'b']]);
    expect(parsed.rowLines).toEqual([4]);
  });

  it('reads global tags from #tags and from an old-style first line', () => {
    expect(parse('#tags:vocab  week1\na,b\n').globalTags).toEqual(['vocab', 'week1']);
    const old = parse('tags:old style\n#separator:comma\na,b\n');
    expect(old.globalTags).toEqual(['old', 'style']);
    expect(old.separator).toBe(',');
    expect(old.rows).toEqual([['a', 'b']]);
  });

  it('reads headers only at the top: later # lines are comments with their line numbers', () => {
    const parsed = parse('#separator:comma\na,b\n#deck:Later\nc,d\n');
    expect(parsed.deck).toBeUndefined();
    expect(parsed.rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parsed.commentLines).toEqual([3]);
    expect(parsed.rowLines).toEqual([2, 4]);
  });
});

describe('parseDelimitedText: quoting and line ends', () => {
  it('keeps separators, line breaks and doubled quotes inside quoted fields', () => {
    const parsed = parse('#separator:comma\n"a, b","line 1\nline 2","say ""hi"""\nnext,row,here\n');
    expect(parsed.rows).toEqual([
      ['a, b', 'line 1\nline 2', 'say "hi"'],
      ['next', 'row', 'here'],
    ]);
    expect(parsed.rowLines).toEqual([2, 4]);
  });

  it('reads empty and quoted-empty fields, and a trailing separator as an empty last field', () => {
    expect(parse('#separator:comma\n"",x,\n,,\n').rows).toEqual([
      ['', 'x', ''],
      ['', '', ''],
    ]);
  });

  it('treats a quote inside an unquoted field as a character, and keeps text after a closing quote', () => {
    expect(parse('#separator:comma\n5" screen,ok\n"ab"cd,e\n').rows).toEqual([
      ['5" screen', 'ok'],
      ['abcd', 'e'],
    ]);
  });

  it('reports an unclosed quote at the line where its field starts', () => {
    const problem = problemOf(() => parse('#separator:comma\na,b\nc,"d\ne,f\ng,h\n'));
    expect(problem).toMatchObject({ file: FILE, where: 'line 3' });
    expect(problem.message).toContain('field 2');
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('reads %s line ends, with line numbers past multi-line fields', (_name, eol) => {
    const text = ['#separator:comma', 'a,b', '', '"multi', 'line",c', 'd,e'].join(eol) + eol;
    const parsed = parse(text);
    expect(parsed.rows).toEqual([
      ['a', 'b'],
      [`multi${eol}line`, 'c'],
      ['d', 'e'],
    ]);
    expect(parsed.rowLines).toEqual([2, 4, 6]);
  });

  it('reads a last row without a line end', () => {
    expect(parse('a,b\nc,d').rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('does not trim fields', () => {
    expect(parse('#separator:comma\n a , b \n').rows).toEqual([[' a ', ' b ']]);
  });
});

describe('parseDelimitedText: bytes', () => {
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

  it('decodes UTF-8 and drops a byte order mark before the headers', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('#separator:semicolon\nniño;café\n')]);
    const parsed = parse(bytes);
    expect(parsed.separator).toBe(';');
    expect(parsed.rows).toEqual([['niño', 'café']]);
    expect(parse('\ufeffa,b\n').rows).toEqual([['a', 'b']]);
  });

  it('reports text that is not UTF-8 with its line', () => {
    // "café" in Latin-1 on the third line.
    const bytes = new Uint8Array([...encode('a,b\r\nc,d\r\n'), 0x63, 0x61, 0x66, 0xe9, ...encode(',e\r\n')]);
    const problem = problemOf(() => parse(bytes));
    expect(problem).toMatchObject({ file: FILE, where: 'line 3' });
    expect(problem.message).toContain('UTF-8');
    expect(problem.message).toContain('offset 13');
  });

  it('refuses a truncated multi-byte character at the end', () => {
    const bytes = new Uint8Array([...encode('a,b\n'), 0xe2, 0x82]);
    expect(problemOf(() => parse(bytes)).where).toBe('line 2');
  });
});

describe('parseDelimitedText: size', () => {
  it('parses a 100,000-row file', () => {
    const lines: string[] = ['#separator:tab', '#html:false'];
    const filler = 'x'.repeat(180);
    for (let i = 0; i < 100_000; i++) {
      lines.push(i % 1000 === 0 ? `"front ${i}\nsecond line"\tback ${i} ""q""\t${filler}` : `front ${i}\tback ${i}\t${filler}`);
    }
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(20_000_000);
    const parsed = parse(text);
    expect(parsed.rows).toHaveLength(100_000);
    expect(parsed.rows[0]).toEqual(['front 0\nsecond line', 'back 0 ""q""', filler]);
    expect(parsed.rows[1]).toEqual(['front 1', 'back 1', filler]);
    expect(parsed.rows[99_999]).toEqual(['front 99999', 'back 99999', filler]);
    // Each quoted row takes two lines: 100 of them before the last row, after the 2 header lines.
    expect(parsed.rowLines[99_999]).toBe(2 + 100_000 + 100);
  });
});

describe('textToBundle', () => {
  it('makes one Basic note and one new card per row, in row order', () => {
    const bundle = textToBundle(parse('hola,hello\nadiós,goodbye\n'), options());
    expect(bundle).toMatchObject({ file: FILE, format: 'csv', media: [], skipped: [] });
    expect(bundle.notetypes).toEqual([
      {
        id: 'text-basic',
        name: 'Basic',
        kind: 'standard',
        fields: ['Front', 'Back'],
        templates: [{ name: 'Card 1', front: '{{Front}}', back: '{{FrontSide}}<hr id=answer>{{Back}}' }],
        css: '',
      },
    ]);
    expect(bundle.decks).toEqual([{ id: 'text:Imported', name: 'Imported' }]);
    expect(bundle.notes.map((note) => note.fields)).toEqual([
      ['hola', 'hello'],
      ['adiós', 'goodbye'],
    ]);
    expect(bundle.cards.map((card) => [card.noteGuid, card.ord, card.deckId, card.newPosition])).toEqual([
      [bundle.notes[0]?.guid, 0, 'text:Imported', 0],
      [bundle.notes[1]?.guid, 0, 'text:Imported', 1],
    ]);
    expect(bundle.cards.every((card) => card.reviews.length === 0 && !card.suspended)).toBe(true);
  });

  it('maps any columns to front, back and tags', () => {
    const parsed = parse('#separator:tab\nnoise\tA back\tA front\tverb  spanish\n');
    const bundle = textToBundle(parsed, options({ columns: { front: 2, back: 1, tags: 3 } }));
    expect(bundle.notes[0]).toMatchObject({ fields: ['A front', 'A back'], tags: ['verb', 'spanish'] });
  });

  it('skips the first row when it holds column titles', () => {
    const parsed = parse('Front,Back\nq,a\n');
    expect(textToBundle(parsed, options({ firstRowIsHeader: true })).notes.map((n) => n.fields)).toEqual([['q', 'a']]);
    expect(textToBundle(parsed, options({ firstRowIsHeader: false })).notes).toHaveLength(2);
  });

  it('puts each note in the deck its column names, keeping Parent::Child names whole', () => {
    const parsed = parse('#separator:tab\nLang::Spanish\tuno\tone\n\tdos\ttwo\nLang::French\tun\tone\n');
    const bundle = textToBundle(parsed, options({ columns: { front: 1, back: 2, deck: 0 }, deckName: 'Default' }));
    expect(bundle.decks).toEqual([
      { id: 'text:Lang::Spanish', name: 'Lang::Spanish' },
      { id: 'text:Default', name: 'Default' },
      { id: 'text:Lang::French', name: 'Lang::French' },
    ]);
    expect(bundle.cards.map((card) => card.deckId)).toEqual(['text:Lang::Spanish', 'text:Default', 'text:Lang::French']);
  });

  it('takes guids from the guid column', () => {
    const parsed = parse('#separator:comma\n#guid column:1\nabc123,q1,a1\nxyz789,q2,a2\n');
    const bundle = textToBundle(parsed, options({ columns: { guid: 0, front: 1, back: 2 } }));
    expect(bundle.notes.map((note) => note.guid)).toEqual(['abc123', 'xyz789']);
    expect(bundle.cards.map((card) => card.noteGuid)).toEqual(['abc123', 'xyz789']);
  });

  it('gives the same guids when the same file is imported again, different ones in another deck', () => {
    const text = 'q1,a1\nq2,a2\n';
    const first = textToBundle(parse(text), options()).notes.map((note) => note.guid);
    const again = textToBundle(parse(`${text}q3,a3\n`), options()).notes.map((note) => note.guid);
    const elsewhere = textToBundle(parse(text), options({ deckName: 'Other' })).notes.map((note) => note.guid);
    expect(new Set(first).size).toBe(2);
    expect(again.slice(0, 2)).toEqual(first);
    expect(elsewhere.some((guid) => first.includes(guid))).toBe(false);
  });

  it('skips rows with an empty front, too few columns or a repeated guid, saying which line and why', () => {
    const parsed = parse(
      ['#separator:comma', 'g1,q1,a1', 'g2,  ,a2', 'g3,q3', 'g1,q4,a4', 'g5,q5,a5'].join('\n'),
    );
    const bundle = textToBundle(parsed, options({ columns: { guid: 0, front: 1, back: 2 } }));
    expect(bundle.notes.map((note) => note.guid)).toEqual(['g1', 'g5']);
    expect(bundle.notes[0]?.fields).toEqual(['q1', 'a1']);
    expect(bundle.skipped.map((p) => [p.file, p.where])).toEqual([
      [FILE, 'line 3'],
      [FILE, 'line 4'],
      [FILE, 'line 5'],
    ]);
    expect(bundle.skipped[0]?.message).toContain('front');
    expect(bundle.skipped[1]?.message).toContain('has 2 columns, but column 3 (back) is mapped');
    expect(bundle.skipped[2]?.message).toContain('line 2');
  });

  it('skips a second row with the same front in the same deck', () => {
    const bundle = textToBundle(parse('q,a1\nq,a2\n'), options());
    expect(bundle.notes.map((note) => note.fields)).toEqual([['q', 'a1']]);
    expect(bundle.skipped).toEqual([expect.objectContaining({ where: 'line 2' })]);
    expect(bundle.skipped[0]?.message).toContain('line 1');
  });

  it('keeps the new-card order dense when rows are skipped', () => {
    const bundle = textToBundle(parse('q1,a1\n,a2\nq3,a3\n'), options());
    expect(bundle.cards.map((card) => card.newPosition)).toEqual([0, 1]);
  });

  it('reports comment lines among the rows', () => {
    const bundle = textToBundle(parse('#separator:comma\nq1,a1\n#hashtag,a2\n'), options());
    expect(bundle.notes).toHaveLength(1);
    expect(bundle.skipped).toEqual([expect.objectContaining({ where: 'line 3' })]);
  });

  it('refuses a file without data rows', () => {
    expect(problemOf(() => textToBundle(parse('#separator:comma\n\n'), options())).message).toBe('no rows to import');
    const titlesOnly = parse('Front,Back\n');
    expect(problemOf(() => textToBundle(titlesOnly, options({ firstRowIsHeader: true }))).message).toBe(
      'no rows to import',
    );
  });

  it('refuses a mapping that puts two things in one column', () => {
    const problem = problemOf(() => textToBundle(parse('a,b\n'), options({ columns: { front: 0, back: 0 } })));
    expect(problem.where).toBe('column mapping');
    expect(problem.message).toContain('column 1');
  });

  it('escapes plain text to HTML with line breaks as <br>', () => {
    const parsed = parse('#html:false\n"a < b & ""c""\nnext\r\nlast",x\n');
    expect(textToBundle(parsed, options()).notes[0]?.fields[0]).toBe('a &lt; b &amp; &quot;c&quot;<br>next<br>last');
  });

  it('keeps HTML as is when the file says so, when it looks like HTML, or when asked', () => {
    expect(textToBundle(parse('#html:true\na < b,x\n'), options()).notes[0]?.fields[0]).toBe('a < b');
    expect(textToBundle(parse('<b>bold</b>,x\nplain,y\n'), options()).notes[0]?.fields[0]).toBe('<b>bold</b>');
    expect(textToBundle(parse('line<br/>break,x\n'), options()).notes[0]?.fields[0]).toBe('line<br/>break');
    expect(textToBundle(parse('#html:true\n<i>x</i>,y\n'), options({ html: false })).notes[0]?.fields[0]).toBe(
      '&lt;i&gt;x&lt;/i&gt;',
    );
    expect(textToBundle(parse('a < b,c > d\n'), options()).notes[0]?.fields).toEqual(['a &lt; b', 'c &gt; d']);
  });

  it('adds the file-wide tags to every note', () => {
    const bundle = textToBundle(parse('#tags:week1\n#separator:comma\nq,a,own week1\n'), options({
      columns: { front: 0, back: 1, tags: 2 },
    }));
    expect(bundle.notes[0]?.tags).toEqual(['week1', 'own']);
  });
});

describe('suggestColumns', () => {
  it('maps the first free columns to front and back and the header columns as given', () => {
    const parsed = parse('#separator:tab\n#guid column:1\n#deck column:2\n#tags column:5\ng\td\tq\ta\tt\n');
    expect(suggestColumns(parsed)).toEqual({ guid: 0, deck: 1, front: 2, back: 3, tags: 4 });
  });

  it('uses #columns names Front and Back, and the next free column for tags', () => {
    expect(suggestColumns(parse('#columns:Back,Front,Tags\na,q,t\n'))).toEqual({ front: 1, back: 0, tags: 2 });
    expect(suggestColumns(parse('q,a\n'))).toEqual({ front: 0, back: 1 });
  });

  // Found by the fuzz tests (tests/unit/fuzz/text.test.ts): with a column named Back and none named Front, the
  // suggestion put the front in that same column, a mapping the import then refused.
  it('does not take the column named Back for the front', () => {
    expect(suggestColumns(parse('#separator:Comma\n#columns:Back,Other\na,q\n'))).toEqual({ front: 1, back: 0 });
    expect(suggestColumns(parse('#columns:Back\na\n'))).toEqual({ front: 1, back: 0 });
    const parsed = parse('#separator:Comma\n#columns:Back,Other,Tags\na,q,t\n');
    expect(textToBundle(parsed, options({ columns: suggestColumns(parsed) })).notes[0]?.fields).toEqual(['q', 'a']);
  });
});

describe('formatDelimitedText', () => {
  const tricky: string[][] = [
    ['plain', 'with, comma', 'with; semicolon'],
    ['say "hi"', '"quoted"', 'tab\there'],
    ['line 1\nline 2', 'crlf\r\nend', 'pipe | colon : space'],
    ['#not a comment', '', ' padded '],
    ['', '', ''],
    ['tags:not a header', 'a', 'b'],
  ];

  it.each([',', ';', '\t', ' ', '|', ':'])('gives the rows back when parsed with separator %j', (separator) => {
    const text = formatDelimitedText(tricky, separator, { html: 'false' });
    const parsed = parse(text);
    expect(parsed.separator).toBe(separator);
    expect(parsed.html).toBe(false);
    expect(parsed.rows).toEqual(tricky);
  });

  it('writes Anki header lines and quotes only where needed', () => {
    const text = formatDelimitedText([['q', 'a "b"', 'x\ty']], '\t', { html: 'true', 'tags column': '3' });
    expect(text).toBe('#separator:tab\n#html:true\n#tags column:3\nq\t"a ""b"""\t"x\ty"\n');
  });

  it('keeps a separator header given by the caller and reads back a one-empty-field row', () => {
    const text = formatDelimitedText([['only'], ['']], ',', { separator: 'comma' });
    expect(text).toBe('#separator:comma\nonly\n""\n');
    expect(parse(text).rows).toEqual([['only'], ['']]);
  });

  // Found by the fuzz tests (tests/unit/fuzz/text.test.ts): the row came back as a comment and was lost.
  it('quotes an empty first field when # is the separator, so the line does not read as a comment', () => {
    const text = formatDelimitedText([['', 'x'], ['a', '']], '#', {});
    expect(text).toBe('#separator:#\n""#x\na#\n');
    expect(parse(text).rows).toEqual([['', 'x'], ['a', '']]);
  });

  it('gives back rows exported with header columns', () => {
    const rows = [['guid1', 'Lang::Spanish', 'uno', 'one<br>1', 'num basic']];
    const text = formatDelimitedText(rows, '\t', { html: 'true', 'guid column': '1', 'deck column': '2', 'tags column': '5' });
    const parsed = parse(text);
    const bundle = textToBundle(parsed, options({ columns: suggestColumns(parsed) }));
    expect(bundle.notes).toEqual([
      { guid: 'guid1', notetypeId: 'text-basic', fields: ['uno', 'one<br>1'], tags: ['num', 'basic'] },
    ]);
    expect(bundle.decks).toEqual([{ id: 'text:Lang::Spanish', name: 'Lang::Spanish' }]);
  });
});
