// Small decks and helpers for the storage and review-session tests. Every test gets its own database.
import { readNoteTexts } from '../../../src/renderer/src/storage/note-texts';
import { digestsOf } from '../../../src/core/day-digests';
import { validateDeck } from '../../../src/core/deck-format';
import type { Deck, Note } from '../../../src/core/deck-types';
import { Queue, type CardRecord } from '../../../src/core/model';
import { Scheduler, type Grade } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import { columnsOf, rowsOf } from '../../../src/core/card-columns';
import { noteTextRows, noteTextsOf } from '../../../src/core/note-texts';
import { recountDays } from '../../../src/core/replay';
import { recordAnswer, studyDay } from '../../../src/renderer/src/storage/collection';
import { RetainDB } from '../../../src/renderer/src/storage/db';
import { readAllColumns } from '../../../src/renderer/src/storage/card-columns';
import { allDaySummaries } from '../../../src/renderer/src/storage/days';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function freshDb(): RetainDB {
  return new RetainDB(`test-${crypto.randomUUID()}`);
}

/** A local wall-clock time (months from 1, unlike Date). */
export function local(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return new Date(year, month - 1, day, hour, minute).getTime();
}

/** Mid-morning of an ordinary day, well away from the 4:00 day start. */
export const T0 = local(2026, 3, 10, 10, 0);

export function settingsWith(overrides: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, learningSteps: [...DEFAULT_SETTINGS.learningSteps], relearningSteps: [...DEFAULT_SETTINGS.relearningSteps], ...overrides };
}

const SOURCE = { title: 'Test source', sections: ['One', 'Two'] };

export const alphaNotes = {
  one: { id: 'a-one', kind: 'basic', front: 'Capital of France?', back: 'Paris', tags: ['geo'], section: 'One' },
  two: { id: 'a-two', kind: 'basic', front: 'Capital of Spain?', back: 'Madrid', tags: [], section: 'One' },
  three: { id: 'a-three', kind: 'basic', front: 'Capital of Italy?', back: 'Rome', tags: [], section: 'One' },
  rev: { id: 'a-rev', kind: 'basic-reversed', front: 'chat', back: 'cat', tags: [], section: 'Two' },
  cloze: {
    id: 'a-cloze',
    kind: 'cloze',
    text: '{{c1::Mitochondria}} make most of the cell\'s {{c2::ATP::molecule}}.',
    extra: 'By oxidative phosphorylation.',
    tags: [],
    section: 'Two',
    context: 'Energy.',
  },
} satisfies Record<string, Note>;

/** 3 basic notes, 1 basic-reversed, 1 cloze with c1 and c2: 5 notes, 7 cards. */
export function alphaDeck(notes: Note[] = Object.values(alphaNotes)): Deck {
  return checked({
    format: 1,
    id: 'alpha',
    name: 'Alpha',
    description: 'The first test deck.',
    source: SOURCE,
    notes,
  });
}

/** The card ids of alphaDeck() in deck order. */
export const ALPHA_CARDS = ['a-one:0', 'a-two:0', 'a-three:0', 'a-rev:0', 'a-rev:1', 'a-cloze:0', 'a-cloze:1'];

export function betaDeck(): Deck {
  return checked({
    format: 1,
    id: 'beta',
    name: 'Beta',
    description: 'The second test deck.',
    source: SOURCE,
    notes: [
      { id: 'b-one', kind: 'basic', front: 'H2O?', back: 'Water', tags: [], section: 'One' },
      { id: 'b-two', kind: 'basic', front: 'NaCl?', back: 'Salt', tags: [], section: 'Two' },
    ],
  });
}

/** The fixtures go through the same validation as a deck file, so they are decks the app could really load. */
function checked(deck: Deck): Deck {
  const result = validateDeck(JSON.parse(JSON.stringify(deck)), `${deck.id}.json`);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.deck;
}

export async function mustGet(db: RetainDB, id: string): Promise<CardRecord> {
  const card = await db.cards.get(id);
  if (!card) throw new Error(`no card ${id}`);
  return card;
}

/** Answers a card as a session would (scheduler, then recordAnswer), on the study day of `now`. */
export async function answer(
  db: RetainDB,
  id: string,
  rating: Grade,
  now: number,
  settings: Settings = settingsWith(),
  ms = 4000,
): Promise<CardRecord> {
  const card = await mustGet(db, id);
  const outcome = new Scheduler(settings).answer(card.id, card.sched, rating, now, ms);
  return (await recordAnswer(db, card, outcome, settings)).card;
}

/** All cards of a deck in one queue, in the index's due order. */
export async function queueOf(db: RetainDB, deckId: string, queue: Queue): Promise<CardRecord[]> {
  return db.cards.where('[deckId+queue+due]').between([deckId, queue, -Infinity], [deckId, queue, Infinity]).toArray();
}

/** Everything stored, for before/after comparisons (the card summaries as rows by card id: their order in a chunk
 * is not part of what they say). */
/** The stored per-card summaries (both records of each chunk), by card id. */
export async function storedRows(db: RetainDB) {
  const { columns, ids } = await readAllColumns(db);
  return rowsOf(columns, ids);
}

export async function dump(db: RetainDB) {
  return {
    decks: await db.decks.toArray(),
    notes: await db.notes.toArray(),
    cards: await db.cards.toArray(),
    days: await allDaySummaries(db),
    columns: await storedRows(db),
    digests: await db.dayDigests.toArray(),
    noteTexts: noteTextRows(await readNoteTexts(db)),
    settings: await db.settings.toArray(),
  };
}

/**
 * What the derived tables say, next to what the cards say they must say: the day summaries and a recount of the
 * histories; the card summaries and the ones built from the cards. Compare `stored` with `expected`.
 */
export async function derived(db: RetainDB, dayStartHour: number) {
  const cards = await db.cards.toArray();
  const built = columnsOf(cards);
  const byDay = (a: { deckId: string; day: number }, b: { deckId: string; day: number }) =>
    a.deckId < b.deckId ? -1 : a.deckId > b.deckId ? 1 : a.day - b.day;
  return {
    stored: {
      days: (await allDaySummaries(db)).sort(byDay),
      columns: await storedRows(db),
      // Each deck's digest of its stored day blocks (the table's order is the deck id's, as digestsOf gives them).
      digests: await db.dayDigests.toArray(),
      noteTexts: noteTextRows(await readNoteTexts(db)),
    },
    expected: {
      days: [...recountDays(cards, dayStartHour).values()].filter((d) => d.reviews > 0).sort(byDay),
      columns: rowsOf(built.columns, built.ids),
      digests: digestsOf(await db.dayBlocks.toArray()),
      noteTexts: noteTextRows(noteTextsOf(await db.notes.toArray())),
    },
  };
}
