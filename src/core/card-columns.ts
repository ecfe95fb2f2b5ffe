// Per-card summaries for the statistics (card counts, forecast, memory) and the card browser (its columns, sorting
// and searches other than text and tags): what each card's record says about its
// queue and memory state, kept column by column in typed arrays, a chunk of cards per record. The Statistics screen
// reads 100,000 cards' summaries as 128 records of about 17 kilobytes (about 40 ms in Chromium) instead of
// 100,000 card records (1.3 s). The chunk of a card is a hash of its id, so finding where a card's summary lives needs
// no lookup; the ids of a chunk's cards are a record of their own (CardColumnIds), which only writes read.
// Storage keeps these in step with the cards table on every write (storage/card-columns.ts); they are, by
// invariant, what columnsOf() builds from the cards.
import { fnv1a } from './hash';
import { HISTORY_RATING, HISTORY_STRIDE, historyLength } from './history';
import { addedAt, Queue, type CardRecord } from './model';
import type { State } from './scheduler';

export const COLUMN_CHUNKS = 128;

export interface CardColumns {
  chunk: number;
  /** The decks the chunk's cards are in; `deck` holds an index into this list. */
  deckIds: string[];
  deck: Uint16Array;
  queue: Int8Array;
  state: Uint8Array;
  /** The scheduler's due time, in whole minutes since the epoch (MINUTE_MS); for a new card, when it was created. */
  due: Uint32Array;
  /** The last review, in whole minutes since the epoch; NO_REVIEW for none. */
  lastReview: Uint32Array;
  stability: Float32Array;
  difficulty: Float32Array;
  /** Clamped to 65,535 days. */
  scheduledDays: Uint16Array;
  /** Answers given (ts-fsrs's reps) and lapses, clamped to 65,535. */
  reps: Uint16Array;
  lapses: Uint16Array;
  /** The card's flag (0: none, 1-4: red, orange, green, blue). */
  flag: Uint8Array;
  /** When the card was added, in whole minutes since the epoch (addedAt). */
  added: Uint32Array;
  /** The last answer with each button (Again, Hard, Good, Easy), in whole minutes since the epoch; NO_REVIEW for
   * none: the browser's rated:N:button without reading histories. */
  lastAgain: Uint32Array;
  lastHard: Uint32Array;
  lastGood: Uint32Array;
  lastEasy: Uint32Array;
}

/**
 * The columns are stored as two records per chunk: what the Statistics screen reads (`cardColumns`: deck, queue,
 * state, due, last review, stability, difficulty, interval; 22 bytes a card) and what only the browser adds
 * (`browseColumns`: answers, lapses, flag, added, the last time of each button; 25 bytes), so that the statistics
 * read half the bytes.
 */
export const STATS_FIELDS = ['deck', 'queue', 'state', 'due', 'lastReview', 'stability', 'difficulty', 'scheduledDays'] as const;
export const BROWSE_FIELDS = ['reps', 'lapses', 'flag', 'added', 'lastAgain', 'lastHard', 'lastGood', 'lastEasy'] as const;
export type StatsColumns = Pick<CardColumns, 'chunk' | 'deckIds' | (typeof STATS_FIELDS)[number]>;
export type BrowseColumns = Pick<CardColumns, 'chunk' | (typeof BROWSE_FIELDS)[number]>;

export function splitColumns(c: CardColumns): { stats: StatsColumns; browse: BrowseColumns } {
  const stats = { chunk: c.chunk, deckIds: c.deckIds } as StatsColumns;
  const browse = { chunk: c.chunk } as BrowseColumns;
  for (const f of STATS_FIELDS) (stats as Record<string, unknown>)[f] = c[f];
  for (const f of BROWSE_FIELDS) (browse as Record<string, unknown>)[f] = c[f];
  return { stats, browse };
}

/** A chunk's two stored records as one. A browse record missing, or of another length, counts as none: its columns
 * are zeros (no answers, no flag, never added, no button pressed) until the chunk is written or rebuilt. */
export function joinColumns(stats: StatsColumns, browse: BrowseColumns | undefined): CardColumns {
  const n = stats.deck.length;
  if (browse && browse.reps.length === n) return { ...stats, ...browse, chunk: stats.chunk };
  const none = (make: new (n: number) => Uint16Array | Uint8Array | Uint32Array, fill = 0) => new make(n).fill(fill);
  return {
    ...stats,
    reps: none(Uint16Array) as Uint16Array, lapses: none(Uint16Array) as Uint16Array, flag: none(Uint8Array) as Uint8Array,
    added: none(Uint32Array) as Uint32Array, lastAgain: none(Uint32Array, NO_REVIEW) as Uint32Array,
    lastHard: none(Uint32Array, NO_REVIEW) as Uint32Array, lastGood: none(Uint32Array, NO_REVIEW) as Uint32Array,
    lastEasy: none(Uint32Array, NO_REVIEW) as Uint32Array,
  };
}

/** The card ids of a chunk, in the order of its columns. */
export interface CardColumnIds {
  chunk: number;
  ids: string[];
}

/** One card's summary, as plain values. */
export interface ColumnRow {
  deckId: string;
  queue: Queue;
  state: State;
  due: number;
  lastReview: number | null;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  reps: number;
  lapses: number;
  flag: number;
  added: number;
  /** The last answer with each button (Again, Hard, Good, Easy), epoch ms; null for none. */
  lastByButton: [number | null, number | null, number | null, number | null];
}

export const chunkOfCard = (cardId: string): number => fnv1a(cardId) % COLUMN_CHUNKS;

/**
 * Times are kept to the minute: 4 bytes each instead of 8 (22 + 25 bytes a card, not 32 + 41; reading them is most of what the
 * Statistics screen waits for). Day starts fall on whole minutes, so a time rounded down stays on the same side of
 * every day boundary; a card's retrievability changes by nothing worth showing within a minute.
 */
export const MINUTE_MS = 60_000;
/** lastReview of a card never reviewed. */
export const NO_REVIEW = 0xffffffff;
const LAST_MINUTE = NO_REVIEW - 1;
const MAX_SCHEDULED_DAYS = 0xffff;
const MAX_COUNT = 0xffff;
const clampCount = (n: number) => Math.min(MAX_COUNT, Math.max(0, Math.round(n)));

/** A time (epoch ms) as the columns keep it: whole minutes, within what a Uint32 holds (not a time: 0). */
export const minuteOf = (ms: number): number => (ms >= LAST_MINUTE * MINUTE_MS ? LAST_MINUTE : ms > 0 ? Math.floor(ms / MINUTE_MS) : 0);

export function rowOf(card: CardRecord): ColumnRow {
  const s = card.sched;
  return {
    deckId: card.deckId,
    queue: card.queue,
    state: s.state,
    // As the columns store them, so that a row read back equals the row of the card.
    due: minuteOf(s.due) * MINUTE_MS,
    lastReview: s.lastReview === null ? null : minuteOf(s.lastReview) * MINUTE_MS,
    stability: Math.fround(s.stability),
    difficulty: Math.fround(s.difficulty),
    scheduledDays: Math.min(MAX_SCHEDULED_DAYS, Math.max(0, Math.round(s.scheduledDays))),
    reps: clampCount(s.reps),
    lapses: clampCount(s.lapses),
    flag: card.flag ?? 0,
    added: minuteOf(addedAt(card)) * MINUTE_MS,
    lastByButton: lastByButton(card.history).map((t) => (t === null ? null : minuteOf(t) * MINUTE_MS)) as ColumnRow['lastByButton'],
  };
}

/** When each button was last pressed in a history (latest first: stops once all four are found). */
function lastByButton(history: CardRecord['history']): ColumnRow['lastByButton'] {
  const out: ColumnRow['lastByButton'] = [null, null, null, null];
  let missing = 4;
  for (let i = historyLength(history) - 1; i >= 0 && missing > 0; i--) {
    const rating = history[i * HISTORY_STRIDE + HISTORY_RATING]!;
    const slot = rating - 1;
    if (slot >= 0 && slot < 4 && out[slot] === null) {
      out[slot] = history[i * HISTORY_STRIDE]!; // the review's time comes first in its row
      missing--;
    }
  }
  return out;
}

export function emptyColumns(chunk: number): { columns: CardColumns; ids: CardColumnIds } {
  return {
    columns: {
      chunk, deckIds: [], deck: new Uint16Array(0), queue: new Int8Array(0), state: new Uint8Array(0),
      due: new Uint32Array(0), lastReview: new Uint32Array(0), stability: new Float32Array(0),
      difficulty: new Float32Array(0), scheduledDays: new Uint16Array(0), reps: new Uint16Array(0),
      lapses: new Uint16Array(0), flag: new Uint8Array(0), added: new Uint32Array(0), lastAgain: new Uint32Array(0),
      lastHard: new Uint32Array(0), lastGood: new Uint32Array(0), lastEasy: new Uint32Array(0),
    },
    ids: { chunk, ids: [] },
  };
}

export const BUTTON_FIELDS = ['lastAgain', 'lastHard', 'lastGood', 'lastEasy'] as const;
type ArrayField =
  | 'deck' | 'queue' | 'state' | 'due' | 'lastReview' | 'stability' | 'difficulty' | 'scheduledDays' | 'reps' | 'lapses' | 'flag' | 'added'
  | (typeof BUTTON_FIELDS)[number];
const ARRAY_FIELDS: readonly ArrayField[] = [
  'deck', 'queue', 'state', 'due', 'lastReview', 'stability', 'difficulty', 'scheduledDays', 'reps', 'lapses', 'flag', 'added',
  ...BUTTON_FIELDS,
];

/** A copy of each column at a new length (kept rows first). */
function resized(c: CardColumns, length: number): CardColumns {
  const out = { ...c };
  for (const f of ARRAY_FIELDS) {
    const old = c[f];
    const next = new (old.constructor as new (n: number) => typeof old)(length);
    next.set(old.subarray(0, Math.min(length, old.length)) as never);
    (out as Record<ArrayField, unknown>)[f] = next;
  }
  return out;
}

/**
 * One chunk being edited: cards upserted and removed, many at a time; `columns` and `ids` are then what to store
 * (arrays exactly as long as the chunk's card count: a typed array is stored whole, spare capacity included).
 */
export class ColumnChunk {
  columns: CardColumns;
  ids: CardColumnIds;
  /** Whether the ids changed (a card added or removed): only then does their record need writing. */
  idsChanged = false;
  private slots: Map<string, number> | null = null;
  private deckIndex: Map<string, number>;

  constructor(stored: { columns: CardColumns; ids: CardColumnIds }) {
    if (stored.columns.deck.length !== stored.ids.ids.length) {
      throw new Error(`card summaries of chunk ${stored.columns.chunk}: ${stored.columns.deck.length} rows for ${stored.ids.ids.length} ids`);
    }
    this.columns = stored.columns;
    this.ids = stored.ids;
    this.deckIndex = new Map(stored.columns.deckIds.map((id, i) => [id, i]));
  }

  private slotOf(id: string): number | undefined {
    this.slots ??= new Map(this.ids.ids.map((cardId, i) => [cardId, i]));
    return this.slots.get(id);
  }

  private deckOf(deckId: string): number {
    let i = this.deckIndex.get(deckId);
    if (i === undefined) {
      i = this.columns.deckIds.length;
      if (i > 0xffff) throw new Error(`more than ${0xffff} decks in one chunk of card summaries`);
      this.columns = { ...this.columns, deckIds: [...this.columns.deckIds, deckId] };
      this.deckIndex.set(deckId, i);
    }
    return i;
  }

  upsert(cards: readonly CardRecord[]): void {
    this.upsertRows(cards.map((c) => [c.id, rowOf(c)]));
  }

  /** Rows by card id; several rows of one card: the last one wins, in one row. */
  upsertRows(rows: readonly (readonly [string, ColumnRow])[]): void {
    const fresh = [...new Set(rows.filter(([id]) => this.slotOf(id) === undefined).map(([id]) => id))];
    if (fresh.length > 0) {
      const n = this.ids.ids.length;
      this.columns = resized(this.columns, n + fresh.length);
      this.ids = { ...this.ids, ids: [...this.ids.ids, ...fresh] };
      fresh.forEach((id, i) => this.slots!.set(id, n + i));
      this.idsChanged = true;
    }
    const c = this.columns;
    for (const [id, row] of rows) {
      const slot = this.slotOf(id)!;
      c.deck[slot] = this.deckOf(row.deckId);
      c.queue[slot] = row.queue;
      c.state[slot] = row.state;
      c.due[slot] = minuteOf(row.due);
      c.lastReview[slot] = row.lastReview === null ? NO_REVIEW : minuteOf(row.lastReview);
      c.stability[slot] = row.stability;
      c.difficulty[slot] = row.difficulty;
      c.scheduledDays[slot] = row.scheduledDays;
      c.reps[slot] = row.reps;
      c.lapses[slot] = row.lapses;
      c.flag[slot] = row.flag;
      c.added[slot] = minuteOf(row.added);
      BUTTON_FIELDS.forEach((f, b) => {
        const t = row.lastByButton[b]!;
        c[f][slot] = t === null ? NO_REVIEW : minuteOf(t);
      });
    }
  }

  remove(cardIds: Iterable<string>): void {
    const ids = [...this.ids.ids];
    let n = ids.length;
    const c = this.columns;
    for (const id of cardIds) {
      const slot = this.slotOf(id);
      if (slot === undefined) continue;
      // The last row moves into the hole.
      const last = n - 1;
      if (slot !== last) {
        for (const f of ARRAY_FIELDS) c[f][slot] = c[f][last]!;
        ids[slot] = ids[last]!;
        this.slots!.set(ids[slot]!, slot);
      }
      this.slots!.delete(id);
      n--;
    }
    if (n === ids.length) return;
    this.columns = resized(c, n);
    this.ids = { ...this.ids, ids: ids.slice(0, n) };
    this.idsChanged = true;
  }
}

/** The card summaries of these cards, built from nothing: what the stored chunks must equal. */
export function columnsOf(cards: Iterable<CardRecord>): { columns: CardColumns[]; ids: CardColumnIds[] } {
  const byChunk = new Map<number, CardRecord[]>();
  for (const card of cards) {
    const chunk = chunkOfCard(card.id);
    let list = byChunk.get(chunk);
    if (!list) byChunk.set(chunk, (list = []));
    list.push(card);
  }
  const columns: CardColumns[] = [];
  const ids: CardColumnIds[] = [];
  for (const [chunk, list] of [...byChunk].sort((a, b) => a[0] - b[0])) {
    const edit = new ColumnChunk(emptyColumns(chunk));
    edit.upsert(list);
    columns.push(edit.columns);
    ids.push(edit.ids);
  }
  return { columns, ids };
}

/** Each card's summary by its id, from stored chunks (for checks and tests; the statistics read the columns). */
export function rowsOf(columns: readonly CardColumns[], ids: readonly CardColumnIds[]): Map<string, ColumnRow> {
  const idsOf = new Map(ids.map((r) => [r.chunk, r.ids]));
  const out = new Map<string, ColumnRow>();
  for (const c of columns) {
    const chunkIds = idsOf.get(c.chunk) ?? [];
    chunkIds.forEach((id, i) => {
      const last = c.lastReview[i]!;
      out.set(id, {
        deckId: c.deckIds[c.deck[i]!]!,
        queue: c.queue[i] as Queue,
        state: c.state[i] as State,
        due: c.due[i]! * MINUTE_MS,
        lastReview: last === NO_REVIEW ? null : last * MINUTE_MS,
        stability: c.stability[i]!,
        difficulty: c.difficulty[i]!,
        scheduledDays: c.scheduledDays[i]!,
        reps: c.reps[i]!,
        lapses: c.lapses[i]!,
        flag: c.flag[i]!,
        added: c.added[i]! * MINUTE_MS,
        lastByButton: BUTTON_FIELDS.map((f) => (c[f][i] === NO_REVIEW ? null : c[f][i]! * MINUTE_MS)) as ColumnRow['lastByButton'],
      });
    });
  }
  return out;
}
