// The safety net against the browser losing the collection. Chromium's IndexedDB discards a whole origin's database
// when it finds its LevelDB log damaged at start, which two kills in a row can cause (google/leveldb#1287: a log
// ending in a half-written record is reused, and the next start reads the damage in its middle). Nothing the app
// writes into IndexedDB survives that, so the net lives outside it (platform/safety.ts, the Origin Private File
// System):
// - a copy of the whole collection (a backup file), taken after each write the journal does not cover (an import, a
//   restore, new settings), at start when the newest copy lacks one of those, and every 30 minutes after changes;
// - a journal of every answer and undo since the newest copy, each entry written before its transaction starts.
// At start, a collection that was there (a marker in localStorage, or a copy) and is gone is reported instead of
// starting empty; restoring takes the newest copy and replays the journal on it.
import { encodeBackup, parseBackup, summarize, type BackupSummary, type CollectionSnapshot } from '../../../core/backup';
import { listCopies, nextJournalSeq, readCopy, readJournal, readUnsafeMark, safetyAvailable, writeCopy, writeJournal, writeUnsafeMark, type CopyInfo } from '../platform/safety';
import { restoreCollection, restoredTables, snapshotCollection } from '../storage/backup';
import { loadPresets } from '../storage/presets';
import type { RetainDB } from '../storage/db';
import { parseJournalOp, replayJournal, type JournalOp } from '../storage/journal';

const MARKER = 'retain:collection';
/** A new copy after this many journal entries, so that a restore replays at most about as many. */
const COPY_EVERY = 500;
const UNSAFE = 'retain:unsafe-writes';

function local(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** What the start found: the collection gone, and what there is to restore it from. */
export interface LostCollection {
  copy: CopyInfo | null;
  summary: BackupSummary | null;
  /** Journal entries after the copy (answers and undos to replay). */
  journal: number;
  /** Why the copy cannot be used, if it cannot. */
  problem: string | null;
}

export class SafetyNet {
  /** Whether the Origin Private File System is there; cleared at the first failure to use it (said once). */
  available = safetyAvailable();
  /** The newest copy, once known. */
  latest = $state.raw<CopyInfo | null>(null);
  private seq: Promise<number> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private sinceCopy = 0;

  constructor(
    private readonly db: RetainDB,
    /** Waits for the review session's last writes, so a copy holds every answer journaled before it. */
    private readonly settled: () => Promise<void>,
    private readonly clock: () => number = () => Date.now(),
    private readonly appVersion = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0',
  ) {}

  /** Before a write the journal does not cover: the next start then knows whether the newest copy has it. */
  static markUnsafe(): void {
    const s = local();
    const count = SafetyNet.unsafeWrites() + 1;
    s?.setItem(UNSAFE, String(count));
    // Also as a file (platform/safety.ts writeUnsafeMark): on disk within milliseconds, long before the write it
    // announces (an import) commits; localStorage may reach the disk only seconds later. In order, never awaited.
    if (safetyAvailable()) SafetyNet.marks = SafetyNet.marks.then(() => writeUnsafeMark(count)).catch(() => {});
  }

  private static marks: Promise<void> = Promise.resolve();

  static unsafeWrites(): number {
    return Number(local()?.getItem(UNSAFE) ?? 0) || 0;
  }

  /** The collection opened with something in it: from now on, finding it gone is a loss. */
  noteOpened(): void {
    local()?.setItem(MARKER, '1');
  }

  /** Forgets that there was a collection (the person chose to start again). */
  forgetCollection(): void {
    local()?.removeItem(MARKER);
  }

  /**
   * Writes a journal entry; resolves once it is stored. Never fails: an entry that cannot be written is logged, and
   * the answer is stored all the same (the net is then thinner, the collection no worse).
   */
  journal(op: JournalOp): Promise<void> {
    if (!this.available) return Promise.resolve();
    const write = this.chain.then(async () => {
      this.seq ??= nextJournalSeq();
      const seq = await this.seq;
      this.seq = Promise.resolve(seq + 1);
      await writeJournal(seq, JSON.stringify(op));
    });
    this.chain = write.catch((e) => this.failed('a journal entry could not be written', e));
    if (++this.sinceCopy >= COPY_EVERY) {
      // Not awaited: the copy waits for the review session's writes, of which this entry is one.
      setTimeout(() => void this.takeCopy(), 0);
    }
    return this.chain;
  }

  private failed(what: string, e: unknown): void {
    console.error(`[safety] ${what}; the safety net is off until the app starts again:`, e);
    this.available = false;
  }

  /** Takes a copy of the whole collection now. */
  async takeCopy(): Promise<void> {
    if (!this.available) return;
    try {
      await this.copyNow();
    } catch (e) {
      this.failed('the safety copy failed', e);
    }
  }

  private async copyNow(): Promise<void> {
    await this.settled();
    await this.chain;
    this.seq ??= nextJournalSeq();
    const journalFrom = await this.seq;
    const unsafeAt = SafetyNet.unsafeWrites();
    this.sinceCopy = 0;
    const createdAt = this.clock();
    const bytes = encodeBackup(await snapshotCollection(this.db, createdAt, this.appVersion));
    this.latest = await writeCopy(bytes, { createdAt, journalFrom, unsafeAt });
  }

  /** Whether a copy is owed: there is none, or the newest lacks a write the journal does not cover. */
  async needsCopy(): Promise<boolean> {
    if (!this.available) return false;
    try {
      this.latest = (await listCopies())[0] ?? null;
    } catch (e) {
      this.failed('the safety copies could not be listed', e);
      return false;
    }
    // The file's count wins where localStorage lost the last increments to a kill; localStorage takes it back, so
    // the copy about to be taken is named with it.
    const marked = await readUnsafeMark().catch(() => 0);
    if (marked > SafetyNet.unsafeWrites()) local()?.setItem(UNSAFE, String(marked));
    return this.latest === null || this.latest.unsafeAt !== SafetyNet.unsafeWrites();
  }

  /**
   * At start, once the database is open and before anything is written to it: whether a collection that was there
   * (the marker, or a copy) is gone, `empty` saying whether the database holds no deck (the browser discarded it and
   * it was created again; or a restore was cut short, which leaves nothing either: it is one transaction). Returns
   * what there is to restore, or null.
   */
  async lost(empty: boolean): Promise<LostCollection | null> {
    if (!empty) return null;
    const copies = this.available ? await listCopies().catch(() => []) : [];
    if (local()?.getItem(MARKER) !== '1' && copies.length === 0) return null;
    const copy = copies[0] ?? null;
    if (!copy) return { copy: null, summary: null, journal: 0, problem: null };
    try {
      const snapshot = parseBackup(await readCopy(copy), copy.name);
      const journal = (await readJournal(copy.journalFrom)).length;
      return { copy, summary: summarize(snapshot), journal, problem: null };
    } catch (e) {
      return { copy, summary: null, journal: 0, problem: (e as Error).message };
    }
  }

  /**
   * Restores the copy and replays the journal after it, in one transaction: cut short, it leaves the database empty,
   * and the next start offers the same restore again.
   */
  async restore(copy: CopyInfo): Promise<{ summary: BackupSummary; applied: number }> {
    const snapshot: CollectionSnapshot = parseBackup(await readCopy(copy), copy.name);
    const ops: JournalOp[] = [];
    for (const entry of await readJournal(copy.journalFrom)) {
      const op = parseJournalOp(entry.text);
      if (!op) break;
      ops.push(op);
    }
    const db = this.db;
    const { applied } = await db.transaction('rw', restoredTables(db), async () => {
      await restoreCollection(db, snapshot);
      return replayJournal(db, ops, await loadPresets(db));
    });
    this.noteOpened();
    return { summary: summarize(snapshot), applied };
  }
}
