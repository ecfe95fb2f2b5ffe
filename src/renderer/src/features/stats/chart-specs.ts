// The Statistics screen's charts, as bar-chart specs made from the built panels (core/stats), with the words the
// axes, tooltips and screen-reader summaries use. Formatting only: every number comes from core.
import type { Bin, CardCounts, Forecast } from '../../../../core/stats/cards';
import { KINDS, type ButtonRow, type HourRow, type ReviewBar } from '../../../../core/stats/days';
import type { BarChartSpec } from '../../lib/charts/bar-chart';

const DAY_MS = 86_400_000;
// Day numbers are UTC calendar dates. One formatter each (building one per call is slow).
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDate = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
export const dateOf = (day: number): string => longDate.format(day * DAY_MS);
export const shortDateOf = (day: number): string => shortDate.format(day * DAY_MS);

// One number formatter: Number.prototype.toLocaleString builds a new one per call (9 ms of the screen, in a profile).
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
/** A whole number as the user's locale writes it: "27,182". */
export const num = (n: number): string => numberFormat.format(n);
export const plural = (n: number, word: string, many = `${word}s`): string => `${num(Math.round(n))} ${n === 1 ? word : many}`;
export const percentOf = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

/** "45 s", "12 min", "3.4 h". */
export function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export const KIND_COLORS = ['--kind-learning', '--kind-young', '--kind-mature', '--kind-relearning'] as const;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function reviewsSpec(bars: readonly ReviewBar[], binDays: 1 | 7): BarChartSpec {
  const time: number[] = [];
  bars.reduce((t, b) => (time.push(t + sum(b.timeMs)), t + sum(b.timeMs)), 0);
  const span = (b: ReviewBar) => (binDays === 1 ? dateOf(b.day) : `Week of ${dateOf(b.day)}`);
  return {
    x: bars.map((b) => b.day),
    bars: KINDS.map((kind, k) => ({ label: kind, color: KIND_COLORS[k]!, values: bars.map((b) => b.counts[k]!) })),
    line: { label: 'Time, running total', color: '--text', values: time.map((ms) => ms / 3_600_000), format: (h) => `${h.toFixed(h < 10 ? 1 : 0)} h` },
    xLabel: shortDateOf,
    tooltip: (i) => {
      const b = bars[i]!;
      return [
        span(b),
        `${plural(sum(b.counts), 'answer')} in ${duration(sum(b.timeMs))}`,
        ...KINDS.map((kind, k) => `${kind}: ${num(b.counts[k]!)}`),
      ];
    },
  };
}

export function forecastSpec(f: Forecast, today: number): BarChartSpec {
  return {
    x: f.due.map((_, i) => today + i),
    bars: [{ label: 'Due', color: '--review', values: f.due }],
    line: { label: 'Running total', color: '--text', values: f.cumulative, format: (v) => (Number.isInteger(v) ? num(v) : '') },
    xLabel: shortDateOf,
    tooltip: (i) => [
      i === 0 ? `Today, ${dateOf(today)}` : i === 1 ? `Tomorrow, ${dateOf(today + 1)}` : `${dateOf(today + i)} (in ${i} days)`,
      `${plural(f.due[i]!, 'card')} due${i === 0 && f.overdue > 0 ? `, ${num(f.overdue)} of them overdue` : ''}`,
      `${num(f.cumulative[i]!)} in all by then`,
    ],
  };
}

export const COUNT_ROWS: { key: keyof Omit<CardCounts, 'total'>; label: string; color: string }[] = [
  { key: 'new', label: 'New', color: '--new' },
  { key: 'learning', label: 'Learning', color: '--kind-learning' },
  { key: 'relearning', label: 'Relearning', color: '--kind-relearning' },
  { key: 'young', label: 'Young', color: '--kind-young' },
  { key: 'mature', label: 'Mature', color: '--kind-mature' },
  { key: 'suspended', label: 'Suspended', color: '--suspended' },
  { key: 'buried', label: 'Buried', color: '--buried' },
];

export function countsSpec(c: CardCounts): BarChartSpec {
  return {
    x: COUNT_ROWS.map((_, i) => i),
    bars: [{ label: 'Cards', color: '--accent', values: COUNT_ROWS.map((r) => c[r.key]) }],
    barColors: COUNT_ROWS.map((r) => r.color),
    xLabel: (i) => COUNT_ROWS[i]?.label ?? '',
    tooltip: (i) => [COUNT_ROWS[i]!.label, `${plural(c[COUNT_ROWS[i]!.key], 'card')} (${percentOf(c[COUNT_ROWS[i]!.key], c.total)})`],
  };
}

export function histogramSpec(bins: readonly Bin[], color: string, what: string): BarChartSpec {
  const total = sum(bins.map((b) => b.count));
  return {
    x: bins.map((_, i) => i),
    bars: [{ label: 'Cards', color, values: bins.map((b) => b.count) }],
    xLabel: (i) => bins[i]?.label ?? '',
    tooltip: (i) => [`${what} ${bins[i]!.label}`, `${plural(bins[i]!.count, 'card')} (${percentOf(bins[i]!.count, total)})`],
  };
}

export const BUTTONS = ['Again', 'Hard', 'Good', 'Easy'] as const;
const BUTTON_COLORS = ['--again', '--hard', '--good', '--easy'];

/** The answer buttons by kind: four bars per kind, a gap between kinds. */
export function buttonsSpec(rows: readonly ButtonRow[]): BarChartSpec {
  const slots = rows.flatMap((row, k) => BUTTONS.map((_, b) => ({ row, b, x: k * 5 + b })));
  return {
    x: slots.map((s) => s.x),
    bars: [{ label: 'Answers', color: '--accent', values: slots.map((s) => s.row.counts[s.b]!) }],
    barColors: slots.map((s) => BUTTON_COLORS[s.b]!),
    // One label per kind, under its second bar (the four bars' middle falls between bars).
    xTicks: rows.map((_, k) => k * 5 + 1),
    xLabel: (x) => rows[Math.floor(x / 5)]?.kind ?? '',
    tooltip: (i) => {
      const s = slots[i]!;
      return [`${s.row.kind}: ${BUTTONS[s.b]}`, `${plural(s.row.counts[s.b]!, 'answer')} (${percentOf(s.row.counts[s.b]!, s.row.total)} of ${s.row.kind.toLowerCase()})`];
    },
  };
}

export function hoursSpec(rows: readonly HourRow[]): BarChartSpec {
  return {
    x: rows.map((r) => r.hour),
    bars: [{ label: 'Answers', color: '--kind-young', values: rows.map((r) => r.reviews) }],
    line: { label: 'Not Again', color: '--text', values: rows.map((r) => (r.reviews === 0 ? null : (100 * r.passed) / r.reviews)), format: (v) => `${Math.round(v)}%`, max: 100 },
    xLabel: (h) => `${h}:00`,
    tooltip: (i) => {
      const r = rows[i]!;
      return [`${r.hour}:00–${r.hour + 1}:00`, plural(r.reviews, 'answer'), `${percentOf(r.passed, r.reviews)} not Again`];
    },
  };
}
