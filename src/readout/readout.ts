/**
 * The LSM readout: per feature block (e.g. one block per reservoir) a StandardScaler and a PCA
 * fitted on the training data only, concatenation of the reduced blocks, an optional second
 * scaler, then a multiclass SVM whose C and gamma are chosen by inner cross-validation
 * (grouped by speaker when speakers are given; see {@link gridSearchSvm} for what the inner CV
 * refits: only the SVM). The scaler and PCA use no labels, so fitting them once per training
 * part and sharing them with the inner folds is sound (the inner validation rows take part in
 * an unsupervised fit only; the outer test rows never do). The work runs as tasks of a
 * {@link TaskRunner} (inline by default, or a {@link readoutPool}: identical results).
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { hconcat } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { ModelFormatError } from '../core/errors.js';
import type { ProgressCallback } from '../core/progress.js';
import { StandardScaler } from './scaler.js';
import { Pca, type PcaOptions } from './pca.js';
import { SvmClassifier, resolveSvmOptions, type ClassWeight } from './svm.js';
import { gridSearchSvm, resolveGridSearchOptions, type GridPoint, type InnerCv } from './model-selection.js';
import { INLINE_RUNNER, fitFromOutput, type TaskRunner } from './readout-tasks.js';

/** Options of {@link Readout.fit}. */
export interface ReadoutOptions {
  /**
   * PCA per block: an integer >= 1 = components per block (capped at min(rows - 1, columns);
   * no PCA when that cap is reached), a number in (0, 1) = variance fraction kept, 0 = no PCA;
   * default 24 (best of 16-128 on Emo-DB-2s LOSO, docs/results.md).
   */
  readonly pca?: number;
  /** Whiten the PCA outputs (unit variance per component); default true. */
  readonly whiten?: boolean;
  /** PCA method (see {@link PcaOptions}); default 'auto' (Gram matrix for wide blocks). */
  readonly pcaMethod?: NonNullable<PcaOptions['method']>;
  /** Standardize the concatenated features again before the SVM; default false. */
  readonly secondScaler?: boolean;
  /** SVM kernel; default 'rbf'. */
  readonly kernel?: 'rbf' | 'linear';
  /** SVM implementation; default 'libsvm'. */
  readonly svm?: 'libsvm' | 'ml-svm';
  /** C grid (each > 0; one value and one gamma = no search); default [1, 10, 100]. */
  readonly C?: readonly number[];
  /** gamma grid (each > 0 or 'scale'); default ['scale']. */
  readonly gamma?: readonly (number | 'scale')[];
  /** SVM class weights; default 'balanced'. */
  readonly classWeight?: ClassWeight;
  /** Inner folds of the search (integer >= 2); default 4. */
  readonly innerFolds?: number;
  /** Metric the search maximizes; default 'uar'. */
  readonly metric?: 'uar' | 'wa';
}

/** Resolved {@link ReadoutOptions}. */
export type ResolvedReadoutOptions = { readonly [K in keyof ReadoutOptions]-?: NonNullable<ReadoutOptions[K]> };

/** Defaults of {@link ReadoutOptions}: the one source of truth (the LSM config's `readout` defaults come from here). */
export const DEFAULT_READOUT_OPTIONS: Readonly<ResolvedReadoutOptions> = Object.freeze({
  pca: 24,
  whiten: true,
  pcaMethod: 'auto',
  secondScaler: false,
  kernel: 'rbf',
  svm: 'libsvm',
  C: Object.freeze([1, 10, 100]),
  gamma: Object.freeze(['scale'] as const),
  classWeight: 'balanced',
  innerFolds: 4,
  metric: 'uar',
});

/** Merge `o` with the defaults and validate (RangeError naming the field, TypeError for a wrong kind). */
export function resolveReadoutOptions(o: ReadoutOptions = {}): ResolvedReadoutOptions {
  const r = { ...DEFAULT_READOUT_OPTIONS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as ResolvedReadoutOptions;
  if (typeof r.pca !== 'number') throw new TypeError(`pca: must be a number, got ${typeof r.pca}`);
  if (!(r.pca === 0 || (r.pca > 0 && r.pca < 1) || (Number.isInteger(r.pca) && r.pca >= 1)))
    throw new RangeError(`pca: must be 0 (none), a fraction in (0, 1) or an integer >= 1, got ${r.pca}`);
  for (const f of ['whiten', 'secondScaler'] as const) if (typeof r[f] !== 'boolean') throw new TypeError(`${f}: must be a boolean, got ${typeof r[f]}`);
  if (!['auto', 'gram', 'covariance', 'ml-pca'].includes(r.pcaMethod))
    throw new RangeError(`pcaMethod: must be 'auto' | 'gram' | 'covariance' | 'ml-pca', got ${JSON.stringify(r.pcaMethod)}`);
  resolveSvmOptions({ backend: r.svm, kernel: r.kernel, classWeight: r.classWeight });
  resolveGridSearchOptions({ Cs: r.C, gammas: r.gamma, folds: r.innerFolds, metric: r.metric }, 0);
  return r;
}

/** A fitted readout. */
export class Readout {
  /** One scaler per block. */
  readonly scalers: StandardScaler[];
  /** One PCA per block (null: block passed through standardized). */
  readonly pcas: (Pca | null)[];
  /** Scaler of the concatenated features (null unless `secondScaler`). */
  readonly scaler2: StandardScaler | null;
  /** The classifier. */
  readonly svm: SvmClassifier;
  /** Inner-CV table of the parameter search (empty when there was no search). */
  readonly search: GridPoint[];

  /** How the search's inner folds were made (null when there was no search; not saved in model files). */
  readonly innerCv: InnerCv | null;

  private constructor(
    scalers: StandardScaler[],
    pcas: (Pca | null)[],
    scaler2: StandardScaler | null,
    svm: SvmClassifier,
    search: GridPoint[],
    innerCv: InnerCv | null = null,
  ) {
    this.innerCv = innerCv;
    this.scalers = scalers;
    this.pcas = pcas;
    this.scaler2 = scaler2;
    this.svm = svm;
    this.search = search;
  }

  /** Fitted numbers: PCA components x input columns (per block) plus {@link SvmClassifier.parameterCount}. */
  get parameterCount(): number {
    let n = this.svm.parameterCount;
    for (const p of this.pcas) if (p) n += p.components.data.length;
    return n;
  }

  /** Class labels, sorted: the column order of {@link Readout.decisionScores}. */
  get labels(): string[] {
    return this.svm.labels;
  }

  /**
   * Fit on training blocks (same rows, i.e. utterances, in every block; one block is fine) and
   * their labels. `extra.groups` (speaker per row) makes the inner CV leave speakers out.
   * Deterministic for a given `rng`.
   */
  static async fit(
    blocks: readonly Mat[],
    y: readonly string[],
    options: ReadoutOptions,
    rng: Rng,
    extra: { groups?: readonly string[]; onProgress?: ProgressCallback; runner?: TaskRunner } = {},
  ): Promise<Readout> {
    const o = resolveReadoutOptions(options);
    if (blocks.length === 0) throw new RangeError('Readout.fit: no feature blocks');
    blocks.forEach((b, i) => {
      if (b.rows !== y.length) throw new RangeError(`Readout.fit: block ${i} has ${b.rows} rows for ${y.length} labels`);
    });
    if (extra.groups && extra.groups.length !== y.length) throw new RangeError(`groups: ${extra.groups.length} groups for ${y.length} rows`);
    const onProgress = extra.onProgress;
    const runner = extra.runner ?? INLINE_RUNNER;
    onProgress?.({ phase: 'readout PCA', done: 0, total: blocks.length });
    // scaler + PCA per block, fitted once on the whole training part (no labels) and shared by
    // every inner fold of the search (see model-selection.ts)
    const fitted = await Promise.all(
      blocks.map((b, i) => {
        const cap = Math.min(b.rows - 1, b.cols);
        const pca =
          o.pca > 0 && (o.pca < 1 || o.pca < cap)
            ? { ...(o.pca < 1 ? { varianceFraction: o.pca } : { nComponents: o.pca }), whiten: o.whiten, method: o.pcaMethod }
            : null;
        return runner.run('reduce', { block: i, train: b, pca });
      }),
    );
    const scalers = fitted.map((f) => StandardScaler.load(f.scaler));
    const pcas = fitted.map((f) => (f.pca ? Pca.load(f.pca) : null));
    onProgress?.({ phase: 'readout PCA', done: blocks.length, total: blocks.length });
    let X = hconcat(fitted.map((f) => f.reduced));
    let scaler2: StandardScaler | null = null;
    if (o.secondScaler) {
      scaler2 = StandardScaler.fit(X);
      X = scaler2.transform(X);
    }
    const base = { backend: o.svm, kernel: o.kernel, classWeight: o.classWeight } as const;
    let C = o.C[0]!;
    let gamma = o.gamma[0]!;
    let search: GridPoint[] = [];
    let innerCv: InnerCv | null = null;
    if (o.C.length > 1 || (o.gamma.length > 1 && o.kernel === 'rbf')) {
      const r = await gridSearchSvm(
        X,
        y,
        {
          ...base,
          Cs: o.C,
          gammas: o.gamma,
          folds: o.innerFolds,
          metric: o.metric,
          ...(extra.groups ? { groups: extra.groups } : {}),
          ...(onProgress ? { onProgress } : {}),
        },
        rng.fork('search'),
        runner,
      );
      C = r.best.C;
      gamma = r.best.gamma;
      search = r.table;
      innerCv = r.innerCv;
    }
    const svmRng = rng.fork('svm');
    const svm = fitFromOutput(await runner.run('fit', { X, y, options: { ...base, C, gamma }, rng: { seed: svmRng.seed, path: svmRng.path } }), X);
    return new Readout(scalers, pcas, scaler2, svm, search, innerCv);
  }

  /** The SVM's input features of `blocks` (scaled, reduced, concatenated). */
  features(blocks: readonly Mat[]): Mat {
    if (blocks.length !== this.scalers.length) throw new RangeError(`Readout: ${blocks.length} blocks, fitted on ${this.scalers.length}`);
    const X = hconcat(
      blocks.map((b, i) => {
        const z = this.scalers[i]!.transform(b);
        const p = this.pcas[i];
        return p ? p.transform(z) : z;
      }),
    );
    return this.scaler2 ? this.scaler2.transform(X) : X;
  }

  /** Scores per class (rows x labels); see {@link SvmClassifier.decisionScores}. */
  decisionScores(blocks: readonly Mat[]): Mat {
    return this.svm.decisionScores(this.features(blocks));
  }

  /** Predicted label of each row. */
  predict(blocks: readonly Mat[]): string[] {
    return this.svm.predict(this.features(blocks));
  }

  /** Versioned JSON record (`type: 'lsm-ser/Readout'`, `version: 1`). */
  toJSON(): Record<string, unknown> {
    return {
      type: 'lsm-ser/Readout',
      version: 1,
      scalers: this.scalers.map((s) => s.toJSON()),
      pcas: this.pcas.map((p) => p?.toJSON() ?? null),
      scaler2: this.scaler2?.toJSON() ?? null,
      svm: this.svm.toJSON(),
      search: this.search,
    };
  }

  /** Rebuild from {@link Readout.toJSON}; `file` names the source in errors (ModelFormatError). */
  static load(j: unknown, file = 'readout'): Readout {
    const r = j as { type?: string; version?: number; scalers?: unknown[]; pcas?: unknown[]; scaler2?: unknown; svm?: unknown; search?: GridPoint[] };
    if (r?.type !== 'lsm-ser/Readout' || r.version !== 1 || !Array.isArray(r.scalers) || !Array.isArray(r.pcas) || r.pcas.length !== r.scalers.length)
      throw new ModelFormatError(file, 'not a valid lsm-ser/Readout v1 record');
    return new Readout(
      r.scalers.map((s) => StandardScaler.load(s, file)),
      r.pcas.map((p) => (p ? Pca.load(p, file) : null)),
      r.scaler2 ? StandardScaler.load(r.scaler2, file) : null,
      SvmClassifier.load(r.svm, file),
      r.search ?? [],
    );
  }
}
