// Which failures mean "no space left", in the shapes IndexedDB and Dexie give them, and the messages they become.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { RetainDB } from '../../../src/renderer/src/storage/db';
import { describeStorageError, isStorageClosed, isStorageFull } from '../../../src/renderer/src/storage/errors';
import { failWrites, QUOTA_MESSAGE } from './failing-writes';
import { freshDb } from './fixtures';

const quota = () => new DOMException(QUOTA_MESSAGE, 'QuotaExceededError');
const FULL = /there is no space left for Retain's data \(the disk is full or the browser's storage quota is used up\)\. Free some space, then /;

let db: RetainDB;
let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
  db?.close();
});

describe('isStorageFull', () => {
  it('sees a quota error thrown by a write, through Dexie, in a single put, a bulkPut and a transaction', async () => {
    db = freshDb();
    await db.open();
    restore = failWrites();
    const errors = await Promise.all([
      db.settings.put({ id: 'settings' } as never).catch((e: unknown) => e),
      db.decks.bulkPut([{ id: 'x' } as never]).catch((e: unknown) => e),
      db.transaction('rw', db.decks, db.settings, async () => {
        await db.decks.add({ id: 'y' } as never);
      }).catch((e: unknown) => e),
    ]);
    expect(errors.map(isStorageFull)).toEqual([true, true, true]);
  });

  it('sees a transaction aborted at commit with a quota error: Dexie reports an AbortError wrapping it', async () => {
    db = freshDb();
    await db.open();
    // Chromium checks the quota when the transaction commits and aborts it with a QuotaExceededError: the writes
    // themselves succeeded. Dexie gives that as an AbortError whose `inner` is the quota error.
    const error = await db
      .transaction('rw', db.settings, async (tx) => {
        await db.settings.put({ id: 'settings' } as never);
        const idb = tx.idbtrans;
        Object.defineProperty(idb, 'error', { configurable: true, get: quota, set: () => {} });
        idb.abort();
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(isStorageFull(error)).toBe(true);
    expect(await db.settings.count(), 'the aborted write left nothing').toBe(0);
  });

  it('sees Dexie wrappers, bulk failures and the words Chromium uses for a full disk', () => {
    expect(isStorageFull(new Dexie.QuotaExceededError('no room'))).toBe(true);
    expect(isStorageFull(new Dexie.AbortError('Transaction aborted', quota()))).toBe(true);
    expect(isStorageFull(new Dexie.BulkError('2 of 2 failed', { 0: quota(), 1: quota() }))).toBe(true);
    expect(isStorageFull(new DOMException('IO error: No space left on device', 'UnknownError'))).toBe(true);
    expect(isStorageFull(new DOMException('Internal error: the disk is full', 'AbortError'))).toBe(true);
    expect(isStorageFull(new Error('wrapped', { cause: quota() }))).toBe(true);
  });

  it('is false for other failures: a constraint, a plain abort, a closed database, a card rated elsewhere', () => {
    expect(isStorageFull(new DOMException('Key already exists', 'ConstraintError'))).toBe(false);
    expect(isStorageFull(new Dexie.AbortError('Transaction aborted'))).toBe(false);
    expect(isStorageFull(new DOMException('The transaction was aborted, so the request cannot be fulfilled.', 'AbortError'))).toBe(false);
    expect(isStorageFull(new Dexie.DatabaseClosedError())).toBe(false);
    expect(isStorageFull(new Error('Card a:0 changed since it was shown (another window?); it was not rated.'))).toBe(false);
    expect(isStorageFull(null)).toBe(false);
    expect(isStorageFull('QuotaExceededError')).toBe(false);
  });
});

describe('describeStorageError', () => {
  it('says what was not saved, that space ran out, and what to do, for each action', () => {
    expect(describeStorageError(quota(), 'rating')).toBe(
      "Your rating was not saved: there is no space left for Retain's data (the disk is full or the browser's storage quota is used up). Free some space, then rate the card again.",
    );
    expect(describeStorageError(quota(), 'undo')).toMatch(new RegExp(`^The rating was not undone: ${FULL.source}undo again\\.$`));
    expect(describeStorageError(quota(), 'import')).toMatch(new RegExp(`^The import was not saved: ${FULL.source}import the file again\\.$`));
    expect(describeStorageError(quota(), 'open')).toMatch(new RegExp(`^Retain could not set up its storage: ${FULL.source}reload this page\\.$`));
  });

  it('says a closed database was closed by another tab, and keeps other messages as they were', () => {
    expect(isStorageClosed(new Dexie.DatabaseClosedError())).toBe(true);
    expect(describeStorageError(new Dexie.DatabaseClosedError(), 'rating')).toBe(
      "Your rating was not saved: Retain's storage was closed because Retain was opened or updated in another tab or window. Reload this tab to continue.",
    );
    expect(describeStorageError(new Error('Card a:0 changed'), 'rating')).toBe('Your rating was not saved: Card a:0 changed');
    expect(describeStorageError(new Error('bad'), 'import')).toBe('The import failed and nothing was changed: bad');
    expect(describeStorageError(new Error('bad'), 'undo')).toBe('Undo failed: bad');
    expect(describeStorageError('odd', 'open')).toBe('Retain could not open its storage: odd');
  });
});
