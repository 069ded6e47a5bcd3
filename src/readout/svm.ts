/**
 * Multiclass SVM classifiers: libsvm (WASM, one-vs-one; the default: multiclass, fast and
 * deterministic) and ml-svm (the user's named package: two-class SMO, wrapped one-vs-rest and
 * seeded through its `random` option). Measured on this machine: see README (libsvm is ~10x
 * faster at 500 x 200, 7 classes).
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
import { assertFiniteMat } from './scaler.js';
import { libsvmDecision, parseLibsvmModel, type LibsvmModel } from './svm-model.js';

/** Options of {@link SvmClassifier.fit}. */
export interface SvmOptions {
  /** Implementation; default 'libsvm'. */
  readonly backend?: 'libsvm' | 'ml-svm';
  /** Kernel; default 'rbf'. */
  readonly kernel?: 'rbf' | 'linear';
  /** Cost C > 0; default 1. */
  readonly C?: number;
  /** RBF gamma > 0, or 'scale' = 1 / (d * variance of X) as in scikit-learn; default 'scale'. */
  readonly gamma?: number | 'scale';
  /** Class weights: 'balanced' (n / (k n_c)), 'none', or per label; default 'balanced'. */
  readonly classWeight?: 'balanced' | 'none' | Readonly<Record<string, number>>;
}

interface LibsvmCtor {
  new (o: Record<string, unknown>): { train(x: number[][], y: number[]): void; serializeModel(): string; free(): void; predictOne(x: number[]): number };
  KERNEL_TYPES: Record<string, string>;
  SVM_TYPES: Record<string, string>;
}

let libsvmPromise: Promise<LibsvmCtor> | null = null;

/** Load libsvm's WASM build once (asynchronous). */
export function loadLibsvm(): Promise<LibsvmCtor> {
  if (!libsvmPromise) {
    const require = createRequire(import.meta.url);
    libsvmPromise = Promise.resolve(require('libsvm-js') as Promise<LibsvmCtor>);
  }
  return libsvmPromise;
}

function resolveGamma(g: number | 'scale', X: Mat): number {
  if (g !== 'scale') return g;
  let s = 0;
  let s2 = 0;
  for (const v of X.data) {
    s += v;
    s2 += v * v;
  }
  const n = X.data.length;
  const variance = s2 / n - (s / n) ** 2;
  return variance > 0 ? 1 / (X.cols * variance) : 1;
}

function rowsOf(X: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < X.rows; i++) out.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  return out;
}

/** A fitted multiclass SVM. */
export class SvmClassifier {
  /** Class labels, sorted (the score column order). */
  readonly labels: string[];
  readonly options: Required<Pick<SvmOptions, 'backend' | 'kernel' | 'C'>> & { gamma: number; classWeight: SvmOptions['classWeight'] };
  private readonly libsvm: LibsvmModel | null;
  private readonly libsvmText: string | null;
  private readonly mlsvm: { json: unknown[]; models: { predict(x: number[][]): number[]; marginOne(x: number[]): number }[] } | null;
  private readonly dims: number;

  private constructor(labels: string[], options: SvmClassifier['options'], dims: number, libsvmText: string | null, mlsvm: SvmClassifier['mlsvm']) {
    this.labels = labels;
    this.options = options;
    this.dims = dims;
    this.libsvmText = libsvmText;
    this.libsvm = libsvmText ? parseLibsvmModel(libsvmText, dims) : null;
    this.mlsvm = mlsvm;
  }

  /** Train on the rows of X with string labels y. `rng` seeds ml-svm. */
  static async fit(X: Mat, y: readonly string[], options: SvmOptions = {}, rng?: Rng): Promise<SvmClassifier> {
    assertFiniteMat(X);
    if (y.length !== X.rows) throw new RangeError(`SvmClassifier.fit: ${y.length} labels for ${X.rows} rows`);
    const backend = options.backend ?? 'libsvm';
    const kernel = options.kernel ?? 'rbf';
    const C = options.C ?? 1;
    if (backend !== 'libsvm' && backend !== 'ml-svm') throw new RangeError(`backend: must be 'libsvm' or 'ml-svm', got ${JSON.stringify(backend)}`);
    if (kernel !== 'rbf' && kernel !== 'linear') throw new RangeError(`kernel: must be 'rbf' or 'linear', got ${JSON.stringify(kernel)}`);
    if (!(C > 0)) throw new RangeError(`C: must be > 0, got ${C}`);
    const g = options.gamma ?? 'scale';
    if (g !== 'scale' && !(typeof g === 'number' && g > 0)) throw new RangeError(`gamma: must be > 0 or 'scale', got ${String(g)}`);
    const gamma = resolveGamma(g, X);
    const labels = [...new Set(y)].sort();
    if (labels.length < 2) throw new RangeError(`SvmClassifier.fit: needs at least 2 classes, got ${labels.length}`);
    const cw = options.classWeight ?? 'balanced';
    const weights: Record<string, number> = {};
    for (const l of labels) {
      const nc = y.filter((v) => v === l).length;
      weights[l] = cw === 'balanced' ? y.length / (labels.length * nc) : cw === 'none' ? 1 : cw[l] ?? 1;
    }
    const opts = { backend, kernel, C, gamma, classWeight: cw };
    const yi = y.map((l) => labels.indexOf(l));
    if (backend === 'libsvm') {
      const SVM = await loadLibsvm();
      const svm = new SVM({
        type: SVM.SVM_TYPES.C_SVC,
        kernel: kernel === 'rbf' ? SVM.KERNEL_TYPES.RBF : SVM.KERNEL_TYPES.LINEAR,
        gamma,
        cost: C,
        weight: Object.fromEntries(labels.map((l, i) => [i, weights[l]])),
        quiet: true,
      });
      svm.train(rowsOf(X), yi);
      const text = svm.serializeModel();
      svm.free();
      return new SvmClassifier(labels, opts, X.cols, text, null);
    }
    const require = createRequire(import.meta.url);
    const MlSvm = require('ml-svm') as new (o: Record<string, unknown>) => { train(x: number[][], y: number[]): void; toJSON(): unknown; predict(x: number[][]): number[]; marginOne(x: number[]): number };
    const models = [];
    const json = [];
    const rows = rowsOf(X);
    const random = rng ? () => rng.random() : undefined;
    if (!random) throw new RangeError("rng: ml-svm needs a seeded generator (its default is Math.random)");
    for (let c = 0; c < labels.length; c++) {
      const m = new MlSvm({ C: C * weights[labels[c]!]!, kernel: kernel === 'rbf' ? 'rbf' : 'linear', kernelOptions: { sigma: Math.sqrt(1 / (2 * gamma)) }, random, maxIterations: 10000, maxPasses: 10, tol: 1e-4 });
      m.train(rows, yi.map((v) => (v === c ? 1 : -1)));
      models.push(m);
      json.push(m.toJSON());
    }
    return new SvmClassifier(labels, opts, X.cols, null, { json, models });
  }

  /** Scores per class (rows x labels), higher = more likely. */
  decisionScores(X: Mat): Mat {
    if (X.cols !== this.dims) throw new RangeError(`SvmClassifier: ${X.cols} features, trained on ${this.dims}`);
    assertFiniteMat(X);
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

  /** Predicted label of each row. */
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

  toJSON(): Record<string, unknown> {
    return { type: 'lsm-ser/SvmClassifier', version: 1, labels: this.labels, options: this.options, dims: this.dims, libsvm: this.libsvmText, mlsvm: this.mlsvm?.json ?? null };
  }

  /** Reload a saved classifier (no WASM needed for libsvm models). */
  static load(j: unknown, file = 'svm'): SvmClassifier {
    const r = j as { type?: string; version?: number; labels?: string[]; options?: SvmClassifier['options']; dims?: number; libsvm?: string | null; mlsvm?: unknown[] | null };
    if (r?.type !== 'lsm-ser/SvmClassifier' || r.version !== 1 || !Array.isArray(r.labels) || !r.options || typeof r.dims !== 'number') throw new ModelFormatError(file, 'not a valid lsm-ser/SvmClassifier v1 record');
    try {
      if (r.libsvm) return new SvmClassifier(r.labels, r.options, r.dims, r.libsvm, null);
      const require = createRequire(import.meta.url);
      const MlSvm = require('ml-svm') as { load(j: unknown): { predict(x: number[][]): number[]; marginOne(x: number[]): number } };
      const json = r.mlsvm ?? [];
      return new SvmClassifier(r.labels, r.options, r.dims, null, { json, models: json.map((m) => MlSvm.load(m)) });
    } catch (e) {
      throw new ModelFormatError(file, `corrupt SVM model (${(e as Error).message})`, { cause: e });
    }
  }
}
