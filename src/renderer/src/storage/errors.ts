// What a failed write to the collection means to the person using Retain. IndexedDB reports a full disk or a used-up
// quota as `QuotaExceededError`, which Dexie passes on as is, maps to its own error of that name, wraps as the `inner`
// of an `AbortError` (the transaction was aborted at commit) or lists among a `BulkError`'s failures; Chromium may also
// report a full disk as an `UnknownError` or `AbortError` whose message speaks of the disk or the quota. A connection
// closed because another tab took the collection or upgraded it fails with `DatabaseClosedError`.

/** What was being done when the write failed: the message says what was lost and how to try again. */
export type StorageAction = 'rating' | 'undo' | 'import' | 'open' | 'browse' | 'change';

const WORDS: Record<StorageAction, { failed: string; retry: string; otherwise: string }> = {
  rating: { failed: 'Your rating was not saved', retry: 'rate the card again', otherwise: 'Your rating was not saved' },
  undo: { failed: 'The rating was not undone', retry: 'undo again', otherwise: 'Undo failed' },
  import: { failed: 'The import was not saved', retry: 'import the file again', otherwise: 'The import failed and nothing was changed' },
  open: { failed: 'Retain could not set up its storage', retry: 'reload this page', otherwise: 'Retain could not open its storage' },
  browse: { failed: 'The cards could not be read', retry: 'search again', otherwise: 'The cards could not be read' },
  change: { failed: 'The change was not saved', retry: 'try again', otherwise: 'The change was not saved, and nothing was changed' },
};

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  inner?: unknown;
  failures?: unknown;
}

/** The error and everything it wraps: Dexie's `inner`, a `BulkError`'s failures, a standard `cause`. */
function* chain(e: unknown, depth = 0): Generator<ErrorLike> {
  if (depth > 8 || typeof e !== 'object' || e === null) return;
  const error = e as ErrorLike & { cause?: unknown };
  yield error;
  yield* chain(error.inner, depth + 1);
  yield* chain(error.cause, depth + 1);
  if (Array.isArray(error.failures)) for (const f of error.failures) yield* chain(f, depth + 1);
}

// Chromium's wording varies (`No space left on device` from the file system, `quota` from the quota manager).
const SPACE_MESSAGE = /quota|\bdisk\b|no space|space left|\bfull\b/i;

/** True when the write failed because the disk is full or the browser's storage quota is used up. */
export function isStorageFull(e: unknown): boolean {
  for (const error of chain(e)) {
    if (error.name === 'QuotaExceededError') return true;
    if ((error.name === 'UnknownError' || error.name === 'AbortError') && typeof error.message === 'string' && SPACE_MESSAGE.test(error.message)) {
      return true;
    }
  }
  return false;
}

/** True when the database connection was closed (another tab took the collection, or opened a newer version of it). */
export function isStorageClosed(e: unknown): boolean {
  for (const error of chain(e)) if (error.name === 'DatabaseClosedError') return true;
  return false;
}

/** The message for a storage connection closed because another tab took the collection or upgraded it. */
export function storageClosedMessage(doing: StorageAction): string {
  return `${WORDS[doing].failed}: Retain's storage was closed because Retain was opened or updated in another tab or window. Reload this tab to continue.`;
}

/** A clear message for a failed storage operation: what was not saved, why, and what to do. */
export function describeStorageError(e: unknown, doing: StorageAction): string {
  const words = WORDS[doing];
  if (isStorageFull(e)) {
    return (
      `${words.failed}: there is no space left for Retain's data (the disk is full or the browser's storage quota is used ` +
      `up). Free some space, then ${words.retry}.`
    );
  }
  if (isStorageClosed(e)) return storageClosedMessage(doing);
  const message = e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e) ? String((e as ErrorLike).message) : String(e);
  return `${words.otherwise}: ${message}`;
}
