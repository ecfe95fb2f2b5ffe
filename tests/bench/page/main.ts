// The benchmark's in-page half: generates a collection from a fixed seed, writes it with the app's storage code
// (write_ms), and writes the same number of plain records of the same size with bare IndexedDB (floor_ms).
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { RetainDB } from '../../../src/renderer/src/storage/db';
import { writeCollection } from '../../../src/renderer/src/storage/write-collection';
import { describeCollection, generateCollection, SIZES, type Collection } from '../generate';

let collection: Collection | null = null;

/** About how many bytes a value takes when stored: 8 per number, 1 per character, a typed array's byte length. */
function storedBytes(value: unknown): number {
  if (typeof value === 'number') return 8;
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value === 'boolean' || value === undefined) return 1;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + storedBytes(v), 0);
  return Object.entries(value as object).reduce((n, [k, v]) => n + k.length + storedBytes(v), 0);
}

function plainRecords(c: Collection): { id: string; data: string }[] {
  // One plain record per stored record, each holding as many bytes as that record: the floor is the cost of the
  // bytes and the requests alone, without our structure or indexes.
  const all: unknown[] = [...c.decks, ...c.notes, ...c.cards, ...c.days];
  return all.map((r, i) => ({ id: `r${i}`, data: 'x'.repeat(storedBytes(r)) }));
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((done, fail) => {
    r.onsuccess = () => done(r.result);
    r.onerror = () => fail(r.error);
  });
}

async function bareWrite(records: { id: string; data: string }[]): Promise<number> {
  const name = 'retain-bench-floor';
  await request(indexedDB.deleteDatabase(name));
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('records', { keyPath: 'id' });
  const db = await request(open);
  const started = performance.now();
  await new Promise<void>((done, fail) => {
    const tx = db.transaction('records', 'readwrite');
    const store = tx.objectStore('records');
    for (const r of records) store.put(r);
    tx.oncomplete = () => done();
    tx.onerror = () => fail(tx.error);
  });
  const ms = performance.now() - started;
  db.close();
  await request(indexedDB.deleteDatabase(name));
  return ms;
}

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
    days_today: await time(() => db.days.bulkGet(decks.map((d) => [d, 20_000] as [string, number]))),
    buried: await time(() => db.cards.where('buriedDay').below(Infinity).toArray()),
    learning_records_per_deck: await time(() => Promise.all(decks.map((d) => range(d, 1, end).toArray()))),
    reviews_count_all_due_per_deck: await time(() => Promise.all(decks.map((d) => range(d, 2, end).count()))),
  };
  db.close();
  return out;
}

const api = {
  probeQueries,
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
  async floor(): Promise<number> {
    if (!collection) throw new Error('generate first');
    const records = plainRecords(collection);
    collection = null; // let the generated data go before the app is measured
    return bareWrite(records);
  },
};

(globalThis as unknown as { retainBench: typeof api }).retainBench = api;
document.getElementById('status')!.dataset.ready = 'true';
