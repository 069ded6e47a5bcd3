/** Synthetic data for the readout tests. */
import type { Rng } from '../../src/core/rng.js';
import type { Mat } from '../../src/core/matrix.js';

/** n x d standard normal matrix. */
export function randn(rows: number, cols: number, rng: Rng): Mat {
  return { data: Float64Array.from({ length: rows * cols }, () => rng.normal()), rows, cols };
}

/** k Gaussian blobs: row i is class c(i % k), shifted by `sep` on the columns j with j % k === c. */
export function blobs(n: number, d: number, k: number, sep: number, rng: Rng): { X: Mat; y: string[] } {
  const X = randn(n, d, rng);
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y.push(`c${c}`);
    for (let j = 0; j < d; j++) if (j % k === c) X.data[i * d + j]! += sep;
  }
  return { X, y };
}

/** XOR in the square [-1, 1]^2: 'same' when both coordinates have the same sign. */
export function xor(n: number, rng: Rng): { X: Mat; y: string[] } {
  const X: Mat = { data: new Float64Array(n * 2), rows: n, cols: 2 };
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    X.data[2 * i] = a;
    X.data[2 * i + 1] = b;
    y.push(a * b > 0 ? 'same' : 'diff');
  }
  return { X, y };
}

/** Rows start..end-1 of X. */
export function slice(X: Mat, start: number, end: number): Mat {
  return { data: X.data.slice(start * X.cols, end * X.cols), rows: end - start, cols: X.cols };
}

/** Fraction of equal entries. */
export function accuracy(pred: readonly string[], truth: readonly string[]): number {
  return pred.filter((p, i) => p === truth[i]).length / truth.length;
}

/** JSON round trip through a string, as a saved file would be. */
export function viaJson(o: { toJSON(): unknown }): unknown {
  return JSON.parse(JSON.stringify(o.toJSON())) as unknown;
}
