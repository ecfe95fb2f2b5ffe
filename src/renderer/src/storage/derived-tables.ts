// What the two middlewares that keep a derived table in step with a source table share (card-columns.ts: the
// per-card summaries of `cards`; day-digests.ts: the digests of `dayBlocks`): every read-write transaction over the
// source also covers the derived tables, and every kind of write to the source is followed, in the same
// transaction, by what it means for them.
import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction } from 'dexie';

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
