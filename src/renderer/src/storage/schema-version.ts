// Whether the stored collection belongs to a newer version of Retain than this code: a tab that was updated had it
// while this one waited (the browser build serves new code to new tabs only). Dexie would open it anyway, at the
// stored version, with this code's idea of its schema, so the app checks first, without opening it.
import Dexie from 'dexie';
import type { RetainDB } from './db';

/**
 * True when the stored version is a newer schema. Dexie's native version is ten times `version(n)`; a bump of one
 * that Dexie makes on its own (to patch a schema it finds incomplete) is not a newer schema.
 */
export async function storedVersionIsNewer(db: RetainDB): Promise<boolean> {
  try {
    const factory = Dexie.dependencies.indexedDB as IDBFactory | undefined;
    // Without `databases()` (older browsers) there is no way to look without opening: go on as before.
    if (typeof factory?.databases !== 'function') return false;
    const stored = (await factory.databases()).find((d) => d.name === db.name);
    return (stored?.version ?? 0) >= Math.round(db.verno * 10) + 10;
  } catch {
    return false;
  }
}
