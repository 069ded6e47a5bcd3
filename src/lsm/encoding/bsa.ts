/**
 * Ben's Spiker Algorithm (Schrauwen & Van Campenhout, IJCNN 2003): a spike is placed at t when
 * subtracting the FIR filter h from the signal starting at t lowers the error by more than a
 * threshold; decoding convolves the spike train with h. Signals are min-max scaled to [0, 1]
 * per channel first (the algorithm assumes non-negative signals); {@link decodeBsa} undoes the
 * scaling. One time step = one frame.
 *
 * Measured (tests/lsm/encoding.test.ts): the greedy decision ignores that later spikes will
 * also cover the tail of the filter window, so reconstructions overshoot by a roughly constant
 * level (about 0.1-0.2 of the range with the default filter) while following the signal's shape
 * closely (correlation > 0.95 on slow sines). Use it where spike timing matters more than level.
 *
 * @module
 */
import type { Mat } from '../../core/matrix.js';
import type { SpikeInput } from '../input.js';
import { assertFiniteFeatures, positive, sortSpikes } from './common.js';

/** Options of {@link encodeBsa}. */
export interface BsaEncoderOptions {
  /** Frames per second, in hertz. Required. */
  readonly frameRate: number;
  /** FIR filter taps; default: a Hann window of 5 taps scaled to sum 1 (one spike per frame reproduces full scale). */
  readonly filter?: ArrayLike<number>;
  /** Error-reduction threshold; default 0.3 (best of a sweep on slow sines, see the tests). */
  readonly threshold?: number;
  /** Error measure of the spike decision: 'abs' (Schrauwen 2003, default) or 'squared'. */
  readonly error?: 'abs' | 'squared';
}

/** The spike input plus what {@link decodeBsa} needs. */
export interface BsaEncoding {
  readonly input: SpikeInput;
  readonly filter: Float64Array;
  /** Per-channel minimum and range of the scaling to [0, 1]. */
  readonly lo: Float64Array;
  readonly span: Float64Array;
}

/** The default BSA filter (Hann, 5 taps, sum 1). */
export function defaultBsaFilter(taps = 5, sum = 1): Float64Array {
  const h = new Float64Array(taps);
  let s = 0;
  for (let i = 0; i < taps; i++) {
    h[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 1)) / (taps + 1));
    s += h[i]!;
  }
  for (let i = 0; i < taps; i++) h[i]! *= sum / s;
  return h;
}

/** BSA-encode every feature column into one spike channel. */
export function encodeBsa(features: Mat, options: BsaEncoderOptions): BsaEncoding {
  const frameRate = positive('frameRate', options.frameRate);
  const thr = positive('threshold', options.threshold ?? 0.3, true);
  const h = options.filter ? Float64Array.from(options.filter) : defaultBsaFilter();
  if (h.length === 0 || h.some((v) => !Number.isFinite(v) || v < 0)) throw new RangeError('filter: needs at least one tap, all finite and >= 0');
  assertFiniteFeatures(features);
  const { rows, cols } = features;
  const L = h.length;
  const sq = options.error === 'squared';
  const lo = new Float64Array(cols);
  const span = new Float64Array(cols);
  const times: number[] = [];
  const chans: number[] = [];
  const s = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    let mn = Infinity;
    let mx = -Infinity;
    for (let f = 0; f < rows; f++) {
      const v = features.data[f * cols + c]!;
      mn = Math.min(mn, v);
      mx = Math.max(mx, v);
    }
    const sp = mx > mn ? mx - mn : 1;
    lo[c] = mn;
    span[c] = sp;
    for (let f = 0; f < rows; f++) s[f] = (features.data[f * cols + c]! - mn) / sp;
    // The filter's peak is centred: a spike at t reconstructs around t + centre; shift back.
    for (let t = 0; t < rows; t++) {
      let e1 = 0;
      let e2 = 0;
      for (let k = 0; k < L && t + k < rows; k++) {
        const d1 = s[t + k]! - h[k]!;
        const d2 = s[t + k]!;
        if (sq) {
          e1 += d1 * d1;
          e2 += d2 * d2;
        } else {
          e1 += Math.abs(d1);
          e2 += Math.abs(d2);
        }
      }
      if (e1 <= e2 - thr) {
        for (let k = 0; k < L && t + k < rows; k++) s[t + k]! -= h[k]!;
        times.push(t / frameRate);
        chans.push(c);
      }
    }
  }
  const sorted = sortSpikes(times, chans);
  return { input: { kind: 'spikes', times: sorted.times, channels: sorted.channels, nChannels: cols, duration: rows / frameRate }, filter: h, lo, span };
}

/** Reconstruct the features (frames x channels) by convolving the spikes with the filter. */
export function decodeBsa(enc: BsaEncoding, frames: number, frameRate: number): Mat {
  const cols = enc.lo.length;
  const out = new Float64Array(frames * cols);
  const h = enc.filter;
  for (let k = 0; k < enc.input.times.length; k++) {
    const t = Math.round(enc.input.times[k]! * frameRate);
    const c = enc.input.channels[k]!;
    for (let j = 0; j < h.length && t + j < frames; j++) out[(t + j) * cols + c]! += h[j]!;
  }
  for (let f = 0; f < frames; f++) for (let c = 0; c < cols; c++) out[f * cols + c] = enc.lo[c]! + enc.span[c]! * out[f * cols + c]!;
  return { data: out, rows: frames, cols };
}
