/**
 * A heatmap panel drawn as one embedded PNG picture with vector axes: the size of the stored
 * picture grows with the pixels, not with an SVG element per cell (a 200 x 32 band image is a
 * few kilobytes instead of hundreds).
 *
 * @module
 */
import type { Mat } from '../../core/matrix.js';
import { heatmapPng, type ColormapName } from '../png.js';

/**
 * A vega-lite panel (no top-level properties: put it in a `vconcat` or spread it into a spec
 * with `$schema`) showing `m` (rows = time frames at `frameRate` per second, columns =
 * channels) as an image from t = 0 to rows / frameRate, channel 0 at the bottom; colours run
 * from the matrix minimum (dark) to its maximum (bright) on `scheme`.
 */
export function imageHeatmapLayer(
  title: string,
  m: Mat,
  frameRate: number,
  width = 700,
  scheme: ColormapName = 'viridis',
  height = 120,
): Record<string, unknown> {
  if (!(frameRate > 0) || !Number.isFinite(frameRate)) throw new RangeError(`frameRate: must be a finite number of frames per second > 0, got ${frameRate}`);
  const url = `data:image/png;base64,${Buffer.from(heatmapPng(m, scheme)).toString('base64')}`;
  const duration = m.rows / frameRate;
  return {
    title,
    width,
    height,
    data: { values: [{ t0: 0, t1: duration, c0: 0, c1: m.cols, url }] },
    // aria off: otherwise the picture's data URL is written twice (as a label too)
    mark: { type: 'image', aspect: false, align: 'left', baseline: 'top', aria: false },
    encoding: {
      x: { field: 't0', type: 'quantitative', title: 'time (s)', scale: { domain: [0, duration], nice: false } },
      x2: { field: 't1' },
      y: { field: 'c1', type: 'quantitative', title: 'band', scale: { domain: [0, m.cols], nice: false } },
      y2: { field: 'c0' },
      url: { field: 'url', type: 'nominal' },
    },
  };
}
