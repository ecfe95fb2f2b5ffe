// The backups folder: which backups are kept as they pile up over a month, and the folder's own safety (whole files
// only, its own names only).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupFileName } from '../../../src/core/backup';
import { BackupFolder, backupsToKeep, backupTime } from '../../../src/main/backups';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date(2026, 11, 31, 18, 0, 0).getTime();

describe('backupsToKeep', () => {
  it('keeps the last 10, one a day for a week and one a week for a month', () => {
    // A backup every 30 minutes from 8:00 to 20:00 on each of the last 40 days (when the app was open): 1,000 files.
    const all: { name: string; time: number }[] = [];
    for (let day = 0; day < 40; day++) {
      for (let half = 0; half < 25; half++) {
        const time = new Date(2026, 11, 31 - day, 8, 30 * half).getTime();
        if (time <= NOW) all.push({ name: backupFileName(time), time });
      }
    }
    const kept = [...backupsToKeep(all, NOW)].map((n) => backupTime(n)!).sort((a, b) => b - a);
    const at = (daysAgo: number, h: number, m = 0) => new Date(2026, 11, 31 - daysAgo, h, m).getTime();
    // Today until 18:00: 21 backups, the newest 10 kept (13:30 to 18:00).
    const latest = Array.from({ length: 10 }, (_, i) => at(0, 18) - i * 30 * 60_000);
    // The newest of each of the six days before (20:00), and of the weeks 1-3 back (the newest of each week is its
    // first day: 7, 14 and 21 days ago).
    const daily = [1, 2, 3, 4, 5, 6].map((d) => at(d, 20));
    const weekly = [7, 14, 21].map((d) => at(d, 20));
    expect(kept).toEqual([...latest, ...daily, ...weekly]);
  });

  it('keeps everything while there are ten or fewer', () => {
    const few = [0, 40, 400].map((d) => ({ name: `b${d}`, time: NOW - d * DAY }));
    expect(backupsToKeep(few, NOW)).toEqual(new Set(['b0', 'b40', 'b400']));
  });
});

describe('BackupFolder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'retain-backups-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes, lists newest first and reads back the same bytes', async () => {
    const folder = new BackupFolder(join(dir, 'backups'));
    expect(await folder.list()).toEqual([]);
    const a = await folder.write(new Uint8Array([1, 2, 3]), NOW - HOUR);
    const b = await folder.write(new Uint8Array([4, 5]), NOW);
    // Two in the same second get distinct names.
    const c = await folder.write(new Uint8Array([6]), NOW);
    expect(c.name).toBe(backupFileName(NOW).replace('.retain-backup', '-2.retain-backup'));
    expect((await folder.list()).map((x) => x.name)).toEqual([c.name, b.name, a.name]);
    expect(Array.from(await folder.read(a.name))).toEqual([1, 2, 3]);
    expect((await folder.list()).find((x) => x.name === b.name)?.size).toBe(2);
  });

  it('thins out the folder after each write and removes what a crash left half written', async () => {
    const folder = new BackupFolder(dir);
    writeFileSync(join(dir, `${backupFileName(NOW - DAY)}.tmp`), 'half');
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    for (let i = 0; i < 15; i++) await folder.write(new Uint8Array([i]), NOW - (14 - i) * 60_000);
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(11);
    expect(names).toContain('notes.txt');
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('reads only its own backups by name', async () => {
    const folder = new BackupFolder(dir);
    writeFileSync(join(dir, 'secret.txt'), 'no');
    await expect(folder.read('secret.txt')).rejects.toThrow('"secret.txt" is not the name of a backup');
    await expect(folder.read('../retain-2026-01-01-000000.retain-backup')).rejects.toThrow(/is not the name of a backup/);
  });
});
