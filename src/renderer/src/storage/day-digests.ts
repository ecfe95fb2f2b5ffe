// Keeps each deck's digest of its day blocks (core/day-digests.ts) in step with the `dayBlocks` table. A Dexie
// middleware sees every write to the blocks, whichever code makes it (an answer, an undo, an import, a recount, a
// restore), and updates the digests of the same decks in the same transaction: they cannot drift apart, and a write
// that fails or is rolled back takes its digest change with it. Each deck's digest is read once per transaction.
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { digestRowOf, emptyDigest, withoutBlocks, withRows, type DayDigest, type DigestRow } from '../../../core/day-digests';
import type { DayBlock } from '../../../core/day-blocks';
import { clearTables, covering, mutateAndFollow } from './derived-tables';

export const DIGESTS_TABLE = 'dayDigests';
const BLOCKS_TABLE = 'dayBlocks';

type Trans = DBCoreTransaction & { objectStoreNames?: DOMStringList };
type BlockKey = [string, number];

export const dayDigestsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'RetainDayDigests',
  // As the card columns' middleware: right above IndexedDB, below Dexie's own middlewares.
  level: -2,
  create(down) {
    // The digests a transaction has read, by deck: each deck's is read once however many writes touch it.
    const open = new WeakMap<DBCoreTransaction, Map<string, Promise<{ digest: DayDigest }>>>();
    // Schema upgrades older than the version that added the digests run without them (that version builds them).
    const hasDigests = (trans: Trans) => trans.objectStoreNames?.contains(DIGESTS_TABLE) ?? false;

    const digestIn = (trans: DBCoreTransaction, deckId: string): Promise<{ digest: DayDigest }> => {
      let decks = open.get(trans);
      if (!decks) open.set(trans, (decks = new Map()));
      let entry = decks.get(deckId);
      if (!entry) {
        entry = (down.table(DIGESTS_TABLE).get({ trans, key: deckId }) as Promise<DayDigest | undefined>).then((d) => ({ digest: d ?? emptyDigest(deckId) }));
        decks.set(deckId, entry);
      }
      return entry;
    };

    /** Applies `change` to the digest of each deck named, then writes them back (one request). */
    const update = async (trans: DBCoreTransaction, byDeck: Map<string, (d: DayDigest) => DayDigest>) => {
      if (byDeck.size === 0) return;
      const entries = await Promise.all([...byDeck.keys()].map((deckId) => digestIn(trans, deckId)));
      const values = [...byDeck.values()].map((change, i) => (entries[i]!.digest = change(entries[i]!.digest)));
      // A deck left with no blocks (deleted) has no digest, as digestsOf builds them.
      const kept = values.filter((d) => d.blocks.length > 0);
      const emptied = values.filter((d) => d.blocks.length === 0).map((d) => d.deckId);
      for (const res of await Promise.all([
        kept.length > 0 ? down.table(DIGESTS_TABLE).mutate({ trans, type: 'put', values: kept }) : null,
        emptied.length > 0 ? down.table(DIGESTS_TABLE).mutate({ trans, type: 'delete', keys: emptied }) : null,
      ])) {
        if (res && res.numFailures > 0) throw Object.values(res.failures)[0]!;
      }
    };

    const upsert = (trans: DBCoreTransaction, blocks: readonly DayBlock[]) => {
      const rows = new Map<string, DigestRow[]>();
      for (const b of blocks) {
        let list = rows.get(b.deckId);
        if (!list) rows.set(b.deckId, (list = []));
        list.push(digestRowOf(b));
      }
      return update(trans, new Map([...rows].map(([deckId, list]) => [deckId, (d: DayDigest) => withRows(d, list)])));
    };

    const remove = (trans: DBCoreTransaction, keys: readonly BlockKey[]) => {
      const gone = new Map<string, number[]>();
      for (const [deckId, block] of keys) {
        let list = gone.get(deckId);
        if (!list) gone.set(deckId, (list = []));
        list.push(block);
      }
      return update(trans, new Map([...gone].map(([deckId, list]) => [deckId, (d: DayDigest) => withoutBlocks(d, list)])));
    };

    const blocksTable = (table: DBCoreTable): DBCoreTable => ({
      ...table,
      mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
        if (!hasDigests(req.trans as Trans)) return table.mutate(req);
        return mutateAndFollow<DayBlock, BlockKey>(table, req, {
          upsert,
          remove,
          async clear(trans, all) {
            await clearTables(down, trans, [DIGESTS_TABLE], all);
            open.delete(trans);
          },
        });
      },
    });

    // Every write transaction over the blocks also covers the digests.
    return covering(down, BLOCKS_TABLE, [DIGESTS_TABLE], blocksTable);
  },
};
