// The safety net's files, kept outside IndexedDB in the Origin Private File System: copies of the whole collection
// (backup files, core/backup.ts) and a journal of the answers given since the newest copy, one small file each.
// Chromium's IndexedDB can discard a whole origin's database when it finds its LevelDB log damaged at start (after
// two kills in a row: google/leveldb#1287); these files are what the app restores from then. Plain files: a copy is
// written through a writable stream, which Chromium commits whole on close or not at all.

/** A copy's name says when it was made and what it covers: `copy-<createdAt>-<journalFrom>-<unsafeAt>`. */
export interface CopyInfo {
  name: string;
  createdAt: number;
  /** Journal entries from this sequence number on came after the copy. */
  journalFrom: number;
  /** The count of unjournaled writes (imports, settings, restores) the copy includes (see safety-state). */
  unsafeAt: number;
}

const DIR = 'retain-safety';
const COPY = /^copy-(\d+)-(\d+)-(\d+)\.retain-backup$/;
const JOURNAL = /^journal-(\d{12})\.json$/;

type Dir = FileSystemDirectoryHandle & { keys(): AsyncIterableIterator<string> };

/** Whether this browser has the Origin Private File System (not in every context: it needs a secure one). */
export function safetyAvailable(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
}

let opened: Promise<Dir> | null = null;
function dir(): Promise<Dir> {
  opened ??= navigator.storage.getDirectory().then((root) => root.getDirectoryHandle(DIR, { create: true }) as Promise<Dir>);
  return opened;
}

async function names(): Promise<string[]> {
  const out: string[] = [];
  for await (const name of (await dir()).keys()) out.push(name);
  return out;
}

async function write(name: string, data: Uint8Array | string): Promise<void> {
  const file = await (await dir()).getFileHandle(name, { create: true });
  const writable = await file.createWritable();
  await writable.write(typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>));
  await writable.close();
}

async function read(name: string): Promise<Uint8Array> {
  const file = await (await dir()).getFileHandle(name);
  return new Uint8Array(await (await file.getFile()).arrayBuffer());
}

const remove = async (name: string) => (await dir()).removeEntry(name).catch(() => {});

/** The copies, newest first. */
export async function listCopies(): Promise<CopyInfo[]> {
  const out: CopyInfo[] = [];
  for (const name of await names()) {
    const m = COPY.exec(name);
    if (m) out.push({ name, createdAt: Number(m[1]), journalFrom: Number(m[2]), unsafeAt: Number(m[3]) });
  }
  return out.sort((a, b) => b.createdAt - a.createdAt || b.journalFrom - a.journalFrom);
}

export const readCopy = (info: CopyInfo): Promise<Uint8Array> => read(info.name);

/**
 * Writes a copy, then keeps the newest `keep` and the journal entries the oldest of them needs. A copy half written
 * (the app killed) is never committed, so never listed.
 */
export async function writeCopy(bytes: Uint8Array, meta: Omit<CopyInfo, 'name'>, keep = 2): Promise<CopyInfo> {
  const name = `copy-${meta.createdAt}-${meta.journalFrom}-${meta.unsafeAt}.retain-backup`;
  await write(name, bytes);
  const copies = await listCopies();
  for (const old of copies.slice(keep)) await remove(old.name);
  const oldestKept = copies.slice(0, keep).at(-1)?.journalFrom ?? meta.journalFrom;
  for (const entry of await journalEntries()) if (entry.seq < oldestKept) await remove(entry.name);
  return { name, ...meta };
}

async function journalEntries(): Promise<{ name: string; seq: number }[]> {
  const out: { name: string; seq: number }[] = [];
  for (const name of await names()) {
    const m = JOURNAL.exec(name);
    if (m) out.push({ name, seq: Number(m[1]) });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

const UNSAFE_MARK = 'unsafe-writes.txt';

/**
 * The count of unjournaled writes, kept here as well as in localStorage: Chromium writes localStorage to disk seconds
 * later, so a kill right after an import could lose the count the import added, and the next start would not know
 * that the newest copy lacks the import. A file written here is on disk once its stream is closed.
 */
export const writeUnsafeMark = (count: number): Promise<void> => write(UNSAFE_MARK, String(count));

export async function readUnsafeMark(): Promise<number> {
  try {
    return Number(new TextDecoder().decode(await read(UNSAFE_MARK))) || 0;
  } catch {
    return 0; // never written
  }
}

/** The next journal sequence number (one past the highest stored). */
export async function nextJournalSeq(): Promise<number> {
  return ((await journalEntries()).at(-1)?.seq ?? 0) + 1;
}

/** Writes one journal entry under its sequence number. */
export const writeJournal = (seq: number, text: string): Promise<void> => write(`journal-${String(seq).padStart(12, '0')}.json`, text);

/** The journal entries from `from` on, in order; one that cannot be read (half written) ends the list. */
export async function readJournal(from: number): Promise<{ seq: number; text: string }[]> {
  const out: { seq: number; text: string }[] = [];
  for (const entry of await journalEntries()) {
    if (entry.seq < from) continue;
    try {
      out.push({ seq: entry.seq, text: new TextDecoder().decode(await read(entry.name)) });
    } catch {
      break;
    }
  }
  return out;
}
