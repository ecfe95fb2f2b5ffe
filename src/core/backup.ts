// The backup file: the whole collection, compressed, in a zip (fflate) that any unzip tool can open.
//   retain-backup.json  the records (decks, notes, cards without their histories, note types, settings) and where
//                       each card's history and each media file are
//   histories.f64       every card's review history, one after another (Float64, little-endian: the rows of
//                       src/core/history.ts)
//   media/<n>           the media files
//   checksums.json      the CRC-32 of each file above
// What can be derived (day summaries, per-card statistics) is left out and rebuilt on restore. Reading a backup
// checks every record: a file that is not a backup, is damaged or holds a bad record is refused with a message naming
// the file and the place, before anything is written.
import { strToU8, strFromU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import * as v from 'valibot';
import { crc32 } from './hash';
import { HISTORY_FIELDS } from './history';
import { issuePath, issueText } from './schema-issues';
import { DEFAULT_SETTINGS, LEECH_ACTIONS } from './settings';
import { FLAGS, Queue, type CardRecord, type DeckRecord, type MediaRecord, type NoteRecord, type NotetypeRecord } from './model';
import type { Settings } from './settings';
import type { Preset } from './presets';

export const BACKUP_FORMAT = 'retain-backup';
export const BACKUP_VERSION = 1;
export const BACKUP_EXTENSION = '.retain-backup';
const MANIFEST = 'retain-backup.json';
const HISTORIES = 'histories.f64';
/** The CRC-32 of every other file: a changed byte anywhere is found (fflate does not check zip's own CRCs). */
const CHECKSUMS = 'checksums.json';
/** Refused before inflating: more than any collection we can hold in memory (and a zip bomb's usual claim). */
export const MAX_BACKUP_UNPACKED_BYTES = 2 * 1024 ** 3;
const STRIDE = HISTORY_FIELDS.length;

export interface CollectionSnapshot {
  createdAt: number;
  appVersion: string;
  /** The stored settings (null: never saved, the defaults apply), with when the scheduling settings last changed. */
  settings: (Settings & { schedulingChangedAt?: number; presets?: Preset[]; deckPresets?: Record<string, string>; rescheduleOnChange?: boolean }) | null;
  decks: DeckRecord[];
  notes: NoteRecord[];
  cards: CardRecord[];
  notetypes: NotetypeRecord[];
  media: MediaRecord[];
}

export class BackupError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'BackupError';
  }
}

export interface BackupSummary {
  createdAt: number;
  appVersion: string;
  decks: number;
  notes: number;
  cards: number;
  reviews: number;
}

export function summarize(s: CollectionSnapshot): BackupSummary {
  const reviews = s.cards.reduce((sum, c) => sum + c.history.length / STRIDE, 0);
  return { createdAt: s.createdAt, appVersion: s.appVersion, decks: s.decks.length, notes: s.notes.length, cards: s.cards.length, reviews };
}

/** The file name a backup made at `ms` gets (local time, sortable): `retain-2026-12-03-0930.retain-backup`. */
export function backupFileName(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `retain-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}${BACKUP_EXTENSION}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

export function encodeBackup(s: CollectionSnapshot): Uint8Array {
  const total = s.cards.reduce((sum, c) => sum + c.history.length, 0);
  const histories = new Float64Array(total);
  let at = 0;
  const cards = s.cards.map(({ history, ...card }) => {
    histories.set(history, at);
    const entry = { ...card, history: [at / STRIDE, history.length / STRIDE] as [number, number] };
    at += history.length;
    return entry;
  });
  const media = s.media.map((m, i) => ({ name: m.name, file: `media/${i}` }));
  const manifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: s.createdAt,
    appVersion: s.appVersion,
    settings: s.settings,
    decks: s.decks,
    notes: s.notes,
    notetypes: s.notetypes,
    cards,
    media,
  };
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    [MANIFEST]: strToU8(JSON.stringify(manifest)),
    [HISTORIES]: new Uint8Array(littleEndian(histories).buffer),
  };
  // Images and sounds are compressed already: stored as they are.
  s.media.forEach((m, i) => (files[`media/${i}`] = [m.data, { level: 0 }]));
  return sealBackup(files);
}

/** Zips a backup's files with the checksum of each (also how a test writes a backup of its own making). */
export function sealBackup(files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]>): Uint8Array {
  const checksums: Record<string, number> = {};
  for (const [name, entry] of Object.entries(files)) {
    if (name !== CHECKSUMS) checksums[name] = crc32(Array.isArray(entry) ? entry[0] : entry);
  }
  return zipSync({ ...files, [CHECKSUMS]: strToU8(JSON.stringify(checksums)) }, { level: 6 });
}

/** The bytes of a Float64Array in little-endian order, whatever the machine's order. */
function littleEndian(a: Float64Array): Float64Array {
  if (new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f) return a;
  const out = new Float64Array(a.length);
  const view = new DataView(out.buffer);
  a.forEach((x, i) => view.setFloat64(i * 8, x, true));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(1000));
const text = v.pipe(v.string(), v.maxLength(10_000_000));

const SchedStateSchema = v.object({
  due: finite,
  stability: finite,
  difficulty: finite,
  elapsedDays: finite,
  scheduledDays: count,
  learningSteps: count,
  reps: count,
  lapses: count,
  state: v.picklist([0, 1, 2, 3]),
  lastReview: v.nullable(finite),
});

const DeckSchema = v.object({
  id,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(1000)),
  description: text,
  source: v.object({
    title: text,
    author: v.optional(text),
    publication: v.optional(text),
    url: v.optional(text),
    sections: v.array(text),
  }),
  position: finite,
  bundled: v.boolean(),
  renamed: v.optional(v.boolean()),
  contentHash: v.string(),
});

const NoteSchema = v.object({
  id,
  deckId: id,
  kind: v.picklist(['basic', 'basic-reversed', 'cloze', 'anki']),
  fields: v.record(v.string(), text),
  notetypeId: v.optional(id),
  tags: v.array(v.pipe(v.string(), v.maxLength(1000))),
  section: text,
  context: v.optional(text),
  position: finite,
  retired: v.boolean(),
});

const NotetypeSchema = v.object({
  id,
  name: v.string(),
  kind: v.picklist(['standard', 'cloze']),
  fields: v.array(v.string()),
  templates: v.array(v.object({ name: v.string(), front: text, back: text })),
  css: text,
});

const QUEUES = Object.values(Queue);
const CardSchema = v.object({
  id,
  noteId: id,
  deckId: id,
  ord: count,
  position: finite,
  queue: v.picklist(QUEUES),
  due: finite,
  sched: SchedStateSchema,
  history: v.tuple([count, count]),
  buriedDay: v.optional(v.pipe(v.number(), v.integer())),
  flag: v.optional(v.picklist(FLAGS)),
});

// A preset's options as a backup holds them (the Default preset's are the settings' own fields).
const OPTIONS = {
  desiredRetention: finite,
  newPerDay: count,
  reviewsPerDay: count,
  learningSteps: v.array(v.string()),
  relearningSteps: v.array(v.string()),
  maximumInterval: count,
  leechThreshold: count,
  leechAction: v.picklist(LEECH_ACTIONS),
};

// A preset besides Default (core/presets.ts): every option present.
const PresetSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  ...OPTIONS,
  fsrsParams: v.array(finite),
});

const SettingsSchema = v.object({
  ...OPTIONS,
  dayStartHour: count,
  // Absent in backups from before leeches: the defaults fill them in.
  leechThreshold: v.optional(count),
  leechAction: v.optional(v.picklist(LEECH_ACTIONS)),
  // Absent in backups from before the optimizer: FSRS's defaults. The length is checked where settings are loaded.
  fsrsParams: v.optional(v.array(finite)),
  // Absent in backups from before presets: Default only. Each preset's options are checked where they are loaded.
  presets: v.optional(v.array(PresetSchema)),
  deckPresets: v.optional(v.record(v.string(), v.string())),
  rescheduleOnChange: v.optional(v.boolean()),
  schedulingChangedAt: v.optional(finite),
});

const ManifestSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  createdAt: finite,
  appVersion: v.string(),
  settings: v.nullable(SettingsSchema),
  decks: v.array(DeckSchema),
  notes: v.array(NoteSchema),
  notetypes: v.array(NotetypeSchema),
  cards: v.array(CardSchema),
  media: v.array(v.object({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(255)), file: v.string() })),
});

function checkChecksums(unpacked: Unzipped, file: string): void {
  const damaged = (what: string) => new BackupError(file, `damaged: ${what} (the file was changed after it was written)`);
  let sums: unknown;
  try {
    sums = JSON.parse(strFromU8(unpacked[CHECKSUMS] ?? new Uint8Array()));
  } catch {
    throw damaged(`${CHECKSUMS} is missing or unreadable`);
  }
  if (typeof sums !== 'object' || sums === null) throw damaged(`${CHECKSUMS} is unreadable`);
  for (const name of Object.keys(unpacked)) {
    if (name === CHECKSUMS) continue;
    const sum = (sums as Record<string, unknown>)[name];
    if (typeof sum !== 'number') throw damaged(`${name} has no checksum`);
    if (crc32(unpacked[name]!) !== sum) throw damaged(`${name} does not match its checksum`);
  }
}

/** A media name that could reach outside the media store (a path, `..`, control characters). */
const UNSAFE_NAME = /[\\/\u0000-\u001f\u007f]|^\.\.?$/;

/** Reads and checks a backup file: the collection it holds, or a BackupError naming the file and what is wrong. */
export function parseBackup(bytes: Uint8Array, file: string): CollectionSnapshot {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new BackupError(file, 'not a Retain backup (it is not a zip file)');
  let unpacked: Unzipped;
  let claimed = 0;
  try {
    unpacked = unzipSync(bytes, {
      filter: (f) => {
        claimed += f.originalSize;
        if (claimed > MAX_BACKUP_UNPACKED_BYTES) throw new BackupError(file, 'unpacks to more than 2 GB: refused');
        return true;
      },
    });
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(file, `damaged: the zip cannot be read (${(e as Error).message})`);
  }
  const manifestBytes = unpacked[MANIFEST];
  if (!manifestBytes) throw new BackupError(file, `not a Retain backup (no ${MANIFEST} inside)`);
  checkChecksums(unpacked, file);
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(manifestBytes));
  } catch (e) {
    throw new BackupError(file, `${MANIFEST} is not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === BACKUP_FORMAT) {
    const version = (raw as { version?: unknown }).version;
    if (typeof version === 'number' && version > BACKUP_VERSION) {
      throw new BackupError(file, `made by a newer version of Retain (backup format ${version}); update Retain to restore it`);
    }
  }
  const parsed = v.safeParse(ManifestSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new BackupError(file, `${issuePath(issue) || MANIFEST}: ${issueText(issue)}`);
  }
  const m = parsed.output;

  const historyBytes = unpacked[HISTORIES];
  if (!historyBytes || historyBytes.length % 8 !== 0) throw new BackupError(file, `${HISTORIES} is missing or damaged`);
  const view = new DataView(historyBytes.buffer, historyBytes.byteOffset, historyBytes.byteLength);
  const rows = historyBytes.length / 8 / STRIDE;

  const unique = (list: { id: string }[], what: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) throw new BackupError(file, `${what}[${i}].id: "${x.id}" appears twice`);
      seen.add(x.id);
    });
    return seen;
  };
  const deckIds = unique(m.decks, 'decks');
  const noteIds = unique(m.notes, 'notes');
  const notetypeIds = unique(m.notetypes, 'notetypes');
  unique(m.cards, 'cards');
  m.notes.forEach((n, i) => {
    if (!deckIds.has(n.deckId)) throw new BackupError(file, `notes[${i}].deckId: no deck "${n.deckId}" in the backup`);
    if (n.notetypeId !== undefined && !notetypeIds.has(n.notetypeId)) throw new BackupError(file, `notes[${i}].notetypeId: no note type "${n.notetypeId}" in the backup`);
  });
  const cards: CardRecord[] = m.cards.map((c, i) => {
    if (!noteIds.has(c.noteId)) throw new BackupError(file, `cards[${i}].noteId: no note "${c.noteId}" in the backup`);
    if (!deckIds.has(c.deckId)) throw new BackupError(file, `cards[${i}].deckId: no deck "${c.deckId}" in the backup`);
    const [start, length] = c.history;
    if (start + length > rows) throw new BackupError(file, `cards[${i}].history: reviews ${start}-${start + length} are past the end of ${HISTORIES}`);
    const history = new Float64Array(length * STRIDE);
    for (let k = 0; k < history.length; k++) history[k] = view.getFloat64((start * STRIDE + k) * 8, true);
    const { buriedDay, ...rest } = c;
    return { ...rest, history, ...(buriedDay !== undefined ? { buriedDay } : {}) } as CardRecord;
  });
  const media: MediaRecord[] = m.media.map((entry, i) => {
    if (UNSAFE_NAME.test(entry.name)) throw new BackupError(file, `media[${i}].name: "${entry.name}" is not a plain file name`);
    const data = unpacked[entry.file];
    if (!data) throw new BackupError(file, `media[${i}]: ${entry.file} is missing`);
    return { name: entry.name, data };
  });
  return {
    createdAt: m.createdAt,
    appVersion: m.appVersion,
    settings: m.settings && { ...m.settings, leechThreshold: m.settings.leechThreshold ?? DEFAULT_SETTINGS.leechThreshold, leechAction: m.settings.leechAction ?? DEFAULT_SETTINGS.leechAction, fsrsParams: m.settings.fsrsParams ?? [...DEFAULT_SETTINGS.fsrsParams] },
    decks: m.decks as DeckRecord[],
    notes: m.notes as NoteRecord[],
    notetypes: m.notetypes as NotetypeRecord[],
    cards,
    media,
  };
}
