/**
 * The three ways {@link Pca.fit} finds principal components, each a named function returning the
 * component variances (decreasing) and, on demand, the unit-norm component j:
 * - {@link gramEigen}: wide data (n rows < d columns), through the n x n Gram matrix Xc Xcᵀ;
 * - {@link covarianceEigen}: narrow data, through the d x d covariance matrix Xcᵀ Xc / (n - 1);
 * - {@link mlPcaEigen}: the ml-pca package (SVD), for comparison.
 * The first two solve their symmetric eigenproblem with {@link symmetricEigen} (bit-identical to
 * ml-matrix's EigenvalueDecomposition, about twice as fast).
 *
 * @module
 */
import { PCA as MlPca } from 'ml-pca';
import type { Mat } from '../core/matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Component variances (unbiased, decreasing) and a function giving component j (length d, unit norm; called for kept components only). */
export interface PcaSpectrum {
  /** Component variances, decreasing. */
  readonly vals: number[];
  /** Component j as a unit vector of length d. */
  readonly vecAt: (j: number) => Float64Array;
}

/** Eigenpairs sorted by decreasing eigenvalue (a stable sort: ties keep the solver's order). */
function decreasing(values: Float64Array): (readonly [number, number])[] {
  return Array.from(values)
    .map((v, i) => [v, i] as const)
    .sort((x, y) => y[0] - x[0]);
}

/**
 * Components of centred wide data `Xc` (n x d, row-major) through G = Xc Xcᵀ: an eigenvector u
 * of G gives the component Xcᵀ u / |Xcᵀ u| with variance λ / (n - 1).
 */
export function gramEigen(Xc: Float64Array, n: number, d: number): PcaSpectrum {
  const G = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const oa = a * d;
    let b = a;
    for (; b + 3 < n; b += 4) {
      // four dot products per pass over row a
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      const o0 = b * d;
      for (let j = 0; j < d; j++) {
        const x = Xc[oa + j]!;
        s0 += x * Xc[o0 + j]!;
        s1 += x * Xc[o0 + d + j]!;
        s2 += x * Xc[o0 + 2 * d + j]!;
        s3 += x * Xc[o0 + 3 * d + j]!;
      }
      G[a * n + b] = G[b * n + a] = s0;
      G[a * n + b + 1] = G[(b + 1) * n + a] = s1;
      G[a * n + b + 2] = G[(b + 2) * n + a] = s2;
      G[a * n + b + 3] = G[(b + 3) * n + a] = s3;
    }
    for (; b < n; b++) {
      let s = 0;
      const ob = b * d;
      for (let j = 0; j < d; j++) s += Xc[oa + j]! * Xc[ob + j]!;
      G[a * n + b] = G[b * n + a] = s;
    }
  }
  const e = symmetricEigen(G, n);
  const order = decreasing(e.values);
  return {
    vals: order.map((o) => Math.max(0, o[0]) / (n - 1)),
    vecAt: (j) => {
      const u = e.vectors[order[j]![1]]!;
      const v = new Float64Array(d);
      for (let a = 0; a < n; a++) {
        const ua = u[a]!;
        if (ua === 0) continue;
        const oa = a * d;
        for (let q = 0; q < d; q++) v[q]! += ua * Xc[oa + q]!;
      }
      let norm = 0;
      for (let q = 0; q < d; q++) norm += v[q]! * v[q]!;
      norm = Math.sqrt(norm);
      for (let q = 0; q < d; q++) v[q]! /= norm;
      return v;
    },
  };
}

/** Components of centred narrow data `Xc` (n x d) as eigenvectors of the covariance matrix Xcᵀ Xc / (n - 1). */
export function covarianceEigen(Xc: Float64Array, n: number, d: number): PcaSpectrum {
  // from the transposed data for contiguous access; four covariances per pass over column a
  const Xt = new Float64Array(d * n);
  for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) Xt[q * n + i] = Xc[i * d + q]!;
  const C = new Float64Array(d * d);
  const set = (a: number, b: number, s: number) => (C[a * d + b] = C[b * d + a] = s / (n - 1));
  for (let a = 0; a < d; a++) {
    const oa = a * n;
    let b = a;
    for (; b + 3 < d; b += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      const o0 = b * n;
      for (let i = 0; i < n; i++) {
        const x = Xt[oa + i]!;
        s0 += x * Xt[o0 + i]!;
        s1 += x * Xt[o0 + n + i]!;
        s2 += x * Xt[o0 + 2 * n + i]!;
        s3 += x * Xt[o0 + 3 * n + i]!;
      }
      set(a, b, s0);
      set(a, b + 1, s1);
      set(a, b + 2, s2);
      set(a, b + 3, s3);
    }
    for (; b < d; b++) {
      let s = 0;
      const ob = b * n;
      for (let i = 0; i < n; i++) s += Xt[oa + i]! * Xt[ob + i]!;
      set(a, b, s);
    }
  }
  const e = symmetricEigen(C, d);
  const order = decreasing(e.values);
  return { vals: order.map((o) => Math.max(0, o[0])), vecAt: (j) => Float64Array.from(e.vectors[order[j]![1]]!) };
}

/** Components of `X` (uncentred; ml-pca centres it) by the ml-pca package's SVD. */
export function mlPcaEigen(X: Mat): PcaSpectrum {
  const { rows: n, cols: d } = X;
  const rowsArr: number[][] = [];
  for (let i = 0; i < n; i++) rowsArr.push(Array.from(X.data.subarray(i * d, (i + 1) * d)));
  const p = new MlPca(rowsArr, { center: true, scale: false, method: 'SVD' });
  const ev = p.getEigenvectors();
  return { vals: p.getEigenvalues(), vecAt: (j) => Float64Array.from(ev.getColumn(j)) };
}
