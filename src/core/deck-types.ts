// The Retain deck format, version 1: what a deck file holds once parsed and validated.
// The format is documented in decks/README.md, with a JSON Schema in decks/deck.schema.json.

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

interface NoteBase {
  /** Stable guid: matches a note across versions of the deck (and across imports). */
  id: string;
  tags: string[];
  /** The source section the note comes from (one of `source.sections`). */
  section: string;
  /** Shown after the answer: why the fact matters. */
  context?: string;
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

export interface Deck {
  format: typeof DECK_FORMAT_VERSION;
  id: string;
  name: string;
  description: string;
  source: DeckSource;
  notes: Note[];
}
