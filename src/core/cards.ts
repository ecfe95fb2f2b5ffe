// The cards a note makes and how each looks. A card is identified by its note and an ordinal,
// as in Anki: basic 0, reversed 1, cloze cN is ord N-1.

import { clozeNumbers, renderClozeAnswer, renderClozeQuestion } from './cloze';
import type { Note } from './deck-types';

export interface RenderedCard {
  /** HTML from the note's fields, not yet sanitized (the renderer does that). */
  question: string;
  answer: string;
}

export function cardOrds(note: Note): number[] {
  switch (note.kind) {
    case 'basic':
      return [0];
    case 'basic-reversed':
      return [0, 1];
    case 'cloze':
      // Gaps are kept (c1, c3 -> [0, 2]) so a card keeps its id when other deletions change.
      return clozeNumbers(note.text).map((n) => n - 1);
  }
}

/** Note ids can't contain ":", so the card id splits back unambiguously at its last ":". */
export function cardId(noteId: string, ord: number): string {
  return `${noteId}:${ord}`;
}

/** Throws a RangeError for an ord the note doesn't make (see `cardOrds`). */
export function renderCard(note: Note, ord: number): RenderedCard {
  if (note.kind === 'cloze') {
    const n = ord + 1;
    const question = renderClozeQuestion(note.text, n);
    const answer = renderClozeAnswer(note.text, n);
    return { question, answer: note.extra === undefined ? answer : `${answer}<div class="extra">${note.extra}</div>` };
  }
  if (ord === 0) return { question: note.front, answer: note.back };
  if (ord === 1 && note.kind === 'basic-reversed') return { question: note.back, answer: note.front };
  throw new RangeError(`a ${note.kind} note has no card ${ord}`);
}
