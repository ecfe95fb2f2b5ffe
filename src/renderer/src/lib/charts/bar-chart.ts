// Bar charts on uPlot: stacked bars (one or more series, bottom to top), an optional line on a second axis, one
// colour per bar where a single series is categorical, and a tooltip. Colours are CSS custom properties, read when
// the chart is made (the component makes it again when the colour scheme changes). Nothing app-specific here.
import uPlot from 'uplot';

export interface BarSeries {
  label: string;
  /** A CSS custom property (`--kind-young`) or any CSS colour. */
  color: string;
  values: readonly number[];
}

export interface BarChartSpec {
  /** Bar positions (day numbers, bin indexes); evenly spaced. */
  x: readonly number[];
  /** Stacked bottom to top. */
  bars: readonly BarSeries[];
  /** One colour per bar (a categorical chart of one series), instead of the series colour. */
  barColors?: readonly string[];
  /** A line over the bars, on a scale of its own (right axis). */
  line?: { label: string; color: string; values: readonly (number | null)[]; format: (v: number) => string; max?: number };
  /** The label under a bar position. */
  xLabel: (x: number) => string;
  /** Where the x axis has labels (default: where uPlot finds room). */
  xTicks?: readonly number[];
  /** Left axis labels. */
  yFormat?: (v: number) => string;
  /** The tooltip's lines for bar `i`. */
  tooltip: (i: number) => string[];
}

const resolve = (el: Element, color: string): string =>
  color.startsWith('--') ? getComputedStyle(el).getPropertyValue(color).trim() || '#888' : color;

/** uPlot options and data for a spec, sized `width` x `height`, coloured from `el`'s custom properties. */
export function barChartOptions(spec: BarChartSpec, el: Element, width: number, height: number): { opts: uPlot.Options; data: uPlot.AlignedData } {
  const text = resolve(el, '--muted');
  const grid = resolve(el, '--border');
  const n = spec.x.length;
  // Stacked: each series drawn as the running total up to it, the top one first, so each lower one covers the
  // part of the bar below it.
  const totals: number[][] = [];
  spec.bars.forEach((s, k) => totals.push(s.values.map((v, i) => v + (k > 0 ? totals[k - 1]![i]! : 0))));
  const drawOrder = totals.map((_, k) => totals.length - 1 - k);
  const barsPath = uPlot.paths.bars!({
    size: [n > 60 ? 1 : 0.8, 48],
    gap: n > 120 ? 0 : 1,
    ...(spec.barColors
      ? { disp: { fill: { unit: 3, values: () => spec.barColors!.map((c) => resolve(el, c)) } } }
      : {}),
  });
  const series: uPlot.Series[] = [
    {},
    ...drawOrder.map((k) => ({
      label: spec.bars[k]!.label,
      fill: resolve(el, spec.bars[k]!.color),
      stroke: resolve(el, spec.bars[k]!.color),
      width: 0,
      paths: barsPath,
      points: { show: false },
    })),
  ];
  const data: (readonly (number | null)[])[] = [spec.x, ...drawOrder.map((k) => totals[k]!)];
  const axes: uPlot.Axis[] = [
    {
      stroke: text,
      grid: { show: false },
      ticks: { stroke: grid, width: 1 },
      ...(spec.xTicks ? { splits: () => [...spec.xTicks!] } : {}),
      values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? spec.xLabel(v) : '')),
    },
    {
      stroke: text,
      grid: { stroke: grid, width: 1 },
      ticks: { show: false },
      size: 48,
      values: (_u, splits) => splits.map((v) => (spec.yFormat ? spec.yFormat(v) : Number.isInteger(v) ? v.toLocaleString() : '')),
    },
  ];
  const scales: uPlot.Scales = {
    x: { time: false, range: (_u, min, max) => [min - 0.6, max + 0.6] },
    y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
  };
  if (spec.line) {
    const line = spec.line;
    series.push({
      label: line.label,
      scale: 'line',
      stroke: resolve(el, line.color),
      width: 2,
      points: { show: n <= 14, size: 5, fill: resolve(el, line.color) },
      spanGaps: true,
    });
    data.push(line.values);
    scales.line = { range: (_u, _min, max) => [0, line.max ?? Math.max(1, max) * 1.05] };
    axes.push({ scale: 'line', side: 1, stroke: text, grid: { show: false }, ticks: { show: false }, size: 56, values: (_u, splits) => splits.map((v) => line.format(v)) });
  }
  const opts: uPlot.Options = {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false }, y: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales,
    axes,
    series,
    plugins: [tooltipPlugin(spec.tooltip)],
  };
  return { opts, data: data as uPlot.AlignedData };
}

/** A tooltip that follows the bar under the pointer: lines of text, positioned inside the plot. */
function tooltipPlugin(lines: (i: number) => string[]): uPlot.Plugin {
  let tip: HTMLDivElement;
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement('div');
        tip.className = 'chart-tooltip';
        tip.setAttribute('aria-hidden', 'true'); // the tables beside the charts carry the same numbers
        tip.hidden = true;
        u.over.appendChild(tip);
        u.over.addEventListener('mouseleave', () => (tip.hidden = true));
      },
      setCursor: (u) => {
        const i = u.cursor.idx;
        if (i === null || i === undefined || u.cursor.left === undefined || u.cursor.left < 0) {
          tip.hidden = true;
          return;
        }
        tip.replaceChildren(
          ...lines(i).map((line, k) => {
            const row = document.createElement(k === 0 ? 'strong' : 'span');
            row.textContent = line;
            return row;
          }),
        );
        tip.hidden = false;
        const x = u.valToPos(u.data[0][i]!, 'x');
        const width = u.over.clientWidth;
        // Right of the bar, or left of it near the right edge; CSSOM styles, which the page's CSP allows.
        const left = x + 12 + tip.offsetWidth > width ? Math.max(0, x - 12 - tip.offsetWidth) : x + 12;
        tip.style.left = `${left}px`;
        tip.style.top = '4px';
      },
    },
  };
}
