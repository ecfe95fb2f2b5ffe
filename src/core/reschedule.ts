// Rescheduling for new FSRS settings: when the optimizer gives new parameters, or the desired retention changes, a
// person may opt in to moving their cards to match. Each card's memory state (stability, difficulty) is recomputed
// from its answers under the new settings, and a review card's due date becomes its last answer plus the interval
// FSRS gives that stability at the desired retention (as Anki does: rslib/src/scheduler/fsrs/memory_state.rs).
// Each move is a manual row in the card's history (history.ts Manual.Reschedule), holding the state before it: it can
// be undone, and no statistic, daily limit or repetition count takes it for an answer.
//
// Decisions (what Anki does, unless said otherwise):
// - The memory state is that of the answers FSRS trains on (fsrs-items.ts trainingRows: the last learning block on,
//   manual rows skipped), replayed from a new card through the Scheduler with the new settings. Days between answers
//   are therefore counted as every answer here counts them (ts-fsrs: whole 24-hour periods since the last answer, 0
//   for a same-day answer), so a card rescheduled and then answered goes on exactly as if the new settings had always
//   been in force. A card whose history gives no such answers (its start never seen: an imported card without its
//   learning, or one reset and then given a due date) keeps its state; Anki would estimate one from its SM-2 ease,
//   which cards here do not have.
// - New cards are left alone. Cards in (re)learning get the new memory state but keep their due time and step.
// - A review card is due on the study day of its last answer plus the interval: whole days (ts-fsrs rounds
//   stability × the retention's factor, at least 1), fuzzed over ts-fsrs's fuzz range the way scheduler.ts fuzzes,
//   the fuzz seeded by the card's id and repetition count (the same card rescheduled with the same settings lands on
//   the same day), and never beyond the maximum interval. Like Anki, it is not held back to today: a card whose new
//   interval has already passed becomes overdue (due today). The due time is the start of that study day (as a due
//   date set by hand), or the card's own due time when it is already due that day (then only the memory state changes).
// - Suspended and buried cards are rescheduled too (Anki's search leaves out only new cards), and stay set aside: their
//   due date is where they will go once unsuspended or back from burial. Retired cards are never studied: left alone.
import { dayEndMs, dayNumber, dayStartMs } from './day';
import { trainingRows } from './fsrs-items';
import { appendEntry, dropLast, HISTORY_RATING, HISTORY_STRIDE, HISTORY_T, historyLength, lastEntry, Manual, type History } from './history';
import { placeCard, Queue, type CardRecord } from './model';
import { newSchedState, prevOf, schedulerFor, State, type Grade, type SchedState, type SchedulerSettings } from './scheduler';

export interface MemoryState {
  /** Days until the probability of recall falls to 90%. */
  stability: number;
  /** 1-10. */
  difficulty: number;
}

/**
 * The FSRS memory state the card's answers give under these settings: the answers FSRS trains on (the last learning
 * block on; manual rows skipped) replayed through the Scheduler from a new card. Null when the history gives none.
 */
export function memoryStateOf(history: History, settings: SchedulerSettings): MemoryState | null {
  const rows = trainingRows(history);
  if (rows.length === 0) return null;
  const scheduler = schedulerFor(settings);
  let state: SchedState = newSchedState(history[rows[0]! * HISTORY_STRIDE + HISTORY_T]!);
  for (const i of rows) {
    const at = i * HISTORY_STRIDE;
    // The card's id only seeds the fuzz of the due date, which the memory state does not depend on.
    state = scheduler.answer('', state, history[at + HISTORY_RATING] as Grade, history[at + HISTORY_T]!).next;
  }
  return { stability: state.stability, difficulty: state.difficulty };
}

/** The card's queue and due key for `sched`: a suspended or buried card stays set aside (its due key follows). */
function placed(card: CardRecord, sched: SchedState): Pick<CardRecord, 'queue' | 'due'> {
  const place = placeCard(card.position, sched);
  return card.queue === Queue.Suspended || card.queue === Queue.Buried ? { queue: card.queue, due: place.due } : place;
}

/** A manual row's time: now, but never before the card's last row (the clock may have been set back). */
function rowTime(card: CardRecord, nowMs: number): number {
  const n = historyLength(card.history);
  return n === 0 ? nowMs : Math.max(nowMs, card.history[(n - 1) * HISTORY_STRIDE + HISTORY_T]!);
}

/**
 * The card rescheduled for `settings` (see the top of this file): its memory state recomputed, a review card's due
 * date moved, one Manual.Reschedule row appended holding the state before. Null when nothing changes (a new or retired
 * card, a history that gives no memory state, or one that gives the state and due day the card already has).
 */
export function rescheduleCard(card: CardRecord, settings: SchedulerSettings, nowMs: number, dayStartHour: number): CardRecord | null {
  const s = card.sched;
  if (card.queue === Queue.Retired || s.state === State.New) return null;
  const memory = memoryStateOf(card.history, settings);
  if (!memory) return null;
  let sched: SchedState = { ...s, stability: memory.stability, difficulty: memory.difficulty };
  if (s.state === State.Review && s.lastReview !== null) {
    const interval = schedulerFor(settings).reviewDays(card.id, s.reps, memory.stability);
    const day = dayNumber(s.lastReview, dayStartHour) + interval;
    const due = dayNumber(s.due, dayStartHour) === day ? s.due : dayStartMs(day, dayStartHour);
    sched = { ...sched, due, scheduledDays: interval };
  }
  if (sched.stability === s.stability && sched.difficulty === s.difficulty && sched.due === s.due && sched.scheduledDays === s.scheduledDays) {
    return null;
  }
  const entry = { t: rowTime(card, nowMs), rating: Manual.Reschedule, ms: 0, elapsed: 0, prev: prevOf(s) };
  return { ...card, sched, history: appendEntry(card.history, entry), ...placed(card, sched) };
}

/**
 * The card as it was before its last reschedule: the state the Reschedule row kept (the repetition and lapse counts,
 * which a reschedule does not change, the card's own), the row removed, its place in the queue back. Null when the
 * last row is not a reschedule (the card was answered, reset or given a due date since).
 */
export function undoReschedule(card: CardRecord): CardRecord | null {
  const last = lastEntry(card.history);
  if (!last || last.rating !== Manual.Reschedule) return null;
  const sched: SchedState = { ...last.prev, reps: card.sched.reps, lapses: card.sched.lapses };
  return { ...card, sched, history: dropLast(card.history), ...placed(card, sched) };
}

/**
 * How many review cards fall due on each of the next `days` study days, today first (overdue cards count on today),
 * for showing a reschedule's effect before and after. Review cards waiting in the review queue or buried count, by
 * their scheduled due date; suspended, retired, new and (re)learning cards do not; cards due later are left out.
 */
export function dueForecast(cards: Iterable<Pick<CardRecord, 'queue' | 'sched'>>, nowMs: number, dayStartHour: number, days: number): number[] {
  const counts = new Array<number>(Math.max(0, days)).fill(0);
  if (counts.length === 0) return counts;
  const today = dayNumber(nowMs, dayStartHour);
  // Where each day ends (DST-safe): a card counts on the first day that ends after its due time.
  const ends = counts.map((_, i) => dayEndMs(today + i, dayStartHour));
  const last = ends[ends.length - 1]!;
  for (const card of cards) {
    if (card.sched.state !== State.Review || (card.queue !== Queue.Review && card.queue !== Queue.Buried)) continue;
    const due = card.sched.due;
    if (due >= last) continue;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (due < ends[mid]!) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] = counts[lo]! + 1;
  }
  return counts;
}
