// Rescheduling for new FSRS settings: the memory state recomputed from a card's answers, review cards moved to the
// interval the new stability gives, the move recorded as a manual row that replay, the database check and the day
// counts read as no answer, and undone exactly.
import { default_w } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { resetToNew, withDueDate } from '../../../src/core/card-actions';
import { checkCard } from '../../../src/core/check';
import { dayNumber, dayStartMs } from '../../../src/core/day';
import { trainingRows } from '../../../src/core/fsrs-items';
import { answerCount, emptyHistory, historyLength, isEntryRating, lastEntry, Manual, MANUAL_RATINGS } from '../../../src/core/history';
import { answeredCard, Queue, type CardRecord } from '../../../src/core/model';
import { recountDays, replayCard } from '../../../src/core/replay';
import { dueForecast, memoryStateOf, rescheduleCard, undoReschedule } from '../../../src/core/reschedule';
import { formatInterval, newSchedState, prevOf, Rating, Scheduler, State, type Grade, type SchedState, type SchedulerSettings } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { cardDetail, ratingName } from '../../../src/core/stats/card';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 10, 10);
const H = DEFAULT_SETTINGS.dayStartHour;

/** The settings the cards were studied with (FSRS's default parameters), and new ones from an "optimizer". */
const OLD: SchedulerSettings = DEFAULT_SETTINGS;
const PARAMS = default_w.map((w, i) => (i < 4 ? w * 2 : i === 8 ? w + 0.3 : w));
const NEW: SchedulerSettings = { ...DEFAULT_SETTINGS, fsrsParams: PARAMS };
const oldScheduler = new Scheduler(OLD);

function newCard(id = 'n1:0'): CardRecord {
  return { id, noteId: id.split(':')[0]!, deckId: 'd', ord: 0, position: 3, queue: Queue.New, due: 3, sched: newSchedState(T0), history: emptyHistory() };
}

type Answer = [Grade, number];

function study(card: CardRecord, answers: readonly Answer[], scheduler = oldScheduler): CardRecord {
  return answers.reduce((c, [rating, t]) => answeredCard(c, scheduler.answer(c.id, c.sched, rating, t, 3000)), card);
}

/** Good, Good 10 minutes later, Good 3 days on, Again after 20 days, Good 10 minutes later, Good on day 40. */
const ANSWERS: Answer[] = [
  [Rating.Good, T0],
  [Rating.Good, T0 + 10 * MINUTE],
  [Rating.Good, T0 + 3 * DAY],
  [Rating.Again, T0 + 20 * DAY],
  [Rating.Good, T0 + 20 * DAY + 10 * MINUTE],
  [Rating.Good, T0 + 40 * DAY],
];

/** The memory state these answers give with these settings, each answer through the Scheduler, from a new card. */
function replayed(answers: readonly Answer[], settings: SchedulerSettings): { stability: number; difficulty: number } {
  const scheduler = new Scheduler(settings);
  let s: SchedState = newSchedState(answers[0]![1]);
  for (const [rating, t] of answers) s = scheduler.answer('any', s, rating, t).next;
  return { stability: s.stability, difficulty: s.difficulty };
}

const NOW = T0 + 45 * DAY;

/** Review cards with different ids and histories, all studied with the old settings. */
function reviewCards(): CardRecord[] {
  return Array.from({ length: 20 }, (_, i) => {
    const answers: Answer[] = [
      [Rating.Good, T0 + i * HOUR],
      [Rating.Good, T0 + i * HOUR + 10 * MINUTE],
      [i % 3 === 0 ? Rating.Easy : Rating.Good, T0 + (4 + (i % 5)) * DAY],
      [i % 4 === 0 ? Rating.Hard : Rating.Good, T0 + (20 + i) * DAY],
    ];
    return study(newCard(`n${i}:0`), answers);
  });
}

describe('the memory state of a history', () => {
  it('is what the answers give through the Scheduler with the new settings, manual rows skipped', () => {
    let card = study(newCard(), ANSWERS.slice(0, 5));
    card = withDueDate(card, 10, false, T0 + 25 * DAY, H, oldScheduler.initialDifficulty());
    card = study(card, ANSWERS.slice(5));
    expect(lastEntry(card.history)!.prev.state).toBe(State.Review);
    const memory = memoryStateOf(card.history, NEW);
    expect(memory).toEqual(replayed(ANSWERS, NEW));
    // The old settings give the card's own state; the new ones another.
    expect(memoryStateOf(card.history, OLD)).toEqual({ stability: card.sched.stability, difficulty: card.sched.difficulty });
    expect(memory!.stability).not.toBe(card.sched.stability);
  });

  it('counts only the last learning block, and is null when the history gives none', () => {
    let card = study(newCard(), ANSWERS.slice(0, 3));
    card = resetToNew(card, T0 + 10 * DAY, false);
    const again: Answer[] = [[Rating.Again, T0 + 11 * DAY], [Rating.Good, T0 + 11 * DAY + 5 * MINUTE], [Rating.Good, T0 + 15 * DAY]];
    card = study(card, again);
    expect(memoryStateOf(card.history, NEW)).toEqual(replayed(again, NEW));
    expect(memoryStateOf(emptyHistory(), NEW)).toBeNull();
    // Reset, then given a due date and reviewed: its start is unknown.
    const dated = withDueDate(resetToNew(study(newCard(), ANSWERS.slice(0, 3)), T0 + 10 * DAY, false), 2, false, T0 + 10 * DAY, H, 5);
    expect(memoryStateOf(study(dated, [[Rating.Good, T0 + 13 * DAY]]).history, NEW)).toBeNull();
  });
});

describe('rescheduling a card', () => {
  it('records a Reschedule row holding the state before, which counts as no answer', () => {
    const card = study(newCard(), ANSWERS);
    const moved = rescheduleCard(card, NEW, NOW, H)!;
    expect(moved).not.toBeNull();
    expect(historyLength(moved.history)).toBe(historyLength(card.history) + 1);
    expect(answerCount(moved.history)).toBe(answerCount(card.history));
    const row = lastEntry(moved.history)!;
    expect(row).toEqual({ t: NOW, rating: -3, ms: 0, elapsed: 0, prev: prevOf(card.sched) });
    expect(row.rating).toBe(Manual.Reschedule);
    expect(moved.sched).toMatchObject({ ...replayed(ANSWERS, NEW), state: State.Review, reps: card.sched.reps, lapses: card.sched.lapses, lastReview: card.sched.lastReview });
    expect(recountDays([moved], H)).toEqual(recountDays([card], H));
    expect(moved.queue).toBe(Queue.Review);
    expect(moved.due).toBe(moved.sched.due);
  });

  it('moves a review card to its last answer plus the interval of the new stability, whole days, fuzzed reproducibly', () => {
    const card = study(newCard(), ANSWERS);
    const moved = rescheduleCard(card, NEW, NOW, H)!;
    const lastDay = dayNumber(card.sched.lastReview!, H);
    const days = moved.sched.scheduledDays;
    expect(Number.isInteger(days)).toBe(true);
    expect(moved.sched.due).toBe(dayStartMs(lastDay + days, H));
    // Within ts-fsrs's fuzz range around the unfuzzed interval (retention 0.9: the interval is about the stability).
    expect(Math.abs(days - moved.sched.stability)).toBeLessThan(Math.max(3, moved.sched.stability * 0.15));
    expect(rescheduleCard(card, NEW, NOW + DAY, H)!.sched).toEqual(moved.sched);
    // Rescheduled again with the same settings: nothing changes.
    expect(rescheduleCard(moved, NEW, NOW + DAY, H)).toBeNull();
  });

  it('moves review cards earlier for a higher desired retention, later for a lower one', () => {
    for (const card of reviewCards()) {
      const earlier = rescheduleCard(card, { ...OLD, desiredRetention: 0.97 }, NOW, H)!;
      const later = rescheduleCard(card, { ...OLD, desiredRetention: 0.8 }, NOW, H)!;
      expect(earlier.sched.due).toBeLessThan(card.sched.due);
      expect(later.sched.due).toBeGreaterThan(card.sched.due);
      // The memory state does not depend on the retention: the answers give it.
      expect([earlier.sched.stability, earlier.sched.difficulty]).toEqual([card.sched.stability, card.sched.difficulty]);
    }
  });

  it('never goes beyond the maximum interval, and may leave a card overdue, as Anki does', () => {
    const card = study(newCard(), ANSWERS);
    const capped = rescheduleCard(card, { ...NEW, maximumInterval: 5 }, NOW, H)!;
    expect(capped.sched.scheduledDays).toBeLessThanOrEqual(5);
    expect(capped.sched.due).toBeLessThanOrEqual(dayStartMs(dayNumber(card.sched.lastReview!, H) + 5, H));
    expect(capped.sched.due).toBeLessThan(NOW); // last answered on day 40, now day 45: due already
  });

  it('leaves new and retired cards alone, and keeps a (re)learning card where it is', () => {
    expect(rescheduleCard(newCard(), NEW, NOW, H)).toBeNull();
    const retired = { ...study(newCard(), ANSWERS), queue: Queue.Retired };
    expect(rescheduleCard(retired, NEW, NOW, H)).toBeNull();

    const learning = study(newCard(), [[Rating.Again, T0]]);
    expect(learning.sched.state).toBe(State.Learning);
    const moved = rescheduleCard(learning, NEW, T0 + MINUTE, H)!;
    expect(moved.sched).toEqual({ ...learning.sched, ...replayed([[Rating.Again, T0]], NEW) });
    expect(moved.sched.due).toBe(learning.sched.due);
    expect([moved.queue, moved.due]).toEqual([learning.queue, learning.due]);
    expect(moved.sched.stability).not.toBe(learning.sched.stability);
    // The reschedule does not break the learning block: the answers after it go on counting from the first.
    const after = study(moved, [[Rating.Good, T0 + 2 * MINUTE], [Rating.Good, T0 + 12 * MINUTE]], new Scheduler(NEW));
    expect(trainingRows(after.history)).toEqual([0, 2, 3]);
    expect(checkCard(after, new Scheduler(NEW), T0 + MINUTE)).toBeNull();

    const relearning = study(newCard(), ANSWERS.slice(0, 4));
    expect(relearning.sched.state).toBe(State.Relearning);
    expect(rescheduleCard(relearning, NEW, T0 + 20 * DAY + MINUTE, H)!.sched.due).toBe(relearning.sched.due);
  });

  it('reschedules a suspended or buried card too, which stays set aside', () => {
    const card = study(newCard(), ANSWERS);
    const suspended = rescheduleCard({ ...card, queue: Queue.Suspended }, NEW, NOW, H)!;
    expect(suspended.queue).toBe(Queue.Suspended);
    expect(suspended.due).toBe(suspended.sched.due);
    expect(suspended.sched.due).not.toBe(card.sched.due);
    const buried = rescheduleCard({ ...card, queue: Queue.Buried, buriedDay: dayNumber(NOW, H) }, NEW, NOW, H)!;
    expect([buried.queue, buried.buriedDay]).toEqual([Queue.Buried, dayNumber(NOW, H)]);
    expect(checkCard(suspended, oldScheduler, 0)).toBeNull();
    expect(checkCard(buried, oldScheduler, 0)).toBeNull();
  });

  it('is accepted by replay and by the database check, before and after the next answer', () => {
    const card = study(newCard(), ANSWERS);
    const moved = rescheduleCard(card, NEW, NOW, H)!;
    expect(replayCard(moved, oldScheduler)).toBeNull();
    expect(checkCard(moved, oldScheduler, 0)).toBeNull();
    // The check after the settings changed: answers before the change are not replayed, the row is taken as stored.
    const newScheduler = new Scheduler(NEW);
    expect(checkCard(moved, newScheduler, NOW)).toBeNull();
    expect(checkCard(moved, newScheduler, Infinity)).toBeNull();
    const answered = study(moved, [[Rating.Good, moved.sched.due + HOUR]], newScheduler);
    expect(answered.sched.reps).toBe(card.sched.reps + 1);
    expect(checkCard(answered, newScheduler, NOW)).toBeNull();
    expect(checkCard(answered, newScheduler, Infinity)).toBeNull();
    expect(recountDays([answered], H)).toEqual(recountDays([study(card, [[Rating.Good, moved.sched.due + HOUR]])], H));
  });

  it('shows in card info as "Rescheduled", with the interval from the last answer', () => {
    const card = study(newCard(), ANSWERS);
    const moved = rescheduleCard(card, NEW, NOW, H)!;
    expect(ratingName(Manual.Reschedule)).toBe('Rescheduled');
    const detail = cardDetail(moved, new Scheduler(NEW), NOW);
    expect(detail.answers).toBe(ANSWERS.length);
    expect(detail.reviews.at(-1)).toMatchObject({ rating: -3, interval: formatInterval(moved.sched.due - card.sched.lastReview!) });
  });

  it('is a manual kind every reader of histories knows', () => {
    expect(MANUAL_RATINGS).toContain(Manual.Reschedule);
    expect(isEntryRating(-3)).toBe(true);
    expect(isEntryRating(-4)).toBe(false);
  });
});

describe('undoing a reschedule', () => {
  it('gives back the card exactly as it was', () => {
    const cards = [
      study(newCard(), ANSWERS),
      { ...study(newCard(), ANSWERS), queue: Queue.Suspended },
      study(newCard(), [[Rating.Again, T0]]),
      ...reviewCards(),
    ];
    for (const card of cards) {
      const moved = rescheduleCard(card, NEW, NOW, H)!;
      expect(undoReschedule(moved)).toEqual(card);
    }
  });

  it('undoes only the last row, and only a reschedule', () => {
    const card = study(newCard(), ANSWERS);
    expect(undoReschedule(card)).toBeNull();
    const twice = rescheduleCard(rescheduleCard(card, NEW, NOW, H)!, { ...NEW, desiredRetention: 0.95 }, NOW + HOUR, H)!;
    expect(undoReschedule(undoReschedule(twice)!)).toEqual(card);
    const answered = study(rescheduleCard(card, NEW, NOW, H)!, [[Rating.Good, NOW + DAY]]);
    expect(undoReschedule(answered)).toBeNull();
  });
});

describe('the due forecast', () => {
  it('counts review cards by study day, overdue ones today, and the same cards before and after', () => {
    const cards = [...reviewCards(), study(newCard('l:0'), [[Rating.Again, NOW - HOUR]]), newCard('new:0'), { ...study(newCard('s:0'), ANSWERS), queue: Queue.Suspended }];
    const reviews = cards.filter((c) => c.queue === Queue.Review).length;
    expect(reviews).toBe(20);
    const days = 3650;
    // Some of the cards are overdue by then.
    const now = T0 + 100 * DAY;
    const before = dueForecast(cards, now, H, days);
    const after = dueForecast(cards.map((c) => rescheduleCard(c, { ...NEW, desiredRetention: 0.97 }, now, H) ?? c), now, H, days);
    expect(before).toHaveLength(days);
    const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
    expect(sum(before)).toBe(reviews);
    expect(sum(after)).toBe(reviews);
    // Higher retention: more of them due sooner.
    const firstMonth = (counts: number[]) => sum(counts.slice(0, 30));
    expect(firstMonth(after)).toBeGreaterThan(firstMonth(before));
    // Each card on the study day of its due date; overdue ones today.
    const today = dayNumber(now, H);
    const expected = new Array<number>(days).fill(0);
    for (const c of cards) if (c.queue === Queue.Review) expected[Math.max(0, dayNumber(c.sched.due, H) - today)]!++;
    expect(before).toEqual(expected);
    expect(before[0]).toBeGreaterThan(0);
    expect(cards.some((c) => c.queue === Queue.Review && dayNumber(c.sched.due, H) < today)).toBe(true);
    expect(dueForecast(cards, now, H, 0)).toEqual([]);
  });
});
