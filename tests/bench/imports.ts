// Generated files for the import benchmark, from a fixed seed: a CSV of vocabulary notes (front, back, tags, with
// Anki's header lines) and the spec of an Anki collection with review history, which the benchmark page turns into a
// `.colpkg` with the test fixtures' builders. Plain data, no DOM: the page and Node can both make them.
import { basicNotetype, type CardSpec, type CollectionSpec, type DeckSpec, type NoteSpec, type RevlogSpec } from '../fixtures/anki/collection-builder';
import { prng } from './generate';

const MINUTE = 60_000;
const DAY = 86_400_000;
const YEAR = 365 * DAY;

const SYLLABLES = ['ka', 'lo', 'mi', 'te', 'ru', 'sa', 'no', 'vi', 'de', 'pa', 'shi', 'ne', 'go', 'ha', 'ri', 'ze', 'bo', 'ku', 'ma', 'lu', 'fe', 'ta', 'yo', 'chi'];
const WORDS = [
  'the', 'house', 'water', 'to eat', 'to run', 'small', 'green', 'yesterday', 'often', 'friend', 'city', 'book', 'to see',
  'morning', 'cold', 'bread', 'window', 'to give', 'old', 'new', 'door', 'road', 'rain', 'to sleep', 'blue', 'quickly',
  'mountain', 'river', 'to write', 'child', 'table', 'evening', 'warm', 'to speak', 'never', 'always', 'station', 'key',
  'to buy', 'tired', 'market', 'flower', 'to learn', 'winter', 'summer', 'shop', 'letter', 'heavy', 'light', 'kitchen',
];
const TAGS = ['vocab', 'verbs', 'nouns', 'adjectives', 'chapter-1', 'chapter-2', 'chapter-3', 'chapter-4', 'food', 'travel', 'home', 'leech', 'marked', 'audio', 'exam'];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A made-up foreign word or phrase (the front), unique among those already made. */
function uniqueFront(random: () => number, used: Set<string>): string {
  for (;;) {
    const words = 1 + Math.floor(random() * 3);
    const text = Array.from({ length: words }, () =>
      Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(random, SYLLABLES)).join(''),
    ).join(' ');
    if (!used.has(text)) {
      used.add(text);
      return text;
    }
  }
}

/** Its meaning (the back): one to five words, sometimes a comma or a quote, as real decks have. */
function meaning(random: () => number): string {
  const words = Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(random, WORDS));
  const r = random();
  if (r < 0.1 && words.length > 1) return `${words[0]}, ${words.slice(1).join(' ')}`;
  if (r < 0.13) return `${words.join(' ')} ("${pick(random, WORDS)}")`;
  return words.join(' ');
}

function tagsFor(random: () => number): string[] {
  const count = Math.floor(random() * 4);
  return [...new Set(Array.from({ length: count }, () => pick(random, TAGS)))];
}

const csvField = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** A CSV of `rows` notes (front, back, tags) as Anki exports one: comma-separated, with its header lines. */
export function generateCsv(rows: number, seed = 20260302): Uint8Array {
  const random = prng(seed);
  const used = new Set<string>();
  const lines = ['#separator:comma', '#html:false', '#tags column:3'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${csvField(uniqueFront(random, used))},${csvField(meaning(random))},${tagsFor(random).join(' ')}`);
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

export interface ColpkgShape {
  cards: number;
  decks: number;
  /** Answers in the revlog, spread over 70% of the cards, 10 to 20 each. */
  reviews: number;
}

/** The import benchmark's collection for `cards` cards: 20 decks and ten reviews per card, as the issue asks (100,000 and 1,000,000). */
export const colpkgShape = (cards: number): ColpkgShape => ({ cards, decks: 20, reviews: cards * 10 });

/** How many answers each studied card has: 10 to 20, adding up to exactly `total`. */
function answerCounts(random: () => number, studied: number, total: number): number[] {
  if (total < 10 * studied || total > 20 * studied) throw new Error(`${total} reviews do not fit 10-20 each over ${studied} cards`);
  const counts = Array.from({ length: studied }, () => 10 + Math.floor(random() * 11));
  let sum = counts.reduce((a, b) => a + b, 0);
  while (sum !== total) {
    const i = Math.floor(random() * studied);
    if (sum > total && counts[i]! > 10) (counts[i]!--, sum--);
    else if (sum < total && counts[i]! < 20) (counts[i]!++, sum++);
  }
  return counts;
}

type Answer = { offset: number; ease: 1 | 2 | 3 | 4; type: 0 | 1 | 2 };

/**
 * One card's answers, as offsets from its first: two learning steps ten minutes apart, then reviews at intervals that
 * grow with each pass (Hard a little, Good 2.5 times, Easy 3.5 times), answered up to a day late; a lapse (Again, 8%)
 * is followed ten minutes later by a relearning step and shrinks the interval. Histories longer than five years are
 * squeezed into five.
 */
function answers(random: () => number, count: number): Answer[] {
  const out: Answer[] = [{ offset: 0, ease: random() < 0.15 ? 1 : 3, type: 0 }];
  let t = 10 * MINUTE + Math.floor(random() * MINUTE);
  out.push({ offset: t, ease: 3, type: 0 });
  let interval = 1;
  while (out.length < count) {
    t += interval * DAY + Math.floor(random() * DAY);
    const r = random();
    if (r < 0.08) {
      out.push({ offset: t, ease: 1, type: 1 });
      if (out.length === count) break;
      t += 10 * MINUTE + Math.floor(random() * MINUTE);
      out.push({ offset: t, ease: 3, type: 2 });
      interval = Math.max(1, Math.round(interval * 0.4));
    } else {
      const ease = r < 0.15 ? 2 : r < 0.93 ? 3 : 4;
      out.push({ offset: t, ease, type: 1 });
      interval = Math.min(365, Math.max(interval + 1, Math.round(interval * (ease === 2 ? 1.2 : ease === 3 ? 2.5 : 3.5))));
    }
  }
  const span = out.at(-1)!.offset;
  if (span > 5 * YEAR) {
    // Squeeze the days between reviews, keep the minutes of the learning steps.
    const factor = (5 * YEAR) / span;
    let previous = 0;
    let squeezed = 0;
    for (const a of out) {
      const gap = a.offset - previous;
      previous = a.offset;
      squeezed += gap >= DAY ? Math.floor(gap * factor) : gap;
      a.offset = squeezed;
    }
  }
  return out;
}

/**
 * An Anki collection (schema 18) of `shape.cards` Basic notes with one card each in `shape.decks` decks
 * (`Imported::Deck 01`...), 70% of them studied, with `shape.reviews` revlog rows. Revlog ids are unique epoch ms,
 * every answer before `nowMs`; the last answers fall over the past months, so that some cards are due and some not.
 */
export function generateColpkgSpec(shape: ColpkgShape, nowMs: number, seed = 20260303): CollectionSpec {
  const random = prng(seed);
  const notetype = basicNotetype(1_700_000_000_000);
  const decks: DeckSpec[] = Array.from({ length: shape.decks }, (_, i) => ({
    id: 1_700_000_100_000 + i,
    name: `Imported::Deck ${String(i + 1).padStart(2, '0')}`,
    description: `Deck ${i + 1} of ${shape.decks}, generated for the import benchmark.`,
  }));
  const studied = Math.round(shape.cards * 0.7);
  const counts = answerCounts(random, studied, shape.reviews);
  const usedFronts = new Set<string>();
  const usedIds = new Set<number>();
  const notes: NoteSpec[] = [];
  const cards: CardSpec[] = [];
  const revlog: RevlogSpec[] = [];
  const created = 1_600_000_000_000;
  for (let i = 0; i < shape.cards; i++) {
    const noteId = created + i * 1000;
    notes.push({
      id: noteId,
      guid: `bench${i.toString(36)}${Math.floor(random() * 36 ** 4).toString(36)}`,
      notetypeId: notetype.id,
      fields: [uniqueFront(random, usedFronts), meaning(random)],
      tags: tagsFor(random),
    });
    const cardId = noteId + 1;
    // The first 70% of the cards are studied (spread over every deck); the rest are new.
    const count = i < studied ? counts[i]! : 0;
    let type: CardSpec['type'] = 0;
    if (count > 0) {
      const history = answers(random, count);
      const span = history.at(-1)!.offset;
      // The last answer between a few minutes and about five months ago.
      const start = nowMs - span - 5 * MINUTE - Math.floor(random() * 150 * DAY);
      for (const a of history) {
        let id = start + a.offset;
        while (usedIds.has(id)) id++;
        usedIds.add(id);
        revlog.push({ id, cardId, ease: a.ease, type: a.type, ms: 1_500 + Math.floor(random() * 13_000) });
      }
      const last = history.at(-1)!;
      type = last.ease === 1 && last.type === 1 ? 3 : 2;
    }
    cards.push({ id: cardId, noteId, ord: 0, deckId: decks[i % shape.decks]!.id, type, due: count > 0 ? 1000 + (i % 400) : i + 1 });
  }
  // Anki writes its revlog as the answers come: in id order.
  revlog.sort((a, b) => a.id - b.id);
  return { schema: 18, notetypes: [notetype], decks, notes, cards, revlog };
}
