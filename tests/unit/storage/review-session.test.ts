import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyColumn } from '../../../src/core/history';
import { Queue, ratingsOf } from '../../../src/core/model';
import { Rating, State, type Grade } from '../../../src/core/scheduler';
import type { Settings } from '../../../src/core/settings';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { deckOverview, getDaySummaries, studyDay } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { ReviewSession } from '../../../src/renderer/src/state/review-session.svelte';
import { alphaDeck, answer, DAY, freshDb, HOUR, local, MINUTE, mustGet, settingsWith, T0 } from './fixtures';

let db: RetainDB;
let now: number;
const clock = () => now;

beforeEach(async () => {
  db = freshDb();
  now = T0;
  await syncBundledDecks(db, [alphaDeck()], T0);
});
afterEach(() => {
  db.close();
});

function session(settings: Settings = settingsWith()): ReviewSession {
  return new ReviewSession(db, settings, ['alpha'], new Map([['alpha', 'Alpha']]), clock);
}

/** Reveals and rates the shown card, a few seconds later each time, as a user would. */
async function study(s: ReviewSession, rating: Grade): Promise<string> {
  expect(s.phase).toBe('question');
  const id = s.shown!.card.id;
  now += 3000;
  s.reveal();
  now += 2000;
  await s.rate(rating);
  await s.settled(); // ratings are written in the background, in order
  return id;
}

describe('ReviewSession', () => {
  it('shows a question, then the answer with four buttons and their intervals', async () => {
    const s = session();
    expect(s.phase).toBe('loading');
    await s.start();
    expect(s.phase).toBe('question');
    expect(s.error).toBeNull();
    expect(s.shown?.card.id).toBe('a-one:0');
    expect(s.shown?.question).toBe('Capital of France?');
    expect(s.shown?.answer).toBe('Paris');
    expect(s.shown?.deckName).toBe('Alpha');
    expect(s.counts).toEqual({ new: 5, learning: 0, review: 0 });

    s.reveal();
    expect(s.phase).toBe('answer');
    const buttons = s.shown!.buttons;
    expect(buttons.map((b) => b.label)).toEqual(['Again', 'Hard', 'Good', 'Easy']);
    expect(buttons.map((b) => b.rating)).toEqual([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]);
    expect(buttons.slice(0, 3).map((b) => b.interval)).toEqual(['1m', '6m', '10m']);
    expect(buttons[3]!.interval).toMatch(/^\d+d$/);
  });

  it('ignores a rating before the answer is shown, and a double press records one answer', async () => {
    const s = session();
    await s.start();
    await s.rate(Rating.Good);
    expect(s.phase).toBe('question');
    expect(historyColumn((await mustGet(db, 'a-one:0')).history, 't')).toEqual([]);

    s.reveal();
    await Promise.all([s.rate(Rating.Good), s.rate(Rating.Good)]);
    await s.settled();
    expect(s.error).toBeNull();
    expect(s.shown?.card.id).toBe('a-two:0');
    expect(historyColumn((await mustGet(db, 'a-one:0')).history, 't')).toHaveLength(1);
    expect((await getDaySummaries(db, s.today.day))[0]?.reviews).toBe(1);
    expect(s.reviewed).toBe(1);
  });

  it('records each rating and shows the next card, the remaining counts going down', async () => {
    const s = session();
    await s.start();
    const seen: string[] = [];
    const counts = [s.counts];

    seen.push(await study(s, Rating.Good)); // a-one -> learning (10m)
    counts.push(s.counts);
    seen.push(await study(s, Rating.Again)); // a-two -> learning (1m)
    counts.push(s.counts);
    seen.push(await study(s, Rating.Hard)); // a-three -> learning (6m)
    counts.push(s.counts);
    seen.push(await study(s, Rating.Easy)); // a-rev:0 -> review
    counts.push(s.counts);

    expect(seen).toEqual(['a-one:0', 'a-two:0', 'a-three:0', 'a-rev:0']);
    expect(counts).toEqual([
      { new: 5, learning: 0, review: 0 },
      { new: 4, learning: 1, review: 0 },
      { new: 3, learning: 2, review: 0 },
      { new: 2, learning: 3, review: 0 },
      { new: 1, learning: 3, review: 0 },
    ]);
    expect(s.reviewed).toBe(4);
    expect(s.undoable).toBe(4);

    await s.settled(); // the ratings are written in the background, in order
    const ratings = await Promise.all(seen.map(async (id) => historyColumn((await mustGet(db, id)).history, 'rating')));
    expect(ratings).toEqual([[Rating.Good], [Rating.Again], [Rating.Hard], [Rating.Easy]]);
    const rev = await mustGet(db, 'a-rev:0');
    expect(rev.queue).toBe(Queue.Review);
    expect(historyColumn(rev.history, 'ms')).toEqual([5000]); // from showing the question to the rating
    const [summary] = await getDaySummaries(db, s.today.day);
    expect(summary).toMatchObject({ reviews: 4, newSeen: 4, timeMs: 20_000 });
    expect(ratingsOf(summary!)).toEqual([1, 1, 1, 1]);

    // The cloze card comes next (the learning cards are not due yet), then a-two's 1m step once it is due.
    expect(s.shown?.card.id).toBe('a-cloze:0');
    expect(s.shown?.question).toContain('[...]');
    now = T0 + 2 * MINUTE;
    await study(s, Rating.Good);
    expect(s.shown?.card.id).toBe('a-two:0');
  });

  it('undo brings the same card back as a question, exactly as it was, with the counts', async () => {
    const s = session();
    await s.start();
    await study(s, Rating.Easy); // a-one
    const countsBefore = { ...s.counts };
    const before = await mustGet(db, 'a-two:0');
    const summaryBefore = await getDaySummaries(db, s.today.day);

    await study(s, Rating.Good);
    expect(s.shown?.card.id).toBe('a-three:0');
    expect(s.undoable).toBe(2);

    await s.undo();
    expect(s.error).toBeNull();
    expect(s.phase).toBe('question');
    expect(s.shown?.card.id).toBe('a-two:0');
    expect(s.counts).toEqual(countsBefore);
    expect(s.undoable).toBe(1);
    expect(s.reviewed).toBe(1);
    expect(await mustGet(db, 'a-two:0')).toEqual(before);
    expect(await getDaySummaries(db, s.today.day)).toEqual(summaryBefore);

    // Answering it again works as the first time.
    await study(s, Rating.Again);
    expect(historyColumn((await mustGet(db, 'a-two:0')).history, 'rating')).toEqual([Rating.Again]);
  });

  it('undo works from the done screen', async () => {
    const s = session();
    await s.start();
    for (let i = 0; i < 5; i++) await study(s, Rating.Easy);
    expect(s.phase).toBe('done');
    const last = 'a-cloze:0';
    await s.undo();
    expect(s.phase).toBe('question');
    expect(s.shown?.card.id).toBe(last);
    expect(s.nextDue).toBeNull();
    expect(s.counts).toEqual({ new: 1, learning: 0, review: 0 });
    expect((await mustGet(db, last)).sched.state).toBe(State.New);
  });

  it("when everything is studied: done, and the next card is due at the next day's start", async () => {
    const s = session();
    await s.start();
    for (let i = 0; i < 5; i++) await study(s, Rating.Easy);
    expect(s.phase).toBe('done');
    expect(s.shown).toBeNull();
    expect(s.counts).toEqual({ new: 0, learning: 0, review: 0 });
    // The reversed and second cloze cards wait for tomorrow.
    expect(s.nextDue).toBe(studyDay(T0, settingsWith()).endMs);
  });

  it('when only a learning card is left: done until its step, then it is shown again', async () => {
    const settings = settingsWith({ learningSteps: ['1m', '1h'] });
    const s = session(settings);
    await s.start();
    await study(s, Rating.Good); // a-one: back in 1 hour
    const due = (await mustGet(db, 'a-one:0')).due;
    expect(due).toBe(now + HOUR);
    for (let i = 0; i < 4; i++) await study(s, Rating.Easy);

    expect(s.phase).toBe('done');
    expect(s.nextDue).toBe(due);
    expect(s.counts).toEqual({ new: 0, learning: 1, review: 0 });

    now = due - 30 * MINUTE;
    await s.advance();
    expect(s.phase).toBe('done');

    now = due + 1000;
    await s.advance();
    expect(s.phase).toBe('question');
    expect(s.shown?.card.id).toBe('a-one:0');
    await study(s, Rating.Good);
    expect((await mustGet(db, 'a-one:0')).queue).toBe(Queue.Review);
    expect(s.phase).toBe('done');
  });

  it('a new day makes the reviews due', async () => {
    const s = session();
    await s.start();
    for (let i = 0; i < 5; i++) await study(s, Rating.Easy);
    const dues = await Promise.all(['a-one:0', 'a-two:0', 'a-three:0', 'a-rev:0', 'a-cloze:0'].map(async (id) => (await mustGet(db, id)).due));
    const first = Math.min(...dues);
    expect(first).toBeGreaterThan(T0 + 2 * DAY);

    // The day before the first one is due: nothing to review (only the two waiting siblings are new).
    now = first - DAY;
    const before = session();
    await before.start();
    expect(before.counts.review).toBe(0);

    // Every review due: a new session (days later) shows them, before any sibling of theirs.
    now = Math.max(...dues) + HOUR;
    const later = session();
    await later.start();
    expect(later.phase).toBe('question');
    expect(later.counts).toEqual({ new: 0, learning: 0, review: 5 });
    expect((await mustGet(db, later.shown!.card.id)).queue).toBe(Queue.Review);

    // The old session, still open, notices the new day too.
    await s.advance();
    expect(s.phase).toBe('question');
    expect(s.counts.review).toBe(5);
  });

  it('a rating that cannot be saved is reported, and the session goes on from what is stored', async () => {
    const s = session();
    await s.start();
    s.reveal();
    // Another window rates the same card first.
    await answer(db, 'a-one:0', Rating.Easy, now);
    const stored = await mustGet(db, 'a-one:0');
    await s.rate(Rating.Good);
    await s.settled();
    expect(s.error).toMatch(/not saved/);
    expect(await mustGet(db, 'a-one:0')).toEqual(stored);
    // The session was rebuilt from storage: a-one is a review card now (not due today), so the next new card shows.
    expect(s.phase).toBe('question');
    expect(s.shown?.card.id).toBe('a-two:0');
    expect(s.shown?.card).toEqual(await mustGet(db, 'a-two:0'));
    expect(s.undoable).toBe(0);
  });

  it('an answer given just after the day starts counts for the new day', async () => {
    const settings = settingsWith({ newPerDay: 1 });
    now = local(2026, 3, 11, 3, 59); // the study day of 10 March, one minute before it ends
    const s = session(settings);
    await s.start();
    const oldDay = s.today.day;
    expect(s.shown?.card.id).toBe('a-one:0');
    s.reveal();
    now = local(2026, 3, 11, 4, 0) + 30_000; // the user presses Good just after 4:00
    await s.rate(Rating.Easy);
    await s.settled();
    const newDay = studyDay(now, settings).day;
    expect(newDay).toBe(oldDay + 1);
    expect((await getDaySummaries(db, newDay)).map((d) => [d.reviews, d.newSeen]), 'summary of 11 March').toEqual([[1, 1]]);
    // The new-card limit of the new day (1) is used up by that answer.
    expect(s.counts.new).toBe(0);
  });

  it('does not show a sibling of a card studied today after the session is reopened', async () => {
    const s = session();
    await s.start();
    for (let i = 0; i < 5; i++) await study(s, Rating.Easy);
    expect(s.phase).toBe('done');

    // Back to the deck list, then Study again on the same day.
    now += 5 * MINUTE;
    const [overview] = await deckOverview(db, settingsWith(), now);
    const again = session();
    await again.start();
    const shown = again.shown?.card.id;
    expect(
      { overview: overview?.counts, phase: again.phase, shown },
      'a-rev:1 and a-cloze:1 are siblings of cards studied today: they should wait until tomorrow',
    ).toEqual({ overview: { new: 0, learning: 0, review: 0 }, phase: 'done', shown: undefined });
  });
});

describe('ReviewSession in two windows', () => {
  it('does not rate a card twice: a card rated elsewhere meanwhile is refused, and comes back as it is now', async () => {
    const mine = session();
    await mine.start();
    const id = mine.shown!.card.id;
    // Another window (same database) shows and rates the same card first.
    const other = session();
    await other.start();
    expect(other.shown!.card.id).toBe(id);
    expect(await study(other, Rating.Good)).toBe(id);
    await other.settled();

    now += 3000;
    mine.reveal();
    await mine.rate(Rating.Easy);
    await mine.settled();
    expect(mine.error).toMatch(/not saved/);
    const stored = await mustGet(db, id);
    expect(historyColumn(stored.history, 'rating')).toEqual([Rating.Good]);
    // Ten minutes on, its learning step is due and it is shown as stored; a rating now applies to it.
    now += 11 * MINUTE;
    await mine.start();
    expect(mine.shown!.card).toEqual(stored);
    mine.reveal();
    await mine.rate(Rating.Good);
    await mine.settled();
    expect(historyColumn((await mustGet(db, id)).history, 'rating')).toEqual([Rating.Good, Rating.Good]);
  });
});

describe('ReviewSession and leeches', () => {
  it('says why a leech left the queue, and does not show it again; undo brings it back', async () => {
    const settings = settingsWith({ leechThreshold: 1, newPerDay: 1 });
    const first = session(settings);
    await first.start();
    const id = await study(first, Rating.Easy); // a review card, due in some days
    now += 30 * DAY;
    const s = session(settings);
    await s.start();
    expect(s.shown!.card.id).toBe(id);
    await study(s, Rating.Again); // its first lapse: a leech at threshold 1
    expect(s.notice).toMatch(/^That card is a leech: forgotten 1 times\. It was tagged "leech" and suspended/);
    expect((await mustGet(db, id)).queue).toBe(Queue.Suspended);
    // Eleven minutes on, its relearning step would be due: it is not shown.
    now += 11 * MINUTE;
    await s.advance();
    expect(s.shown?.card.id).not.toBe(id);
    await s.undo();
    expect(s.shown!.card.id).toBe(id);
    expect((await mustGet(db, id)).queue).toBe(Queue.Review);
  });
});
