// Persistent storage. A browser may evict a site's IndexedDB under storage pressure unless the site asked to keep it
// and was allowed to: Retain asks once at startup and keeps the answer, with how much space it uses, for the Settings
// screen. Every call is feature-detected and never throws: an old browser, or one that refuses, still runs the app.

/** The parts of `navigator.storage` used here (a test passes its own). */
export type StorageManagerLike = Partial<Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>>;

export interface StorageStatus {
  /** True: the browser keeps the data even when space runs short; false: it may evict it; null: it cannot say. */
  persisted: boolean | null;
  /** Bytes used and available to this site, as the browser estimates them; null where it does not say. */
  usage: number | null;
  quota: number | null;
}

const defaultManager = (): StorageManagerLike | undefined => (typeof navigator === 'undefined' ? undefined : navigator.storage);

let answer: Promise<boolean | null> | null = null;

/** Asks the browser to keep Retain's data (once per page; later calls return the first answer). */
export function requestPersistentStorage(manager: StorageManagerLike | undefined = defaultManager()): Promise<boolean | null> {
  answer ??= (async () => {
    try {
      if (typeof manager?.persist !== 'function') return null;
      return await manager.persist();
    } catch {
      return null;
    }
  })();
  return answer;
}

/** Forgets the answer (tests). */
export function resetPersistentStorageRequest(): void {
  answer = null;
}

/** Whether the data is kept for good, and the space used and available: what the Settings screen shows. */
export async function storageStatus(manager: StorageManagerLike | undefined = defaultManager()): Promise<StorageStatus> {
  let persisted: boolean | null = answer ? await answer : null;
  // Asked and refused (or never asked): the browser may have granted it since (Chromium decides by engagement).
  if (persisted !== true && typeof manager?.persisted === 'function') {
    try {
      persisted = await manager.persisted();
    } catch {
      // keep what the request said
    }
  }
  let usage: number | null = null;
  let quota: number | null = null;
  if (typeof manager?.estimate === 'function') {
    try {
      const estimate = await manager.estimate();
      usage = estimate.usage ?? null;
      quota = estimate.quota ?? null;
    } catch {
      // unknown
    }
  }
  return { persisted, usage, quota };
}
