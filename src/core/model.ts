// The records the app stores, as plain data. Storage (Dexie) keeps them; the core computes with them.
import type { Deck, DeckNotetype, DeckSource, NoteKind } from './deck-types';
import type { History } from './history';
import { appendEntry, HISTORY_DUE, isAnswer } from './history';
import { State, type Outcome, type ReviewEntry, type SchedState } from './scheduler';

/**
 * Which queue a card is in. The numbers are part of an index (`[deckId+queue+due]`), so they are stored as they are.
 * For new cards `due` is the card's position in its deck (deck order); for the others it is an epoch-ms time.
 */
export const Queue = {
  New: 0,
  Learning: 1,
  Review: 2,
  Suspended: -1,
  /** Set aside until the next study day (a sibling was answered today); `buriedDay` says which day. */
  Buried: -2,
  /** Its note was removed from a bundled deck; the card keeps its history but is never shown. */
  Retired: -3,
} as const;
export type Queue = (typeof Queue)[keyof typeof Queue];

export interface DeckRecord {
  id: string;
  name: string;
  description: string;
  source: DeckSource;
  /** Order in the deck list. */
  position: number;
  /** Bundled decks are updated from the app's own deck files; `contentHash` tells when they changed. */
  bundled: boolean;
  contentHash: string;
  /** Renamed by the person: an update of a bundled deck keeps the name they gave it. */
  renamed?: boolean;
}

export interface NoteRecord {
  id: string;
  deckId: string;
  /** `anki`: an imported note, rendered from its note type's templates (`notetypeId`). */
  kind: NoteKind | 'anki';
  /** The note's fields by name: front/back for basic kinds, text/extra for cloze, the note type's for `anki`. */
  fields: Record<string, string>;
  notetypeId?: string;
  tags: string[];
  section: string;
  context?: string;
  /** Order of the note in its deck: new cards are introduced in this order. */
  position: number;
  retired: boolean;
}

export interface CardRecord {
  id: string;
  noteId: string;
  deckId: string;
  ord: number;
  /** Deck order of new cards: note position, then card ord. `due` takes this value while the card is new. */
  position: number;
  queue: Queue;
  due: number;
  sched: SchedState;
  history: History;
  buriedDay?: number;
  /** A colored flag the user set (1 red, 2 orange, 3 green, 4 blue); absent: none. */
  flag?: Flag;
}

export type Flag = 1 | 2 | 3 | 4;
export const FLAGS: readonly Flag[] = [1, 2, 3, 4];
export const FLAG_NAMES: Record<Flag, string> = { 1: 'Red', 2: 'Orange', 3: 'Green', 4: 'Blue' };

/**
 * When a card was added (epoch ms). A new card's scheduling state is created with the card, due at that moment, and
 * the first review keeps the state before it: so the time is the first review's previous due, or, for a card never
 * reviewed, its own due. (No field of its own: cards stored before the browser existed know it too.)
 */
export function addedAt(card: Pick<CardRecord, 'history' | 'sched'>): number {
  return card.history.length > 0 ? card.history[HISTORY_DUE]! : card.sched.due;
}

/** Per deck and study day: what was studied. Statistics and daily limits read these, never the histories. */
export interface DaySummary {
  deckId: string;
  day: number;
  /** Answers given. */
  reviews: number;
  /** New cards seen for the first time (counts against the new-card limit). */
  newSeen: number;
  /** Answers to cards in the review state (counts against the review limit). */
  reviewCards: number;
  /**
   * Answers by the card's kind before the answer (learning, young review, mature review, relearning: see
   * reviewKind) and button (Again, Hard, Good, Easy): `answers[kind * 4 + rating - 1]`, 16 counts.
   */
  answers: number[];
  /** Time spent answering, ms, by kind (as in `answers`). */
  kindMs: number[];
  /** Answers by the local clock hour they were given in (0-23), and how many of those were not Again. */
  hours: number[];
  hourPasses: number[];
  timeMs: number;
}

/** Answers by button (Again, Hard, Good, Easy) over all kinds. */
export function ratingsOf(d: Pick<DaySummary, 'answers'>): [number, number, number, number] {
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 16; i++) out[i % 4 as 0 | 1 | 2 | 3] += d.answers[i]!;
  return out;
}

/** Answers by kind (learning, young review, mature review, relearning) over all buttons. */
export function kindsOf(d: Pick<DaySummary, 'answers'>): [number, number, number, number] {
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 16; i++) out[Math.floor(i / 4) as 0 | 1 | 2 | 3] += d.answers[i]!;
  return out;
}

/** An imported note type (Anki's): field names, card templates and CSS; its notes are rendered from it. Stored as
 * an exported deck file carries it. */
export type NotetypeRecord = DeckNotetype;

/** An image or sound an imported card refers to by name. */
export interface MediaRecord {
  name: string;
  data: Uint8Array;
}

/** A review card is mature once its interval reaches this many days (as in Anki). */
export const MATURE_DAYS = 21;

export function queueForState(s: SchedState): Queue {
  switch (s.state) {
    case State.New:
      return Queue.New;
    case State.Learning:
    case State.Relearning:
      return Queue.Learning;
    default:
      return Queue.Review;
  }
}

/** The queue and due key a card should have after its scheduling state changed. */
export function placeCard(position: number, sched: SchedState): Pick<CardRecord, 'queue' | 'due'> {
  const queue = queueForState(sched);
  return { queue, due: queue === Queue.New ? position : sched.due };
}

/** The card after an answer: its new state, the review appended to its history, its queue and due key. */
export function answeredCard(card: CardRecord, outcome: Outcome): CardRecord {
  const { buriedDay: _stale, ...rest } = card;
  return {
    ...rest,
    sched: outcome.next,
    history: appendEntry(card.history, outcome.entry),
    ...placeCard(card.position, outcome.next),
  };
}

const zeros = (n: number) => new Array<number>(n).fill(0);

export function emptyDay(deckId: string, day: number): DaySummary {
  return {
    deckId, day, reviews: 0, newSeen: 0, reviewCards: 0, answers: zeros(16), kindMs: zeros(4), hours: zeros(24),
    hourPasses: zeros(24), timeMs: 0,
  };
}

const sum = (a: number[], b: number[]) => a.map((n, k) => n + b[k]!);

/** Two summaries added together: the deck and day of the first (an import's histories onto what was studied here;
 * statistics adding up decks). */
export function addDays(a: DaySummary, b: DaySummary): DaySummary {
  return {
    ...a,
    reviews: a.reviews + b.reviews,
    newSeen: a.newSeen + b.newSeen,
    reviewCards: a.reviewCards + b.reviewCards,
    answers: sum(a.answers, b.answers),
    kindMs: sum(a.kindMs, b.kindMs),
    hours: sum(a.hours, b.hours),
    hourPasses: sum(a.hourPasses, b.hourPasses),
    timeMs: a.timeMs + b.timeMs,
  };
}

const minus = (a: number[], b: number[]) => a.map((n, k) => Math.max(0, n - b[k]!));

/** `b` taken out of `a` (the reviews of deleted cards out of their days), never below zero. */
export function subtractDays(a: DaySummary, b: DaySummary): DaySummary {
  return {
    ...a,
    reviews: Math.max(0, a.reviews - b.reviews),
    newSeen: Math.max(0, a.newSeen - b.newSeen),
    reviewCards: Math.max(0, a.reviewCards - b.reviewCards),
    answers: minus(a.answers, b.answers),
    kindMs: minus(a.kindMs, b.kindMs),
    hours: minus(a.hours, b.hours),
    hourPasses: minus(a.hourPasses, b.hourPasses),
    timeMs: Math.max(0, a.timeMs - b.timeMs),
  };
}

/** A review's kind (see DaySummary.answers), from the state before it. */
export function reviewKind(entry: ReviewEntry): 0 | 1 | 2 | 3 {
  switch (entry.prev.state) {
    case State.Review:
      return entry.prev.scheduledDays >= MATURE_DAYS ? 2 : 1;
    case State.Relearning:
      return 3;
    default:
      return 0;
  }
}

/** Adds (sign 1) or removes (sign -1, for undo) one review's contribution to a day summary. */
export function applyToDay(day: DaySummary, entry: ReviewEntry, sign: 1 | -1): DaySummary {
  const out: DaySummary = {
    ...day, answers: [...day.answers], kindMs: [...day.kindMs], hours: [...day.hours], hourPasses: [...day.hourPasses],
  };
  countInto(out, entry, sign);
  return out;
}

/** applyToDay in place, for a summary its caller owns (a recount adds a million reviews without a copy each). */
export function countInto(day: DaySummary, entry: ReviewEntry, sign: 1 | -1): void {
  if (!isAnswer(entry.rating)) return; // a manual row (set due date, reset) is no answer
  day.reviews += sign;
  if (entry.prev.state === State.New) day.newSeen += sign;
  if (entry.prev.state === State.Review) day.reviewCards += sign;
  const kind = reviewKind(entry);
  const bump = (counts: number[], i: number, by: number) => (counts[i] = (counts[i] ?? 0) + by);
  bump(day.answers, kind * 4 + entry.rating - 1, sign);
  bump(day.kindMs, kind, sign * entry.ms);
  const hour = new Date(entry.t).getHours();
  bump(day.hours, hour, sign);
  if (entry.rating > 1) bump(day.hourPasses, hour, sign);
  day.timeMs += sign * entry.ms;
}

export function noteFieldsOf(note: Deck['notes'][number]): Record<string, string> {
  if (note.kind === 'cloze') return note.extra === undefined ? { text: note.text } : { text: note.text, extra: note.extra };
  return { front: note.front, back: note.back };
}

/** The stored record of a deck file's note, at `position` in its deck (the inverse of noteFromRecord). */
export function noteRecordOf(deckId: string, note: Deck['notes'][number], position: number): NoteRecord {
  return {
    id: note.id,
    deckId,
    kind: note.kind,
    fields: noteFieldsOf(note),
    tags: note.tags,
    section: note.section,
    ...(note.context === undefined ? {} : { context: note.context }),
    position,
    retired: false,
  };
}

/** Card ids are `${noteId}:${ord}`, so the note of a card is known from its id alone (see cards.ts). */
export function noteIdOfCard(cardId: string): string {
  const i = cardId.lastIndexOf(':');
  return i < 0 ? cardId : cardId.slice(0, i);
}

/** The deck-format note a stored note record was made from (for rendering its cards). Not for imported `anki`
 * notes, which are rendered from their note type. */
export function noteFromRecord(r: NoteRecord): Deck['notes'][number] {
  if (r.kind === 'anki') throw new Error(`Note ${r.id} is rendered from its note type, not as a deck note.`);
  const base = { id: r.id, tags: r.tags, section: r.section, ...(r.context === undefined ? {} : { context: r.context }) };
  if (r.kind === 'cloze') {
    return { ...base, kind: 'cloze', text: r.fields.text ?? '', ...(r.fields.extra === undefined ? {} : { extra: r.fields.extra }) };
  }
  return { ...base, kind: r.kind, front: r.fields.front ?? '', back: r.fields.back ?? '' };
}
