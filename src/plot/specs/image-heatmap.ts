/**
 * Heatmap panels drawn as one embedded PNG picture with vector axes: the size of the stored
 * picture grows with the pixels, not with an SVG element per cell (a 200 x 32 band image is a
 * few kilobytes instead of hundreds), and a spike raster as such a picture.
 *
 * @module
 */
import type { Mat } from '../../core/matrix.js';
import { heatmapPng, type ColormapName } from '../png.js';

/** Options of {@link imageHeatmapLayer}. */
export interface ImageHeatmapOptions {
  /** Plot width, in pixels; default 700. */
  readonly width?: number;
  /** Plot height, in pixels; default 120. */
  readonly height?: number;
  /** Colour map; default 'viridis'. */
  readonly scheme?: ColormapName;
  /** Values mapped to the two ends of the colour map; default the matrix minimum and maximum. */
  readonly range?: readonly [number, number];
  /** Title of the channel axis; default 'band'. */
  readonly yTitle?: string;
}

/**
 * A vega-lite panel (no top-level properties: put it in a `vconcat` or spread it into a spec
 * with `$schema`) showing `m` (rows = time frames at `frameRate` per second, columns =
 * channels) as an image from t = 0 to rows / frameRate, channel 0 at the bottom; colours run
 * from the low end of the range (dark on 'viridis' and 'magma', white on 'greys') to the high end.
 */
export function imageHeatmapLayer(title: string, m: Mat, frameRate: number, options: ImageHeatmapOptions = {}): Record<string, unknown> {
  if (!(frameRate > 0) || !Number.isFinite(frameRate)) throw new RangeError(`frameRate: must be a finite number of frames per second > 0, got ${frameRate}`);
  const url = `data:image/png;base64,${Buffer.from(heatmapPng(m, options.scheme ?? 'viridis', options.range)).toString('base64')}`;
  const duration = m.rows / frameRate;
  return {
    title,
    width: options.width ?? 700,
    height: options.height ?? 120,
    data: { values: [{ t0: 0, t1: duration, c0: 0, c1: m.cols, url }] },
    // aria off: otherwise the picture's data URL is written twice (as a label too); smooth off: one crisp block per pixel
    mark: { type: 'image', aspect: false, smooth: false, align: 'left', baseline: 'top', aria: false },
    encoding: {
      x: { field: 't0', type: 'quantitative', title: 'time (s)', scale: { domain: [0, duration], nice: false } },
      x2: { field: 't1' },
      y: { field: 'c1', type: 'quantitative', title: options.yTitle ?? 'band', scale: { domain: [0, m.cols], nice: false } },
      y2: { field: 'c0' },
      url: { field: 'url', type: 'nominal' },
    },
  };
}

/**
 * A spike raster as a picture: one pixel per time bin of `bin` seconds (x) and neuron (y,
 * neuron 0 at the bottom), black where the neuron fired in that bin. Every spike is drawn, and
 * the stored picture stays a few kilobytes whatever the spike count (a tick mark per spike
 * costs ~140 bytes of SVG each).
 */
export function spikeRasterImageLayer(
  title: string,
  raster: { readonly times: ArrayLike<number>; readonly neurons: ArrayLike<number> },
  n: number,
  duration: number,
  bin = 0.002,
  options: Omit<ImageHeatmapOptions, 'range' | 'scheme' | 'yTitle'> = {},
): Record<string, unknown> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n: must be a whole number of neurons >= 1, got ${n}`);
  if (!(duration > 0) || !Number.isFinite(duration)) throw new RangeError(`duration: must be a finite number of seconds > 0, got ${duration}`);
  if (!(bin > 0) || !Number.isFinite(bin)) throw new RangeError(`bin: must be a finite number of seconds > 0, got ${bin}`);
  const bins = Math.max(1, Math.ceil(duration / bin - 1e-9));
  const m = { data: new Float64Array(bins * n), rows: bins, cols: n };
  for (let k = 0; k < raster.times.length; k++) {
    const b = Math.min(bins - 1, Math.floor(raster.times[k]! / bin));
    const i = raster.neurons[k]!;
    if (b >= 0 && i >= 0 && i < n) m.data[b * n + i] = 1;
  }
  return imageHeatmapLayer(`${title} (${raster.times.length} spikes)`, m, 1 / bin, {
    height: 160,
    ...options,
    scheme: 'greys',
    range: [0, 1],
    yTitle: 'neuron',
  });
}
