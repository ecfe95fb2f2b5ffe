// Counts writes to the database, whichever code makes them, so the backup timer can tell whether anything changed
// since the last backup without reading the collection. A write that is later rolled back still counts: at worst one
// backup too many.
//
// It also logs which cards and notes were written (by key), so that the card browser's index, built once, can follow
// what changed since by reading those few records again instead of the whole collection (changedSince). A write to
// anything else the index is made of (the decks, the summaries written directly, a range deleted) is logged as a
// change it cannot follow. Writes the summary middlewares make below this one are not seen here: they follow the
// cards and notes logged.
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';

let writes = 0;

/** Writes requested since the page loaded. */
export const writeCount = (): number => writes;

/** Tables whose records the browser's index follows by key. */
type Followed = 'cards' | 'notes';
const FOLLOWED: ReadonlySet<string> = new Set<Followed>(['cards', 'notes']);
/** The other tables the index is made of: a write to one of them cannot be followed record by record. */
const UNFOLLOWED: ReadonlySet<string> = new Set(['decks', 'cardColumns', 'browseColumns', 'cardColumnIds', 'noteTexts']);
/** At most this many keys are kept; older writes are forgotten (an index built before them is built again). */
export const CHANGE_LOG_KEYS = 20_000;

interface Logged {
  /** writeCount() just after the write was requested. */
  at: number;
  table: Followed;
  keys: readonly string[];
}

let log: Logged[] = [];
let loggedKeys = 0;
/** An index built before this count cannot follow the changes since: they are no longer logged, or one of them
 * cannot be followed by key. */
let forgottenUpTo = 0;

function keysOf(req: DBCoreMutateRequest): string[] | null {
  let keys: unknown[];
  if (req.type === 'deleteRange') return null;
  if (req.type === 'delete') keys = req.keys;
  else keys = req.keys ?? req.values.map((v) => (v as { id?: unknown } | null)?.id);
  return keys.every((k) => typeof k === 'string') ? (keys as string[]) : null;
}

function record(table: string, req: DBCoreMutateRequest): void {
  if (!FOLLOWED.has(table) && !UNFOLLOWED.has(table)) return;
  const keys = FOLLOWED.has(table) ? keysOf(req) : null;
  if (!keys) {
    // Nothing written before it can help an index built before it: the log starts again. (Marked, with why, for the
    // benchmark's account of Browse's rebuilds.)
    performance.mark('changes:reset', { detail: `${table} ${req.type}` });
    log = [];
    loggedKeys = 0;
    forgottenUpTo = writes;
    return;
  }
  log.push({ at: writes, table: table as Followed, keys });
  loggedKeys += keys.length;
  while (loggedKeys > CHANGE_LOG_KEYS && log.length > 0) {
    const old = log.shift()!;
    loggedKeys -= old.keys.length;
    forgottenUpTo = old.at;
  }
}

/** The cards and notes written since writeCount() was `at` (some may have been rolled back), or null when something
 * else the browser's index is made of changed, or the log no longer goes back that far. */
export function changedSince(at: number): { cards: Set<string>; notes: Set<string> } | null {
  if (at < forgottenUpTo) return null;
  const out = { cards: new Set<string>(), notes: new Set<string>() };
  for (const entry of log) {
    if (entry.at <= at) continue;
    for (const key of entry.keys) out[entry.table].add(key);
  }
  return out;
}

export const changeCounter: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'RetainChangeCounter',
  create(down) {
    return {
      ...down,
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          mutate(req) {
            writes++;
            record(name, req);
            return table.mutate(req);
          },
        };
      },
    };
  },
};
