/**
 * Poisson rate coding: each value sets the rate of an inhomogeneous Poisson process that is
 * constant within its frame. Seeded: the generator is an argument.
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';
import type { Mat } from '../../core/matrix.js';
import type { SpikeInput } from '../input.js';
import { assertFiniteFeatures, positive, sortSpikes } from './common.js';

/** Options of {@link encodePoisson}. */
export interface PoissonEncoderOptions {
  /** Frames per second of the feature matrix, in hertz. Required. */
  readonly frameRate: number;
  /** Rate of the largest value, in hertz; default 100. */
  readonly maxRate?: number;
  /** Rate of the smallest value, in hertz; default 0. */
  readonly minRate?: number;
  /** Min-max scaling over the whole matrix ('utterance', default) or 'none' (values already in [0, 1]). */
  readonly normalization?: 'utterance' | 'none';
}

/** Per-frame rates in hertz (frames x channels) that {@link encodePoisson} uses. */
export function poissonRates(features: Mat, options: PoissonEncoderOptions): Float64Array {
  const maxRate = positive('maxRate', options.maxRate ?? 100, true);
  const minRate = positive('minRate', options.minRate ?? 0, true);
  if (minRate > maxRate) throw new RangeError(`minRate: ${minRate} Hz exceeds maxRate ${maxRate} Hz`);
  const norm = options.normalization ?? 'utterance';
  if (norm !== 'utterance' && norm !== 'none') throw new RangeError(`normalization: must be 'utterance' or 'none', got ${JSON.stringify(norm)}`);
  assertFiniteFeatures(features);
  let lo = 0;
  let hi = 1;
  if (norm === 'utterance') {
    lo = Infinity;
    hi = -Infinity;
    for (const v of features.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const span = hi > lo ? hi - lo : 1;
  const rates = new Float64Array(features.data.length);
  for (let i = 0; i < rates.length; i++) {
    const u = Math.min(1, Math.max(0, (features.data[i]! - lo) / span));
    rates[i] = minRate + (maxRate - minRate) * u;
  }
  return rates;
}

/** Most expected spikes of one encoded utterance (a larger spike list would exhaust memory). */
const MAX_SPIKES = 5e7;

/** Poisson spike trains, one channel per feature column. */
export function encodePoisson(features: Mat, options: PoissonEncoderOptions, rng: Rng): SpikeInput {
  const frameRate = positive('frameRate', options.frameRate);
  const rates = poissonRates(features, options);
  const T = 1 / frameRate;
  let expected = 0;
  for (let i = 0; i < rates.length; i++) expected += rates[i]! * T;
  if (expected > MAX_SPIKES)
    throw new RangeError(
      `maxRate: ${options.maxRate} Hz would give about ${expected.toExponential(2)} spikes for ${features.rows} frames x ${features.cols} channels (more than ${MAX_SPIKES})`,
    );
  const times: number[] = [];
  const chans: number[] = [];
  for (let f = 0; f < features.rows; f++) {
    for (let c = 0; c < features.cols; c++) {
      const k = rng.poisson(rates[f * features.cols + c]! * T);
      for (let j = 0; j < k; j++) {
        times.push((f + rng.random()) * T);
        chans.push(c);
      }
    }
  }
  const s = sortSpikes(times, chans);
  return { kind: 'spikes', times: s.times, channels: s.channels, nChannels: features.cols, duration: features.rows * T };
}
