// Statistics from the per-day summaries. Anki's pipeline: storage gathers the summaries of the chosen decks and
// period, these pure functions build the numbers, the screen draws them. Nothing here reads a review history.
import { BLOCK_DAYS } from '../day-blocks';
import type { DayDigest } from '../day-digests';
import { addDays, emptyDay, kindsOf, ratingsOf, type DaySummary } from '../model';

/** The kinds of DaySummary.answers, in their order. */
export const KINDS = ['Learning', 'Young', 'Mature', 'Relearning'] as const;
export type KindCounts = [number, number, number, number];

/** The summaries of any decks added up per study day: day number -> summary (its deckId is the first deck's). */
export function perDay(days: Iterable<DaySummary>): Map<number, DaySummary> {
  const out = new Map<number, DaySummary>();
  for (const d of days) {
    const seen = out.get(d.day);
    out.set(d.day, seen ? addDays(seen, d) : d);
  }
  return out;
}

const dayOf = (byDay: Map<number, DaySummary>, day: number) => byDay.get(day) ?? emptyDay('', day);

/** Answers to review cards (young and mature) that were passed (Hard, Good, Easy) and failed (Again). */
export interface PassFail {
  passed: number;
  failed: number;
}

/** passed / (passed + failed), or null when there was nothing to count. */
export const retentionOf = (p: PassFail): number | null => (p.passed + p.failed === 0 ? null : p.passed / (p.passed + p.failed));

const passFail = (d: DaySummary, kind: 1 | 2): PassFail => {
  const failed = d.answers[kind * 4]!;
  return { passed: d.answers[kind * 4 + 1]! + d.answers[kind * 4 + 2]! + d.answers[kind * 4 + 3]!, failed };
};
const plus = (a: PassFail, b: PassFail): PassFail => ({ passed: a.passed + b.passed, failed: a.failed + b.failed });

export interface TodayStats {
  /** Answers given today (Anki's "studied N cards"). */
  studied: number;
  timeMs: number;
  /** Answers that were Again. */
  again: number;
  /** New cards seen for the first time. */
  newSeen: number;
  /** Review cards (young and mature) passed and failed: the true retention of today. */
  reviews: PassFail;
}

export function todayStats(byDay: Map<number, DaySummary>, today: number): TodayStats {
  const d = dayOf(byDay, today);
  return {
    studied: d.reviews,
    timeMs: d.timeMs,
    again: ratingsOf(d)[0],
    newSeen: d.newSeen,
    reviews: plus(passFail(d, 1), passFail(d, 2)),
  };
}

/** What the digests of some decks say of the days before the day blocks read (see StatsInput). */
export interface EarlierDays {
  /** The days with answers, ascending. */
  studied: number[];
  young: PassFail;
  mature: PassFail;
}

export const NOTHING_EARLIER: EarlierDays = { studied: [], young: { passed: 0, failed: 0 }, mature: { passed: 0, failed: 0 } };

/** The digests' days of the blocks before `beforeBlock`, all decks given together. */
export function earlierDays(digests: readonly DayDigest[], beforeBlock: number): EarlierDays {
  const studied = new Set<number>();
  const young = { passed: 0, failed: 0 };
  const mature = { passed: 0, failed: 0 };
  for (const d of digests) {
    for (let i = 0; i < d.blocks.length && d.blocks[i]! < beforeBlock; i++) {
      const bits = d.studied[i]!;
      for (let slot = 0; slot < BLOCK_DAYS; slot++) if ((bits >>> slot) & 1) studied.add(d.blocks[i]! * BLOCK_DAYS + slot);
      young.passed += d.retention[i * 4]!;
      young.failed += d.retention[i * 4 + 1]!;
      mature.passed += d.retention[i * 4 + 2]!;
      mature.failed += d.retention[i * 4 + 3]!;
    }
  }
  return { studied: [...studied].sort((a, b) => a - b), young, mature };
}

/**
 * Runs of consecutive study days (a day with at least one answer). The current streak ends today, or yesterday when
 * nothing has been studied yet today (the day is not over); the longest is the longest run ever. `earlier`: the
 * study days before those in `byDay` (ascending, all before its first).
 */
export function streaks(byDay: Map<number, DaySummary>, today: number, earlier: readonly number[] = []): { current: number; longest: number } {
  const recent = [...byDay.values()].filter((d) => d.reviews > 0 && d.day <= today).map((d) => d.day).sort((a, b) => a - b);
  const days = [...earlier.filter((day) => day <= today), ...recent];
  const all = new Set(days);
  const studied = (day: number) => all.has(day);
  let current = 0;
  for (let day = studied(today) ? today : today - 1; studied(day); day--) current++;
  let longest = 0;
  let run = 0;
  days.forEach((day, i) => {
    run = i > 0 && days[i - 1] === day - 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  });
  return { current, longest };
}

export interface HeatCell {
  day: number;
  reviews: number;
  /** 0 for no answers; else the quarter of the busiest day's count the day reaches: 1 up to a quarter of it, 4 above
   * three quarters (the busiest day is always 4). */
  level: 0 | 1 | 2 | 3 | 4;
}

export interface Heatmap {
  cells: HeatCell[];
  /** The most answers in one day of the period. */
  max: number;
  activeDays: number;
  total: number;
}

/** One cell per study day of the `length` days ending today, oldest first. */
export function heatmap(byDay: Map<number, DaySummary>, today: number, length = 365): Heatmap {
  const from = today - length + 1;
  const counts = Array.from({ length }, (_, i) => byDay.get(from + i)?.reviews ?? 0);
  const max = Math.max(0, ...counts);
  const level = (n: number) => (n === 0 ? 0 : Math.ceil((4 * n) / max)) as HeatCell['level'];
  return {
    cells: counts.map((reviews, i) => ({ day: from + i, reviews, level: level(reviews) })),
    max,
    activeDays: counts.filter((n) => n > 0).length,
    total: counts.reduce((a, b) => a + b, 0),
  };
}

export interface ReviewBar {
  day: number;
  /** Answers by kind (KINDS order). */
  counts: KindCounts;
  /** Time spent answering, ms, by kind. */
  timeMs: KindCounts;
}

/** Every day from `from` to `to` (inclusive), with its answers and time by kind; days without answers are zeros. */
export function reviewsByDay(byDay: Map<number, DaySummary>, from: number, to: number): ReviewBar[] {
  const out: ReviewBar[] = [];
  for (let day = from; day <= to; day++) {
    const d = dayOf(byDay, day);
    out.push({ day, counts: kindsOf(d), timeMs: [...d.kindMs] as KindCounts });
  }
  return out;
}

export interface RetentionRow {
  period: 'Today' | 'Yesterday' | 'Last week' | 'Last month' | 'Last year' | 'All time';
  young: PassFail;
  mature: PassFail;
  total: PassFail;
}

/** True retention as Anki's table gives it: review cards passed / answered, young and mature, over each period
 * ending today (a week is the last 7 days, today included; a month 30; a year 365). `earlier`: the answers before
 * the days in `byDay` (a year back at least), counted in All time. */
export function trueRetention(byDay: Map<number, DaySummary>, today: number, earlier: Pick<EarlierDays, 'young' | 'mature'> = NOTHING_EARLIER): RetentionRow[] {
  const periods: [RetentionRow['period'], number, number][] = [
    ['Today', today, today],
    ['Yesterday', today - 1, today - 1],
    ['Last week', today - 6, today],
    ['Last month', today - 29, today],
    ['Last year', today - 364, today],
    ['All time', -Infinity, today],
  ];
  return periods.map(([period, from, to]) => {
    let young: PassFail = from === -Infinity ? earlier.young : { passed: 0, failed: 0 };
    let mature: PassFail = from === -Infinity ? earlier.mature : { passed: 0, failed: 0 };
    for (const d of byDay.values()) {
      if (d.day < from || d.day > to) continue;
      young = plus(young, passFail(d, 1));
      mature = plus(mature, passFail(d, 2));
    }
    return { period, young, mature, total: plus(young, mature) };
  });
}

export interface ButtonRow {
  /** Learning includes relearning, as in Anki's answer-buttons graph. */
  kind: 'Learning' | 'Young' | 'Mature';
  /** Again, Hard, Good, Easy. */
  counts: KindCounts;
  /** Answers other than Again. */
  passed: number;
  total: number;
}

/** How often each button was pressed, by kind, over the days from `from` to `to`. */
export function answerButtons(byDay: Map<number, DaySummary>, from: number, to: number): ButtonRow[] {
  const rows: ButtonRow[] = (['Learning', 'Young', 'Mature'] as const).map((kind) => ({ kind, counts: [0, 0, 0, 0], passed: 0, total: 0 }));
  const rowOf = [0, 1, 2, 0]; // KINDS -> rows: relearning counts as learning
  for (const d of byDay.values()) {
    if (d.day < from || d.day > to) continue;
    for (let i = 0; i < 16; i++) {
      const counts = rows[rowOf[Math.floor(i / 4)]!]!.counts;
      counts[(i % 4) as 0 | 1 | 2 | 3] += d.answers[i]!;
    }
  }
  for (const r of rows) {
    r.total = r.counts.reduce((a, b) => a + b, 0);
    r.passed = r.total - r.counts[0];
  }
  return rows;
}

export interface HourRow {
  hour: number;
  reviews: number;
  /** Answers other than Again. */
  passed: number;
}

/** Answers by the clock hour they were given in, over the days from `from` to `to`. */
export function hourly(byDay: Map<number, DaySummary>, from: number, to: number): HourRow[] {
  const rows: HourRow[] = Array.from({ length: 24 }, (_, hour) => ({ hour, reviews: 0, passed: 0 }));
  for (const d of byDay.values()) {
    if (d.day < from || d.day > to) continue;
    d.hours.forEach((n, h) => (rows[h]!.reviews += n));
    d.hourPasses.forEach((n, h) => (rows[h]!.passed += n));
  }
  return rows;
}
