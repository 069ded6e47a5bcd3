import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { envelopePoints, lineChartSpec, matrixHeatmapSpec, renderSvg, timeHeatmapLayer, writeSvg } from '../../src/plot/index.js';
import { tempDir } from '../helpers.js';

/** The contents of the `<g class="mark-... role-mark ...">` group named by `markClass`. */
function markGroups(svg: string, markClass: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<g class="mark-${markClass} role-mark[^"]*"[^>]*>`, 'g');
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    // Marks of one group are flat paths; the group ends at the first `</g>`.
    out.push(svg.slice(m.index + m[0].length, svg.indexOf('</g>', m.index)));
  }
  return out;
}
const count = (s: string, sub: string): number => s.split(sub).length - 1;

describe('renderSvg', () => {
  it('renders one rect per datum of a bar chart, offline', async () => {
    const spec: TopLevelSpec = {
      data: {
        values: [
          { a: 'x', b: 1 },
          { a: 'y', b: 3 },
          { a: 'z', b: 2 },
        ],
      },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
    };
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const groups = markGroups(svg, 'rect');
    expect(groups).toHaveLength(1);
    expect(count(groups[0]!, '<path')).toBe(3);
  });

  it('writeSvg writes the same document to a file', async () => {
    const dir = tempDir();
    const spec: TopLevelSpec = {
      data: { values: [{ x: 1, y: 2 }] },
      mark: 'point',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    };
    await writeSvg(join(dir, 'p.svg'), spec);
    expect(readFileSync(join(dir, 'p.svg'), 'utf8')).toBe(await renderSvg(spec));
  });
});

describe('spec builders', () => {
  it('envelopePoints keeps the min and max of each column', () => {
    const x = new Float64Array(1000);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i / 7) * (i % 100 === 50 ? 2 : 1);
    const pts = envelopePoints(x, 1000, 10);
    expect(pts).toHaveLength(10);
    for (let c = 0; c < 10; c++) {
      const seg = Array.from(x.subarray(c * 100, c * 100 + 100));
      expect(pts[c]).toEqual({ t: c / 10, lo: Math.min(...seg), hi: Math.max(...seg) });
    }
    expect(envelopePoints(new Float64Array(5), 10, 800)).toHaveLength(5);
  });

  it('a time heatmap draws one cell per frame and band', async () => {
    const m = { rows: 7, cols: 5, data: Float64Array.from({ length: 35 }, (_, i) => i) };
    const spec = { vconcat: [timeHeatmapLayer('h', m, 100)] } as unknown as TopLevelSpec;
    const svg = await renderSvg(spec);
    const groups = markGroups(svg, 'rect');
    expect(groups).toHaveLength(1);
    expect(count(groups[0]!, '<path')).toBe(35);
  });

  it('a long time heatmap averages groups of frames down to maxColumns', async () => {
    const rows = 1000;
    const m = { rows, cols: 2, data: Float64Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? Math.floor(i / 2) : 1)) };
    const layer = timeHeatmapLayer('h', m, 100, 700, 'viridis', 300) as { data: { values: { t: number; t2: number; c: number; v: number }[] } };
    const vals = layer.data.values;
    expect(vals).toHaveLength(2 * Math.ceil(1000 / 4)); // groups of 4 frames
    // group g of channel 0 holds frames 4g..4g+3: mean 4g + 1.5; channel 1 is constant 1
    expect(vals[2 * 10]).toEqual({ t: 0.4, t2: 0.44, c: 0, v: 41.5 });
    expect(vals.filter((v) => v.c === 1).every((v) => v.v === 1)).toBe(true);
    expect(vals[vals.length - 1]!.t2).toBe(10);
    const svg = await renderSvg({ vconcat: [layer] } as unknown as TopLevelSpec);
    expect(count(markGroups(svg, 'rect')[0]!, '<path')).toBe(500);
  });

  it('a confusion-matrix heatmap has a cell and a label per entry', async () => {
    const svg = await renderSvg(
      matrixHeatmapSpec(
        'cm',
        [
          [5, 1],
          [2, 7],
        ],
        ['a', 'b'],
        ['a', 'b'],
      ),
    );
    expect(count(markGroups(svg, 'rect')[0]!, '<path')).toBe(4);
    const text = markGroups(svg, 'text')[0]!;
    for (const v of ['>5<', '>1<', '>2<', '>7<']) expect(text).toContain(v);
  });

  it('a line chart with error bars draws one line per series', async () => {
    const rows = [1, 2, 4].flatMap((x) => [
      { x, y: x * 2, series: 'A', err: 0.5 },
      { x, y: x * 3, series: 'B', err: 0.2 },
    ]);
    const svg = await renderSvg(lineChartSpec('l', rows, 'x', 'y', true));
    const lines = markGroups(svg, 'line');
    expect(lines).toHaveLength(2); // one line group per series
    expect(svg).toContain('mark-rule'); // error bars
  });
});

describe('spike rasters', () => {
  it('a panel without spikes keeps finite axes (no NaN anywhere in the SVG); given durations set the time axis', async () => {
    const { rasterSpec } = await import('../../src/plot/specs/raster.js');
    const svg = await renderSvg(
      rasterSpec('quiet', [
        { title: 'silent reservoir', times: [], neurons: [] },
        { title: 'one spike', times: [0.5], neurons: [3], duration: 2, n: 10 },
      ]),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).toContain('values from 0.0 to 2.0'); // the time axis of the second panel spans the duration
    expect(svg).toContain('values from 0 to 9'); // and its neuron axis the n neurons
  });
});
