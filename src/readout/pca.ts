/**
 * Principal component analysis. Wide data (n samples < d features: reservoir states of a few
 * hundred utterances) is fitted through the n x n Gram matrix of the centred data, narrow data
 * through the d x d covariance matrix; both are symmetric eigenproblems of size min(n, d)
 * (EISPACK's tred2/tql2 as ml-matrix runs them; the solvers are in pca-solvers.ts). `method: 'ml-pca'` uses the ml-pca package (SVD;
 * measured ~12 s at 500 x 2000 on this machine, see docs/dependencies.md). Signs are fixed (largest-|loading|
 * positive) so fits are deterministic.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { ModelFormatError } from '../core/errors.js';
import { finiteArray, finiteNumber } from '../core/finite-json.js';
import { assertFiniteMat } from './scaler.js';
import { covarianceEigen, gramEigen, mlPcaEigen } from './pca-solvers.js';

/** Options of {@link Pca.fit} (components beyond the numerical rank of the data are never kept). Give at most one of `nComponents` and `varianceFraction`. */
export interface PcaOptions {
  /** Number of components to keep (integer >= 1; capped at the rank of the data). Default: unset (use `varianceFraction`). */
  readonly nComponents?: number;
  /** Keep the fewest components whose variance reaches this fraction of the total, in (0, 1]; default 0.95 when `nComponents` is unset. */
  readonly varianceFraction?: number;
  /** Divide each component by its standard deviation (unit-variance outputs); default false. */
  readonly whiten?: boolean;
  /**
   * 'auto' (Gram matrix when rows < columns, else covariance), 'gram' (n x n eigenproblem of
   * X Xᵀ), 'covariance' (d x d eigenproblem) or 'ml-pca' (the ml-pca package, SVD); default 'auto'.
   */
  readonly method?: 'auto' | 'gram' | 'covariance' | 'ml-pca';
}

/** Resolved {@link PcaOptions}: exactly one of `nComponents` / `varianceFraction` is a number. */
export interface ResolvedPcaOptions {
  readonly nComponents: number | null;
  readonly varianceFraction: number | null;
  readonly whiten: boolean;
  readonly method: 'auto' | 'gram' | 'covariance' | 'ml-pca';
}

/** Defaults of {@link PcaOptions}. */
export const DEFAULT_PCA_OPTIONS: Readonly<ResolvedPcaOptions> = Object.freeze({ nComponents: null, varianceFraction: 0.95, whiten: false, method: 'auto' });

/** Merge `o` with the defaults and validate (TypeError for a wrong kind of value, RangeError for a wrong value). */
export function resolvePcaOptions(o: PcaOptions = {}): ResolvedPcaOptions {
  for (const f of ['nComponents', 'varianceFraction'] as const) {
    if (o[f] !== undefined && typeof o[f] !== 'number') throw new TypeError(`${f}: must be a number, got ${typeof o[f]}`);
  }
  if (o.whiten !== undefined && typeof o.whiten !== 'boolean') throw new TypeError(`whiten: must be a boolean, got ${typeof o.whiten}`);
  if (o.nComponents !== undefined && o.varianceFraction !== undefined)
    throw new RangeError(`nComponents (${o.nComponents}) and varianceFraction (${o.varianceFraction}): give only one`);
  if (o.nComponents !== undefined && !(Number.isInteger(o.nComponents) && o.nComponents >= 1))
    throw new RangeError(`nComponents: must be an integer >= 1, got ${o.nComponents}`);
  if (o.varianceFraction !== undefined && !(o.varianceFraction > 0 && o.varianceFraction <= 1))
    throw new RangeError(`varianceFraction: must be in (0, 1], got ${o.varianceFraction}`);
  const method = o.method ?? DEFAULT_PCA_OPTIONS.method;
  if (!['auto', 'gram', 'covariance', 'ml-pca'].includes(method))
    throw new RangeError(`method: must be 'auto' | 'gram' | 'covariance' | 'ml-pca', got ${JSON.stringify(method)}`);
  const nComponents = o.nComponents ?? null;
  return {
    nComponents,
    varianceFraction: nComponents === null ? (o.varianceFraction ?? DEFAULT_PCA_OPTIONS.varianceFraction) : null,
    whiten: o.whiten ?? DEFAULT_PCA_OPTIONS.whiten,
    method,
  };
}

/**
 * A fitted PCA: `transform(X) = (X - mean) W`, each column divided by its standard deviation
 * when whitened. Component signs are fixed: the largest-|value| loading of each is positive.
 */
export class Pca {
  /** Column means of the training data (d). */
  readonly mean: Float64Array;
  /** Components: d x k, column j is component j (unit norm). */
  readonly components: Mat;
  /** Variance (unbiased, n - 1) explained by each kept component, in decreasing order. */
  readonly explainedVariance: Float64Array;
  /** Total variance of the training data (sum of the column variances, n - 1). */
  readonly totalVariance: number;
  /** Whether outputs are divided by the component standard deviations. */
  readonly whiten: boolean;

  private constructor(mean: Float64Array, components: Mat, ev: Float64Array, total: number, whiten: boolean) {
    this.mean = mean;
    this.components = components;
    this.explainedVariance = ev;
    this.totalVariance = total;
    this.whiten = whiten;
  }

  /** Fit on the rows of X (n >= 2 rows, finite values); see {@link PcaOptions}. */
  static fit(X: Mat, options: PcaOptions = {}): Pca {
    assertFiniteMat(X);
    const { rows: n, cols: d } = X;
    if (n < 2) throw new RangeError(`Pca.fit: needs at least 2 rows, got ${n}`);
    const opt = resolvePcaOptions(options);
    const method = opt.method;
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += X.data[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j]! /= n;
    const Xc = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc[i * d + j] = X.data[i * d + j]! - mean[j]!;
    let total = 0;
    for (let k = 0; k < Xc.length; k++) total += Xc[k]! * Xc[k]!;
    total /= n - 1;
    const spectrum = method === 'ml-pca' ? mlPcaEigen(X) : method === 'gram' || (method === 'auto' && n < d) ? gramEigen(Xc, n, d) : covarianceEigen(Xc, n, d);
    let vals = spectrum.vals;
    const vecAt = spectrum.vecAt;
    // rank truncation, the same for every method: drop numerically zero variances
    const keep = vals.findIndex((v) => !(v > 1e-10 * Math.max(vals[0] ?? 0, 1e-300)));
    if (keep >= 0) vals = vals.slice(0, keep);
    if (vals.length === 0) throw new RangeError('Pca.fit: the data has zero variance (all rows equal)');
    let k: number;
    if (opt.nComponents !== null) k = Math.min(opt.nComponents, vals.length);
    else {
      const comp = opt.varianceFraction!;
      let acc = 0;
      k = vals.length;
      for (let j = 0; j < vals.length; j++) {
        acc += vals[j]!;
        if (acc >= comp * total * (1 - 1e-9)) {
          k = j + 1;
          break;
        }
      }
    }
    k = Math.max(1, k);
    const W = new Float64Array(d * k);
    for (let j = 0; j < k; j++) {
      const v = vecAt(j);
      let big = 0;
      for (let q = 0; q < d; q++) if (Math.abs(v[q]!) > Math.abs(v[big]!)) big = q;
      const sgn = v[big]! < 0 ? -1 : 1;
      for (let q = 0; q < d; q++) W[q * k + j] = sgn * v[q]!;
    }
    return new Pca(mean, { data: W, rows: d, cols: k }, Float64Array.from(vals.slice(0, k)), total, opt.whiten);
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

  /** Map projections back to the input space: mean + T Wᵀ (undoing the whitening). Exact for data in the kept subspace. */
  inverseTransform(T: Mat): Mat {
    const k = this.k;
    if (T.cols !== k) throw new RangeError(`Pca.inverseTransform: ${T.cols} columns, ${k} components`);
    const d = this.mean.length;
    const W = this.components.data;
    const out = new Float64Array(T.rows * d);
    const t = new Float64Array(k);
    for (let i = 0; i < T.rows; i++) {
      for (let j = 0; j < k; j++) t[j] = T.data[i * k + j]! * (this.whiten ? Math.sqrt(Math.max(this.explainedVariance[j]!, 1e-12)) : 1);
      for (let q = 0; q < d; q++) {
        let s = this.mean[q]!;
        for (let j = 0; j < k; j++) s += t[j]! * W[q * k + j]!;
        out[i * d + q] = s;
      }
    }
    return { data: out, rows: T.rows, cols: d };
  }

  /** Versioned JSON record (`type: 'lsm-ser/Pca'`, `version: 1`). */
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

  /** Rebuild from {@link Pca.toJSON}; `file` names the source in errors (ModelFormatError). */
  static load(j: unknown, file = 'pca'): Pca {
    const r = j as {
      type?: string;
      version?: number;
      mean?: number[];
      components?: { rows: number; cols: number; data: number[] };
      explainedVariance?: number[];
      totalVariance?: number;
      whiten?: boolean;
    };
    if (r?.type !== 'lsm-ser/Pca' || r.version !== 1 || !r.mean || !r.components || !r.explainedVariance)
      throw new ModelFormatError(file, 'not a valid lsm-ser/Pca v1 record');
    const c = r.components;
    if (
      !Array.isArray(r.mean) ||
      !Number.isInteger(c.rows) ||
      !Number.isInteger(c.cols) ||
      !Array.isArray(c.data) ||
      c.rows * c.cols !== c.data.length ||
      c.rows !== r.mean.length
    )
      throw new ModelFormatError(file, 'Pca components have inconsistent sizes');
    const mean = finiteArray(r.mean, 'Pca.mean', file);
    const data = finiteArray(c.data, 'Pca.components.data', file, c.rows * c.cols);
    const ev = finiteArray(r.explainedVariance, 'Pca.explainedVariance', file);
    const bad = ev.findIndex((x) => !(x >= 0));
    if (bad >= 0) throw new ModelFormatError(file, `Pca.explainedVariance[${bad}] must be >= 0, got ${ev[bad]}`);
    const total = r.totalVariance === undefined ? 0 : finiteNumber(r.totalVariance, 'Pca.totalVariance', file);
    return new Pca(mean, { rows: c.rows, cols: c.cols, data }, ev, total, Boolean(r.whiten));
  }
}
