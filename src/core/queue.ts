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

/** The queue as it was before an answer, for undo: cheap to take, whatever the size of the day's queue. */
export interface QueueSnapshot {
  readonly learning: readonly LearningCard[];
  readonly goneCount: number;
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

/**
 * Today's queue. A rating must cost the same with 100 cards due as with 10,000: the review and new lists never change
 * after construction; answered cards and set-aside siblings go into a `gone` set (the lists' heads skip them), and a
 * note's cards are found through a map. Only the learning list, kept in due order, is edited in place.
 */
export class StudyQueue {
  private learning: LearningCard[];
  private readonly reviews: readonly QueueCard[];
  private readonly news: readonly QueueCard[];
  private readonly initialReviews: number;
  private readonly initialNews: number;
  /** Review and new cards by note (for siblings), and which list each card is in. */
  private readonly byNote = new Map<string, string[]>();
  private readonly isReview = new Map<string, boolean>();
  /** Review and new cards answered or set aside, and the order they went in (undo takes them back). */
  private readonly gone = new Set<string>();
  private readonly goneLog: string[] = [];
  private reviewHead = 0;
  private newHead = 0;
  private reviewsLeft: number;
  private newsLeft: number;

  /** `reviews` in due order and `news` in deck order, already limited and without siblings. */
  constructor(learning: LearningCard[], reviews: QueueCard[], news: QueueCard[]) {
    this.learning = [...learning].sort((a, b) => a.due - b.due);
    this.reviews = [...reviews];
    this.news = [...news];
    this.initialReviews = this.reviewsLeft = reviews.length;
    this.initialNews = this.newsLeft = news.length;
    for (const [list, review] of [[reviews, true], [news, false]] as const) {
      for (const c of list) {
        this.isReview.set(c.id, review);
        const ids = this.byNote.get(c.noteId);
        if (ids) ids.push(c.id);
        else this.byNote.set(c.noteId, [c.id]);
      }
    }
  }

  counts(): QueueCounts {
    return { new: this.newsLeft, learning: this.learning.length, review: this.reviewsLeft };
  }

  get empty(): boolean {
    return this.learning.length + this.reviewsLeft + this.newsLeft === 0;
  }

  /** The index of the first card of `list` from `from` on that is not gone. */
  private live(list: readonly QueueCard[], from: number): number {
    let i = from;
    while (i < list.length && this.gone.has(list[i]!.id)) i++;
    return i;
  }

  /** Whether, with these many reviews and new cards left, a new card comes next (new cards spread among reviews). */
  private newFirst(reviewsLeft: number, newsLeft: number): boolean {
    // Take from whichever list has more of its day's share left.
    return newsLeft * this.initialReviews > reviewsLeft * this.initialNews;
  }

  /**
   * The next card: a learning card whose step is due; else a review or a new card, new cards spread evenly
   * among the reviews; else a learning card due within the learn-ahead window. Null when nothing is due now.
   */
  next(nowMs: number): QueueCard | null {
    const firstLearning = this.learning[0];
    if (firstLearning && firstLearning.due <= nowMs) return firstLearning;
    this.reviewHead = this.live(this.reviews, this.reviewHead);
    this.newHead = this.live(this.news, this.newHead);
    const review = this.reviews[this.reviewHead];
    const fresh = this.news[this.newHead];
    if (review && fresh) return this.newFirst(this.reviewsLeft, this.newsLeft) ? fresh : review;
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
    let l = 0;
    let r = this.live(this.reviews, this.reviewHead);
    let w = this.live(this.news, this.newHead);
    let reviewsLeft = this.reviewsLeft;
    let newsLeft = this.newsLeft;
    while (out.length < n) {
      const firstLearning = this.learning[l];
      const review = this.reviews[r];
      const fresh = this.news[w];
      const takeNew = fresh !== undefined && (review === undefined || this.newFirst(reviewsLeft, newsLeft));
      if (firstLearning && firstLearning.due <= nowMs) {
        out.push(firstLearning.id);
        l++;
      } else if (fresh && takeNew) {
        out.push(fresh.id);
        newsLeft--;
        w = this.live(this.news, w + 1);
      } else if (review) {
        out.push(review.id);
        reviewsLeft--;
        r = this.live(this.reviews, r + 1);
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

  private markGone(id: string): void {
    const review = this.isReview.get(id);
    if (review === undefined || this.gone.has(id)) return;
    this.gone.add(id);
    this.goneLog.push(id);
    if (review) this.reviewsLeft--;
    else this.newsLeft--;
  }

  /**
   * Takes the answered card out and, if it is still in learning and due before the day ends, puts it back in its
   * place. Returns the ids of siblings it took out of today's queue (they wait until tomorrow).
   */
  answer(after: AnsweredCard, dayEndMs: number): string[] {
    const at = this.learning.findIndex((c) => c.id === after.id);
    if (at >= 0) this.learning.splice(at, 1);
    this.markGone(after.id);
    const siblings = (this.byNote.get(after.noteId) ?? []).filter((id) => id !== after.id && !this.gone.has(id));
    for (const id of siblings) this.markGone(id);
    if (after.queue === Queue.Learning && after.due < dayEndMs) {
      // After any card due at the same time, as a stable sort would put it.
      let lo = 0;
      let hi = this.learning.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.learning[mid]!.due <= after.due) lo = mid + 1;
        else hi = mid;
      }
      this.learning.splice(lo, 0, { id: after.id, noteId: after.noteId, deckId: after.deckId, due: after.due });
    }
    return siblings;
  }

  /** Takes a card out of today's queue without an answer (suspended or buried from the review screen); its siblings
   * stay. Undo with restore(). */
  remove(id: string): void {
    const at = this.learning.findIndex((c) => c.id === id);
    if (at >= 0) this.learning.splice(at, 1);
    this.markGone(id);
  }

  snapshot(): QueueSnapshot {
    return { learning: [...this.learning], goneCount: this.goneLog.length };
  }

  /** Brings back the queue as it was at `s`, a snapshot taken earlier in this queue's life (undo). */
  restore(s: QueueSnapshot): void {
    while (this.goneLog.length > s.goneCount) {
      const id = this.goneLog.pop()!;
      this.gone.delete(id);
      if (this.isReview.get(id)) this.reviewsLeft++;
      else this.newsLeft++;
    }
    this.learning = [...s.learning];
    this.reviewHead = 0;
    this.newHead = 0;
  }
}
