/**
 * Per-utterance feature vectors from a reservoir run: for every neuron, the mean and the
 * standard deviation of its filtered spike train over the utterance, and its mean over K equal
 * time segments. This is what the readout sees.
 *
 * @module
 */
import type { LaneResult } from './run-types.js';

/** Options of {@link reservoirFeatures}. */
export interface StateFeatureOptions {
  /** Number of equal time segments whose means are appended; default 4 (0 = none). */
  readonly segments?: number;
  /** Include the per-neuron mean; default true. */
  readonly mean?: boolean;
  /** Include the per-neuron standard deviation; default true. */
  readonly std?: boolean;
}

/** Number of segments of `options`, checked. */
function segmentsOf(options: StateFeatureOptions): number {
  const K = options.segments ?? 4;
  if (!Number.isInteger(K) || K < 0) throw new RangeError(`segments: must be an integer >= 0, got ${K}`);
  return K;
}

/** Length of the feature vector for `n` neurons. */
export function stateFeatureLength(n: number, options: StateFeatureOptions = {}): number {
  const K = segmentsOf(options);
  return n * ((options.mean ?? true ? 1 : 0) + (options.std ?? true ? 1 : 0) + K);
}

/**
 * Feature vector of one lane: [means (n), stds (n), segment 1 means (n), ..., segment K means (n)].
 * Throws a RangeError for a lane without readout samples (shorter than one readout interval:
 * it has no state to describe) or whose trace does not hold `samples` x `n` values.
 */
export function reservoirFeatures(run: LaneResult, options: StateFeatureOptions = {}): Float64Array {
  const K = segmentsOf(options);
  const useMean = options.mean ?? true;
  const useStd = options.std ?? true;
  const n = run.n;
  const S = run.samples;
  if (S === 0) throw new RangeError(`reservoirFeatures: the lane has no readout sample (${run.steps} steps, shorter than one readout interval of ${run.sampleInterval} s)`);
  if (run.trace.length !== S * n) throw new RangeError(`reservoirFeatures: trace has ${run.trace.length} values, samples x n = ${S} x ${n} = ${S * n}`);
  const out = new Float64Array(stateFeatureLength(n, options));
  const tr = run.trace;
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
  return out;
}
