// Writes an ImportBundle into the collection, all or nothing. Notes are matched by guid (our note id): a new note
// comes in with its cards and their history replayed through FSRS; a known note gets its new content and keeps its
// cards' progress; nothing is duplicated. Decks are matched by name, as Anki does.
//
// Three phases: read what the collection already has (one read transaction), prepare every record in memory (the
// FSRS replay of the histories is CPU work that must not hold a transaction open), then write everything in one
// transaction. New cards are added with `add`, never `put`: if another window created the same card in between, the
// write fails as a whole instead of overwriting its progress.
import type { DeckSource } from '../../../core/deck-types';
import { contentHash, fnv1aBytes } from '../../../core/hash';
import type { ImportBundle, ImportedMedia, ImportProblem } from '../../../core/import/bundle';
import { replayReviews } from '../../../core/import/replay-reviews';
import { recountDays } from '../../../core/replay';
import {
  type DaySummary,
  placeCard,
  Queue,
  type CardRecord,
  type DeckRecord,
  type MediaRecord,
  type NoteRecord,
  type NotetypeRecord,
} from '../../../core/model';
import { answerCount, historyLength, historyOf } from '../../../core/history';
import { schedulerForDeck, type DeckSettings } from '../../../core/presets';
import type { RetainDB } from './db';
import { withBatchedDerived } from './derived-tables';
import { addSummaries } from './days';

export interface ImportSummary {
  file: string;
  decksAdded: string[];
  notesAdded: number;
  notesUpdated: number;
  notesUnchanged: number;
  notesSkipped: number;
  cardsAdded: number;
  /** Cards already here, never studied, that took the progress the file carries for them (a Retain export). */
  progressRestored: number;
  reviewsImported: number;
  mediaAdded: number;
  /** Why anything was skipped or changed on the way in: the parser's findings and this step's. */
  problems: ImportProblem[];
}

export interface ImportProgress {
  phase: 'reading' | 'writing';
  done: number;
  total: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /** Aborting before the write commits leaves the collection exactly as it was. */
  signal?: AbortSignal;
}

export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled; nothing was changed.');
    this.name = 'ImportCancelled';
  }
}

/** Gap between notes in a deck's new-card order, so a note's cards (ord 0, 1, ...) sort together. */
const POSITION_STRIDE = 1000;

const sameNote = (a: NoteRecord, b: NoteRecord) =>
  a.deckId === b.deckId && a.notetypeId === b.notetypeId && JSON.stringify(a.fields) === JSON.stringify(b.fields) && a.tags.join(' ') === b.tags.join(' ');

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelled();
}

/** The name a media file takes when its own is used by other content: `name-<hash>.ext`, the hash of its bytes. */
function hashedMediaName(m: ImportedMedia): string {
  const dot = m.name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [m.name.slice(0, dot), m.name.slice(dot)] : [m.name, ''];
  return `${stem}-${fnv1aBytes(m.data).toString(16).padStart(8, '0')}${ext}`;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export async function importBundle(
  db: RetainDB,
  bundle: ImportBundle,
  /** Each deck's settings (its preset's): imported histories are replayed with them. */
  settings: DeckSettings,
  nowMs: number,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const { onProgress, signal } = options;
  const problems: ImportProblem[] = [...bundle.skipped];
  const summary: ImportSummary = {
    file: bundle.file,
    decksAdded: [],
    notesAdded: 0,
    notesUpdated: 0,
    notesUnchanged: 0,
    notesSkipped: 0,
    cardsAdded: 0,
    progressRestored: 0,
    reviewsImported: 0,
    mediaAdded: 0,
    problems,
  };
  const problem = (where: string, message: string) => problems.push({ file: bundle.file, where, message });

  // 1. What the collection has.
  onProgress?.({ phase: 'reading', done: 0, total: bundle.notes.length });
  const guids = bundle.notes.map((n) => n.guid);
  const [decks, notetypes, existingNotes, existingMedia, existingCardIds, progressTargets] = await db.transaction(
    'r',
    [db.decks, db.notetypes, db.notes, db.cards, db.media],
    async () => {
      // Keys only, in one request each: cheaper than asking for 100,000 notes one by one.
      const allNoteIds = new Set(await db.notes.toCollection().primaryKeys());
      const known = guids.filter((g) => allNoteIds.has(g));
      const mediaNames = new Set(await db.media.toCollection().primaryKeys());
      // Names already used, and the names their files would take instead (imported before, maybe).
      const clashing = bundle.media.filter((m) => mediaNames.has(m.name)).flatMap((m) => [m.name, hashedMediaName(m)]);
      return Promise.all([
        db.decks.toArray(),
        db.notetypes.toArray(),
        db.notes.bulkGet(known),
        db.media.bulkGet(clashing).then((found) => ({ names: mediaNames, found: found.filter((m): m is MediaRecord => !!m) })),
        // A known note may bring a card it did not have (a new cloze number): which of its cards exist?
        known.length > 0 ? db.cards.toCollection().primaryKeys().then((ids) => new Set(ids)) : new Set<string>(),
        // Cards the file carries progress for, of notes we have: those never studied here take it.
        db.cards
          .bulkGet(bundle.cards.filter((c) => c.progress && allNoteIds.has(c.noteGuid)).map((c) => `${c.noteGuid}:${c.ord}`))
          .then((found) => new Map(found.filter((c): c is CardRecord => !!c).map((c) => [c.id, c]))),
      ]);
    },
  );
  checkCancelled(signal);

  // 2. Records, in memory.
  const deckByName = new Map(decks.map((d) => [d.name.toLowerCase(), d]));
  const deckIds = new Set(decks.map((d) => d.id));
  let nextDeckPosition = decks.reduce((m, d) => Math.max(m, d.position + 1), 0);
  const newDecks: DeckRecord[] = [];
  const deckIdOf = new Map<string, string>();
  for (const d of bundle.decks) {
    const name = d.name.trim() || 'Imported';
    const existing = deckByName.get(name.toLowerCase());
    if (existing) {
      deckIdOf.set(d.id, existing.id);
      continue;
    }
    let id = `imp-${contentHash(name.toLowerCase())}`;
    for (let i = 2; deckIds.has(id); i++) id = `imp-${contentHash(name.toLowerCase())}-${i}`;
    const source: DeckSource = { title: bundle.file, sections: [] };
    const record: DeckRecord = {
      id,
      name,
      description: d.description ?? '',
      source,
      position: nextDeckPosition++,
      bundled: false,
      contentHash: '',
    };
    newDecks.push(record);
    deckByName.set(name.toLowerCase(), record);
    deckIds.add(id);
    deckIdOf.set(d.id, id);
    summary.decksAdded.push(name);
  }

  // Note types: the same id with the same fields is the same note type (templates and CSS follow the file); other
  // fields under the same id make a new one, so that notes already stored keep rendering as they did.
  const notetypeById = new Map(notetypes.map((t) => [t.id, t]));
  const notetypeIdOf = new Map<string, string>();
  const notetypesToPut: NotetypeRecord[] = [];
  for (const t of bundle.notetypes) {
    // A deck exported by Retain carries our own note type ids already.
    const base = t.id.startsWith('nt-') ? t.id : `nt-${t.id}`;
    let id = base;
    const existing = notetypeById.get(id);
    if (existing && existing.fields.join('\u001f') !== t.fields.join('\u001f')) id = `${base}-${contentHash(t.fields.join('\u001f'))}`;
    const record: NotetypeRecord = { id, name: t.name, kind: t.kind, fields: t.fields, templates: t.templates, css: t.css };
    notetypeIdOf.set(t.id, id);
    notetypesToPut.push(record);
  }

  // Media: a name already used for other content gets a new name, and the imported notes are changed to match.
  const mediaToAdd: MediaRecord[] = [];
  const renamed = new Map<string, string>();
  const takenNames = new Set(existingMedia.names);
  for (const m of bundle.media) {
    const stored = existingMedia.found.find((x) => x.name === m.name);
    if (stored && sameBytes(stored.data, m.data)) continue;
    if (!stored && !takenNames.has(m.name)) {
      takenNames.add(m.name);
      mediaToAdd.push({ name: m.name, data: m.data });
      continue;
    }
    const name = hashedMediaName(m);
    renamed.set(m.name, name);
    const already = existingMedia.found.find((x) => x.name === name);
    if (already && sameBytes(already.data, m.data)) continue;
    if (already || takenNames.has(name)) {
      problem(`media ${m.name}`, 'its name is used by another file, and so is the name it would take instead; it was left out');
      renamed.delete(m.name);
      continue;
    }
    takenNames.add(name);
    mediaToAdd.push({ name, data: m.data });
  }
  // Only references change: `src="name"` (any quotes) and `[sound:name]`, not the same text elsewhere in a field.
  const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const references = [...renamed].map(([from, to]) => ({
    pattern: new RegExp(`(src\\s*=\\s*["']?)${escape(from)}(?=["'\\s>]|$)|(\\[sound:)${escape(from)}(?=\\])`, 'g'),
    to,
  }));
  const withMediaNames = (html: string) =>
    references.reduce((out, r) => out.replace(r.pattern, (_m, src?: string, sound?: string) => `${src ?? sound ?? ''}${r.to}`), html);

  const existingById = new Map(existingNotes.filter((n): n is NoteRecord => !!n).map((n) => [n.id, n]));
  const cardsByNote = new Map<string, typeof bundle.cards>();
  for (const c of bundle.cards) {
    const list = cardsByNote.get(c.noteGuid);
    if (list) list.push(c);
    else cardsByNote.set(c.noteGuid, [c]);
  }
  const bundleNotetypes = new Map(bundle.notetypes.map((t) => [t.id, t]));
  let notesToPut: NoteRecord[] = [];
  let cardsToAdd: CardRecord[] = [];
  const cardsToRestore: CardRecord[] = [];
  const seenGuids = new Set<string>();
  // New cards go after the deck's existing ones in the new-card order.
  const nextPositionOf = new Map<string, number>();
  const positionIn = (deckId: string, newPosition: number | undefined, fallback: number) => {
    const base = nextPositionOf.get(deckId) ?? 0;
    return base + (newPosition ?? fallback) * POSITION_STRIDE;
  };
  await db.transaction('r', db.cards, async () => {
    for (const deckId of new Set(deckIdOf.values())) {
      const last = await db.cards
        .where('[deckId+queue+due]')
        .between([deckId, Queue.New, -Infinity], [deckId, Queue.New, Infinity])
        .last();
      nextPositionOf.set(deckId, last ? last.position + POSITION_STRIDE : 0);
    }
  });

  /** Prepares one note of the file: its record and its cards' (histories replayed), into the current slice. */
  const prepareNote = (index: number, note: (typeof bundle.notes)[number]): void => {
    const where = `note ${note.guid}`;
    if (seenGuids.has(note.guid)) {
      problem(where, 'appears twice in the file; the first one was imported');
      summary.notesSkipped++;
      return;
    }
    seenGuids.add(note.guid);
    const notetypeId = notetypeIdOf.get(note.notetypeId);
    const notetype = bundleNotetypes.get(note.notetypeId);
    const cards = cardsByNote.get(note.guid) ?? [];
    if (!notetypeId || !notetype) {
      problem(where, `its note type (${note.notetypeId}) is not in the file`);
      summary.notesSkipped++;
      return;
    }
    const firstDeck = cards[0] ? deckIdOf.get(cards[0].deckId) : undefined;
    const existing = existingById.get(note.guid);
    const deckId = existing?.deckId ?? firstDeck ?? deckIdOf.values().next().value;
    if (!deckId) {
      problem(where, 'has no deck to go into');
      summary.notesSkipped++;
      return;
    }
    const fields = Object.fromEntries(notetype.fields.map((name, i) => [name, withMediaNames(note.fields[i] ?? '')]));
    const record: NoteRecord = {
      id: note.guid,
      deckId,
      kind: 'anki',
      notetypeId,
      fields,
      tags: note.tags,
      section: '',
      position: existing?.position ?? index,
      retired: false,
    };
    if (existing && existing.kind !== 'anki') {
      // A bundled deck's note: its content is the app's and stays; progress in the file can still fill its cards.
      summary.notesUnchanged++;
    } else if (existing) {
      // Progress is kept: the note's cards stay as they are, in their deck; only cards it did not have are added.
      if (sameNote(existing, { ...record, deckId: existing.deckId })) summary.notesUnchanged++;
      else {
        notesToPut.push({ ...record, deckId: existing.deckId });
        summary.notesUpdated++;
      }
    } else {
      notesToPut.push(record);
      summary.notesAdded++;
    }
    for (const c of cards) {
      const id = `${note.guid}:${c.ord}`;
      if (existingCardIds.has(id)) {
        const here = progressTargets.get(id);
        if (here && c.progress && historyLength(here.history) === 0 && (c.progress.history.length > 0 || c.suspended)) {
          const sched = c.progress.sched;
          cardsToRestore.push({
            ...here,
            sched,
            history: historyOf(c.progress.history),
            ...placeCard(here.position, sched),
            ...(c.suspended ? { queue: Queue.Suspended } : {}),
          });
        }
        continue;
      }
      if (existing && existing.kind !== 'anki') continue;
      const cardDeck = existing ? existing.deckId : (deckIdOf.get(c.deckId) ?? deckId);
      const replayed = c.progress
        ? { sched: c.progress.sched, history: historyOf(c.progress.history) }
        : replayReviews(id, c.reviews, schedulerForDeck(settings, cardDeck), nowMs);
      const position = positionIn(cardDeck, c.newPosition, index) + c.ord;
      const placed = placeCard(position, replayed.sched);
      cardsToAdd.push({
        id,
        noteId: note.guid,
        deckId: cardDeck,
        ord: c.ord,
        position,
        ...placed,
        ...(c.suspended ? { queue: Queue.Suspended } : {}),
        sched: replayed.sched,
        history: replayed.history,
      });
      summary.reviewsImported += answerCount(replayed.history);
    }
  };
  summary.mediaAdded = mediaToAdd.length;
  checkCancelled(signal);

  // 3. One transaction: all of it or none of it. The notes are prepared slice by slice inside it (the FSRS replay of
  // the next slice runs while the previous slice's writes are in flight), so memory holds one slice of records at a
  // time and a Cancel is seen between slices. Measured on the 100,000-card benchmark, this is no faster than
  // preparing everything first (45 s either way): this thread also serializes every record IndexedDB writes.
  const total = bundle.notes.length;
  const SLICE = 2000;
  // The card summaries and note texts are brought up to date once, at the end, not once per slice (see withBatchedDerived).
  await db.transaction('rw', [db.decks, db.notetypes, db.notes, db.cards, db.dayBlocks, db.hourBlocks, db.media], () => withBatchedDerived(async () => {
    await db.decks.bulkAdd(newDecks);
    await db.notetypes.bulkPut(notetypesToPut);
    await db.media.bulkAdd(mediaToAdd);
    const days = new Map<string, DaySummary>();
    const count = (cards: CardRecord[]) => recountDays(cards, settings.dayStartHour, days);
    let pending: Promise<unknown> = Promise.resolve();
    for (let start = 0; start < total; start += SLICE) {
      notesToPut = [];
      cardsToAdd = [];
      for (let i = start; i < Math.min(start + SLICE, total); i++) prepareNote(i, bundle.notes[i]!);
      await pending;
      checkCancelled(signal);
      onProgress?.({ phase: 'writing', done: start, total });
      count(cardsToAdd);
      summary.cardsAdded += cardsToAdd.length;
      const writes = Promise.all([db.notes.bulkPut(notesToPut), db.cards.bulkAdd(cardsToAdd)]);
      writes.catch(() => {}); // awaited on the next turn; this only keeps a failure from being reported twice
      pending = writes;
    }
    await pending;
    onProgress?.({ phase: 'writing', done: total, total });
    // Progress goes only into cards still untouched now (another window may have studied one meanwhile).
    const now = await db.cards.bulkGet(cardsToRestore.map((c) => c.id));
    const restored = cardsToRestore.filter((_, i) => now[i] && historyLength(now[i]!.history) === 0);
    await db.cards.bulkPut(restored);
    count(restored);
    summary.progressRestored = restored.length;
    summary.reviewsImported += restored.reduce((n, c) => n + answerCount(c.history), 0);
    // Day summaries of the imported histories, added to what is stored for those decks and days.
    await addSummaries(db, days.values());
    checkCancelled(signal);
  }));
  return summary;
}
