/**
 * Principal component analysis. Wide data (n samples < d features: reservoir states of a few
 * hundred utterances) is fitted through the n x n Gram matrix of the centred data, narrow data
 * through the d x d covariance matrix; both are symmetric eigenproblems of size min(n, d)
 * (ml-matrix's EigenvalueDecomposition). `method: 'ml-pca'` uses the ml-pca package (SVD;
 * measured ~12 s at 500 x 2000 on this machine, see README). Signs are fixed (largest-|loading|
 * positive) so fits are deterministic.
 *
 * @module
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { PCA as MlPca } from 'ml-pca';
import type { Mat } from '../core/matrix.js';
import { ModelFormatError } from '../core/errors.js';
import { assertFiniteMat } from './scaler.js';

/** Options of {@link Pca.fit}. */
export interface PcaOptions {
  /** Number of components (integer >= 1), or a fraction of variance in (0, 1) to keep; default 0.95. */
  readonly components?: number;
  /** Divide each component by its standard deviation; default false. */
  readonly whiten?: boolean;
  /** 'auto' (Gram when n < d, else covariance), 'gram', 'covariance' or 'ml-pca'; default 'auto'. */
  readonly method?: 'auto' | 'gram' | 'covariance' | 'ml-pca';
}

/** A fitted PCA: `transform(X) = (X - mean) W` (optionally whitened). */
export class Pca {
  readonly mean: Float64Array;
  /** Components: d x k, column j is component j (unit norm). */
  readonly components: Mat;
  /** Variance explained by each kept component. */
  readonly explainedVariance: Float64Array;
  /** Total variance of the training data. */
  readonly totalVariance: number;
  readonly whiten: boolean;

  private constructor(mean: Float64Array, components: Mat, ev: Float64Array, total: number, whiten: boolean) {
    this.mean = mean;
    this.components = components;
    this.explainedVariance = ev;
    this.totalVariance = total;
    this.whiten = whiten;
  }

  /** Fit on the rows of X. */
  static fit(X: Mat, options: PcaOptions = {}): Pca {
    assertFiniteMat(X);
    const { rows: n, cols: d } = X;
    if (n < 2) throw new RangeError(`Pca.fit: needs at least 2 rows, got ${n}`);
    const comp = options.components ?? 0.95;
    if (!(comp > 0) || (comp >= 1 && !Number.isInteger(comp))) throw new RangeError(`components: must be an integer >= 1 or a fraction in (0, 1), got ${comp}`);
    const method = options.method ?? 'auto';
    if (!['auto', 'gram', 'covariance', 'ml-pca'].includes(method)) throw new RangeError(`method: must be 'auto' | 'gram' | 'covariance' | 'ml-pca', got ${JSON.stringify(method)}`);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += X.data[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j]! /= n;
    const Xc = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc[i * d + j] = X.data[i * d + j]! - mean[j]!;
    let total = 0;
    for (let k = 0; k < Xc.length; k++) total += Xc[k]! * Xc[k]!;
    total /= n - 1;
    let vals: number[];
    let vecs: Float64Array[]; // each of length d
    if (method === 'ml-pca') {
      const rowsArr: number[][] = [];
      for (let i = 0; i < n; i++) rowsArr.push(Array.from(X.data.subarray(i * d, (i + 1) * d)));
      const p = new MlPca(rowsArr, { center: true, scale: false, method: 'SVD' });
      vals = p.getEigenvalues();
      const ev = p.getEigenvectors();
      vecs = vals.map((_, j) => Float64Array.from(ev.getColumn(j)));
    } else if (method === 'gram' || (method === 'auto' && n < d)) {
      // G = Xc Xc^T (n x n); eigenvectors u give components Xc^T u / |.|
      const G = new Matrix(n, n);
      for (let a = 0; a < n; a++) {
        for (let b = a; b < n; b++) {
          let s = 0;
          const oa = a * d;
          const ob = b * d;
          for (let j = 0; j < d; j++) s += Xc[oa + j]! * Xc[ob + j]!;
          G.set(a, b, s);
          G.set(b, a, s);
        }
      }
      const e = new EigenvalueDecomposition(G, { assumeSymmetric: true });
      const order = e.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
      vals = [];
      vecs = [];
      const U = e.eigenvectorMatrix;
      for (const [lam, idx] of order) {
        if (!(lam > 1e-10 * Math.max(1, order[0]![0]))) break;
        const v = new Float64Array(d);
        for (let a = 0; a < n; a++) {
          const u = U.get(a, idx);
          if (u === 0) continue;
          for (let j = 0; j < d; j++) v[j]! += u * Xc[a * d + j]!;
        }
        let norm = 0;
        for (let j = 0; j < d; j++) norm += v[j]! * v[j]!;
        norm = Math.sqrt(norm);
        for (let j = 0; j < d; j++) v[j]! /= norm;
        vals.push(lam / (n - 1));
        vecs.push(v);
      }
    } else {
      const C = new Matrix(d, d);
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += Xc[i * d + a]! * Xc[i * d + b]!;
          C.set(a, b, s / (n - 1));
          C.set(b, a, s / (n - 1));
        }
      }
      const e = new EigenvalueDecomposition(C, { assumeSymmetric: true });
      const order = e.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
      vals = order.map((o) => Math.max(0, o[0]));
      vecs = order.map((o) => Float64Array.from(e.eigenvectorMatrix.getColumn(o[1])));
    }
    let k: number;
    if (comp >= 1) k = Math.min(comp, vals.length);
    else {
      let acc = 0;
      k = vals.length;
      for (let j = 0; j < vals.length; j++) {
        acc += vals[j]!;
        if (acc >= comp * total - 1e-12) {
          k = j + 1;
          break;
        }
      }
    }
    k = Math.max(1, k);
    const W = new Float64Array(d * k);
    for (let j = 0; j < k; j++) {
      const v = vecs[j]!;
      let big = 0;
      for (let q = 0; q < d; q++) if (Math.abs(v[q]!) > Math.abs(v[big]!)) big = q;
      const sgn = v[big]! < 0 ? -1 : 1;
      for (let q = 0; q < d; q++) W[q * k + j] = sgn * v[q]!;
    }
    return new Pca(mean, { data: W, rows: d, cols: k }, Float64Array.from(vals.slice(0, k)), total, options.whiten ?? false);
  }

  /** Number of kept components. */
  get k(): number {
    return this.components.cols;
  }

  /** Project rows of X onto the components. */
  transform(X: Mat): Mat {
    const d = this.mean.length;
    if (X.cols !== d) throw new RangeError(`Pca.transform: ${X.cols} columns, fitted on ${d}`);
    assertFiniteMat(X);
    const k = this.k;
    const W = this.components.data;
    const out = new Float64Array(X.rows * k);
    const row = new Float64Array(d);
    for (let i = 0; i < X.rows; i++) {
      for (let q = 0; q < d; q++) row[q] = X.data[i * d + q]! - this.mean[q]!;
      for (let q = 0; q < d; q++) {
        const x = row[q]!;
        if (x === 0) continue;
        const o = q * k;
        for (let j = 0; j < k; j++) out[i * k + j]! += x * W[o + j]!;
      }
      if (this.whiten) for (let j = 0; j < k; j++) out[i * k + j]! /= Math.sqrt(Math.max(this.explainedVariance[j]!, 1e-12));
    }
    return { data: out, rows: X.rows, cols: k };
  }

  toJSON(): Record<string, unknown> {
    return {
      type: 'lsm-ser/Pca',
      version: 1,
      mean: Array.from(this.mean),
      components: { rows: this.components.rows, cols: this.components.cols, data: Array.from(this.components.data) },
      explainedVariance: Array.from(this.explainedVariance),
      totalVariance: this.totalVariance,
      whiten: this.whiten,
    };
  }

  static load(j: unknown, file = 'pca'): Pca {
    const r = j as { type?: string; version?: number; mean?: number[]; components?: { rows: number; cols: number; data: number[] }; explainedVariance?: number[]; totalVariance?: number; whiten?: boolean };
    if (r?.type !== 'lsm-ser/Pca' || r.version !== 1 || !r.mean || !r.components || !r.explainedVariance) throw new ModelFormatError(file, 'not a valid lsm-ser/Pca v1 record');
    const c = r.components;
    if (c.rows * c.cols !== c.data.length || c.rows !== r.mean.length) throw new ModelFormatError(file, 'Pca components have inconsistent sizes');
    return new Pca(Float64Array.from(r.mean), { rows: c.rows, cols: c.cols, data: Float64Array.from(c.data) }, Float64Array.from(r.explainedVariance), r.totalVariance ?? 0, Boolean(r.whiten));
  }
}
