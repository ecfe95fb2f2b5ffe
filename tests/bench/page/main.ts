// The benchmark's in-page half: generates a collection from a fixed seed, writes it with the app's storage code
// (write_ms), and writes the same number of plain records of the same size with bare IndexedDB (floor_ms); and
// generates files to import, imports them with the app's import code and measures their floor (import-bench.ts).
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import Dexie from 'dexie';
import { blockOfDay } from '../../../src/core/day-blocks';
import { DB_NAME, RetainDB } from '../../../src/renderer/src/storage/db';
import { readTrainingSet } from '../../../src/renderer/src/storage/training';
import { writeCollection } from '../../../src/renderer/src/storage/write-collection';
import { describeCollection, generateCollection, SIZES, type Collection } from '../generate';
import { bareWrite, plainRecords } from './floor';
import { importFloor, importSchemaFloor, importSizing, loadImport, prepareImport, runImport, saveImport } from './import-bench';

let collection: Collection | null = null;

/** Times each kind of query the deck list makes, one kind at a time, on the collection as written (for profiling). */
async function probeQueries(): Promise<Record<string, number>> {
  const db = new RetainDB();
  await db.open();
  const decks = (await db.decks.toArray()).map((d) => d.id);
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const end = Date.now() + 86_400_000;
  const range = (deckId: string, queue: number, upper: number) =>
    db.cards.where('[deckId+queue+due]').between([deckId, queue, -Infinity], [deckId, queue, upper], true, false);
  const out: Record<string, number> = {
    learning_keys_per_deck: await time(() => Promise.all(decks.map((d) => range(d, 1, end).primaryKeys()))),
    reviews_keys_per_deck: await time(() => Promise.all(decks.map((d) => range(d, 2, end).limit(200).primaryKeys()))),
    news_keys_per_deck: await time(() => Promise.all(decks.map((d) => range(d, 0, Infinity).limit(50).primaryKeys()))),
    days_today: await time(() => db.dayBlocks.bulkGet(decks.map((d) => [d, blockOfDay(20_000)] as [string, number]))),
    buried: await time(() => db.cards.where('buriedDay').below(Infinity).toArray()),
    learning_records_per_deck: await time(() => Promise.all(decks.map((d) => range(d, 1, end).toArray()))),
    reviews_count_all_due_per_deck: await time(() => Promise.all(decks.map((d) => range(d, 2, end).count()))),
  };
  db.close();
  return out;
}

const api = {
  probeQueries,
  prepareImport,
  saveImport,
  loadImport,
  importSizing,
  importFloor,
  importSchemaFloor,
  runImport,
  generate(size: keyof typeof SIZES, nowMs: number) {
    const started = performance.now();
    collection = generateCollection(SIZES[size], DEFAULT_SETTINGS, nowMs);
    return { ...describeCollection(collection, nowMs, DEFAULT_SETTINGS.dayStartHour), generate_ms: performance.now() - started };
  },
  async write(): Promise<number> {
    if (!collection) throw new Error('generate first');
    const db = new RetainDB();
    await db.open();
    const started = performance.now();
    await writeCollection(db, collection);
    const ms = performance.now() - started;
    db.close();
    return ms;
  },
  /** The floor: a bare write of plain records as large as the collection's (this browser is used for nothing else). */
  async floor(): Promise<number> {
    if (!collection) throw new Error('generate first');
    return bareWrite(plainRecords([...collection.decks, ...collection.notes, ...collection.cards, ...collection.days]));
  },
  /**
   * The optimizer's training set of the whole collection, read with the app's code (storage/training.ts), with the
   * time that took; as plain arrays, which the benchmark's Node half makes typed again.
   */
  async trainingSet(): Promise<{ read_ms: number; set: Record<string, number[] | number> }> {
    const db = new RetainDB();
    await db.open();
    const started = performance.now();
    const set = await readTrainingSet(db, null, DEFAULT_SETTINGS.dayStartHour);
    const read_ms = performance.now() - started;
    db.close();
    return {
      read_ms,
      set: { ratings: [...set.ratings], deltas: [...set.deltas], starts: [...set.starts], ends: [...set.ends], reviews: set.reviews, cards: set.cards },
    };
  },
  /** Deletes the app's database, so the next write starts from an empty one (as in a fresh profile). */
  async clear(): Promise<void> {
    await Dexie.delete(DB_NAME);
  },
};

(globalThis as unknown as { retainBench: typeof api }).retainBench = api;
document.getElementById('status')!.dataset.ready = 'true';
