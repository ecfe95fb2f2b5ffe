// Keeps the per-card summaries (core/card-columns.ts) in step with the cards table. A Dexie middleware sees every
// write to `cards`, whichever code makes it (a review, an undo, an import, a deck update, an unbury), and updates the
// summaries of the same cards in the same transaction: they cannot drift apart, and a write that fails or is rolled
// back takes its summary change with it. Each chunk is read once per transaction and written after each change to it.
import { type DBCore, type DBCoreMutateRequest, type DBCoreMutateResponse, type DBCoreTable, type DBCoreTransaction, type Middleware } from 'dexie';
import {
  chunkOfCard, ColumnChunk, columnsOf, emptyColumns, joinColumns, rowOf, splitColumns, type BrowseColumns, type CardColumnIds, type CardColumns,
  type ColumnRow, type StatsColumns,
} from '../../../core/card-columns';
import type { CardRecord } from '../../../core/model';
import type { RetainDB } from './db';
import { batchOf, byChunk, clearTables, covering, flushNow, mutateAndFollow, writeInBatch } from './derived-tables';

export const COLUMNS_TABLE = 'cardColumns';
export const BROWSE_COLUMNS_TABLE = 'browseColumns';
export const COLUMN_IDS_TABLE = 'cardColumnIds';
const CARDS_TABLE = 'cards';

type Trans = DBCoreTransaction & { objectStoreNames?: DOMStringList };

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
    // Before version 9 a chunk was one record; from it on, two (see splitColumns).
    const hasBrowse = (trans: DBCoreTransaction) => (trans as Trans).objectStoreNames?.contains(BROWSE_COLUMNS_TABLE) ?? false;

    const chunkIn = (trans: DBCoreTransaction, chunk: number): Promise<ColumnChunk> => {
      let open = edits.get(trans);
      if (!open) edits.set(trans, (open = new Map()));
      let edit = open.get(chunk);
      if (!edit) {
        edit = Promise.all([
          down.table(COLUMNS_TABLE).get({ trans, key: chunk }) as Promise<StatsColumns | undefined>,
          hasBrowse(trans) ? (down.table(BROWSE_COLUMNS_TABLE).get({ trans, key: chunk }) as Promise<BrowseColumns | undefined>) : undefined,
          down.table(COLUMN_IDS_TABLE).get({ trans, key: chunk }) as Promise<CardColumnIds | undefined>,
        ]).then(([stats, browse, ids]) =>
          new ColumnChunk(stats && ids ? { columns: hasBrowse(trans) ? joinColumns(stats, browse) : (stats as CardColumns), ids } : emptyColumns(chunk)),
        );
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
      const split = hasBrowse(trans);
      const parts = chunks.map((c) => (split ? splitColumns(c.columns) : { stats: c.columns, browse: null }));
      const writes: Promise<DBCoreMutateResponse>[] = [down.table(COLUMNS_TABLE).mutate({ trans, type: 'put', values: parts.map((p) => p.stats) })];
      if (split) writes.push(down.table(BROWSE_COLUMNS_TABLE).mutate({ trans, type: 'put', values: parts.map((p) => p.browse) }));
      if (ids.length > 0) writes.push(down.table(COLUMN_IDS_TABLE).mutate({ trans, type: 'put', values: ids }));
      for (const res of await Promise.all(writes)) {
        if (res.numFailures > 0) throw Object.values(res.failures)[0]!;
      }
    };

    const upsert = async (trans: DBCoreTransaction, rows: readonly (readonly [string, ColumnRow])[]) => {
      const groups = [...byChunk(rows, ([id]) => id, chunkOfCard)];
      const chunks = await Promise.all(groups.map(([chunk]) => chunkIn(trans, chunk)));
      groups.forEach(([, list], i) => chunks[i]!.upsertRows(list));
      if (chunks.length > 0) await save(trans, chunks);
    };

    const remove = async (trans: DBCoreTransaction, cardIds: readonly string[]) => {
      const groups = [...byChunk(cardIds, (id) => id, chunkOfCard)];
      const chunks = await Promise.all(groups.map(([chunk]) => chunkIn(trans, chunk)));
      groups.forEach(([, list], i) => chunks[i]!.remove(list));
      if (chunks.length > 0) await save(trans, chunks);
    };

    const cardsTable = (table: DBCoreTable): DBCoreTable => ({
      ...table,
      async mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
        const trans = req.trans as Trans;
        if (!hasColumns(trans)) return table.mutate(req);
        // In batch mode the rows are kept, not the cards: an import's batch would otherwise hold every card and its
        // history until the end.
        if (batchOf(trans) && req.type !== 'deleteRange') {
          return writeInBatch<CardRecord, ColumnRow>(table, req, COLUMNS_TABLE, (card) => [card.id, rowOf(card)], async (t, upserts, removals) => {
            await upsert(t, upserts);
            await remove(t, removals);
          });
        }
        await flushNow(trans, COLUMNS_TABLE); // a range deletion (or a write outside the batch) needs them as they are so far
        return mutateAndFollow<CardRecord, string>(table, req, {
          upsert: (t, cards) => upsert(t, cards.map((c) => [c.id, rowOf(c)] as const)),
          remove,
          async clear(t, all) {
            // The whole table (Table.clear()): the summaries go with it.
            await clearTables(down, t, hasBrowse(t) ? [COLUMNS_TABLE, BROWSE_COLUMNS_TABLE, COLUMN_IDS_TABLE] : [COLUMNS_TABLE, COLUMN_IDS_TABLE], all);
            edits.delete(t);
          },
        });
      },
    });

    // Every write transaction over the cards also covers their summaries (the browse columns where the schema has them:
    // a transaction may not name a table the database lacks).
    const derived = down.schema.tables.some((t) => t.name === BROWSE_COLUMNS_TABLE) ? [COLUMNS_TABLE, BROWSE_COLUMNS_TABLE, COLUMN_IDS_TABLE] : [COLUMNS_TABLE, COLUMN_IDS_TABLE];
    return covering(down, CARDS_TABLE, derived, cardsTable);
  },
};

/** Every chunk of card summaries the Statistics screen reads (a hundred-odd records; not the browse columns). */
export function readCardColumns(db: RetainDB): Promise<StatsColumns[]> {
  return db.cardColumns.toArray();
}

/** Every chunk of card summaries whole, with their card ids (the browser; the database check). */
export async function readAllColumns(db: RetainDB): Promise<{ columns: CardColumns[]; ids: CardColumnIds[] }> {
  const [stats, browse, ids] = await Promise.all([db.cardColumns.toArray(), db.browseColumns.toArray(), db.cardColumnIds.toArray()]);
  const byChunk = new Map(browse.map((b) => [b.chunk, b]));
  return { columns: stats.map((s) => joinColumns(s, byChunk.get(s.chunk))), ids };
}

interface Writable<T> {
  clear(): Promise<unknown>;
  bulkPut(rows: T[]): Promise<unknown>;
}

/** Builds the summaries again from the cards (a schema upgrade; the database check). Without a `browse` table (an
 * upgrade to a version before 9), each chunk is one record. */
export async function rebuildCardColumns(
  cards: Iterable<CardRecord>,
  tables: { columns: Writable<StatsColumns | CardColumns>; ids: Writable<CardColumnIds>; browse?: Writable<BrowseColumns> },
): Promise<void> {
  const built = columnsOf(cards);
  const { browse } = tables;
  await Promise.all([tables.columns.clear(), tables.ids.clear(), browse?.clear()]);
  if (!browse) {
    await Promise.all([tables.columns.bulkPut(built.columns), tables.ids.bulkPut(built.ids)]);
    return;
  }
  const parts = built.columns.map(splitColumns);
  await Promise.all([tables.columns.bulkPut(parts.map((p) => p.stats)), browse.bulkPut(parts.map((p) => p.browse)), tables.ids.bulkPut(built.ids)]);
}
