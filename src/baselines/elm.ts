/**
 * Extreme learning machine (Huang et al. 2006): a fixed random sigmoid hidden layer and a
 * ridge-regression output layer fitted in closed form; the ridge constant is chosen by inner
 * cross-validation grouped by speaker on the training part only.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { innerFolds } from '../readout/model-selection.js';
import { classificationReport } from '../readout/metrics.js';

/** Options of {@link ElmClassifier.fit}. */
export interface ElmOptions {
  /** Hidden units; default 500. */
  readonly hidden?: number;
  /** Ridge constants searched; default [0.01, 0.1, 1, 10, 100]. */
  readonly ridge?: readonly number[];
  /** Inner folds of the search; default 4. */
  readonly innerFolds?: number;
}

/** Solve (A) X = B for symmetric positive definite A (n x n) by Cholesky; B is n x m, row-major. */
function choleskySolve(A: Float64Array, n: number, B: Float64Array, m: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError('ELM: the regularized Gram matrix is not positive definite');
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j]!;
    }
  }
  const X = B.slice();
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let s = X[i * m + c]!;
      for (let k = 0; k < i; k++) s -= L[i * n + k]! * X[k * m + c]!;
      X[i * m + c] = s / L[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = X[i * m + c]!;
      for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * X[k * m + c]!;
      X[i * m + c] = s / L[i * n + i]!;
    }
  }
  return X;
}

/** A fitted ELM (inputs standardized inside). */
export class ElmClassifier {
  private constructor(
    readonly labels: string[],
    private readonly mean: Float64Array,
    private readonly scale: Float64Array,
    private readonly W: Float64Array,
    private readonly b: Float64Array,
    private readonly beta: Float64Array,
    readonly hidden: number,
    readonly ridge: number,
  ) {}

  /** Trainable parameters: the output weights (the hidden layer is random and fixed). */
  get trainableParameters(): number {
    return this.beta.length;
  }

  private static hiddenOut(X: Mat, mean: Float64Array, scale: Float64Array, W: Float64Array, b: Float64Array, h: number): Float64Array {
    const d = X.cols;
    const H = new Float64Array(X.rows * h);
    const z = new Float64Array(d);
    for (let r = 0; r < X.rows; r++) {
      for (let j = 0; j < d; j++) z[j] = (X.data[r * d + j]! - mean[j]!) * scale[j]!;
      for (let u = 0; u < h; u++) {
        let a = b[u]!;
        for (let j = 0; j < d; j++) a += W[u * d + j]! * z[j]!;
        H[r * h + u] = 1 / (1 + Math.exp(-a));
      }
    }
    return H;
  }

  private static solve(H: Float64Array, rows: readonly number[], h: number, T: Float64Array, c: number, ridge: number): Float64Array {
    const A = new Float64Array(h * h);
    const B = new Float64Array(h * c);
    for (const r of rows) {
      const o = r * h;
      for (let i = 0; i < h; i++) {
        const hi = H[o + i]!;
        if (hi === 0) continue;
        for (let j = 0; j <= i; j++) A[i * h + j]! += hi * H[o + j]!;
        for (let k = 0; k < c; k++) B[i * c + k]! += hi * T[r * c + k]!;
      }
    }
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < i; j++) A[j * h + i] = A[i * h + j]!;
      A[i * h + i]! += ridge;
    }
    return choleskySolve(A, h, B, c);
  }

  private static argmax(H: Float64Array, r: number, h: number, beta: Float64Array, c: number): number {
    let best = 0;
    let bv = -Infinity;
    for (let k = 0; k < c; k++) {
      let s = 0;
      for (let u = 0; u < h; u++) s += H[r * h + u]! * beta[u * c + k]!;
      if (s > bv) {
        bv = s;
        best = k;
      }
    }
    return best;
  }

  /** Fit on rows of `X` with labels `y`; `groups` (speakers) keep the inner folds speaker-independent. */
  static fit(X: Mat, y: readonly string[], options: ElmOptions, rng: Rng, groups?: readonly string[]): ElmClassifier {
    const h = options.hidden ?? 500;
    const ridges = options.ridge ?? [0.01, 0.1, 1, 10, 100];
    if (!(Number.isInteger(h) && h >= 1)) throw new RangeError(`ELM hidden: must be a positive integer, got ${h}`);
    if (ridges.length === 0 || ridges.some((l) => !(l > 0))) throw new RangeError(`ELM ridge: every value must be > 0, got ${ridges.join(', ')}`);
    const labels = [...new Set(y)].sort();
    const c = labels.length;
    const d = X.cols;
    const mean = new Float64Array(d);
    const scale = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let r = 0; r < X.rows; r++) m += X.data[r * d + j]!;
      m /= X.rows;
      let v = 0;
      for (let r = 0; r < X.rows; r++) v += (X.data[r * d + j]! - m) ** 2;
      const sd = Math.sqrt(v / X.rows);
      mean[j] = m;
      scale[j] = sd > 1e-12 ? 1 / sd : 1;
    }
    const wr = rng.fork('weights');
    const W = new Float64Array(h * d);
    for (let i = 0; i < W.length; i++) W[i] = wr.normal() / Math.sqrt(d);
    const b = new Float64Array(h);
    for (let i = 0; i < h; i++) b[i] = wr.normal();
    const H = ElmClassifier.hiddenOut(X, mean, scale, W, b, h);
    const T = new Float64Array(X.rows * c).fill(-1);
    y.forEach((l, r) => (T[r * c + labels.indexOf(l)] = 1));
    let ridge = ridges[0]!;
    if (ridges.length > 1) {
      const folds = innerFolds(y, options.innerFolds ?? 4, rng.fork('inner'), groups && new Set(groups).size >= 2 ? groups : undefined);
      let best = -Infinity;
      for (const l of ridges) {
        const truth: string[] = [];
        const pred: string[] = [];
        for (const test of folds) {
          const inTest = new Set(test);
          const train = y.map((_, i) => i).filter((i) => !inTest.has(i));
          const beta = ElmClassifier.solve(H, train, h, T, c, l);
          for (const r of test) {
            truth.push(y[r]!);
            pred.push(labels[ElmClassifier.argmax(H, r, h, beta, c)]!);
          }
        }
        const uar = classificationReport(truth, pred, labels).uar;
        if (uar > best + 1e-12) {
          best = uar;
          ridge = l;
        }
      }
    }
    const beta = ElmClassifier.solve(
      H,
      y.map((_, i) => i),
      h,
      T,
      c,
      ridge,
    );
    return new ElmClassifier(labels, mean, scale, W, b, beta, h, ridge);
  }

  /** Predicted labels of the rows of `X`. */
  predict(X: Mat): string[] {
    const c = this.labels.length;
    const H = ElmClassifier.hiddenOut(X, this.mean, this.scale, this.W, this.b, this.hidden);
    return Array.from({ length: X.rows }, (_, r) => this.labels[ElmClassifier.argmax(H, r, this.hidden, this.beta, c)]!);
  }
}
