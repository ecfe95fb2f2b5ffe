// Card actions in storage: suspend, bury, flag, reset, set due date in one write over many cards; undo puts back exactly what was there,
// and refuses (writing nothing) once a card changed since.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buried, flagged, parseDueSpec, restored, suspended } from '../../../src/core/card-actions';
import { dayStartMs } from '../../../src/core/day';
import { historyLength } from '../../../src/core/history';
import { CardActions } from '../../../src/renderer/src/state/card-actions';
import { checkDatabase } from '../../../src/renderer/src/storage/check';
import { allDaySummaries } from '../../../src/renderer/src/storage/days';
import { rowsOf } from '../../../src/core/card-columns';
import { Queue } from '../../../src/core/model';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { changeCards, ChangedSinceError, undoCardChange } from '../../../src/renderer/src/storage/card-actions';
import { deckOverview, studyDay, unburyBefore } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { alphaDeck, answer, DAY, derived, freshDb, mustGet, settingsWith, storedRows, T0 } from './fixtures';

let db: RetainDB;
const settings = settingsWith();
const today = studyDay(T0, settings).day;

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck()], T0);
});
afterEach(() => db.close());

const newCount = async (at = T0) => (await deckOverview(db, settings, at))[0]!.counts.new;
const columns = () => storedRows(db);

describe('card actions', () => {
  it('suspend takes cards out of the queue, unsuspend puts them back where they were', async () => {
    const n = await newCount();
    const change = await changeCards(db, ['a-one:0', 'a-two:0', 'no-such:0'], suspended, 'Suspend');
    expect(change.after.map((c) => c.id)).toEqual(['a-one:0', 'a-two:0']);
    expect((await mustGet(db, 'a-one:0')).queue).toBe(Queue.Suspended);
    expect(await newCount()).toBe(n - 2);
    // The statistics' and the browser's summaries follow in the same write.
    expect((await columns()).get('a-one:0')!.queue).toBe(Queue.Suspended);
    // Suspending again changes nothing and writes nothing.
    expect((await changeCards(db, ['a-one:0'], suspended, 'Suspend')).after).toEqual([]);
    await changeCards(db, ['a-one:0', 'a-two:0'], restored, 'Unsuspend');
    expect((await mustGet(db, 'a-one:0')).queue).toBe(Queue.New);
    expect((await mustGet(db, 'a-one:0')).due).toBe((await mustGet(db, 'a-one:0')).position);
    expect(await newCount()).toBe(n);
  });

  it('bury sets a card aside until the next study day; a reviewed card comes back due as before', async () => {
    await answer(db, 'a-one:0', 4, T0, settings); // Easy: a review card, due in days
    const reviewed = await mustGet(db, 'a-one:0');
    await changeCards(db, ['a-one:0', 'a-two:0'], (c) => buried(c, today), 'Bury');
    expect((await mustGet(db, 'a-two:0')).queue).toBe(Queue.Buried);
    expect(await unburyBefore(db, today)).toBe(0);
    expect(await unburyBefore(db, today + 1)).toBe(2);
    const back = await mustGet(db, 'a-one:0');
    expect(back).toEqual(reviewed);
    expect((await mustGet(db, 'a-two:0')).queue).toBe(Queue.New);
  });

  it('flags: set, changed, removed; the summaries carry them', async () => {
    await changeCards(db, ['a-one:0'], (c) => flagged(c, 2), 'Flag');
    expect((await mustGet(db, 'a-one:0')).flag).toBe(2);
    expect((await columns()).get('a-one:0')!.flag).toBe(2);
    await changeCards(db, ['a-one:0'], (c) => flagged(c, 0), 'Unflag');
    expect((await mustGet(db, 'a-one:0')).flag).toBeUndefined();
    expect((await columns()).get('a-one:0')!.flag).toBe(0);
  });

  it('undo puts back every card as it was, the summaries too', async () => {
    const before = [await mustGet(db, 'a-one:0'), await mustGet(db, 'a-two:0')];
    const rowsBefore = await columns();
    const change = await changeCards(db, ['a-one:0', 'a-two:0'], (c) => flagged(suspended(c), 4), 'Suspend and flag');
    await undoCardChange(db, change);
    expect([await mustGet(db, 'a-one:0'), await mustGet(db, 'a-two:0')]).toEqual(before);
    expect(await columns()).toEqual(rowsBefore);
  });

  it('undo refuses, and writes nothing, once a card changed since (answered in another window)', async () => {
    const change = await changeCards(db, ['a-one:0', 'a-two:0'], (c) => flagged(c, 1), 'Flag');
    await answer(db, 'a-two:0', 3, T0 + DAY / 2, settings);
    const answered = await mustGet(db, 'a-two:0');
    await expect(undoCardChange(db, change)).rejects.toThrow(ChangedSinceError);
    await expect(undoCardChange(db, change)).rejects.toThrow('"Flag" cannot be undone: card a-two:0 changed since. Nothing was undone.');
    expect((await mustGet(db, 'a-one:0')).flag).toBe(1);
    expect(await mustGet(db, 'a-two:0')).toEqual(answered);
  });
});

describe('reset to new and set due date', () => {
  const actions = (at: number) => new CardActions(db, () => settings, () => at, () => {});

  it('reset: the card is new again at its place, its answers still on their days, the check finds nothing; undo', async () => {
    await answer(db, 'a-one:0', 4, T0, settings); // Easy: a review card
    const reviewed = await mustGet(db, 'a-one:0');
    const daysBefore = await allDaySummaries(db);
    const n = await newCount(T0 + DAY);
    const change = await actions(T0 + DAY).perform(['a-one:0'], { kind: 'reset', resetCounts: false });
    expect(change.label).toBe('Reset 1 card to new');
    const reset = await mustGet(db, 'a-one:0');
    expect([reset.queue, reset.due, reset.sched.reps]).toEqual([Queue.New, reviewed.position, 1]);
    expect(await newCount(T0 + DAY)).toBe(n + 1);
    // The history records it; the statistics do not count it as an answer.
    expect(historyLength(reset.history)).toBe(2);
    expect(await allDaySummaries(db)).toEqual(daysBefore);
    const { stored, expected } = await derived(db, settings.dayStartHour);
    expect(stored).toEqual(expected);
    const report = await checkDatabase(db, settings, { repair: false });
    expect(report.problems).toEqual([]);
    expect(report.reviews).toBe(1);
    await actions(T0 + DAY).undo(change);
    expect(await mustGet(db, 'a-one:0')).toEqual(reviewed);
    expect(await newCount(T0 + DAY)).toBe(n);
  });

  it('set due date: due on that study day, shown in the deck counts that day and not before; undo', async () => {
    const change = await actions(T0).perform(['a-one:0', 'a-two:0'], { kind: 'due', spec: parseDueSpec('2') });
    expect(change.label).toBe('Make 2 cards due in 2 days');
    const moved = await mustGet(db, 'a-one:0');
    expect(moved.queue).toBe(Queue.Review);
    expect(moved.due).toBe(dayStartMs(today + 2, settings.dayStartHour));
    const reviewCount = async (at: number) => (await deckOverview(db, settings, at))[0]!.counts.review;
    expect(await reviewCount(T0 + DAY)).toBe(0);
    expect(await reviewCount(T0 + 2 * DAY)).toBe(2);
    expect((await checkDatabase(db, settings, { repair: false })).problems).toEqual([]);
    // Answered when due, it goes on from there.
    await answer(db, 'a-one:0', 3, T0 + 2 * DAY, settings);
    expect((await mustGet(db, 'a-one:0')).sched.stability).toBeGreaterThan(moved.sched.stability);
    expect((await checkDatabase(db, settings, { repair: false })).problems).toEqual([]);
    // The answered card changed since: undo refuses and writes nothing.
    await expect(actions(T0).undo(change)).rejects.toThrow(ChangedSinceError);
    expect((await mustGet(db, 'a-two:0')).queue).toBe(Queue.Review);
  });
});
