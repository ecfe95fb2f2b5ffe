// Today's study queue, as pure data: which card comes next, the remaining counts, and what happens to the queue
// when a card is answered. Storage gathers the candidates (limited ranges of an index); this decides the order.
import { Queue } from './model';

export interface QueueCard {
  id: string;
  noteId: string;
  deckId: string;
}

/** A card in (re)learning: it comes back at a time of day, so its due time is part of the queue. */
export interface LearningCard extends QueueCard {
  due: number;
}

/** A card as it left the scheduler after an answer. */
export interface AnsweredCard extends LearningCard {
  queue: Queue;
}

export interface QueueCounts {
  new: number;
  learning: number;
  review: number;
}

export interface QueueSnapshot {
  learning: LearningCard[];
  reviews: QueueCard[];
  news: QueueCard[];
}

/** Anki's default: when nothing else is left, learning cards due within 20 minutes are shown early. */
export const LEARN_AHEAD_MS = 20 * 60_000;

/**
 * Appends to `into` the cards of `candidates` whose note is not in `seenNotes`, until `into` holds `limit` cards;
 * records their notes as seen. Storage calls it batch by batch until the limit is filled or the candidates run out.
 */
export function takeOnePerNote(into: QueueCard[], candidates: readonly QueueCard[], limit: number, seenNotes: Set<string>): void {
  for (const c of candidates) {
    if (into.length >= limit) return;
    if (seenNotes.has(c.noteId)) continue;
    seenNotes.add(c.noteId);
    into.push(c);
  }
}

/**
 * Keeps one card per note among the day's new and review cards (siblings wait until tomorrow, as Anki buries
 * them), the reviews first since they are older commitments. `newLimit` applies after that.
 */
export function dedupeSiblings(
  learning: LearningCard[],
  reviews: QueueCard[],
  news: QueueCard[],
  newLimit: number,
): { reviews: QueueCard[]; news: QueueCard[] } {
  const seen = new Set(learning.map((c) => c.noteId));
  const keptReviews: QueueCard[] = [];
  const keptNews: QueueCard[] = [];
  takeOnePerNote(keptReviews, reviews, Number.POSITIVE_INFINITY, seen);
  takeOnePerNote(keptNews, news, newLimit, seen);
  return { reviews: keptReviews, news: keptNews };
}

export class StudyQueue {
  private learning: LearningCard[];
  private reviews: QueueCard[];
  private news: QueueCard[];
  private readonly initialReviews: number;
  private readonly initialNews: number;

  /** `reviews` in due order and `news` in deck order, already limited and without siblings. */
  constructor(learning: LearningCard[], reviews: QueueCard[], news: QueueCard[]) {
    this.learning = [...learning].sort((a, b) => a.due - b.due);
    this.reviews = [...reviews];
    this.news = [...news];
    this.initialReviews = reviews.length;
    this.initialNews = news.length;
  }

  counts(): QueueCounts {
    return { new: this.news.length, learning: this.learning.length, review: this.reviews.length };
  }

  get empty(): boolean {
    return this.learning.length + this.reviews.length + this.news.length === 0;
  }

  /**
   * The next card: a learning card whose step is due; else a review or a new card, new cards spread evenly
   * among the reviews; else a learning card due within the learn-ahead window. Null when nothing is due now.
   */
  next(nowMs: number): QueueCard | null {
    const firstLearning = this.learning[0];
    if (firstLearning && firstLearning.due <= nowMs) return firstLearning;
    const review = this.reviews[0];
    const fresh = this.news[0];
    if (review && fresh) {
      // Spread new cards evenly among the reviews: take from whichever list has more of its day's share left.
      return this.news.length * this.initialReviews > this.reviews.length * this.initialNews ? fresh : review;
    }
    if (review) return review;
    if (fresh) return fresh;
    if (firstLearning && firstLearning.due <= nowMs + LEARN_AHEAD_MS) return firstLearning;
    return null;
  }

  /**
   * The ids of the next `n` cards in the order `next` would give them if no time passed, then the learning cards
   * due later (for reading cards ahead of time: the next card should never have to wait for storage).
   */
  upcoming(n: number, nowMs: number): string[] {
    const out: string[] = [];
    const { learning, reviews, news } = this;
    let l = 0;
    let r = 0;
    let w = 0;
    while (out.length < n) {
      const firstLearning = learning[l];
      const review = reviews[r];
      const fresh = news[w];
      if (firstLearning && firstLearning.due <= nowMs) {
        out.push(firstLearning.id);
        l++;
      } else if (review && fresh) {
        const takeNew = (news.length - w) * this.initialReviews > (reviews.length - r) * this.initialNews;
        out.push(takeNew ? fresh.id : review.id);
        if (takeNew) w++;
        else r++;
      } else if (review) {
        out.push(review.id);
        r++;
      } else if (fresh) {
        out.push(fresh.id);
        w++;
      } else if (firstLearning) {
        out.push(firstLearning.id);
        l++;
      } else break;
    }
    return out;
  }

  /** When the next learning card becomes due, if one is waiting. */
  nextLearningDue(): number | null {
    return this.learning[0]?.due ?? null;
  }

  /**
   * Takes the answered card out and, if it is still in learning and due before the day ends, puts it back in its
   * place. Returns the ids of siblings it took out of today's queue (they wait until tomorrow).
   */
  answer(after: AnsweredCard, dayEndMs: number): string[] {
    const drop = <C extends QueueCard>(cards: C[]) => cards.filter((c) => c.id !== after.id);
    this.learning = drop(this.learning);
    this.reviews = drop(this.reviews);
    this.news = drop(this.news);
    const siblings = [...this.reviews, ...this.news].filter((c) => c.noteId === after.noteId).map((c) => c.id);
    if (siblings.length > 0) {
      const gone = new Set(siblings);
      this.reviews = this.reviews.filter((c) => !gone.has(c.id));
      this.news = this.news.filter((c) => !gone.has(c.id));
    }
    if (after.queue === Queue.Learning && after.due < dayEndMs) {
      this.learning.push({ id: after.id, noteId: after.noteId, deckId: after.deckId, due: after.due });
      this.learning.sort((a, b) => a.due - b.due);
    }
    return siblings;
  }

  snapshot(): QueueSnapshot {
    return { learning: [...this.learning], reviews: [...this.reviews], news: [...this.news] };
  }

  restore(s: QueueSnapshot): void {
    this.learning = [...s.learning];
    this.reviews = [...s.reviews];
    this.news = [...s.news];
  }
}
