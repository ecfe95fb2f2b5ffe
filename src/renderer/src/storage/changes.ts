// Counts writes to the database, whichever code makes them, so the backup timer can tell whether anything changed
// since the last backup without reading the collection. A write that is later rolled back still counts: at worst one
// backup too many.
import type { DBCore, Middleware } from 'dexie';

let writes = 0;

/** Writes requested since the page loaded. */
export const writeCount = (): number => writes;

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
            return table.mutate(req);
          },
        };
      },
    };
  },
};
