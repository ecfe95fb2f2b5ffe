// The floor the benchmark compares writes with: as many plain records, each holding as many bytes, written with bare
// IndexedDB in one transaction, no indexes. It is the cost of the bytes and the requests alone.

/** About how many bytes a value takes when stored: 8 per number, 1 per character, a typed array's byte length. */
export function storedBytes(value: unknown): number {
  if (typeof value === 'number') return 8;
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value === 'boolean' || value === undefined) return 1;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + storedBytes(v), 0);
  return Object.entries(value as object).reduce((n, [k, v]) => n + k.length + storedBytes(v), 0);
}

/** One plain record per stored record, each holding as many bytes as that record, without our structure. */
export function plainRecords(records: readonly unknown[]): { id: string; data: string }[] {
  return records.map((r, i) => ({ id: `r${i}`, data: 'x'.repeat(storedBytes(r)) }));
}

export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((done, fail) => {
    r.onsuccess = () => done(r.result);
    r.onerror = () => fail(r.error);
  });
}

/**
 * Creates a database of its own (`upgrade` makes its object stores), makes the writes `write` asks for in one
 * transaction, and deletes it again; the time from the first write asked for until the transaction commits.
 */
export async function timedWrite(name: string, upgrade: (db: IDBDatabase) => void, write: (tx: IDBTransaction) => void): Promise<number> {
  await request(indexedDB.deleteDatabase(name));
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => upgrade(open.result);
  const db = await request(open);
  const started = performance.now();
  await new Promise<void>((done, fail) => {
    const tx = db.transaction([...db.objectStoreNames], 'readwrite');
    write(tx);
    tx.oncomplete = () => done();
    tx.onerror = () => fail(tx.error);
  });
  const ms = performance.now() - started;
  db.close();
  await request(indexedDB.deleteDatabase(name));
  return ms;
}

/** Writes `records` into a database of their own in one transaction; the time until it commits. */
export function bareWrite(records: { id: string; data: string }[]): Promise<number> {
  return timedWrite(
    'retain-bench-floor',
    (db) => db.createObjectStore('records', { keyPath: 'id' }),
    (tx) => {
      const store = tx.objectStore('records');
      for (const r of records) store.put(r);
    },
  );
}
