/**
 * Statistics of a multichannel trace over an utterance: for every channel, the mean and the
 * standard deviation over the samples, and its mean over K equal time segments. The reservoir's
 * state features are these statistics of its filtered spike trains; the "no reservoir" control
 * takes the same statistics of the front-end channels, so both go through this one function.
 *
 * @module
 */

import { traceAutocorrelation, traceSlopes } from './trace-dynamics.js';

/** A trace: `rows` samples of `cols` channels, row-major, one sample every `interval` seconds. */
export interface Trace {
  /** Values, row-major: channel `c` of sample `s` is `data[s * cols + c]`. */
  readonly data: Float32Array | Float64Array;
  /** Number of samples (time points). */
  readonly rows: number;
  /** Number of channels (neurons, or front-end channels). */
  readonly cols: number;
  /** Interval between samples, in seconds. */
  readonly interval: number;
}

/** Options of {@link traceStatistics}. */
export interface StateFeatureOptions {
  /** Number of equal time segments whose means are appended; default 4 (0 = none). */
  readonly segments?: number;
  /** Include the per-channel mean; default true. */
  readonly mean?: boolean;
  /** Include the per-channel standard deviation; default true. */
  readonly std?: boolean;
  /** Include the per-channel least-squares slope over the utterance (see {@link traceSlopes}); default false. */
  readonly slopes?: boolean;
  /** Autocorrelation of each channel at these lags, in samples (see {@link traceAutocorrelation}); default none. */
  readonly lags?: readonly number[];
}

/** Defaults of {@link StateFeatureOptions} (the LSM config's `features` defaults come from here). */
export const DEFAULT_STATE_FEATURE_OPTIONS = Object.freeze({ segments: 4, mean: true, std: true });

/** Number of segments of `options`, checked. */
function segmentsOf(options: StateFeatureOptions): number {
  const K = options.segments ?? DEFAULT_STATE_FEATURE_OPTIONS.segments;
  if (!Number.isInteger(K) || K < 0) throw new RangeError(`segments: must be an integer >= 0, got ${K}`);
  return K;
}

/** Length of the statistics vector of `n` channels. */
export function stateFeatureLength(n: number, options: StateFeatureOptions = {}): number {
  const K = segmentsOf(options);
  return (
    n *
    (((options.mean ?? DEFAULT_STATE_FEATURE_OPTIONS.mean) ? 1 : 0) +
      ((options.std ?? DEFAULT_STATE_FEATURE_OPTIONS.std) ? 1 : 0) +
      K +
      (options.slopes ? 1 : 0) +
      (options.lags?.length ?? 0))
  );
}

/**
 * Statistics of `trace`: [means (cols), stds (cols), segment 1 means (cols), ..., segment K
 * means (cols), slopes (cols, when `slopes`), autocorrelation at lags[0] (cols), ...], accumulated in float64. Throws a RangeError for a trace without samples or
 * whose data does not hold rows x cols values.
 */
export function traceStatistics(trace: Trace, options: StateFeatureOptions = {}): Float64Array {
  const K = segmentsOf(options);
  const useMean = options.mean ?? DEFAULT_STATE_FEATURE_OPTIONS.mean;
  const useStd = options.std ?? DEFAULT_STATE_FEATURE_OPTIONS.std;
  const n = trace.cols;
  const S = trace.rows;
  if (!(S >= 1)) throw new RangeError(`traceStatistics: the trace has no sample (${S} rows)`);
  if (!(trace.interval > 0)) throw new RangeError(`traceStatistics: interval must be > 0 s, got ${trace.interval}`);
  if (trace.data.length !== S * n) throw new RangeError(`traceStatistics: trace has ${trace.data.length} values, samples x channels = ${S} x ${n} = ${S * n}`);
  const out = new Float64Array(stateFeatureLength(n, options));
  const tr = trace.data;
  let off = 0;
  const mean = new Float64Array(n);
  for (let s = 0; s < S; s++) for (let i = 0; i < n; i++) mean[i]! += tr[s * n + i]!;
  for (let i = 0; i < n; i++) mean[i]! /= S;
  if (useMean) {
    out.set(mean, off);
    off += n;
  }
  if (useStd) {
    for (let s = 0; s < S; s++) {
      for (let i = 0; i < n; i++) {
        const d = tr[s * n + i]! - mean[i]!;
        out[off + i]! += d * d;
      }
    }
    for (let i = 0; i < n; i++) out[off + i] = Math.sqrt(out[off + i]! / S);
    off += n;
  }
  for (let k = 0; k < K; k++) {
    const a = Math.floor((k * S) / K);
    const b = Math.max(a + 1, Math.floor(((k + 1) * S) / K));
    const cnt = Math.min(b, S) - a;
    for (let s = a; s < Math.min(b, S); s++) for (let i = 0; i < n; i++) out[off + i]! += tr[s * n + i]!;
    if (cnt > 0) for (let i = 0; i < n; i++) out[off + i]! /= cnt;
    off += n;
  }
  if (options.slopes) {
    out.set(traceSlopes(tr, S, n), off);
    off += n;
  }
  if (options.lags?.length) out.set(traceAutocorrelation(tr, S, n, options.lags), off);
  return out;
}
