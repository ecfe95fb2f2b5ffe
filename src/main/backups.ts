// The backups folder (in the app's data folder) in the main process: writes a backup the renderer made, lists and
// reads them, and thins them out: the last 10, one a day for a week and one a week for a month. Node's fs only, no
// Electron, so vitest runs it on a temporary folder.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKUP_EXTENSION, backupFileName } from '../core/backup';
import type { BackupInfo } from '../core/ipc-contract';

const NAME = /^retain-(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?\.retain-backup$/;
const DAY_MS = 86_400_000;

/** The time a backup's name gives (local time), or null for a name that is not one of ours. */
export function backupTime(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const t = new Date(y, mo - 1, d, h, mi, s).getTime();
  return Number.isFinite(t) ? t : null;
}

export const KEEP_LATEST = 10;
export const KEEP_DAILY_DAYS = 7;
export const KEEP_WEEKLY_WEEKS = 4;

/**
 * Which backups to keep at `nowMs`: the newest KEEP_LATEST; the newest of each of the last KEEP_DAILY_DAYS local
 * days; the newest of each of the last KEEP_WEEKLY_WEEKS weeks (seven-day spans back from today). The rest go.
 */
export function backupsToKeep(backups: readonly { name: string; time: number }[], nowMs: number): Set<string> {
  const newest = [...backups].sort((a, b) => b.time - a.time);
  const keep = new Set(newest.slice(0, KEEP_LATEST).map((b) => b.name));
  const today = localDay(nowMs);
  const days = new Set<number>();
  const weeks = new Set<number>();
  for (const b of newest) {
    const age = today - localDay(b.time);
    if (age < 0) continue;
    if (age < KEEP_DAILY_DAYS && !days.has(age)) {
      days.add(age);
      keep.add(b.name);
    }
    const week = Math.floor(age / 7);
    if (week < KEEP_WEEKLY_WEEKS && !weeks.has(week)) {
      weeks.add(week);
      keep.add(b.name);
    }
  }
  return keep;
}

/** Local calendar day number (days since 1970-01-01 in local time). */
function localDay(ms: number): number {
  const d = new Date(ms);
  return Math.floor(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS);
}

export class BackupFolder {
  constructor(readonly dir: string) {}

  async list(): Promise<BackupInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return [];
      throw e;
    }
    const out: BackupInfo[] = [];
    for (const name of names) {
      const createdAt = backupTime(name);
      if (createdAt === null) continue;
      const { size } = await stat(join(this.dir, name));
      out.push({ name, createdAt, size });
    }
    // Newest first; of two made in the same second, the one with the suffix (-2, -3...) was made later.
    return out.sort((a, b) => b.createdAt - a.createdAt || b.name.length - a.name.length || (a.name < b.name ? 1 : -1));
  }

  /**
   * Writes a backup made at `nowMs` and thins out the folder. The file appears whole or not at all: written under a
   * temporary name, then renamed (a crash mid-write leaves only a .tmp file, which the next write removes).
   */
  async write(bytes: Uint8Array, nowMs: number): Promise<BackupInfo> {
    await mkdir(this.dir, { recursive: true });
    let name = backupFileName(nowMs);
    const taken = new Set((await this.list()).map((b) => b.name));
    for (let n = 2; taken.has(name); n++) name = backupFileName(nowMs).replace(BACKUP_EXTENSION, `-${n}${BACKUP_EXTENSION}`);
    const tmp = join(this.dir, `${name}.tmp`);
    await writeFile(tmp, bytes);
    await rename(tmp, join(this.dir, name));
    await this.prune(nowMs);
    return { name, createdAt: nowMs, size: bytes.length };
  }

  /** Reads one backup by the name `list()` gave; any other name (a path, another file) is refused. */
  async read(name: string): Promise<Uint8Array> {
    if (backupTime(name) === null) throw new Error(`"${name}" is not the name of a backup`);
    return new Uint8Array(await readFile(join(this.dir, name)));
  }

  async prune(nowMs: number): Promise<string[]> {
    const all = await this.list();
    const keep = backupsToKeep(all.map((b) => ({ name: b.name, time: b.createdAt })), nowMs);
    const removed = all.filter((b) => !keep.has(b.name)).map((b) => b.name);
    for (const name of removed) await rm(join(this.dir, name), { force: true });
    // Leftovers of writes that a crash interrupted.
    for (const name of await readdir(this.dir)) if (name.endsWith('.tmp')) await rm(join(this.dir, name), { force: true });
    return removed;
  }
}
