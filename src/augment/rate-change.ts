/**
 * Rate changes by an arbitrary factor through the front end's polyphase resampler: the factor
 * is quantized so that the resampler needs at most a few hundred phases.
 *
 * @module
 */
import { resample } from '../sourcefilter/resample.js';

/** The step of the quantized source rate: the rate divided by its smallest divisor >= 100. */
function rateStep(rate: number): number {
  for (let d = 100; d <= 4096; d++) if (rate % d === 0) return rate / d;
  return 1;
}

/**
 * Play `x` (at `rate` Hz) `factor` times faster: the result lasts 1/factor as long and every
 * frequency is multiplied by `factor` (a tape-speed change). Returns the samples and the factor
 * actually applied (quantized to about 1 %).
 */
export function changeRate(x: Float64Array, rate: number, factor: number): { samples: Float64Array; factor: number } {
  if (!(factor > 0.25 && factor < 4)) throw new RangeError(`factor: must be in (0.25, 4), got ${factor}`);
  const step = rateStep(rate);
  const from = Math.max(step, Math.round((rate * factor) / step) * step);
  if (from === rate) return { samples: x.slice(), factor: 1 };
  return { samples: resample(x, from, rate), factor: from / rate };
}
