/**
 * Multiclass SVM classifiers: libsvm (WASM, one-vs-one; the default: multiclass, fast and
 * deterministic) and ml-svm (the user's named package: two-class SMO, wrapped one-vs-rest and
 * seeded through its `random` option). Measured with bench/readout.ts on the project's 2-core
 * machine: RBF, 500 x 200, 7 classes, fit + predict 500 rows: libsvm 0.45 s, ml-svm 1.4 s.
 *
 * Predictions come with scores per class: for libsvm, votes + a squashed sum of the pairwise
 * decision values (so ties break by margin); for ml-svm, the one-vs-rest margins.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { Mat } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { ModelFormatError } from '../core/errors.js';
import { assertFiniteTree, finiteNumber } from '../core/finite-json.js';
import { assertFiniteMat } from './scaler.js';
import { libsvmDecision, libsvmProbability, parseLibsvmModel, type LibsvmModel } from './svm-model.js';
import { precomputedRows, rbfGram, rbfModelFromPrecomputed, rbfModelText, roundRows8 } from './svm-kernel.js';

/** Class weights: 'balanced' (n / (k n_c)), 'none' (all 1), or a weight > 0 per label (missing labels: 1). */
export type ClassWeight = 'balanced' | 'none' | Readonly<Record<string, number>>;

/** Options of {@link SvmClassifier.fit}. */
export interface SvmOptions {
  /** Implementation; default 'libsvm' (WASM, one-vs-one, deterministic). 'ml-svm' is one-vs-rest and needs an Rng. */
  readonly backend?: 'libsvm' | 'ml-svm';
  /** Kernel; default 'rbf'. */
  readonly kernel?: 'rbf' | 'linear';
  /** Cost C > 0 (dimensionless); default 1. */
  readonly C?: number;
  /** RBF gamma > 0 (1 / feature units squared), or 'scale' = 1 / (d * variance of all training values), as in scikit-learn; default 'scale'. */
  readonly gamma?: number | 'scale';
  /** Class weights multiplying C per class; default 'balanced'. */
  readonly classWeight?: ClassWeight;
  /**
   * Fit libsvm's probability model (Platt scaling of the pairwise decisions + pairwise coupling)
   * for {@link SvmClassifier.predictProbabilities}; default false. libsvm only. Note: libsvm fits
   * it by an internal 5-fold CV drawn from C's rand(), whose state persists between fits, so a
   * fit with probabilities is NOT reproducible run to run (predictions of one fitted model are).
   */
  readonly probability?: boolean;
}

/** Resolved {@link SvmOptions} (gamma still possibly 'scale', resolved on the training data). */
export interface ResolvedSvmOptions {
  readonly backend: 'libsvm' | 'ml-svm';
  readonly kernel: 'rbf' | 'linear';
  readonly C: number;
  readonly gamma: number | 'scale';
  readonly classWeight: ClassWeight;
  readonly probability: boolean;
}

/** Defaults of {@link SvmOptions}. */
export const DEFAULT_SVM_OPTIONS: Readonly<ResolvedSvmOptions> = Object.freeze({
  backend: 'libsvm',
  kernel: 'rbf',
  C: 1,
  gamma: 'scale',
  classWeight: 'balanced',
  probability: false,
});

/** Merge `o` with the defaults and validate (TypeError for a wrong kind of value, RangeError for a wrong value). */
export function resolveSvmOptions(o: SvmOptions = {}): ResolvedSvmOptions {
  const r = { ...DEFAULT_SVM_OPTIONS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as ResolvedSvmOptions;
  if (r.backend !== 'libsvm' && r.backend !== 'ml-svm') throw new RangeError(`backend: must be 'libsvm' or 'ml-svm', got ${JSON.stringify(r.backend)}`);
  if (r.kernel !== 'rbf' && r.kernel !== 'linear') throw new RangeError(`kernel: must be 'rbf' or 'linear', got ${JSON.stringify(r.kernel)}`);
  if (typeof r.C !== 'number') throw new TypeError(`C: must be a number, got ${typeof r.C}`);
  if (!(r.C > 0 && Number.isFinite(r.C))) throw new RangeError(`C: must be finite and > 0, got ${r.C}`);
  if (r.gamma !== 'scale') {
    if (typeof r.gamma !== 'number') throw new TypeError(`gamma: must be a number or 'scale', got ${JSON.stringify(r.gamma)}`);
    if (!(r.gamma > 0 && Number.isFinite(r.gamma))) throw new RangeError(`gamma: must be finite and > 0 or 'scale', got ${r.gamma}`);
  }
  const cw = r.classWeight;
  if (typeof cw === 'string') {
    if (cw !== 'balanced' && cw !== 'none') throw new RangeError(`classWeight: must be 'balanced', 'none' or a record of weights, got ${JSON.stringify(cw)}`);
  } else if (typeof cw !== 'object' || cw === null) {
    throw new TypeError(`classWeight: must be 'balanced', 'none' or a record of weights, got ${typeof cw}`);
  } else {
    for (const [l, w] of Object.entries(cw))
      if (!(typeof w === 'number' && w > 0 && Number.isFinite(w))) throw new RangeError(`classWeight.${l}: must be a finite number > 0, got ${String(w)}`);
  }
  if (typeof r.probability !== 'boolean') throw new TypeError(`probability: must be a boolean, got ${typeof r.probability}`);
  if (r.probability && r.backend !== 'libsvm') throw new RangeError("probability: only the 'libsvm' backend fits probabilities");
  return r;
}

interface LibsvmCtor {
  new (o: Record<string, unknown>): { train(x: number[][], y: number[]): void; serializeModel(): string; free(): void; predictOne(x: number[]): number };
  KERNEL_TYPES: Record<string, string>;
  SVM_TYPES: Record<string, string>;
  load(text: string): {
    predictOne(x: number[]): number;
    predictOneProbability(x: number[]): { prediction: number; estimates: { label: number; probability: number }[] };
    free(): void;
  };
}

let libsvmPromise: Promise<LibsvmCtor> | null = null;

/**
 * Load libsvm-js's WASM build once; resolves to its SVM class. Its emscripten loader first
 * tries `fetch` on a file path under Node, fails, and prints "wasm streaming compile failed"
 * before falling back to reading the file; `fetch` is hidden during the (synchronous) require
 * so it takes the file path directly and prints nothing.
 */
export function loadLibsvm(): Promise<LibsvmCtor> {
  if (!libsvmPromise) {
    const require = createRequire(import.meta.url);
    const desc = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    let p: Promise<LibsvmCtor>;
    if (desc?.configurable) Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
    try {
      p = require('libsvm-js') as Promise<LibsvmCtor>;
    } finally {
      if (desc?.configurable) Object.defineProperty(globalThis, 'fetch', desc);
    }
    libsvmPromise = Promise.resolve(p);
  }
  return libsvmPromise;
}

/** scikit-learn's gamma='scale': 1 / (d * variance of all values of X). */
export function scaleGamma(X: Mat): number {
  let s = 0;
  let s2 = 0;
  for (const v of X.data) {
    s += v;
    s2 += v * v;
  }
  const n = X.data.length;
  const variance = n ? s2 / n - (s / n) ** 2 : 0;
  return variance > 1e-300 ? 1 / (X.cols * variance) : 1;
}

function rowsOf(X: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < X.rows; i++) out.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  return out;
}

type MlSvmModel = { train(x: number[][], y: number[]): void; toJSON(): unknown; marginOne(x: number[]): number };
type MlSvmCtor = (new (o: Record<string, unknown>) => MlSvmModel) & { load(j: unknown): MlSvmModel };

function mlSvm(): MlSvmCtor {
  return createRequire(import.meta.url)('ml-svm') as MlSvmCtor;
}

/** What every fit derives from its inputs: resolved options, gamma, sorted labels, class weights, integer labels. */
function prepareFit(
  X: Mat,
  y: readonly string[],
  options: SvmOptions,
): { o: ResolvedSvmOptions; gamma: number; labels: string[]; weights: number[]; yi: number[] } {
  const o = resolveSvmOptions(options);
  assertFiniteMat(X);
  if (y.length !== X.rows) throw new RangeError(`SvmClassifier.fit: ${y.length} labels for ${X.rows} rows`);
  const gamma = o.gamma === 'scale' ? scaleGamma(X) : o.gamma;
  const labels = [...new Set(y)].sort();
  if (labels.length < 2) throw new RangeError(`SvmClassifier.fit: needs at least 2 classes, got ${labels.length} (${labels.join(', ')})`);
  if (X.cols < 1) throw new RangeError('SvmClassifier.fit: X has no feature columns');
  const cw = o.classWeight;
  if (typeof cw === 'object') {
    for (const k of Object.keys(cw))
      if (!labels.includes(k)) throw new RangeError(`classWeight: label ${JSON.stringify(k)} is not among the training labels (${labels.join(', ')})`);
  }
  const counts = new Map<string, number>();
  for (const l of y) counts.set(l, (counts.get(l) ?? 0) + 1);
  const weights = labels.map((l) => (cw === 'balanced' ? y.length / (labels.length * counts.get(l)!) : cw === 'none' ? 1 : (cw[l] ?? 1)));
  const index = new Map(labels.map((l, i) => [l, i]));
  return { o, gamma, labels, weights, yi: y.map((l) => index.get(l)!) };
}

/**
 * A fitted multiclass SVM over string labels. Fit with `await SvmClassifier.fit(...)` (async
 * because libsvm's WASM loads asynchronously); prediction and loading are synchronous: libsvm
 * models are evaluated by a TypeScript port of libsvm's decision function on the saved model
 * text, so a fitted and a reloaded model predict identically.
 */
export class SvmClassifier {
  /** Class labels, sorted (the column order of scores and probabilities). */
  readonly labels: string[];
  /** The options used, gamma resolved to a number. */
  readonly options: Omit<ResolvedSvmOptions, 'gamma'> & { readonly gamma: number };
  private readonly libsvm: LibsvmModel | null;
  /** libsvm's model text (RBF models fitted on a precomputed kernel: written when first asked for). */
  private text: string | null;
  /** For a model fitted on a precomputed kernel: libsvm's precomputed-mode text and the training rows. */
  private readonly precomputed: { readonly text: string; readonly X: Mat } | null;
  private readonly mlsvm: { json: unknown[]; models: MlSvmModel[] } | null;
  private readonly dims: number;

  private constructor(
    labels: string[],
    options: SvmClassifier['options'],
    dims: number,
    libsvm: string | { model: LibsvmModel; precomputed: { text: string; X: Mat } } | null,
    mlsvm: SvmClassifier['mlsvm'],
  ) {
    this.labels = labels;
    this.options = options;
    this.dims = dims;
    this.text = typeof libsvm === 'string' ? libsvm : null;
    this.precomputed = libsvm && typeof libsvm === 'object' ? libsvm.precomputed : null;
    this.libsvm = typeof libsvm === 'string' ? parseLibsvmModel(libsvm, dims) : libsvm ? libsvm.model : null;
    this.mlsvm = mlsvm;
  }

  private get libsvmText(): string | null {
    if (this.text === null && this.precomputed) this.text = rbfModelText(this.precomputed.text, this.precomputed.X, this.options.gamma);
    return this.text;
  }

  /**
   * A libsvm RBF model from its precomputed-kernel fit (see {@link SvmClassifier.fitGrid}):
   * `text` is libsvm's saved precomputed-mode model, `X` the training rows (their `%.8g`
   * roundings `Xr`, if already made, are reused). Predicts exactly as the model libsvm's RBF
   * mode saves; its text ({@link SvmClassifier.toJSON}) is written only when asked for.
   */
  static fromPrecomputed(labels: string[], options: SvmClassifier['options'], X: Mat, text: string, Xr?: Mat): SvmClassifier {
    return new SvmClassifier(
      labels,
      options,
      X.cols,
      { model: rbfModelFromPrecomputed(text, Xr ?? roundRows8(X), options.gamma), precomputed: { text, X } },
      null,
    );
  }

  /** The compact form of a model fitted on a precomputed kernel (libsvm's short text; the rows stay with the caller), else null. */
  get precomputedText(): string | null {
    return this.precomputed?.text ?? null;
  }

  /**
   * Train on the rows of X (finite values) with string labels y (>= 2 distinct). `rng` is
   * required for the 'ml-svm' backend (its SMO picks partners at random); libsvm needs none.
   * ml-svm is run one-vs-rest with its internal min-max "whitening" off (so gamma means the
   * same for both backends) and its class weight folded into C; it may fail to converge
   * (an Error naming the class), and its results depend on the Rng's stream.
   */
  static async fit(X: Mat, y: readonly string[], options: SvmOptions = {}, rng?: Rng): Promise<SvmClassifier> {
    const p = prepareFit(X, y, options);
    const { o, gamma, labels, weights, yi } = p;
    const opts = { ...o, gamma };
    if (o.backend === 'libsvm') {
      const SVM = await loadLibsvm();
      const svm = new SVM({
        type: SVM.SVM_TYPES.C_SVC,
        kernel: o.kernel === 'rbf' ? SVM.KERNEL_TYPES.RBF : SVM.KERNEL_TYPES.LINEAR,
        gamma,
        cost: o.C,
        weight: Object.fromEntries(weights.map((w, i) => [i, w])),
        probabilityEstimates: o.probability,
        quiet: true,
      });
      try {
        svm.train(rowsOf(X), yi);
        return new SvmClassifier(labels, opts, X.cols, svm.serializeModel(), null);
      } finally {
        svm.free();
      }
    }
    if (!rng) throw new RangeError("rng: the 'ml-svm' backend needs a seeded Rng (its default is Math.random)");
    const MlSvm = mlSvm();
    const models: MlSvmModel[] = [];
    const json: unknown[] = [];
    const rows = rowsOf(X);
    for (let c = 0; c < labels.length; c++) {
      const r = rng.fork(`ovr/${labels[c]}`);
      const m = new MlSvm({
        C: o.C * weights[c]!,
        kernel: o.kernel,
        kernelOptions: { sigma: Math.sqrt(1 / (2 * gamma)) },
        random: () => r.random(),
        whitening: false,
        maxIterations: 10000,
        maxPasses: 10,
        tol: 1e-4,
      });
      try {
        m.train(
          rows,
          yi.map((v) => (v === c ? 1 : -1)),
        );
      } catch (e) {
        throw new Error(
          `ml-svm: class ${JSON.stringify(labels[c])} vs rest did not train (${(e as Error).message}); try backend 'libsvm' or standardized features`,
          { cause: e },
        );
      }
      models.push(m);
      json.push(m.toJSON());
    }
    return new SvmClassifier(labels, opts, X.cols, null, { json, models });
  }

  /**
   * One fit per C of `Cs`, the other options shared: the same models as `Cs.map((C) =>
   * SvmClassifier.fit(X, y, { ...options, C }, rngFor?.(C)))`, in that order (`rngFor` gives
   * ml-svm its generator per C). For libsvm's RBF kernel
   * (without probabilities) the Gram matrix is computed once and every C is trained on it in
   * libsvm's precomputed-kernel mode ({@link rbfGram}, {@link rbfModelText}): bit-identical
   * models, one kernel evaluation per pair of rows instead of one per pair per solver visit
   * and per C. Other settings fit one by one.
   */
  static async fitGrid(
    X: Mat,
    y: readonly string[],
    Cs: readonly number[],
    options: Omit<SvmOptions, 'C'> = {},
    rngFor?: (C: number) => Rng | undefined,
  ): Promise<SvmClassifier[]> {
    const base = resolveSvmOptions(options);
    if (base.backend !== 'libsvm' || base.kernel !== 'rbf' || base.probability || Cs.length === 0) {
      const out: SvmClassifier[] = [];
      for (const C of Cs) out.push(await SvmClassifier.fit(X, y, { ...options, C }, rngFor?.(C)));
      return out;
    }
    Cs.forEach((C) => resolveSvmOptions({ ...base, C }));
    const { o, gamma, labels, weights, yi } = prepareFit(X, y, options);
    const SVM = await loadLibsvm();
    const rows = precomputedRows(rbfGram(X, gamma), X.rows);
    const Xr = roundRows8(X);
    const out: SvmClassifier[] = [];
    for (const C of Cs) {
      const svm = new SVM({
        type: SVM.SVM_TYPES.C_SVC,
        kernel: SVM.KERNEL_TYPES.PRECOMPUTED,
        cost: C,
        weight: Object.fromEntries(weights.map((w, i) => [i, w])),
        quiet: true,
      });
      try {
        svm.train(rows as unknown as number[][], yi);
        out.push(SvmClassifier.fromPrecomputed(labels, { ...o, C, gamma }, X, svm.serializeModel(), Xr));
      } finally {
        svm.free();
      }
    }
    return out;
  }

  /**
   * Fitted numbers of the model: for libsvm, support vectors x (input dims + k - 1 dual
   * coefficients) + k(k-1)/2 biases; for ml-svm, one weight per input dim and a bias per class
   * for linear kernels, NaN for RBF (its support vectors are not exposed).
   */
  get parameterCount(): number {
    const k = this.labels.length;
    if (this.libsvm) {
      const sv = this.libsvm.nSV.reduce((a, b) => a + b, 0);
      return sv * (this.dims + k - 1) + (k * (k - 1)) / 2;
    }
    return this.options.kernel === 'linear' ? k * (this.dims + 1) : NaN;
  }

  /** Whether {@link SvmClassifier.predictProbabilities} is available. */
  get hasProbabilities(): boolean {
    return this.libsvm?.probA !== undefined;
  }

  /**
   * Scores per class (rows x labels, `labels` order), higher = more likely; the argmax is the
   * prediction. libsvm (one-vs-one): votes + 0.5 tanh(sum of the class's pairwise decision
   * values / k), i.e. the vote count with ties broken by margin (the fraction stays in (-0.5, 0.5)).
   * ml-svm (one-vs-rest): each class's decision value.
   */
  decisionScores(X: Mat): Mat {
    this.check(X);
    const k = this.labels.length;
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      const x = X.data.subarray(i * X.cols, (i + 1) * X.cols);
      if (this.libsvm) {
        const { votes, margin } = libsvmDecision(this.libsvm, x);
        this.libsvm.labels.forEach((lab, c) => (out[i * k + lab] = votes[c]! + 0.5 * Math.tanh(margin[c]! / k)));
      } else {
        const xs = Array.from(x);
        this.mlsvm!.models.forEach((m, c) => (out[i * k + c] = m.marginOne(xs)));
      }
    }
    return { data: out, rows: X.rows, cols: k };
  }

  /** Class probabilities (rows x labels, rows sum to 1), as libsvm's svm_predict_probability; needs `probability: true` at fit. */
  predictProbabilities(X: Mat): Mat {
    this.check(X);
    const m = this.libsvm;
    if (!m?.probA) throw new RangeError('predictProbabilities: the model was fitted without probability: true (libsvm only)');
    const k = this.labels.length;
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      const p = libsvmProbability(m, X.data.subarray(i * X.cols, (i + 1) * X.cols));
      m.labels.forEach((lab, c) => (out[i * k + lab] = p[c]!));
    }
    return { data: out, rows: X.rows, cols: k };
  }

  /**
   * Predicted label of each row: argmax of {@link SvmClassifier.decisionScores}. For libsvm this
   * is libsvm's own one-vs-one vote, except that vote ties go to the class with the larger
   * summed decision value (libsvm takes the first class in its order).
   */
  predict(X: Mat): string[] {
    const s = this.decisionScores(X);
    const k = this.labels.length;
    const out: string[] = [];
    for (let i = 0; i < s.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (s.data[i * k + c]! > s.data[i * k + best]!) best = c;
      out.push(this.labels[best]!);
    }
    return out;
  }

  private check(X: Mat): void {
    if (X.cols !== this.dims) throw new RangeError(`SvmClassifier: ${X.cols} features, trained on ${this.dims}`);
    assertFiniteMat(X);
  }

  /** Versioned JSON record (`type: 'lsm-ser/SvmClassifier'`, `version: 1`; libsvm's model text or ml-svm's JSON inside). */
  toJSON(): Record<string, unknown> {
    return {
      type: 'lsm-ser/SvmClassifier',
      version: 1,
      labels: this.labels,
      options: this.options,
      dims: this.dims,
      libsvm: this.libsvmText,
      mlsvm: this.mlsvm?.json ?? null,
    };
  }

  /** Rebuild from {@link SvmClassifier.toJSON} (synchronous: no WASM needed); `file` names the source in errors (ModelFormatError). */
  static load(j: unknown, file = 'svm'): SvmClassifier {
    const r = j as {
      type?: string;
      version?: number;
      labels?: string[];
      options?: SvmClassifier['options'];
      dims?: number;
      libsvm?: string | null;
      mlsvm?: unknown[] | null;
    };
    if (r?.type !== 'lsm-ser/SvmClassifier' || r.version !== 1 || !Array.isArray(r.labels) || !r.options || typeof r.dims !== 'number')
      throw new ModelFormatError(file, 'not a valid lsm-ser/SvmClassifier v1 record');
    if (!Number.isInteger(r.dims) || r.dims < 1) throw new ModelFormatError(file, `SvmClassifier.dims must be an integer >= 1, got ${r.dims}`);
    finiteNumber(r.options.C, 'SvmClassifier.options.C', file);
    finiteNumber(r.options.gamma, 'SvmClassifier.options.gamma', file);
    if (r.mlsvm) assertFiniteTree(r.mlsvm, 'SvmClassifier.mlsvm', file);
    try {
      if (r.libsvm) return new SvmClassifier(r.labels, r.options, r.dims, r.libsvm, null);
      if (!Array.isArray(r.mlsvm) || r.mlsvm.length !== r.labels.length) throw new Error('no libsvm model text and no ml-svm model per class');
      const MlSvm = mlSvm();
      return new SvmClassifier(r.labels, r.options, r.dims, null, { json: r.mlsvm, models: r.mlsvm.map((m) => MlSvm.load(m)) });
    } catch (e) {
      throw new ModelFormatError(file, `corrupt SVM model (${(e as Error).message})`, { cause: e });
    }
  }
}
