// The one Dexie database of the app, with its full version history. Each `version(n)` stays here forever;
// a change of schema adds a new version with an upgrade function and a test that opens the old one.
import Dexie, { type Table } from 'dexie';
import { minuteOf, NO_REVIEW, splitColumns, type BrowseColumns, type CardColumnIds, type CardColumns, type StatsColumns } from '../../../core/card-columns';
import { blocksOf, type DayBlock, type HourBlock } from '../../../core/day-blocks';
import { digestsOf, type DayDigest } from '../../../core/day-digests';
import { packColumns, type ColumnHistory } from '../../../core/history';
import type { CardRecord, DaySummary, DeckRecord, MediaRecord, NoteRecord, NotetypeRecord } from '../../../core/model';
import { recountDays } from '../../../core/replay';
import type { Preset } from '../../../core/presets';
import { DEFAULT_SETTINGS, type Settings } from '../../../core/settings';
import { cardColumnsMiddleware, rebuildCardColumns } from './card-columns';
import { changeCounter } from './changes';
import { dayDigestsMiddleware } from './day-digests';
import { noteTextsMiddleware, rebuildNoteTexts } from './note-texts';
import type { StoredNoteTexts } from '../../../core/note-texts';

/**
 * The collection's settings, one record: the Default preset's options and the hour the day starts (as before presets
 * existed), the other presets, and the preset each deck was given (a deck not named inherits; see core/presets.ts).
 */
export interface SettingsRecord extends Settings {
  id: 'settings';
  /** When the scheduling settings (retention, steps, maximum interval, parameters, a deck's preset) last changed; absent: never. */
  schedulingChangedAt?: number;
  /** The presets besides Default. */
  presets?: Preset[];
  /** Deck id -> the preset it was given. */
  deckPresets?: Record<string, string>;
  /** Offer to reschedule a preset's cards when its parameters or desired retention change (off unless chosen). */
  rescheduleOnChange?: boolean;
}

export const DB_NAME = 'retain';

/** A chunk of per-card summaries as version 6 stored it: times in epoch ms (NaN: no review), days in 32 bits. */
type ColumnsV6 = Omit<CardColumns, 'due' | 'lastReview' | 'scheduledDays'> & { due: Float64Array; lastReview: Float64Array; scheduledDays: Uint32Array };

/** A version 6 chunk in version 7's columns (a chunk built by this code's version 6 upgrade is already one). */
function compactColumns(c: CardColumns | ColumnsV6): CardColumns {
  if (!(c.due instanceof Float64Array)) return c as CardColumns;
  const v6 = c as ColumnsV6;
  return {
    ...v6,
    due: Uint32Array.from(v6.due, minuteOf),
    lastReview: Uint32Array.from(v6.lastReview, (t) => (Number.isNaN(t) ? NO_REVIEW : minuteOf(t))),
    scheduledDays: Uint16Array.from(v6.scheduledDays, (d) => Math.min(0xffff, d)),
  };
}

export class RetainDB extends Dexie {
  decks!: Table<DeckRecord, string>;
  notes!: Table<NoteRecord, string>;
  cards!: Table<CardRecord, string>;
  dayBlocks!: Table<DayBlock, [string, number]>;
  hourBlocks!: Table<HourBlock, [string, number]>;
  dayDigests!: Table<DayDigest, string>;
  cardColumns!: Table<StatsColumns, number>;
  browseColumns!: Table<BrowseColumns, number>;
  cardColumnIds!: Table<CardColumnIds, number>;
  noteTexts!: Table<StoredNoteTexts, number>;
  settings!: Table<SettingsRecord, string>;
  notetypes!: Table<NotetypeRecord, string>;
  media!: Table<MediaRecord, string>;
  /** True once another tab or window opened a newer version of the collection (or deleted it): closed for good. */
  closedElsewhere = false;
  private readonly closedListeners = new Set<() => void>();
  private readonly blockedListeners = new Set<() => void>();

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores({
      decks: 'id',
      notes: 'id, deckId',
      // The queue asks for one deck's cards of one queue in due order, in limited ranges.
      cards: 'id, noteId, [deckId+queue+due], queue',
      days: '[deckId+day], day',
      settings: 'id',
    });
    // Version 2: a card's history is one Float64Array (a row per review) instead of one array per field. Same
    // tables and indexes; the cards are rewritten once.
    this.version(2)
      .stores({})
      .upgrade((tx) =>
        tx
          .table('cards')
          .toCollection()
          .modify((card: { history: unknown }) => {
            if (!(card.history instanceof Float64Array)) card.history = packColumns(card.history as ColumnHistory);
          }),
      );
    // Version 3: every index entry is a write of its own; indexes made a third of a 100,000-card import. Cards keep
    // one index, `[deckId+queue+due]`, which is how today's queue is read, plus `buriedDay`, a field only buried cards
    // have, so that index holds only them. A note's cards are a primary-key range (a card's id is its note's id, a
    // colon and its number), a deck's notes come through its cards, and a day's summaries are read by primary key,
    // deck by deck.
    this.version(3).stores({ notes: 'id', cards: 'id, [deckId+queue+due], buriedDay', days: '[deckId+day]' });
    // Version 4: imported note types and media.
    this.version(4).stores({ notetypes: 'id', media: 'name' });
    // Version 5: day summaries carry what the statistics draw (answers by kind and button, time by kind, answers by
    // clock hour). They are recounted from the cards' histories, which is what they always are.
    this.version(5)
      .stores({})
      .upgrade(async (tx) => {
        const settings = (await tx.table('settings').get('settings')) as Partial<Settings> | undefined;
        const dayStartHour = settings?.dayStartHour ?? DEFAULT_SETTINGS.dayStartHour;
        const days = new Map<string, DaySummary>();
        await tx.table('cards').each((card: CardRecord) => void recountDays([card], dayStartHour, days));
        await tx.table('days').clear();
        await tx.table('days').bulkAdd([...days.values()]);
      });
    // Version 6: what the Statistics screen reads, in few records. Day summaries become blocks of 32 days per deck
    // (counts and times in `dayBlocks`, the hour-of-day counts apart in `hourBlocks`: only one panel reads them), and
    // each card's queue and memory state is kept column by column, a chunk of cards per record (`cardColumns`; the
    // ids of a chunk's cards in `cardColumnIds`), by the middleware in card-columns.ts.
    this.version(6)
      .stores({ days: null, dayBlocks: '[deckId+block]', hourBlocks: '[deckId+block]', cardColumns: 'chunk', cardColumnIds: 'chunk' })
      .upgrade(async (tx) => {
        const blocks = blocksOf((await tx.table('days').toArray()) as DaySummary[]);
        await tx.table('dayBlocks').bulkAdd(blocks.days);
        await tx.table('hourBlocks').bulkAdd(blocks.hours);
        const cards = (await tx.table('cards').toArray()) as CardRecord[];
        await rebuildCardColumns(cards, { columns: tx.table('cardColumns'), ids: tx.table('cardColumnIds') });
      });
    // Version 7: the Statistics screen reads a year of day blocks, not all of them: a digest per deck of its blocks
    // (`dayDigests`, kept by the middleware in day-digests.ts) gives what it needs from before (streaks, all-time
    // retention). The per-card summaries keep their times to the minute, in 22 bytes a card instead of 32.
    this.version(7)
      .stores({ dayDigests: 'deckId' })
      .upgrade(async (tx) => {
        const chunks = (await tx.table('cardColumns').toArray()) as (CardColumns | ColumnsV6)[];
        await tx.table('cardColumns').bulkPut(chunks.map(compactColumns));
        await tx.table('dayDigests').clear();
        await tx.table('dayDigests').bulkPut(digestsOf((await tx.table('dayBlocks').toArray()) as DayBlock[]));
      });
    // Version 8: the card browser. Cards may carry a flag, and the per-card summaries gain what the browser shows and
    // searches besides text and tags (answers, lapses, flag, when the card was added): rebuilt from the cards.
    this.version(8)
      .stores({})
      .upgrade(async (tx) => {
        const cards = (await tx.table('cards').toArray()) as CardRecord[];
        await rebuildCardColumns(cards, { columns: tx.table('cardColumns'), ids: tx.table('cardColumnIds') });
      });
    // Version 9: the notes' plain text and tags for the browser, a chunk of notes per record (`noteTexts`, kept by the
    // middleware in note-texts.ts): opening Browse reads 128 records instead of every note. And each chunk of card
    // summaries becomes two records: the browser's columns move to `browseColumns`, so that the Statistics screen
    // reads only its own (see splitColumns).
    this.version(9)
      .stores({ noteTexts: 'chunk', browseColumns: 'chunk' })
      .upgrade(async (tx) => {
        await rebuildNoteTexts((await tx.table('notes').toArray()) as NoteRecord[], tx.table('noteTexts'));
        const parts = ((await tx.table('cardColumns').toArray()) as CardColumns[]).map(splitColumns);
        await tx.table('cardColumns').bulkPut(parts.map((p) => p.stats));
        await tx.table('browseColumns').bulkPut(parts.map((p) => p.browse));
      });
    // Version 10: a chunk of note texts stores its ids, texts and tags as three strings each, not three arrays of
    // strings (reading 300,000 short strings was most of the time Browse took to open). Built again from the notes.
    this.version(10)
      .stores({})
      .upgrade(async (tx) => {
        await rebuildNoteTexts((await tx.table('notes').toArray()) as NoteRecord[], tx.table('noteTexts'));
      });
    this.use(cardColumnsMiddleware);
    this.use(noteTextsMiddleware);
    this.use(dayDigestsMiddleware);
    this.use(changeCounter);
    // Another connection opens a newer schema or deletes the database. Dexie's own handler (stopped by the `false`)
    // would close and reopen on the next request, with this code's idea of a schema that is no longer the stored one:
    // close for good instead, so that every later request fails (DatabaseClosedError) and the app can say so.
    this.on('versionchange', () => {
      this.closeForNewerVersion();
      return false;
    });
    // Opening (an upgrade) waits for an older connection elsewhere that does not close: the app says what it waits for.
    this.on('blocked', () => {
      for (const listener of this.blockedListeners) listener();
    });
  }

  /** Closes this connection for good: a newer version of the collection is stored, or about to be. */
  closeForNewerVersion(): void {
    if (this.closedElsewhere) return;
    this.closedElsewhere = true;
    this.close({ disableAutoOpen: true });
    for (const listener of this.closedListeners) listener();
  }

  /** Called once the connection is closed because another tab or window upgraded (or deleted) the collection. */
  onClosedElsewhere(listener: () => void): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  /** Called when opening waits for another tab or window that still has an older version open. */
  onBlocked(listener: () => void): () => void {
    this.blockedListeners.add(listener);
    return () => this.blockedListeners.delete(listener);
  }
}
