/**
 * A frame-level linear readout: a ridge regression from the state at every readout sample
 * (frame) to the one-hot label of its utterance, fitted on the frames of the training
 * utterances; an utterance's class scores are its frames' outputs averaged (a posterior-like
 * vector summing to 1, since every one-hot target does). {@link fuseScores} combines them with
 * the utterance-level SVM's scores.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { fitRidge, predictRidge, type RidgeFit } from './ridge.js';

/** Options of {@link FrameReadout.fit}. */
export interface FrameReadoutOptions {
  /** Ridge penalty per training frame (lambda = ridge x frames) on standardized states; default 1e-2. */
  readonly ridge?: number;
  /** Use every `stride`-th frame of each training utterance; default 2. */
  readonly stride?: number;
}

/** A fitted frame-level readout. */
export class FrameReadout {
  readonly labels: string[];
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly fit: RidgeFit;

  private constructor(labels: string[], mean: Float64Array, scale: Float64Array, fit: RidgeFit) {
    this.labels = labels;
    this.mean = mean;
    this.scale = scale;
    this.fit = fit;
  }

  /** Fit on the traces (frames x channels) of training utterances and their labels (`labels`: the score order). */
  static fit(traces: readonly Mat[], y: readonly string[], labels: readonly string[], options: FrameReadoutOptions = {}): FrameReadout {
    const ridge = options.ridge ?? 1e-2;
    const stride = options.stride ?? 2;
    if (!(ridge >= 0) || !Number.isFinite(ridge)) throw new RangeError(`ridge: must be a finite number >= 0, got ${ridge}`);
    if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`stride: must be an integer >= 1, got ${stride}`);
    if (traces.length !== y.length) throw new RangeError(`FrameReadout.fit: ${traces.length} traces for ${y.length} labels`);
    if (traces.length === 0) throw new RangeError('FrameReadout.fit: no traces');
    const idx = new Map(labels.map((l, i) => [l, i]));
    const n = traces[0]!.cols;
    const k = labels.length;
    let rows = 0;
    traces.forEach((t, i) => {
      if (t.cols !== n) throw new RangeError(`FrameReadout.fit: trace ${i} has ${t.cols} channels, the first ${n}`);
      if (!idx.has(y[i]!)) throw new RangeError(`FrameReadout.fit: label ${JSON.stringify(y[i])} of trace ${i} is not in labels [${labels.join(', ')}]`);
      rows += Math.ceil(t.rows / stride);
    });
    const X = new Float64Array(rows * n);
    const Y = new Float64Array(rows * k);
    let r = 0;
    traces.forEach((t, i) => {
      const c = idx.get(y[i]!)!;
      for (let s = 0; s < t.rows; s += stride) {
        X.set(t.data.subarray(s * n, (s + 1) * n), r * n);
        Y[r * k + c] = 1;
        r++;
      }
    });
    const mean = new Float64Array(n);
    const scale = new Float64Array(n);
    for (let q = 0; q < rows; q++) for (let j = 0; j < n; j++) mean[j]! += X[q * n + j]!;
    for (let j = 0; j < n; j++) mean[j]! /= rows;
    for (let q = 0; q < rows; q++) for (let j = 0; j < n; j++) scale[j]! += (X[q * n + j]! - mean[j]!) ** 2;
    for (let j = 0; j < n; j++) scale[j] = Math.sqrt(scale[j]! / rows) || 1;
    for (let q = 0; q < rows; q++) for (let j = 0; j < n; j++) X[q * n + j] = (X[q * n + j]! - mean[j]!) / scale[j]!;
    const fit = fitRidge({ data: X, rows, cols: n }, { data: Y, rows, cols: k }, ridge * rows);
    return new FrameReadout([...labels], mean, scale, fit);
  }

  /** Averaged frame outputs of each trace (rows = traces, cols = labels). */
  scores(traces: readonly Mat[]): Mat {
    const k = this.labels.length;
    const n = this.mean.length;
    const out = new Float64Array(traces.length * k);
    traces.forEach((t, i) => {
      if (t.cols !== n) throw new RangeError(`FrameReadout: trace ${i} has ${t.cols} channels, fitted on ${n}`);
      const z = new Float64Array(t.data.length);
      for (let s = 0; s < t.rows; s++) for (let j = 0; j < n; j++) z[s * n + j] = (t.data[s * n + j]! - this.mean[j]!) / this.scale[j]!;
      const p = predictRidge(this.fit, { data: z, rows: t.rows, cols: n });
      for (let s = 0; s < t.rows; s++) for (let c = 0; c < k; c++) out[i * k + c]! += p.data[s * k + c]! / t.rows;
    });
    return { data: out, rows: traces.length, cols: k };
  }

  /** Label of the largest averaged score. */
  predict(traces: readonly Mat[]): string[] {
    return argmaxLabels(this.scores(traces), this.labels);
  }
}

/** Label of the largest score of each row. */
export function argmaxLabels(scores: Mat, labels: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < scores.rows; i++) {
    let best = 0;
    for (let c = 1; c < scores.cols; c++) if (scores.data[i * scores.cols + c]! > scores.data[i * scores.cols + best]!) best = c;
    out.push(labels[best]!);
  }
  return out;
}

/**
 * Late fusion of two score matrices over the same labels: each row of each is clipped at 0 and
 * divided by its sum (a distribution over the classes; a row without positive scores becomes
 * uniform), and the two distributions are mixed as (1 - weightB) a + weightB b (default 0.5:
 * equal weight). For the SVM's {@link SvmClassifier.decisionScores} (one-vs-one votes plus a
 * margin term) and the frame readout's averaged one-hot outputs.
 */
export function fuseScores(a: Mat, b: Mat, weightB = 0.5): Mat {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError(`fuseScores: ${a.rows} x ${a.cols} and ${b.rows} x ${b.cols} scores`);
  if (!(weightB >= 0 && weightB <= 1)) throw new RangeError(`fuseScores: weightB must be in [0, 1], got ${weightB}`);
  const k = a.cols;
  const out = new Float64Array(a.data.length);
  for (const [m, w] of [
    [a, 1 - weightB],
    [b, weightB],
  ] as const) {
    for (let i = 0; i < m.rows; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.max(0, m.data[i * k + c]!);
      for (let c = 0; c < k; c++) out[i * k + c]! += w * (s > 0 ? Math.max(0, m.data[i * k + c]!) / s : 1 / k);
    }
  }
  return { data: out, rows: a.rows, cols: k };
}
