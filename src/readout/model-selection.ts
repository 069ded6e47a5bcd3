/**
 * Choice of C and gamma by inner cross-validation on the training part only. When speaker ids
 * are given, the inner folds are grouped (no speaker on both sides: leave-speakers-out inner
 * CV), so the parameters are chosen for speaker-independent performance.
 *
 * Design choice: the grid search receives features that are already transformed (the
 * {@link Readout} fits its scalers and PCAs on the outer training fold once); the inner CV only
 * tunes the SVM. Inner validation folds have therefore been seen by the scaler/PCA fit
 * (unsupervised, no labels), which slightly favours small inner-validation errors but never
 * touches the outer test fold.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { ProgressCallback } from '../core/progress.js';
import { classificationReport } from './metrics.js';
import type { SvmOptions } from './svm.js';
import { INLINE_RUNNER, type TaskRunner } from './readout-tasks.js';

/** Options of {@link gridSearchSvm}: the grid, the folds and the fixed SVM options. */
export interface GridSearchOptions extends Omit<SvmOptions, 'C' | 'gamma' | 'probability'> {
  /** Values of C to try (each > 0); default [0.1, 1, 10, 100]. */
  readonly Cs?: readonly number[];
  /** Values of gamma to try (each > 0 or 'scale'); ignored for the linear kernel; default ['scale']. */
  readonly gammas?: readonly (number | 'scale')[];
  /** Inner folds (integer >= 2; capped at the number of groups); default 5. */
  readonly folds?: number;
  /** Group (speaker) of each row: inner folds then keep groups together. */
  readonly groups?: readonly string[];
  /** Metric to maximize; default 'uar'. */
  readonly metric?: 'uar' | 'wa';
  /** Progress: one step per grid point. */
  readonly onProgress?: ProgressCallback;
}

/** Defaults of the grid-specific {@link GridSearchOptions}. */
export const DEFAULT_GRID_SEARCH_OPTIONS: Readonly<{ Cs: readonly number[]; gammas: readonly (number | 'scale')[]; folds: number; metric: 'uar' | 'wa' }> =
  Object.freeze({
    Cs: Object.freeze([0.1, 1, 10, 100]),
    gammas: Object.freeze(['scale'] as const),
    folds: 5,
    metric: 'uar',
  });

/** Merge with the defaults and validate (RangeError naming the field, TypeError for a wrong kind). */
export function resolveGridSearchOptions(o: GridSearchOptions, nRows: number): Required<Pick<GridSearchOptions, 'Cs' | 'gammas' | 'folds' | 'metric'>> {
  const Cs = o.Cs ?? DEFAULT_GRID_SEARCH_OPTIONS.Cs;
  const gammas = o.gammas ?? DEFAULT_GRID_SEARCH_OPTIONS.gammas;
  if (!Array.isArray(Cs) || Cs.length === 0) throw new RangeError(`Cs: must be a non-empty array, got ${JSON.stringify(Cs)}`);
  if (!Array.isArray(gammas) || gammas.length === 0) throw new RangeError(`gammas: must be a non-empty array, got ${JSON.stringify(gammas)}`);
  Cs.forEach((C, i) => {
    if (typeof C !== 'number') throw new TypeError(`Cs[${i}]: must be a number, got ${typeof C}`);
    if (!(C > 0 && Number.isFinite(C))) throw new RangeError(`Cs[${i}]: must be finite and > 0, got ${C}`);
  });
  gammas.forEach((g, i) => {
    if (g !== 'scale' && !(typeof g === 'number' && g > 0 && Number.isFinite(g)))
      throw new RangeError(`gammas[${i}]: must be finite and > 0 or 'scale', got ${JSON.stringify(g)}`);
  });
  const folds = o.folds ?? DEFAULT_GRID_SEARCH_OPTIONS.folds;
  if (typeof folds !== 'number') throw new TypeError(`folds: must be a number, got ${typeof folds}`);
  if (!(Number.isInteger(folds) && folds >= 2)) throw new RangeError(`folds: must be an integer >= 2, got ${folds}`);
  const metric = o.metric ?? DEFAULT_GRID_SEARCH_OPTIONS.metric;
  if (metric !== 'uar' && metric !== 'wa') throw new RangeError(`metric: must be 'uar' or 'wa', got ${JSON.stringify(metric)}`);
  if (o.groups && o.groups.length !== nRows) throw new RangeError(`groups: ${o.groups.length} groups for ${nRows} rows`);
  return { Cs, gammas, folds, metric };
}

/**
 * Inner folds (lists of row indices, together a partition of 0..n-1). With `groups`: the
 * distinct groups, sorted then shuffled by `rng`, are dealt round-robin to the folds (a group
 * is never split). Without: stratified, each class's rows shuffled and dealt round-robin.
 * Empty folds are dropped.
 */
export function innerFolds(y: readonly string[], folds: number, rng: Rng, groups?: readonly string[]): number[][] {
  const out: number[][] = Array.from({ length: folds }, () => []);
  if (groups) {
    const uniq = [...new Set(groups)].sort();
    rng.shuffle(uniq);
    const fold = new Map(uniq.map((g, i) => [g, i % folds]));
    groups.forEach((g, i) => out[fold.get(g)!]!.push(i));
  } else {
    const byClass = new Map<string, number[]>();
    y.forEach((l, i) => {
      const list = byClass.get(l);
      if (list) list.push(i);
      else byClass.set(l, [i]);
    });
    let offset = 0;
    for (const l of [...byClass.keys()].sort()) {
      const idx = byClass.get(l)!;
      rng.shuffle(idx);
      idx.forEach((i, k) => out[(k + offset) % folds]!.push(i));
      offset += idx.length;
    }
  }
  for (const f of out) f.sort((a, b) => a - b);
  return out.filter((f) => f.length > 0);
}

/**
 * How the inner folds were made: by group ('groups'), stratified over rows because no groups
 * were given ('stratified'), or stratified over rows because every row has the same group
 * ('stratified-one-group': e.g. the training fold of a two-speaker corpus under LOSO).
 */
export type InnerCv = 'groups' | 'stratified' | 'stratified-one-group';

/** One grid point's inner-CV score. */
export interface GridPoint {
  /** Cost C. */
  readonly C: number;
  /** RBF gamma as given in the grid ('scale' resolved per inner fit). */
  readonly gamma: number | 'scale';
  /** Inner-CV metric (UAR or WA of the pooled inner predictions), in [0, 1]. */
  readonly score: number;
}

/**
 * Pick C and gamma maximizing the inner-CV metric, computed on the pooled predictions of all
 * inner validation folds. Ties go to the smaller C, then the smaller gamma ('scale' counts as
 * smallest). Deterministic for a given `rng` (which only shuffles the folds and seeds ml-svm).
 * Returns the best point and the whole table, in grid order. The inner folds run as tasks of
 * `runner` (default: inline; a {@link readoutPool} runs them in parallel, with identical results);
 * each computes one RBF kernel matrix per gamma and fits every C on it.
 */
export async function gridSearchSvm(
  X: Mat,
  y: readonly string[],
  options: GridSearchOptions,
  rng: Rng,
  runner: TaskRunner = INLINE_RUNNER,
): Promise<{ best: GridPoint; table: GridPoint[]; innerCv: InnerCv }> {
  if (y.length !== X.rows) throw new RangeError(`gridSearchSvm: ${y.length} labels for ${X.rows} rows`);
  const o = resolveGridSearchOptions(options, X.rows);
  const svmBase = {
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.kernel ? { kernel: options.kernel } : {}),
    ...(options.classWeight ? { classWeight: options.classWeight } : {}),
  };
  // One group (e.g. a two-speaker corpus under leave-one-speaker-out): no grouped split exists,
  // so the inner folds fall back to stratified folds over the rows, and the result says so.
  const oneGroup = options.groups !== undefined && new Set(options.groups).size < 2;
  const groups = oneGroup ? undefined : options.groups;
  const nGroups = groups ? new Set(groups).size : y.length;
  if (nGroups < 2) throw new RangeError(`gridSearchSvm: inner cross-validation needs at least 2 rows, got ${nGroups}`);
  const folds = innerFolds(y, Math.min(o.folds, nGroups), rng.fork('inner-folds'), groups);
  const innerCv: InnerCv = groups ? 'groups' : oneGroup ? 'stratified-one-group' : 'stratified';
  const labels = [...new Set(y)].sort();
  const gammas = options.kernel === 'linear' ? (['scale'] as const) : o.gammas;
  const total = o.Cs.length * gammas.length;
  options.onProgress?.({ phase: 'grid search', done: 0, total });
  // one task per inner fold: per gamma one kernel matrix shared by every C (see SvmClassifier.fitGrid)
  const preds = await Promise.all(
    folds.map((test, f) => {
      const inTest = new Uint8Array(y.length);
      for (const i of test) inTest[i] = 1;
      const train = y.map((_, i) => i).filter((i) => !inTest[i]);
      return runner.run('inner', { X, y, train, test, fold: f, Cs: o.Cs, gammas, svm: svmBase, rng: { seed: rng.seed, path: rng.path } });
    }),
  );
  const table: GridPoint[] = [];
  let g = 0;
  for (const C of o.Cs) {
    for (const gamma of gammas) {
      const truth: string[] = [];
      const pred: string[] = [];
      folds.forEach((test, f) => {
        const p = preds[f];
        if (!p) return; // a single class in the inner training part: fold skipped
        pred.push(...p[g]!);
        truth.push(...test.map((i) => y[i]!));
      });
      const rep = classificationReport(truth, pred, labels);
      table.push({ C, gamma, score: o.metric === 'wa' ? rep.wa : rep.uar });
      options.onProgress?.({ phase: 'grid search', done: table.length, total, detail: `C=${C} gamma=${gamma}` });
      g++;
    }
  }
  const gnum = (g: number | 'scale') => (g === 'scale' ? 0 : g);
  const best = [...table].sort((a, b) => b.score - a.score || a.C - b.C || gnum(a.gamma) - gnum(b.gamma))[0]!;
  return { best, table, innerCv };
}
