// The card browser's data: every card of the collection as one row of flat columns (from the per-card summaries,
// core/card-columns.ts) joined to its note's searchable text and tags, held in memory while the browser is open.
// A search (core/search.ts) is compiled against it into a test per row, and a sort orders rows by one column; both
// run over typed arrays, so 100,000 cards take milliseconds. Nothing here reads storage or the clock.
import { MINUTE_MS, NO_REVIEW, type CardColumnIds, type CardColumns, type ColumnRow } from './card-columns';
import { dayEndMs } from './day';
import { noteIdOfCard, Queue, type NoteRecord } from './model';
import { State } from './scheduler';
import type { Comparison, SearchNode } from './search';

const DAY_MS = 86_400_000;
/** Between a note's fields in its searchable text: a wildcard never runs across it. */
const FIELD_SEPARATOR = '\x1f';

export interface BrowseDeck {
  id: string;
  name: string;
}

/** A note as the browser searches and shows it. */
export interface BrowseNote {
  id: string;
  /** The note's fields as plain text (HTML and cloze markers taken out), FIELD_SEPARATOR between them. */
  text: string;
  tags: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A field's HTML as the text a reader sees: tags out (line breaks and blocks as spaces), entities decoded, cloze
 * deletions as their answers. */
export function plainText(html: string): string {
  return html
    .replace(/\{\{c\d+::([\s\S]*?)(?:::[\s\S]*?)?\}\}/g, '$1')
    .replace(/<(?:br|\/?div|\/?p|\/?li)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    // Control characters (the separators of the index among them), typed or from an entity, never reach it.
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function browseNoteOf(note: Pick<NoteRecord, 'id' | 'fields' | 'tags'>): BrowseNote {
  return { id: note.id, text: Object.values(note.fields).map(plainText).join(FIELD_SEPARATOR), tags: note.tags };
}

/** Notes as the index holds them: side by side in arrays (100,000 notes make no object each), tags joined by
 * spaces (a tag holds none). */
export interface BrowseNotes {
  ids: string[];
  text: string[];
  tags: string[];
}

export function browseNotesOf(notes: readonly BrowseNote[]): BrowseNotes {
  return { ids: notes.map((n) => n.id), text: notes.map((n) => n.text), tags: notes.map((n) => n.tags.join(' ')) };
}

/** The first field of a note's text: the browser's "sort field" (as Anki's default). */
function firstField(text: string): string {
  const end = text.indexOf(FIELD_SEPARATOR);
  return end < 0 ? text : text.slice(0, end);
}

export const sortFieldOf = (note: BrowseNote): string => firstField(note.text);

export type BrowseColumn = 'sortField' | 'deck' | 'due' | 'interval' | 'stability' | 'retrievability' | 'reps' | 'lapses' | 'tags' | 'flag';
export const BROWSE_COLUMNS: readonly BrowseColumn[] = ['sortField', 'deck', 'due', 'interval', 'stability', 'retrievability', 'reps', 'lapses', 'tags', 'flag'];

/** What a search needs besides the rows: the time, the study day's start hour and the forgetting curve (prop:r). */
export interface SearchContext {
  nowMs: number;
  dayStartHour: number;
  today: number;
  /** The forgetting curve of a card's deck (decks' presets may differ in FSRS parameters). */
  curve: (elapsedDays: number, stability: number, deckId: string) => number;
}

/** The first instant of the study day `days - 1` days before today: "in the last N days" starts there. */
export function windowStartMs(days: number, ctx: Pick<SearchContext, 'today' | 'dayStartHour'>): number {
  return dayEndMs(ctx.today - days, ctx.dayStartHour);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A pattern with `*` for any run of characters (within `within`, a class of what a run may hold). */
const wildcard = (pattern: string, within: string) => pattern.split('*').map(escapeRegExp).join(`${within}*`);

function compare(a: number, op: Comparison, b: number, tolerance = 0): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b + tolerance;
    case '>':
      return a > b;
    case '>=':
      return a >= b - tolerance;
    case '=':
      return Math.abs(a - b) <= tolerance;
    case '!=':
      return Math.abs(a - b) > tolerance;
  }
}

type RowTest = (row: number) => boolean;

/**
 * The collection's cards as rows. Rows are in no particular order; `order` (a sort) and `search` give lists of row
 * numbers. A row's values change in place when its card changes (`update`).
 */
export class BrowseIndex {
  readonly size: number;
  readonly cardIds: string[];
  /** Row -> index into `notes`. */
  readonly note: Uint32Array;
  /** Row -> index into `decks`. */
  readonly deck: Uint16Array;
  readonly queue: Int8Array;
  readonly state: Uint8Array;
  /** Minutes since the epoch, as in the card summaries. */
  readonly due: Uint32Array;
  readonly lastReview: Uint32Array;
  readonly stability: Float32Array;
  readonly difficulty: Float32Array;
  readonly scheduledDays: Uint16Array;
  readonly reps: Uint16Array;
  readonly lapses: Uint16Array;
  readonly flag: Uint8Array;
  readonly added: Uint32Array;
  /** The last answer with each button (Again, Hard, Good, Easy), minutes; NO_REVIEW: never. */
  readonly lastByButton: readonly [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  readonly notes: BrowseNotes;
  readonly decks: BrowseDeck[];
  /** Rows of deleted cards (hide): no search finds them, until an undo puts the card back (update). */
  private readonly gone: Uint8Array;
  private goneCount = 0;
  /** Made the first time a card is looked up by id (an update, a test): building the index needs none. */
  private rowOfCard: Map<string, number> | null = null;
  private readonly noteIndex = new Map<string, number>();
  private readonly sortRanks = new Map<BrowseColumn, Uint32Array>();

  /**
   * From the stored card summaries and the notes. Retired cards (their note left a bundled deck) are left out, as are
   * cards whose note or deck is missing (the database check reports those).
   */
  constructor(chunks: readonly CardColumns[], chunkIds: readonly CardColumnIds[], notes: BrowseNotes, decks: readonly BrowseDeck[]) {
    // The arrays are the index's own from here on (update() changes texts in place): not copied, 100,000 of each.
    this.notes = notes;
    this.decks = [...decks];
    const ids = this.notes.ids;
    for (let i = 0; i < ids.length; i++) this.noteIndex.set(ids[i]!, i);
    const deckIndex = new Map(this.decks.map((d, i) => [d.id, i]));
    const idsOf = new Map(chunkIds.map((r) => [r.chunk, r.ids]));
    let total = 0;
    for (const c of chunks) total += c.deck.length;
    const alloc = <T>(make: new (n: number) => T) => new make(total);
    this.note = alloc(Uint32Array);
    this.deck = alloc(Uint16Array);
    this.queue = alloc(Int8Array);
    this.state = alloc(Uint8Array);
    this.due = alloc(Uint32Array);
    this.lastReview = alloc(Uint32Array);
    this.stability = alloc(Float32Array);
    this.difficulty = alloc(Float32Array);
    this.scheduledDays = alloc(Uint16Array);
    this.reps = alloc(Uint16Array);
    this.lapses = alloc(Uint16Array);
    this.flag = alloc(Uint8Array);
    this.added = alloc(Uint32Array);
    this.lastByButton = [alloc(Uint32Array), alloc(Uint32Array), alloc(Uint32Array), alloc(Uint32Array)];
    this.gone = alloc(Uint8Array);
    this.cardIds = [];
    let row = 0;
    const [again, hard, good, easy] = this.lastByButton;
    for (const c of chunks) {
      const ids = idsOf.get(c.chunk) ?? [];
      const decksHere = c.deckIds.map((id) => deckIndex.get(id));
      for (let i = 0; i < c.deck.length; i++) {
        const id = ids[i];
        const deck = decksHere[c.deck[i]!];
        const note = id === undefined ? undefined : this.noteIndex.get(noteIdOfCard(id));
        if (id === undefined || deck === undefined || note === undefined || c.queue[i] === Queue.Retired) continue;
        this.cardIds.push(id);
        this.note[row] = note;
        this.deck[row] = deck;
        this.queue[row] = c.queue[i]!;
        this.state[row] = c.state[i]!;
        this.due[row] = c.due[i]!;
        this.lastReview[row] = c.lastReview[i]!;
        this.stability[row] = c.stability[i]!;
        this.difficulty[row] = c.difficulty[i]!;
        this.scheduledDays[row] = c.scheduledDays[i]!;
        this.reps[row] = c.reps[i]!;
        this.lapses[row] = c.lapses[i]!;
        this.flag[row] = c.flag[i]!;
        this.added[row] = c.added[i]!;
        again[row] = c.lastAgain[i]!;
        hard[row] = c.lastHard[i]!;
        good[row] = c.lastGood[i]!;
        easy[row] = c.lastEasy[i]!;
        row++;
      }
    }
    this.size = row;
  }

  rowOf(cardId: string): number | undefined {
    if (!this.rowOfCard) {
      const map = new Map<string, number>();
      for (let row = 0; row < this.size; row++) map.set(this.cardIds[row]!, row);
      this.rowOfCard = map;
    }
    return this.rowOfCard.get(cardId);
  }

  noteOf(row: number): BrowseNote {
    const at = this.note[row]!;
    const tags = this.notes.tags[at]!;
    return { id: this.notes.ids[at]!, text: this.notes.text[at]!, tags: tags === '' ? [] : tags.split(' ') };
  }

  /** The row's note's first field (the sort field column). */
  sortFieldOf(row: number): string {
    return firstField(this.notes.text[this.note[row]!]!);
  }

  /** The row's note's tags, joined by spaces. */
  tagsOf(row: number): string {
    return this.notes.tags[this.note[row]!]!;
  }

  deckOf(row: number): BrowseDeck {
    return this.decks[this.deck[row]!]!;
  }

  /**
   * A card's row after the card changed (its queue, flag, memory state; `note`: its note's text or tags). False when
   * the card is not a row here, was retired, or moved to a deck the index does not know: then the index must be built
   * again.
   */
  update(cardId: string, values: ColumnRow, note?: BrowseNote): boolean {
    const row = this.rowOf(cardId);
    const deck = this.decks.findIndex((d) => d.id === values.deckId);
    // A card retired (its cloze deletion taken out) leaves the index: it is built again.
    if (row === undefined || deck < 0 || values.queue === Queue.Retired) return false;
    if (this.gone[row] === 1) {
      this.gone[row] = 0;
      this.goneCount--;
    }
    this.deck[row] = deck;
    this.queue[row] = values.queue;
    this.state[row] = values.state;
    this.due[row] = Math.floor(values.due / MINUTE_MS);
    this.lastReview[row] = values.lastReview === null ? NO_REVIEW : Math.floor(values.lastReview / MINUTE_MS);
    this.stability[row] = values.stability;
    this.difficulty[row] = values.difficulty;
    this.scheduledDays[row] = Math.min(0xffff, values.scheduledDays);
    this.reps[row] = Math.min(0xffff, values.reps);
    this.lapses[row] = Math.min(0xffff, values.lapses);
    this.flag[row] = values.flag;
    values.lastByButton.forEach((t, b) => (this.lastByButton[b]![row] = t === null ? NO_REVIEW : Math.floor(t / MINUTE_MS)));
    // The cached ranks are of the notes' texts: a card's own values do not move them.
    if (note) this.updateNote(note);
    return true;
  }

  /** A note's text or tags after an edit. False when the index does not know the note (a new note: the index must be
   * built again). */
  updateNote(note: BrowseNote): boolean {
    const at = this.noteIndex.get(note.id);
    if (at === undefined) return false;
    const tags = note.tags.join(' ');
    if (this.notes.text[at] === note.text && this.notes.tags[at] === tags) return true;
    this.notes.text[at] = note.text;
    this.notes.tags[at] = tags;
    this.sortRanks.clear();
    return true;
  }

  /** Deleted cards: their rows are found by no search from now on (an update brings one back). */
  hide(cardIds: Iterable<string>): void {
    for (const id of cardIds) {
      const row = this.rowOf(id);
      if (row !== undefined && this.gone[row] === 0) {
        this.gone[row] = 1;
        this.goneCount++;
      }
    }
  }

  /** The cards in the collection as the index knows it (deleted ones not counted). */
  get cards(): number {
    return this.size - this.goneCount;
  }

  isGone(row: number): boolean {
    return this.gone[row] === 1;
  }

  /** The card's retrievability at `nowMs` (null: never reviewed). */
  retrievability(row: number, nowMs: number, curve: SearchContext['curve']): number | null {
    const last = this.lastReview[row]!;
    if (last === NO_REVIEW || this.state[row] === State.New) return null;
    return curve(Math.max(0, Math.floor((nowMs - last * MINUTE_MS) / DAY_MS)), this.stability[row]!, this.deckOf(row).id);
  }

  /** The rows matching a parsed query, in row order. */
  search(node: SearchNode, ctx: SearchContext): Uint32Array {
    const test = this.compile(node, ctx);
    const out = new Uint32Array(this.size);
    let n = 0;
    for (let row = 0; row < this.size; row++) if (this.gone[row] === 0 && test(row)) out[n++] = row;
    return out.slice(0, n);
  }

  private compile(node: SearchNode, ctx: SearchContext): RowTest {
    switch (node.kind) {
      case 'all':
        return () => true;
      case 'and': {
        const tests = node.children.map((c) => this.compile(c, ctx));
        return (row) => tests.every((t) => t(row));
      }
      case 'or': {
        const tests = node.children.map((c) => this.compile(c, ctx));
        return (row) => tests.some((t) => t(row));
      }
      case 'not': {
        const test = this.compile(node.child, ctx);
        return (row) => !test(row);
      }
      case 'text': {
        // Anywhere in a field, ignoring case; `*` for any run of characters within one field.
        const re = new RegExp(wildcard(node.text, `[^${FIELD_SEPARATOR}]`), 'i');
        return this.byNote(this.notes.text, re);
      }
      case 'tag': {
        // The tag or one under it (`x` also finds `x::y`), ignoring case; the tags are joined by spaces.
        const re = new RegExp(`(?:^| )${wildcard(node.tag, '\\S')}(?:::\\S*)?(?= |$)`, 'i');
        return this.byNote(this.notes.tags, re);
      }
      case 'deck': {
        const re = new RegExp(`^${wildcard(node.name, '.')}(::.*)?$`, 'i');
        const chosen = new Uint8Array(this.decks.length);
        this.decks.forEach((d, i) => (chosen[i] = re.test(d.name) ? 1 : 0));
        return (row) => chosen[this.deck[row]!] === 1;
      }
      case 'is':
        return this.isTest(node.what, ctx);
      case 'flag': {
        const flag = node.flag;
        return (row) => this.flag[row] === flag;
      }
      case 'prop':
        return this.propTest(node.prop, node.op, node.value, ctx);
      case 'rated': {
        // Answered in the window: the last answer (with that button) falls in it.
        const from = windowStartMs(node.days, ctx) / MINUTE_MS;
        const times = node.rating === null ? this.lastReview : this.lastByButton[node.rating - 1]!;
        return (row) => times[row] !== NO_REVIEW && times[row]! >= from;
      }
      case 'added': {
        const from = windowStartMs(node.days, ctx) / MINUTE_MS;
        return (row) => this.added[row]! >= from;
      }
    }
  }

  /** A pattern tested once per note (on its text or its tags), read per row. */
  private byNote(texts: readonly string[], re: RegExp): RowTest {
    const hit = new Uint8Array(texts.length);
    for (let i = 0; i < texts.length; i++) hit[i] = re.test(texts[i]!) ? 1 : 0;
    return (row) => hit[this.note[row]!] === 1;
  }

  private isTest(what: string, ctx: SearchContext): RowTest {
    const endOfToday = dayEndMs(ctx.today, ctx.dayStartHour) / MINUTE_MS;
    const nowMinute = Math.floor(ctx.nowMs / MINUTE_MS);
    switch (what) {
      case 'new':
        return (row) => this.state[row] === State.New;
      case 'learn':
        return (row) => this.state[row] === State.Learning || this.state[row] === State.Relearning;
      case 'review':
        // As in Anki: cards in relearning are review cards too.
        return (row) => this.state[row] === State.Review || this.state[row] === State.Relearning;
      case 'due':
        // Reviews due today or earlier, learning cards due now.
        return (row) =>
          (this.queue[row] === Queue.Review && this.due[row]! < endOfToday) || (this.queue[row] === Queue.Learning && this.due[row]! <= nowMinute);
      case 'suspended':
        return (row) => this.queue[row] === Queue.Suspended;
      case 'buried':
        return (row) => this.queue[row] === Queue.Buried;
      default:
        return (row) => this.flag[row] !== 0;
    }
  }

  private propTest(prop: string, op: Comparison, value: number, ctx: SearchContext): RowTest {
    // Stability, difficulty and retrievability are shown rounded: `=` matches what is shown.
    switch (prop) {
      case 'ivl':
        return (row) => this.state[row] !== State.New && compare(this.scheduledDays[row]!, op, value);
      case 's':
        return (row) => this.state[row] !== State.New && compare(this.stability[row]!, op, value, 0.005);
      case 'd':
        return (row) => this.state[row] !== State.New && compare(this.difficulty[row]!, op, value, 0.005);
      case 'r':
        return (row) => {
          const r = this.retrievability(row, ctx.nowMs, ctx.curve);
          return r !== null && compare(r, op, value, 0.005);
        };
      case 'reps':
        return (row) => compare(this.reps[row]!, op, value);
      default:
        return (row) => compare(this.lapses[row]!, op, value);
    }
  }

  /**
   * `rows` sorted by a column (a new array; equal values keep their relative order). Text columns compare as shown,
   * ignoring case; new cards sort after every due date, cards never reviewed after every retrievability.
   */
  order(rows: Uint32Array, column: BrowseColumn, descending: boolean, ctx: Pick<SearchContext, 'nowMs' | 'curve'>): Uint32Array {
    const key = this.sortKey(column, ctx);
    const sign = descending ? -1 : 1;
    const sorted = Uint32Array.from(rows);
    // Keys in one Float64Array and a stable sort of positions: no string comparison per pair.
    return sorted.sort((a, b) => {
      const d = key[a]! - key[b]!;
      return d !== 0 ? sign * d : a - b;
    });
  }

  private sortKey(column: BrowseColumn, ctx: Pick<SearchContext, 'nowMs' | 'curve'>): Float64Array {
    const key = new Float64Array(this.size);
    const last = Number.MAX_SAFE_INTEGER;
    switch (column) {
      case 'sortField':
      case 'tags': {
        const ranks = this.textRanks(column);
        for (let row = 0; row < this.size; row++) key[row] = ranks[this.note[row]!]!;
        break;
      }
      case 'deck': {
        const names = this.decks.map((d, i) => [d.name.toLowerCase(), i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        const rank = new Uint32Array(this.decks.length);
        names.forEach(([, i], r) => (rank[i] = r));
        for (let row = 0; row < this.size; row++) key[row] = rank[this.deck[row]!]!;
        break;
      }
      case 'due':
        for (let row = 0; row < this.size; row++) key[row] = this.state[row] === State.New ? last : this.due[row]!;
        break;
      case 'interval':
        for (let row = 0; row < this.size; row++) key[row] = this.state[row] === State.New ? -1 : this.scheduledDays[row]!;
        break;
      case 'stability':
        for (let row = 0; row < this.size; row++) key[row] = this.state[row] === State.New ? -1 : this.stability[row]!;
        break;
      case 'retrievability':
        for (let row = 0; row < this.size; row++) key[row] = this.retrievability(row, ctx.nowMs, ctx.curve) ?? 2;
        break;
      case 'reps':
        key.set(this.reps.subarray(0, this.size));
        break;
      case 'lapses':
        key.set(this.lapses.subarray(0, this.size));
        break;
      case 'flag':
        key.set(this.flag.subarray(0, this.size));
        break;
    }
    return key;
  }

  /** Each note's place in the order of its sort field (or its tags), ignoring case: sorted once, then cached. */
  private textRanks(column: 'sortField' | 'tags'): Uint32Array {
    const cached = this.sortRanks.get(column);
    if (cached) return cached;
    const n = this.notes.ids.length;
    const texts = column === 'tags' ? this.notes.tags.map((t) => t.toLowerCase()) : this.notes.text.map((t) => firstField(t).toLowerCase());
    const order = Array.from(texts.keys()).sort((a, b) => (texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : a - b));
    const rank = new Uint32Array(n);
    order.forEach((note, r) => (rank[note] = r));
    this.sortRanks.set(column, rank);
    return rank;
  }
}
