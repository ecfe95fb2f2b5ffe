// The database check's rules for one card, on histories made by answering through the scheduler and then damaged
// the way a bug could damage them.
import { describe, expect, it } from 'vitest';
import { checkCard } from '../../../src/core/check';
import { emptyHistory, entryAt, entryRow, historyLength } from '../../../src/core/history';
import { answeredCard, Queue, type CardRecord } from '../../../src/core/model';
import { newSchedState, Rating, Scheduler, State, type Grade } from '../../../src/core/scheduler';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 10, 10);
const scheduler = new Scheduler(DEFAULT_SETTINGS);

function newCard(id = 'n1:0'): CardRecord {
  return { id, noteId: id.split(':')[0]!, deckId: 'd', ord: 0, position: 3, queue: Queue.New, due: 3, sched: newSchedState(T0), history: emptyHistory() };
}

/** A card answered with these ratings, each `gaps[i]` hours after the one before. */
function studied(ratings: Grade[], gapsHours: number[], with_ = scheduler): CardRecord {
  let card = newCard();
  let t = T0;
  ratings.forEach((rating, i) => {
    t += (gapsHours[i] ?? 0) * HOUR;
    card = answeredCard(card, with_.answer(card.id, card.sched, rating, t, 5000));
  });
  return card;
}

/** The card with review `i`'s row changed by `edit` (a row in HISTORY_FIELDS order). */
function withRow(card: CardRecord, i: number, edit: (row: (number | null)[]) => void): CardRecord {
  const entries = Array.from({ length: historyLength(card.history) }, (_, k) => entryAt(card.history, k));
  const rows = entries.map(entryRow);
  edit(rows[i]!);
  const packed = new Float64Array(rows.flat().map((x) => x ?? Number.NaN));
  return { ...card, history: packed };
}

const RATINGS: Grade[] = [Rating.Good, Rating.Good, Rating.Again, Rating.Good, Rating.Easy];
const GAPS = [0, 0.2, 30, 0.3, 72];

describe('checkCard', () => {
  it('finds nothing wrong with a card answered through the scheduler, new or studied', () => {
    expect(checkCard(newCard(), scheduler, 0)).toBeNull();
    const card = studied(RATINGS, GAPS);
    expect(card.sched.reps).toBe(5);
    expect(checkCard(card, scheduler, 0)).toBeNull();
  });

  it('finds a state that is not the replay of the history, and gives back the replayed one', () => {
    const good = studied(RATINGS, GAPS);
    const bad = { ...good, sched: { ...good.sched, stability: good.sched.stability * 2 } };
    const finding = checkCard(bad, scheduler, 0);
    expect(finding?.message).toBe('its state is not the replay of its history');
    expect(finding?.repaired).toEqual(good);
  });

  it('finds a review that starts from a state the one before it did not give, and rebuilds the chain', () => {
    const good = studied(RATINGS, GAPS);
    // Review 4's starting difficulty (column 8) damaged.
    const bad = withRow(good, 3, (row) => void (row[8] = 9.9));
    const finding = checkCard(bad, scheduler, 0);
    expect(finding?.message).toBe('review 4 of 5 starts from a state the review before it did not give');
    expect(finding?.repaired?.sched).toEqual(good.sched);
    expect(Array.from(finding!.repaired!.history)).toEqual(Array.from(good.history));
  });

  it('finds wrong repetition and lapse counts', () => {
    const good = studied(RATINGS, GAPS);
    expect(good.sched.lapses).toBe(1); // the Again came on a card in review (after 30 hours)
    const finding = checkCard({ ...good, sched: { ...good.sched, reps: 9 } }, scheduler, 0);
    expect(finding?.message).toBe('it counts 9 repetitions and 1 lapses; its history has 5 and 1');
    expect(finding?.repaired).toEqual(good);
  });

  it('finds a card in the wrong queue or at the wrong due time, and puts it back', () => {
    const good = studied(RATINGS, GAPS);
    expect(good.queue).toBe(Queue.Review);
    for (const bad of [{ ...good, queue: Queue.New }, { ...good, due: good.due + DAY }, { ...good, buriedDay: 12 }]) {
      const finding = checkCard(bad, scheduler, 0);
      expect(finding?.message).toBe('it is in the wrong place in the study queue');
      expect(finding?.repaired).toEqual(good);
    }
    const buried = { ...good, queue: Queue.Buried };
    expect(checkCard(buried, scheduler, 0)?.message).toBe('it is buried without a day to come back');
    // Suspended and buried cards keep their queue.
    expect(checkCard({ ...good, queue: Queue.Suspended }, scheduler, 0)).toBeNull();
    expect(checkCard({ ...good, queue: Queue.Buried, buriedDay: 20_000 }, scheduler, 0)).toBeNull();
  });

  it('makes a card with a state but no reviews new again', () => {
    const good = studied(RATINGS, GAPS);
    const finding = checkCard({ ...good, history: emptyHistory() }, scheduler, 0);
    expect(finding?.message).toBe('it has a scheduling state but no reviews');
    expect(finding?.repaired?.sched.state).toBe(State.New);
    expect(finding?.repaired?.sched.reps).toBe(0);
    expect(finding?.repaired?.queue).toBe(Queue.New);
    expect(finding?.repaired?.due).toBe(good.position);
  });

  it('reports what cannot be derived without repairing it: an unreadable review, reviews out of order', () => {
    const good = studied(RATINGS, GAPS);
    const unreadable = checkCard(withRow(good, 2, (row) => void (row[1] = 7)), scheduler, 0);
    expect(unreadable).toEqual({ cardId: good.id, message: 'review 3 of 5 is unreadable', repaired: null });
    const swapped = checkCard(withRow(good, 4, (row) => void (row[0] = T0 - DAY)), scheduler, 0);
    expect(swapped).toEqual({ cardId: good.id, message: 'review 5 of 5 is dated before the review before it', repaired: null });
  });

  it('does not replay answers given before the scheduling settings changed, but still checks their order', () => {
    // Answered at 80% desired retention; the settings are now 90%, changed after the last answer.
    const old = new Scheduler({ ...DEFAULT_SETTINGS, desiredRetention: 0.8 });
    const card = studied(RATINGS, GAPS, old);
    const lastAnswer = entryAt(card.history, 4).t;
    expect(checkCard(card, scheduler, 0)?.message).toMatch(/not the replay|starts from a state/);
    expect(checkCard(card, scheduler, lastAnswer + 1)).toBeNull();
    // Without a replay, a broken chain of review times is still found.
    const broken = withRow(card, 2, (row) => void (row[6] = T0 - HOUR));
    expect(checkCard(broken, scheduler, lastAnswer + 1)?.message).toBe('review 3 of 5 does not follow review 2');
    // Answers after the change are replayed from the state the last earlier one left.
    let later = card;
    later = answeredCard(later, scheduler.answer(later.id, later.sched, Rating.Good, lastAnswer + 5 * DAY, 3000));
    expect(checkCard(later, scheduler, lastAnswer + 1)).toBeNull();
    const damaged = { ...later, sched: { ...later.sched, due: later.sched.due + DAY } };
    expect(checkCard(damaged, scheduler, lastAnswer + 1)?.repaired).toEqual(later);
  });

  it('keeps a repaired history identical in its answers: times, buttons and answer times', () => {
    const good = studied(RATINGS, GAPS);
    const bad = withRow(good, 1, (row) => void (row[7] = 123)); // review 2's starting stability
    const repaired = checkCard(bad, scheduler, 0)!.repaired!;
    const answers = (c: CardRecord) =>
      Array.from({ length: historyLength(c.history) }, (_, i) => entryAt(c.history, i)).map((e) => [e.t, e.rating, e.ms]);
    expect(answers(repaired)).toEqual(answers(good));
  });
});
