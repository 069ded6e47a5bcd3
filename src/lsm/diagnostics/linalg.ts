/**
 * Small dense linear algebra for the diagnostics: Cholesky solves of ridge systems and the
 * numerical rank of a state matrix.
 *
 * @module
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/**
 * Solve `A X = B` for symmetric positive definite `A` (p x p, row-major, overwritten by its
 * Cholesky factor) and `B` (p x q, row-major, overwritten by X). Throws RangeError when A is not
 * positive definite.
 */
export function choleskySolveInPlace(A: Float64Array, B: Float64Array, p: number, q: number): void {
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j]!;
    for (let k = 0; k < j; k++) d -= A[j * p + k]! ** 2;
    if (!(d > 0)) throw new RangeError(`ridge system is not positive definite (pivot ${j}: ${d}); increase the ridge`);
    const l = Math.sqrt(d);
    A[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= A[i * p + k]! * A[j * p + k]!;
      A[i * p + j] = s / l;
    }
  }
  // forward: L Z = B
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < i; k++) {
      const a = A[i * p + k]!;
      if (a !== 0) for (let c = 0; c < q; c++) B[i * q + c]! -= a * B[k * q + c]!;
    }
    const d = A[i * p + i]!;
    for (let c = 0; c < q; c++) B[i * q + c]! /= d;
  }
  // backward: L^T X = Z
  for (let i = p - 1; i >= 0; i--) {
    for (let k = i + 1; k < p; k++) {
      const a = A[k * p + i]!;
      if (a !== 0) for (let c = 0; c < q; c++) B[i * q + c]! -= a * B[k * q + c]!;
    }
    const d = A[i * p + i]!;
    for (let c = 0; c < q; c++) B[i * q + c]! /= d;
  }
}

/** Singular values (descending) of a rows x cols row-major matrix. */
export function singularValues(data: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (data.length !== rows * cols) throw new RangeError(`matrix: expected ${rows} x ${cols} = ${rows * cols} values, got ${data.length}`);
  if (rows === 0 || cols === 0) return new Float64Array(0);
  // SVD of the narrower orientation
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, data[i * cols + j]!);
  const svd = new SingularValueDecomposition(rows >= cols ? m : m.transpose(), { computeLeftSingularVectors: false, computeRightSingularVectors: false });
  return Float64Array.from(svd.diagonal).sort().reverse();
}

/** Rank of a matrix and how it was counted. */
export interface RankResult {
  /** Singular values above `tolerance` x the largest one. */
  readonly rank: number;
  /** Relative tolerance used. */
  readonly tolerance: number;
  /** exp(entropy) of the normalized singular values (a threshold-free rank). */
  readonly effectiveRank: number;
  /** Largest possible rank: min(rows, cols). */
  readonly maxRank: number;
  readonly singularValues: number[];
}

/**
 * Numerical rank of a rows x cols matrix: the number of singular values larger than
 * `tolerance` times the largest (0 for a zero matrix), with the effective rank
 * exp(-sum p log p), p = s / sum(s) (Roy & Vetterli 2007).
 */
export function numericalRank(data: ArrayLike<number>, rows: number, cols: number, tolerance = 0.01): RankResult {
  if (!(tolerance > 0 && tolerance < 1)) throw new RangeError(`tolerance: must be in (0, 1), got ${tolerance}`);
  const s = singularValues(data, rows, cols);
  const top = s[0] ?? 0;
  const rank = top > 0 ? s.filter((x) => x > tolerance * top).length : 0;
  const sum = s.reduce((a, b) => a + b, 0);
  let h = 0;
  if (sum > 0) for (const x of s) if (x > 0) h -= (x / sum) * Math.log(x / sum);
  return { rank, tolerance, effectiveRank: sum > 0 ? Math.exp(h) : 0, maxRank: Math.min(rows, cols), singularValues: Array.from(s) };
}
