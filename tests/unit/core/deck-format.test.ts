import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import {
  formatProblem,
  parseDeckText,
  validateDeck,
  validateDeckSet,
  type DeckParseResult,
} from '../../../src/core/deck-format';
import type { Deck } from '../../../src/core/deck-types';

const FILE = 'decks/test.json';
const DECKS_DIR = fileURLToPath(new URL('../../../decks/', import.meta.url));

// Test fixtures are edited freely to break them, so they are plain JSON values, not typed decks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function sample(): Json {
  return {
    format: 1,
    id: 'sample-deck',
    name: 'Sample',
    description: 'A small deck used by the tests.',
    source: {
      title: 'On Samples',
      author: 'A. Author',
      url: 'https://example.org/samples',
      sections: ['Introduction', 'Methods'],
    },
    notes: [
      {
        id: 'n1',
        kind: 'basic',
        front: 'What is a <b>sample</b>?',
        back: 'A part taken from a whole.',
        tags: ['stats'],
        section: 'Introduction',
        context: 'Everything else builds on it.',
      },
      { id: 'n2', kind: 'basic-reversed', front: 'mean', back: 'average', section: 'Methods' },
      {
        id: 'n3',
        kind: 'cloze',
        text: 'The {{c1::median}} is the {{c2::middle::position}} value.',
        extra: 'Robust to outliers.',
        tags: [],
        section: 'Methods',
      },
    ],
  };
}

function broken(edit: (deck: Json) => void): Json {
  const deck = sample();
  edit(deck);
  return deck;
}

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
/** A card answered once (Good) at T0, from new: now in review for 3 days. */
function reviewedState(): Json {
  return {
    due: T0 + 3 * DAY, stability: 3.17, difficulty: 5.28, elapsedDays: 0, scheduledDays: 3, learningSteps: 0, reps: 1,
    lapses: 0, state: 2, lastReview: T0,
  };
}
function newState(): Json {
  return {
    due: T0, stability: 0, difficulty: 0, elapsedDays: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0,
    state: 0, lastReview: null,
  };
}
/** The answer that made reviewedState(), as a history row: t, rating, ms, elapsed, then the new state before it. */
function reviewRow(t = T0): Json {
  return [t, 3, 4200, 0, 0, T0 - DAY, null, 0, 0, 0, 0, 0];
}

/** A reset to new: rating -1, the review state before it. */
function resetRow(t: number): Json {
  return [t, -1, 0, 0, 2, t - DAY, T0, 3.2, 5, 1, 3, 0];
}

/** An exported deck: progress on notes, note types, and notes made from them (Anki guids as ids). */
function exported(): Json {
  const deck = sample();
  deck.notes[1].progress = [
    { ord: 1, state: reviewedState(), reviews: [reviewRow()] },
    { ord: 0, suspended: true, state: newState(), reviews: [] },
  ];
  deck.notes[2].progress = [{ ord: 1, suspended: false, state: reviewedState(), reviews: [reviewRow()] }];
  deck.notetypes = [
    {
      id: '1700000000001',
      name: 'Basic (and reversed card)',
      kind: 'standard',
      fields: ['Front', 'Back'],
      templates: [
        { name: 'Card 1', front: '{{Front}}', back: '{{FrontSide}}<hr id=answer>{{Back}}' },
        { name: 'Card 2', front: '{{Back}}', back: '{{FrontSide}}<hr id=answer>{{Front}}' },
      ],
      css: '.card { font-size: 20px; }',
    },
    {
      id: 'nt-cloze',
      name: 'Cloze',
      kind: 'cloze',
      fields: ['Text', 'Back Extra'],
      templates: [{ name: 'Cloze', front: '{{cloze:Text}}', back: '{{cloze:Text}}<br>{{Back Extra}}' }],
      css: '',
    },
  ];
  deck.templatedNotes = [
    {
      id: 'f+/Lk#2=!%&',
      notetype: '1700000000001',
      fields: { Front: 'hola', Back: 'hello' },
      tags: ['spanish'],
      progress: [{ ord: 1, state: reviewedState(), reviews: [reviewRow(T0 - 2 * DAY), reviewRow(T0)] }],
    },
    // A cloze note's cards are its cloze numbers, whatever they are: c5 is ord 4.
    { id: 'c:loze', notetype: 'nt-cloze', fields: { Text: '{{c5::x}}', 'Back Extra': '' }, progress: [{ ord: 4, state: reviewedState(), reviews: [] }] },
  ];
  return deck;
}

function brokenExport(edit: (deck: Json) => void): Json {
  const deck = exported();
  edit(deck);
  return deck;
}

/** The problems as the user sees them, or [] if the deck is valid. */
function messages(result: DeckParseResult): string[] {
  return result.ok ? [] : result.problems.map(formatProblem);
}

interface BrokenCase {
  name: string;
  deck: Json;
  problems: string[];
  /** False where the rule is one JSON Schema can't express (checked by the validator only). */
  schemaRejects: boolean;
}

const BROKEN: BrokenCase[] = [
  {
    name: 'missing back',
    deck: broken((d) => delete d.notes[0].back),
    problems: ['decks/test.json: notes[0].back: required'],
    schemaRejects: true,
  },
  {
    name: 'wrong kind',
    deck: broken((d) => (d.notes[1].kind = 'reversed')),
    problems: ['decks/test.json: notes[1].kind: must be one of basic, basic-reversed, cloze'],
    schemaRejects: true,
  },
  {
    name: 'missing kind',
    deck: broken((d) => delete d.notes[1].kind),
    problems: ['decks/test.json: notes[1].kind: required'],
    schemaRejects: true,
  },
  {
    name: 'duplicate note id',
    deck: broken((d) => (d.notes[2].id = 'n1')),
    problems: ['decks/test.json: notes[2].id: duplicate id (first used at notes[0])'],
    schemaRejects: false,
  },
  {
    name: 'bad note id',
    deck: broken((d) => (d.notes[0].id = 'has space')),
    problems: ['decks/test.json: notes[0].id: must be 1 to 64 letters, digits, "_" or "-"'],
    schemaRejects: true,
  },
  {
    name: 'note id longer than 64',
    deck: broken((d) => (d.notes[0].id = 'x'.repeat(65))),
    problems: ['decks/test.json: notes[0].id: must be 1 to 64 letters, digits, "_" or "-"'],
    schemaRejects: true,
  },
  {
    name: 'unknown section',
    deck: broken((d) => (d.notes[1].section = 'Results')),
    problems: ['decks/test.json: notes[1].section: section "Results" is not one of source.sections'],
    schemaRejects: false,
  },
  {
    name: 'cloze without deletion',
    deck: broken((d) => (d.notes[2].text = 'No deletion {{here}}.')),
    problems: ['decks/test.json: notes[2].text: no cloze deletion such as {{c1::answer}}'],
    schemaRejects: true,
  },
  {
    name: 'unclosed cloze',
    deck: broken((d) => (d.notes[2].text = 'The {{c1::median is unclosed.')),
    problems: ['decks/test.json: notes[2].text: unclosed cloze deletion "{{c1::" at character 5'],
    schemaRejects: false,
  },
  {
    name: 'malformed cloze next to a good one',
    deck: broken((d) => (d.notes[2].text = '{{c1::a}} and {{c2:b}} and {{c0::z}}')),
    problems: [
      'decks/test.json: notes[2].text: malformed cloze deletion "{{c2" at character 15 (write {{c1::answer}})',
      'decks/test.json: notes[2].text: cloze number must be 1 or more in "{{c0::" at character 28',
    ],
    schemaRejects: false,
  },
  {
    name: 'wrong types',
    deck: broken((d) => {
      d.name = 5;
      d.source.sections = 'Introduction';
      d.notes[0].front = ['x'];
      d.notes[0].tags = 'stats';
      d.notes[2].extra = null;
    }),
    problems: [
      'decks/test.json: name: must be a string',
      'decks/test.json: source.sections: must be an array',
      'decks/test.json: notes[0].front: must be a string',
      'decks/test.json: notes[0].tags: must be an array',
      'decks/test.json: notes[2].extra: must be a string',
    ],
    schemaRejects: true,
  },
  {
    name: 'unknown properties, including a field of another kind',
    deck: broken((d) => {
      d.autor = 'me';
      d.source.year = 2020;
      d.notes[0].fornt = d.notes[0].front;
      delete d.notes[0].front;
      d.notes[1].text = 'x';
      d.notes[2].back = 'y';
    }),
    problems: [
      'decks/test.json: source.year: unknown property',
      'decks/test.json: notes[0].front: required',
      'decks/test.json: notes[0].fornt: unknown property',
      'decks/test.json: notes[1].text: not used by basic-reversed notes',
      'decks/test.json: notes[2].back: not used by cloze notes',
      'decks/test.json: autor: unknown property',
    ],
    schemaRejects: true,
  },
  {
    name: 'empty and blank values',
    deck: broken((d) => {
      d.description = '   ';
      d.source.sections = [];
      d.notes[0].tags = ['', 'two words'];
      d.notes[1].context = '';
    }),
    problems: [
      'decks/test.json: description: must not be empty',
      'decks/test.json: source.sections: must not be empty',
      'decks/test.json: notes[0].tags[0]: must not be empty',
      'decks/test.json: notes[0].tags[1]: must not contain spaces',
      'decks/test.json: notes[1].context: must not be empty',
    ],
    schemaRejects: true,
  },
  {
    name: 'no notes',
    deck: broken((d) => (d.notes = [])),
    problems: ['decks/test.json: notes: must not be empty'],
    schemaRejects: true,
  },
  {
    name: 'bad deck id, url, duplicate section and tag',
    deck: broken((d) => {
      d.id = 'Sample Deck';
      d.source.url = 'example.org';
      d.source.sections.push('Methods');
      d.notes[0].tags = ['a', 'a'];
    }),
    problems: [
      'decks/test.json: id: must be lowercase letters, digits and "-", not starting with "-"',
      'decks/test.json: source.url: must be an http:// or https:// URL',
      'decks/test.json: source.sections[2]: duplicate section "Methods" (first at source.sections[1])',
      'decks/test.json: notes[0].tags[1]: duplicate tag "a" (first at notes[0].tags[0])',
    ],
    schemaRejects: true,
  },
  {
    name: 'missing top-level fields',
    deck: { format: 1 },
    problems: [
      'decks/test.json: id: required',
      'decks/test.json: name: required',
      'decks/test.json: description: required',
      'decks/test.json: source: required',
      'decks/test.json: notes: required',
    ],
    schemaRejects: true,
  },
  {
    name: 'unsupported format (reported alone)',
    deck: broken((d) => {
      d.format = 2;
      d.notes = 'whatever format 2 holds';
    }),
    problems: ['decks/test.json: format: unsupported format 2 (this version reads format 1)'],
    schemaRejects: true,
  },
  {
    name: 'format that is not a number',
    deck: broken((d) => (d.format = '1')),
    problems: ['decks/test.json: format: must be a number'],
    schemaRejects: true,
  },
  {
    name: 'notes that are not objects',
    deck: broken((d) => d.notes.push('a note', null)),
    problems: ['decks/test.json: notes[3]: must be an object', 'decks/test.json: notes[4]: must be an object'],
    schemaRejects: true,
  },
  {
    name: 'progress for a card the note does not make, and an ord twice',
    deck: brokenExport((d) => {
      d.notes[0].progress = [{ ord: 1, state: reviewedState(), reviews: [] }];
      d.notes[2].progress[0].ord = 2; // c1 and c2 make ords 0 and 1
      d.notes[1].progress[1].ord = 1;
    }),
    problems: [
      'decks/test.json: notes[0].progress[0].ord: the note has no card 1 (its cards: 0)',
      'decks/test.json: notes[1].progress[1].ord: duplicate ord 1 (first at notes[1].progress[0])',
      'decks/test.json: notes[2].progress[0].ord: the note has no card 2 (its cards: 0, 1)',
    ],
    schemaRejects: false,
  },
  {
    name: 'a card state with wrong values',
    deck: brokenExport((d) => {
      const state = d.notes[1].progress[0].state;
      state.state = 4;
      state.reps = 1.5;
      state.due = '2024-05-07';
      delete state.lastReview;
      state.interval = 3;
      d.notes[1].progress[0].suspended = 'no';
      d.notes[1].progress[1].ord = -1;
    }),
    problems: [
      'decks/test.json: notes[1].progress[0].suspended: must be true or false',
      'decks/test.json: notes[1].progress[0].state.due: must be a finite number',
      'decks/test.json: notes[1].progress[0].state.reps: must be a non-negative integer',
      'decks/test.json: notes[1].progress[0].state.state: must be 0 (new), 1 (learning), 2 (review) or 3 (relearning)',
      'decks/test.json: notes[1].progress[0].state.lastReview: required',
      'decks/test.json: notes[1].progress[0].state.interval: unknown property',
      'decks/test.json: notes[1].progress[1].ord: must be a non-negative integer',
    ],
    schemaRejects: true,
  },
  {
    name: 'review rows of the wrong length or with wrong entries',
    deck: brokenExport((d) => {
      const reviews = d.notes[1].progress[0].reviews;
      reviews.push([T0 + DAY, 3, 1000], [T0 + 2 * DAY, 5, 1000, 1, 2, null, T0, 3, 5, 1, 3.5, 0]);
      delete d.notes[2].progress[0].reviews;
    }),
    problems: [
      'decks/test.json: notes[1].progress[0].reviews[1]: must be an array of 12 entries: t, rating, ms, elapsed, state, due, lastReview, stability, difficulty, elapsedDays, scheduledDays, learningSteps',
      'decks/test.json: notes[1].progress[0].reviews[2][1]: rating must be 1, 2, 3 or 4 (an answer), or 0, -1, -2 or -3 (a due date set, a reset to new, a reschedule)',
      'decks/test.json: notes[1].progress[0].reviews[2][5]: due must be a finite number',
      'decks/test.json: notes[1].progress[0].reviews[2][10]: scheduledDays must be a non-negative integer',
      'decks/test.json: notes[2].progress[0].reviews: required',
    ],
    schemaRejects: true,
  },
  {
    name: 'reviews out of time order',
    deck: brokenExport((d) => d.templatedNotes[0].progress[0].reviews.reverse()),
    problems: ['decks/test.json: templatedNotes[0].progress[0].reviews[1][0]: t is earlier than the review before it'],
    schemaRejects: false,
  },
  {
    name: 'a new card with reviews',
    deck: brokenExport((d) => (d.notes[1].progress[1].reviews = [reviewRow()])),
    problems: ['decks/test.json: notes[1].progress[1].state.state: a card with reviews cannot be new (0) unless its last review row is a reset (rating -1 or -2); it has 1'],
    schemaRejects: true,
  },
  {
    // The schema cannot say "last": it lets through a new card with a reset anywhere in its history.
    name: 'a new card answered after its reset',
    deck: brokenExport((d) => (d.notes[1].progress[1].reviews = [reviewRow(), resetRow(T0 + DAY), reviewRow(T0 + 2 * DAY)])),
    problems: ['decks/test.json: notes[1].progress[1].state.state: a card with reviews cannot be new (0) unless its last review row is a reset (rating -1 or -2); it has 3'],
    schemaRejects: false,
  },
  {
    name: 'note types with wrong parts',
    deck: brokenExport((d) => {
      d.notetypes[1].templates.push({ name: 'Cloze 2', front: '{{cloze:Text}}', back: '' });
      d.notetypes.push(
        { id: 'nt-x', name: ' ', kind: 'basic', fields: ['A', 'A'], templates: [{ name: 'Card 1', front: 1 }] },
        { id: 'nt-y', name: 'Y', kind: 'standard', fields: [], templates: [], css: '' },
      );
    }),
    problems: [
      'decks/test.json: notetypes[1].templates: a cloze note type has exactly one template, not 2',
      'decks/test.json: notetypes[2].name: must not be empty',
      'decks/test.json: notetypes[2].kind: must be one of standard, cloze',
      'decks/test.json: notetypes[2].fields[1]: duplicate field "A" (first at notetypes[2].fields[0])',
      'decks/test.json: notetypes[2].templates[0].front: must be a string',
      'decks/test.json: notetypes[2].templates[0].back: required',
      'decks/test.json: notetypes[2].css: required',
      'decks/test.json: notetypes[3].fields: must not be empty',
      'decks/test.json: notetypes[3].templates: must not be empty',
    ],
    schemaRejects: true,
  },
  {
    name: 'a note type id twice',
    deck: brokenExport((d) => d.notetypes.push({ ...d.notetypes[1], name: 'Cloze copy' })),
    problems: ['decks/test.json: notetypes[2].id: duplicate id (first used at notetypes[1])'],
    schemaRejects: false,
  },
  {
    name: 'templated notes whose fields do not match their note type, or whose note type is unknown',
    deck: brokenExport((d) => {
      delete d.templatedNotes[0].fields.Back;
      d.templatedNotes[0].fields.Notes = 'x';
      d.templatedNotes[1].notetype = 'nt-gone';
    }),
    problems: [
      'decks/test.json: templatedNotes[0].fields.Back: required',
      'decks/test.json: templatedNotes[0].fields.Notes: not a field of note type "1700000000001"',
      'decks/test.json: templatedNotes[1].notetype: note type "nt-gone" is not one of notetypes',
    ],
    schemaRejects: false,
  },
  {
    name: 'a templated note with a card its note type does not make',
    deck: brokenExport((d) => (d.templatedNotes[0].progress[0].ord = 2)),
    problems: [
      'decks/test.json: templatedNotes[0].progress[0].ord: the note type has no card 2 (its 2 templates make cards 0 to 1)',
    ],
    schemaRejects: false,
  },
  {
    name: 'templated notes with bad ids, values and tags',
    deck: brokenExport((d) => {
      d.templatedNotes[0].id = 'tab\there';
      d.templatedNotes[0].fields.Front = 3;
      d.templatedNotes[1].id = 'x'.repeat(201);
      d.templatedNotes[1].tags = ['two words'];
      d.templatedNotes[1].section = 'Methods';
    }),
    problems: [
      'decks/test.json: templatedNotes[0].id: must be 1 to 200 characters, without control characters',
      'decks/test.json: templatedNotes[0].fields.Front: must be a string',
      'decks/test.json: templatedNotes[1].id: must be 1 to 200 characters, without control characters',
      'decks/test.json: templatedNotes[1].tags[0]: must not contain spaces',
      'decks/test.json: templatedNotes[1].section: unknown property',
    ],
    schemaRejects: true,
  },
  {
    name: 'templated notes without note types',
    deck: brokenExport((d) => delete d.notetypes),
    problems: ['decks/test.json: notetypes: required by templatedNotes'],
    schemaRejects: true,
  },
  {
    name: 'a note id used by a note and a templated note',
    deck: brokenExport((d) => (d.templatedNotes[1].id = 'n2')),
    problems: ['decks/test.json: templatedNotes[1].id: duplicate id (first used at notes[1])'],
    schemaRejects: false,
  },
  {
    name: 'no notes of either kind',
    deck: brokenExport((d) => {
      d.notes = [];
      d.templatedNotes = [];
    }),
    problems: ['decks/test.json: notes: must not be empty'],
    schemaRejects: true,
  },
];

describe('validateDeck', () => {
  it('accepts a valid deck and fills in defaults', () => {
    const result = validateDeck(sample(), FILE);
    expect(messages(result)).toEqual([]);
    if (!result.ok) return;
    const expected: Deck = sample();
    expected.notes[1]!.tags = []; // tags default to none
    expect(result.deck).toEqual(expected);
  });

  it('accepts an exported deck with progress, note types and templated notes, and keeps them', () => {
    const result = validateDeck(exported(), FILE);
    expect(messages(result)).toEqual([]);
    if (!result.ok) return;
    const expected: Deck = exported();
    expected.notes[1]!.tags = [];
    expected.templatedNotes![1]!.tags = []; // tags default to none here too
    expect(result.deck).toEqual(expected);
    // What the app restores a card from comes through as written: NaN-free numbers and null for "no last review".
    expect(result.deck.notes[1]!.progress![0]!.reviews).toEqual([reviewRow()]);
    expect(result.deck.notes[1]!.progress![1]!.suspended).toBe(true);
  });

  it('accepts a deck of templated notes only, whose source has no sections', () => {
    const deck = brokenExport((d) => {
      d.notes = [];
      d.source.sections = [];
    });
    expect(messages(validateDeck(deck, FILE))).toEqual([]);
  });

  it('still requires sections when the deck has notes of its own', () => {
    const deck = brokenExport((d) => (d.source.sections = []));
    expect(messages(validateDeck(deck, FILE))).toEqual(['decks/test.json: source.sections: must not be empty']);
  });

  it('accepts a $schema property for editors', () => {
    const deck = broken((d) => (d.$schema = './deck.schema.json'));
    expect(validateDeck(deck, FILE).ok).toBe(true);
  });

  it.each(BROKEN)('reports $name', ({ deck, problems }) => {
    expect(messages(validateDeck(deck, FILE))).toEqual(problems);
  });

  it('reports several problems in different notes at once', () => {
    const deck = broken((d) => {
      delete d.notes[0].back;
      d.notes[1].kind = 'front-back';
      d.notes[2].section = 'Discussion';
    });
    expect(messages(validateDeck(deck, FILE))).toEqual([
      'decks/test.json: notes[0].back: required',
      'decks/test.json: notes[1].kind: must be one of basic, basic-reversed, cloze',
      'decks/test.json: notes[2].section: section "Discussion" is not one of source.sections',
    ]);
  });

  it('still checks sections when another source field is wrong', () => {
    const deck = broken((d) => {
      d.source.url = 'ftp://example.org';
      d.notes[0].section = 'Nope';
    });
    expect(messages(validateDeck(deck, FILE))).toEqual([
      'decks/test.json: source.url: must be an http:// or https:// URL',
      'decks/test.json: notes[0].section: section "Nope" is not one of source.sections',
    ]);
  });

  it('rejects a top level that is not an object', () => {
    expect(messages(validateDeck([], FILE))).toEqual(['decks/test.json: (root): must be an object']);
    expect(messages(validateDeck(null, FILE))).toEqual(['decks/test.json: (root): must be an object']);
  });

  it('does not take inherited properties for fields', () => {
    // "constructor" exists on every object's prototype; it must still count as unknown and not hide "required".
    const deck = broken((d) => {
      delete d.notes[0].id;
      d.notes[0].constructor = 'x';
    });
    expect(messages(validateDeck(deck, FILE))).toEqual([
      'decks/test.json: notes[0].id: required',
      'decks/test.json: notes[0].constructor: unknown property',
    ]);
  });

  // Found by the fuzz tests (tests/unit/fuzz/deck-json.test.ts).
  it('names an empty or dotted unknown key in quotes, so that the path is never empty', () => {
    const deck = broken((d) => {
      d[''] = false;
      d.notes[0]['a.b'] = 1;
    });
    expect(messages(validateDeck(deck, FILE))).toEqual([
      'decks/test.json: notes[0]["a.b"]: unknown property',
      'decks/test.json: [""]: unknown property',
    ]);
  });

  it('reports the holes of a sparse array instead of letting them through or refusing without a reason', () => {
    const holes = broken((d) => (d.notes[0].tags = new Array(2)));
    expect(messages(validateDeck(holes, FILE))).toEqual([
      'decks/test.json: notes[0].tags[0]: must be a string',
      'decks/test.json: notes[0].tags[1]: must be a string',
    ]);
    const noNotes = broken((d) => (d.notes = new Array(1)));
    expect(messages(validateDeck(noNotes, FILE))).toEqual(['decks/test.json: notes[0]: must be an object']);
  });

  it('refuses times no date can hold, which the scheduler would turn into NaN', () => {
    const deck = brokenExport((d) => {
      d.notes[1].progress[0].state.due = 8.64e15 + 1;
      d.notes[1].progress[0].state.lastReview = -1;
      d.notes[1].progress[0].reviews[0][0] = 1e300;
      d.notes[1].progress[0].reviews[0][5] = Date.UTC(10000, 0, 1);
    });
    expect(messages(validateDeck(deck, FILE))).toEqual([
      'decks/test.json: notes[1].progress[0].state.due: must be a time in milliseconds since 1970, before the year 10000',
      'decks/test.json: notes[1].progress[0].state.lastReview: must be a time in milliseconds since 1970, before the year 10000, or null',
      'decks/test.json: notes[1].progress[0].reviews[0][0]: t must be a time in milliseconds since 1970, before the year 10000',
      'decks/test.json: notes[1].progress[0].reviews[0][5]: due must be a time in milliseconds since 1970, before the year 10000',
    ]);
  });

  it('refuses a memory state FSRS cannot answer from (it would throw on the next rating)', () => {
    const deck = brokenExport((d) => {
      d.notes[1].progress[0].state.stability = 0;
      d.templatedNotes[0].progress[0].state.difficulty = 0.5;
    });
    expect(messages(validateDeck(deck, FILE))).toEqual([
      'decks/test.json: notes[1].progress[0].state.stability: must be at least 0.001, or 0 with the other 0 for a card without a memory state',
      'decks/test.json: templatedNotes[0].progress[0].state.difficulty: must be at least 1, or 0 with the other 0 for a card without a memory state',
    ]);
    // A card not yet studied has no memory state: both 0 is fine.
    const fresh = brokenExport((d) => Object.assign(d.notes[1].progress[1].state, { stability: 0, difficulty: 0 }));
    expect(validateDeck(fresh, FILE).ok).toBe(true);
  });
});

describe('parseDeckText', () => {
  it('parses a valid file, with or without a UTF-8 BOM', () => {
    const text = JSON.stringify(sample(), null, 2);
    expect(parseDeckText(text, FILE).ok).toBe(true);
    expect(parseDeckText('\uFEFF' + text, FILE).ok).toBe(true);
  });

  it('reports validation problems of a parsed file', () => {
    const text = JSON.stringify(broken((d) => delete d.notes[0].back));
    expect(messages(parseDeckText(text, FILE))).toEqual(['decks/test.json: notes[0].back: required']);
  });

  it.each([
    ['a trailing comma', '{\n  "format": 1,\n}', 'line 3, column 1: trailing comma before "}"'],
    ['a missing comma', '{\n  "format": 1\n  "id": "x"\n}', 'line 3, column 3: expected "," or "}"'],
    ['a missing colon', '{ "format" 1 }', 'line 1, column 12: expected ":"'],
    ['an unquoted key', '{\n\tformat: 1\n}', 'line 2, column 2: expected a property name in double quotes'],
    ['a single-quoted string', '{"id": \'x\'}', "line 1, column 8: unexpected character \"'\""],
    ['a line break in a string', '{"id": "a\nb"}', 'line 1, column 10: line break inside a string (write \\n)'],
    ['a bad escape', '{"id": "a\\qb"}', 'line 1, column 10: invalid escape in string'],
    ['a trailing comma in an array', '[1, 2,\n]', 'line 2, column 1: trailing comma before "]"'],
    ['an unterminated string', '{"id": "abc', 'line 1, column 8: unterminated string'],
    ['a truncated file', '{"notes": [', 'line 1, column 12: unexpected end of file'],
    ['an empty file', '', 'line 1, column 1: unexpected end of file'],
    ['text after the value', '{}\n}', 'line 2, column 1: unexpected text after the end of the JSON value'],
  ])('reports %s with line and column', (_name, text, where) => {
    expect(messages(parseDeckText(text, FILE))).toEqual([`decks/test.json: (root): invalid JSON at ${where}`]);
  });

  it('counts lines and columns after a BOM as the editor shows them', () => {
    expect(messages(parseDeckText('\uFEFF{\n  "format": 1,\n}', FILE))).toEqual([
      'decks/test.json: (root): invalid JSON at line 3, column 1: trailing comma before "}"',
    ]);
  });
});

describe('validateDeckSet', () => {
  function valid(edit: (d: Json) => void = () => {}): Deck {
    const result = validateDeck(broken(edit), FILE);
    if (!result.ok) throw new Error(messages(result).join('\n'));
    return result.deck;
  }

  it('accepts decks with distinct deck and note ids', () => {
    const other = valid((d) => {
      d.id = 'other';
      d.notes.forEach((n: Json) => (n.id = `other-${n.id}`));
    });
    expect(validateDeckSet([{ deck: valid(), file: 'decks/a.json' }, { deck: other, file: 'decks/b.json' }])).toEqual([]);
  });

  it('reports duplicate deck ids and note ids across files', () => {
    const other = valid((d) => {
      d.notes[0].id = 'x1';
      d.notes[2].id = 'x3';
    });
    const problems = validateDeckSet([
      { deck: valid(), file: 'decks/a.json' },
      { deck: other, file: 'decks/b.json' },
    ]).map(formatProblem);
    expect(problems).toEqual([
      'decks/b.json: id: duplicate deck id "sample-deck" (also in decks/a.json)',
      'decks/b.json: notes[1].id: duplicate id "n2" (first used in decks/a.json at notes[1])',
    ]);
  });
});

describe('validateDeckSet with exported decks', () => {
  it('reports a templated note id used in another file', () => {
    const first = validateDeck(exported(), FILE);
    const second = validateDeck(
      brokenExport((d) => {
        d.id = 'other';
        d.notes.forEach((n: Json) => (n.id = `other-${n.id}`));
        d.templatedNotes[0].id = 'other-guid';
      }),
      FILE,
    );
    if (!first.ok || !second.ok) throw new Error('fixtures must be valid');
    expect(
      validateDeckSet([
        { deck: first.deck, file: 'decks/a.json' },
        { deck: second.deck, file: 'decks/b.json' },
      ]).map(formatProblem),
    ).toEqual(['decks/b.json: templatedNotes[1].id: duplicate id "c:loze" (first used in decks/a.json at templatedNotes[1])']);
  });
});

describe('deck.schema.json', () => {
  const schema: unknown = JSON.parse(readFileSync(join(DECKS_DIR, 'deck.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const schemaAccepts = ajv.compile(schema as object);
  const deckFiles = readdirSync(DECKS_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'deck.schema.json')
    .sort();

  it('agrees with the validator on the valid sample and the broken cases', () => {
    expect(schemaAccepts(sample()), ajv.errorsText(schemaAccepts.errors)).toBe(true);
    expect(schemaAccepts(broken((d) => (d.$schema = './deck.schema.json')))).toBe(true);
    expect(schemaAccepts(exported()), ajv.errorsText(schemaAccepts.errors)).toBe(true);
    // A card reset to new after an answer: new, with reviews, the last a reset.
    const reset = brokenExport((d) => (d.notes[1].progress[1].reviews = [reviewRow(), resetRow(T0 + DAY)]));
    expect(messages(validateDeck(reset, FILE))).toEqual([]);
    expect(schemaAccepts(reset), ajv.errorsText(schemaAccepts.errors)).toBe(true);
    const templatedOnly = brokenExport((d) => {
      d.notes = [];
      d.source.sections = [];
    });
    expect(schemaAccepts(templatedOnly), ajv.errorsText(schemaAccepts.errors)).toBe(true);
    expect(schemaAccepts(brokenExport((d) => (d.source.sections = []))), 'sections needed by notes').toBe(false);
    for (const c of BROKEN) {
      expect(validateDeck(c.deck, FILE).ok, c.name).toBe(false);
      expect(schemaAccepts(c.deck), c.name).toBe(!c.schemaRejects);
    }
  });

  it('accepts the examples in decks/README.md, as does the validator', () => {
    const readme = readFileSync(join(DECKS_DIR, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThanOrEqual(2); // a deck to write, and an exported one
    for (const example of examples) {
      expect(messages(parseDeckText(example, 'decks/README.md'))).toEqual([]);
      expect(schemaAccepts(JSON.parse(example)), ajv.errorsText(schemaAccepts.errors)).toBe(true);
    }
  });

  // Runs even with no deck files yet: the check above then still covers the schema.
  it(`accepts every deck in decks/ (${deckFiles.length} found), as does the validator`, () => {
    const failures: string[] = [];
    const parsed: { deck: Deck; file: string }[] = [];
    for (const name of deckFiles) {
      const file = `decks/${name}`;
      const text = readFileSync(join(DECKS_DIR, name), 'utf8');
      const result = parseDeckText(text, file);
      if (result.ok) parsed.push({ deck: result.deck, file });
      else failures.push(...messages(result));
      if (!schemaAccepts(JSON.parse(text.replace(/^\uFEFF/, '')))) {
        failures.push(`${file}: schema: ${ajv.errorsText(schemaAccepts.errors)}`);
      }
    }
    failures.push(...validateDeckSet(parsed).map(formatProblem));
    expect(failures).toEqual([]);
  });
});
