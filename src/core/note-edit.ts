// Editing a note (the Edit screen) and writing a new one (the Add screen): the fields checked as a deck file's note
// is (deck-format.ts validateNote), and the cards the note then makes. An edit keeps every card's progress: cards
// whose ord the note still makes are kept as they are (moved with the note to its deck); a cloze deletion taken out
// retires its card (history kept, never shown, back if the deletion comes back); a new one adds a new card.
import { cardId, cardOrds } from './cards';
import { validateNote } from './deck-format';
import type { Note, NoteKind } from './deck-types';
import { emptyHistory } from './history';
import { noteFieldsOf, noteFromRecord, Queue, queueForState, type CardRecord, type NoteRecord, type NotetypeRecord } from './model';
import { newSchedState } from './scheduler';

/** Card positions within a deck: a note's cards are its position times this, plus their ord (as deck files give). */
export const POSITION_STRIDE = 1000;

/** What the form holds: the fields by name, the tags, the deck. */
export interface NoteDraft {
  fields: Record<string, string>;
  tags: string[];
  deckId: string;
}

/** A problem with a draft, on one of its fields (by name), its tags, or the note as a whole (`field: null`). */
export interface DraftProblem {
  field: string | null;
  message: string;
}

export type DraftResult = { ok: true; note: NoteRecord } | { ok: false; problems: DraftProblem[] };

/** Tags as typed: separated by spaces or commas, duplicates dropped (in a tag list a tag holds no space). */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((t) => t !== ''))];
}

const FIELD_OF_PATH: Record<string, string | null> = { 'note.front': 'front', 'note.back': 'back', 'note.text': 'text', 'note.extra': 'extra' };

/**
 * The note a draft makes, checked. Deck notes (basic, reversed, cloze) as a deck file's are; an imported note (its
 * note type's fields) needs some text in its first field, as Anki does.
 */
export function checkDraft(
  base: Pick<NoteRecord, 'id' | 'kind' | 'section' | 'context' | 'position' | 'notetypeId'>,
  draft: NoteDraft,
  notetype?: NotetypeRecord,
): DraftResult {
  const tags = draft.tags;
  const badTag = tags.find((t) => /\s/.test(t) || t === '');
  if (badTag !== undefined) return { ok: false, problems: [{ field: 'tags', message: `the tag "${badTag}" has a space in it` }] };
  if (base.kind === 'anki') {
    const names = notetype?.fields ?? Object.keys(draft.fields);
    if (!/\S/.test(draft.fields[names[0] ?? ''] ?? '')) return { ok: false, problems: [{ field: names[0] ?? null, message: 'must not be empty' }] };
    const fields = Object.fromEntries(names.map((n) => [n, draft.fields[n] ?? '']));
    return { ok: true, note: { ...recordBase(base, draft), kind: 'anki', fields, tags } };
  }
  // Checked as a deck file's note; the id and section are the note's own business (an imported note's id may be one a
  // deck file would not take), so stand-ins go in their place.
  const common = { id: 'note', tags, section: 'note' };
  const value = base.kind === 'cloze'
    ? { ...common, kind: base.kind, text: draft.fields.text ?? '', ...(/\S/.test(draft.fields.extra ?? '') ? { extra: draft.fields.extra } : {}) }
    : { ...common, kind: base.kind, front: draft.fields.front ?? '', back: draft.fields.back ?? '' };
  const checked = validateNote(value, 'note');
  if (!checked.ok) {
    return { ok: false, problems: checked.problems.map((p) => ({ field: FIELD_OF_PATH[p.path] ?? (p.path.startsWith('note.tags') ? 'tags' : null), message: p.message })) };
  }
  return { ok: true, note: { ...recordBase(base, draft), kind: base.kind, fields: noteFieldsOf(checked.note), tags } };
}

function recordBase(base: Pick<NoteRecord, 'id' | 'section' | 'context' | 'position' | 'notetypeId'>, draft: NoteDraft) {
  return {
    id: base.id,
    deckId: draft.deckId,
    ...(base.notetypeId === undefined ? {} : { notetypeId: base.notetypeId }),
    section: base.section,
    ...(base.context === undefined ? {} : { context: base.context }),
    position: base.position,
    retired: false,
  };
}

/** The ords of the cards a (checked) note makes; an imported note keeps the cards it has. */
export function ordsOf(note: NoteRecord, existing: readonly CardRecord[]): number[] {
  if (note.kind === 'anki') return existing.filter((c) => c.queue !== Queue.Retired).map((c) => c.ord);
  return cardOrds(noteFromRecord(note) as Note);
}

/**
 * The cards of `note` after it was written: existing cards keep their progress (and follow the note to its deck);
 * cards of ords it no longer makes are retired; new ords get new cards, due in deck order at the note's position.
 */
export function cardsAfterEdit(note: NoteRecord, existing: readonly CardRecord[], nowMs: number): CardRecord[] {
  const wanted = new Set(ordsOf(note, existing));
  const out: CardRecord[] = [];
  for (const card of existing) {
    if (wanted.has(card.ord)) {
      wanted.delete(card.ord);
      const back = card.queue === Queue.Retired;
      const queue = back ? queueForState(card.sched) : card.queue;
      const position = note.position * POSITION_STRIDE + card.ord;
      const moved = card.deckId !== note.deckId || back;
      out.push(moved ? { ...card, deckId: note.deckId, position, queue, due: queue === Queue.New ? position : card.due } : card);
    } else if (card.queue !== Queue.Retired) {
      const { buriedDay: _day, ...rest } = card;
      out.push({ ...rest, queue: Queue.Retired });
    } else out.push(card);
  }
  for (const ord of [...wanted].sort((a, b) => a - b)) {
    const position = note.position * POSITION_STRIDE + ord;
    out.push({
      id: cardId(note.id, ord), noteId: note.id, deckId: note.deckId, ord, position, queue: Queue.New, due: position,
      sched: newSchedState(nowMs), history: emptyHistory(),
    });
  }
  return out;
}

/** The ids of notes written on the Add screen start with this; the bundled decks' ids never do (decks/README.md). */
export const USER_NOTE_PREFIX = 'u-';

/** A new note's id: USER_NOTE_PREFIX and a random part (letters and digits, as a deck file's ids may be). */
export function newNoteId(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)];
  return `${USER_NOTE_PREFIX}${s}`;
}

/** The fields a note of each kind has, in form order, with their labels. */
export const KIND_FIELDS: Record<NoteKind, { name: string; label: string; optional?: boolean }[]> = {
  basic: [{ name: 'front', label: 'Front' }, { name: 'back', label: 'Back' }],
  'basic-reversed': [{ name: 'front', label: 'Front' }, { name: 'back', label: 'Back' }],
  cloze: [{ name: 'text', label: 'Text' }, { name: 'extra', label: 'Extra', optional: true }],
};
