// Schema versions: a database written by an older version opens in the current one with its data intact.
import { readNoteTexts } from '../../../src/renderer/src/storage/note-texts';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { entryAt, historyLength, historyOf } from '../../../src/core/history';
import { Queue, type CardRecord } from '../../../src/core/model';
import { newSchedState, Rating, Scheduler, State } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { dayNumber } from '../../../src/core/day';
import { columnsOf, NO_REVIEW, rowOf, rowsOf } from '../../../src/core/card-columns';
import { blocksOf } from '../../../src/core/day-blocks';
import { digestsOf } from '../../../src/core/day-digests';
import { noteTextRows } from '../../../src/core/note-texts';
import { emptyDay } from '../../../src/core/model';
import { cardsOfNotes, unburyBefore } from '../../../src/renderer/src/storage/collection';
import { RetainDB } from '../../../src/renderer/src/storage/db';
import { allDaySummaries, daySummary } from '../../../src/renderer/src/storage/days';
import { storedRows } from './fixtures';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
/** T0's study day here (the summaries are recounted in the local time zone). */
const DAY0 = dayNumber(T0, DEFAULT_SETTINGS.dayStartHour);
/** The schema version this code opens at. */
const LATEST = 10;
const V1_STORES = {
  decks: 'id',
  notes: 'id, deckId',
  cards: 'id, noteId, [deckId+queue+due], queue',
  days: '[deckId+day], day',
  settings: 'id',
};

describe('version 1 -> 3: histories packed into one Float64Array, lean card indexes', () => {
  it('keeps every review of every card, and the cards stay findable through their indexes', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    const sched = { due: T0 + 2 * 86_400_000, stability: 2.3, difficulty: 5.1, elapsedDays: 0, scheduledDays: 2, learningSteps: 0, reps: 2, lapses: 0, state: State.Review, lastReview: T0 + 600_000 };
    await v1.table('cards').bulkPut([
      {
        id: 'n1:0', noteId: 'n1', deckId: 'd', ord: 0, position: 0, queue: Queue.Review, due: sched.due, sched,
        history: {
          t: [T0, T0 + 600_000], rating: [3, 3], ms: [4000, 3000], elapsed: [0, 0], state: [State.New, State.Learning],
          due: [T0, T0 + 600_000], lastReview: [null, T0], stability: [0, 2.3], difficulty: [0, 5.1],
          elapsedDays: [0, 0], scheduledDays: [0, 0], learningSteps: [0, 1],
        },
      },
      {
        id: 'n1:1', noteId: 'n1', deckId: 'd', ord: 1, position: 1, queue: Queue.Buried, buriedDay: 20458, due: 1,
        sched: { ...sched, state: State.New, reps: 0, lastReview: null, due: T0 },
        history: { t: [], rating: [], ms: [], elapsed: [], state: [], due: [], lastReview: [], stability: [], difficulty: [], elapsedDays: [], scheduledDays: [], learningSteps: [] },
      },
      {
        id: 'n2:0', noteId: 'n2', deckId: 'd', ord: 0, position: 1000, queue: Queue.New, due: 1000,
        sched: { ...sched, state: State.New, reps: 0, lastReview: null, due: T0 },
        history: { t: [], rating: [], ms: [], elapsed: [], state: [], due: [], lastReview: [], stability: [], difficulty: [], elapsedDays: [], scheduledDays: [], learningSteps: [] },
      },
    ]);
    await v1.table('days').put({ deckId: 'd', day: DAY0, reviews: 2, newSeen: 1, reviewCards: 0, ratings: [0, 0, 2, 0], kinds: [2, 0, 0, 0], timeMs: 7000 });
    v1.close();

    const db = new RetainDB(name);
    const studied = await db.cards.get('n1:0');
    expect(studied?.history).toBeInstanceOf(Float64Array);
    expect(historyLength(studied!.history)).toBe(2);
    expect(entryAt(studied!.history, 0)).toMatchObject({ t: T0, rating: 3, ms: 4000, prev: { state: State.New, lastReview: null } });
    expect(entryAt(studied!.history, 1)).toMatchObject({ t: T0 + 600_000, prev: { state: State.Learning, lastReview: T0, learningSteps: 1 } });
    expect(studied!.sched).toEqual(sched);
    const fresh = await db.cards.get('n2:0');
    expect(historyLength(fresh!.history)).toBe(0);
    // Indexes and the other tables are as they were.
    expect(await db.cards.where('[deckId+queue+due]').between(['d', Queue.Review, -Infinity], ['d', Queue.Review, Infinity]).primaryKeys()).toEqual(['n1:0']);
    expect(await daySummary(db, 'd', DAY0)).toMatchObject({ reviews: 2, timeMs: 7000 });
    // Version 3: a note's cards are found by their ids, buried cards by the day they were set aside.
    expect((await cardsOfNotes(db, ['n1'])).map((c) => c.id).sort()).toEqual(['n1:0', 'n1:1']);
    expect(await unburyBefore(db, 20459)).toBe(1);
    expect(await db.cards.get('n1:1')).toMatchObject({ queue: Queue.New, due: 1 });
    expect(db.verno).toBe(LATEST);
    db.close();
  });
});

describe('version 4 -> 5: day summaries recounted with what the statistics need', () => {
  it('recounts every day from the histories, by kind, button and clock hour, and drops a summary no history backs', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v4 = new Dexie(name);
    v4.version(4).stores({ ...V1_STORES, notes: 'id', cards: 'id, [deckId+queue+due], buriedDay', days: '[deckId+day]', notetypes: 'id', media: 'name' });
    // A new card answered Good, then Again ten minutes later (learning both times), on study day DAY0.
    const scheduler = new Scheduler(DEFAULT_SETTINGS);
    const first = scheduler.answer('n1:0', newSchedState(T0), Rating.Good, T0, 4000);
    const second = scheduler.answer('n1:0', first.next, Rating.Again, T0 + 600_000, 3000);
    await v4.table('cards').put({
      id: 'n1:0', noteId: 'n1', deckId: 'd', ord: 0, position: 0, queue: Queue.Learning, due: second.next.due, sched: second.next,
      history: historyOf([first.entry, second.entry]),
    });
    await v4.table('days').bulkPut([
      { deckId: 'd', day: DAY0, reviews: 2, newSeen: 1, reviewCards: 0, ratings: [1, 0, 1, 0], kinds: [2, 0, 0, 0], timeMs: 7000 },
      { deckId: 'gone', day: 20000, reviews: 1, newSeen: 1, reviewCards: 0, ratings: [0, 0, 1, 0], kinds: [1, 0, 0, 0], timeMs: 1000 },
    ]);
    v4.close();

    const db = new RetainDB(name);
    const hour = new Date(T0).getHours();
    expect(await allDaySummaries(db)).toEqual([
      {
        deckId: 'd', day: DAY0, reviews: 2, newSeen: 1, reviewCards: 0, timeMs: 7000,
        answers: [1, 0, 1, 0, ...new Array(12).fill(0)], // learning: one Again, one Good
        kindMs: [7000, 0, 0, 0],
        hours: Array.from({ length: 24 }, (_, h) => (h === hour ? 2 : 0)),
        hourPasses: Array.from({ length: 24 }, (_, h) => (h === hour ? 1 : 0)),
      },
    ]);
    expect(db.verno).toBe(LATEST);
    db.close();
  });
});

describe('version 5 -> 6: day summaries in blocks of days, card summaries in columns', () => {
  it('keeps every day summary as it was, and builds a summary of every card', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v5 = new Dexie(name);
    v5.version(5).stores({ ...V1_STORES, notes: 'id', cards: 'id, [deckId+queue+due], buriedDay', days: '[deckId+day]', notetypes: 'id', media: 'name' });
    const scheduler = new Scheduler(DEFAULT_SETTINGS);
    const first = scheduler.answer('n1:0', newSchedState(T0), Rating.Good, T0, 4000);
    const studied = {
      id: 'n1:0', noteId: 'n1', deckId: 'd', ord: 0, position: 0, queue: Queue.Learning, due: first.next.due, sched: first.next,
      history: historyOf([first.entry]),
    };
    const fresh = { ...studied, id: 'n2:0', noteId: 'n2', position: 1000, queue: Queue.New, due: 1000, sched: newSchedState(T0), history: historyOf([]) };
    await v5.table('cards').bulkPut([studied, fresh]);
    const hour = new Date(T0).getHours();
    const summary = (deckId: string, day: number, n: number) => ({
      deckId, day, reviews: n, newSeen: n, reviewCards: 0, timeMs: 4000 * n,
      answers: [0, 0, n, 0, ...new Array(12).fill(0)], kindMs: [4000 * n, 0, 0, 0],
      hours: Array.from({ length: 24 }, (_, h) => (h === hour ? n : 0)), hourPasses: Array.from({ length: 24 }, (_, h) => (h === hour ? n : 0)),
    });
    // Two days in one block, one in the next, and another deck's day.
    const days = [summary('d', DAY0, 1), summary('d', DAY0 - 40, 3), summary('d', DAY0 - 1, 2), summary('e', DAY0, 5)];
    await v5.table('days').bulkPut(days);
    v5.close();

    const db = new RetainDB(name);
    const byKey = (a: { deckId: string; day: number }, b: { deckId: string; day: number }) => `${a.deckId}/${a.day}`.localeCompare(`${b.deckId}/${b.day}`);
    expect((await allDaySummaries(db)).sort(byKey)).toEqual([...days].sort(byKey));
    expect(await db.dayBlocks.count()).toBe(new Set(days.map((d) => `${d.deckId}/${Math.floor(d.day / 32)}`)).size);
    const rows = await storedRows(db);
    expect(rows).toEqual(new Map([['n1:0', rowOf(studied)], ['n2:0', rowOf(fresh)]]));
    expect(db.verno).toBe(LATEST);
    db.close();
  });
});

describe('version 6 -> 7: a digest of each deck\'s day blocks, card summaries timed to the minute', () => {
  it('builds the digests from the blocks and turns the stored columns into the compact ones, rows unchanged', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v6 = new Dexie(name);
    v6.version(6).stores({
      ...V1_STORES, notes: 'id', cards: 'id, [deckId+queue+due], buriedDay', days: null, notetypes: 'id', media: 'name',
      dayBlocks: '[deckId+block]', hourBlocks: '[deckId+block]', cardColumns: 'chunk', cardColumnIds: 'chunk',
    });
    const scheduler = new Scheduler(DEFAULT_SETTINGS);
    // Due and last review at odd seconds: version 6 kept them to the millisecond.
    const first = scheduler.answer('n1:0', newSchedState(T0), Rating.Good, T0 + 12_345, 4000);
    const studied = {
      id: 'n1:0', noteId: 'n1', deckId: 'd', ord: 0, position: 0, queue: Queue.Learning, due: first.next.due, sched: first.next,
      history: historyOf([first.entry]),
    };
    const fresh = { ...studied, id: 'n2:0', noteId: 'n2', position: 1000, queue: Queue.New, due: 1000, sched: newSchedState(T0 + 777), history: historyOf([]) };
    await v6.table('cards').bulkPut([studied, fresh]);
    // Version 6's chunk of these two cards (both in one chunk here: the chunk is only where they are stored).
    await v6.table('cardColumns').put({
      chunk: 5, deckIds: ['d'], deck: new Uint16Array([0, 0]), queue: new Int8Array([Queue.Learning, Queue.New]),
      state: new Uint8Array([studied.sched.state, State.New]), due: new Float64Array([studied.sched.due, fresh.sched.due]),
      lastReview: new Float64Array([studied.sched.lastReview!, Number.NaN]), stability: new Float32Array([studied.sched.stability, 0]),
      difficulty: new Float32Array([studied.sched.difficulty, 0]), scheduledDays: new Uint32Array([0, 0]),
    });
    await v6.table('cardColumnIds').put({ chunk: 5, ids: ['n1:0', 'n2:0'] });
    const day = (deckId: string, d: number, n: number) => {
      const s = emptyDay(deckId, d);
      s.answers[5] = n; // young Hard
      s.reviews = n;
      return s;
    };
    const blocks = blocksOf([day('d', DAY0, 1), day('d', DAY0 - 40, 3), day('e', DAY0 - 2, 2)]);
    await v6.table('dayBlocks').bulkPut(blocks.days);
    await v6.table('hourBlocks').bulkPut(blocks.hours);
    v6.close();

    const db = new RetainDB(name);
    // (Version 8 then builds the summaries again from the cards: the rows are what both versions must give.)
    for (const chunk of await db.cardColumns.toArray()) expect(chunk.due).toBeInstanceOf(Uint32Array);
    const rows = await storedRows(db);
    expect(rows).toEqual(new Map([['n1:0', rowOf(studied)], ['n2:0', rowOf(fresh)]]));
    expect(rows.get('n1:0')!.lastReview).toBe(Math.floor((T0 + 12_345) / 60_000) * 60_000);
    expect(rows.get('n2:0')!.lastReview).toBeNull();
    const digests = await db.dayDigests.toArray();
    expect(digests).toEqual(digestsOf(blocks.days));
    expect(digests.map((d) => [d.deckId, d.blocks.length, [...d.retention].reduce((a, b) => a + b, 0)])).toEqual([['d', 2, 4], ['e', 1, 2]]);
    expect(db.verno).toBe(LATEST);
    db.close();
  });
});

describe('version 7 -> 8: the card browser\'s columns (answers, lapses, flag, when added)', () => {
  it('rebuilds the card summaries from the cards, with the new columns filled in', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v7 = new Dexie(name);
    v7.version(7).stores({
      ...V1_STORES, notes: 'id', cards: 'id, [deckId+queue+due], buriedDay', days: null, notetypes: 'id', media: 'name',
      dayBlocks: '[deckId+block]', hourBlocks: '[deckId+block]', cardColumns: 'chunk', cardColumnIds: 'chunk', dayDigests: 'deckId',
    });
    const scheduler = new Scheduler(DEFAULT_SETTINGS);
    const first = scheduler.answer('n1:0', newSchedState(T0), Rating.Again, T0 + 60_000, 4000);
    const studied = {
      id: 'n1:0', noteId: 'n1', deckId: 'd', ord: 0, position: 0, queue: Queue.Learning, due: first.next.due, sched: first.next,
      history: historyOf([first.entry]), flag: 2,
    };
    const fresh = { ...studied, id: 'n2:0', noteId: 'n2', position: 1000, queue: Queue.New, due: 1000, sched: newSchedState(T0 + 5 * 60_000), history: historyOf([]), flag: undefined };
    await v7.table('cards').bulkPut([studied, fresh]);
    // Version 7's chunk: no reps, lapses, flag or added columns.
    await v7.table('cardColumns').put({
      chunk: 5, deckIds: ['d'], deck: new Uint16Array([0, 0]), queue: new Int8Array([Queue.Learning, Queue.New]),
      state: new Uint8Array([studied.sched.state, State.New]), due: new Uint32Array([0, 0]), lastReview: new Uint32Array([0, NO_REVIEW]),
      stability: new Float32Array([0, 0]), difficulty: new Float32Array([0, 0]), scheduledDays: new Uint16Array([0, 0]),
    });
    await v7.table('cardColumnIds').put({ chunk: 5, ids: ['n1:0', 'n2:0'] });
    v7.close();

    const db = new RetainDB(name);
    const rows = await storedRows(db);
    expect(rows.get('n1:0')).toMatchObject({ reps: 1, lapses: 0, flag: 2, added: T0 });
    expect(rows.get('n2:0')).toMatchObject({ reps: 0, flag: 0, added: T0 + 5 * 60_000 });
    expect(db.verno).toBe(LATEST);
    db.close();
  });
});

describe('version 8 -> 9: the notes\' plain texts for the browser; the browser\'s card columns apart', () => {
  it('builds the texts from the stored notes, and splits each chunk of card summaries in two', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v8 = new Dexie(name);
    v8.version(8).stores({
      ...V1_STORES, notes: 'id', cards: 'id, [deckId+queue+due], buriedDay', days: null, notetypes: 'id', media: 'name',
      dayBlocks: '[deckId+block]', hourBlocks: '[deckId+block]', cardColumns: 'chunk', cardColumnIds: 'chunk', dayDigests: 'deckId',
    });
    const scheduler = new Scheduler(DEFAULT_SETTINGS);
    const first = scheduler.answer('n1:0', newSchedState(T0), Rating.Easy, T0 + 60_000, 4000);
    const card: CardRecord = {
      id: 'n1:0', noteId: 'n1', deckId: 'd', ord: 0, position: 0, queue: Queue.Review, due: first.next.due, sched: first.next,
      history: historyOf([first.entry]), flag: 3,
    };
    await v8.table('cards').put(card);
    // Version 8's chunk: one record with every column.
    const v8chunk = columnsOf([card]);
    await v8.table('cardColumns').bulkPut(v8chunk.columns);
    await v8.table('cardColumnIds').bulkPut(v8chunk.ids);
    await v8.table('notes').bulkPut([
      { id: 'n1', deckId: 'd', kind: 'basic', fields: { front: '<b>Bold</b> question', back: 'Answer' }, tags: ['t1', 't2'], section: '', position: 0, retired: false },
      { id: 'n2', deckId: 'd', kind: 'cloze', fields: { text: '{{c1::Paris}} is a city' }, tags: [], section: '', position: 1, retired: false },
    ]);
    v8.close();

    const db = new RetainDB(name);
    expect(noteTextRows(await readNoteTexts(db))).toEqual(
      new Map([
        ['n1', { text: 'Bold question\x1fAnswer', tags: 't1 t2' }],
        ['n2', { text: 'Paris is a city', tags: '' }],
      ]),
    );
    // The chunk is now two records: the statistics' columns, and the browser's.
    const [stats] = await db.cardColumns.toArray();
    expect(Object.keys(stats!).sort()).toEqual(['chunk', 'deckIds', 'deck', 'queue', 'state', 'due', 'lastReview', 'stability', 'difficulty', 'scheduledDays'].sort());
    expect(await db.browseColumns.count()).toBe(1);
    expect((await storedRows(db)).get('n1:0')).toEqual(rowOf(card));
    expect(db.verno).toBe(LATEST);
    db.close();
  });
});

describe('version 9 -> 10: note texts as three strings a chunk', () => {
  it('builds them again from the notes', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v9 = new Dexie(name);
    v9.version(9).stores({
      ...V1_STORES, notes: 'id', cards: 'id, [deckId+queue+due], buriedDay', days: null, notetypes: 'id', media: 'name',
      dayBlocks: '[deckId+block]', hourBlocks: '[deckId+block]', cardColumns: 'chunk', cardColumnIds: 'chunk', dayDigests: 'deckId',
      noteTexts: 'chunk', browseColumns: 'chunk',
    });
    const notes = [{ id: 'n1', deckId: 'd', kind: 'basic', fields: { front: 'Front', back: 'Back' }, tags: ['t'], section: '', position: 0, retired: false }];
    await v9.table('notes').bulkPut(notes);
    // Version 9's chunk: arrays of strings.
    await v9.table('noteTexts').put({ chunk: 1, ids: ['n1'], text: ['Front\x1fBack'], tags: ['t'] });
    v9.close();

    const db = new RetainDB(name);
    expect(noteTextRows(await readNoteTexts(db))).toEqual(new Map([['n1', { text: 'Front\x1fBack', tags: 't' }]]));
    expect(typeof (await db.noteTexts.toArray())[0]!.ids).toBe('string');
    expect(db.verno).toBe(LATEST);
    db.close();
  });
});
