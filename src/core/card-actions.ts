// What the browser's and the review screen's actions do to a card: suspend, unsuspend, bury until the next study
// day, flag, reset to new, set a due date. Pure: each gives the card's new record (or the same one when there is
// nothing to change); storage writes them in one transaction and keeps the records from before, which is what undo
// puts back. A reset and a due date change the card's schedule, so they are recorded in its history as manual rows
// (history.ts Manual), which no statistic counts as an answer.
import { dayNumber, dayStartMs } from './day';
import { fnv1a } from './hash';
import { appendEntry, HISTORY_STRIDE, historyLength, Manual } from './history';
import { placeCard, Queue, type CardRecord, type Flag } from './model';
import { newSchedState, prevOf, State, type SchedState } from './scheduler';

/** Out of every queue until unsuspended (its place and memory state kept). */
export function suspended(card: CardRecord): CardRecord {
  if (card.queue === Queue.Suspended || card.queue === Queue.Retired) return card;
  const { buriedDay: _day, ...rest } = card;
  return { ...rest, queue: Queue.Suspended };
}

/** Back into the queue its state belongs in (a suspended or buried card; others are left as they are). */
export function restored(card: CardRecord): CardRecord {
  if (card.queue !== Queue.Suspended && card.queue !== Queue.Buried) return card;
  const { buriedDay: _day, ...rest } = card;
  return { ...rest, ...placeCard(card.position, card.sched) };
}

/** Set aside until the study day after `day` (Anki's bury). A suspended card stays suspended. */
export function buried(card: CardRecord, day: number): CardRecord {
  if (card.queue === Queue.Suspended || card.queue === Queue.Retired || (card.queue === Queue.Buried && card.buriedDay === day)) return card;
  return { ...card, queue: Queue.Buried, buriedDay: day };
}

/** With this flag (0: none). */
export function flagged(card: CardRecord, flag: Flag | 0): CardRecord {
  if ((card.flag ?? 0) === flag) return card;
  const { flag: _old, ...rest } = card;
  return flag === 0 ? rest : { ...rest, flag };
}

/**
 * Which way a toggle goes for several cards, as in Anki: Ctrl+1 on cards whose first already has the red flag takes
 * it off them all, else puts it on them all; suspend on cards whose first is suspended unsuspends them all.
 */
export function flagToggle(first: CardRecord | undefined, flag: Flag): Flag | 0 {
  return first?.flag === flag ? 0 : flag;
}

export function suspendToggle(first: CardRecord | undefined): 'suspend' | 'unsuspend' {
  return first?.queue === Queue.Suspended ? 'unsuspend' : 'suspend';
}

/** The card in its new state: a suspended card stays suspended, a buried one comes back, others go where it belongs. */
function rescheduled(card: CardRecord, sched: SchedState, row: CardRecord['history']): CardRecord {
  const { buriedDay: _day, ...rest } = card;
  const place = card.queue === Queue.Suspended ? { queue: card.queue, due: placeCard(card.position, sched).due } : placeCard(card.position, sched);
  return { ...rest, sched, history: row, ...place };
}

/** A manual row's time: now, but never before the card's last row (the clock may have been set back). */
function rowTime(card: CardRecord, nowMs: number): number {
  const n = historyLength(card.history);
  return n === 0 ? nowMs : Math.max(nowMs, card.history[(n - 1) * HISTORY_STRIDE]!);
}

/**
 * Reset to new (Anki's Forget): the card goes back among the new cards, at its place in the deck order, with no
 * memory state; its history stays, with a row saying so. `resetCounts` also puts its repetition and lapse counts
 * back to 0 (a leech given a fresh start). A card already new (with nothing to clear) is left as it is.
 */
export function resetToNew(card: CardRecord, nowMs: number, resetCounts: boolean): CardRecord {
  if (card.queue === Queue.Retired) return card;
  const s = card.sched;
  if (s.state === State.New && (!resetCounts || (s.reps === 0 && s.lapses === 0))) return card;
  const t = rowTime(card, nowMs);
  const entry = { t, rating: resetCounts ? Manual.ResetCounts : Manual.Reset, ms: 0, elapsed: 0, prev: prevOf(s) };
  const sched: SchedState = { ...newSchedState(t), reps: resetCounts ? 0 : s.reps, lapses: resetCounts ? 0 : s.lapses };
  return rescheduled(card, sched, appendEntry(card.history, entry));
}

/** What the "Set due date" box asks for: in `min` to `max` days from today; `setInterval` ("!") makes that the interval too. */
export interface DueSpec {
  min: number;
  max: number;
  setInterval: boolean;
}

export class DueSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DueSpecError';
  }
}

/** The longest a due date may be set ahead: 100 years. */
export const MAX_DUE_DAYS = 36_500;

/**
 * Reads Anki's due-date syntax: `0` today, `1` tomorrow, `3-7` a day chosen between (for each card), and a `!` after
 * either to make the interval that many days too. Throws DueSpecError saying what is wrong.
 */
export function parseDueSpec(text: string): DueSpec {
  const written = text.trim();
  const m = /^(\d+)(?:\s*-\s*(\d+))?\s*(!)?$/.exec(written);
  if (!m) {
    throw new DueSpecError(
      written === ''
        ? 'Write a number of days: 0 for today, 1 for tomorrow, 3-7 for a day between.'
        : `"${written}" is not a number of days: write 0 for today, 1 for tomorrow, 3-7 for a day between, and ! after it (1!) to set the interval too.`,
    );
  }
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  const [min, max] = a <= b ? [a, b] : [b, a];
  if (max > MAX_DUE_DAYS) throw new DueSpecError(`${max.toLocaleString('en')} days is too far ahead: at most ${MAX_DUE_DAYS.toLocaleString('en')} (100 years).`);
  return { min, max, setInterval: m[3] === '!' };
}

/** The days ahead a range gives this card: the same card and moment always get the same day (no hidden randomness). */
export function dueDaysFor(spec: DueSpec, cardId: string, nowMs: number): number {
  const span = spec.max - spec.min + 1;
  return span === 1 ? spec.min : spec.min + (fnv1a(`${cardId}@${nowMs}`) % span);
}

/**
 * Set due date (Anki's): the card becomes a review card due at the start of the study day `days` from today, its
 * memory state kept. Its interval is kept for a review card, else (or with `setInterval`) it becomes `days` (at least
 * 1). A new card has no memory to keep: it starts as if learned today, with a stability of its interval and the
 * difficulty of a first Good (`initialDifficulty`, from the scheduler), so that FSRS can go on from it.
 */
export function withDueDate(
  card: CardRecord,
  days: number,
  setInterval: boolean,
  nowMs: number,
  dayStartHour: number,
  initialDifficulty: number,
): CardRecord {
  if (card.queue === Queue.Retired) return card;
  const s = card.sched;
  const t = rowTime(card, nowMs);
  const due = dayStartMs(dayNumber(t, dayStartHour) + days, dayStartHour);
  const interval = Math.max(1, days);
  let sched: SchedState;
  if (s.state === State.New) {
    sched = {
      ...s, state: State.Review, due, stability: interval, difficulty: initialDifficulty, lastReview: t, elapsedDays: 0,
      scheduledDays: interval, learningSteps: 0,
    };
  } else {
    const keep = s.state === State.Review && !setInterval;
    sched = { ...s, state: State.Review, due, learningSteps: 0, scheduledDays: keep ? s.scheduledDays : interval };
  }
  if (sched.due === s.due && sched.state === s.state && sched.scheduledDays === s.scheduledDays && card.queue !== Queue.Buried) return card;
  const entry = { t, rating: Manual.SetDue, ms: 0, elapsed: 0, prev: prevOf(s) };
  return rescheduled(card, sched, appendEntry(card.history, entry));
}
