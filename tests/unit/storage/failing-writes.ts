// Writes that fail as they do when the disk is full or the storage quota is used up: every put and add of
// (fake-)IndexedDB throws a QuotaExceededError DOMException until the returned function is called. Reads still work.
import type Dexie from 'dexie';

export const QUOTA_MESSAGE = 'The quota has been exceeded.';

export function failWrites(): () => void {
  const proto = IDBObjectStore.prototype;
  const { put, add } = proto;
  const fail = function (this: IDBObjectStore): never {
    throw new DOMException(QUOTA_MESSAGE, 'QuotaExceededError');
  };
  proto.put = fail;
  proto.add = fail;
  return () => {
    proto.put = put;
    proto.add = add;
  };
}

/** Every record of every table, for a before/after comparison. */
export async function everything(db: Dexie): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const)));
}
