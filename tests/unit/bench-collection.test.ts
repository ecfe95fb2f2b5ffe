// The benchmark measures a generated collection; these tests hold it to the invariants of real data once it is
// stored: every card's state is the replay of its history, and the day summaries are the recount of the histories.
import { describe, expect, it } from 'vitest';
import { historyColumn } from '../../src/core/history';
import { contentHash } from '../../src/core/hash';
import { recountDays, replayCard } from '../../src/core/replay';
import { Scheduler } from '../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { RetainDB } from '../../src/renderer/src/storage/db';
import { addSummaries, daySummary } from '../../src/renderer/src/storage/days';
import { writeCollection } from '../../src/renderer/src/storage/write-collection';
import { derived } from './storage/fixtures';
import { describeCollection, generateCollection, SIZES } from '../bench/generate';

const NOW = new Date(2026, 2, 2, 10, 0).getTime();

describe('the benchmark collection', () => {
  const tiny = generateCollection(SIZES.tiny, DEFAULT_SETTINGS, NOW);

  it('has the size asked for, with a realistic spread of states and due dates', () => {
    const d = describeCollection(tiny, NOW, DEFAULT_SETTINGS.dayStartHour);
    expect(d).toMatchObject({ cards: 200, notes: 200, decks: 4, reviews: 1_500 });
    expect(d.new).toBe(60);
    expect(d.learning + d.review).toBe(140);
    expect(d.learning).toBeGreaterThan(0);
    // About a third of the studied cards are due today or overdue, the rest later.
    expect(d.dueToday).toBeGreaterThan(20);
    expect(d.dueToday).toBeLessThan(90);
    expect(tiny.cards.every((c) => historyColumn(c.history, 't').every((t) => t !== null && t < NOW))).toBe(true);
  });

  it('is the same for the same seed, and different for another', () => {
    const again = generateCollection(SIZES.tiny, DEFAULT_SETTINGS, NOW);
    expect(contentHash(JSON.stringify(again))).toBe(contentHash(JSON.stringify(tiny)));
    const other = generateCollection(SIZES.tiny, DEFAULT_SETTINGS, NOW, 7);
    expect(contentHash(JSON.stringify(other))).not.toBe(contentHash(JSON.stringify(tiny)));
  });

  it('once stored, passes the invariants of real data: states replay, summaries recount', async () => {
    const db = new RetainDB(`bench-${crypto.randomUUID()}`);
    await writeCollection(db, tiny);
    const cards = await db.cards.toArray();
    expect(cards).toHaveLength(200);
    const scheduler = new Scheduler(DEFAULT_SETTINGS);
    expect(cards.map((c) => replayCard(c, scheduler)).filter((m) => m !== null)).toEqual([]);
    const { stored, expected } = await derived(db, DEFAULT_SETTINGS.dayStartHour);
    expect(stored).toEqual(expected);
    expect(stored.days).toHaveLength(recountDays(cards, DEFAULT_SETTINGS.dayStartHour).size);
    db.close();
  });

  it('adds to the day summaries already stored rather than replacing them', async () => {
    const db = new RetainDB(`bench-${crypto.randomUUID()}`);
    const first = tiny.days[0]!;
    const answers = Array.from({ length: 16 }, (_, i) => (i === 2 ? 3 : i === 8 ? 2 : 0)); // 3 learning Good, 2 mature Again
    await db.transaction('rw', db.dayBlocks, db.hourBlocks, () =>
      addSummaries(db, [{ ...first, reviews: 5, newSeen: 1, reviewCards: 2, answers, kindMs: [1000, 0, 0, 0], timeMs: 1000 }]),
    );
    await writeCollection(db, tiny);
    const merged = await daySummary(db, first.deckId, first.day);
    expect(merged).toMatchObject({
      reviews: first.reviews + 5,
      newSeen: first.newSeen + 1,
      reviewCards: first.reviewCards + 2,
      timeMs: first.timeMs + 1000,
      answers: first.answers.map((n, i) => n + answers[i]!),
    });
    db.close();
  });
});
