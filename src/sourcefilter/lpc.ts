/**
 * Linear prediction by the autocorrelation method: autocorrelation, lag window, white-noise
 * correction and the Levinson-Durbin recursion.
 *
 * Convention: A(z) = 1 + a1 z^-1 + ... + ap z^-p; the prediction of x[n] is -sum_k a_k x[n-k]
 * and the residual is e[n] = x[n] + sum_k a_k x[n-k].
 *
 * @module
 */

/** Result of {@link levinson}. */
export interface LpcResult {
  /** Predictor polynomial [1, a1, ..., ap]. */
  readonly a: Float64Array;
  /** Reflection coefficients k1..kp (|k| < 1 for a stable 1/A). */
  readonly k: Float64Array;
  /** Final prediction error energy (same units as r[0]). */
  readonly error: number;
}

/** Autocorrelation r[0..maxLag] of `frame[0..n)` into `out`. */
export function autocorrelation(frame: Float64Array, n: number, maxLag: number, out: Float64Array): Float64Array {
  // Four lags per pass over the frame (fewer loads of frame[i]).
  let lag = 0;
  for (; lag + 3 <= maxLag; lag += 4) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let i = lag + 3; i < n; i++) {
      const xi = frame[i]!;
      s0 += xi * frame[i - lag]!;
      s1 += xi * frame[i - lag - 1]!;
      s2 += xi * frame[i - lag - 2]!;
      s3 += xi * frame[i - lag - 3]!;
    }
    for (let i = lag; i < lag + 3 && i < n; i++) {
      const xi = frame[i]!;
      s0 += xi * frame[i - lag]!;
      if (i - lag - 1 >= 0) s1 += xi * frame[i - lag - 1]!;
      if (i - lag - 2 >= 0) s2 += xi * frame[i - lag - 2]!;
    }
    out[lag] = s0;
    out[lag + 1] = s1;
    out[lag + 2] = s2;
    out[lag + 3] = s3;
  }
  for (; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = lag; i < n; i++) s += frame[i]! * frame[i - lag]!;
    out[lag] = s;
  }
  return out;
}

/**
 * Gaussian lag window w[k] = exp(-0.5 (2 pi f0 k / fs)^2) (bandwidth expansion by `bandwidthHz`).
 * @param bandwidthHz - Gaussian bandwidth in hertz; 0 gives all ones.
 */
export function lagWindow(order: number, bandwidthHz: number, sampleRate: number): Float64Array {
  const w = new Float64Array(order + 1);
  for (let k = 0; k <= order; k++) {
    const x = (2 * Math.PI * bandwidthHz * k) / sampleRate;
    w[k] = Math.exp(-0.5 * x * x);
  }
  return w;
}

/**
 * Levinson-Durbin recursion on autocorrelation `r[0..p]`. A zero or non-finite `r[0]` gives the
 * trivial predictor A(z) = 1 with zero error. Writes into `a` and `k` when given.
 */
export function levinson(r: Float64Array, order: number, a = new Float64Array(order + 1), k = new Float64Array(order)): LpcResult {
  a.fill(0);
  k.fill(0);
  a[0] = 1;
  let err = r[0]!;
  if (!(err > 0) || !Number.isFinite(err)) return { a, k, error: 0 };
  for (let i = 1; i <= order; i++) {
    let acc = r[i]!;
    for (let j = 1; j < i; j++) acc += a[j]! * r[i - j]!;
    let ki = -acc / err;
    if (!(Math.abs(ki) < 1)) {
      // Numerically singular: stop the recursion here (keeps 1/A stable).
      break;
    }
    // a_j <- a_j + k a_{i-j} for j = 1..i-1, in place, pairwise from both ends
    for (let j = 1, m = i - 1; j <= m; j++, m--) {
      const aj = a[j]!;
      const am = a[m]!;
      a[j] = aj + ki * am;
      if (m !== j) a[m] = am + ki * aj;
    }
    a[i] = ki;
    k[i - 1] = ki;
    err *= 1 - ki * ki;
    if (!(err > 0)) {
      ki = 0;
      break;
    }
  }
  return { a, k, error: Math.max(err, 0) };
}
