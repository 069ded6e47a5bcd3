/**
 * Memory curve of a reservoir: how well a linear (ridge) decoder reads each input channel's
 * value `lag` samples ago from the present state, cross-validated across trials (utterances).
 * R^2(lag) averaged over channels; its sum over lags times the sample interval is the memory
 * capacity in seconds (Jaeger 2001, for spiking states as in Maass et al. 2002).
 *
 * @module
 */
import { choleskySolveInPlace } from './linalg.js';

/** One trial: states and inputs on the same time grid (row t of both is time t). */
export interface MemoryTrial {
  /** State, T x n row-major (e.g. filtered spike trains). */
  readonly state: ArrayLike<number>;
  /** Input, T x channels row-major (the value each channel had at each sample time). */
  readonly input: ArrayLike<number>;
  /** T. */
  readonly samples: number;
}

/** Options of {@link memoryCurve}. */
export interface MemoryCurveOptions {
  /** Ridge, relative to the mean diagonal of the centred Gram matrix; default 0.1 (smaller ridges overfit spiking states of a few dozen utterances). */
  readonly ridge?: number;
  /** Cross-validation folds over trials (trial k in fold k mod folds); default 5 (at most the trials). */
  readonly folds?: number;
}

/** The memory curve. */
export interface MemoryCurve {
  /** Lags, in samples. */
  readonly lags: number[];
  /** Mean over channels of the held-out R^2 at each lag. */
  readonly r2: number[];
  /** Held-out R^2 per lag (rows) and channel (columns). */
  readonly r2PerChannel: number[][];
}

/**
 * The memory curve of states of width `n` for inputs of `channels` channels at `lags` (in
 * samples, ascending, >= 0). At lag L the rows are the samples t >= L of every trial, the
 * target the input at t - L. Decoders (with intercept) are fitted on the training trials of
 * each fold; R^2 = 1 - SSE / SST over all held-out rows (SST around their mean), per channel.
 */
export function memoryCurve(
  trials: readonly MemoryTrial[],
  n: number,
  channels: number,
  lags: readonly number[],
  options: MemoryCurveOptions = {},
): MemoryCurve {
  const ridge = options.ridge ?? 0.1;
  if (!(ridge > 0)) throw new RangeError(`ridge: must be > 0, got ${ridge}`);
  if (trials.length < 2) throw new RangeError(`trials: a cross-validated memory curve needs at least 2 trials, got ${trials.length}`);
  const folds = Math.min(options.folds ?? 5, trials.length);
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds: must be an integer >= 2, got ${options.folds}`);
  for (let k = 1; k < lags.length; k++) if (!(lags[k]! > lags[k - 1]!)) throw new RangeError('lags: must be ascending');
  if (lags.some((l) => !Number.isInteger(l) || l < 0)) throw new RangeError('lags: must be whole numbers of samples >= 0');
  trials.forEach((t, k) => {
    if (t.state.length !== t.samples * n) throw new RangeError(`trials[${k}].state: expected ${t.samples} x ${n} values, got ${t.state.length}`);
    if (t.input.length !== t.samples * channels) throw new RangeError(`trials[${k}].input: expected ${t.samples} x ${channels} values, got ${t.input.length}`);
  });
  const C = channels;
  const K = trials.length;
  // per trial: Gram of the rows t >= L (updated as L grows), sums of x over those rows
  const G = trials.map((t) => {
    const g = new Float64Array(n * n);
    for (let r = 0; r < t.samples; r++) addOuter(g, t.state, r * n, n, 1);
    return g;
  });
  const sx = trials.map((t) => {
    const s = new Float64Array(n);
    for (let r = 0; r < t.samples; r++) for (let i = 0; i < n; i++) s[i]! += t.state[r * n + i]!;
    return s;
  });
  const rowsFrom = new Int32Array(K); // current first row per trial
  const r2: number[] = [];
  const r2PerChannel: number[][] = [];
  for (const L of lags) {
    // drop the rows t < L
    trials.forEach((t, k) => {
      const upto = Math.min(L, t.samples);
      for (let r = rowsFrom[k]!; r < upto; r++) {
        addOuter(G[k]!, t.state, r * n, n, -1);
        for (let i = 0; i < n; i++) sx[k]![i]! -= t.state[r * n + i]!;
      }
      rowsFrom[k] = Math.max(rowsFrom[k]!, upto);
    });
    // per trial: X^T Y, sum y, row count at this lag
    const XtY = trials.map((t) => {
      const m = new Float64Array(n * C);
      for (let r = L; r < t.samples; r++) {
        const yo = (r - L) * C;
        const xo = r * n;
        for (let i = 0; i < n; i++) {
          const x = t.state[xo + i]!;
          if (x === 0) continue;
          const row = i * C;
          for (let c = 0; c < C; c++) m[row + c]! += x * t.input[yo + c]!;
        }
      }
      return m;
    });
    const sy = trials.map((t) => {
      const s = new Float64Array(C);
      for (let r = L; r < t.samples; r++) for (let c = 0; c < C; c++) s[c]! += t.input[(r - L) * C + c]!;
      return s;
    });
    const cnt = trials.map((t) => Math.max(0, t.samples - L));
    const sse = new Float64Array(C);
    const sumY = new Float64Array(C);
    const sumY2 = new Float64Array(C);
    let held = 0;
    for (let f = 0; f < folds; f++) {
      const train = trials.map((_, k) => k).filter((k) => k % folds !== f);
      const test = trials.map((_, k) => k).filter((k) => k % folds === f);
      const N = train.reduce((s, k) => s + cnt[k]!, 0);
      if (N < 2 || test.every((k) => cnt[k] === 0)) continue;
      const A = new Float64Array(n * n);
      const B = new Float64Array(n * C);
      const mx = new Float64Array(n);
      const my = new Float64Array(C);
      for (const k of train) {
        const g = G[k]!;
        for (let j = 0; j < n * n; j++) A[j]! += g[j]!;
        const xy = XtY[k]!;
        for (let j = 0; j < n * C; j++) B[j]! += xy[j]!;
        for (let i = 0; i < n; i++) mx[i]! += sx[k]![i]!;
        for (let c = 0; c < C; c++) my[c]! += sy[k]![c]!;
      }
      for (let i = 0; i < n; i++) mx[i]! /= N;
      for (let c = 0; c < C; c++) my[c]! /= N;
      // centre: A - N mx mx^T, B - N mx my^T
      let tr = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) A[i * n + j]! -= N * mx[i]! * mx[j]!;
        for (let c = 0; c < C; c++) B[i * C + c]! -= N * mx[i]! * my[c]!;
        tr += A[i * n + i]!;
      }
      const lam = ridge * Math.max(tr / n, 1e-12);
      for (let i = 0; i < n; i++) A[i * n + i]! += lam;
      choleskySolveInPlace(A, B, n, C);
      // held-out predictions
      for (const k of test) {
        const t = trials[k]!;
        for (let r = L; r < t.samples; r++) {
          for (let c = 0; c < C; c++) {
            let yhat = my[c]!;
            for (let i = 0; i < n; i++) yhat += (t.state[r * n + i]! - mx[i]!) * B[i * C + c]!;
            const y = t.input[(r - L) * C + c]!;
            sse[c]! += (y - yhat) ** 2;
            sumY[c]! += y;
            sumY2[c]! += y * y;
          }
          held++;
        }
      }
    }
    const per: number[] = [];
    for (let c = 0; c < C; c++) {
      const sst = held > 0 ? sumY2[c]! - (sumY[c]! * sumY[c]!) / held : 0;
      per.push(sst > 1e-12 * Math.max(1, sumY2[c]!) ? 1 - sse[c]! / sst : NaN);
    }
    const ok = per.filter((x) => Number.isFinite(x));
    r2PerChannel.push(per);
    r2.push(ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN);
  }
  return { lags: [...lags], r2, r2PerChannel };
}

/** g += sign * x x^T for the row of `m` at offset `o`. */
function addOuter(g: Float64Array, m: ArrayLike<number>, o: number, n: number, sign: number): void {
  for (let i = 0; i < n; i++) {
    const xi = m[o + i]!;
    if (xi === 0) continue;
    const a = sign * xi;
    const row = i * n;
    for (let j = 0; j < n; j++) g[row + j]! += a * m[o + j]!;
  }
}

/** Memory capacity: the sum over lags of max(0, R^2) times the lag step (trapezoid over the lags), in the units of `lagSeconds`. */
export function memoryCapacity(lagSeconds: readonly number[], r2: readonly number[]): number {
  let s = 0;
  for (let k = 1; k < lagSeconds.length; k++) {
    const a = Math.max(0, r2[k - 1]! || 0);
    const b = Math.max(0, r2[k]! || 0);
    s += ((a + b) / 2) * (lagSeconds[k]! - lagSeconds[k - 1]!);
  }
  return s;
}
