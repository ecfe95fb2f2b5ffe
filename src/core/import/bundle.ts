// What every importer produces, whatever the file: note types, decks, notes, cards with their review history, and
// media. Parsers (CSV/TSV, Retain JSON, Anki packages) build an ImportBundle in a worker; storage turns it into
// records and writes them in one transaction. Plain data only: it crosses from the worker by structured clone.
import type { ReviewEntry, SchedState } from '../scheduler';

/** A problem found in a file: which file, where in it, and what is wrong, for a message the user can act on. */
export interface ImportProblem {
  file: string;
  /** Where in the file: `line 12`, `collection.anki21b: notes id 1234`, `media entry 3`... */
  where: string;
  message: string;
}

/** Raised by a parser for a file it cannot import at all; nothing is written. */
export class ImportError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(`${problem.file}: ${problem.where ? `${problem.where}: ` : ''}${problem.message}`);
    this.name = 'ImportError';
  }
}

export interface ImportedTemplate {
  name: string;
  /** Anki template syntax: `{{Field}}`, `{{#Field}}...{{/Field}}`, `{{FrontSide}}`, `{{cloze:Text}}`... */
  front: string;
  back: string;
}

export interface ImportedNotetype {
  /** Stable within the file (Anki: the note type's id as a string). */
  id: string;
  name: string;
  /** Cloze note types give one card per cloze number; standard ones one card per template. */
  kind: 'standard' | 'cloze';
  /** Field names in order: a note's `fields` follow this order. */
  fields: string[];
  templates: ImportedTemplate[];
  css: string;
}

export interface ImportedDeck {
  /** Stable within the file (Anki: the deck's id as a string). */
  id: string;
  /** Full name, levels separated by `::` (Anki's `Parent::Child`). */
  name: string;
  description?: string;
}

export interface ImportedNote {
  /** Matches the note across imports (Anki's `guid`; our note id). */
  guid: string;
  notetypeId: string;
  /** Field contents (HTML, not yet sanitized) in the note type's field order. */
  fields: string[];
  tags: string[];
}

/** Anki's review kinds (revlog `type`): learning, review, relearning, filtered (cram), manual (rescheduled). */
export type ImportedReviewKind = 'learn' | 'review' | 'relearn' | 'filtered' | 'manual';

export interface ImportedReview {
  /** When the answer was given, epoch ms. */
  t: number;
  /** 1 Again, 2 Hard, 3 Good, 4 Easy; 0 for entries that are not answers (manual rescheduling). */
  rating: 0 | 1 | 2 | 3 | 4;
  /** Time taken to answer, ms. */
  ms: number;
  kind: ImportedReviewKind;
}

export interface ImportedCard {
  noteGuid: string;
  /** Template index (standard) or cloze number - 1 (cloze). */
  ord: number;
  deckId: string;
  suspended: boolean;
  /** Answers in time order. Empty: the card starts as new. */
  reviews: ImportedReview[];
  /** Anki's new-card order (its `due` for new cards), to keep the deck's order of introduction. */
  newPosition?: number;
  /**
   * The card's exact state and history (a Retain export carries them): used as they are instead of replaying
   * `reviews`, so a card comes back exactly as it left, whatever the settings.
   */
  progress?: { sched: SchedState; history: ReviewEntry[] };
}

export interface ImportedMedia {
  /** File name as cards refer to it (`<img src="name">`, `[sound:name]`), already checked: no path, no `..`. */
  name: string;
  data: Uint8Array;
}

export interface ImportBundle {
  /** The file's name, for messages and the summary. */
  file: string;
  format: 'retain-json' | 'csv' | 'apkg' | 'colpkg';
  notetypes: ImportedNotetype[];
  decks: ImportedDeck[];
  notes: ImportedNote[];
  cards: ImportedCard[];
  media: ImportedMedia[];
  /** Things skipped or changed on the way in (a note with an unknown note type, a media file with a bad name...). */
  skipped: ImportProblem[];
}
