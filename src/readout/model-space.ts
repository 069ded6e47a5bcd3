/**
 * Reservoir model space (Bianchi, Scardapane, Lokse & Jenssen 2021, "Reservoir computing
 * approaches for representation and classification of multivariate time series"): a state
 * sequence is described by the coefficients of a linear one-step predictor of its own
 * PCA-reduced state, h(t+1) ~ W h(t) + b, fitted by ridge regression per utterance. The PCA is
 * fitted once on the states of the training utterances (a {@link StateProjection}); the
 * features of an utterance are vec(W) (d x d, row-major) followed by b (d).
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { Pca } from './pca.js';
import { fitRidge } from './ridge.js';

/** Options of the model-space representation. */
export interface ModelSpaceOptions {
  /** PCA components of the state (d); default 8. */
  readonly components?: number;
  /** Ridge penalty per state sample (lambda = ridge x samples); default 0.01. */
  readonly ridge?: number;
  /** Use every `stride`-th state of each training utterance to fit the PCA; default 4. */
  readonly stride?: number;
}

/** Resolved {@link ModelSpaceOptions}. */
export type ResolvedModelSpaceOptions = Required<ModelSpaceOptions>;

/** Defaults of {@link ModelSpaceOptions}. */
export const DEFAULT_MODEL_SPACE_OPTIONS: Readonly<ResolvedModelSpaceOptions> = Object.freeze({ components: 8, ridge: 0.01, stride: 4 });

/** Merge with the defaults and validate (RangeError naming the field). */
export function resolveModelSpaceOptions(o: ModelSpaceOptions = {}): ResolvedModelSpaceOptions {
  const r = { ...DEFAULT_MODEL_SPACE_OPTIONS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as ResolvedModelSpaceOptions;
  if (!Number.isInteger(r.components) || r.components < 1 || r.components > 64)
    throw new RangeError(`modelSpace.components: must be an integer in [1, 64], got ${r.components}`);
  if (!(r.ridge >= 0) || !Number.isFinite(r.ridge)) throw new RangeError(`modelSpace.ridge: must be a finite number >= 0, got ${r.ridge}`);
  if (!Number.isInteger(r.stride) || r.stride < 1) throw new RangeError(`modelSpace.stride: must be an integer >= 1, got ${r.stride}`);
  return r;
}

/** Number of model-space features for d components: d x d coefficients + d intercepts. */
export function modelSpaceLength(components: number): number {
  return components * (components + 1);
}

/**
 * Coefficients of the one-step ridge predictor of a (reduced) state sequence `z`
 * (samples x d): [W (d x d, row-major: W[i][j] is the weight of h_i(t) in h_j(t+1)), b (d)].
 * Needs at least 2 samples.
 */
export function oneStepPredictor(z: Mat, lambda: number): Float64Array {
  const { rows: S, cols: d } = z;
  if (S < 2) throw new RangeError(`oneStepPredictor: needs at least 2 state samples, got ${S}`);
  const X: Mat = { data: z.data.subarray(0, (S - 1) * d), rows: S - 1, cols: d };
  const Y: Mat = { data: z.data.subarray(d, S * d), rows: S - 1, cols: d };
  const fit = fitRidge(X, Y, lambda);
  const out = new Float64Array(modelSpaceLength(d));
  out.set(fit.W, 0);
  out.set(fit.b, d * d);
  return out;
}

/** A PCA of reservoir states fitted on training utterances, and the model-space features it gives. */
export class StateProjection {
  readonly pca: Pca;
  readonly options: ResolvedModelSpaceOptions;

  private constructor(pca: Pca, options: ResolvedModelSpaceOptions) {
    this.pca = pca;
    this.options = options;
  }

  /** Fit the state PCA on the traces (samples x n each) of training utterances. */
  static fit(traces: readonly Mat[], options: ModelSpaceOptions = {}): StateProjection {
    const o = resolveModelSpaceOptions(options);
    if (traces.length === 0) throw new RangeError('StateProjection.fit: no traces');
    const n = traces[0]!.cols;
    let rows = 0;
    for (const t of traces) {
      if (t.cols !== n) throw new RangeError(`StateProjection.fit: traces have ${n} and ${t.cols} columns`);
      rows += Math.ceil(t.rows / o.stride);
    }
    const data = new Float64Array(rows * n);
    let r = 0;
    for (const t of traces) for (let s = 0; s < t.rows; s += o.stride) data.set(t.data.subarray(s * n, (s + 1) * n), r++ * n);
    const d = Math.min(o.components, n, rows - 1);
    const pca = Pca.fit({ data, rows, cols: n }, { nComponents: d, whiten: true, method: 'covariance' });
    return new StateProjection(pca, o);
  }

  /** Components actually kept (at most the option, the channels and the fitting rows - 1). */
  get components(): number {
    return this.pca.k;
  }

  /** Model-space features of one trace (samples x n): see {@link oneStepPredictor}. */
  features(trace: Mat): Float64Array {
    const z = this.pca.transform(trace);
    return oneStepPredictor(z, this.options.ridge * trace.rows);
  }

  /** Features of many traces as a Mat (one row per trace). */
  featureMat(traces: readonly Mat[]): Mat {
    const L = modelSpaceLength(this.components);
    const data = new Float64Array(traces.length * L);
    traces.forEach((t, i) => {
      data.set(this.features(t), i * L);
    });
    return { data, rows: traces.length, cols: L };
  }
}
