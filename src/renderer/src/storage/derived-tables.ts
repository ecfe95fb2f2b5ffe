// What the two middlewares that keep a derived table in step with a source table share (card-columns.ts: the
// per-card summaries of `cards`; day-digests.ts: the digests of `dayBlocks`): every read-write transaction over the
// source also covers the derived tables, and every kind of write to the source is followed, in the same
// transaction, by what it means for them.
import Dexie, { type DBCore, type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreMutateResponse, type DBCoreTable, type DBCoreTransaction } from 'dexie';

/** DBCoreRangeType.Any (a const enum Dexie's types declare but do not export as a value). */
const ANY_RANGE = 3;

/** What a write to the source means for the derived tables. */
export interface Follower<V, K> {
  /** Records added or replaced (the ones the source accepted). */
  upsert(trans: DBCoreTransaction, values: V[]): Promise<void>;
  /** Records deleted, by key. */
  remove(trans: DBCoreTransaction, keys: K[]): Promise<void>;
  /** The whole source cleared (Table.clear(); `all` is its range, for clearing the derived tables with it). */
  clear(trans: DBCoreTransaction, all: DBCoreKeyRange): Promise<void>;
}

/** The items of a write that the store accepted. */
export const succeeded = <T>(items: readonly T[], res: DBCoreMutateResponse): T[] => (res.numFailures === 0 ? [...items] : items.filter((_, i) => !(i in res.failures)));

/** Makes the write to the source, then follows it: only what succeeded; a range deletion first finds its keys. */
export async function mutateAndFollow<V, K>(table: DBCoreTable, req: DBCoreMutateRequest, follow: Follower<V, K>): Promise<DBCoreMutateResponse> {
  const trans = req.trans;
  switch (req.type) {
    case 'add':
    case 'put': {
      const res = await table.mutate(req);
      await follow.upsert(trans, succeeded(req.values as V[], res));
      return res;
    }
    case 'delete': {
      const res = await table.mutate(req);
      await follow.remove(trans, succeeded(req.keys as K[], res));
      return res;
    }
    case 'deleteRange': {
      if (req.range.type === ANY_RANGE) {
        const res = await table.mutate(req);
        await follow.clear(trans, req.range);
        return res;
      }
      const found = await table.query({ trans, query: { index: table.schema.primaryKey, range: req.range }, values: false });
      const res = await table.mutate(req);
      await follow.remove(trans, found.result as K[]);
      return res;
    }
  }
}

/** Deletes every record of `tables` in the transaction (what follows a clear of the source). */
export async function clearTables(down: DBCore, trans: DBCoreTransaction, tables: readonly string[], all: DBCoreKeyRange): Promise<void> {
  for (const res of await Promise.all(tables.map((t) => down.table(t).mutate({ trans, type: 'deleteRange', range: all })))) {
    if (res.numFailures > 0) throw Object.values(res.failures)[0]!;
  }
}

/** `down` with every read-write transaction over `source` also covering `derived`, and `source` wrapped by `wrap`. */
export function covering(down: DBCore, source: string, derived: readonly string[], wrap: (table: DBCoreTable) => DBCoreTable): DBCore {
  return {
    ...down,
    transaction(stores, mode, options) {
      const scope = mode === 'readwrite' && stores.includes(source) ? [...new Set([...stores, ...derived])] : stores;
      return down.transaction(scope, mode, options);
    },
    table(name) {
      const table = down.table(name);
      return name === source ? wrap(table) : table;
    },
  };
}

/**
 * Transactions in batch mode (withBatchedDerived): each middleware keeps the writes it sees and registers, under its
 * table's name, what brings its derived table up to date; that runs once, at the end.
 */
const batched = new WeakMap<DBCoreTransaction, Map<string, () => Promise<void>>>();

/** The flushes registered for a transaction in batch mode, or undefined when it is not in batch mode. */
export function batchOf(trans: DBCoreTransaction): Map<string, () => Promise<void>> | undefined {
  return batched.get(trans);
}

/** Runs a middleware's registered flush now (before a write that needs its derived table as it is so far). */
export async function flushNow(trans: DBCoreTransaction, name: string): Promise<void> {
  const registry = batched.get(trans);
  const flush = registry?.get(name);
  if (!flush) return;
  registry!.delete(name);
  await flush();
}

/**
 * Runs `write`, which must run inside a read-write transaction, with the derived tables (card summaries, note texts)
 * brought up to date once, at its end, instead of after each write: a bulk writer (an import of 100,000 cards in
 * slices of 2,000) then reads and writes each chunk once instead of once per slice. If `write` fails, the
 * transaction fails with it.
 */
export async function withBatchedDerived<T>(write: () => Promise<T>): Promise<T> {
  const trans = Dexie.currentTransaction?.idbtrans as DBCoreTransaction | undefined;
  if (!trans || Dexie.currentTransaction.mode !== 'readwrite') throw new Error('withBatchedDerived needs a read-write transaction');
  if (batched.has(trans)) return write();
  const registry = new Map<string, () => Promise<void>>();
  batched.set(trans, registry);
  try {
    const result = await write();
    for (const name of [...registry.keys()]) await flushNow(trans, name);
    return result;
  } finally {
    batched.delete(trans);
  }
}

/** What a middleware keeps of a transaction's writes in batch mode: the rows to upsert (by key) and keys to remove. */
interface Kept<R> {
  upserts: Map<string, R>;
  removals: Set<string>;
}
const keptByTrans = new WeakMap<DBCoreTransaction, Map<string, Kept<unknown>>>();

/**
 * A write to a source table in batch mode (batchOf(trans) is set, and the write is not a range deletion): made at
 * once; what it means for the derived table `name` (`rowOf` each value written, the keys deleted) is kept, and
 * `apply` gets all of it once, at the end of the batch (or before a write that needs it sooner: flushNow).
 */
export async function writeInBatch<V, R>(
  table: DBCoreTable,
  req: DBCoreMutateRequest,
  name: string,
  rowOf: (value: V) => [string, R],
  apply: (trans: DBCoreTransaction, upserts: [string, R][], removals: string[]) => Promise<void>,
): Promise<DBCoreMutateResponse> {
  const trans = req.trans;
  let perName = keptByTrans.get(trans);
  if (!perName) keptByTrans.set(trans, (perName = new Map()));
  let batch = perName.get(name) as Kept<R> | undefined;
  if (!batch) {
    const kept: Kept<R> = { upserts: new Map(), removals: new Set() };
    perName.set(name, (batch = kept));
    batched.get(trans)!.set(name, async () => {
      perName!.delete(name);
      await apply(trans, [...kept.upserts], [...kept.removals]);
    });
  }
  const res = await table.mutate(req);
  if (req.type === 'delete') {
    for (const key of succeeded(req.keys as string[], res)) {
      batch.upserts.delete(key);
      batch.removals.add(key);
    }
  } else if (req.type === 'add' || req.type === 'put') {
    for (const value of succeeded(req.values as V[], res)) {
      const [key, row] = rowOf(value);
      batch.removals.delete(key);
      batch.upserts.set(key, row);
    }
  }
  return res;
}

/** Items grouped by the chunk `chunkOf` gives their key. */
export function byChunk<T>(items: readonly T[], keyOf: (item: T) => string, chunkOf: (key: string) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const chunk = chunkOf(keyOf(item));
    let list = out.get(chunk);
    if (!list) out.set(chunk, (list = []));
    list.push(item);
  }
  return out;
}
