/**
 * Generic spec builders: a heatmap of a matrix and line charts.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Mat } from '../../core/matrix.js';

/** Min/max envelope of a long signal, `columns` points, for plotting a waveform. */
export function envelopePoints(x: ArrayLike<number>, rate: number, columns = 800): { t: number; lo: number; hi: number }[] {
  const out: { t: number; lo: number; hi: number }[] = [];
  const n = x.length;
  const step = Math.max(1, Math.ceil(n / columns));
  for (let s = 0; s < n; s += step) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = s; i < Math.min(n, s + step); i++) {
      lo = Math.min(lo, x[i]!);
      hi = Math.max(hi, x[i]!);
    }
    out.push({ t: s / rate, lo, hi });
  }
  return out;
}

/** A waveform panel (min/max envelope as an area) without top-level properties. */
export function waveformLayer(title: string, x: ArrayLike<number>, rate: number, width = 700): Record<string, unknown> {
  return {
    title,
    width,
    height: 90,
    data: { values: envelopePoints(x, rate) },
    mark: { type: 'area', color: '#4c78a8', aria: false },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      y: { field: 'lo', type: 'quantitative', title: 'amplitude' },
      y2: { field: 'hi' },
    },
  };
}

/**
 * A heatmap panel of a matrix whose rows are time frames (`frameRate` per second) and whose
 * columns are channels. More than `maxColumns` frames are averaged in groups of consecutive
 * frames so that long signals stay a reasonable size (one cell per group and channel).
 */
export function timeHeatmapLayer(title: string, m: Mat, frameRate: number, width = 700, scheme = 'viridis', maxColumns = 350): Record<string, unknown> {
  const values: { t: number; t2: number; c: number; v: number }[] = [];
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  const group = Math.max(1, Math.ceil(m.rows / Math.max(1, maxColumns)));
  for (let r0 = 0; r0 < m.rows; r0 += group) {
    const r1 = Math.min(m.rows, r0 + group);
    for (let c = 0; c < m.cols; c++) {
      let s = 0;
      for (let r = r0; r < r1; r++) s += m.data[r * m.cols + c]!;
      values.push({ t: r3(r0 / frameRate), t2: r3(r1 / frameRate), c, v: r3(s / (r1 - r0)) });
    }
  }
  return {
    title,
    width,
    height: 120,
    data: { values },
    // aria off: no per-cell accessibility labels (they would triple the SVG size).
    mark: { type: 'rect', aria: false },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      x2: { field: 't2' },
      y: { field: 'c', type: 'ordinal', title: 'band', sort: 'descending', axis: { labelOverlap: true } },
      color: { field: 'v', type: 'quantitative', scale: { scheme }, legend: { title: null } },
    },
  };
}

/** A heatmap of a labelled square matrix (e.g. a confusion matrix, rows = truth). */
export function matrixHeatmapSpec(
  title: string,
  matrix: number[][],
  rowLabels: string[],
  colLabels: string[],
  rowTitle = 'truth',
  colTitle = 'predicted',
): TopLevelSpec {
  const values: { r: string; c: string; v: number }[] = [];
  matrix.forEach((row, i) => row.forEach((v, j) => values.push({ r: rowLabels[i]!, c: colLabels[j]!, v })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    width: 40 * colLabels.length,
    height: 40 * rowLabels.length,
    encoding: {
      x: { field: 'c', type: 'nominal', title: colTitle, sort: colLabels },
      y: { field: 'r', type: 'nominal', title: rowTitle, sort: rowLabels },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'v', type: 'quantitative', scale: { scheme: 'blues' }, legend: null } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'v', type: 'quantitative' } } },
    ],
  } as unknown as TopLevelSpec;
}

/** A line chart of y against x with one line per `series` (points drawn), optional error bars. */
export function lineChartSpec(
  title: string,
  rows: { x: number; y: number; series: string; err?: number }[],
  xTitle: string,
  yTitle: string,
  logX = false,
): TopLevelSpec {
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xTitle, scale: logX ? { type: 'log' } : {} },
        y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } },
        color: { field: 'series', type: 'nominal' },
      },
    },
  ];
  if (rows.some((r) => r.err !== undefined)) {
    layers.push({
      mark: 'errorbar',
      transform: [
        { calculate: 'datum.y - datum.err', as: 'lo' },
        { calculate: 'datum.y + datum.err', as: 'hi' },
      ],
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'lo', type: 'quantitative' },
        y2: { field: 'hi' },
        color: { field: 'series', type: 'nominal' },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    height: 260,
    data: { values: rows },
    layer: layers,
  } as unknown as TopLevelSpec;
}

/** A grouped bar chart: one bar per (category, series), e.g. UAR and WA per test speaker, in percent. */
export function barChartSpec(
  title: string,
  rows: { category: string; series: string; value: number }[],
  categoryTitle: string,
  valueTitle: string,
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: rows },
    mark: 'bar',
    width: { step: 18 },
    height: 220,
    encoding: {
      x: { field: 'category', type: 'nominal', title: categoryTitle, sort: null },
      xOffset: { field: 'series', type: 'nominal' },
      y: { field: 'value', type: 'quantitative', title: valueTitle },
      color: { field: 'series', type: 'nominal', title: null },
    },
  } as unknown as TopLevelSpec;
}
