// From a file to the collection, through the same steps as the app's import worker: Anki packages of each
// generation, delimited text and Retain decks; a bad file stops before anything is written.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import initSqlJs from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/core/import/bundle';
import { historyLength } from '../../../src/core/history';
import { Queue } from '../../../src/core/model';
import { replayCard } from '../../../src/core/replay';
import { Scheduler, State } from '../../../src/core/scheduler';
import { openImport, textBundle, type SqlEngine } from '../../../src/renderer/src/import/pipeline';
import { importBundle } from '../../../src/renderer/src/storage/import-bundle';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { recordAnswer } from '../../../src/renderer/src/storage/collection';
import { basicNotetype, buildAnkiCollection, clozeNotetype, type CollectionSpec } from '../../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../../fixtures/anki/package-builder';
import { DAY, freshDb, settingsWith, T0 } from '../storage/fixtures';

const settings = settingsWith();
const NOW = T0 + 60 * DAY;
let sqlJs: Promise<SqlEngine> | undefined;
/** sql.js in Node, its wasm handed over as bytes (vitest resolves the browser build, which would fetch it). */
const loadSql = () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));
  sqlJs ??= initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }) as Promise<SqlEngine>;
  return sqlJs;
};

const spec = (schema: 11 | 18): CollectionSpec => ({
  schema,
  notetypes: [basicNotetype(1001), clozeNotetype(1002)],
  decks: [{ id: 20, name: 'Biology::Cells' }],
  notes: [
    { id: 1, guid: 'mito', notetypeId: 1001, fields: ['Powerhouse of the cell?', 'Mitochondria <img src="mito.png">'], tags: ['bio'] },
    { id: 2, guid: 'atp', notetypeId: 1002, fields: ['{{c1::ATP}} carries {{c2::energy}}', ''] },
  ],
  cards: [
    { id: 11, noteId: 1, ord: 0, deckId: 20, type: 2, due: 100 },
    { id: 21, noteId: 2, ord: 0, deckId: 20, type: 0, due: 1 },
    { id: 22, noteId: 2, ord: 1, deckId: 20, type: 0, due: 2, suspended: true },
  ],
  revlog: [
    { id: T0, cardId: 11, ease: 3, type: 0, ms: 5000 },
    { id: T0 + 600_000, cardId: 11, ease: 3, type: 0, ms: 4000 },
    { id: T0 + 3 * DAY, cardId: 11, ease: 3, type: 1, ms: 3000 },
    { id: T0 + 12 * DAY, cardId: 11, ease: 2, type: 1, ms: 6000 },
  ],
});
const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

let db: RetainDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

async function importFile(file: string, bytes: Uint8Array) {
  const opened = await openImport(file, bytes, loadSql);
  if (opened.kind !== 'bundle') throw new Error('expected a bundle');
  return importBundle(db, opened.bundle, settings, NOW);
}

describe('importing Anki packages', () => {
  for (const generation of ['anki2', 'anki21', 'anki21b'] as const) {
    it(`brings in notes, cards, history and media from a ${generation} package`, async () => {
      const collection = await buildAnkiCollection(spec(generation === 'anki21b' ? 18 : 11));
      const bytes = buildAnkiPackage({ generation, collection, media: [{ name: 'mito.png', data: PNG }] });
      const summary = await importFile('biology.apkg', bytes);
      expect(summary).toMatchObject({ decksAdded: ['Biology::Cells'], notesAdded: 2, cardsAdded: 3, reviewsImported: 4, mediaAdded: 1, problems: [] });
      const studied = (await db.cards.get('mito:0'))!;
      expect(studied.sched).toMatchObject({ state: State.Review, reps: 4, lastReview: T0 + 12 * DAY });
      expect(replayCard(studied, new Scheduler(settings))).toBeNull();
      expect((await db.cards.get('atp:1'))?.queue).toBe(Queue.Suspended);
      expect((await db.cards.get('atp:0'))?.queue).toBe(Queue.New);
      expect((await db.notes.get('atp'))?.fields).toEqual({ Text: '{{c1::ATP}} carries {{c2::energy}}', 'Back Extra': '' });
      expect((await db.media.get('mito.png'))?.data).toEqual(PNG);
    });
  }

  it('stops at a damaged package or database, before anything is written', async () => {
    const collection = await buildAnkiCollection(spec(11));
    const whole = buildAnkiPackage({ generation: 'anki2', collection });
    await expect(openImport('cut.apkg', whole.subarray(0, whole.length - 40), loadSql)).rejects.toBeInstanceOf(ImportError);
    const garbage = buildAnkiPackage({ generation: 'anki2', collection: new TextEncoder().encode('SQLite format 3\0 but then nothing') });
    await expect(openImport('broken.apkg', garbage, loadSql)).rejects.toThrow(/broken\.apkg/);
    expect(await db.notes.count()).toBe(0);
  });
});

describe('importing text and Retain decks', () => {
  it('imports a CSV file after the columns are mapped', async () => {
    const csv = new TextEncoder().encode('#separator:Comma\n#html:false\nhola,hello,greeting\nadiós,goodbye,\n');
    const opened = await openImport('spanish.csv', csv, loadSql);
    expect(opened.kind).toBe('text');
    if (opened.kind !== 'text') return;
    const bundle = textBundle(opened.parsed, { file: 'spanish.csv', firstRowIsHeader: false, columns: { front: 0, back: 1, tags: 2 }, deckName: 'Spanish' });
    const summary = await importBundle(db, bundle, settings, NOW);
    expect(summary).toMatchObject({ decksAdded: ['Spanish'], notesAdded: 2, cardsAdded: 2 });
    const notes = await db.notes.toArray();
    expect(notes.map((n) => n.fields).sort((a, b) => (a.Front! < b.Front! ? -1 : 1))).toEqual([
      { Front: 'adiós', Back: 'goodbye' },
      { Front: 'hola', Back: 'hello' },
    ]);
  });

  it('imports a Retain deck file, and says what is wrong with a bad one', async () => {
    const deck = {
      format: 1, id: 'capitals', name: 'Capitals', description: 'Some capitals', source: { title: 'Atlas', sections: ['Europe'] },
      notes: [
        { id: 'fr', kind: 'basic-reversed', front: 'France', back: 'Paris', tags: [], section: 'Europe', context: 'Since 508' },
        { id: 'es', kind: 'cloze', text: '{{c1::Madrid}} is in Spain', tags: [], section: 'Europe' },
      ],
    };
    const summary = await importFile('capitals.json', new TextEncoder().encode(JSON.stringify(deck)));
    expect(summary).toMatchObject({ decksAdded: ['Capitals'], notesAdded: 2, cardsAdded: 3 });
    const bad = { ...deck, notes: [{ ...deck.notes[0], back: undefined }] };
    await expect(openImport('bad.json', new TextEncoder().encode(JSON.stringify(bad)), loadSql)).rejects.toThrow(/^bad\.json: notes\[0\]\.back: /);
    await expect(openImport('cut.json', new TextEncoder().encode('{"format": 1, "id"'), loadSql)).rejects.toThrow(/cut\.json: is not valid JSON/);
  });
});

const SHARED = resolve(__dirname, '../../../../shared/fixtures/anki');
const shared = existsSync(SHARED);
if (!shared) console.info(`[pipeline.test] ${SHARED} is absent: the tests with packages written by Anki itself are skipped.`);

describe('packages written by Anki itself (../shared/fixtures/anki)', () => {
  it.skipIf(!shared)('update2.apkg after update1.apkg updates the note, keeps its progress, adds nothing', async () => {
    const first = await importFile('update1.apkg', readFileSync(resolve(SHARED, 'update1.apkg')));
    expect(first.notesAdded).toBe(1);
    const [note] = await db.notes.toArray();
    expect(Object.values(note!.fields)).toEqual(['hello', 'world']);
    const [card] = await db.cards.toArray();
    const outcome = new Scheduler(settings).answer(card!.id, card!.sched, 3, NOW, 4000);
    await recordAnswer(db, card!, outcome, settings);

    const second = await importFile('update2.apkg', readFileSync(resolve(SHARED, 'update2.apkg')));
    expect(second).toMatchObject({ notesAdded: 0, notesUpdated: 1, cardsAdded: 0 });
    expect(await db.notes.count()).toBe(1);
    expect(Object.values((await db.notes.get(note!.id))!.fields)).toEqual(['goodbye', 'world']);
    const after = (await db.cards.get(card!.id))!;
    expect(historyLength(after.history)).toBe(1);
    expect(after.sched).toEqual(outcome.next);
  });

  it.skipIf(!shared)('media.apkg brings its sound', async () => {
    const summary = await importFile('media.apkg', readFileSync(resolve(SHARED, 'media.apkg')));
    expect(summary.mediaAdded).toBe(1);
    expect(await db.media.get('foo.wav')).toBeDefined();
    const [note] = await db.notes.toArray();
    expect(Object.values(note!.fields)[0]).toBe('[sound:foo.wav]');
  });
});

describe('empty files', () => {
  it('refuses a package with no notes, or none that can be imported, saying why', async () => {
    const empty = await buildAnkiCollection({ schema: 11, notetypes: [basicNotetype(1)], decks: [], notes: [], cards: [] });
    await expect(openImport('empty.apkg', buildAnkiPackage({ generation: 'anki2', collection: empty }), loadSql)).rejects.toThrow(
      'empty.apkg: holds no notes to import',
    );
    const orphans = await buildAnkiCollection({
      schema: 11,
      notetypes: [basicNotetype(1)],
      decks: [],
      notes: [{ id: 1, guid: 'x', notetypeId: 99, fields: ['a', 'b'] }],
      cards: [{ id: 1, noteId: 1, ord: 0, deckId: 1 }],
    });
    await expect(openImport('odd.apkg', buildAnkiPackage({ generation: 'anki2', collection: orphans }), loadSql)).rejects.toThrow(
      /^odd\.apkg: holds no notes to import \(1 left out; the first: note id 1: /,
    );
  });
});
