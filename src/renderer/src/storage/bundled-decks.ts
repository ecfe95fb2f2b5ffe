// Loads the app's bundled decks into the database, and brings them up to date when a newer version of the app
// ships changed deck files: notes are matched by id (guid); new ones are added, edited ones updated, removed ones
// retired; every card keeps its progress.
import { cardId, cardOrds } from '../../../core/cards';
import type { Deck } from '../../../core/deck-types';
import { contentHash } from '../../../core/hash';
import { emptyHistory } from '../../../core/history';
import { noteRecordOf, Queue, queueForState, type CardRecord, type NoteRecord } from '../../../core/model';
import { newSchedState } from '../../../core/scheduler';
import { USER_NOTE_PREFIX } from '../../../core/note-edit';
import { cardsOfNotes, notesOfDeck } from './collection';
import type { RetainDB } from './db';

export interface SyncReport {
  decksChanged: string[];
  notesAdded: number;
  notesUpdated: number;
  notesRetired: number;
}

/** Gap between notes in the new-card order, so a note's cards (ord 0, 1, ...) sort after it and before the next. */
const POSITION_STRIDE = 1000;

export function deckHash(deck: Deck): string {
  return contentHash(JSON.stringify(deck));
}

export async function syncBundledDecks(db: RetainDB, decks: Deck[], nowMs: number): Promise<SyncReport> {
  const report: SyncReport = { decksChanged: [], notesAdded: 0, notesUpdated: 0, notesRetired: 0 };
  const hashes = decks.map(deckHash);
  // Fast path on every start: one read tells that nothing changed.
  const stored = await db.decks.bulkGet(decks.map((d) => d.id));
  if (decks.every((d, i) => stored[i]?.contentHash === hashes[i])) return report;

  await db.transaction('rw', db.decks, db.notes, db.cards, async () => {
    const existingDecks = await db.decks.toArray();
    let nextPosition = existingDecks.reduce((m, d) => Math.max(m, d.position + 1), 0);
    for (const [i, deck] of decks.entries()) {
      const hash = hashes[i]!;
      const old = existingDecks.find((d) => d.id === deck.id);
      if (old?.contentHash === hash) continue;
      report.decksChanged.push(deck.id);
      await db.decks.put({
        id: deck.id,
        // A name the person gave it stays (a rename, or a move under another deck).
        name: old?.renamed ? old.name : deck.name,
        ...(old?.renamed ? { renamed: true } : {}),
        description: deck.description,
        source: deck.source,
        position: old?.position ?? nextPosition++,
        bundled: true,
        contentHash: hash,
      });
      await syncNotes(db, deck, nowMs, report);
    }
  });
  return report;
}

const isUserNoteId = (id: string) => id.startsWith(USER_NOTE_PREFIX);

async function syncNotes(db: RetainDB, deck: Deck, nowMs: number, report: SyncReport): Promise<void> {
  const noteIds = deck.notes.map((n) => n.id);
  const [previousNotes, matched] = await Promise.all([notesOfDeck(db, deck.id), db.notes.bulkGet(noteIds)]);
  const keep = new Set(noteIds);
  const notes: NoteRecord[] = [];
  const cardIds: string[] = [];
  const wanted: { id: string; noteId: string; ord: number; position: number }[] = [];
  for (const [index, note] of deck.notes.entries()) {
    const before = matched[index];
    const record = noteRecordOf(deck.id, note, index);
    if (!before) report.notesAdded++;
    else if (JSON.stringify(before) !== JSON.stringify(record)) report.notesUpdated++;
    notes.push(record);
    for (const ord of cardOrds(note)) {
      const id = cardId(note.id, ord);
      cardIds.push(id);
      wanted.push({ id, noteId: note.id, ord, position: index * POSITION_STRIDE + ord });
    }
  }
  // Notes written here (the Add screen: ids `u-...`) are the person's, not the deck file's: never retired by it.
  const gone = previousNotes.filter((n) => !keep.has(n.id) && !isUserNoteId(n.id));
  report.notesRetired += gone.filter((n) => !n.retired).length;
  for (const n of gone) notes.push({ ...n, retired: true });

  // Cards: existing ones keep their scheduling state and history; only their deck and new-card order follow the
  // file. Cards whose note or cloze number disappeared are retired, not deleted.
  const existingCards = await cardsOfNotes(db, [...noteIds, ...gone.map((n) => n.id)]);
  const byId = new Map(existingCards.map((c) => [c.id, c]));
  const wantedIds = new Set(cardIds);
  const cards: CardRecord[] = [];
  for (const w of wanted) {
    const before = byId.get(w.id);
    if (before) {
      const queue = before.queue === Queue.Retired ? queueForState(before.sched) : before.queue;
      cards.push({
        ...before,
        deckId: deck.id,
        position: w.position,
        queue,
        due: queue === Queue.New ? w.position : before.due,
      });
    } else {
      const sched = newSchedState(nowMs);
      cards.push({
        id: w.id,
        noteId: w.noteId,
        deckId: deck.id,
        ord: w.ord,
        position: w.position,
        queue: Queue.New,
        due: w.position,
        sched,
        history: emptyHistory(),
      });
    }
  }
  for (const c of existingCards) {
    if (!wantedIds.has(c.id) && c.queue !== Queue.Retired && !isUserNoteId(c.noteId)) cards.push({ ...c, queue: Queue.Retired });
  }
  await db.notes.bulkPut(notes);
  await db.cards.bulkPut(cards);
}
