// The Settings screen's collection tools: Check database, and backups (to the app's backups folder in the desktop
// app, as a downloaded file in the browser), with restore. One job at a time; the last report stays until the next.
import { backupFileName, encodeBackup, parseBackup, summarize, type BackupSummary, type CollectionSnapshot } from '../../../core/backup';
import type { BackupInfo, BackupReason } from '../../../core/ipc-contract';
import type { DeckSettings } from '../../../core/presets';
import { downloadFile } from '../lib/download';
import { backupQuitReady, hasBackupFolder, listBackups, onBackupRequest, readBackup, saveBackup } from '../platform';
import { storageStatus, type StorageStatus } from '../platform/storage';
import { restoreCollection, snapshotCollection } from '../storage/backup';
import { writeCount } from '../storage/changes';
import { checkDatabase, type CheckReport } from '../storage/check';

export type { CheckReport };
import type { RetainDB } from '../storage/db';

/** How often the desktop app backs up while something changes. */
export const AUTO_BACKUP_MS = 30 * 60_000;

/** A backup chosen for restoring, read and checked, waiting for the person to confirm. */
export interface PendingRestore {
  label: string;
  summary: BackupSummary;
  snapshot: CollectionSnapshot;
}

export class CollectionTools {
  busy = $state<null | 'check' | 'backup' | 'restore'>(null);
  report = $state.raw<CheckReport | null>(null);
  error = $state<string | null>(null);
  /** What the last backup or restore did, in words. */
  status = $state<string | null>(null);
  /** The backups folder's files, newest first (desktop app). */
  backups = $state.raw<BackupInfo[]>([]);
  pending = $state.raw<PendingRestore | null>(null);
  /** Restores done: a restore replaces the settings, so the settings form starts again from them. */
  restores = $state(0);
  /** Whether the browser keeps the data for good, and the space it uses (browser build). */
  storage = $state.raw<StorageStatus | null>(null);
  readonly folder = hasBackupFolder();
  /** The write count at the last backup: the timer and the quit backup skip when nothing changed since. */
  private backedUpAt = writeCount();

  constructor(
    private readonly db: RetainDB,
    /** Each deck's settings (its preset's): the check replays a card's history with its deck's. */
    private readonly settings: () => DeckSettings,
    /** Waits for the review session's last ratings to be stored, so the check or backup sees them. */
    private readonly settled: () => Promise<void>,
    /** Called after a repair or a restore wrote something: the deck list's counts may have changed. */
    private readonly changed: () => Promise<void>,
    private readonly clock: () => number = () => Date.now(),
    private readonly appVersion = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0',
  ) {}

  /** Checks the collection and repairs what can be derived (Anki's Check Database does both in one go). */
  async check(): Promise<void> {
    if (this.busy) return;
    this.busy = 'check';
    this.error = null;
    try {
      await this.settled();
      this.report = await checkDatabase(this.db, this.settings(), { repair: true });
      if (this.report.repaired) await this.changed();
    } catch (e) {
      this.report = null;
      this.error = `The check could not finish: ${(e as Error).message}. Nothing was changed.`;
    } finally {
      this.busy = null;
    }
  }

  private stopAutomatic: (() => void) | null = null;

  /**
   * The desktop app's automatic backups: every 30 minutes when something changed, and when the window closes. Started
   * once: opening the collection again (it came back from another tab) does not add a second timer.
   */
  startAutomaticBackups(): () => void {
    if (!this.folder) return () => {};
    if (!this.stopAutomatic) {
      const timer = setInterval(() => void this.backupIfChanged('auto'), AUTO_BACKUP_MS);
      const unsubscribe = onBackupRequest(() => void this.answerQuit());
      this.stopAutomatic = () => {
        clearInterval(timer);
        unsubscribe();
        this.stopAutomatic = null;
      };
    }
    return this.stopAutomatic;
  }

  private async backupIfChanged(reason: BackupReason): Promise<void> {
    if (writeCount() === this.backedUpAt || this.busy) return;
    try {
      await this.settled();
      await this.writeBackup(reason);
    } catch (e) {
      console.error('[backup] automatic backup failed:', e);
    }
  }

  private async answerQuit(): Promise<void> {
    let bytes: Uint8Array | null = null;
    try {
      await this.settled();
      if (writeCount() !== this.backedUpAt) bytes = await this.bytes();
    } catch (e) {
      console.error('[backup] the backup at quit failed:', e);
    }
    await backupQuitReady(bytes);
  }

  private async bytes(): Promise<Uint8Array> {
    const at = writeCount();
    const bytes = encodeBackup(await snapshotCollection(this.db, this.clock(), this.appVersion));
    this.backedUpAt = at;
    return bytes;
  }

  /** Writes a backup: to the folder (desktop app) or as a download (browser). Returns the file's name. */
  private async writeBackup(reason: BackupReason): Promise<string> {
    const bytes = await this.bytes();
    if (this.folder) {
      const saved = await saveBackup(bytes, reason);
      this.backups = await listBackups();
      return saved.name;
    }
    const name = reason === 'before-restore' ? backupFileName(this.clock()).replace('retain-', 'retain-before-restore-') : backupFileName(this.clock());
    downloadFile(name, bytes, 'application/zip');
    return name;
  }

  /**
   * Before a deck is deleted: a backup to the folder, in the desktop app (its name is returned). In a browser there is
   * no folder (a download would interrupt), so null: the caller takes a safety copy instead.
   */
  async backupBeforeDelete(): Promise<string | null> {
    if (!this.folder) return null;
    await this.settled();
    return this.writeBackup('before-delete');
  }

  /** What the Settings screen shows when it opens: the backups folder, or the browser's storage. */
  async refreshBackups(): Promise<void> {
    if (this.folder) this.backups = await listBackups();
    else this.storage = await storageStatus();
  }

  /** Back up now (desktop) / Download backup (browser). */
  async backupNow(): Promise<void> {
    if (this.busy) return;
    this.busy = 'backup';
    this.error = null;
    this.status = null;
    try {
      await this.settled();
      const name = await this.writeBackup('manual');
      this.status = this.folder ? `Backed up to ${name}.` : `Saved ${name}.`;
    } catch (e) {
      this.error = `The backup failed: ${(e as Error).message}`;
    } finally {
      this.busy = null;
    }
  }

  /** Reads and checks a backup (a file of the folder, or a file the person chose); restoring waits for `confirm`. */
  async choose(source: { name: string } | File): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.status = null;
    this.pending = null;
    try {
      const file = source instanceof File;
      const bytes = file ? new Uint8Array(await source.arrayBuffer()) : await readBackup(source.name);
      const snapshot = parseBackup(bytes, source.name);
      this.pending = { label: source.name, summary: summarize(snapshot), snapshot };
    } catch (e) {
      this.error = `${(e as Error).message}. Nothing was changed.`;
    }
  }

  cancel(): void {
    this.pending = null;
  }

  /** Replaces the collection with the chosen backup, after a backup of the collection as it is now. */
  async confirm(): Promise<void> {
    const pending = this.pending;
    if (!pending || this.busy) return;
    this.busy = 'restore';
    this.error = null;
    try {
      await this.settled();
      const saved = await this.writeBackup('before-restore');
      await restoreCollection(this.db, pending.snapshot);
      this.backedUpAt = -1; // the restored collection is not in the folder's newest backup
      this.pending = null;
      await this.changed();
      this.restores++;
      const s = pending.summary;
      this.status =
        `Restored ${pending.label}: ${s.decks} decks, ${s.cards} cards, ${s.reviews} reviews. ` +
        `Your collection as it was before is in ${saved}.`;
    } catch (e) {
      this.error = `The restore failed: ${(e as Error).message}. Your collection is as it was.`;
    } finally {
      this.busy = null;
    }
  }
}
