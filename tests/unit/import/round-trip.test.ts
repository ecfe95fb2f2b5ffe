// Export, then import into a fresh profile: the same cards with the same FSRS state and history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportBundle } from '../../../src/core/import/bundle';
import { Queue } from '../../../src/core/model';
import { Rating } from '../../../src/core/scheduler';
import { openImport } from '../../../src/renderer/src/import/pipeline';
import { exportDecks } from '../../../src/renderer/src/state/export';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { importBundle } from '../../../src/renderer/src/storage/import-bundle';
import { allDaySummaries } from '../../../src/renderer/src/storage/days';
import { alphaDeck, answer, DAY, freshDb, settingsWith, T0 } from '../storage/fixtures';

const settings = settingsWith();
const noSql = () => Promise.reject(new Error('no SQL needed'));
const bytes = (text: string) => new TextEncoder().encode(text);

const anki: ImportBundle = {
  file: 'french.apkg',
  format: 'apkg',
  notetypes: [{ id: '77', name: 'Vocab', kind: 'standard', fields: ['Mot', 'Sens'], templates: [{ name: 'Recognise', front: '{{Mot}}', back: '{{FrontSide}}<hr id=answer>{{Sens}}' }, { name: 'Recall', front: '{{Sens}}', back: '{{FrontSide}}<hr id=answer>{{Mot}}' }], css: '.card { color: navy; }' }],
  decks: [{ id: '5', name: 'French::Words' }],
  notes: [
    { guid: 'chat', notetypeId: '77', fields: ['le chat', 'the cat'], tags: ['animal'] },
    { guid: 'chien+/=', notetypeId: '77', fields: ['le chien', 'the dog'], tags: [] },
  ],
  cards: [
    { noteGuid: 'chat', ord: 0, deckId: '5', suspended: false, reviews: [{ t: T0 - 30 * DAY, rating: 3, ms: 3000, kind: 'learn' }, { t: T0 - 20 * DAY, rating: 3, ms: 3000, kind: 'review' }] },
    { noteGuid: 'chat', ord: 1, deckId: '5', suspended: true, reviews: [{ t: T0 - 25 * DAY, rating: 1, ms: 8000, kind: 'learn' }] },
    { noteGuid: 'chien+/=', ord: 0, deckId: '5', suspended: false, reviews: [] },
    { noteGuid: 'chien+/=', ord: 1, deckId: '5', suspended: false, reviews: [] },
  ],
  media: [],
  skipped: [],
};

let a: RetainDB;
let b: RetainDB;
beforeEach(async () => {
  a = freshDb();
  b = freshDb();
  // Both profiles start as a fresh install does: the bundled decks loaded.
  await syncBundledDecks(a, [alphaDeck()], T0);
  await syncBundledDecks(b, [alphaDeck()], T0);
  await importBundle(a, anki, settings, T0);
  await answer(a, 'a-one:0', Rating.Good, T0, settings);
  await answer(a, 'a-cloze:1', Rating.Again, T0 + 60_000, settings);
  await answer(a, 'chien+/=:0', Rating.Easy, T0 + 120_000, settings);
});
afterEach(() => {
  a.close();
  b.close();
});

const studied = async (db: RetainDB) =>
  (await db.cards.toArray())
    .filter((c) => c.history.length > 0 || c.queue === Queue.Suspended)
    .map((c) => ({ id: c.id, queue: c.queue, due: c.due, sched: c.sched, history: [...c.history] }))
    .sort((x, y) => (x.id < y.id ? -1 : 1));

describe('export and import again', () => {
  it('gives the same cards with the same FSRS state and history, in a fresh profile with the bundled decks', async () => {
    const file = await exportDecks(a, undefined, 'json-progress');
    expect(file.name).toBe('Retain collection.json');
    const opened = await openImport(file.name, bytes(file.text), noSql);
    if (opened.kind !== 'bundle') throw new Error('expected a bundle');
    const summary = await importBundle(b, opened.bundle, settings, T0 + DAY);
    expect(summary.problems).toEqual([]);
    expect(await studied(b)).toEqual(await studied(a));
    expect(summary.progressRestored).toBe(2); // the two bundled cards studied in a
    const note = (await b.notes.get('chat'))!;
    expect(note).toMatchObject({ kind: 'anki', fields: { Mot: 'le chat', Sens: 'the cat' }, tags: ['animal'] });
    expect((await b.notetypes.get(note.notetypeId!))?.css).toBe('.card { color: navy; }');
    expect((await b.decks.toArray()).map((d) => d.name).sort()).toEqual((await a.decks.toArray()).map((d) => d.name).sort());
    expect(await allDaySummaries(b)).toEqual(await allDaySummaries(a));

    // Importing the same file again changes nothing.
    const again = await importBundle(b, opened.bundle, settings, T0 + DAY);
    expect(again).toMatchObject({ notesAdded: 0, cardsAdded: 0, progressRestored: 0 });
  });

  it('exports one deck without progress: its cards come in new', async () => {
    const [french] = (await a.decks.toArray()).filter((d) => d.name === 'French::Words');
    const file = await exportDecks(a, [french!.id], 'json');
    const opened = await openImport(file.name, bytes(file.text), noSql);
    if (opened.kind !== 'bundle') throw new Error('expected a bundle');
    await importBundle(b, opened.bundle, settings, T0 + DAY);
    expect((await b.cards.toArray()).filter((c) => c.noteId === 'chat' || c.noteId === 'chien+/=').every((c) => c.history.length === 0)).toBe(true);
    expect(await b.cards.count()).toBe((await a.cards.count()));
  });

  it('exports one deck as text that imports back into the same notes', async () => {
    const [french] = (await a.decks.toArray()).filter((d) => d.name === 'French::Words');
    const file = await exportDecks(a, [french!.id], 'text');
    expect(file.name).toBe('French Words.tsv');
    const opened = await openImport(file.name, bytes(file.text), noSql);
    expect(opened.kind).toBe('text');
    if (opened.kind !== 'text') return;
    expect(opened.parsed.rows.map((r) => r[0])).toEqual(['chat', 'chien+/=']);
    await expect(exportDecks(a, undefined, 'text')).rejects.toThrow('one deck at a time');
  });
});
