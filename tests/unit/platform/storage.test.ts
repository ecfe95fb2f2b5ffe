// Persistent storage is asked for once, where the browser offers it, and never gets in the way of starting.
import { afterEach, describe, expect, it } from 'vitest';
import { requestPersistentStorage, resetPersistentStorageRequest, storageStatus } from '../../../src/renderer/src/platform/storage';

afterEach(() => resetPersistentStorageRequest());

describe('persistent storage', () => {
  it('asks once and keeps the answer, with the space used and available', async () => {
    let asked = 0;
    const manager = {
      persist: async () => (asked++, true),
      persisted: async () => true,
      estimate: async () => ({ usage: 1234, quota: 10_000 }),
    };
    expect(await requestPersistentStorage(manager)).toBe(true);
    expect(await requestPersistentStorage(manager)).toBe(true);
    expect(asked).toBe(1);
    expect(await storageStatus(manager)).toEqual({ persisted: true, usage: 1234, quota: 10_000 });
  });

  it('a refusal is kept, unless the browser granted it since', async () => {
    let granted = false;
    const manager = { persist: async () => false, persisted: async () => granted, estimate: async () => ({ usage: 5 }) };
    expect(await requestPersistentStorage(manager)).toBe(false);
    expect(await storageStatus(manager)).toEqual({ persisted: false, usage: 5, quota: null });
    granted = true;
    expect((await storageStatus(manager)).persisted).toBe(true);
  });

  it('a missing API, or one that throws, gives null and never an error', async () => {
    expect(await requestPersistentStorage(undefined)).toBeNull();
    resetPersistentStorageRequest();
    const broken = {
      persist: () => Promise.reject(new DOMException('no', 'NotAllowedError')),
      persisted: () => Promise.reject(new Error('no')),
      estimate: () => Promise.reject(new Error('no')),
    };
    expect(await requestPersistentStorage(broken)).toBeNull();
    expect(await storageStatus(broken)).toEqual({ persisted: null, usage: null, quota: null });
    expect(await storageStatus({})).toEqual({ persisted: null, usage: null, quota: null });
  });
});
