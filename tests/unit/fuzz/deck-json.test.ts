// Fuzzing the Retain deck format (src/core/deck-format.ts) and its import (pipeline's Retain JSON path): any text or
// value is either a deck that passes every rule of the format, or a list of problems naming the file and a path.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { parseCloze } from '../../../src/core/cloze';
import { NOTE_ID_PATTERN, isFreeId, parseDeckText, validateDeck, type DeckParseResult } from '../../../src/core/deck-format';
import type { CardProgress, Deck } from '../../../src/core/deck-types';
import { Scheduler } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { openImport } from '../../../src/renderer/src/import/pipeline';
import {
  acceptedOrImportErrorAsync,
  anyString,
  deepArray,
  expectClearMessage,
  fuzzFamily,
  type Outcome,
  jsonOps,
  mutateJson,
  mutateText,
  offsetsOf,
  textOps,
  weirdJsValue,
} from './arbitraries';
import { expectWellFormedBundle } from './well-formed';

const FILE = 'decks/fuzz.json';
const { property } = fuzzFamily('deck-json');

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const reviewed = () => ({
  due: T0 + 3 * DAY, stability: 3.17, difficulty: 5.28, elapsedDays: 0, scheduledDays: 3, learningSteps: 0, reps: 1,
  lapses: 0, state: 2, lastReview: T0,
});
const row = (t = T0) => [t, 3, 4200, 0, 0, T0 - DAY, null, 0, 0, 0, 0, 0];

/** A deck that uses every part of the format: all three note kinds, progress, note types and templated notes. */
function validDeck(): Record<string, unknown> {
  return {
    $schema: '../deck.schema.json',
    format: 1,
    id: 'fuzz-deck',
    name: 'Fuzz',
    description: 'Every part of the format.',
    source: { title: 'On Fuzzing', author: 'A. Author', url: 'https://example.org/f', sections: ['One', 'Two'] },
    notes: [
      { id: 'n1', kind: 'basic', front: 'Q?', back: 'A.', tags: ['t1'], section: 'One', context: 'Why.' },
      {
        id: 'n2', kind: 'basic-reversed', front: 'mean', back: 'average', section: 'Two',
        progress: [{ ord: 1, state: reviewed(), reviews: [row()] }, { ord: 0, suspended: true, state: { ...reviewed(), state: 0, reps: 0, lastReview: null }, reviews: [] }],
      },
      { id: 'n3', kind: 'cloze', text: 'The {{c1::median}} is the {{c2::middle::position}}.', extra: 'Robust.', tags: [], section: 'Two' },
    ],
    notetypes: [
      {
        id: '1700000000001', name: 'Basic (and reversed card)', kind: 'standard', fields: ['Front', 'Back'],
        templates: [{ name: 'Card 1', front: '{{Front}}', back: '{{Back}}' }, { name: 'Card 2', front: '{{Back}}', back: '{{Front}}' }],
        css: '.card {}',
      },
      { id: 'nt-cloze', name: 'Cloze', kind: 'cloze', fields: ['Text', 'Back Extra'], templates: [{ name: 'Cloze', front: '{{cloze:Text}}', back: '{{cloze:Text}}' }], css: '' },
    ],
    templatedNotes: [
      { id: 'f+/Lk#2=!%&', notetype: '1700000000001', fields: { Front: 'hola', Back: 'hello' }, tags: ['es'], progress: [{ ord: 1, state: reviewed(), reviews: [row(T0 - 2 * DAY), row()] }] },
      { id: 'c:loze', notetype: 'nt-cloze', fields: { Text: '{{c5::x}}', 'Back Extra': '' } },
    ],
  };
}

const noSql = () => Promise.reject(new Error('a deck file must not need sql.js'));
const encode = (s: string) => new TextEncoder().encode(s);

/** A result is either a deck that keeps every rule, or problems that each name the file, a path and a reason. */
function expectSound(result: DeckParseResult, input: string): Outcome {
  if (!result.ok) {
    expect(result.problems.length, 'a refusal says why').toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(p.file).toBe(FILE);
      expect(p.path.trim()).not.toBe('');
      expectClearMessage(p.message, input);
    }
    return 'refused';
  }
  expectValidDeck(result.deck);
  return 'accepted';
}

function expectValidDeck(deck: Deck): void {
  // What comes out validates again, to the same deck: nothing in it depends on the shape it came in.
  // (Compared as JSON: -0 comes back as 0.)
  const json: unknown = JSON.parse(JSON.stringify(deck));
  expect(validateDeck(json, FILE)).toEqual({ ok: true, deck: json });
  const sections = new Set(deck.source.sections);
  const ids = new Set<string>();
  for (const note of deck.notes) {
    expect(note.id).toMatch(NOTE_ID_PATTERN);
    expect(ids.has(note.id)).toBe(false);
    ids.add(note.id);
    expect(sections.has(note.section)).toBe(true);
    let ords: number[];
    if (note.kind === 'cloze') {
      const parsed = parseCloze(note.text);
      expect(parsed.errors).toEqual([]);
      expect(parsed.numbers.length).toBeGreaterThan(0);
      ords = parsed.numbers.map((n) => n - 1);
    } else {
      expect(note.front).toMatch(/\S/);
      expect(note.back).toMatch(/\S/);
      ords = note.kind === 'basic' ? [0] : [0, 1];
    }
    for (const p of note.progress ?? []) expect(ords).toContain(p.ord);
    expectSchedulable(note.progress);
  }
  const notetypes = new Map((deck.notetypes ?? []).map((t) => [t.id, t]));
  for (const note of deck.templatedNotes ?? []) {
    expect(isFreeId(note.id)).toBe(true);
    expect(ids.has(note.id)).toBe(false);
    ids.add(note.id);
    const t = notetypes.get(note.notetype);
    expect(t).toBeDefined();
    expect(Object.keys(note.fields).sort()).toEqual([...t!.fields].sort());
    expectSchedulable(note.progress);
  }
}

const scheduler = new Scheduler(DEFAULT_SETTINGS);

/** A card whose progress the deck carries can be answered after its last review, and gets a real due date. */
function expectSchedulable(progress: CardProgress[] | undefined): void {
  for (const p of progress ?? []) {
    const last = Math.max(p.state.due, p.state.lastReview ?? 0, ...p.reviews.map((r) => r[0] ?? 0));
    for (const rating of [1, 3] as const) {
      const next = scheduler.answer('fuzz:0', p.state, rating, last + DAY).next;
      expect(Number.isFinite(next.due) && Number.isFinite(next.stability), JSON.stringify(p.state)).toBe(true);
    }
  }
}

/**
 * The import of the same text: a deck that validates must import as a well-formed bundle; anything else is refused
 * with an ImportError naming the file (or, not starting with "{", read as delimited text).
 */
async function expectImportAgrees(text: string, accepted: boolean): Promise<void> {
  const opened = await acceptedOrImportErrorAsync(() => openImport(FILE, encode(text), noSql), FILE, text);
  if (accepted) expect(opened?.kind, 'a deck that validates imports').toBe('bundle');
  if (opened?.kind === 'bundle') expectWellFormedBundle(opened.bundle, text);
}

const DECK_TEXT = JSON.stringify(validDeck(), null, 2);
// Where a mutation of the text changes its structure: brackets, separators, quotes.
const DECK_HOTSPOTS = offsetsOf(DECK_TEXT, '{}[]:,"');

/** Text that is JSON-like without being JSON, and JSON nested deeper than any walker should go unbounded. */
const jsonish = fc.oneof(
  anyString(300),
  fc.json({ maxDepth: 4 }),
  fc.integer({ min: 1, max: 20000 }).map((n) => '['.repeat(n)),
  fc.integer({ min: 1, max: 5000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.integer({ min: 1, max: 3000 }).map((n) => JSON.stringify({ ...validDeck(), notes: deepArray(n) })),
);

describe('deck JSON, fuzzed', () => {
  property('parseDeckText: arbitrary text', jsonish, (text) => {
    return expectSound(parseDeckText(text, FILE), text);
  }, { timeoutMs: 30_000 });

  property('parseDeckText: mutated deck text', fc.tuple(textOps, fc.boolean()), async ([ops, bom]) => {
    const text = (bom ? '\uFEFF' : '') + mutateText(DECK_TEXT, ops, DECK_HOTSPOTS);
    const result = parseDeckText(text, FILE);
    await expectImportAgrees(text, result.ok);
    return expectSound(result, text);
  }, { timeoutMs: 30_000, bothOutcomes: true });

  property('validateDeck: arbitrary values', fc.oneof(
    fc.anything({ withSparseArray: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withBigInt: true }),
    // The deck's own keys, each holding anything: gets past the root check to every field's own.
    fc.record(Object.fromEntries(Object.keys(validDeck()).map((k) => [k, weirdJsValue])), { requiredKeys: [] }),
  ), (value) => {
    return expectSound(validateDeck(value, FILE), fc.stringify(value));
  }, { timeoutMs: 30_000 });

  property('validateDeck: mutated deck values', jsonOps(weirdJsValue), async (ops) => {
    const value = mutateJson(validDeck(), ops);
    const result = validateDeck(value, FILE);
    // An accepted value holds only JSON (validation refuses NaN, undefined and the like), so its text imports too.
    if (result.ok) await expectImportAgrees(JSON.stringify(value), true);
    return expectSound(result, fc.stringify(ops));
  }, { timeoutMs: 30_000, bothOutcomes: true });
});
