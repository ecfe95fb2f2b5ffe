// Writing an imported bundle: new notes with their histories replayed, re-imports that update without losing progress,
// and the promise that a failed or cancelled import changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyLength } from '../../../src/core/history';
import type { ImportBundle, ImportedReview } from '../../../src/core/import/bundle';
import { Queue } from '../../../src/core/model';
import { recountDays, replayCard } from '../../../src/core/replay';
import { Rating, Scheduler, State } from '../../../src/core/scheduler';
import { RetainDB } from '../../../src/renderer/src/storage/db';
import { ImportCancelled, importBundle } from '../../../src/renderer/src/storage/import-bundle';
import { allDaySummaries } from '../../../src/renderer/src/storage/days';
import { rowsOf } from '../../../src/core/card-columns';
import { DAY, derived, freshDb, settingsWith, storedRows, T0 } from './fixtures';

const settings = settingsWith();
const NOW = T0 + 400 * DAY;
const review = (t: number, rating: ImportedReview['rating']): ImportedReview => ({ t, rating, ms: 4000, kind: 'review' });

function bundle(overrides: Partial<ImportBundle> = {}): ImportBundle {
  return {
    file: 'spanish.apkg',
    format: 'apkg',
    notetypes: [
      {
        id: '111',
        name: 'Basic (and reversed card)',
        kind: 'standard',
        fields: ['Front', 'Back'],
        templates: [
          { name: 'Card 1', front: '{{Front}}', back: '{{FrontSide}}<hr id=answer>{{Back}}' },
          { name: 'Card 2', front: '{{Back}}', back: '{{FrontSide}}<hr id=answer>{{Front}}' },
        ],
        css: '.card { font-size: 20px; }',
      },
      { id: '222', name: 'Cloze', kind: 'cloze', fields: ['Text', 'Back Extra'], templates: [{ name: 'Cloze', front: '{{cloze:Text}}', back: '{{cloze:Text}}<br>{{Back Extra}}' }], css: '' },
    ],
    decks: [
      { id: '1700', name: 'Spanish::Verbs', description: 'Irregular verbs' },
      { id: '1800', name: 'Spanish::Nouns' },
    ],
    notes: [
      { guid: 'g-ser', notetypeId: '111', fields: ['ser', 'to be <img src="be.png">'], tags: ['verb', 'irregular'] },
      { guid: 'g-casa', notetypeId: '111', fields: ['la casa', 'house'], tags: [] },
      { guid: 'g-cloze', notetypeId: '222', fields: ['{{c1::Madrid}} is the capital of {{c2::Spain}}', ''], tags: [] },
    ],
    cards: [
      { noteGuid: 'g-ser', ord: 0, deckId: '1700', suspended: false, reviews: [review(T0, 3), review(T0 + 3 * DAY, 3), review(T0 + 15 * DAY, 3)] },
      { noteGuid: 'g-ser', ord: 1, deckId: '1700', suspended: true, reviews: [review(T0 + DAY, 1), review(T0 + DAY + 600_000, 3)] },
      { noteGuid: 'g-casa', ord: 0, deckId: '1800', suspended: false, reviews: [], newPosition: 5 },
      { noteGuid: 'g-casa', ord: 1, deckId: '1800', suspended: false, reviews: [], newPosition: 5 },
      { noteGuid: 'g-cloze', ord: 0, deckId: '1800', suspended: false, reviews: [], newPosition: 6 },
    ],
    media: [{ name: 'be.png', data: new Uint8Array([1, 2, 3]) }],
    skipped: [],
    ...overrides,
  };
}

let db: RetainDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

async function snapshot(d: RetainDB) {
  return {
    decks: await d.decks.toArray(),
    notes: await d.notes.toArray(),
    cards: await d.cards.toArray(),
    days: await allDaySummaries(d),
    columns: await storedRows(d),
    notetypes: await d.notetypes.toArray(),
    media: await d.media.toArray(),
  };
}

describe('importBundle', () => {
  it('adds decks, notes and cards, with histories replayed through FSRS and day summaries that recount', async () => {
    const summary = await importBundle(db, bundle(), settings, NOW);
    expect(summary).toMatchObject({ decksAdded: ['Spanish::Verbs', 'Spanish::Nouns'], notesAdded: 3, notesUpdated: 0, cardsAdded: 5, reviewsImported: 5, mediaAdded: 1, problems: [] });

    const decks = await db.decks.toArray();
    expect(decks.map((d) => d.name).sort()).toEqual(['Spanish::Nouns', 'Spanish::Verbs']);
    const note = await db.notes.get('g-ser');
    expect(note).toMatchObject({ kind: 'anki', fields: { Front: 'ser', Back: 'to be <img src="be.png">' }, tags: ['verb', 'irregular'] });
    expect(await db.notetypes.get(note!.notetypeId!)).toMatchObject({ name: 'Basic (and reversed card)', fields: ['Front', 'Back'] });

    const studied = (await db.cards.get('g-ser:0'))!;
    expect(studied.sched).toMatchObject({ state: State.Review, reps: 3, lastReview: T0 + 15 * DAY });
    expect(studied.queue).toBe(Queue.Review);
    const scheduler = new Scheduler(settings);
    const cards = await db.cards.toArray();
    expect(cards.map((c) => replayCard(c, scheduler)).filter(Boolean)).toEqual([]);
    expect((await db.cards.get('g-ser:1'))?.queue).toBe(Queue.Suspended);
    const fresh = (await db.cards.get('g-casa:0'))!;
    expect(fresh).toMatchObject({ queue: Queue.New, sched: { state: State.New } });
    expect(fresh.due).toBeLessThan((await db.cards.get('g-cloze:0'))!.due);

    const { stored, expected } = await derived(db, settings.dayStartHour);
    expect(stored).toEqual(expected);
    expect(stored.days.length).toBeGreaterThan(0);
    expect(stored.columns.size).toBe(cards.length);
    expect((await db.media.get('be.png'))?.data).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('re-importing updates changed notes, keeps every card progress, duplicates nothing, adds new cards', async () => {
    await importBundle(db, bundle(), settings, NOW);
    const before = (await db.cards.get('g-ser:0'))!;
    const next = bundle();
    next.notes[0] = { ...next.notes[0]!, fields: ['ser', 'to be (permanent)'] };
    next.notes[2] = { ...next.notes[2]!, fields: ['{{c1::Madrid}} is the capital of {{c2::Spain}} since {{c3::1561}}', ''] };
    // The file's history for the card differs (studied elsewhere): ours is kept.
    next.cards[0] = { ...next.cards[0]!, reviews: [review(T0, 1)] };
    next.cards.push({ noteGuid: 'g-cloze', ord: 2, deckId: '1800', suspended: false, reviews: [] });
    const summary = await importBundle(db, next, settings, NOW + DAY);
    expect(summary).toMatchObject({ decksAdded: [], notesAdded: 0, notesUpdated: 2, notesUnchanged: 1, cardsAdded: 1 });
    expect(await db.notes.count()).toBe(3);
    expect(await db.cards.count()).toBe(6);
    expect(await db.decks.count()).toBe(2);
    expect((await db.notes.get('g-ser'))?.fields.Back).toBe('to be (permanent)');
    const after = (await db.cards.get('g-ser:0'))!;
    expect(after.sched).toEqual(before.sched);
    expect(historyLength(after.history)).toBe(3);
    expect(await db.cards.get('g-cloze:2')).toMatchObject({ queue: Queue.New });
  });

  it('puts notes into an existing deck of the same name (any case)', async () => {
    await importBundle(db, bundle({ decks: [{ id: '1700', name: 'Spanish::Verbs' }, { id: '1800', name: 'Spanish::Nouns' }] }), settings, NOW);
    const other = bundle({
      decks: [{ id: '99', name: 'spanish::verbs' }],
      notes: [{ guid: 'g-ir', notetypeId: '111', fields: ['ir', 'to go'], tags: [] }],
      cards: [{ noteGuid: 'g-ir', ord: 0, deckId: '99', suspended: false, reviews: [] }],
      media: [],
    });
    const summary = await importBundle(db, other, settings, NOW);
    expect(summary.decksAdded).toEqual([]);
    const verbs = (await db.decks.toArray()).find((d) => d.name === 'Spanish::Verbs')!;
    expect((await db.cards.get('g-ir:0'))?.deckId).toBe(verbs.id);
  });

  it('skips, with a reason, a note whose note type is missing and a guid given twice', async () => {
    const b = bundle();
    b.notes.push({ guid: 'g-odd', notetypeId: '999', fields: ['x'], tags: [] }, { ...b.notes[1]!, fields: ['otra casa', 'x'] });
    const summary = await importBundle(db, b, settings, NOW);
    expect(summary.notesAdded).toBe(3);
    expect(summary.notesSkipped).toBe(2);
    expect(summary.problems).toEqual([
      { file: 'spanish.apkg', where: 'note g-odd', message: 'its note type (999) is not in the file' },
      { file: 'spanish.apkg', where: 'note g-casa', message: 'appears twice in the file; the first one was imported' },
    ]);
    expect((await db.notes.get('g-casa'))?.fields.Front).toBe('la casa');
  });

  it('stores a media file whose name is taken by other content under a new name, and points the notes to it', async () => {
    await db.media.put({ name: 'be.png', data: new Uint8Array([9, 9]) });
    const b = bundle();
    b.notes[0] = { ...b.notes[0]!, fields: ['ser (see be.png)', "to be <img src='be.png'> [sound:be.png]"] };
    const summary = await importBundle(db, b, settings, NOW);
    expect(summary.mediaAdded).toBe(1);
    const names = (await db.media.toCollection().primaryKeys()).sort();
    expect(names).toHaveLength(2);
    const renamed = names.find((n) => n !== 'be.png')!;
    expect(renamed).toMatch(/^be-[0-9a-f]{8}\.png$/);
    expect((await db.media.get('be.png'))?.data).toEqual(new Uint8Array([9, 9]));
    expect((await db.notes.get('g-ser'))?.fields).toEqual({ Front: 'ser (see be.png)', Back: `to be <img src='${renamed}'> [sound:${renamed}]` });
    // The same file again is recognised, not stored a third time.
    await importBundle(db, bundle(), settings, NOW);
    expect(await db.media.count()).toBe(2);
  });

  it('changes nothing when the write fails part-way (a card that already exists is never overwritten)', async () => {
    await importBundle(db, bundle({ notes: [], cards: [], media: [] }), settings, NOW);
    // A card with a clashing id but no note (left by another window's import in between, say).
    await db.cards.add({
      id: 'g-cloze:0', noteId: 'g-cloze', deckId: 'x', ord: 0, position: 0, queue: Queue.Review, due: NOW,
      sched: { due: NOW, stability: 5, difficulty: 5, elapsedDays: 0, scheduledDays: 5, learningSteps: 0, reps: 4, lapses: 0, state: State.Review, lastReview: NOW - 5 * DAY },
      history: new Float64Array(),
    });
    const before = await snapshot(db);
    await expect(importBundle(db, bundle(), settings, NOW)).rejects.toThrow();
    expect(await snapshot(db)).toEqual(before);
    expect((await db.cards.get('g-cloze:0'))?.sched.reps).toBe(4);
  });

  it('changes nothing when cancelled while writing', async () => {
    const controller = new AbortController();
    const before = await snapshot(db);
    const big = bundle({
      notes: Array.from({ length: 12_000 }, (_, i) => ({ guid: `n${i}`, notetypeId: '111', fields: [`q${i}`, `a${i}`], tags: [] })),
      cards: Array.from({ length: 12_000 }, (_, i) => ({ noteGuid: `n${i}`, ord: 0, deckId: '1700', suspended: false, reviews: [] })),
    });
    const run = importBundle(db, big, settings, NOW, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'writing' && p.done > 0) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(ImportCancelled);
    expect(await snapshot(db)).toEqual(before);
  });

  it('replays a lapse: the card arrives in review with one lapse', async () => {
    const b = bundle();
    b.cards[0] = {
      ...b.cards[0]!,
      reviews: [review(T0, 3), review(T0 + 600_000, 3), review(T0 + 4 * DAY, Rating.Again), review(T0 + 4 * DAY + 600_000, 3), review(T0 + 9 * DAY, 3)],
    };
    await importBundle(db, b, settings, NOW);
    expect((await db.cards.get('g-ser:0'))?.sched).toMatchObject({ lapses: 1, reps: 5, state: State.Review });
  });
});
