import { describe, expect, it } from 'vitest';
import { readAnkiCollection, type AnkiCollectionData } from '../../../../src/core/anki/collection';
import { ProtoMessage, ProtobufError } from '../../../../src/core/anki/protobuf';
import { ImportError, type ImportProblem } from '../../../../src/core/import/bundle';
import {
  basicNotetype,
  basicReversedNotetype,
  buildAnkiCollection,
  clozeNotetype,
  openCollection,
  type CollectionSpec,
} from '../../../fixtures/anki/collection-builder';

const FILE = 'collection.anki2';
const BASIC = 1700000000001;
const REVERSED = 1700000000002;
const CLOZE = 1700000000003;
const SPANISH = 1700000000101;
const VERBS = 1700000000102;
const FILTERED = 1700000000103;
const T0 = Date.UTC(2024, 4, 1, 9);

/** A small collection with a bit of everything: three stock note types, nested and filtered decks, reviews. */
function sampleSpec(schema: 11 | 18): CollectionSpec {
  return {
    schema,
    notetypes: [basicNotetype(BASIC), basicReversedNotetype(REVERSED), clozeNotetype(CLOZE)],
    decks: [
      { id: SPANISH, name: 'Languages::Spanish', description: 'Words from <b>class</b>' },
      { id: VERBS, name: 'Languages::Spanish::Verbs' },
      { id: 1700000000100, name: 'Languages' },
      { id: FILTERED, name: 'Cram', filtered: true },
    ],
    notes: [
      { id: 11, guid: 'g-basic', notetypeId: BASIC, fields: ['hablar', 'to speak'], tags: ['verb', 'ar-verb'] },
      { id: 12, guid: 'g-reversed', notetypeId: REVERSED, fields: ['la casa', 'the house'] },
      { id: 13, guid: 'g-cloze', notetypeId: CLOZE, fields: ['{{c1::Madrid}} is the capital of {{c2::Spain}}', ''] },
    ],
    cards: [
      { id: 101, noteId: 11, ord: 0, deckId: VERBS, type: 2, due: 400 },
      { id: 102, noteId: 12, ord: 0, deckId: SPANISH, due: 7 },
      { id: 103, noteId: 12, ord: 1, deckId: FILTERED, homeDeckId: SPANISH, due: 8 },
      { id: 104, noteId: 13, ord: 0, deckId: SPANISH, due: 9, suspended: true },
      { id: 105, noteId: 13, ord: 1, deckId: FILTERED, homeDeckId: VERBS, type: 2, due: 420 },
    ],
    revlog: [
      // Written out of time order: the reader must sort.
      { id: T0 + 86_400_000, cardId: 101, ease: 3, type: 1, ms: 4200 },
      { id: T0, cardId: 101, ease: 1, type: 0, ms: 9000 },
      { id: T0 + 600_000, cardId: 101, ease: 3, type: 0, ms: 5000 },
      { id: T0 + 2 * 86_400_000, cardId: 105, ease: 4, type: 3, ms: 3000 },
      { id: T0 + 3 * 86_400_000, cardId: 105, ease: 2, type: 2, ms: 7000 },
    ],
  };
}

async function read(spec: CollectionSpec, file = FILE): Promise<AnkiCollectionData> {
  return readAnkiCollection(await openCollection(await buildAnkiCollection(spec)), file);
}

/** The ImportError a read throws, so tests can look at its problem. */
async function readError(bytes: Uint8Array): Promise<ImportProblem> {
  const db = await openCollection(bytes);
  try {
    readAnkiCollection(db, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return (error as ImportError).problem;
  }
  throw new Error('expected an ImportError');
}

describe('readAnkiCollection: schema 11 and schema 18 read the same', () => {
  it('gives the same bundle from both layouts of the same collection', async () => {
    const fromJson = await read(sampleSpec(11));
    const fromTables = await read(sampleSpec(18));
    expect(fromTables).toEqual(fromJson);
    expect(fromJson.notes).toHaveLength(3);
    expect(fromJson.cards).toHaveLength(5);
    expect(fromJson.skipped).toEqual([]);
  });

  it('the schema-18 fixture declares Anki\'s own unicase collation, which sql.js does not know', async () => {
    const db = await openCollection(await buildAnkiCollection(sampleSpec(18)));
    const schema = db.exec(`select sql from sqlite_master where name in ('fields', 'templates', 'decks', 'tags')`);
    expect(schema[0]?.values.every(([sql]) => /collate unicase/i.test(String(sql)))).toBe(true);
    expect(() => db.exec('select name from fields')).toThrow();
  });
});

describe.each([11, 18] as const)('readAnkiCollection, schema %i', (schema) => {
  it('reads Basic, Basic (and reversed card) and Cloze note types with fields, templates and css', async () => {
    const { notetypes } = await read(sampleSpec(schema));
    expect(notetypes.map((nt) => [nt.id, nt.name, nt.kind])).toEqual([
      [String(BASIC), 'Basic', 'standard'],
      [String(REVERSED), 'Basic (and reversed card)', 'standard'],
      [String(CLOZE), 'Cloze', 'cloze'],
    ]);
    const [basic, reversed, cloze] = notetypes;
    expect(basic?.fields).toEqual(['Front', 'Back']);
    expect(basic?.templates).toEqual([
      { name: 'Card 1', front: '{{Front}}', back: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}' },
    ]);
    expect(basic?.css).toContain('font-family: arial;');
    expect(reversed?.templates.map((t) => [t.name, t.front])).toEqual([
      ['Card 1', '{{Front}}'],
      ['Card 2', '{{Back}}'],
    ]);
    expect(cloze?.fields).toEqual(['Text', 'Back Extra']);
    expect(cloze?.templates).toEqual([
      { name: 'Cloze', front: '{{cloze:Text}}', back: '{{cloze:Text}}<br>\n{{Back Extra}}' },
    ]);
    expect(cloze?.css).toContain('.cloze {');
  });

  it('reads nested decks, parents first, with descriptions; no filtered deck, no unused Default', async () => {
    const { decks } = await read(sampleSpec(schema));
    expect(decks).toEqual([
      { id: '1700000000100', name: 'Languages' },
      { id: String(SPANISH), name: 'Languages::Spanish', description: 'Words from <b>class</b>' },
      { id: String(VERBS), name: 'Languages::Spanish::Verbs' },
    ]);
  });

  it('keeps the Default deck when a card is in it', async () => {
    const spec = sampleSpec(schema);
    spec.cards.push({ id: 106, noteId: 13, ord: 2, deckId: 1 });
    const { decks, cards } = await read(spec);
    expect(decks.map((d) => d.name)).toContain('Default');
    expect(cards.at(-1)?.deckId).toBe('1');
  });

  it('reads notes: guid, note type, fields in order, tags', async () => {
    const { notes } = await read(sampleSpec(schema));
    expect(notes).toEqual([
      { guid: 'g-basic', notetypeId: String(BASIC), fields: ['hablar', 'to speak'], tags: ['verb', 'ar-verb'] },
      { guid: 'g-reversed', notetypeId: String(REVERSED), fields: ['la casa', 'the house'], tags: [] },
      {
        guid: 'g-cloze',
        notetypeId: String(CLOZE),
        fields: ['{{c1::Madrid}} is the capital of {{c2::Spain}}', ''],
        tags: [],
      },
    ]);
  });

  it('puts a card in a filtered deck into its home deck, with its position in that deck', async () => {
    const { cards } = await read(sampleSpec(schema));
    const borrowedNew = cards.find((c) => c.noteGuid === 'g-reversed' && c.ord === 1);
    expect(borrowedNew).toMatchObject({ deckId: String(SPANISH), newPosition: 8 });
    const borrowedReview = cards.find((c) => c.noteGuid === 'g-cloze' && c.ord === 1);
    expect(borrowedReview?.deckId).toBe(String(VERBS));
    expect(borrowedReview?.newPosition).toBeUndefined();
  });

  it('marks suspended cards and gives new cards their position', async () => {
    const { cards } = await read(sampleSpec(schema));
    expect(cards.map((c) => [c.noteGuid, c.ord, c.suspended, c.newPosition])).toEqual([
      ['g-basic', 0, false, undefined],
      ['g-reversed', 0, false, 7],
      ['g-reversed', 1, false, 8],
      ['g-cloze', 0, true, 9],
      ['g-cloze', 1, false, undefined],
    ]);
  });

  it('gives each card its reviews in time order with rating, time taken and kind', async () => {
    const { cards } = await read(sampleSpec(schema));
    expect(cards[0]?.reviews).toEqual([
      { t: T0, rating: 1, ms: 9000, kind: 'learn' },
      { t: T0 + 600_000, rating: 3, ms: 5000, kind: 'learn' },
      { t: T0 + 86_400_000, rating: 3, ms: 4200, kind: 'review' },
    ]);
    expect(cards[4]?.reviews.map((r) => [r.rating, r.kind])).toEqual([
      [4, 'filtered'],
      [2, 'relearn'],
    ]);
    expect(cards[1]?.reviews).toEqual([]);
  });

  it('reads manual entries (ease 0, type 4) and newer Anki\'s rescheduled entries (type 5) as manual', async () => {
    const spec = sampleSpec(schema);
    spec.revlog = [
      { id: T0, cardId: 102, ease: 0, type: 4, ms: 0 },
      { id: T0 + 1000, cardId: 102, ease: 0, type: 5, ms: 0 },
      // A "forget" logged with a review type still is not an answer.
      { id: T0 + 2000, cardId: 102, ease: 0, type: 1, ms: 0 },
      { id: T0 + 3000, cardId: 102, ease: 3, type: 0, ms: 1500 },
    ];
    const { cards } = await read(spec);
    expect(cards[1]?.reviews).toEqual([
      { t: T0, rating: 0, ms: 0, kind: 'manual' },
      { t: T0 + 1000, rating: 0, ms: 0, kind: 'manual' },
      { t: T0 + 2000, rating: 0, ms: 0, kind: 'manual' },
      { t: T0 + 3000, rating: 3, ms: 1500, kind: 'learn' },
    ]);
  });

  it('ignores reviews of cards that no longer exist, counted in one problem', async () => {
    const spec = sampleSpec(schema);
    spec.revlog?.push(
      { id: T0 + 5, cardId: 999, ease: 3, type: 1, ms: 1000 },
      { id: T0 + 6, cardId: 998, ease: 3, type: 1, ms: 1000 },
    );
    const { cards, skipped } = await read(spec);
    expect(cards.flatMap((c) => c.reviews)).toHaveLength(5);
    expect(skipped).toEqual([{ file: FILE, where: 'revlog', message: expect.stringContaining('2 reviews') }]);
  });

  it('skips a note whose note type is missing, and its cards, with one problem naming the note', async () => {
    const spec = sampleSpec(schema);
    spec.notes.push({ id: 14, guid: 'g-orphan', notetypeId: 42, fields: ['a', 'b'] });
    spec.cards.push({ id: 107, noteId: 14, ord: 0, deckId: SPANISH });
    const { notes, cards, skipped } = await read(spec, 'deck.apkg');
    expect(notes.map((n) => n.guid)).not.toContain('g-orphan');
    expect(cards.map((c) => c.noteGuid)).not.toContain('g-orphan');
    expect(skipped).toEqual([
      { file: 'deck.apkg', where: 'note id 14', message: expect.stringContaining('note type 42 does not exist') },
    ]);
  });

  it('skips a card whose note is missing, with a problem naming the card', async () => {
    const spec = sampleSpec(schema);
    spec.cards.push({ id: 108, noteId: 77, ord: 0, deckId: SPANISH });
    const { cards, skipped } = await read(spec);
    expect(cards).toHaveLength(5);
    expect(skipped).toEqual([{ file: FILE, where: 'card id 108', message: expect.stringContaining('note 77') }]);
  });

  it('pads a note with fewer fields than its note type, and drops extra fields with a problem', async () => {
    const spec = sampleSpec(schema);
    spec.notes.push(
      { id: 15, guid: 'g-short', notetypeId: BASIC, fields: ['only front'] },
      { id: 16, guid: 'g-long', notetypeId: BASIC, fields: ['front', 'back', 'stray'] },
    );
    const { notes, skipped } = await read(spec);
    expect(notes.find((n) => n.guid === 'g-short')?.fields).toEqual(['only front', '']);
    expect(notes.find((n) => n.guid === 'g-long')?.fields).toEqual(['front', 'back']);
    expect(skipped).toEqual([
      { file: FILE, where: 'note id 16', message: expect.stringMatching(/has 3 fields .*"Basic" has 2/) },
    ]);
  });

  it('skips a second note with the same guid, and a card whose card type its note type lacks', async () => {
    const spec = sampleSpec(schema);
    spec.notes.push({ id: 17, guid: 'g-basic', notetypeId: BASIC, fields: ['copy', 'copy'] });
    spec.cards.push({ id: 109, noteId: 17, ord: 0, deckId: SPANISH }, { id: 110, noteId: 11, ord: 1, deckId: SPANISH });
    const { notes, cards, skipped } = await read(spec);
    expect(notes.filter((n) => n.guid === 'g-basic')).toHaveLength(1);
    expect(cards).toHaveLength(5);
    expect(skipped).toEqual([
      { file: FILE, where: 'note id 17', message: expect.stringContaining('same guid as note id 11') },
      { file: FILE, where: 'card id 110', message: expect.stringContaining('"Basic" has no card type 2') },
    ]);
  });

  it('moves cards whose deck does not exist to the Default deck, with one problem per missing deck', async () => {
    const spec = sampleSpec(schema);
    spec.cards.push({ id: 111, noteId: 13, ord: 2, deckId: 555 }, { id: 112, noteId: 13, ord: 3, deckId: 555 });
    const { decks, cards, skipped } = await read(spec);
    expect(cards.slice(-2).map((c) => c.deckId)).toEqual(['1', '1']);
    expect(decks).toContainEqual({ id: '1', name: 'Default' });
    expect(skipped).toEqual([{ file: FILE, where: 'deck id 555', message: expect.stringMatching(/^2 cards .*Default/) }]);
  });

  // The next four were found by the fuzz tests (tests/unit/fuzz/anki-collection.test.ts): each gave a bundle that
  // storage could not write (a card id twice) or would have turned into broken cards.
  it('skips a second card of the same note and card type, keeping the first', async () => {
    const spec = sampleSpec(schema);
    spec.cards.push({ id: 113, noteId: 11, ord: 0, deckId: SPANISH });
    const { cards, skipped } = await read(spec);
    expect(cards.filter((c) => c.noteGuid === 'g-basic' && c.ord === 0)).toHaveLength(1);
    expect(cards.find((c) => c.noteGuid === 'g-basic')?.reviews).toHaveLength(3);
    expect(skipped).toEqual([
      { file: FILE, where: 'card id 113', message: 'is a second card of note 11 for card type 1 (the first is card id 101); card skipped' },
    ]);
  });

  it('skips a card with a negative card number, or a cloze card past c500', async () => {
    const spec = sampleSpec(schema);
    spec.cards.push({ id: 114, noteId: 11, ord: -1, deckId: SPANISH }, { id: 115, noteId: 13, ord: 500, deckId: SPANISH });
    const { cards, skipped } = await read(spec);
    expect(cards).toHaveLength(5);
    expect(skipped).toEqual([
      { file: FILE, where: 'card id 114', message: 'its note type "Basic" has no card type 0; card skipped' },
      { file: FILE, where: 'card id 115', message: 'its card number 501 is not a cloze number from 1 to 500; card skipped' },
    ]);
  });

  it('ignores reviews whose id (their time) is not a date, counted in one problem', async () => {
    const spec = sampleSpec(schema);
    spec.revlog?.push({ id: 9e18, cardId: 101, ease: 3, type: 1, ms: 1000 }, { id: -5, cardId: 101, ease: 3, type: 1, ms: 1000 });
    const { cards, skipped } = await read(spec);
    expect(cards.flatMap((c) => c.reviews)).toHaveLength(5);
    expect(skipped).toEqual([
      { file: FILE, where: 'revlog', message: '2 reviews with an impossible time (an id that is not a date from 1970 to 9999) ignored' },
    ]);
  });

  it('skips a note without a guid, and its cards, with one problem', async () => {
    const spec = sampleSpec(schema);
    spec.notes.push({ id: 18, guid: '', notetypeId: BASIC, fields: ['a', 'b'] });
    spec.cards.push({ id: 116, noteId: 18, ord: 0, deckId: SPANISH });
    const { notes, cards, skipped } = await read(spec);
    expect(notes).toHaveLength(3);
    expect(cards).toHaveLength(5);
    expect(skipped).toEqual([{ file: FILE, where: 'note id 18', message: 'has no guid; the note and its cards are skipped' }]);
  });

  it('refuses an unknown schema version, naming it', async () => {
    const problem = await readError(await buildAnkiCollection({ ...sampleSpec(schema), version: 16 }));
    expect(problem).toMatchObject({ file: FILE, where: 'col' });
    expect(problem.message).toContain('version 16');
  });
});

// Found by the fuzz tests: a damaged `models` gave two note types one id, and the bundle both.
describe('readAnkiCollection: two schema-11 note types with one id', () => {
  it('keeps the first and leaves the other out with a problem', async () => {
    const db = await openCollection(await buildAnkiCollection(sampleSpec(11)));
    const models = JSON.parse(String(db.exec('select models from col')[0]!.values[0]![0])) as Record<string, { name: string }>;
    models['999'] = { ...models[String(BASIC)]!, name: 'Copy of Basic' };
    db.run('update col set models = ?', [JSON.stringify(models)]);
    const { notetypes, notes, skipped } = readAnkiCollection(db, FILE);
    expect(notetypes.filter((nt) => nt.id === String(BASIC)).map((nt) => nt.name)).toEqual(['Basic']);
    expect(notes).toHaveLength(3);
    expect(skipped).toEqual([
      {
        file: FILE,
        where: `note type ${BASIC} ("Copy of Basic")`,
        message: 'has the same id as note type "Basic"; it is left out, and the notes of that id use "Basic"',
      },
    ]);
  });
});

describe('readAnkiCollection: files that are not readable collections', () => {
  it('refuses bytes that are not SQLite', async () => {
    const problem = await readError(new TextEncoder().encode('front,back\nhola,hello\n'.repeat(100)));
    expect(problem.message).toMatch(/^not an Anki collection: /);
  });

  it('refuses a damaged SQLite file', async () => {
    const bytes = await buildAnkiCollection(sampleSpec(11));
    const damaged = bytes.slice();
    damaged.fill(0xff, 16, 100); // the page size and the rest of the header
    const problem = await readError(damaged);
    expect(problem.message).toMatch(/^not an Anki collection: /);
  });

  it('refuses a SQLite database without Anki\'s tables', async () => {
    const db = await openCollection(new Uint8Array(0));
    db.run('create table words (front text, back text)');
    expect(() => readAnkiCollection(db, FILE)).toThrow(/not an Anki collection: no such table: col/);
  });

  it('refuses a schema-11 collection whose note types are not JSON', async () => {
    const db = await openCollection(await buildAnkiCollection(sampleSpec(11)));
    db.run(`update col set models = '{"1": '`);
    expect(() => readAnkiCollection(db, FILE)).toThrow(ImportError);
    expect(() => readAnkiCollection(db, FILE)).toThrow(/col\.models: not valid JSON/);
  });

  it('refuses a schema-18 collection with a damaged note type blob, naming the note type', async () => {
    const db = await openCollection(await buildAnkiCollection(sampleSpec(18)));
    // Field 3 (css), length-delimited, claiming 100 bytes where there are 2.
    db.run('update notetypes set config = ? where id = ?', [new Uint8Array([0x1a, 100, 0x41, 0x42]), BASIC]);
    expect(() => readAnkiCollection(db, FILE)).toThrow(`notetypes id ${BASIC}: config: damaged`);
  });
  it('refuses a schema-18 deck whose kind blob has the wrong type where the normal deck should be', async () => {
    const db = await openCollection(await buildAnkiCollection(sampleSpec(18)));
    // Field 1 (normal deck) as a varint instead of a message.
    db.run('update decks set kind = ? where id = ?', [new Uint8Array([0x08, 0x01]), VERBS]);
    expect(() => readAnkiCollection(db, FILE)).toThrow(`decks id ${VERBS}: kind: damaged`);
  });
});

describe('readAnkiCollection: a large collection', () => {
  it('reads 20,000 cards and 200,000 reviews', async () => {
    const notes = 10_000;
    const spec: CollectionSpec = {
      schema: 18,
      notetypes: [basicReversedNotetype(BASIC)],
      decks: [{ id: SPANISH, name: 'Big' }],
      notes: Array.from({ length: notes }, (_, i) => ({
        id: 1_000_000 + i,
        guid: `guid-${i}`,
        notetypeId: BASIC,
        fields: [`front ${i}`, `back ${i}`],
        tags: i % 2 === 0 ? ['even'] : [],
      })),
      cards: Array.from({ length: notes * 2 }, (_, i) => ({
        id: 2_000_000 + i,
        noteId: 1_000_000 + Math.floor(i / 2),
        ord: i % 2,
        deckId: SPANISH,
        type: 2 as const,
        due: 100,
      })),
      // Ten reviews per card, interleaved across cards as real study is.
      revlog: Array.from({ length: notes * 2 * 10 }, (_, i) => ({
        id: T0 + i * 1000,
        cardId: 2_000_000 + (i % (notes * 2)),
        ease: (i % 4) + 1,
        type: 1,
        ms: i % 60_000,
      })),
    };
    const { notes: readNotes, cards, skipped } = await read(spec);
    expect(skipped).toEqual([]);
    expect(readNotes).toHaveLength(10_000);
    expect(cards).toHaveLength(20_000);
    expect(cards.reduce((sum, card) => sum + card.reviews.length, 0)).toBe(200_000);

    expect(readNotes[4321]).toEqual({
      guid: 'guid-4321',
      notetypeId: String(BASIC),
      fields: ['front 4321', 'back 4321'],
      tags: [],
    });
    expect(readNotes[4322]?.tags).toEqual(['even']);
    const card = cards[12_345];
    expect(card).toMatchObject({ noteGuid: 'guid-6172', ord: 1, deckId: String(SPANISH) });
    const answeredAt = Array.from({ length: 10 }, (_, k) => T0 + (12_345 + k * 20_000) * 1000);
    expect(card?.reviews.map((r) => r.t)).toEqual(answeredAt);
    expect(card?.reviews[0]).toEqual({ t: T0 + 12_345_000, rating: 2, ms: 12_345, kind: 'review' });
  }, 60_000);
});

describe('ProtoMessage', () => {
  // field 1 varint 150; field 2 string "hi"; field 3 fixed32; field 4 fixed64; group 5 holding a varint; field 6 "x".
  const message = new Uint8Array([
    0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x1d, 1, 2, 3, 4, 0x21, 1, 2, 3, 4, 5, 6, 7, 8, 0x2b, 0x08, 0x01, 0x2c,
    0x32, 0x01, 0x78,
  ]);

  it('reads varints and strings, skipping fixed-width fields and groups it is not asked for', () => {
    const decoded = ProtoMessage.decode(message);
    expect(decoded.uint(1)).toBe(150);
    expect(decoded.string(2)).toBe('hi');
    expect(decoded.string(6)).toBe('x');
  });

  it('gives defaults for absent fields, and the last value of a repeated one', () => {
    const decoded = ProtoMessage.decode(new Uint8Array([0x08, 0x01, 0x08, 0x02]));
    expect(decoded.uint(1)).toBe(2);
    expect(decoded.uint(9)).toBe(0);
    expect(decoded.string(9)).toBe('');
    expect(decoded.message(9)).toBeUndefined();
  });

  it('reads varints past 32 bits exactly', () => {
    // 1714521600123 (an epoch-ms id), 7 bits at a time.
    const bytes = [0x08];
    for (let rest = 1714521600123; ; rest = Math.floor(rest / 128)) {
      if (rest < 128) {
        bytes.push(rest);
        break;
      }
      bytes.push((rest % 128) | 0x80);
    }
    expect(ProtoMessage.decode(new Uint8Array(bytes)).uint(1)).toBe(1714521600123);
  });

  it('refuses truncated and malformed blobs with a ProtobufError', () => {
    expect(() => ProtoMessage.decode(message.subarray(0, 6))).toThrow(ProtobufError); // string cut short
    expect(() => ProtoMessage.decode(new Uint8Array([0x08, 0x96]))).toThrow('message ends inside a varint (at byte 1)');
    expect(() => ProtoMessage.decode(new Uint8Array([0x0f, 0x00]))).toThrow('unknown wire type 7 (at byte 0)');
    expect(() => ProtoMessage.decode(new Uint8Array([0x2b, 0x08, 0x01]))).toThrow('message ends inside group 5');
    expect(() => ProtoMessage.decode(new Uint8Array([0x1d, 1, 2]))).toThrow(ProtobufError);
    expect(() => ProtoMessage.decode(new Uint8Array([0x12, 0x01, 0x41])).uint(2)).toThrow(
      'field 2 is length-delimited, expected varint (at byte 0)',
    );
  });
});
