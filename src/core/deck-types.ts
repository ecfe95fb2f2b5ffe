// The Retain deck format, version 1: what a deck file holds once parsed and validated.
// The format is documented in decks/README.md, with a JSON Schema in decks/deck.schema.json.
import type { SchedState } from './scheduler';

export const DECK_FORMAT_VERSION = 1;

export type NoteKind = 'basic' | 'basic-reversed' | 'cloze';

export interface DeckSource {
  title: string;
  author?: string;
  publication?: string;
  url?: string;
  /** Section names in article order; every note's `section` must be one of them. */
  sections: string[];
}

/**
 * A card's progress, as an exported deck carries it: enough to restore the card exactly. `state` is its FSRS state
 * (times in epoch ms; state 0 new, 1 learning, 2 review, 3 relearning); `reviews` are its answers, oldest first, each
 * a row in the order of HISTORY_FIELDS (src/core/history.ts): time, rating 1-4, answer ms, elapsed days, then the
 * state before the answer (state, due, last review or null, stability, difficulty, elapsed days, scheduled days,
 * learning steps).
 */
export interface CardProgress {
  ord: number;
  suspended?: boolean;
  state: SchedState;
  reviews: (number | null)[][];
}

interface NoteBase {
  /** Stable guid: matches a note across versions of the deck (and across imports). */
  id: string;
  tags: string[];
  /** The source section the note comes from (one of `source.sections`). */
  section: string;
  /** Shown after the answer: why the fact matters. */
  context?: string;
  /** Exported decks only: the progress of the note's cards that have any. */
  progress?: CardProgress[];
}

export interface BasicNote extends NoteBase {
  kind: 'basic' | 'basic-reversed';
  front: string;
  back: string;
}

export interface ClozeNote extends NoteBase {
  kind: 'cloze';
  /** Text with Anki cloze deletions: `{{c1::answer}}` or `{{c1::answer::hint}}`. */
  text: string;
  /** Optional extra shown with the answer, like Anki's "Back Extra". */
  extra?: string;
}

export type Note = BasicNote | ClozeNote;

/** A note type of an exported deck (imported from Anki, or a CSV's Basic): its cards come from its templates. */
export interface DeckNotetype {
  id: string;
  name: string;
  kind: 'standard' | 'cloze';
  fields: string[];
  templates: { name: string; front: string; back: string }[];
  css: string;
}

/** A note of an exported deck whose cards come from a note type (`notetypes`), with its fields by name. */
export interface TemplatedNote {
  id: string;
  notetype: string;
  fields: Record<string, string>;
  tags: string[];
  progress?: CardProgress[];
}

export interface Deck {
  format: typeof DECK_FORMAT_VERSION;
  id: string;
  name: string;
  description: string;
  source: DeckSource;
  notes: Note[];
  /** Exported decks only: note types, and the notes made from them. */
  notetypes?: DeckNotetype[];
  templatedNotes?: TemplatedNote[];
}
