// Reschedule on change in storage: the preview reads and writes nothing, the reschedule writes one Reschedule row per
// card it changes in one transaction (the card summaries following, the day summaries untouched, the database check
// content), and undo puts back exactly what was there, card by card, leaving a card answered since as it is.
import 'fake-indexeddb/auto';
import { default_w } from 'ts-fsrs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buried, suspended } from '../../../src/core/card-actions';
import { answerCount, historyLength, lastEntry, Manual } from '../../../src/core/history';
import { Queue, type CardRecord } from '../../../src/core/model';
import { dueForecast, rescheduleCard } from '../../../src/core/reschedule';
import { Rating, State, type Grade } from '../../../src/core/scheduler';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { changeCards } from '../../../src/renderer/src/storage/card-actions';
import { checkDatabase } from '../../../src/renderer/src/storage/check';
import { saveSettings, studyDay } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { applyReschedule, previewReschedule, undoRescheduleChange } from '../../../src/renderer/src/storage/reschedule';
import { alphaDeck, answer, betaDeck, DAY, derived, dump, freshDb, MINUTE, mustGet, settingsWith, T0 } from './fixtures';

const OLD = settingsWith();
const NEW = settingsWith({ desiredRetention: 0.97 });
const H = OLD.dayStartHour;
/** The cards studied: five of alphaDeck (a-cloze:1 and a-rev:1 stay new), and one of betaDeck. */
const STUDIED = ['a-one:0', 'a-two:0', 'a-three:0', 'a-rev:0', 'a-cloze:0'];
/** The ones in review at the end (a-cloze:0 lapses on the last day): a new retention moves these; the relearning one
 * keeps its memory state (the answers give it, not the retention) and its due time, so it does not change. */
const REVIEWED = STUDIED.filter((id) => id !== 'a-cloze:0');
const DAYS = 40;
const NOW = T0 + DAYS * DAY + 2 * MINUTE;

let db: RetainDB;

/** Each card learned on day 0, then answered whenever due over DAYS days; the last one lapses on the last day. */
async function study(): Promise<void> {
  for (const id of [...STUDIED, 'b-one:0']) {
    await answer(db, id, Rating.Good, T0, OLD);
    await answer(db, id, Rating.Good, T0 + 10 * MINUTE, OLD);
  }
  for (let d = 1; d < DAYS; d++) {
    const at = T0 + d * DAY;
    for (const [i, id] of [...STUDIED, 'b-one:0'].entries()) {
      const card = await mustGet(db, id);
      if (card.sched.due > at) continue;
      const rating: Grade = i === 1 ? Rating.Hard : i === 2 && d > 10 ? Rating.Easy : Rating.Good;
      await answer(db, id, rating, at, OLD);
    }
  }
  // In relearning now: rescheduled for its memory state only.
  await answer(db, 'a-cloze:0', Rating.Again, T0 + DAYS * DAY, OLD);
}

const alphaCards = async () => (await db.cards.toArray()).filter((c) => c.deckId === 'alpha');
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const cumulative = (xs: number[]) => xs.map((_, i) => sum(xs.slice(0, i + 1)));

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
  await study();
});
afterEach(() => db.close());

describe('previewing a reschedule', () => {
  it('counts the cards that would change and the due forecast before and after, and writes nothing', async () => {
    const stored = await dump(db);
    const days = 14;
    const preview = await previewReschedule(db, ['alpha'], NEW, NOW, days);

    // What the core gives for the deck's cards.
    const cards = await alphaCards();
    const next = cards.map((c) => rescheduleCard(c, NEW, NOW, H));
    const changed = next.filter((c) => c !== null);
    expect(preview.cards).toBe(changed.length);
    expect(preview.cards).toBe(REVIEWED.length); // new cards stay, and so does the relearning one
    expect(preview.before).toEqual(dueForecast(cards, NOW, H, days));
    expect(preview.after).toEqual(dueForecast(next.map((c, i) => c ?? cards[i]!), NOW, H, days));
    expect(preview.before).toHaveLength(days);

    // A higher desired retention: review cards come due earlier, so at least as many on each first stretch of days.
    expect(preview.moved).toBe(4);
    const [before, after] = [cumulative(preview.before), cumulative(preview.after)];
    after.forEach((n, i) => expect(n).toBeGreaterThanOrEqual(before[i]!));
    expect(sum(preview.after)).toBeGreaterThan(sum(preview.before));

    // A lower one: later.
    const later = await previewReschedule(db, ['alpha'], settingsWith({ desiredRetention: 0.8 }), NOW, days);
    cumulative(later.after).forEach((n, i) => expect(n).toBeLessThanOrEqual(before[i]!));

    // The same settings: nothing would change.
    expect(await previewReschedule(db, ['alpha'], OLD, NOW, days)).toMatchObject({ cards: 0, moved: 0 });
    expect(await previewReschedule(db, [], NEW, NOW, days)).toEqual({ cards: 0, moved: 0, before: new Array(days).fill(0), after: new Array(days).fill(0) });
    expect(await dump(db)).toEqual(stored);
  });
});

describe('applying a reschedule', () => {
  it('writes one Reschedule row per changed card; the summaries follow and the database check is content', async () => {
    await saveSettings(db, NEW, NOW - MINUTE);
    const beforeCards = new Map((await db.cards.toArray()).map((c) => [c.id, c]));
    const daysBefore = (await derived(db, H)).stored.days;
    const preview = await previewReschedule(db, ['alpha'], NEW, NOW);

    const change = await applyReschedule(db, ['alpha'], NEW, NOW);
    expect(change.ids.sort()).toEqual([...REVIEWED].sort());
    expect(change.label).toBe('Reschedule 4 cards');

    for (const card of await db.cards.toArray()) {
      const old = beforeCards.get(card.id)!;
      if (!change.ids.includes(card.id)) {
        expect(card).toEqual(old); // new alpha cards, and every card of beta
        continue;
      }
      expect(historyLength(card.history)).toBe(historyLength(old.history) + 1);
      expect(answerCount(card.history)).toBe(answerCount(old.history));
      expect(lastEntry(card.history)).toMatchObject({ t: NOW, rating: Manual.Reschedule });
      expect(card).toEqual(rescheduleCard(old, NEW, NOW, H));
      if (card.sched.state === State.Review) expect(card.sched.due).toBeLessThan(old.sched.due);
      else expect([card.queue, card.due, card.sched.due]).toEqual([old.queue, old.due, old.sched.due]);
    }
    expect(await mustGet(db, 'b-one:0')).toEqual(beforeCards.get('b-one:0'));

    // The preview said what it did.
    const after = await previewReschedule(db, ['alpha'], NEW, NOW);
    expect(after.before).toEqual(preview.after);
    expect(after.cards).toBe(0);

    // Card summaries rebuilt from the cards equal the stored ones; the day summaries did not change (no answers).
    const { stored, expected } = await derived(db, H);
    expect(stored).toEqual(expected);
    expect(stored.days).toEqual(daysBefore);
    const report = await checkDatabase(db, NEW, { repair: false });
    expect(report.problems).toEqual([]);
  });

  it('with new parameters, gives a relearning card its new memory state and leaves its due time', async () => {
    const params = settingsWith({ fsrsParams: default_w.map((w, i) => (i < 4 ? w * 2 : i === 8 ? w + 0.3 : w)) });
    const relearning = await mustGet(db, 'a-cloze:0');
    expect(relearning.sched.state).toBe(State.Relearning);
    await saveSettings(db, params, NOW - MINUTE);
    const preview = await previewReschedule(db, ['alpha'], params, NOW);
    const change = await applyReschedule(db, ['alpha'], params, NOW);
    expect(change.ids.sort()).toEqual([...STUDIED].sort());
    expect(preview.cards).toBe(STUDIED.length);
    expect(preview.moved).toBeLessThanOrEqual(REVIEWED.length);
    const card = await mustGet(db, 'a-cloze:0');
    expect([card.queue, card.due, card.sched.due]).toEqual([relearning.queue, relearning.due, relearning.sched.due]);
    expect(card.sched.stability).not.toBe(relearning.sched.stability);
    const { stored, expected } = await derived(db, H);
    expect(stored).toEqual(expected);
    expect((await checkDatabase(db, params, { repair: false })).problems).toEqual([]);
  });

  it('reschedules suspended and buried cards too, which stay set aside', async () => {
    const today = studyDay(NOW, NEW).day;
    await changeCards(db, ['a-one:0'], suspended, 'Suspend');
    await changeCards(db, ['a-two:0'], (c) => buried(c, today), 'Bury');
    const change = await applyReschedule(db, ['alpha'], NEW, NOW);
    expect(change.ids).toEqual(expect.arrayContaining(['a-one:0', 'a-two:0']));
    const card = await mustGet(db, 'a-one:0');
    expect(card.queue).toBe(Queue.Suspended);
    expect(lastEntry(card.history)!.rating).toBe(Manual.Reschedule);
    const bury = await mustGet(db, 'a-two:0');
    expect([bury.queue, bury.buriedDay, bury.due]).toEqual([Queue.Buried, today, bury.sched.due]);
    const { stored, expected } = await derived(db, H);
    expect(stored).toEqual(expected);
  });
});

describe('undoing a reschedule', () => {
  it('puts back every card and summary exactly as they were', async () => {
    await saveSettings(db, NEW, NOW - MINUTE);
    const before = await dump(db);
    const change = await applyReschedule(db, ['alpha'], NEW, NOW);
    expect(await dump(db)).not.toEqual(before);
    expect(await undoRescheduleChange(db, change)).toEqual({ restored: REVIEWED.length, changedSince: 0, changedIds: [] });
    expect(await dump(db)).toEqual(before);
    const { stored, expected } = await derived(db, H);
    expect(stored).toEqual(expected);
    // Undone twice: the cards no longer end in this reschedule's row, nothing is written.
    expect(await undoRescheduleChange(db, change)).toMatchObject({ restored: 0, changedSince: REVIEWED.length });
    expect(await dump(db)).toEqual(before);
  });

  it('leaves a card answered since as it is, and says so; a card only suspended since is put back, still suspended', async () => {
    await saveSettings(db, NEW, NOW - MINUTE);
    const before = new Map((await db.cards.toArray()).map((c) => [c.id, c]));
    const change = await applyReschedule(db, ['alpha'], NEW, NOW);
    const moved = await mustGet(db, 'a-two:0');
    const answered = await answer(db, 'a-two:0', Rating.Good, moved.sched.due + MINUTE, NEW);
    await changeCards(db, ['a-one:0'], suspended, 'Suspend');

    const undo = await undoRescheduleChange(db, change);
    expect(undo).toEqual({ restored: REVIEWED.length - 1, changedSince: 1, changedIds: ['a-two:0'] });
    expect(await mustGet(db, 'a-two:0')).toEqual(answered);
    expect(await mustGet(db, 'a-one:0')).toEqual(suspended(before.get('a-one:0')!));
    for (const id of STUDIED.filter((id) => id !== 'a-one:0' && id !== 'a-two:0')) expect(await mustGet(db, id)).toEqual(before.get(id));
    const { stored, expected } = await derived(db, H);
    expect(stored).toEqual(expected);
    expect((await checkDatabase(db, NEW, { repair: false })).problems).toEqual([]);
  });

  it('a second reschedule on top is undone first; the first then undoes the rest', async () => {
    const before: CardRecord[] = await db.cards.toArray();
    const first = await applyReschedule(db, ['alpha'], NEW, NOW);
    const second = await applyReschedule(db, ['alpha'], settingsWith({ desiredRetention: 0.85 }), NOW + MINUTE);
    expect(second.ids.length).toBeGreaterThan(0);
    expect((await undoRescheduleChange(db, first)).changedSince).toBe(second.ids.length);
    await undoRescheduleChange(db, second);
    expect((await undoRescheduleChange(db, first)).restored).toBe(first.ids.length);
    expect(await db.cards.toArray()).toEqual(before);
  });
});
