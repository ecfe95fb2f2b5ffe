// Keeps the per-card summaries (core/card-columns.ts) in step with the cards table. A Dexie middleware sees every
// write to `cards`, whichever code makes it (a review, an undo, an import, a deck update, an unbury), and updates the
// summaries of the same cards in the same transaction: they cannot drift apart, and a write that fails or is rolled
// back takes its summary change with it. Each chunk is read once per transaction and written after each change to it.
import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreMutateResponse, type DBCoreTable, type DBCoreTransaction, type Middleware } from 'dexie';
import { chunkOfCard, ColumnChunk, columnsOf, emptyColumns, rowOf, type CardColumnIds, type CardColumns, type ColumnRow } from '../../../core/card-columns';
import type { CardRecord } from '../../../core/model';
import type { RetainDB } from './db';
import { clearTables, covering, mutateAndFollow, succeeded } from './derived-tables';

export const COLUMNS_TABLE = 'cardColumns';
export const COLUMN_IDS_TABLE = 'cardColumnIds';
const CARDS_TABLE = 'cards';

type Trans = DBCoreTransaction & { objectStoreNames?: DOMStringList };

/** Card writes of a transaction in batch mode (withBatchedColumns): kept here, applied to the summaries once. */
interface Batch {
  /** The rows, not the cards: an import's batch would otherwise hold every card and its history until the end. */
  upserts: Map<string, ColumnRow>;
  removals: Set<string>;
  /** Set by the middleware at the first write it keeps: applies the batch. */
  flush?: () => Promise<void>;
}
const batches = new WeakMap<DBCoreTransaction, Batch>();

function groupByChunk<T>(items: readonly T[], idOf: (item: T) => string): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const chunk = chunkOfCard(idOf(item));
    let list = out.get(chunk);
    if (!list) out.set(chunk, (list = []));
    list.push(item);
  }
  return out;
}

export const cardColumnsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'RetainCardColumns',
  // Right above IndexedDB, below Dexie's own middlewares: its reads and writes of the summaries need none of theirs
  // (live queries, hooks, caches), and those expect to be called from inside a Dexie zone, which a batch's flush at
  // the end of an import's writes is not always.
  level: -2,
  create(down) {
    // The chunks a transaction has read, so that each is read once however many writes touch it.
    const edits = new WeakMap<DBCoreTransaction, Map<number, Promise<ColumnChunk>>>();
    // Schema upgrades older than the version that added the summaries run without them (that version builds them).
    const hasColumns = (trans: Trans) => trans.objectStoreNames?.contains(COLUMNS_TABLE) ?? false;

    const chunkIn = (trans: DBCoreTransaction, chunk: number): Promise<ColumnChunk> => {
      let open = edits.get(trans);
      if (!open) edits.set(trans, (open = new Map()));
      let edit = open.get(chunk);
      if (!edit) {
        edit = Promise.all([
          down.table(COLUMNS_TABLE).get({ trans, key: chunk }) as Promise<CardColumns | undefined>,
          down.table(COLUMN_IDS_TABLE).get({ trans, key: chunk }) as Promise<CardColumnIds | undefined>,
        ]).then(([columns, ids]) => new ColumnChunk(columns && ids ? { columns, ids } : emptyColumns(chunk)));
        open.set(chunk, edit);
      }
      return edit;
    };

    const save = async (trans: DBCoreTransaction, chunks: ColumnChunk[]) => {
      // Both requests are made before either is awaited; the flag is cleared as the ids are handed over, so a
      // concurrent change to the same chunk writes the ids again.
      const withIds = chunks.filter((c) => c.idsChanged);
      const ids = withIds.map((c) => c.ids);
      for (const c of withIds) c.idsChanged = false;
      const writes: Promise<DBCoreMutateResponse>[] = [
        down.table(COLUMNS_TABLE).mutate({ trans, type: 'put', values: chunks.map((c) => c.columns) }),
      ];
      if (ids.length > 0) writes.push(down.table(COLUMN_IDS_TABLE).mutate({ trans, type: 'put', values: ids }));
      for (const res of await Promise.all(writes)) {
        if (res.numFailures > 0) throw Object.values(res.failures)[0]!;
      }
    };

    const upsert = async (trans: DBCoreTransaction, rows: readonly (readonly [string, ColumnRow])[]) => {
      const groups = [...groupByChunk(rows, ([id]) => id)];
      const chunks = await Promise.all(groups.map(([chunk]) => chunkIn(trans, chunk)));
      groups.forEach(([, list], i) => chunks[i]!.upsertRows(list));
      if (chunks.length > 0) await save(trans, chunks);
    };

    const remove = async (trans: DBCoreTransaction, cardIds: readonly string[]) => {
      const groups = [...groupByChunk(cardIds, (id) => id)];
      const chunks = await Promise.all(groups.map(([chunk]) => chunkIn(trans, chunk)));
      groups.forEach(([, list], i) => chunks[i]!.remove(list));
      if (chunks.length > 0) await save(trans, chunks);
    };

    const cardsTable = (table: DBCoreTable): DBCoreTable => ({
      ...table,
      async mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
        const trans = req.trans as Trans;
        if (!hasColumns(trans)) return table.mutate(req);
        const batch = batches.get(trans);
        if (batch && req.type !== 'deleteRange') {
          batch.flush ??= async () => {
            batches.delete(trans);
            await upsert(trans, [...batch.upserts]);
            await remove(trans, [...batch.removals]);
          };
          const res = await table.mutate(req);
          if (req.type === 'delete') {
            for (const id of succeeded(req.keys as string[], res)) {
              batch.upserts.delete(id);
              batch.removals.add(id);
            }
          } else {
            for (const card of succeeded(req.values as CardRecord[], res)) {
              batch.removals.delete(card.id);
              batch.upserts.set(card.id, rowOf(card));
            }
          }
          return res;
        }
        if (batch) await batch.flush?.(); // a range deletion needs the summaries as they are so far
        return mutateAndFollow<CardRecord, string>(table, req, {
          upsert: (t, cards) => upsert(t, cards.map((c) => [c.id, rowOf(c)] as const)),
          remove,
          async clear(t, all) {
            // The whole table (Table.clear()): the summaries go with it.
            await clearTables(down, t, [COLUMNS_TABLE, COLUMN_IDS_TABLE], all);
            edits.delete(t);
          },
        });
      },
    });

    // Every write transaction over the cards also covers their summaries.
    return covering(down, CARDS_TABLE, [COLUMNS_TABLE, COLUMN_IDS_TABLE], cardsTable);
  },
};

/**
 * Runs `write`, which must run inside a read-write transaction over the cards, with the card summaries brought up to
 * date once, at its end, instead of after each write: a bulk writer (an import of 100,000 cards in slices of 2,000)
 * then reads and writes each chunk once instead of once per slice. If `write` fails, the transaction fails with it.
 */
export async function withBatchedColumns<T>(write: () => Promise<T>): Promise<T> {
  const trans = Dexie.currentTransaction?.idbtrans as DBCoreTransaction | undefined;
  if (!trans || Dexie.currentTransaction.mode !== 'readwrite') throw new Error('withBatchedColumns needs a read-write transaction');
  if (batches.has(trans)) return write();
  const batch: Batch = { upserts: new Map(), removals: new Set() };
  batches.set(trans, batch);
  try {
    const result = await write();
    await batch.flush?.();
    return result;
  } finally {
    batches.delete(trans);
  }
}

/** Every chunk of card summaries (the Statistics screen's read of the cards: a hundred-odd records). */
export function readCardColumns(db: RetainDB): Promise<CardColumns[]> {
  return db.cardColumns.toArray();
}

/** Builds the summaries again from the cards (a schema upgrade; the database check). */
export async function rebuildCardColumns(
  cards: Iterable<CardRecord>,
  tables: { columns: { clear(): Promise<unknown>; bulkPut(rows: CardColumns[]): Promise<unknown> }; ids: { clear(): Promise<unknown>; bulkPut(rows: CardColumnIds[]): Promise<unknown> } },
): Promise<void> {
  const built = columnsOf(cards);
  await Promise.all([tables.columns.clear(), tables.ids.clear()]);
  await Promise.all([tables.columns.bulkPut(built.columns), tables.ids.bulkPut(built.ids)]);
}
