import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { historyColumn, historyLength } from '../../../src/core/history';
import type { Note } from '../../../src/core/deck-types';
import { dayNumber } from '../../../src/core/day';
import { emptyDay, kindsOf, Queue, ratingsOf } from '../../../src/core/model';
import { Rating, Scheduler, State, type Grade } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import {
  cardsOfNotes,
  deckOverview,
  gatherDeck,
  learningCards,
  getDaySummaries,
  loadSettings,
  recordAnswer,
  saveSettings,
  StaleCardError,
  studyDay,
  unburyBefore,
  undoAnswer,
} from '../../../src/renderer/src/storage/collection';
import { RetainDB } from '../../../src/renderer/src/storage/db';
import { daySummary } from '../../../src/renderer/src/storage/days';
import { ReviewSession } from '../../../src/renderer/src/state/review-session.svelte';
import {
  alphaDeck,
  answer,
  betaDeck,
  DAY,
  dump,
  freshDb,
  HOUR,
  local,
  MINUTE,
  mustGet,
  settingsWith,
  T0,
} from './fixtures';

let db: RetainDB;
beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
});
afterEach(() => {
  db.close();
});

const settings = settingsWith();
const scheduler = new Scheduler(settings);
const today = studyDay(T0, settings);

/** A deck's summary of a day (empty where nothing was answered). */
const summary = (deckId: string, day: number) => daySummary(db, deckId, day);

const ids = (q: { learning: { id: string }[]; reviews: { id: string }[]; news: { id: string }[] }) => ({
  learning: q.learning.map((c) => c.id),
  reviews: q.reviews.map((c) => c.id),
  news: q.news.map((c) => c.id),
});

describe('recordAnswer', () => {
  it("writes the card's new state, appends one history entry and updates the day summary", async () => {
    const before = await mustGet(db, 'a-one:0');
    const outcome = scheduler.answer(before.id, before.sched, Rating.Good, T0, 5000);
    const returned = (await recordAnswer(db, before, outcome, settings)).card;

    const after = await mustGet(db, 'a-one:0');
    expect(after).toEqual(returned);
    expect(after.sched).toEqual(outcome.next);
    expect(after.sched.state).toBe(State.Learning);
    expect(after.queue).toBe(Queue.Learning);
    expect(after.due).toBe(T0 + 10 * MINUTE);
    expect(historyColumn(after.history, 't')).toEqual([T0]);
    expect(historyColumn(after.history, 'rating')).toEqual([Rating.Good]);
    expect(historyColumn(after.history, 'ms')).toEqual([5000]);
    expect(historyColumn(after.history, 'state')).toEqual([State.New]);
    expect(historyColumn(after.history, 'due')).toEqual([before.sched.due]);

    // Second answer: the learning card graduates.
    await answer(db, 'a-one:0', Rating.Good, T0 + 10 * MINUTE, settings, 3000);
    const graduated = await mustGet(db, 'a-one:0');
    expect(graduated.queue).toBe(Queue.Review);
    expect(graduated.due).toBe(graduated.sched.due);
    expect(graduated.due).toBeGreaterThanOrEqual(today.endMs);
    expect(historyColumn(graduated.history, 't')).toEqual([T0, T0 + 10 * MINUTE]);
    expect(historyColumn(graduated.history, 'state')).toEqual([State.New, State.Learning]);

    const day = await summary('alpha', today.day);
    expect(day).toMatchObject({ deckId: 'alpha', day: today.day, reviews: 2, newSeen: 1, reviewCards: 0, timeMs: 8000 });
    expect(ratingsOf(day!)).toEqual([0, 0, 2, 0]);
    expect(kindsOf(day!)).toEqual([2, 0, 0, 0]);
    // Other decks' summaries are untouched.
    expect(await summary('beta', today.day)).toEqual(emptyDay('beta', today.day));
  });

  it('counts a review of a review card as a young review against the review limit', async () => {
    await answer(db, 'a-one:0', Rating.Easy, T0);
    const card = await mustGet(db, 'a-one:0');
    const later = card.due + HOUR;
    await answer(db, 'a-one:0', Rating.Hard, later, settings, 7000);
    const day = studyDay(later, settings).day;
    const stored = await summary('alpha', day);
    expect(stored).toMatchObject({ deckId: 'alpha', day, reviews: 1, newSeen: 0, reviewCards: 1, timeMs: 7000 });
    expect(ratingsOf(stored!)).toEqual([0, 1, 0, 0]);
    expect(kindsOf(stored!)).toEqual([0, 1, 0, 0]);
    expect(stored!.kindMs).toEqual([0, 7000, 0, 0]);
  });

  it('leaves the card, its history and the summary as they were when the summary write fails', async () => {
    await answer(db, 'a-one:0', Rating.Good, T0); // some state to keep
    await answer(db, 'a-rev:0', Rating.Good, T0 + MINUTE);
    const before = await dump(db);

    const card = await mustGet(db, 'a-one:0');
    const outcome = scheduler.answer(card.id, card.sched, Rating.Good, T0 + 10 * MINUTE, 2000);
    const put = vi.spyOn(db.hourBlocks, 'put').mockImplementation(() => {
      throw new Error('disk full');
    });
    await expect(recordAnswer(db, card, outcome, settings)).rejects.toThrow('disk full');
    put.mockRestore();

    expect(await dump(db)).toEqual(before);
  });

  it('refuses a card whose stored version changed (StaleCardError) and changes nothing', async () => {
    const shown = await mustGet(db, 'a-one:0');
    // Another window rates it first.
    await answer(db, 'a-one:0', Rating.Good, T0);
    const before = await dump(db);

    const outcome = scheduler.answer(shown.id, shown.sched, Rating.Easy, T0 + MINUTE);
    await expect(recordAnswer(db, shown, outcome, settings)).rejects.toBeInstanceOf(StaleCardError);
    expect(await dump(db)).toEqual(before);
    expect((await summary('alpha', today.day))?.reviews).toBe(1);
  });
});

describe('siblings', () => {
  it('are buried for the day of the answer and come back the next day', async () => {
    const sibling = await mustGet(db, 'a-rev:1');
    await answer(db, 'a-rev:0', Rating.Easy, T0, settings);

    const buried = await mustGet(db, 'a-rev:1');
    expect(buried.queue).toBe(Queue.Buried);
    expect(buried.buriedDay).toBe(today.day);
    expect(buried.sched).toEqual(sibling.sched);
    expect(buried.history).toEqual(sibling.history);

    // Not offered today, even after a restart of the session (unbury for today first, as sessions do).
    expect(await unburyBefore(db, today.day)).toBe(0);
    const q = await gatherDeck(db, 'alpha', settings, today);
    expect(ids(q).news).not.toContain('a-rev:1');
    expect(ids(q).news).not.toContain('a-rev:0');

    // The next day it is back in its place in the new queue.
    const tomorrow = studyDay(today.endMs + HOUR, settings);
    expect(await unburyBefore(db, tomorrow.day)).toBe(1);
    expect(await mustGet(db, 'a-rev:1')).toEqual(sibling);
    expect(ids(await gatherDeck(db, 'alpha', settings, tomorrow)).news).toContain('a-rev:1');
  });

  it('a buried review sibling comes back as a review at its due time', async () => {
    await answer(db, 'a-cloze:0', Rating.Easy, T0); // buries a-cloze:1 (new) for today
    expect((await mustGet(db, 'a-cloze:1')).queue).toBe(Queue.Buried);
    // The next day a session unburies it first, then it is studied.
    const nextDay = studyDay(T0 + DAY, settings).day;
    expect(await unburyBefore(db, nextDay)).toBe(1);
    await answer(db, 'a-cloze:1', Rating.Easy, T0 + DAY);
    const review = await mustGet(db, 'a-cloze:1');
    const when = Math.max(review.due, (await mustGet(db, 'a-cloze:0')).due) + HOUR;
    const day = studyDay(when, settings).day;
    await answer(db, 'a-cloze:0', Rating.Good, when, settings);
    expect((await mustGet(db, 'a-cloze:1')).queue).toBe(Queue.Buried);
    await unburyBefore(db, day + 1);
    expect(await mustGet(db, 'a-cloze:1')).toEqual(review);
  });

  /**
   * A note with seven cards in every kind of queue, on the study day of `when`: a-six:0 new (the one to answer),
   * a-six:1 new, a-six:2 a review due later that day, a-six:3 a review due on a later day, a-six:4 a learning card,
   * a-six:5 suspended, a-six:6 retired.
   */
  async function noteInEveryQueue() {
    const six: Note = {
      id: 'a-six',
      kind: 'cloze',
      text: Array.from({ length: 7 }, (_, i) => `{{c${i + 1}::w${i}}}`).join(' '),
      tags: [],
      section: 'One',
    };
    await syncBundledDecks(db, [alphaDeck([...alphaDeck().notes, six]), betaDeck()], T0);
    // Each on its own day, each day's session unburying first (as sessions do).
    const study = async (id: string, rating: Grade, t: number) => {
      await unburyBefore(db, studyDay(t, settings).day);
      await answer(db, id, rating, t);
      await unburyBefore(db, studyDay(t, settings).day + 1);
    };
    await study('a-six:2', Rating.Easy, T0);
    await study('a-six:4', Rating.Good, T0 + DAY);
    await study('a-six:3', Rating.Easy, T0 + 5 * DAY);
    await db.cards.update('a-six:5', { queue: Queue.Suspended });
    await db.cards.update('a-six:6', { queue: Queue.Retired });

    const dueToday = await mustGet(db, 'a-six:2');
    const when = dueToday.due - HOUR; // that review is due later the same study day
    const day = studyDay(when, settings);
    await unburyBefore(db, day.day);
    // The setup is what it says.
    expect(day.day).toBeGreaterThan(studyDay(T0 + 5 * DAY, settings).day);
    expect(dueToday.due).toBeGreaterThan(when);
    expect(dueToday.due).toBeLessThan(day.endMs);
    expect((await mustGet(db, 'a-six:3')).queue).toBe(Queue.Review);
    expect((await mustGet(db, 'a-six:3')).due).toBeGreaterThanOrEqual(day.endMs);
    expect((await mustGet(db, 'a-six:4')).queue).toBe(Queue.Learning);
    expect((await mustGet(db, 'a-six:0')).queue).toBe(Queue.New);
    expect((await mustGet(db, 'a-six:1')).queue).toBe(Queue.New);
    return { when, day };
  }

  it("recordAnswer buries exactly the note's new cards and reviews due that day, and returns their ids", async () => {
    const { when, day } = await noteInEveryQueue();
    const before = await db.cards.toArray();
    const card = await mustGet(db, 'a-six:0');
    const { card: answered, buried } = await recordAnswer(
      db,
      card,
      scheduler.answer(card.id, card.sched, Rating.Good, when, 3000),
      settings,
    );

    expect([...buried].sort()).toEqual(['a-six:1', 'a-six:2']);
    expect(buried).toHaveLength(2);
    const after = new Map((await db.cards.toArray()).map((c) => [c.id, c]));
    expect(after.get('a-six:0')).toEqual(answered);
    for (const old of before) {
      if (old.id === 'a-six:0') continue;
      if (buried.includes(old.id)) {
        // Set aside for the day of the answer, its scheduling state and history untouched.
        expect(after.get(old.id), old.id).toEqual({ ...old, queue: Queue.Buried, buriedDay: day.day });
      } else {
        // The review due on a later day, the learning card, the suspended and retired ones, other notes: untouched.
        expect(after.get(old.id), old.id).toEqual(old);
      }
    }
  });

  it('undoAnswer with the ids recordAnswer returned restores the card and its siblings exactly', async () => {
    const { when, day } = await noteInEveryQueue();
    const before = await db.cards.toArray();
    const summaryBefore = await summary('alpha', day.day);
    const card = await mustGet(db, 'a-six:0');
    const { buried } = await recordAnswer(db, card, scheduler.answer(card.id, card.sched, Rating.Again, when), settings);
    expect(buried.length).toBe(2);

    await undoAnswer(db, 'a-six:0', settings, buried);
    expect(await db.cards.toArray()).toEqual(before);
    expect(await summary('alpha', day.day)).toEqual(summaryBefore ?? emptyDay('alpha', day.day));
  });
});

describe('undoAnswer', () => {
  it('restores the card exactly, removes the history entry, decrements the summary and unburies the siblings', async () => {
    await answer(db, 'a-two:0', Rating.Good, T0 - HOUR); // a summary that is not empty before
    const summaryBefore = await summary('alpha', today.day);
    const before = await mustGet(db, 'a-rev:0');
    const sibling = await mustGet(db, 'a-rev:1');

    const outcome = scheduler.answer(before.id, before.sched, Rating.Good, T0, 4000);
    const { buried } = await recordAnswer(db, before, outcome, settings);
    expect(buried).toEqual(['a-rev:1']);
    expect((await mustGet(db, 'a-rev:1')).queue).toBe(Queue.Buried);

    const restored = await undoAnswer(db, 'a-rev:0', settings, buried);
    expect(restored).toEqual(before);
    expect(await mustGet(db, 'a-rev:0')).toEqual(before);
    expect(await mustGet(db, 'a-rev:1')).toEqual(sibling);
    expect(await summary('alpha', today.day)).toEqual(summaryBefore);
  });

  it('restores each state exactly along a card’s life: new, learning, review, lapse, relearning', async () => {
    const steps: [Grade, number][] = [
      [Rating.Again, T0],
      [Rating.Good, T0 + 1 * MINUTE],
      [Rating.Hard, T0 + 8 * MINUTE],
      [Rating.Good, T0 + 20 * MINUTE],
      [Rating.Good, T0 + 5 * DAY],
      [Rating.Again, T0 + 30 * DAY],
      [Rating.Good, T0 + 30 * DAY + 10 * MINUTE],
      [Rating.Easy, T0 + 80 * DAY],
    ];
    for (const [rating, t] of steps) {
      const before = await mustGet(db, 'a-three:0');
      const day = studyDay(t, settings).day;
      const summaryBefore = await summary('alpha', day);
      await answer(db, 'a-three:0', rating, t);
      const undone = await undoAnswer(db, 'a-three:0', settings, []);
      expect(undone, `undo of ${Rating[rating]} at +${(t - T0) / MINUTE}m`).toEqual(before);
      expect(await summary('alpha', day)).toEqual(summaryBefore ?? emptyDay('alpha', day));
      // Redo it for real to move on to the next state.
      await answer(db, 'a-three:0', rating, t);
    }
    const end = await mustGet(db, 'a-three:0');
    expect(historyLength(end.history)).toBe(steps.length);
    expect(end.sched.lapses).toBe(1);
  });

  it('refuses a card with nothing to undo and changes nothing', async () => {
    const before = await dump(db);
    await expect(undoAnswer(db, 'a-one:0', settings, [])).rejects.toThrow('no review to undo');
    expect(await dump(db)).toEqual(before);
  });
});

describe('cardsOfNotes', () => {
  it("finds a note's cards by their ids, not those of a note whose id starts with the same id and a colon", async () => {
    const deck = alphaDeck();
    const base = deck.notes.find((n) => n.kind === 'basic-reversed')!;
    const other: Note = { ...base, id: `${base.id}:x` };
    await syncBundledDecks(db, [{ ...deck, notes: [...deck.notes, other] }], T0);
    expect((await cardsOfNotes(db, [base.id])).map((c) => c.id).sort()).toEqual([`${base.id}:0`, `${base.id}:1`]);
    expect((await cardsOfNotes(db, [other.id])).map((c) => c.id).sort()).toEqual([`${other.id}:0`, `${other.id}:1`]);
  });
});

describe('gatherDeck', () => {
  it('counts new cards already seen today, also after a restart', async () => {
    const limited = settingsWith({ newPerDay: 3 });
    expect(ids(await gatherDeck(db, 'alpha', limited, today)).news).toHaveLength(3);
    await answer(db, 'a-one:0', Rating.Easy, T0, limited);
    await answer(db, 'a-two:0', Rating.Again, T0 + MINUTE, limited);
    const name = db.name;
    db.close();

    db = new RetainDB(name); // the app restarted
    const q = ids(await gatherDeck(db, 'alpha', limited, studyDay(T0 + 2 * MINUTE, limited)));
    expect(q.news).toEqual(['a-three:0']);
    expect(q.learning).toEqual(['a-two:0']);

    // The next day the limit is fresh.
    const tomorrow = studyDay(today.endMs + HOUR, limited);
    expect(ids(await gatherDeck(db, 'alpha', limited, tomorrow)).news).toEqual(['a-three:0', 'a-rev:0', 'a-cloze:0']);
  });

  it('counts review cards already answered today, also after a restart', async () => {
    for (const id of ['a-one:0', 'a-two:0', 'a-three:0']) await answer(db, id, Rating.Easy, T0);
    const later = T0 + 60 * DAY; // all three are due
    const day = studyDay(later, settings);
    const limited = settingsWith({ reviewsPerDay: 2 });
    expect(ids(await gatherDeck(db, 'alpha', limited, day)).reviews).toHaveLength(2);
    await answer(db, 'a-one:0', Rating.Good, later, limited);
    const name = db.name;
    db.close();

    db = new RetainDB(name);
    const q = ids(await gatherDeck(db, 'alpha', limited, day));
    expect(q.reviews).toHaveLength(1);
    expect(q.reviews).not.toContain('a-one:0');
  });

  it('gathers learning cards due later today, not reviews due tomorrow', async () => {
    const steps = settingsWith({ learningSteps: ['1m', '3h'] });
    await answer(db, 'a-one:0', Rating.Good, T0, steps); // learning, due in 3 hours, still today
    await answer(db, 'a-two:0', Rating.Easy, T0, steps);
    await answer(db, 'a-three:0', Rating.Easy, T0, steps);
    // Put a-two due just before the day ends, a-three just after.
    await db.cards.update('a-two:0', { due: today.endMs - MINUTE });
    await db.cards.update('a-three:0', { due: today.endMs + MINUTE });

    const q = ids(await gatherDeck(db, 'alpha', steps, today));
    expect((await mustGet(db, 'a-one:0')).due).toBe(T0 + 3 * HOUR);
    expect(q.learning).toEqual(['a-one:0']);
    expect(q.reviews).toEqual(['a-two:0']);

    const tomorrow = studyDay(today.endMs + HOUR, steps);
    expect(ids(await gatherDeck(db, 'alpha', steps, tomorrow)).reviews).toEqual(['a-two:0', 'a-three:0']);
  });

  it('does not gather a learning card due after the day ends', async () => {
    const late = local(2026, 3, 11, 3, 0); // one hour before the next day starts at 4:00
    await answer(db, 'a-one:0', Rating.Good, late, settingsWith({ learningSteps: ['1m', '2h'] }));
    const day = studyDay(late, settings);
    expect(ids(await gatherDeck(db, 'alpha', settings, day)).learning).toEqual([]);
    const next = studyDay(late + 3 * HOUR, settings);
    expect(ids(await gatherDeck(db, 'alpha', settings, next)).learning).toEqual(['a-one:0']);
  });

  it('lists learning cards due today with their due times, earliest first, for the study session', async () => {
    const steps = settingsWith({ learningSteps: ['10m', '3h'] });
    await answer(db, 'a-one:0', Rating.Good, T0, steps); // due in 3 hours
    await answer(db, 'a-two:0', Rating.Again, T0, steps); // due in 10 minutes
    await answer(db, 'a-three:0', Rating.Good, T0, steps);
    await db.cards.update('a-three:0', { due: today.endMs + MINUTE }); // tomorrow: not today's
    const learning = await learningCards(db, ['alpha'], today);
    expect(learning.map((c) => [c.id, c.due])).toEqual([
      ['a-two:0', T0 + 10 * MINUTE],
      ['a-one:0', T0 + 3 * HOUR],
    ]);
    expect(ids(await gatherDeck(db, 'alpha', steps, today)).learning).toEqual(['a-two:0', 'a-one:0']);
  });

  it('does not offer siblings of a learning card', async () => {
    await answer(db, 'a-rev:0', Rating.Good, T0);
    await answer(db, 'a-cloze:1', Rating.Again, T0);
    const q = ids(await gatherDeck(db, 'alpha', settings, today));
    expect(q.learning.sort()).toEqual(['a-cloze:1', 'a-rev:0']);
    expect(q.news).toEqual(['a-one:0', 'a-two:0', 'a-three:0']);
  });

  it('fills the new-card limit past a note with many cloze cards', async () => {
    const text = Array.from({ length: 15 }, (_, i) => `{{c${i + 1}::w${i}}}`).join(' ');
    const big: Note = { id: 'a-big', kind: 'cloze', text, tags: [], section: 'One' };
    const deck = { ...alphaDeck(), notes: [big, ...alphaDeck().notes] };
    await syncBundledDecks(db, [deck], T0);
    const q = ids(await gatherDeck(db, 'alpha', settingsWith({ newPerDay: 2 }), today));
    // Deck order, one card per note: the big cloze note's first card, then the next note.
    expect(q.news).toEqual(['a-big:0', 'a-one:0']);
  });
});

/** Runs `fn` with the process in another time zone (Node applies a change of TZ at once). */
function inTimeZone(tz: string, fn: () => void): void {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

const utcDay = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / DAY);

describe('the day start hour', () => {
  it('counts a review at 03:30 for the previous study day when the day starts at 4', async () => {
    const at0330 = local(2026, 3, 10, 3, 30);
    const previous = dayNumber(local(2026, 3, 9, 12, 0), 4);
    expect(previous).toBe(Math.floor(Date.UTC(2026, 2, 9) / DAY));
    expect(studyDay(at0330, settings).day).toBe(previous);
    expect(studyDay(at0330, settings).endMs).toBe(local(2026, 3, 10, 4, 0));

    // Through a session, as the user would do it.
    let now = at0330;
    const session = new ReviewSession(db, settings, ['alpha'], new Map([['alpha', 'Alpha']]), () => now);
    await session.start();
    session.reveal();
    await session.rate(Rating.Easy);
    await session.settled();
    expect((await getDaySummaries(db, previous)).map((s) => [s.deckId, s.reviews])).toEqual([['alpha', 1]]);
    expect(await getDaySummaries(db, previous + 1)).toEqual([]);

    now = local(2026, 3, 10, 4, 30);
    await session.advance(); // a new day: the session starts over
    session.reveal();
    await session.rate(Rating.Easy);
    await session.settled();
    expect((await getDaySummaries(db, previous + 1)).map((s) => [s.deckId, s.reviews])).toEqual([['alpha', 1]]);
    expect((await getDaySummaries(db, previous))[0]?.reviews).toBe(1);
  });

  it('counts 03:30 for the previous study day on the night the clocks go back (Europe/Berlin)', () => {
    inTimeZone('Europe/Berlin', () => {
      // 25 October 2026: clocks go back from 3:00 CEST to 2:00 CET. 03:30 CET is still the night of the 24th.
      const back = local(2026, 10, 25, 3, 30);
      expect(new Date(back).getHours()).toBe(3);
      const day = studyDay(back, settings);
      expect(day.day).toBe(utcDay(2026, 10, 24));
      expect(day.endMs).toBe(local(2026, 10, 25, 4, 0));
    });
  });

  it('starts the new study day at 4:00 on the morning the clocks go forward (Europe/Berlin)', () => {
    inTimeZone('Europe/Berlin', () => {
      // 29 March 2026: clocks go forward from 2:00 CET to 3:00 CEST. 04:30 CEST is past the day start of the 29th.
      const forward = local(2026, 3, 29, 4, 30);
      expect(new Date(forward).getHours()).toBe(4);
      const day = studyDay(forward, settings);
      expect(day.day).toBe(utcDay(2026, 3, 29));
      expect(day.endMs).toBeGreaterThan(forward);
    });
  });

  it('with the day starting at midnight, 03:30 belongs to the same calendar day', () => {
    const midnight = settingsWith({ dayStartHour: 0 });
    expect(studyDay(local(2026, 3, 10, 3, 30), midnight).day).toBe(Math.floor(Date.UTC(2026, 2, 10) / DAY));
  });
});

describe('deckOverview', () => {
  it('shows the counts a session over each deck would show', async () => {
    // Some learning, some reviews due, some new.
    await answer(db, 'a-one:0', Rating.Easy, T0 - 30 * DAY);
    await answer(db, 'a-two:0', Rating.Easy, T0 - 30 * DAY);
    await answer(db, 'a-three:0', Rating.Good, T0 - 5 * MINUTE);
    await answer(db, 'b-one:0', Rating.Again, T0 - 5 * MINUTE);
    const overview = await deckOverview(db, settings, T0);
    expect(overview.map((o) => [o.deck.id, o.counts])).toEqual([
      ['alpha', { new: 2, learning: 1, review: 2 }],
      ['beta', { new: 1, learning: 1, review: 0 }],
    ]);
    for (const o of overview) {
      const session = new ReviewSession(db, settings, [o.deck.id], new Map([[o.deck.id, o.deck.name]]), () => T0);
      await session.start();
      expect(session.counts, o.deck.id).toEqual(o.counts);
    }
    const all = new ReviewSession(db, settings, ['alpha', 'beta'], new Map(), () => T0);
    await all.start();
    expect(all.counts).toEqual({ new: 3, learning: 2, review: 2 });
  });
});

describe('settings', () => {
  it('are the defaults on a fresh database', async () => {
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
  });

  it('are saved and read back', async () => {
    const mine = settingsWith({ newPerDay: 5, learningSteps: ['2m', '15m'], dayStartHour: 6 });
    await saveSettings(db, mine, T0);
    db.close();
    db = new RetainDB(db.name);
    expect(await loadSettings(db)).toEqual(mine);
  });

  it('refuses invalid settings with a message and stores nothing', async () => {
    await expect(saveSettings(db, settingsWith({ desiredRetention: 1.5 }), T0)).rejects.toThrow(
      'Desired retention must be a number from 0.70 to 0.99.',
    );
    await expect(saveSettings(db, settingsWith({ learningSteps: ['1x'] }), T0)).rejects.toThrow(/Learning steps: "1x" is not a step/);
    await expect(saveSettings(db, settingsWith({ newPerDay: -1, dayStartHour: 24 }), T0)).rejects.toThrow(
      /New cards\/day .*day must start at a whole hour/,
    );
    expect(await db.settings.count()).toBe(0);
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
  });

  it('refusing an invalid change keeps the settings saved before', async () => {
    const mine = settingsWith({ newPerDay: 7 });
    await saveSettings(db, mine, T0);
    await expect(saveSettings(db, { ...mine, maximumInterval: 0 }, T0)).rejects.toThrow(/Maximum interval/);
    expect(await loadSettings(db)).toEqual(mine);
  });
});
