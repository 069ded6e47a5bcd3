/**
 * Time-resolved statistics of a multichannel trace (samples x channels, row-major): per
 * channel the least-squares slope over the utterance and the autocorrelation at given lags.
 * They describe how a reservoir's state (or, for the no-reservoir control, an input channel)
 * moves in time, which means, stds and segment means do not. Pure functions on arrays; used by
 * {@link reservoirFeatures} and so by both the reservoir and the control.
 *
 * @module
 */

/** Largest lag accepted by {@link traceAutocorrelation}, in samples. */
export const MAX_AUTOCORRELATION_LAG = 1000;

/** Check that `trace` holds `samples` x `n` values. */
function checkTrace(trace: ArrayLike<number>, samples: number, n: number, what: string): void {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`${what}: samples must be an integer >= 1, got ${samples}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what}: n must be an integer >= 1, got ${n}`);
  if (trace.length !== samples * n) throw new RangeError(`${what}: trace has ${trace.length} values, samples x n = ${samples} x ${n} = ${samples * n}`);
}

/**
 * Per-channel least-squares slope of the trace against normalized time t in [0, 1] (sample s at
 * t = s / (samples - 1)): the change over the whole utterance, in the trace's units. 0 for a
 * single sample.
 */
export function traceSlopes(trace: ArrayLike<number>, samples: number, n: number): Float64Array {
  checkTrace(trace, samples, n, 'traceSlopes');
  const out = new Float64Array(n);
  if (samples < 2) return out;
  const tMean = 0.5;
  let sxx = 0;
  for (let s = 0; s < samples; s++) {
    const t = s / (samples - 1) - tMean;
    sxx += t * t;
    for (let i = 0; i < n; i++) out[i]! += t * trace[s * n + i]!;
  }
  for (let i = 0; i < n; i++) out[i]! /= sxx;
  return out;
}

/**
 * Per-channel autocorrelation at each lag (in samples): for lag L,
 * sum_s (x_s - m)(x_{s+L} - m) / sum_s (x_s - m)^2 with m the channel mean (the biased
 * estimator, in [-1, 1]). A constant channel, or a lag >= samples, gives 0. Output layout:
 * [lag 1: n values, lag 2: n values, ...].
 */
export function traceAutocorrelation(trace: ArrayLike<number>, samples: number, n: number, lags: readonly number[]): Float64Array {
  checkTrace(trace, samples, n, 'traceAutocorrelation');
  for (const L of lags)
    if (!Number.isInteger(L) || L < 1 || L > MAX_AUTOCORRELATION_LAG)
      throw new RangeError(`lags: each lag must be an integer in [1, ${MAX_AUTOCORRELATION_LAG}] samples, got ${L}`);
  const mean = new Float64Array(n);
  for (let s = 0; s < samples; s++) for (let i = 0; i < n; i++) mean[i]! += trace[s * n + i]!;
  for (let i = 0; i < n; i++) mean[i]! /= samples;
  const c0 = new Float64Array(n);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) {
      const d = trace[s * n + i]! - mean[i]!;
      c0[i]! += d * d;
    }
  }
  const out = new Float64Array(n * lags.length);
  lags.forEach((L, k) => {
    const o = k * n;
    for (let s = 0; s + L < samples; s++) {
      for (let i = 0; i < n; i++) out[o + i]! += (trace[s * n + i]! - mean[i]!) * (trace[(s + L) * n + i]! - mean[i]!);
    }
    // a channel whose variance is only rounding (e.g. a constant channel in float32) has no autocorrelation
    for (let i = 0; i < n; i++) out[o + i] = c0[i]! > 1e-12 * samples ? out[o + i]! / c0[i]! : 0;
  });
  return out;
}
