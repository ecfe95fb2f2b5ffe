import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cardId, cardOrds } from '../../../../src/core/cards';
import { formatProblem, parseDeckText, validateDeckSet } from '../../../../src/core/deck-format';
import type { CardProgress, Deck } from '../../../../src/core/deck-types';
import { exportDeckFile, NO_DESCRIPTION, UNSECTIONED, type ExportInput } from '../../../../src/core/export/retain-json';
import { emptyHistory, HISTORY_FIELDS } from '../../../../src/core/history';
import {
  answeredCard,
  noteRecordOf,
  Queue,
  type CardRecord,
  type DeckRecord,
  type NoteRecord,
  type NotetypeRecord,
} from '../../../../src/core/model';
import { newSchedState, Rating, Scheduler, type Grade } from '../../../../src/core/scheduler';
import { resetToNew, withDueDate } from '../../../../src/core/card-actions';
import { DEFAULT_SETTINGS } from '../../../../src/core/settings';

const DECKS_DIR = fileURLToPath(new URL('../../../../decks/', import.meta.url));
const T0 = Date.UTC(2024, 4, 7, 9);
const DAY = 86_400_000;
const scheduler = new Scheduler(DEFAULT_SETTINGS);

function deckRecord(id: string, extra: Partial<DeckRecord> = {}): DeckRecord {
  return {
    id,
    name: `Deck ${id}`,
    description: 'A deck for the tests.',
    source: { title: 'On Samples', sections: ['Intro', 'Methods'] },
    position: 0,
    bundled: false,
    contentHash: '',
    ...extra,
  };
}

function noteRecord(id: string, deckId: string, kind: NoteRecord['kind'], fields: Record<string, string>, position: number, extra: Partial<NoteRecord> = {}): NoteRecord {
  return { id, deckId, kind, fields, tags: [], section: kind === 'anki' ? '' : 'Intro', position, retired: false, ...extra };
}

function newCard(note: NoteRecord, ord: number): CardRecord {
  const position = note.position * 1000 + ord;
  return {
    id: cardId(note.id, ord),
    noteId: note.id,
    deckId: note.deckId,
    ord,
    position,
    queue: Queue.New,
    due: position,
    sched: newSchedState(T0),
    history: emptyHistory(),
  };
}

/** The card after answering it with these ratings, one a day from `start`. */
function answered(card: CardRecord, ratings: Grade[], start = T0): CardRecord {
  return ratings.reduce((c, rating, i) => answeredCard(c, scheduler.answer(c.id, c.sched, rating, start + i * DAY, 2500 + i)), card);
}

/** The history rows straight from the stored Float64Array, with NaN (no previous review) as null. */
function storedRows(card: CardRecord): (number | null)[][] {
  const stride = HISTORY_FIELDS.length;
  const rows: (number | null)[][] = [];
  for (let at = 0; at < card.history.length; at += stride) {
    rows.push(Array.from(card.history.subarray(at, at + stride), (x) => (Number.isNaN(x) ? null : x)));
  }
  return rows;
}

function progressOf(card: CardRecord, suspended = false): CardProgress {
  return { ord: card.ord, ...(suspended ? { suspended } : {}), state: { ...card.sched, state: card.sched.state as 0 | 1 | 2 | 3 }, reviews: storedRows(card) };
}

/** What an import reads: the deck written as JSON text, parsed and validated. */
function reparse(deck: Deck): Deck {
  const result = parseDeckText(JSON.stringify(deck, null, 2), 'export.json');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.deck;
}

describe('exportDeckFile: a deck of our own notes', () => {
  const deck = deckRecord('sample-deck', { bundled: true });
  const basic = noteRecord('n1', deck.id, 'basic', { front: 'What is a sample?', back: 'A part of a whole.' }, 2, { tags: ['stats'], context: 'Why.' });
  const reversed = noteRecord('n2', deck.id, 'basic-reversed', { front: 'mean', back: 'average' }, 0, { section: 'Methods' });
  const cloze = noteRecord('n3', deck.id, 'cloze', { text: '{{c1::median}} is the {{c2::middle}}', extra: 'Robust.' }, 1);
  const gone = noteRecord('n4', deck.id, 'basic', { front: 'old', back: 'note' }, 3, { retired: true });
  const basicCard = answered(newCard(basic, 0), [Rating.Good, Rating.Good, Rating.Again]);
  const reversedBack = { ...answered(newCard(reversed, 1), [Rating.Again, Rating.Good]), queue: Queue.Suspended };
  const clozeFirst = { ...newCard(cloze, 0), queue: Queue.Suspended };
  // A cloze number since removed from the note: its card is retired, with its history.
  const clozeRemoved = { ...answered(newCard(cloze, 2), [Rating.Good]), queue: Queue.Retired };
  const input: ExportInput = {
    decks: [deck],
    notes: [basic, reversed, cloze, gone],
    cards: [
      basicCard, newCard(reversed, 0), reversedBack, clozeFirst, newCard(cloze, 1), clozeRemoved,
      answered(newCard(gone, 0), [Rating.Good]),
    ],
    notetypes: [],
  };

  it('writes a file that validates, with the notes in deck order and the retired one left out', () => {
    const [exported, ...more] = exportDeckFile(input, { progress: true });
    expect(more).toEqual([]);
    const parsed = reparse(exported!);
    expect(parsed).toMatchObject({ id: 'sample-deck', name: deck.name, description: deck.description, source: deck.source });
    expect(parsed.notes.map((n) => n.id)).toEqual(['n2', 'n3', 'n1']);
    expect(parsed.notes[2]).toMatchObject({ kind: 'basic', front: 'What is a sample?', back: 'A part of a whole.', tags: ['stats'], section: 'Intro', context: 'Why.' });
    expect(parsed.notes[1]).toMatchObject({ kind: 'cloze', text: cloze.fields.text, extra: 'Robust.' });
    expect(parsed.templatedNotes).toBeUndefined();
  });

  it("carries each studied or suspended card's state and its history row for row, NaN as null", () => {
    const parsed = reparse(exportDeckFile(input, { progress: true })[0]!);
    const progress = Object.fromEntries(parsed.notes.map((n) => [n.id, n.progress]));
    expect(progress).toEqual({
      n2: [progressOf(reversedBack, true)], // its front card is new: nothing to carry
      n3: [progressOf(clozeFirst, true)], // new but suspended; the retired c3 card has no place in the file
      n1: [progressOf(basicCard)],
    });
    expect(progress.n1![0]!.reviews).toHaveLength(3);
    // The first answer of a new card had no review before it.
    expect(progress.n1![0]!.reviews[0]![HISTORY_FIELDS.indexOf('lastReview')]).toBeNull();
    expect(progress.n1![0]!.reviews[1]![HISTORY_FIELDS.indexOf('lastReview')]).toBe(T0);
  });

  it('carries a card reset to new and one given a due date, with their manual rows', () => {
    const reset = resetToNew(answered(newCard(reversed, 0), [Rating.Good, Rating.Good]), T0 + 5 * DAY, false);
    const moved = withDueDate(answered(newCard(cloze, 1), [Rating.Good]), 9, true, T0 + 5 * DAY, 4, 5);
    const cards = input.cards.map((c) => (c.id === reset.id ? reset : c.id === moved.id ? moved : c));
    const parsed = reparse(exportDeckFile({ ...input, cards }, { progress: true })[0]!);
    const progress = Object.fromEntries(parsed.notes.map((n) => [n.id, n.progress]));
    expect(progress.n2).toEqual([progressOf(reset), progressOf(reversedBack, true)]);
    expect(progress.n3).toEqual([progressOf(clozeFirst, true), progressOf(moved)]);
    expect(progress.n2![0]!.reviews.map((r) => r[1])).toEqual([3, 3, -1]);
    expect(progress.n3![1]!.reviews.map((r) => r[1])).toEqual([3, 0]);
  });

  it('leaves progress out when not asked for it', () => {
    const [exported] = exportDeckFile(input, { progress: false });
    expect(JSON.stringify(exported)).not.toContain('progress');
    expect(reparse(exported!).notes).toHaveLength(3);
  });
});

describe('exportDeckFile: imported notes', () => {
  const deck = deckRecord('imp-0a1b2c3d', { name: 'Spanish', description: '', source: { title: 'Spanish.apkg', sections: [] } });
  const vocab: NotetypeRecord = {
    id: 'nt-1700000000001',
    name: 'Vocab',
    kind: 'standard',
    fields: ['Front', 'Back', 'Notes'],
    templates: [
      { name: 'Card 1', front: '{{Front}}', back: '{{Back}}' },
      { name: 'Card 2', front: '{{Back}}', back: '{{Front}}' },
    ],
    css: '.card { color: black; }',
  };
  const clozeType: NotetypeRecord = {
    id: 'nt-1700000000002',
    name: 'Cloze',
    kind: 'cloze',
    fields: ['Text', 'Back Extra'],
    templates: [{ name: 'Cloze', front: '{{cloze:Text}}', back: '{{cloze:Text}}{{Back Extra}}' }],
    css: '',
  };
  const unused: NotetypeRecord = { ...vocab, id: 'nt-unused', name: 'Unused' };
  // An Anki guid, kept as it is; the note lacks the Notes field its note type gained later.
  const word = noteRecord('f+/Lk#2=!', deck.id, 'anki', { Front: 'gato', Back: 'cat' }, 0, {
    notetypeId: vocab.id,
    tags: ['animals', 'animals', 'level 1'],
  });
  const sentence = noteRecord('Xy%&z', deck.id, 'anki', { Text: 'El {{c5::gato}} duerme.', 'Back Extra': '' }, 1, { notetypeId: clozeType.id });
  const wordFront = answered(newCard(word, 0), [Rating.Good, Rating.Hard]);
  const sentenceCard = answered(newCard(sentence, 4), [Rating.Easy]);
  // A card of a template the note type no longer has.
  const stale = answered(newCard(word, 2), [Rating.Good]);
  const input: ExportInput = {
    decks: [deck],
    notes: [sentence, word],
    cards: [wordFront, newCard(word, 1), stale, sentenceCard],
    notetypes: [unused, clozeType, vocab],
  };

  it('become templated notes with the note types they use, in a deck without sections that validates', () => {
    const parsed = reparse(exportDeckFile(input, { progress: true })[0]!);
    expect(parsed.id).toBe('imp-0a1b2c3d');
    expect(parsed.description).toBe(NO_DESCRIPTION);
    expect(parsed.source).toEqual({ title: 'Spanish.apkg', sections: [] });
    expect(parsed.notes).toEqual([]);
    expect(parsed.notetypes).toEqual([vocab, clozeType]);
    expect(parsed.templatedNotes).toEqual([
      {
        id: 'f+/Lk#2=!',
        notetype: vocab.id,
        fields: { Front: 'gato', Back: 'cat', Notes: '' },
        tags: ['animals', 'level', '1'],
        progress: [progressOf(wordFront)],
      },
      { id: 'Xy%&z', notetype: clozeType.id, fields: sentence.fields, tags: [], progress: [progressOf(sentenceCard)] },
    ]);
  });

  it('throws when a note type is missing from the records', () => {
    expect(() => exportDeckFile({ ...input, notetypes: [vocab] }, { progress: false })).toThrow(
      /Note Xy%&z uses note type nt-1700000000002/,
    );
  });
});

describe('exportDeckFile: what the format refuses is adjusted', () => {
  it('gives a deck id that fits, sections to notes without one, and leaves out decks with no notes', () => {
    const decks = [
      deckRecord('my-deck', { position: 0 }),
      deckRecord('My Deck', { position: 1, source: { title: ' ', sections: [], url: 'not a url' } }),
      deckRecord('Parent', { position: 2 }),
    ];
    const notes = [
      noteRecord('a1', 'my-deck', 'basic', { front: 'q', back: 'a' }, 0),
      noteRecord('b1', 'My Deck', 'basic', { front: 'q2', back: 'a2' }, 0, { section: '' }),
      noteRecord('b2', 'My Deck', 'basic', { front: 'q3', back: 'a3' }, 1, { section: 'Later' }),
      noteRecord('p1', 'Parent', 'basic', { front: 'q4', back: 'a4' }, 0, { retired: true }),
    ];
    const exported = exportDeckFile({ decks, notes, cards: [], notetypes: [] }, { progress: true }).map(reparse);
    expect(exported.map((d) => d.id)).toEqual(['my-deck', 'my-deck-2']);
    const second = exported[1]!;
    expect(second.source).toEqual({ title: 'Deck My Deck', sections: [UNSECTIONED, 'Later'] });
    expect(second.notes.map((n) => n.section)).toEqual([UNSECTIONED, 'Later']);
    expect(validateDeckSet(exported.map((deck, i) => ({ deck, file: `export-${i}.json` })))).toEqual([]);
  });
});

describe('exportDeckFile: the bundled decks', () => {
  const files = readdirSync(DECKS_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort();
  const decks = files.map((f) => {
    const result = parseDeckText(readFileSync(join(DECKS_DIR, f), 'utf8'), `decks/${f}`);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    return result.deck;
  });

  /** Records as the app stores a bundled deck (src/renderer/src/storage/bundled-decks.ts). */
  function records(): ExportInput {
    const input: ExportInput = { decks: [], notes: [], cards: [], notetypes: [] };
    decks.forEach((deck, position) => {
      input.decks.push({ id: deck.id, name: deck.name, description: deck.description, source: deck.source, position, bundled: true, contentHash: 'x' });
      deck.notes.forEach((note, index) => {
        const record = noteRecordOf(deck.id, note, index);
        input.notes.push(record);
        for (const ord of cardOrds(note)) input.cards.push(newCard(record, ord));
      });
    });
    return input;
  }

  it(`export back to the very decks they were loaded from (${files.length} files)`, () => {
    expect(decks.length).toBeGreaterThan(0);
    expect(exportDeckFile(records(), { progress: false }).map(reparse)).toEqual(decks);
  });

  it('validate with progress on the first card of every note, each file and all of them together', () => {
    const input = records();
    const firstCards = new Set(decks.flatMap((d) => d.notes.map((n) => cardId(n.id, cardOrds(n)[0]!))));
    input.cards = input.cards.map((c) => (firstCards.has(c.id) ? answered(c, [Rating.Good]) : c));
    const exported = exportDeckFile(input, { progress: true }).map(reparse);
    expect(exported.map((d) => d.id)).toEqual(decks.map((d) => d.id));
    for (const deck of exported) {
      for (const note of deck.notes) expect(note.progress?.map((p) => p.ord), note.id).toEqual([cardOrds(note)[0]]);
    }
    expect(validateDeckSet(exported.map((deck, i) => ({ deck, file: files[i]! }))).map(formatProblem)).toEqual([]);
  });
});
