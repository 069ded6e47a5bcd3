/**
 * Spike rasters: one panel per reservoir, a dot per spike (time, neuron).
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';

/** One raster panel. */
export interface RasterPanel {
  readonly title: string;
  /** Spike times, in seconds. */
  readonly times: ArrayLike<number>;
  /** Neuron index of each spike. */
  readonly neurons: ArrayLike<number>;
  /** Simulated duration, in seconds: the time axis spans [0, duration] (default: the spikes' range). */
  readonly duration?: number;
  /** Number of neurons: the neuron axis spans [0, n - 1] (default: the spikes' range). */
  readonly n?: number;
}

/** Vega-lite spec of stacked spike rasters (at most `maxSpikes` dots per panel, evenly thinned). */
export function rasterSpec(title: string, panels: readonly RasterPanel[], maxSpikes = 20000): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    vconcat: panels.map((p) => {
      const n = p.times.length;
      const step = Math.max(1, Math.ceil(n / maxSpikes));
      const values: { t: number; i: number }[] = [];
      for (let k = 0; k < n; k += step) values.push({ t: Math.round(p.times[k]! * 1e4) / 1e4, i: p.neurons[k]! });
      return {
        title: `${p.title} (${n} spikes${step > 1 ? `, every ${step}th shown` : ''})`,
        width: 700,
        height: 160,
        data: { values },
        mark: { type: 'tick', orient: 'vertical', thickness: 1, size: 3 },
        encoding: {
          // explicit domains: the panels share their axes, and a panel without spikes keeps finite axes
          x: {
            field: 't',
            type: 'quantitative',
            title: 'time (s)',
            ...(p.duration !== undefined || n === 0 ? { scale: { domain: [0, p.duration ?? 1] } } : {}),
          },
          y: {
            field: 'i',
            type: 'quantitative',
            title: 'neuron',
            ...(p.n !== undefined || n === 0 ? { scale: { domain: [0, Math.max(1, (p.n ?? 2) - 1)] } } : {}),
          },
        },
      };
    }),
  } as unknown as TopLevelSpec;
}
