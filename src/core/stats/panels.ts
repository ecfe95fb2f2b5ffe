// Everything the Statistics screen shows, built at once from what storage gathered: the day blocks of the chosen
// decks (with hour counts for the chosen period) and the per-card summaries. Anki's pipeline: gather (storage) ->
// build (here, pure) -> draw (the screen).
import type { StatsColumns } from '../card-columns';
import { sumBlocks, type DayBlock, type HourBlock } from '../day-blocks';
import type { DayDigest } from '../day-digests';
import type { DaySummary } from '../model';
import { cardCounts, forecast, memory, type CardCounts, type DeckFilter, type Forecast, type Memory } from './cards';
import {
  answerButtons, earlierDays, heatmap, hourly, reviewsByDay, streaks, todayStats, trueRetention,
  type ButtonRow, type Heatmap, type HourRow, type KindCounts, type RetentionRow, type ReviewBar, type TodayStats,
} from './days';

export const PERIODS = ['month', 'year', 'all'] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = { month: 'Last month', year: 'Last year', all: 'All time' };

/** The first day of the period ending today: 30 days, 365 days, or since the first day with answers. */
export function periodStart(period: Period, today: number, firstDay: number | null): number {
  if (period === 'month') return today - 29;
  if (period === 'year') return today - 364;
  return Math.min(today, firstDay ?? today);
}

/** The first day the Statistics screen shows day by day, in any period but All time (the calendar: a year). */
export const daysShownFrom = (period: Period, today: number): number => (period === 'all' ? -Infinity : today - 364);

/** What storage gathered; blocks and digests of decks not chosen may be there too (they are left out here). */
export interface StatsInput {
  /** Every day block from block `blocksFrom` on (-Infinity: all of them). */
  dayBlocks: readonly DayBlock[];
  blocksFrom: number;
  /** The decks' digests, for the blocks before `blocksFrom` (none needed when it is -Infinity). */
  digests: readonly DayDigest[];
  /** Hour blocks covering at least the chosen period (older ones may be left out). */
  hourBlocks: readonly HourBlock[];
  columns: readonly StatsColumns[];
}

export interface StatsOptions {
  today: number;
  nowMs: number;
  dayStartHour: number;
  period: Period;
  decks: DeckFilter;
  /** The scheduler's forgetting curve (Scheduler.forgettingCurve). */
  curve: (elapsedDays: number, stability: number, deckId: string) => number;
}

export interface ReviewTotals {
  /** Days in the period, and those with answers. */
  days: number;
  daysStudied: number;
  answers: number;
  timeMs: number;
}

export interface StatsPanels {
  today: number;
  period: Period;
  /** First day of the period. */
  from: number;
  todayStats: TodayStats;
  streaks: { current: number; longest: number };
  heatmap: Heatmap;
  retention: RetentionRow[];
  /** Answers and time by kind, a bar per day (per week over more than a year: `binDays` says which). */
  reviews: ReviewBar[];
  binDays: 1 | 7;
  reviewTotals: ReviewTotals;
  forecast: Forecast;
  counts: CardCounts;
  memory: Memory;
  buttons: ButtonRow[];
  hours: HourRow[];
}

/** Bars of `size` days each, the last one ending today (the first may hold fewer days). */
export function binBars(bars: readonly ReviewBar[], size: number): ReviewBar[] {
  if (size === 1) return [...bars];
  const out: ReviewBar[] = [];
  for (let end = bars.length; end > 0; end -= size) {
    const group = bars.slice(Math.max(0, end - size), end);
    const counts = [0, 0, 0, 0] as KindCounts;
    const timeMs = [0, 0, 0, 0] as KindCounts;
    for (const b of group) {
      for (let k = 0; k < 4; k++) {
        counts[k]! += b.counts[k]!;
        timeMs[k]! += b.timeMs[k]!;
      }
    }
    out.unshift({ day: group[0]!.day, counts, timeMs });
  }
  return out;
}

export function buildStats(input: StatsInput, o: StatsOptions): StatsPanels {
  const chosen = <T extends { deckId: string }>(blocks: readonly T[]) => (o.decks === null ? blocks : blocks.filter((b) => o.decks!.has(b.deckId)));
  const recent = (b: { block: number }) => b.block >= input.blocksFrom;
  const byDay: Map<number, DaySummary> = sumBlocks(chosen(input.dayBlocks).filter(recent), chosen(input.hourBlocks).filter(recent));
  const earlier = earlierDays(chosen(input.digests), input.blocksFrom);
  let firstDay: number | null = null;
  for (const day of byDay.keys()) if (firstDay === null || day < firstDay) firstDay = day;
  const from = periodStart(o.period, o.today, firstDay);
  const daily = reviewsByDay(byDay, from, o.today);
  const binDays = daily.length > 366 ? 7 : 1;
  const totals: ReviewTotals = { days: daily.length, daysStudied: 0, answers: 0, timeMs: 0 };
  for (const bar of daily) {
    const n = bar.counts.reduce((a, b) => a + b, 0);
    if (n > 0) totals.daysStudied++;
    totals.answers += n;
    totals.timeMs += bar.timeMs.reduce((a, b) => a + b, 0);
  }
  return {
    today: o.today,
    period: o.period,
    from,
    todayStats: todayStats(byDay, o.today),
    streaks: streaks(byDay, o.today, earlier.studied),
    heatmap: heatmap(byDay, o.today),
    retention: trueRetention(byDay, o.today, earlier),
    reviews: binBars(daily, binDays),
    binDays,
    reviewTotals: totals,
    forecast: forecast(input.columns, o.decks, o.today, o.dayStartHour, o.period === 'month' ? 30 : 365),
    counts: cardCounts(input.columns, o.decks),
    memory: memory(input.columns, o.decks, o.nowMs, o.curve),
    buttons: answerButtons(byDay, from, o.today),
    hours: hourly(byDay, from, o.today),
  };
}
