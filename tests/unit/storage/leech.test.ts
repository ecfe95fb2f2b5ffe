// Leeches: the lapse that reaches the threshold (and each half threshold after) tags the note `leech` and, by default,
// suspends the card; undo takes both back; the settings can make it tag only, or never.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Queue } from '../../../src/core/model';
import { Rating, Scheduler, type Grade } from '../../../src/core/scheduler';
import { isLeech, type Settings } from '../../../src/core/settings';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { recordAnswer, undoAnswer } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { alphaDeck, DAY, freshDb, mustGet, settingsWith, T0 } from './fixtures';

let db: RetainDB;
beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck()], T0);
});
afterEach(() => db.close());

/** Easy (a review card), then Again / Good in turn until the card has lapsed `lapses` times; returns the last answer. */
async function lapse(settings: Settings, lapses: number) {
  let now = T0;
  let last = null;
  for (const rating of [Rating.Easy, ...Array.from({ length: lapses * 2 - 1 }, (_, i): Grade => (i % 2 === 0 ? Rating.Again : Rating.Good))] as Grade[]) {
    const card = await mustGet(db, 'a-one:0');
    last = await recordAnswer(db, card, new Scheduler(settings).answer(card.id, card.sched, rating, now, 3000), settings);
    now += 5 * DAY;
  }
  return last!;
}

const tags = async () => (await db.notes.get('a-one'))!.tags;

describe('leeches', () => {
  it('are counted as Anki counts them: at the threshold, then every half threshold', () => {
    expect([7, 8, 9, 11, 12, 16, 20].map((n) => isLeech(n, 8))).toEqual([false, true, false, false, true, true, true]);
    expect([1, 2, 3].map((n) => isLeech(n, 1))).toEqual([true, true, true]);
    expect(isLeech(50, 0)).toBe(false);
  });

  it('the lapse that makes a card a leech tags its note and suspends it; undo takes both back', async () => {
    const settings = settingsWith({ leechThreshold: 2 });
    const recorded = await lapse(settings, 2);
    expect(recorded.leech).toEqual({ lapses: 2, suspended: true });
    expect((await mustGet(db, 'a-one:0')).queue).toBe(Queue.Suspended);
    expect(await tags()).toEqual(['geo', 'leech']);
    await undoAnswer(db, 'a-one:0', settings, []);
    expect((await mustGet(db, 'a-one:0')).queue).toBe(Queue.Review);
    expect(await tags()).toEqual(['geo']);
  });

  it('"tag" only tags; a threshold of 0 never does anything', async () => {
    const tagOnly = settingsWith({ leechThreshold: 2, leechAction: 'tag' });
    const recorded = await lapse(tagOnly, 2);
    expect(recorded.leech).toEqual({ lapses: 2, suspended: false });
    expect((await mustGet(db, 'a-one:0')).queue).toBe(Queue.Learning);
    expect(await tags()).toEqual(['geo', 'leech']);
  });

  it('a threshold of 0: never a leech', async () => {
    const never = settingsWith({ leechThreshold: 0 });
    const recorded = await lapse(never, 3);
    expect(recorded.leech).toBeNull();
    expect(await tags()).toEqual(['geo']);
  });
});
