// The bundled article decks: every file valid, sections from the article, guids unique and stable, no question asked
// twice, nothing copied from the article, and the README's deck table true.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { USER_NOTE_PREFIX } from '../../src/core/note-edit';
import { describe, expect, it } from 'vitest';
import { cardOrds, renderCard } from '../../src/core/cards';
import { formatProblem, parseDeckText, validateDeckSet } from '../../src/core/deck-format';
import type { Deck, Note } from '../../src/core/deck-types';
import { DECK_GUIDS } from './deck-guids';

const ROOT = resolve(__dirname, '../..');
const DECKS = join(ROOT, 'decks');
// Not part of the project (a user's clone has no ../shared): the copy check runs where it exists.
const ARTICLE = resolve(ROOT, '../shared/seed/article.txt');

/** The article's sections, in order; the untitled opening is called "Opening". */
export const ARTICLE_SECTIONS = [
  'Opening',
  "NATO's Pacific Turn",
  'Tool of the Hegemon',
  'Chinese Worries',
  'The Empire Strikes Back',
];

const files = readdirSync(DECKS)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .sort();
const decks: { file: string; deck: Deck }[] = files.map((f) => {
  const file = `decks/${f}`;
  const result = parseDeckText(readFileSync(join(DECKS, f), 'utf8'), file);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return { file, deck: result.deck };
});
const notes = decks.flatMap(({ deck }) => deck.notes.map((note) => ({ deck, note })));

/** Text as a reader sees it: tags stripped, entities and typographic quotes folded, lowercase, single spaces. */
function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function words(text: string): string[] {
  return plain(text)
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** Every text of a note a learner reads, with cloze markup reduced to its answers. */
function noteTexts(note: Note): string[] {
  const unclozed = (t: string) => t.replace(/\{\{c\d+::(.*?)(?:::(.*?))?\}\}/g, '$1');
  const fields = note.kind === 'cloze' ? [unclozed(note.text), note.extra ?? ''] : [note.front, note.back];
  return [...fields, note.context ?? ''].filter((t) => t !== '');
}

describe('the bundled article decks', () => {
  it('are there: at least three decks, each with notes', () => {
    expect(decks.length).toBeGreaterThanOrEqual(3);
    for (const { deck } of decks) expect(deck.notes.length, deck.id).toBeGreaterThan(0);
  });

  it('validate together: no deck id or note guid used twice across files', () => {
    expect(validateDeckSet(decks).map(formatProblem)).toEqual([]);
  });

  it('never use the ids of notes written on the Add screen (a deck update would take those for its own)', () => {
    for (const { deck } of decks) for (const note of deck.notes) expect(note.id.startsWith(USER_NOTE_PREFIX), note.id).toBe(false);
  });

  it("name the article's sections, in order, and every note names one of them", () => {
    for (const { deck, file } of decks) {
      expect(deck.source.sections, file).toEqual(ARTICLE_SECTIONS);
      for (const note of deck.notes) expect(ARTICLE_SECTIONS, `${file}: ${note.id}`).toContain(note.section);
    }
  });

  it('keep their guids: the list below changes only by decision (a changed guid loses its progress)', () => {
    const actual = Object.fromEntries(decks.map(({ deck }) => [deck.id, deck.notes.map((n) => n.id)]));
    expect(actual).toEqual(DECK_GUIDS);
  });

  it('never ask the same question twice, across all decks', () => {
    const seen = new Map<string, string>();
    const repeats: string[] = [];
    for (const { note } of notes) {
      for (const ord of cardOrds(note)) {
        const question = plain(renderCard(note, ord).question);
        const where = `${note.id}:${ord}`;
        const first = seen.get(question);
        if (first) repeats.push(`${where} asks what ${first} asks: ${question}`);
        else seen.set(question, where);
      }
    }
    expect(repeats).toEqual([]);
  });

  it('keep answers short: the context field carries the why', () => {
    const long: string[] = [];
    for (const { note } of notes) {
      const answers =
        note.kind === 'cloze'
          ? [...note.text.matchAll(/\{\{c\d+::(.*?)(?:::.*?)?\}\}/g)].map((m) => m[1]!)
          : note.kind === 'basic-reversed'
            ? [note.front, note.back]
            : [note.back];
      for (const a of answers) if (words(a).length > 25) long.push(`${note.id}: ${plain(a)}`);
    }
    expect(long).toEqual([]);
  });

  const hasArticle = existsSync(ARTICLE);
  if (!hasArticle) console.warn(`[article-decks] ${ARTICLE} is absent: the copied-text check is skipped.`);
  it.skipIf(!hasArticle)('copy no sentence of the article: no 8-word run of it appears in any card', () => {
    const RUN = 8;
    const article = words(readFileSync(ARTICLE, 'utf8'));
    const runs = new Set<string>();
    for (let i = 0; i + RUN <= article.length; i++) runs.add(article.slice(i, i + RUN).join(' '));
    const copied: string[] = [];
    for (const { note } of notes) {
      for (const text of noteTexts(note)) {
        const w = words(text);
        for (let i = 0; i + RUN <= w.length; i++) {
          const run = w.slice(i, i + RUN).join(' ');
          if (runs.has(run)) {
            copied.push(`${note.id}: "${run}"`);
            break;
          }
        }
      }
    }
    expect(copied).toEqual([]);
  });

  it("are listed in the README with their true note and card counts", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const { deck } of decks) {
      const cards = deck.notes.reduce((n, note) => n + cardOrds(note).length, 0);
      const row = readme.split('\n').find((line) => line.startsWith('|') && line.includes(deck.name));
      expect(row, `README has no table row for ${deck.name}`).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      expect(cells, deck.name).toContain(String(deck.notes.length));
      expect(cells, deck.name).toContain(String(cards));
    }
  });
});
