// Repositories over the database: every read the screens need and every multi-step write, each write in one
// transaction so that a crash never leaves half a review.
import { dayEndMs, dayNumber } from '../../../core/day';
import { dropLast, isAnswerEntry, lastEntry } from '../../../core/history';
import {
  answeredCard,
  noteIdOfCard,
  placeCard,
  Queue,
  type CardRecord,
  type DaySummary,
  type DeckRecord,
  type NoteRecord,
} from '../../../core/model';
import { takeOnePerNote, type LearningCard, type QueueCard, type QueueCounts } from '../../../core/queue';
import { Scheduler, type Outcome } from '../../../core/scheduler';
import { DEFAULT_PRESET_ID, schedulerForDeck, settingsForDeck, type DeckSettings } from '../../../core/presets';
import { isLeech, type Settings } from '../../../core/settings';
import type { RetainDB } from './db';
import { savePreset, settingsOf } from './presets';
import { countAnswer, dayCounts, daySummary } from './days';

export async function loadSettings(db: RetainDB): Promise<Settings> {
  return settingsOf(await db.settings.get('settings'));
}

/**
 * Saves valid settings as the Default preset's options and the collection's day-start hour (see storage/presets.ts:
 * a scheduling change is dated; a new hour recounts the day summaries).
 */
export async function saveSettings(db: RetainDB, settings: Settings, nowMs: number): Promise<void> {
  await savePreset(db, DEFAULT_PRESET_ID, settings, nowMs);
}

/** When the scheduling settings last changed (0: never, so every answer was scheduled with the current ones). */
export async function schedulingChangedAt(db: RetainDB): Promise<number> {
  return (await db.settings.get('settings'))?.schedulingChangedAt ?? 0;
}

export interface StudyDay {
  day: number;
  endMs: number;
}

export function studyDay(nowMs: number, settings: Pick<Settings, 'dayStartHour'>): StudyDay {
  const day = dayNumber(nowMs, settings.dayStartHour);
  return { day, endMs: dayEndMs(day, settings.dayStartHour) };
}

/** What a deck (or several) offers today: the cards in today's queue, limits and siblings applied. */
export interface DeckQueue {
  /** Learning cards due before the day ends, in due order (their due times: `learningCards`). */
  learning: QueueCard[];
  reviews: QueueCard[];
  news: QueueCard[];
}

const toQueueCard = (deckId: string) => (id: string): QueueCard => ({ id, noteId: noteIdOfCard(id), deckId });

/** One deck's cards of one queue with `due` below `upper`, in due order (for new cards: deck order). */
const queueRange = (db: RetainDB, deckId: string, queue: Queue, upper: number) =>
  db.cards.where('[deckId+queue+due]').between([deckId, queue, -Infinity], [deckId, queue, upper], true, false);

/**
 * Gathers the decks' cards for today in one read transaction, reading index keys only (a card's note is part of its
 * id): one request for the day's summaries, and per deck one range of the `[deckId+queue+due]` index for each queue:
 * learning cards due before the day ends, reviews due today and new cards in deck order, the last two cut to what is
 * left of the daily limits, one card per note. A range is read batch by batch until its limit is filled, so a note
 * with many cloze cards cannot starve the day. The cost grows with what is due today (up to the limits), not with the
 * collection: every index entry read costs about 20 microseconds in Chromium, so nothing beyond the limits is read.
 */
export async function gatherDecks(db: RetainDB, deckIds: string[], source: DeckSettings, today: StudyDay): Promise<DeckQueue[]> {
  return db.transaction('r', db.cards, db.dayBlocks, async () => {
    const summaries = await dayCounts(db, deckIds, today.day);
    return Promise.all(
      deckIds.map(async (deckId, i) => {
        const summary = summaries[i]!;
        // Each deck's own limits (its preset's).
        const settings = settingsForDeck(source, deckId);
        const newLeft = Math.max(0, settings.newPerDay - summary.newSeen);
        const reviewLeft = Math.max(0, settings.reviewsPerDay - summary.reviewCards);
        const take = async (queue: Queue, upper: number, limit: number, seenNotes: Set<string>): Promise<QueueCard[]> => {
          const out: QueueCard[] = [];
          // The first batch is the limit and a little more (most notes have one card due); later ones double.
          for (let offset = 0, batch = limit + 10; out.length < limit; offset += batch, batch *= 2) {
            const range = queueRange(db, deckId, queue, upper);
            // offset(0) would make Dexie walk a cursor instead of one getAllKeys request.
            const ids = await (offset > 0 ? range.offset(offset) : range).limit(batch).primaryKeys();
            takeOnePerNote(out, ids.map(toQueueCard(deckId)), limit, seenNotes);
            if (ids.length < batch) break;
          }
          return out;
        };
        const learning = (await queueRange(db, deckId, Queue.Learning, today.endMs).primaryKeys()).map(toQueueCard(deckId));
        const seenNotes = new Set(learning.map((c) => c.noteId));
        // Reviews first: where a note has a review and a new card, the review is the older commitment.
        const reviews = await take(Queue.Review, today.endMs, reviewLeft, seenNotes);
        const news = await take(Queue.New, Infinity, newLeft, seenNotes);
        return { learning, reviews, news };
      }),
    );
  });
}

/**
 * The decks' learning cards due before the day ends, with their due times (a study session orders them by time).
 * Read as records, one range per deck: few cards, but each read costs more than a key, so the deck list leaves them.
 */
export async function learningCards(db: RetainDB, deckIds: string[], today: StudyDay): Promise<LearningCard[]> {
  const perDeck = await db.transaction('r', db.cards, () =>
    Promise.all(deckIds.map((deckId) => queueRange(db, deckId, Queue.Learning, today.endMs).toArray())),
  );
  return perDeck.flat().map((c) => ({ id: c.id, noteId: c.noteId, deckId: c.deckId, due: c.due }));
}

/** One deck's queue for today (see gatherDecks). */
export async function gatherDeck(db: RetainDB, deckId: string, settings: DeckSettings, today: StudyDay): Promise<DeckQueue> {
  return (await gatherDecks(db, [deckId], settings, today))[0]!;
}

export async function listDecks(db: RetainDB): Promise<DeckRecord[]> {
  return (await db.decks.toArray()).sort((a, b) => a.position - b.position);
}

export interface DeckOverview {
  deck: DeckRecord;
  counts: QueueCounts;
  /** Today's queue the counts come from, and its study day: a session started right away can use it as it is. */
  queue: DeckQueue;
  day: number;
}

export async function deckOverview(db: RetainDB, settings: DeckSettings, nowMs: number): Promise<DeckOverview[]> {
  const today = studyDay(nowMs, settings);
  await unburyBefore(db, today.day);
  const decks = await listDecks(db);
  const queues = await gatherDecks(db, decks.map((d) => d.id), settings, today);
  return decks.map((deck, i) => {
    const queue = queues[i]!;
    return { deck, queue, day: today.day, counts: { new: queue.news.length, learning: queue.learning.length, review: queue.reviews.length } };
  });
}

/** Cards set aside on an earlier day come back into their queues. */
export async function unburyBefore(db: RetainDB, day: number): Promise<number> {
  // Usually nothing is due to come back: a read-only look first keeps a write transaction off every start. Only
  // buried cards have a `buriedDay`, so its index holds only them.
  const past = () => db.cards.where('buriedDay').below(day);
  if ((await past().limit(1).primaryKeys()).length === 0) return 0;
  return db.transaction('rw', db.cards, async () => {
    const back = (await past().toArray()).filter((c) => c.queue === Queue.Buried);
    if (back.length === 0) return 0;
    await db.cards.bulkPut(back.map(unbury));
    return back.length;
  });
}

function unbury(c: CardRecord): CardRecord {
  const { buriedDay: _day, ...rest } = c;
  return { ...rest, ...placeCard(c.position, c.sched) };
}

/**
 * The cards of these notes. A card's id is its note's id, a colon and its number, so a note's cards are one range of
 * primary keys; the range also holds the cards of a note whose id extends this one's with a colon, filtered out here.
 */
export async function cardsOfNotes(db: RetainDB, noteIds: string[]): Promise<CardRecord[]> {
  const wanted = new Set(noteIds);
  const ranges = await Promise.all(
    [...wanted].map((id) => db.cards.where(':id').between(`${id}:`, `${id}:\uffff`, true, true).toArray()),
  );
  return ranges.flat().filter((c) => wanted.has(noteIdOfCard(c.id)));
}

/** A deck's notes: those of the cards in the deck (a note's cards are always in its deck). */
export async function notesOfDeck(db: RetainDB, deckId: string): Promise<NoteRecord[]> {
  const cardIds = await db.cards
    .where('[deckId+queue+due]')
    .between([deckId, -Infinity, -Infinity], [deckId, Infinity, Infinity], true, true)
    .primaryKeys();
  const notes = await db.notes.bulkGet([...new Set(cardIds.map(noteIdOfCard))]);
  return notes.filter((n): n is NoteRecord => n !== undefined);
}

/** Cards with their notes, in one read transaction; ids not found are left out. */
export async function readCards(db: RetainDB, ids: string[]): Promise<{ card: CardRecord; note: NoteRecord }[]> {
  return db.transaction('r', db.cards, db.notes, async () => {
    const cards = (await db.cards.bulkGet(ids)).filter((c): c is CardRecord => c !== undefined);
    const notes = await db.notes.bulkGet(cards.map((c) => c.noteId));
    return cards.flatMap((card, i) => (notes[i] ? [{ card, note: notes[i] }] : []));
  });
}

export async function getCard(db: RetainDB, id: string): Promise<CardRecord | undefined> {
  return db.cards.get(id);
}

export async function getNote(db: RetainDB, id: string): Promise<NoteRecord | undefined> {
  return db.notes.get(id);
}

/** The summaries of one study day, for every deck with answers on it. */
export async function getDaySummaries(db: RetainDB, day: number): Promise<DaySummary[]> {
  const deckIds = await db.decks.toCollection().primaryKeys();
  const found = await Promise.all(deckIds.map((id) => daySummary(db, id, day)));
  return found.filter((d) => d.reviews > 0);
}

export class StaleCardError extends Error {
  constructor(cardId: string) {
    super(`Card ${cardId} changed since it was shown (another window?); it was not rated.`);
  }
}

export interface RecordedAnswer {
  card: CardRecord;
  /** Siblings set aside until tomorrow by this answer (undo brings them back). */
  buried: string[];
  /** The answer made the card a leech: its note tagged `leech`, the card suspended or not (the settings say). */
  leech: { lapses: number; suspended: boolean } | null;
}

export const LEECH_TAG = 'leech';

/**
 * Records one answer in one transaction: the card's new state and history, the summary of the study day the answer
 * falls in, and the note's other new cards and reviews due that day set aside until tomorrow (Anki's sibling
 * burying). Guards against rating a card twice (two windows, a double keypress): the stored card must be the one
 * that was shown.
 */
export async function recordAnswer(
  db: RetainDB,
  card: CardRecord,
  outcome: Outcome,
  source: DeckSettings,
): Promise<RecordedAnswer> {
  // The leech threshold and action of the card's deck (its preset).
  const settings = settingsForDeck(source, card.deckId);
  const day = dayNumber(outcome.entry.t, settings.dayStartHour);
  const dayEnd = dayEndMs(day, settings.dayStartHour);
  return db.transaction('rw', [db.cards, db.notes, db.dayBlocks, db.hourBlocks], async () => {
    const current = await db.cards.get(card.id);
    if (!current || current.sched.reps !== card.sched.reps || current.history.length !== card.history.length) {
      throw new StaleCardError(card.id);
    }
    let updated = answeredCard(current, outcome);
    // A lapse that reaches the leech threshold (and each half threshold after it): the note is tagged, the card
    // suspended if the settings say so (Anki's leech handling).
    const lapsed = outcome.next.lapses > current.sched.lapses;
    const leech = lapsed && isLeech(outcome.next.lapses, settings.leechThreshold) ? { lapses: outcome.next.lapses, suspended: settings.leechAction === 'suspend' } : null;
    if (leech) {
      const note = await db.notes.get(current.noteId);
      if (note && !note.tags.includes(LEECH_TAG)) await db.notes.put({ ...note, tags: [...note.tags, LEECH_TAG] });
      if (leech.suspended) updated = { ...updated, queue: Queue.Suspended };
    }
    const siblings = (await cardsOfNotes(db, [current.noteId])).filter(
      (c) => c.id !== current.id && (c.queue === Queue.New || (c.queue === Queue.Review && c.due < dayEnd)),
    );
    await db.cards.bulkPut([updated, ...siblings.map((c) => ({ ...c, queue: Queue.Buried, buriedDay: day }))]);
    await countAnswer(db, current.deckId, day, outcome.entry, 1);
    return { card: updated, buried: siblings.map((c) => c.id), leech };
  });
}

/**
 * Undoes the last answer of a card in one transaction: the state before it (through the scheduler's rollback), the
 * history without it, the day summary of the day it was given, and the siblings it had set aside.
 */
export async function undoAnswer(
  db: RetainDB,
  cardId: string,
  source: DeckSettings,
  siblingIds: string[],
): Promise<CardRecord> {
  return db.transaction('rw', [db.cards, db.notes, db.dayBlocks, db.hourBlocks], async () => {
    const current = await db.cards.get(cardId);
    const entry = current && lastEntry(current.history);
    if (!current || !entry) throw new Error(`Card ${cardId} has no review to undo.`);
    // The card's deck's settings and scheduler (its preset's): what the answer was given with.
    const settings = settingsForDeck(source, current.deckId);
    const scheduler = schedulerForDeck(source, current.deckId);
    if (!isAnswerEntry(entry)) throw new Error(`Card ${cardId} was reset, given a due date or rescheduled after its last answer; that answer can no longer be undone.`);
    const sched = scheduler.undo(current.sched, entry);
    const restored: CardRecord = {
      ...current,
      sched,
      history: dropLast(current.history),
      ...placeCard(current.position, sched),
    };
    // The undo of the lapse that made the card a leech takes the tag off again, unless another card of the note is
    // still a leech. (Worked out from the cards, not remembered, so that a replayed journal does the same.)
    if (current.sched.lapses > sched.lapses && isLeech(current.sched.lapses, settings.leechThreshold)) {
      const others = (await cardsOfNotes(db, [current.noteId])).filter((c) => c.id !== cardId);
      const stillLeech = others.some((c) => settings.leechThreshold > 0 && c.sched.lapses >= settings.leechThreshold);
      const note = await db.notes.get(current.noteId);
      if (note && !stillLeech && note.tags.includes(LEECH_TAG)) await db.notes.put({ ...note, tags: note.tags.filter((t) => t !== LEECH_TAG) });
    }
    const day = dayNumber(entry.t, settings.dayStartHour);
    const siblings = (await db.cards.bulkGet(siblingIds)).filter(
      (c): c is CardRecord => c !== undefined && c.queue === Queue.Buried,
    );
    await db.cards.bulkPut([restored, ...siblings.map(unbury)]);
    await countAnswer(db, current.deckId, day, entry, -1);
    return restored;
  });
}


/**
 * When these decks next have something to study, once today's queue is empty: the earliest review due date, or the
 * next study day if cards are waiting behind a daily limit, are new or are buried. Null when there is nothing.
 */
export async function nextDueAfter(db: RetainDB, deckIds: string[], today: StudyDay): Promise<number | null> {
  const firstOf = (deckId: string, queue: Queue) =>
    db.cards.where('[deckId+queue+due]').between([deckId, queue, -Infinity], [deckId, queue, Infinity]).first();
  const found = await Promise.all(
    deckIds.flatMap((id) => [Queue.Learning, Queue.Review, Queue.New, Queue.Buried].map((q) => firstOf(id, q))),
  );
  let best: number | null = null;
  for (const card of found) {
    if (!card) continue;
    // New and buried cards wait for the next study day; reviews for their due date, and at least the next day.
    const due = card.queue === Queue.New || card.queue === Queue.Buried ? today.endMs : Math.max(card.due, today.endMs);
    best = best === null ? due : Math.min(best, due);
  }
  return best;
}
