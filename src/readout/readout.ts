/**
 * The LSM readout: per block (e.g. one block per reservoir) standardization and PCA fitted on
 * the training data only, concatenation, then a multiclass SVM whose C and gamma are chosen by
 * inner cross-validation (grouped by speaker when speakers are given).
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { hconcat } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { ModelFormatError } from '../core/errors.js';
import type { ProgressCallback } from '../core/progress.js';
import { StandardScaler } from './scaler.js';
import { Pca } from './pca.js';
import { SvmClassifier } from './svm.js';
import { gridSearchSvm, type GridPoint } from './model-selection.js';

/** Options of {@link Readout.fit}. */
export interface ReadoutOptions {
  /** PCA components per block (integer) or variance fraction (0, 1); 0 or Infinity = no PCA; default 64. */
  readonly pca?: number;
  /** Whiten the PCA output; default true. */
  readonly whiten?: boolean;
  readonly kernel?: 'rbf' | 'linear';
  readonly svm?: 'libsvm' | 'ml-svm';
  /** C grid (one value = no search); default [1, 10, 100]. */
  readonly C?: readonly number[];
  /** gamma grid; default ['scale']. */
  readonly gamma?: readonly (number | 'scale')[];
  readonly classWeight?: 'balanced' | 'none';
  /** Inner folds of the search; default 4. */
  readonly innerFolds?: number;
}

/** A fitted readout. */
export class Readout {
  readonly scalers: StandardScaler[];
  readonly pcas: (Pca | null)[];
  readonly svm: SvmClassifier;
  /** Inner-CV table of the parameter search (empty when no search). */
  readonly search: GridPoint[];

  private constructor(scalers: StandardScaler[], pcas: (Pca | null)[], svm: SvmClassifier, search: GridPoint[]) {
    this.scalers = scalers;
    this.pcas = pcas;
    this.svm = svm;
    this.search = search;
  }

  /** Class labels (score column order). */
  get labels(): string[] {
    return this.svm.labels;
  }

  /** Fit on training blocks (same rows in every block) and labels. */
  static async fit(blocks: readonly Mat[], y: readonly string[], options: ReadoutOptions, rng: Rng, extra: { groups?: readonly string[]; onProgress?: ProgressCallback } = {}): Promise<Readout> {
    if (blocks.length === 0) throw new RangeError('Readout.fit: no feature blocks');
    for (const b of blocks) if (b.rows !== y.length) throw new RangeError(`Readout.fit: a block has ${b.rows} rows for ${y.length} labels`);
    const pcaK = options.pca ?? 64;
    const scalers: StandardScaler[] = [];
    const pcas: (Pca | null)[] = [];
    const reduced: Mat[] = [];
    for (const b of blocks) {
      const s = StandardScaler.fit(b);
      const z = s.transform(b);
      scalers.push(s);
      if (pcaK > 0 && Number.isFinite(pcaK) && (pcaK < 1 || pcaK < Math.min(b.rows - 1, b.cols))) {
        const p = Pca.fit(z, { components: pcaK < 1 ? pcaK : Math.min(pcaK, b.rows - 1), whiten: options.whiten ?? true });
        pcas.push(p);
        reduced.push(p.transform(z));
      } else {
        pcas.push(null);
        reduced.push(z);
      }
    }
    const X = hconcat(reduced);
    const Cs = options.C ?? [1, 10, 100];
    const gammas = options.gamma ?? ['scale'];
    const base = { backend: options.svm ?? 'libsvm', kernel: options.kernel ?? 'rbf', classWeight: options.classWeight ?? 'balanced' } as const;
    let C = Cs[0]!;
    let gamma = gammas[0]!;
    let search: GridPoint[] = [];
    if (Cs.length > 1 || (gammas.length > 1 && base.kernel === 'rbf')) {
      extra.onProgress?.({ phase: 'readout search', done: 0, total: Cs.length * gammas.length });
      const r = await gridSearchSvm(X, y, { ...base, Cs, gammas, folds: options.innerFolds ?? 4, ...(extra.groups ? { groups: extra.groups } : {}) }, rng.fork('search'));
      C = r.best.C;
      gamma = r.best.gamma;
      search = r.table;
    }
    const svm = await SvmClassifier.fit(X, y, { ...base, C, gamma }, rng.fork('svm'));
    return new Readout(scalers, pcas, svm, search);
  }

  private features(blocks: readonly Mat[]): Mat {
    if (blocks.length !== this.scalers.length) throw new RangeError(`Readout: ${blocks.length} blocks, fitted on ${this.scalers.length}`);
    return hconcat(blocks.map((b, i) => {
      const z = this.scalers[i]!.transform(b);
      const p = this.pcas[i];
      return p ? p.transform(z) : z;
    }));
  }

  /** Scores per class (rows x labels). */
  decisionScores(blocks: readonly Mat[]): Mat {
    return this.svm.decisionScores(this.features(blocks));
  }

  /** Predicted labels. */
  predict(blocks: readonly Mat[]): string[] {
    return this.svm.predict(this.features(blocks));
  }

  toJSON(): Record<string, unknown> {
    return { type: 'lsm-ser/Readout', version: 1, scalers: this.scalers.map((s) => s.toJSON()), pcas: this.pcas.map((p) => p?.toJSON() ?? null), svm: this.svm.toJSON(), search: this.search };
  }

  static load(j: unknown, file = 'readout'): Readout {
    const r = j as { type?: string; version?: number; scalers?: unknown[]; pcas?: unknown[]; svm?: unknown; search?: GridPoint[] };
    if (r?.type !== 'lsm-ser/Readout' || r.version !== 1 || !Array.isArray(r.scalers) || !Array.isArray(r.pcas)) throw new ModelFormatError(file, 'not a valid lsm-ser/Readout v1 record');
    return new Readout(r.scalers.map((s) => StandardScaler.load(s, file)), r.pcas.map((p) => (p ? Pca.load(p, file) : null)), SvmClassifier.load(r.svm, file), r.search ?? []);
  }
}
