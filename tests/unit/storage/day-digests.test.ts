// Each deck's digest of its day blocks follows every write to the blocks, whichever code makes it, in the same
// transaction: after each kind of write the stored digests equal the ones built from the stored blocks, and a write
// that fails takes its digest change with it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { blocksOf } from '../../../src/core/day-blocks';
import { digestsOf } from '../../../src/core/day-digests';
import { emptyDay } from '../../../src/core/model';
import { Rating, Scheduler } from '../../../src/core/scheduler';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { recordAnswer, saveSettings, undoAnswer } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { addSummaries } from '../../../src/renderer/src/storage/days';
import { alphaDeck, answer, betaDeck, DAY, dump, freshDb, MINUTE, mustGet, settingsWith, T0 } from './fixtures';

const settings = settingsWith();
let db: RetainDB;

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
});
afterEach(() => db.close());

async function expectInStep() {
  const stored = await db.dayDigests.toArray();
  expect(stored).toEqual(digestsOf(await db.dayBlocks.toArray()));
  return stored;
}

const studiedDays = (d: { blocks: Int32Array; studied: Uint32Array }) =>
  [...d.blocks].flatMap((block, i) => Array.from({ length: 32 }, (_, slot) => ((d.studied[i]! >>> slot) & 1 ? block * 32 + slot : [])).flat());

describe('day digests', () => {
  it('follow answers on two days and two decks, and the undo of the only answer of a day', async () => {
    await answer(db, 'a-rev:0', Rating.Good, T0);
    await answer(db, 'b-one:0', Rating.Again, T0 + MINUTE);
    await answer(db, 'a-one:0', Rating.Good, T0 + 3 * DAY);
    let digests = await expectInStep();
    expect(digests.map((d) => d.deckId)).toEqual(['alpha', 'beta']);
    const alpha = studiedDays(digests[0]!);
    expect(alpha).toHaveLength(2);
    expect(alpha[1]! - alpha[0]!).toBe(3);

    await undoAnswer(db, 'a-one:0', settings, []);
    digests = await expectInStep();
    expect(studiedDays(digests[0]!)).toEqual([alpha[0]]);
  });

  it('follow an import of summaries, a recount under a new day-start hour, and the deletion of blocks', async () => {
    await answer(db, 'a-rev:0', Rating.Good, T0);
    const day = (deckId: string, d: number) => {
      const s = emptyDay(deckId, d);
      s.answers[9] = 2; // mature Hard
      s.reviews = 2;
      return s;
    };
    await db.transaction('rw', [db.dayBlocks, db.hourBlocks], () => addSummaries(db, [day('alpha', 19_000), day('gamma', 19_001)]));
    let digests = await expectInStep();
    expect(digests.find((d) => d.deckId === 'gamma')!.retention[2]).toBe(2);

    await saveSettings(db, { ...settings, dayStartHour: (settings.dayStartHour + 12) % 24 }, T0 + DAY);
    digests = await expectInStep();
    // The recount comes from the histories: the imported summaries, which no history backs, are gone.
    expect(digests.map((d) => d.deckId)).toEqual(['alpha']);

    const blocks = blocksOf([day('beta', 19_000), day('beta', 19_100)]);
    await db.dayBlocks.bulkPut(blocks.days);
    await db.dayBlocks.delete(['beta', blocks.days[0]!.block]);
    digests = await expectInStep();
    expect([...digests.find((d) => d.deckId === 'beta')!.blocks]).toEqual([blocks.days[1]!.block]);
    await db.dayBlocks.where('[deckId+block]').between(['beta', -Infinity], ['beta', Infinity]).delete();
    await db.dayBlocks.clear();
    expect(await expectInStep()).toEqual([]);
  });

  it('are left as they were when the transaction of a rating fails', async () => {
    await answer(db, 'a-one:0', Rating.Good, T0);
    const before = await dump(db);
    const card = await mustGet(db, 'a-two:0');
    const outcome = new Scheduler(settings).answer(card.id, card.sched, Rating.Good, T0 + 2 * DAY, 3000);
    const put = vi.spyOn(db.hourBlocks, 'put').mockImplementation(() => {
      throw new Error('quota exceeded');
    });
    await expect(recordAnswer(db, card, outcome, settings)).rejects.toThrow('quota exceeded');
    put.mockRestore();
    expect(await dump(db)).toEqual(before);
    await expectInStep();
  });
});
