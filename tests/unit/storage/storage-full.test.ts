// A full disk or a used-up quota during a review or an import: a clear message, and the collection exactly as it was.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyColumn } from '../../../src/core/history';
import { Rating } from '../../../src/core/scheduler';
import { createImportHandler, type ImportReply } from '../../../src/renderer/src/import/handler';
import type { SqlEngine } from '../../../src/renderer/src/import/pipeline';
import { ImportJob, type ImportChannel } from '../../../src/renderer/src/state/import-job.svelte';
import { ReviewSession } from '../../../src/renderer/src/state/review-session.svelte';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { basicNotetype, buildAnkiCollection } from '../../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../../fixtures/anki/package-builder';
import { everything, failWrites } from './failing-writes';
import { alphaDeck, freshDb, mustGet, settingsWith, T0 } from './fixtures';

const NO_SPACE = "there is no space left for Retain's data (the disk is full or the browser's storage quota is used up)";

let db: RetainDB;
let now: number;
let restore: (() => void) | null = null;
const full = () => (restore = failWrites());
const space = () => {
  restore?.();
  restore = null;
};

beforeEach(async () => {
  db = freshDb();
  now = T0;
  await syncBundledDecks(db, [alphaDeck()], T0);
});
afterEach(() => {
  space();
  db.close();
});

describe('a review when storage is full', () => {
  const session = () => new ReviewSession(db, settingsWith(), ['alpha'], new Map([['alpha', 'Alpha']]), () => now);
  const reveal = (s: ReviewSession) => {
    now += 3000;
    s.reveal();
  };

  it('says the rating was not saved and why, stores nothing, and shows the card again as stored', async () => {
    const s = session();
    await s.start();
    reveal(s);
    await s.rate(Rating.Good); // a-one: stored
    await s.settled();
    expect(s.shown?.card.id).toBe('a-two:0');
    const counts = { ...s.counts };
    const before = await everything(db);

    reveal(s);
    full();
    await s.rate(Rating.Good);
    // The next card appeared at once, before the write failed...
    expect(s.shown?.card.id).toBe('a-three:0');
    await s.settled();
    expect(s.error).toBe(`Your rating was not saved: ${NO_SPACE}. Free some space, then rate the card again.`);
    expect(await everything(db)).toEqual(before);
    // ...and the session went back to what is stored: a-two again, as stored, with the counts from before.
    expect(s.phase).toBe('question');
    expect(s.shown?.card).toEqual(await mustGet(db, 'a-two:0'));
    expect(s.counts).toEqual(counts);
    expect(s.undoable).toBe(0);

    // Space again: the same rating is stored, and the message goes.
    space();
    reveal(s);
    await s.rate(Rating.Good);
    await s.settled();
    expect(s.error).toBeNull();
    expect(historyColumn((await mustGet(db, 'a-two:0')).history, 'rating')).toEqual([Rating.Good]);
    expect(s.shown?.card.id).toBe('a-three:0');
  });

  it('stores none of several ratings given before the first write failed, and goes back to the first', async () => {
    const s = session();
    await s.start();
    const before = await everything(db);
    full();
    reveal(s);
    const first = s.rate(Rating.Easy); // a-one
    reveal(s);
    const second = s.rate(Rating.Easy); // a-two, given while a-one's write waits for the next frame
    await Promise.all([first, second]);
    await s.settled();
    expect(s.error).toMatch(/^Your rating was not saved: there is no space left/);
    expect(await everything(db)).toEqual(before);
    expect(s.shown?.card.id).toBe('a-one:0');
    expect(s.shown?.card).toEqual(await mustGet(db, 'a-one:0'));
  });

  it('an undo that cannot be saved says so and leaves the rating (and the screen) as they were', async () => {
    const s = session();
    await s.start();
    reveal(s);
    await s.rate(Rating.Good);
    await s.settled();
    const before = await everything(db);
    full();
    await s.undo();
    expect(s.error).toBe(`The rating was not undone: ${NO_SPACE}. Free some space, then undo again.`);
    expect(await everything(db)).toEqual(before);
    expect(s.shown?.card.id).toBe('a-two:0');
    expect(s.undoable).toBe(1);
    space();
    await s.undo();
    expect(s.error).toBeNull();
    expect(s.shown?.card.id).toBe('a-one:0');
    expect(historyColumn((await mustGet(db, 'a-one:0')).history, 'rating')).toEqual([]);
  });
});

describe('an import when storage is full', () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));
  const sql = initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }) as Promise<SqlEngine>;
  const inProcess = (): ImportChannel => {
    const listeners: ((r: ImportReply) => void)[] = [];
    const handle = createImportHandler({ post: (r) => listeners.forEach((l) => l(r)), db: () => db, loadSql: () => sql, now: () => T0 });
    return { send: (request) => void handle(request), onReply: (l) => listeners.push(l), close: () => {} };
  };
  const file = (name: string, bytes: Uint8Array) => ({ name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer });
  const csv = () => file('Spanish verbs.csv', new TextEncoder().encode('ser,to be\nir,to go\n'));
  const IMPORT_FULL = `The import was not saved: ${NO_SPACE}. Free some space, then import the file again.`;

  it('a text file: says so, leaves nothing behind, and imports once there is space', async () => {
    let imported = 0;
    const job = new ImportJob(inProcess, () => void imported++);
    const before = await everything(db);
    await job.open(csv());
    full();
    await job.importText({ firstRowIsHeader: false, columns: { front: 0, back: 1 }, deckName: 'Spanish verbs' });
    expect(job.phase).toBe('failed');
    expect(job.error).toBe(IMPORT_FULL);
    expect(imported).toBe(0);
    expect(await everything(db)).toEqual(before);

    space();
    await job.open(csv());
    await job.importText({ firstRowIsHeader: false, columns: { front: 0, back: 1 }, deckName: 'Spanish verbs' });
    expect(job.phase).toBe('done');
    expect(job.summary).toMatchObject({ decksAdded: ['Spanish verbs'], notesAdded: 2 });
    expect((await db.decks.toArray()).map((d) => d.name)).toContain('Spanish verbs');
  });

  it('an Anki package with history and a picture: says so and leaves nothing behind', async () => {
    const job = new ImportJob(inProcess, () => {});
    const collection = await buildAnkiCollection({
      schema: 11,
      notetypes: [basicNotetype(5)],
      decks: [{ id: 7, name: 'Geo' }],
      notes: [{ id: 1, guid: 'g1', notetypeId: 5, fields: ['Capital of Peru? <img src="peru.png">', 'Lima'] }],
      cards: [{ id: 1, noteId: 1, ord: 0, deckId: 7, type: 2, due: 1 }],
      revlog: [{ id: T0 - 5 * 86_400_000, cardId: 1, ease: 3, type: 0, ms: 3000 }],
    });
    const bytes = buildAnkiPackage({ generation: 'anki2', collection, media: [{ name: 'peru.png', data: new Uint8Array([1, 2, 3]) }] });
    const before = await everything(db);
    full();
    await job.open(file('geo.apkg', bytes));
    expect(job.phase).toBe('failed');
    expect(job.error).toBe(IMPORT_FULL);
    expect(await everything(db)).toEqual(before);
  });
});
