/**
 * Ridge regression with an unpenalized intercept, solved by Cholesky on the normal equations:
 * the small linear solver behind the model-space representation and the residualization of one
 * feature block on another.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';

/**
 * Solve A X = B in place for a symmetric positive definite A (d x d, row-major) and B
 * (d x m, row-major): returns X. Throws a RangeError when A is not positive definite.
 */
export function choleskySolve(A: Float64Array, d: number, B: Float64Array, m: number): Float64Array {
  if (A.length !== d * d) throw new RangeError(`choleskySolve: A has ${A.length} values, d x d = ${d * d}`);
  if (B.length !== d * m) throw new RangeError(`choleskySolve: B has ${B.length} values, d x m = ${d * m}`);
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j]!;
      for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`choleskySolve: matrix is not positive definite (pivot ${i} is ${s})`);
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / L[j * d + j]!;
    }
  }
  const X = Float64Array.from(B);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < d; i++) {
      let s = X[i * m + c]!;
      for (let k = 0; k < i; k++) s -= L[i * d + k]! * X[k * m + c]!;
      X[i * m + c] = s / L[i * d + i]!;
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = X[i * m + c]!;
      for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * X[k * m + c]!;
      X[i * m + c] = s / L[i * d + i]!;
    }
  }
  return X;
}

/** A fitted multi-output ridge regression Y ~ X W + b. */
export interface RidgeFit {
  /** Coefficients (p inputs x m outputs, row-major). */
  readonly W: Float64Array;
  /** Intercepts (m). */
  readonly b: Float64Array;
  readonly p: number;
  readonly m: number;
}

/**
 * Fit Y (rows x m) on X (rows x p) with an intercept: minimizes |Y - X W - 1 b|^2 + lambda |W|^2
 * (the intercept is not penalized: X and Y are centred first). `lambda` >= 0 in the units of
 * X's squared values summed over rows; lambda 0 needs X of full column rank.
 */
export function fitRidge(X: Mat, Y: Mat, lambda: number): RidgeFit {
  if (X.rows !== Y.rows) throw new RangeError(`fitRidge: X has ${X.rows} rows, Y has ${Y.rows}`);
  if (X.rows < 1) throw new RangeError('fitRidge: no rows');
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`fitRidge: lambda must be a finite number >= 0, got ${lambda}`);
  const { rows: n, cols: p } = X;
  const m = Y.cols;
  const mx = new Float64Array(p);
  const my = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) mx[j]! += X.data[i * p + j]!;
    for (let j = 0; j < m; j++) my[j]! += Y.data[i * m + j]!;
  }
  for (let j = 0; j < p; j++) mx[j]! /= n;
  for (let j = 0; j < m; j++) my[j]! /= n;
  const A = new Float64Array(p * p);
  const B = new Float64Array(p * m);
  const xc = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) xc[j] = X.data[i * p + j]! - mx[j]!;
    for (let a = 0; a < p; a++) {
      const xa = xc[a]!;
      if (xa === 0) continue;
      for (let c = a; c < p; c++) A[a * p + c]! += xa * xc[c]!;
      for (let c = 0; c < m; c++) B[a * m + c]! += xa * (Y.data[i * m + c]! - my[c]!);
    }
  }
  for (let a = 0; a < p; a++) {
    for (let c = 0; c < a; c++) A[a * p + c] = A[c * p + a]!;
    A[a * p + a]! += lambda;
  }
  const W = choleskySolve(A, p, B, m);
  const b = Float64Array.from(my);
  for (let a = 0; a < p; a++) for (let c = 0; c < m; c++) b[c]! -= mx[a]! * W[a * m + c]!;
  return { W, b, p, m };
}

/** X W + b of a {@link RidgeFit}. */
export function predictRidge(fit: RidgeFit, X: Mat): Mat {
  if (X.cols !== fit.p) throw new RangeError(`predictRidge: X has ${X.cols} columns, the fit ${fit.p}`);
  const { p, m } = fit;
  const out = new Float64Array(X.rows * m);
  for (let i = 0; i < X.rows; i++) {
    const o = i * m;
    out.set(fit.b, o);
    for (let a = 0; a < p; a++) {
      const x = X.data[i * p + a]!;
      if (x === 0) continue;
      for (let c = 0; c < m; c++) out[o + c]! += x * fit.W[a * m + c]!;
    }
  }
  return { data: out, rows: X.rows, cols: m };
}
