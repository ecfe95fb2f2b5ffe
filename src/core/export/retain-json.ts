// Decks from the collection as Retain deck files (format 1, decks/README.md), with the cards' progress when asked:
// the file Retain imports back to restore a deck exactly. Notes of our own kinds stay `notes`; imported notes become
// `templatedNotes` with the note types they use. Whatever the collection holds, every deck produced passes
// `validateDeck`: what the format would refuse (a deck id with capitals, imported decks without sections, an empty
// description) is adjusted here, since a backup that cannot be imported back is worth nothing.
import { cardOrds } from '../cards';
import { DECK_ID_PATTERN, isFreeId, URL_PATTERN } from '../deck-format';
import {
  DECK_FORMAT_VERSION,
  type CardProgress,
  type Deck,
  type DeckNotetype,
  type DeckSource,
  type Note,
  type TemplatedNote,
} from '../deck-types';
import { contentHash } from '../hash';
import { entryAt, entryRow, historyLength } from '../history';
import { noteFromRecord, Queue, type CardRecord, type DeckRecord, type NoteRecord, type NotetypeRecord } from '../model';
import { State } from '../scheduler';

export interface ExportInput {
  decks: DeckRecord[];
  notes: NoteRecord[];
  cards: CardRecord[];
  notetypes: NotetypeRecord[];
}

export interface ExportOptions {
  /** Include each card's state and review history (a backup), or only the content (a deck to share). */
  progress: boolean;
}

/** The section given to notes of our own kinds that have none (they came from a file without sections). */
export const UNSECTIONED = 'Other';
/** The description of a deck that has none: the format requires one. */
export const NO_DESCRIPTION = 'Exported from Retain.';

const HAS_TEXT = /\S/;

/**
 * One deck file per deck record, in the order given, each with its notes in deck order; retired notes are left out,
 * and so are decks left without notes (such as an Anki parent deck), which the format cannot hold.
 * Throws an Error if a note's note type is missing from `input.notetypes`: the records are inconsistent.
 */
export function exportDeckFile(input: ExportInput, options: ExportOptions): Deck[] {
  const notesByDeck = groupBy(
    input.notes.filter((n) => !n.retired),
    (n) => n.deckId,
  );
  const cardsByNote = options.progress ? groupBy(input.cards, (c) => c.noteId) : new Map<string, CardRecord[]>();
  const notetypeById = new Map(input.notetypes.map((t) => [t.id, t]));
  const deckIds = exportDeckIds(input.decks);

  const decks: Deck[] = [];
  for (const record of input.decks) {
    const notes = (notesByDeck.get(record.id) ?? []).sort((a, b) => a.position - b.position || compare(a.id, b.id));
    if (notes.length === 0) continue;
    const own = notes.filter((n) => n.kind !== 'anki');
    const templated = notes.filter((n) => n.kind === 'anki');
    const { source, sectionOf } = exportSource(record, own);

    const deck: Deck = {
      format: DECK_FORMAT_VERSION,
      id: deckIds.get(record.id) ?? record.id,
      name: HAS_TEXT.test(record.name) ? record.name : 'Deck',
      description: HAS_TEXT.test(record.description) ? record.description : NO_DESCRIPTION,
      source,
      notes: own.map((n) => exportNote(n, sectionOf(n), cardsByNote.get(n.id) ?? [])),
    };
    if (templated.length > 0) {
      const used = new Map<string, DeckNotetype>();
      deck.templatedNotes = templated.map((n) => {
        const notetype = notetypeById.get(n.notetypeId ?? '');
        if (notetype === undefined) {
          throw new Error(`Note ${n.id} uses note type ${n.notetypeId ?? '(none)'}, which is not among the note types to export.`);
        }
        if (!used.has(notetype.id)) used.set(notetype.id, exportNotetype(notetype));
        return exportTemplatedNote(n, notetype, cardsByNote.get(n.id) ?? []);
      });
      deck.notetypes = [...used.values()];
    }
    decks.push(deck);
  }
  return decks;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

// Code unit order, not locale order: the same records always give the same file.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Deck file ids for the deck records. Ours (`imp-<hex>`, bundled ids) already fit DECK_ID_PATTERN and are kept, so
 * a re-import matches them; any other is made to fit, without taking an id another deck keeps.
 */
function exportDeckIds(decks: readonly DeckRecord[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set(decks.map((d) => d.id).filter((id) => DECK_ID_PATTERN.test(id)));
  for (const { id } of decks) {
    if (DECK_ID_PATTERN.test(id)) {
      ids.set(id, id);
      continue;
    }
    const slug = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    const base = slug === '' ? `deck-${contentHash(id)}` : slug;
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
    taken.add(candidate);
    ids.set(id, candidate);
  }
  return ids;
}

/**
 * The deck's source, with the sections its notes name. Imported decks have no sections, and a note of our own kinds
 * in one may have none either: it gets UNSECTIONED. A section a note names that the source lacks is added.
 */
function exportSource(
  record: DeckRecord,
  notes: readonly NoteRecord[],
): { source: DeckSource; sectionOf: (n: NoteRecord) => string } {
  const sections: string[] = [];
  const add = (section: string) => {
    if (!sections.includes(section)) sections.push(section);
  };
  record.source.sections.filter((s) => HAS_TEXT.test(s)).forEach(add);
  const sectionOf = (n: NoteRecord) => (HAS_TEXT.test(n.section) ? n.section : UNSECTIONED);
  notes.forEach((n) => add(sectionOf(n)));

  const { title, author, publication, url } = record.source;
  const source: DeckSource = { title: HAS_TEXT.test(title) ? title : HAS_TEXT.test(record.name) ? record.name : 'Deck', sections };
  if (author !== undefined && HAS_TEXT.test(author)) source.author = author;
  if (publication !== undefined && HAS_TEXT.test(publication)) source.publication = publication;
  if (url !== undefined && URL_PATTERN.test(url)) source.url = url;
  return { source, sectionOf };
}

/** Tags as the format has them: no spaces, none empty, none twice. */
function exportTags(tags: readonly string[]): string[] {
  return [...new Set(tags.flatMap((t) => t.split(/\s+/)).filter((t) => t !== ''))];
}

function exportNote(record: NoteRecord, section: string, cards: readonly CardRecord[]): Note {
  const note: Note = { ...noteFromRecord(record), tags: exportTags(record.tags), section };
  const ords = cardOrds(note);
  const progress = exportProgress(cards, (ord) => ords.includes(ord));
  if (progress.length > 0) note.progress = progress;
  return note;
}

function exportNotetype(t: NotetypeRecord): DeckNotetype {
  return {
    id: t.id,
    name: HAS_TEXT.test(t.name) ? t.name : 'Note type',
    kind: t.kind,
    fields: [...t.fields],
    templates: t.templates.map(({ name, front, back }) => ({ name, front, back })),
    css: t.css,
  };
}

/**
 * The note's id, unless the format cannot carry it (a guid column of a CSV file can hold anything): then an id
 * derived from it, so the same note always gets the same one.
 */
function templatedNoteId(id: string): string {
  return isFreeId(id) ? id : `note-${contentHash(id)}`;
}

function exportTemplatedNote(record: NoteRecord, notetype: NotetypeRecord, cards: readonly CardRecord[]): TemplatedNote {
  const note: TemplatedNote = {
    id: templatedNoteId(record.id),
    notetype: notetype.id,
    // Exactly the note type's fields, in its order: a field the note lacks is empty, as Anki shows it.
    fields: Object.fromEntries(notetype.fields.map((name) => [name, record.fields[name] ?? ''])),
    tags: exportTags(record.tags),
  };
  const templates = notetype.templates.length;
  const progress = exportProgress(cards, (ord) => notetype.kind === 'cloze' || ord < templates);
  if (progress.length > 0) note.progress = progress;
  return note;
}

/**
 * The progress of the cards that have any: not new, suspended, or with a history. Retired cards (a cloze number or template that no
 * longer exists) and cards the note no longer makes are left out: the format has no place for them.
 */
function exportProgress(cards: readonly CardRecord[], noteHas: (ord: number) => boolean): CardProgress[] {
  return cards
    .filter((c) => c.queue !== Queue.Retired && noteHas(c.ord))
    // A new card has progress if it is suspended, or was studied and then reset to new (its history is kept).
    .filter((c) => c.sched.state !== State.New || c.queue === Queue.Suspended || historyLength(c.history) > 0)
    .sort((a, b) => a.ord - b.ord)
    .map(cardProgress);
}

function cardProgress(card: CardRecord): CardProgress {
  const s = card.sched;
  const reviews: (number | null)[][] = [];
  for (let i = 0; i < historyLength(card.history); i++) reviews.push(entryRow(entryAt(card.history, i)));
  const progress: CardProgress = {
    ord: card.ord,
    state: {
      due: s.due,
      stability: s.stability,
      difficulty: s.difficulty,
      elapsedDays: s.elapsedDays,
      scheduledDays: s.scheduledDays,
      learningSteps: s.learningSteps,
      reps: s.reps,
      lapses: s.lapses,
      state: s.state as CardProgress['state']['state'],
      lastReview: s.lastReview,
    },
    reviews,
  };
  if (card.queue === Queue.Suspended) progress.suspended = true;
  return progress;
}

