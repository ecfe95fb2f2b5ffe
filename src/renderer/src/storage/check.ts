// Check database (Settings, and Tools > Check Database in the desktop app): reads the whole collection in one
// transaction, holds it to what must always be true, and with `repair` writes back what can be derived: card states
// replayed from their histories, day summaries recounted from them, per-card summaries rebuilt. What cannot be
// derived (an unreadable review, a card whose note is gone) is reported and left as it is: nothing is deleted.
import { rowOf, rowsOf, type ColumnRow } from '../../../core/card-columns';
import { checkCard } from '../../../core/check';
import { blocksOf, summariesOf } from '../../../core/day-blocks';
import { digestsOf, sameDigest } from '../../../core/day-digests';
import { answerCount, historyColumn, isAnswer } from '../../../core/history';
import type { CardRecord, DaySummary } from '../../../core/model';
import { recountDays } from '../../../core/replay';
import { schedulerForDeck, type DeckSettings } from '../../../core/presets';
import { readAllColumns, rebuildCardColumns } from './card-columns';
import { readNoteTexts, rebuildNoteTexts } from './note-texts';
import { noteTextRows, noteTextsOf } from '../../../core/note-texts';
import { schedulingChangedAt } from './collection';
import type { RetainDB } from './db';

export interface CheckProblem {
  /** What kind of problem, for a person ("cards whose state is not the replay of their history"). */
  what: string;
  count: number;
  /** A few of them, each naming the card, deck or day and what is wrong. */
  examples: string[];
  /** How many were put right (0 when only checked, or when it cannot be derived). */
  repaired: number;
}

export interface CheckReport {
  cards: number;
  notes: number;
  decks: number;
  reviews: number;
  /** Reviews given before the scheduling settings last changed: checked for order and counts, not replayed. */
  unverifiedReviews: number;
  problems: CheckProblem[];
  /** Whether repairs were written. */
  repaired: boolean;
}

const EXAMPLES = 5;

class Problems {
  readonly list: CheckProblem[] = [];
  add(what: string, example: string, repaired: boolean): void {
    let p = this.list.find((x) => x.what === what);
    if (!p) this.list.push((p = { what, count: 0, examples: [], repaired: 0 }));
    p.count++;
    if (p.examples.length < EXAMPLES) p.examples.push(example);
    if (repaired) p.repaired++;
  }
}

const summaryKey = (s: Pick<DaySummary, 'deckId' | 'day'>) => `${s.deckId}/${s.day}`;
const sameSummary = (a: DaySummary, b: DaySummary): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameRow = (a: ColumnRow, b: ColumnRow): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Checks the collection; with `repair`, also writes what can be derived, in the same transaction. */
export async function checkDatabase(db: RetainDB, settings: DeckSettings, options: { repair: boolean }): Promise<CheckReport> {
  const { repair } = options;
  const tables = [db.decks, db.notes, db.cards, db.dayBlocks, db.hourBlocks, db.dayDigests, db.cardColumns, db.browseColumns, db.cardColumnIds, db.noteTexts, db.settings];
  return db.transaction(repair ? 'rw' : 'r', tables, async () => {
    const [decks, notes, cards, dayBlocks, hourBlocks, digests, { columns, ids: columnIds }, texts, since] = await Promise.all([
      db.decks.toArray(),
      db.notes.toArray(),
      db.cards.toArray(),
      db.dayBlocks.toArray(),
      db.hourBlocks.toArray(),
      db.dayDigests.toArray(),
      readAllColumns(db),
      readNoteTexts(db).catch(() => []),
      schedulingChangedAt(db),
    ]);
    const problems = new Problems();
    const deckIds = new Set(decks.map((d) => d.id));
    const names = new Map(decks.map((d) => [d.id, d.name]));
    const deckName = (id: string) => (names.has(id) ? `"${names.get(id)}"` : id);
    const noteIds = new Set(notes.map((n) => n.id));
    const notesWithCards = new Set<string>();

    // Cards: their history, state and place in the queue; what they belong to.
    const fixed: CardRecord[] = [];
    let reviews = 0;
    let unverified = 0;
    const sound = cards.map((card) => {
      reviews += answerCount(card.history); // answers: the manual rows (a reset, a due date set) are not reviews
      const ratings = historyColumn(card.history, 'rating');
      historyColumn(card.history, 't').forEach((t, i) => {
        if (t! < since && isAnswer(ratings[i]!)) unverified++;
      });
      notesWithCards.add(card.noteId);
      if (!noteIds.has(card.noteId)) problems.add('cards whose note is missing', `card ${card.id}`, false);
      if (!deckIds.has(card.deckId)) problems.add('cards whose deck is missing', `card ${card.id} (deck ${card.deckId})`, false);
      // Replayed with the scheduler of the card's deck (its preset's).
      const finding = checkCard(card, schedulerForDeck(settings, card.deckId), since);
      if (!finding) return card;
      const what = finding.repaired ? 'cards whose state or place does not follow from their history' : 'cards with a history that cannot be replayed';
      problems.add(what, `card ${card.id}: ${finding.message}`, repair && finding.repaired !== null);
      if (!finding.repaired) return card;
      fixed.push(finding.repaired);
      return finding.repaired;
    });
    for (const note of notes) {
      if (!deckIds.has(note.deckId)) problems.add('notes whose deck is missing', `note ${note.id} (deck ${note.deckId})`, false);
      if (!notesWithCards.has(note.id)) problems.add('notes without cards', `note ${note.id}`, false);
    }

    // Day summaries: the recount of the (repaired) histories.
    const expected = recountDays(sound, settings.dayStartHour);
    const stored = new Map(summariesOf(dayBlocks, hourBlocks).map((s) => [summaryKey(s), s]));
    let daysWrong = 0;
    for (const [key, s] of expected) {
      const have = stored.get(key);
      if (!have || !sameSummary(have, s)) {
        daysWrong++;
        problems.add('days whose summary is not the count of their reviews', `deck ${deckName(s.deckId)}, ${dayLabel(s.day)}: ${miscount(have, s)}`, repair);
      }
    }
    for (const [key, s] of stored) {
      if (!expected.has(key)) {
        daysWrong++;
        problems.add('days whose summary is not the count of their reviews', `deck ${deckName(s.deckId)}, ${dayLabel(s.day)}: ${s.reviews} answers counted, none in the histories`, repair);
      }
    }

    // Each deck's digest of its day blocks (Statistics, for what is older than a year): what the stored blocks give.
    const digestWanted = new Map(digestsOf(dayBlocks).map((d) => [d.deckId, d]));
    let digestsWrong = 0;
    for (const d of digests) {
      const want = digestWanted.get(d.deckId);
      digestWanted.delete(d.deckId);
      if (want && sameDigest(d, want)) continue;
      digestsWrong++;
      problems.add('decks whose digest of study days is out of date', `deck ${deckName(d.deckId)}`, repair);
    }
    for (const id of digestWanted.keys()) {
      digestsWrong++;
      problems.add('decks whose digest of study days is out of date', `deck ${deckName(id)} (no digest)`, repair);
    }

    // Per-card summaries (Statistics): a row per card, as the card's own record gives it.
    const rows = rowsOf(columns, columnIds);
    let rowsWrong = 0;
    for (const card of sound) {
      const have = rows.get(card.id);
      if (!have || !sameRow(have, rowOf(card))) {
        rowsWrong++;
        problems.add('cards whose summary for the statistics is out of date', `card ${card.id}`, repair);
      }
      rows.delete(card.id);
    }
    for (const id of rows.keys()) {
      rowsWrong++;
      problems.add('cards whose summary for the statistics is out of date', `card ${id} (no longer in the collection)`, repair);
    }

    // Each note's plain text and tags for the browser: what the note's fields give.
    const textRows = noteTextRows(texts);
    const textWanted = noteTextRows(noteTextsOf(notes));
    let textsWrong = 0;
    for (const [id, want] of textWanted) {
      const have = textRows.get(id);
      textRows.delete(id);
      if (have && have.text === want.text && have.tags === want.tags) continue;
      textsWrong++;
      problems.add('notes whose text for the browser is out of date', `note ${id}`, repair);
    }
    for (const id of textRows.keys()) {
      textsWrong++;
      problems.add('notes whose text for the browser is out of date', `note ${id} (no longer in the collection)`, repair);
    }

    if (repair) {
      if (textsWrong > 0) await rebuildNoteTexts(notes, db.noteTexts);
      // The columns middleware keeps the summaries of the cards written here; they are rebuilt whole below anyway.
      if (fixed.length > 0) await db.cards.bulkPut(fixed);
      if (daysWrong > 0) {
        // The digests middleware builds the digests of the new blocks.
        const blocks = blocksOf(expected.values());
        await Promise.all([db.dayBlocks.clear(), db.hourBlocks.clear()]);
        await Promise.all([db.dayBlocks.bulkAdd(blocks.days), db.hourBlocks.bulkAdd(blocks.hours)]);
      } else if (digestsWrong > 0) {
        await db.dayDigests.clear();
        await db.dayDigests.bulkPut(digestsOf(dayBlocks));
      }
      if (rowsWrong > 0 || fixed.length > 0) await rebuildCardColumns(sound, { columns: db.cardColumns, ids: db.cardColumnIds, browse: db.browseColumns });
    }
    return {
      cards: cards.length,
      notes: notes.length,
      decks: decks.length,
      reviews,
      unverifiedReviews: unverified,
      problems: problems.list,
      repaired: repair && problems.list.some((p) => p.repaired > 0),
    };
  });
}

function miscount(have: DaySummary | undefined, want: DaySummary): string {
  if (!have) return `not counted (${want.reviews} answers in the histories)`;
  if (have.reviews !== want.reviews) return `${have.reviews} answers counted, ${want.reviews} in the histories`;
  return `${have.reviews} answers, counted by the wrong button, kind, time or hour`;
}

/** A study day as its date (the day numbers count days since 1970-01-01). */
function dayLabel(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
