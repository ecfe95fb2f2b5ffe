// Check database on a stored collection: a sound one is reported sound; each kind of damage is found, named and,
// where it can be derived, repaired, after which a second check finds nothing.
import { packNoteTexts } from '../../../src/core/note-texts';
import { readNoteTexts } from '../../../src/renderer/src/storage/note-texts';
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkOfCard } from '../../../src/core/card-columns';
import { Queue } from '../../../src/core/model';
import { Rating } from '../../../src/core/scheduler';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { checkDatabase } from '../../../src/renderer/src/storage/check';
import { loadSettings, saveSettings } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { alphaDeck, answer, betaDeck, DAY, derived, dump, freshDb, HOUR, mustGet, settingsWith, T0 } from './fixtures';

let db: RetainDB;

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
  await answer(db, 'a-one:0', Rating.Good, T0);
  await answer(db, 'a-one:0', Rating.Good, T0 + 10 * 60_000);
  await answer(db, 'a-two:0', Rating.Again, T0 + HOUR);
  await answer(db, 'b-one:0', Rating.Easy, T0 + 2 * HOUR);
  await answer(db, 'a-one:0', Rating.Hard, T0 + 3 * DAY);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const check = async (repair = false) => checkDatabase(db, await loadSettings(db), { repair });

describe('checkDatabase', () => {
  it('finds nothing wrong with a collection written by the app, and counts what it read', async () => {
    const report = await check();
    expect(report).toEqual({ cards: 9, notes: 7, decks: 2, reviews: 5, unverifiedReviews: 0, problems: [], repaired: false });
  });

  it('finds a damaged card state, a miscounted day and a stale statistics row; repairs them all', async () => {
    const good = await mustGet(db, 'a-one:0');
    const before = await dump(db);
    // A bug that wrote a wrong stability (the columns middleware keeps the statistics row in step with it).
    await db.cards.put({ ...good, sched: { ...good.sched, stability: 99 } });
    // A day block counting an answer too many.
    const block = (await db.dayBlocks.toArray())[0]!;
    const counts = block.counts.slice();
    counts[counts.findIndex((c) => c > 0)]! += 1;
    await db.dayBlocks.put({ ...block, counts });
    // A statistics row out of step with its card (written around the middleware's back).
    const chunk = (await db.cardColumns.get(chunkOfCard('b-one:0')))!;
    const row = (await db.cardColumnIds.get(chunk.chunk))!.ids.indexOf('b-one:0');
    const stability = new Float32Array(chunk.stability);
    stability[row] = 12345;
    await db.cardColumns.put({ ...chunk, stability });

    const found = await check();
    expect(found.repaired).toBe(false);
    expect(found.problems.map((p) => [p.what, p.count, p.repaired])).toEqual([
      ['cards whose state or place does not follow from their history', 1, 0],
      ['days whose summary is not the count of their reviews', 1, 0],
      // b-one's, and a-one's: the repaired card is not the one the row was kept for.
      ['cards whose summary for the statistics is out of date', 2, 0],
    ]);
    expect(found.problems[0]!.examples).toEqual(['card a-one:0: its state is not the replay of its history']);
    // Checking alone changed nothing.
    expect((await mustGet(db, 'a-one:0')).sched.stability).toBe(99);

    const fixedReport = await check(true);
    expect(fixedReport.repaired).toBe(true);
    expect(fixedReport.problems.map((p) => [p.count, p.repaired])).toEqual([[1, 1], [1, 1], [2, 2]]);
    expect(await mustGet(db, 'a-one:0')).toEqual(good);
    const after = await derived(db, settingsWith().dayStartHour);
    expect(after.stored).toEqual(after.expected);
    expect(await dump(db)).toEqual(before);
    expect((await check()).problems).toEqual([]);
  });

  it('finds a deck digest out of step with the day blocks (a missing one, a wrong one) and rebuilds them', async () => {
    const before = await dump(db);
    const [alpha, beta] = await db.dayDigests.toArray();
    // Written around the middleware's back: alpha's studied days lose a bit, beta's digest is gone.
    await db.dayDigests.put({ ...alpha!, studied: alpha!.studied.map((bits) => bits & (bits - 1)) });
    await db.dayDigests.delete(beta!.deckId);
    const found = await check();
    expect(found.problems.map((p) => [p.what, p.count, p.examples])).toEqual([
      ['decks whose digest of study days is out of date', 2, ['deck "Alpha"', 'deck "Beta" (no digest)']],
    ]);
    const fixed = await check(true);
    expect(fixed.problems.map((p) => [p.count, p.repaired])).toEqual([[2, 2]]);
    expect(await dump(db)).toEqual(before);
    expect((await check()).problems).toEqual([]);
  });

  it('finds notes whose text for the browser is out of step (changed, missing, left over) and rebuilds them', async () => {
    const before = await dump(db);
    const [first, second] = await readNoteTexts(db);
    // Written around the middleware's back.
    await db.noteTexts.put(packNoteTexts({ ...first!, text: first!.text.map((t, i) => (i === 0 ? 'stale' : t)) }));
    await db.noteTexts.put(packNoteTexts({ ...second!, ids: [...second!.ids, 'gone'], text: [...second!.text, 'x'], tags: [...second!.tags, ''] }));
    const found = await check();
    expect(found.problems.map((p) => [p.what, p.count, p.examples])).toEqual([
      ['notes whose text for the browser is out of date', 2, [`note ${first!.ids[0]}`, 'note gone (no longer in the collection)']],
    ]);
    expect((await check(true)).problems.map((p) => [p.count, p.repaired])).toEqual([[2, 2]]);
    expect(await dump(db)).toEqual(before);
    expect((await check()).problems).toEqual([]);
  });

  it('reports what cannot be derived and leaves it: an unreadable review, a card whose note is gone', async () => {
    const card = await mustGet(db, 'a-two:0');
    const history = new Float64Array(card.history);
    history[1] = 7; // the rating of its one review: no button, no manual row
    await db.cards.put({ ...card, history });
    await db.notes.delete('b-two');
    const report = await check(true);
    expect(report.problems.map((p) => [p.what, p.examples, p.repaired])).toEqual([
      ['cards with a history that cannot be replayed', ['card a-two:0: review 1 of 1 is unreadable'], 0],
      ['cards whose note is missing', ['card b-two:0'], 0],
      // Its row is no answer any more, so its day no longer adds up; the recount is written.
      ['days whose summary is not the count of their reviews', ['deck "Alpha", 2026-03-10: 3 answers counted, 2 in the histories'], 1],
    ]);
    expect((await mustGet(db, 'a-two:0')).history).toEqual(history);
  });

  it('after a change of the scheduling settings, replays only the answers given since', async () => {
    await saveSettings(db, settingsWith({ desiredRetention: 0.85 }), T0 + 4 * DAY);
    const report = await check();
    expect(report.unverifiedReviews).toBe(5);
    expect(report.problems).toEqual([]);
    await answer(db, 'a-one:0', Rating.Good, T0 + 10 * DAY, settingsWith({ desiredRetention: 0.85 }));
    expect((await check()).problems).toEqual([]);
  });

  it('puts a card back in its queue', async () => {
    const card = await mustGet(db, 'b-one:0');
    await db.cards.put({ ...card, queue: Queue.New, due: 0 });
    const report = await check(true);
    expect(report.problems[0]!.examples).toEqual(['card b-one:0: it is in the wrong place in the study queue']);
    expect(await mustGet(db, 'b-one:0')).toEqual(card);
  });
});

describe('saveSettings', () => {
  it('recounts the day summaries when the day starts at another hour', async () => {
    // A review at 2:00 belongs to the day before when days start at 4:00, to its own day when they start at 0:00.
    await answer(db, 'a-three:0', Rating.Good, T0 + 16 * HOUR); // 2:00 the next morning
    await saveSettings(db, settingsWith({ dayStartHour: 0 }), T0 + DAY);
    const after = await derived(db, 0);
    expect(after.stored.days).toEqual(after.expected.days);
    expect((await check()).problems).toEqual([]);
  });
});
