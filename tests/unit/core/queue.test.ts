import { describe, expect, it } from 'vitest';
import { Queue } from '../../../src/core/model';
import { dedupeSiblings, LEARN_AHEAD_MS, StudyQueue, type LearningCard, type QueueCard } from '../../../src/core/queue';

const NOW = Date.UTC(2026, 0, 5, 9, 0);
const MIN = 60_000;
const DAY_END = Date.UTC(2026, 0, 6, 4, 0);

/** A card `${note}:${ord}` of note `note` (each card its own note unless said otherwise). */
const card = (note: string, ord = 0): QueueCard => ({ id: `${note}:${ord}`, noteId: note, deckId: 'd1' });
const learning = (note: string, due: number, ord = 0): LearningCard => ({ ...card(note, ord), due });
const ids = (cards: readonly { id: string }[]): string[] => cards.map((c) => c.id);

/** Answers whatever comes next as if it graduated (leaves today's queue), and returns the order shown. */
function drain(q: StudyQueue, now = NOW): string[] {
  const order: string[] = [];
  for (let c = q.next(now); c !== null; c = q.next(now)) {
    order.push(c.id);
    q.answer({ ...c, due: now + 3 * 86_400_000, queue: Queue.Review }, DAY_END);
    if (order.length > 100) throw new Error('queue does not drain');
  }
  return order;
}

describe('StudyQueue order', () => {
  it('shows a due learning card before reviews and new cards', () => {
    const q = new StudyQueue([learning('l', NOW - MIN)], [card('r')], [card('n')]);
    expect(q.next(NOW)?.id).toBe('l:0');
  });

  it('shows due learning cards earliest first', () => {
    const q = new StudyQueue([learning('late', NOW - MIN), learning('early', NOW - 5 * MIN)], [], []);
    expect(q.next(NOW)?.id).toBe('early:0');
  });

  it('lets a learning card that is not yet due wait behind reviews and new cards', () => {
    const q = new StudyQueue([learning('l', NOW + 5 * MIN)], [card('r')], [card('n')]);
    expect(drain(q)).toEqual(['r:0', 'n:0', 'l:0']);
  });

  it('shows a learning card early when nothing else is left and it is due within 20 minutes', () => {
    expect(LEARN_AHEAD_MS).toBe(20 * MIN);
    expect(new StudyQueue([learning('l', NOW + 19 * MIN)], [], []).next(NOW)?.id).toBe('l:0');
    expect(new StudyQueue([learning('l', NOW + 20 * MIN)], [], []).next(NOW)?.id).toBe('l:0');
  });

  it('shows nothing when the only learning card is further away, and tells when it is due', () => {
    const q = new StudyQueue([learning('l', NOW + 21 * MIN)], [], []);
    expect(q.next(NOW)).toBeNull();
    expect(q.nextLearningDue()).toBe(NOW + 21 * MIN);
    expect(q.empty).toBe(false);
    expect(q.next(NOW + MIN)?.id).toBe('l:0');
  });

  it('has no next learning time when no card is in learning', () => {
    expect(new StudyQueue([], [card('r')], []).nextLearningDue()).toBeNull();
  });

  it('keeps reviews in due order and new cards in deck order', () => {
    const q = new StudyQueue([], [card('r1'), card('r2'), card('r3')], []);
    expect(drain(q)).toEqual(['r1:0', 'r2:0', 'r3:0']);
    const n = new StudyQueue([], [], [card('n1'), card('n2')]);
    expect(drain(n)).toEqual(['n1:0', 'n2:0']);
  });

  it('spreads new cards among reviews: 10 reviews + 2 new puts one new card in each half', () => {
    const reviews = Array.from({ length: 10 }, (_, i) => card(`r${i}`));
    const q = new StudyQueue([], reviews, [card('nA'), card('nB')]);
    const order = drain(q);
    expect(order).toHaveLength(12);
    const a = order.indexOf('nA:0');
    const b = order.indexOf('nB:0');
    expect(a).toBeLessThan(b);
    expect(a).toBeLessThan(6);
    expect(b).toBeGreaterThanOrEqual(6);
    // Reviews keep their own order.
    expect(order.filter((id) => id.startsWith('r'))).toEqual(ids(reviews));
  });

  it('spreads reviews among many new cards too (2 reviews + 10 new)', () => {
    const news = Array.from({ length: 10 }, (_, i) => card(`n${i}`));
    const order = drain(new StudyQueue([], [card('rA'), card('rB')], news));
    const a = order.indexOf('rA:0');
    const b = order.indexOf('rB:0');
    expect(a).toBeLessThan(6);
    expect(b).toBeGreaterThanOrEqual(6);
  });
});

describe('StudyQueue.upcoming (what to read ahead)', () => {
  it('lists the cards in the order they will be shown, learning cards due later last', () => {
    const make = () =>
      new StudyQueue(
        [learning('soon', NOW + 5 * MIN), learning('due', NOW - MIN)],
        [card('r1'), card('r2'), card('r3'), card('r4')],
        [card('n1'), card('n2')],
      );
    const q = make();
    expect(q.upcoming(20, NOW)).toEqual(drain(make()));
    expect(q.upcoming(20, NOW)).toEqual(['due:0', 'r1:0', 'n1:0', 'r2:0', 'r3:0', 'n2:0', 'r4:0', 'soon:0']);
    expect(q.upcoming(3, NOW)).toEqual(['due:0', 'r1:0', 'n1:0']);
  });

  it('reaches new cards even when many learning cards wait for later', () => {
    const waiting = Array.from({ length: 10 }, (_, i) => learning(`l${i}`, NOW + (i + 1) * MIN));
    const q = new StudyQueue(waiting, [], [card('n1'), card('n2')]);
    expect(q.upcoming(3, NOW)).toEqual(['n1:0', 'n2:0', 'l0:0']);
  });
});

describe('StudyQueue.answer', () => {
  it('takes the answered card out of the queue', () => {
    const q = new StudyQueue([], [card('r1'), card('r2')], []);
    q.answer({ ...learning('r1', NOW + 3 * 86_400_000), queue: Queue.Review }, DAY_END);
    expect(q.counts()).toEqual({ new: 0, learning: 0, review: 1 });
    expect(q.next(NOW)?.id).toBe('r2:0');
  });

  it('puts a card still in learning back when its step is due before the day ends', () => {
    const q = new StudyQueue([], [card('r1'), card('r2')], []);
    q.answer({ ...learning('r1', NOW + 10 * MIN), queue: Queue.Learning }, DAY_END);
    expect(q.counts()).toEqual({ new: 0, learning: 1, review: 1 });
    expect(q.nextLearningDue()).toBe(NOW + 10 * MIN);
    expect(q.next(NOW)?.id).toBe('r2:0');
    expect(q.next(NOW + 10 * MIN)?.id).toBe('r1:0');
  });

  it('does not put it back when its step falls after the day ends', () => {
    const q = new StudyQueue([], [], [card('n1')]);
    q.answer({ ...learning('n1', DAY_END), queue: Queue.Learning }, DAY_END);
    expect(q.counts()).toEqual({ new: 0, learning: 0, review: 0 });
    expect(q.empty).toBe(true);
    expect(q.nextLearningDue()).toBeNull();
  });

  it('moves a re-answered learning card to its new place among the learning cards', () => {
    const q = new StudyQueue([learning('a', NOW - MIN), learning('b', NOW + 5 * MIN)], [], []);
    q.answer({ ...learning('a', NOW + 10 * MIN), queue: Queue.Learning }, DAY_END);
    expect(q.counts().learning).toBe(2);
    expect(ids(q.snapshot().learning)).toEqual(['b:0', 'a:0']);
  });

  it('removes the siblings of an answered card from reviews and new cards, and returns their ids', () => {
    const q = new StudyQueue(
      [learning('x', NOW - MIN, 2)],
      [card('x', 0), card('y', 0)],
      [card('x', 1), card('z', 0)],
    );
    const buried = q.answer({ ...learning('x', NOW + 3 * 86_400_000, 2), queue: Queue.Review }, DAY_END);
    expect(buried.sort()).toEqual(['x:0', 'x:1']);
    expect(q.counts()).toEqual({ new: 1, learning: 0, review: 1 });
    expect(drain(q)).toEqual(['y:0', 'z:0']);
  });

  it('returns no ids when the card has no siblings in the queue', () => {
    const q = new StudyQueue([], [card('a'), card('b')], []);
    expect(q.answer({ ...learning('a', NOW + 86_400_000), queue: Queue.Review }, DAY_END)).toEqual([]);
  });
});

describe('StudyQueue counts and snapshot', () => {
  it('counts each list', () => {
    const q = new StudyQueue([learning('l1', NOW), learning('l2', NOW + MIN)], [card('r1'), card('r2'), card('r3')], [card('n1')]);
    expect(q.counts()).toEqual({ new: 1, learning: 2, review: 3 });
    expect(q.empty).toBe(false);
    expect(new StudyQueue([], [], []).empty).toBe(true);
  });

  it('restore brings back the queue as it was at the snapshot (undo)', () => {
    const q = new StudyQueue([learning('l', NOW - MIN)], [card('r1'), card('x', 0)], [card('x', 1), card('n1')]);
    const before = q.snapshot();
    const beforeCopy = JSON.parse(JSON.stringify(before));
    q.answer({ ...learning('x', NOW + 10 * MIN, 0), queue: Queue.Learning }, DAY_END);
    q.answer({ ...learning('l', NOW + 86_400_000), queue: Queue.Review }, DAY_END);
    expect(q.counts()).toEqual({ new: 1, learning: 1, review: 1 });
    // The snapshot is not changed by later answers.
    expect(before).toEqual(beforeCopy);
    q.restore(before);
    expect(q.counts()).toEqual({ new: 2, learning: 1, review: 2 });
    expect(q.snapshot()).toEqual(beforeCopy);
    expect(q.next(NOW)?.id).toBe('l:0');
  });
});

describe('StudyQueue.remove (a card suspended or buried from the review screen)', () => {
  it('takes only that card out, siblings stay; restore brings it back in its place', () => {
    const q = new StudyQueue([learning('l', NOW - MIN)], [card('r'), card('s', 0)], [card('s', 1), card('n')]);
    const before = q.snapshot();
    q.remove('l:0');
    q.remove('r:0');
    expect(q.counts()).toEqual({ new: 2, learning: 0, review: 1 });
    expect(drain(q)).toEqual(['s:1', 'n:0']); // s:0 and s:1 are siblings: answering one sets the other aside
    q.restore(before);
    expect(q.counts()).toEqual({ new: 2, learning: 1, review: 2 });
    expect(q.next(NOW)?.id).toBe('l:0');
  });
});

describe('dedupeSiblings', () => {
  it('keeps one card per note', () => {
    const r = dedupeSiblings([], [card('a', 0), card('a', 1), card('b', 0)], [card('c', 0), card('c', 1)], 10);
    expect(ids(r.reviews)).toEqual(['a:0', 'b:0']);
    expect(ids(r.news)).toEqual(['c:0']);
  });

  it('lets a review win over a new sibling', () => {
    const r = dedupeSiblings([], [card('a', 1)], [card('a', 0), card('b', 0)], 10);
    expect(ids(r.reviews)).toEqual(['a:1']);
    expect(ids(r.news)).toEqual(['b:0']);
  });

  it('excludes the siblings of cards in learning', () => {
    const r = dedupeSiblings([learning('a', NOW, 0)], [card('a', 1), card('b', 0)], [card('a', 2), card('c', 0)], 10);
    expect(ids(r.reviews)).toEqual(['b:0']);
    expect(ids(r.news)).toEqual(['c:0']);
  });

  it('applies the new-card limit after removing siblings', () => {
    const r = dedupeSiblings([], [card('a', 0)], [card('a', 1), card('b', 0), card('b', 1), card('c', 0), card('d', 0)], 2);
    expect(ids(r.news)).toEqual(['b:0', 'c:0']);
  });

  it('gives no new cards with a limit of 0, and keeps all reviews', () => {
    const reviews = Array.from({ length: 300 }, (_, i) => card(`r${i}`));
    const r = dedupeSiblings([], reviews, [card('n')], 0);
    expect(r.news).toEqual([]);
    expect(r.reviews).toHaveLength(300);
  });
});

describe('StudyQueue against a plain model', () => {
  /** The same rules over plain lists, copied whole at every step: slow, obviously right. */
  class PlainQueue {
    constructor(
      public learning: LearningCard[],
      public reviews: QueueCard[],
      public news: QueueCard[],
      private readonly initial = [reviews.length, news.length] as const,
    ) {
      this.learning = [...learning].sort((a, b) => a.due - b.due);
    }
    next(now: number): QueueCard | null {
      const l = this.learning[0];
      if (l && l.due <= now) return l;
      const [r, n] = [this.reviews[0], this.news[0]];
      if (r && n) return this.news.length * this.initial[0] > this.reviews.length * this.initial[1] ? n : r;
      return r ?? n ?? (l && l.due <= now + LEARN_AHEAD_MS ? l : null);
    }
    answer(after: LearningCard & { queue: Queue }, dayEnd: number): string[] {
      const keep = (c: QueueCard) => c.id !== after.id;
      this.learning = this.learning.filter(keep);
      this.reviews = this.reviews.filter(keep);
      this.news = this.news.filter(keep);
      const siblings = [...this.reviews, ...this.news].filter((c) => c.noteId === after.noteId).map((c) => c.id);
      this.reviews = this.reviews.filter((c) => !siblings.includes(c.id));
      this.news = this.news.filter((c) => !siblings.includes(c.id));
      if (after.queue === Queue.Learning && after.due < dayEnd) {
        this.learning.push({ id: after.id, noteId: after.noteId, deckId: after.deckId, due: after.due });
        this.learning.sort((a, b) => a.due - b.due);
      }
      return siblings;
    }
  }

  it('gives the same cards, counts and siblings over random answers and undos', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    for (let round = 0; round < 30; round++) {
      const notes = Array.from({ length: 12 }, (_, i) => `n${round}-${i}`);
      const pick = () => notes[Math.floor(random() * notes.length)]!;
      const used = new Set<string>();
      const fresh = (ord: number) => {
        let c: QueueCard;
        do c = card(pick(), ord + Math.floor(random() * 3)); while (used.has(c.id));
        used.add(c.id);
        return c;
      };
      const learningCards = Array.from({ length: 3 }, () => ({ ...fresh(0), due: NOW + Math.floor((random() - 0.5) * 40) * MIN }));
      const reviews = Array.from({ length: 8 }, () => fresh(3));
      const news = Array.from({ length: 6 }, () => fresh(6));
      const q = new StudyQueue(learningCards, reviews, news);
      let plain = new PlainQueue(learningCards, reviews, news);
      const history: { snap: ReturnType<StudyQueue['snapshot']>; plain: PlainQueue }[] = [];
      let now = NOW;
      for (let step = 0; step < 40; step++) {
        expect(q.next(now)?.id ?? null).toBe(plain.next(now)?.id ?? null);
        expect(q.counts()).toEqual({ new: plain.news.length, learning: plain.learning.length, review: plain.reviews.length });
        if (history.length > 0 && random() < 0.2) {
          const back = history.pop()!;
          q.restore(back.snap);
          plain = back.plain;
          continue;
        }
        const c = q.next(now);
        if (!c) {
          now += 10 * MIN;
          continue;
        }
        history.push({ snap: q.snapshot(), plain: Object.assign(new PlainQueue([], [], []), structuredClone({ ...plain })) });
        const stays = random() < 0.3;
        const after = { ...c, due: stays ? now + Math.floor(random() * 30) * MIN : now + 3 * 86_400_000, queue: stays ? Queue.Learning : Queue.Review };
        expect(q.answer(after, DAY_END).sort()).toEqual(plain.answer(after, DAY_END).sort());
        now += MIN;
      }
    }
  });
});
