// Generated collections for the benchmark, from a fixed seed: decks, notes, cards with review histories made by the
// real scheduler (so each card's state is the replay of its history), and the day summaries those histories add up to.
import { cardId } from '../../src/core/cards';
import { dayNumber } from '../../src/core/day';
import { appendEntry, emptyHistory, entryAt, historyLength, type History } from '../../src/core/history';
import {
  placeCard,
  Queue,
  type CardRecord,
  type DaySummary,
  type DeckRecord,
  type NoteRecord,
} from '../../src/core/model';
import { recountDays } from '../../src/core/replay';
import { newSchedState, Rating, Scheduler, State, type Grade, type SchedState } from '../../src/core/scheduler';
import type { Settings } from '../../src/core/settings';

export interface CollectionSize {
  name: string;
  cards: number;
  decks: number;
  reviews: number;
}

export const SIZES: Record<'tiny' | 'small' | 'large', CollectionSize> = {
  tiny: { name: 'tiny', cards: 200, decks: 4, reviews: 1_500 },
  small: { name: 'small', cards: 1_000, decks: 20, reviews: 10_000 },
  large: { name: 'large', cards: 100_000, decks: 20, reviews: 1_000_000 },
};

export interface Collection {
  decks: DeckRecord[];
  notes: NoteRecord[];
  cards: CardRecord[];
  days: DaySummary[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** mulberry32: a small, fast, seeded PRNG; the same seed gives the same collection everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Learners press Good most of the time; reviews lapse now and then. */
function pickRating(random: () => number, state: State): Grade {
  const r = random();
  if (state === State.Review) return r < 0.08 ? Rating.Again : r < 0.15 ? Rating.Hard : r < 0.92 ? Rating.Good : Rating.Easy;
  return r < 0.1 ? Rating.Again : r < 0.15 ? Rating.Hard : r < 0.95 ? Rating.Good : Rating.Easy;
}

/**
 * How many reviews each studied card gets: a skewed spread (a few cards have many reviews, as leeches and old cards
 * do), adding up to exactly `total`.
 */
function reviewCounts(random: () => number, studied: number, total: number): number[] {
  // At least three reviews each (a new card takes two or three to leave learning) where the total allows it.
  const floor = Math.max(1, Math.min(3, Math.floor(total / studied)));
  const weights = Array.from({ length: studied }, () => (-Math.log(1 - random())) ** 1.5);
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = total - floor * studied;
  const counts = weights.map((w) => floor + Math.floor((w / sum) * spare));
  let missing = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i = (i + 1) % studied, missing--) counts[i]! += 1;
  return counts;
}

/**
 * Simulates `count` reviews of a card through the scheduler over a history of up to five years. Reviews come when the
 * card is due (up to two days late); where the learner's answer would push the card past the time left for its
 * remaining reviews, they answer Hard or Again instead (cards with many reviews are hard cards). The whole history is
 * then moved by whole days (which changes no interval: FSRS counts calendar days, and the fuzz seed holds no time) so
 * that the card ends where a real collection's would: most due later, about a third due today or overdue, learning
 * cards due within the day.
 */
function simulate(id: string, count: number, scheduler: Scheduler, random: () => number, nowMs: number) {
  const origin = nowMs - 10 * 365 * DAY;
  const horizon = origin + Math.floor((30 + random() * 5 * 365) * DAY);
  let t = origin;
  let sched = newSchedState(t - DAY);
  let history = emptyHistory();
  for (let i = 0; i < count; i++) {
    const remaining = count - i;
    const late = sched.state === State.Review ? Math.floor(random() * 2 * DAY) : Math.floor(random() * 5 * MINUTE);
    t = Math.min(Math.max(t + MINUTE, sched.due + late), horizon - remaining * MINUTE);
    const limit = t + (horizon - t) / remaining;
    const ms = 2_000 + Math.floor(random() * 12_000);
    // The last answer usually ends a study session: a pass, which takes a learning card out of learning. About 2% of
    // cards are left in (re)learning, as in a real collection between sessions.
    const last = remaining === 1 && random() > 0.02;
    const rating = last ? (sched.state === State.Review ? Math.max(Rating.Hard, pickRating(random, sched.state)) as Grade : Rating.Good) : pickRating(random, sched.state);
    let outcome = scheduler.answer(id, sched, rating, t, ms);
    for (const fallback of [Rating.Hard, Rating.Again] as const) {
      if (remaining === 1 || outcome.next.due <= limit) break;
      outcome = scheduler.answer(id, sched, fallback, t, ms);
    }
    sched = outcome.next;
    history = appendEntry(history, outcome.entry);
  }
  const learning = sched.state === State.Learning || sched.state === State.Relearning;
  const interval = Math.max(DAY, sched.due - t);
  const target = learning
    ? nowMs + (random() - 0.6) * DAY
    : random() < 0.3
      ? nowMs - random() * Math.min(interval, 20 * DAY)
      : nowMs + random() * interval;
  let shift = Math.round((target - sched.due) / DAY) * DAY;
  while (t + shift > nowMs - MINUTE) shift -= DAY; // the last review lies in the past
  return { sched: shiftState(sched, shift), history: shiftHistory(history, shift) };
}

function shiftHistory(h: History, by: number): History {
  const n = historyLength(h);
  let out = emptyHistory();
  for (let i = 0; i < n; i++) {
    const e = entryAt(h, i);
    const lastReview = e.prev.lastReview === null ? null : e.prev.lastReview + by;
    out = appendEntry(out, { ...e, t: e.t + by, prev: { ...e.prev, due: e.prev.due + by, lastReview } });
  }
  return out;
}

function shiftState(s: SchedState, by: number): SchedState {
  return { ...s, due: s.due + by, lastReview: s.lastReview === null ? null : s.lastReview + by };
}

export function generateCollection(size: CollectionSize, settings: Settings, nowMs: number, seed = 20260301): Collection {
  const random = prng(seed);
  const scheduler = new Scheduler(settings);
  const decks: DeckRecord[] = Array.from({ length: size.decks }, (_, i) => ({
    id: `bench-${size.name}-${i + 1}`,
    name: `Bench ${size.name} ${String(i + 1).padStart(2, '0')}`,
    description: `Generated deck ${i + 1} of ${size.decks} for the benchmark.`,
    source: { title: 'Generated', sections: ['Generated'] },
    position: 1000 + i,
    bundled: false,
    contentHash: '',
  }));
  // 30% of cards are new; the reviews are spread over the rest.
  const studiedCount = Math.min(size.cards, Math.max(1, Math.round(size.cards * 0.7)));
  const counts = reviewCounts(random, studiedCount, size.reviews);
  const notes: NoteRecord[] = [];
  const cards: CardRecord[] = [];
  for (let i = 0; i < size.cards; i++) {
    const deck = decks[i % size.decks]!;
    const position = Math.floor(i / size.decks);
    const noteId = `${deck.id}-n${position}`;
    notes.push({
      id: noteId,
      deckId: deck.id,
      kind: 'basic',
      fields: { front: `Question ${i + 1}: what is ${(i * 7919) % 100_003}?`, back: `Answer ${i + 1}` },
      tags: i % 3 === 0 ? ['bench', 'tagged'] : ['bench'],
      section: 'Generated',
      position,
      retired: false,
    });
    const id = cardId(noteId, 0);
    // The first 70% of each deck's notes have been studied; the rest are new, last in deck order as in real decks.
    const studiedIndex = i < studiedCount ? i : -1;
    const { sched, history } =
      studiedIndex >= 0
        ? simulate(id, counts[studiedIndex]!, scheduler, random, nowMs)
        : { sched: newSchedState(nowMs - 30 * DAY), history: emptyHistory() };
    const placed = placeCard(position * 1000, sched);
    cards.push({ id, noteId, deckId: deck.id, ord: 0, position: position * 1000, ...placed, sched, history });
  }
  const days = [...recountDays(cards, settings.dayStartHour).values()];
  return { decks, notes, cards, days };
}

/** Counts a collection's parts, for the benchmark's report and the tests. */
export function describeCollection(c: Collection, nowMs: number, dayStartHour: number) {
  const today = dayNumber(nowMs, dayStartHour);
  let reviews = 0;
  const byQueue = { new: 0, learning: 0, review: 0 };
  let dueToday = 0;
  for (const card of c.cards) {
    reviews += historyLength(card.history);
    if (card.queue === Queue.New) byQueue.new++;
    else if (card.queue === Queue.Learning) byQueue.learning++;
    else byQueue.review++;
    if (card.queue !== Queue.New && dayNumber(card.due, dayStartHour) <= today) dueToday++;
  }
  return { cards: c.cards.length, notes: c.notes.length, decks: c.decks.length, days: c.days.length, reviews, ...byQueue, dueToday };
}
