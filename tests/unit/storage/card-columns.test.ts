// The per-card summaries follow every write to the cards table, whichever code makes it, in the same transaction:
// after each kind of write they equal the summaries built from the cards, and a write that fails takes its summary
// change with it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Queue } from '../../../src/core/model';
import { Rating, Scheduler } from '../../../src/core/scheduler';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { withBatchedDerived } from '../../../src/renderer/src/storage/derived-tables';
import { recordAnswer, unburyBefore, undoAnswer } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { alphaDeck, alphaNotes, answer, betaDeck, DAY, derived, dump, freshDb, MINUTE, mustGet, settingsWith, T0 } from './fixtures';

const settings = settingsWith();
let db: RetainDB;

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
});
afterEach(() => db.close());

async function expectInStep() {
  const { stored, expected } = await derived(db, settings.dayStartHour);
  expect(stored).toEqual(expected);
  return stored;
}

describe('card summaries', () => {
  it('hold every card of the decks once they are loaded', async () => {
    const stored = await expectInStep();
    expect(stored.columns.size).toBe(9);
    expect(stored.columns.get('a-one:0')).toMatchObject({ deckId: 'alpha', queue: Queue.New });
  });

  it('follow a rating (the card and the siblings it buries), its undo, and the unbury of the next day', async () => {
    const after = await answer(db, 'a-rev:0', Rating.Good, T0);
    let stored = await expectInStep();
    expect(stored.columns.get('a-rev:0')).toMatchObject({ queue: after.queue, stability: Math.fround(after.sched.stability) });
    expect(stored.columns.get('a-rev:1')?.queue).toBe(Queue.Buried);

    await undoAnswer(db, 'a-rev:0', settings, ['a-rev:1']);
    stored = await expectInStep();
    expect(stored.columns.get('a-rev:0')?.queue).toBe(Queue.New);

    await answer(db, 'a-rev:0', Rating.Easy, T0 + MINUTE);
    expect(await unburyBefore(db, (await mustGet(db, 'a-rev:1')).buriedDay! + 1)).toBe(1);
    stored = await expectInStep();
    expect(stored.columns.get('a-rev:1')?.queue).toBe(Queue.New);
  });

  it('follow a deck update that retires a note, and Table.update, delete and clear', async () => {
    const { rev: _gone, ...kept } = alphaNotes;
    await syncBundledDecks(db, [alphaDeck(Object.values(kept)), betaDeck()], T0 + DAY);
    let stored = await expectInStep();
    expect(stored.columns.get('a-rev:0')?.queue).toBe(Queue.Retired);

    await db.cards.update('a-one:0', { queue: Queue.Suspended });
    await db.cards.where(':id').between('b-', 'b-\uffff').modify({ deckId: 'alpha' });
    stored = await expectInStep();
    expect(stored.columns.get('a-one:0')?.queue).toBe(Queue.Suspended);
    expect(stored.columns.get('b-two:0')?.deckId).toBe('alpha');

    await db.cards.bulkDelete(['a-two:0', 'a-three:0']);
    await db.cards.where(':id').between('a-cloze:', 'a-cloze:\uffff').delete();
    stored = await expectInStep();
    expect(stored.columns.size).toBe(5);

    await db.cards.clear();
    stored = await expectInStep();
    expect(stored.columns.size).toBe(0);
    expect(await db.cardColumns.count()).toBe(0);
  });

  it('are left as they were when the transaction of a rating fails', async () => {
    await answer(db, 'a-one:0', Rating.Good, T0);
    const before = await dump(db);
    const card = await mustGet(db, 'a-two:0');
    const outcome = new Scheduler(settings).answer(card.id, card.sched, Rating.Good, T0 + MINUTE, 3000);
    // Fail the last write of the transaction, after the card and its summary were written.
    const put = vi.spyOn(db.hourBlocks, 'put').mockImplementation(() => {
      throw new Error('quota exceeded');
    });
    await expect(recordAnswer(db, card, outcome, settings)).rejects.toThrow('quota exceeded');
    put.mockRestore();
    expect(await dump(db)).toEqual(before);
    await expectInStep();
  });

  it('are read by a transaction that writes several chunks at once, each chunk once', async () => {
    const cards = await db.cards.toArray();
    await db.transaction('rw', db.cards, async () => {
      await db.cards.bulkPut(cards.map((c) => ({ ...c, queue: Queue.Suspended })));
      await db.cards.bulkPut(cards.slice(0, 3).map((c) => ({ ...c, queue: Queue.Buried, buriedDay: 1 })));
    });
    const stored = await expectInStep();
    expect([...stored.columns.values()].filter((r) => r.queue === Queue.Buried)).toHaveLength(3);
  });

  it('in batch mode, are brought up to date once at the end of the writes, deletions and overwrites included', async () => {
    const cards = await db.cards.toArray();
    await db.transaction('rw', db.cards, () =>
      withBatchedDerived(async () => {
        await db.cards.bulkPut(cards.map((c) => ({ ...c, queue: Queue.Suspended })));
        await db.cards.bulkPut(cards.slice(0, 2).map((c) => ({ ...c, queue: Queue.Buried, buriedDay: 1 })));
        await db.cards.delete(cards[2]!.id);
        // Nothing written to the summaries yet.
        const rows = await db.cardColumns.toArray();
        expect(rows.flatMap((c) => [...c.queue]).every((q) => q === Queue.New)).toBe(true);
      }),
    );
    const stored = await expectInStep();
    expect(stored.columns.size).toBe(cards.length - 1);
    expect([...stored.columns.values()].filter((r) => r.queue === Queue.Buried)).toHaveLength(2);
  });

  it('in batch mode, are left as they were when the transaction fails, and batch mode needs a transaction', async () => {
    const before = await dump(db);
    const cards = await db.cards.toArray();
    await expect(
      db.transaction('rw', db.cards, () =>
        withBatchedDerived(async () => {
          await db.cards.bulkPut(cards.map((c) => ({ ...c, queue: Queue.Suspended })));
          throw new Error('cancelled');
        }),
      ),
    ).rejects.toThrow('cancelled');
    expect(await dump(db)).toEqual(before);
    await expect(withBatchedDerived(async () => 1)).rejects.toThrow(/needs a read-write transaction/);
  });
});
