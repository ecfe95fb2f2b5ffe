// The benchmark's in-page half: generates a collection from a fixed seed, writes it with the app's storage code
// (write_ms), and writes the same number of plain records of the same size with bare IndexedDB (floor_ms).
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { RetainDB } from '../../../src/renderer/src/storage/db';
import { writeCollection } from '../../../src/renderer/src/storage/write-collection';
import { describeCollection, generateCollection, SIZES, type Collection } from '../generate';

let collection: Collection | null = null;

function plainRecords(c: Collection): { id: string; data: string }[] {
  // One plain record per stored record, each as large as that record's JSON: the floor is the cost of the bytes and
  // the requests alone, without our structure or indexes.
  const all: unknown[] = [...c.decks, ...c.notes, ...c.cards, ...c.days];
  return all.map((r, i) => ({ id: `r${i}`, data: 'x'.repeat(JSON.stringify(r).length) }));
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

const api = {
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
