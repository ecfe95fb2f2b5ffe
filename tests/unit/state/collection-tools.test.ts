// The desktop app's automatic backups, with a stand-in for the preload bridge: every 30 minutes only when something
// was written since the last backup, and at quit with the bytes (or null when nothing changed).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseBackup, summarize } from '../../../src/core/backup';
import type { BackupInfo, BackupReason, RetainApi } from '../../../src/core/ipc-contract';
import { Rating } from '../../../src/core/scheduler';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { AUTO_BACKUP_MS, CollectionTools } from '../../../src/renderer/src/state/collection-tools.svelte';
import { alphaDeck, answer, freshDb, settingsWith, T0 } from '../storage/fixtures';

let db: RetainDB;
let saved: { bytes: Uint8Array; reason: BackupReason }[];
let quitAnswers: (Uint8Array | null)[];
let quitListener: ((why: 'quit') => void) | null;

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck()], T0);
  saved = [];
  quitAnswers = [];
  quitListener = null;
  const api: Partial<RetainApi> = {
    appInfo: async () => ({ name: 'Retain', version: '0.1.0', platform: 'linux', electron: '45.0.0' }),
    saveBackup: async (bytes, reason) => {
      saved.push({ bytes, reason });
      return { name: `b${saved.length}`, createdAt: T0, size: bytes.length };
    },
    listBackups: async () => saved.map((_, i): BackupInfo => ({ name: `b${i + 1}`, createdAt: T0, size: 1 })),
    onBackupRequest: (listener) => {
      quitListener = listener;
      return () => (quitListener = null);
    },
    backupQuitReady: async (bytes) => void quitAnswers.push(bytes),
  };
  (globalThis as { api?: unknown }).api = api;
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(async () => {
  vi.useRealTimers();
  delete (globalThis as { api?: unknown }).api;
  db.close();
  await db.delete();
});

const tools = () => new CollectionTools(db, () => settingsWith(), async () => {}, async () => {}, () => T0, '0.1.0');

describe('automatic backups in the desktop app', () => {
  it('back up every 30 minutes, only when something was written since the last one', async () => {
    const t = tools();
    expect(t.folder).toBe(true);
    const stop = t.startAutomaticBackups();
    await vi.advanceTimersByTimeAsync(AUTO_BACKUP_MS);
    expect(saved).toEqual([]);
    await answer(db, 'a-one:0', Rating.Good, T0);
    await vi.advanceTimersByTimeAsync(AUTO_BACKUP_MS);
    await vi.waitFor(() => expect(saved.map((s) => s.reason)).toEqual(['auto']));
    expect(summarize(parseBackup(saved[0]!.bytes, 'b1')).reviews).toBe(1);
    // Nothing written since: three more half hours make no backup (a backup's own reads are not writes).
    await vi.advanceTimersByTimeAsync(3 * AUTO_BACKUP_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(saved).toHaveLength(1);
    // Another write, another backup.
    await answer(db, 'a-two:0', Rating.Good, T0);
    await vi.advanceTimersByTimeAsync(AUTO_BACKUP_MS);
    await vi.waitFor(() => expect(saved).toHaveLength(2));
    stop();
    await answer(db, 'a-three:0', Rating.Good, T0);
    await vi.advanceTimersByTimeAsync(AUTO_BACKUP_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(saved).toHaveLength(2);
  });

  it('answer the request at quit with a backup, or with null when nothing changed', async () => {
    const t = tools();
    t.startAutomaticBackups();
    quitListener!('quit');
    await vi.waitFor(() => expect(quitAnswers).toEqual([null]));
    await answer(db, 'a-one:0', Rating.Easy, T0);
    quitListener!('quit');
    await vi.waitFor(() => expect(quitAnswers).toHaveLength(2));
    expect(summarize(parseBackup(quitAnswers[1]!, 'quit')).reviews).toBe(1);
  });

  it('Back up now writes to the folder and lists it', async () => {
    const t = tools();
    await t.backupNow();
    expect(saved.map((s) => s.reason)).toEqual(['manual']);
    expect(t.status).toBe('Backed up to b1.');
    expect(t.backups.map((b) => b.name)).toEqual(['b1']);
  });
});
