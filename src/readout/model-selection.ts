/**
 * Choice of C and gamma by inner cross-validation on the training fold only. When speaker ids
 * are given, the inner folds are grouped (no speaker on both sides), so the parameters are
 * chosen for speaker-independent performance.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { selectRows } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { classificationReport } from './metrics.js';
import { SvmClassifier, type SvmOptions } from './svm.js';

/** Options of {@link gridSearchSvm}. */
export interface GridSearchOptions extends Omit<SvmOptions, 'C' | 'gamma'> {
  readonly Cs: readonly number[];
  readonly gammas: readonly (number | 'scale')[];
  /** Inner folds; default 4. */
  readonly folds?: number;
  /** Group (speaker) of each row: inner folds then keep groups together. */
  readonly groups?: readonly string[];
  /** Metric to maximize; default 'uar'. */
  readonly metric?: 'uar' | 'wa';
}

/** Inner folds: grouped when groups are given (groups dealt round-robin after a seeded shuffle), else stratified. */
export function innerFolds(y: readonly string[], folds: number, rng: Rng, groups?: readonly string[]): number[][] {
  const out: number[][] = Array.from({ length: folds }, () => []);
  if (groups) {
    const uniq = [...new Set(groups)].sort();
    rng.shuffle(uniq);
    const fold = new Map(uniq.map((g, i) => [g, i % folds]));
    groups.forEach((g, i) => out[fold.get(g)!]!.push(i));
  } else {
    const byClass = new Map<string, number[]>();
    y.forEach((l, i) => byClass.set(l, [...(byClass.get(l) ?? []), i]));
    let offset = 0;
    for (const l of [...byClass.keys()].sort()) {
      const idx = rng.shuffle(byClass.get(l)!) as number[];
      idx.forEach((i, k) => out[(k + offset) % folds]!.push(i));
      offset += idx.length;
    }
  }
  return out.filter((f) => f.length > 0);
}

/** One grid point's inner-CV score. */
export interface GridPoint {
  readonly C: number;
  readonly gamma: number | 'scale';
  readonly score: number;
}

/** Pick C and gamma maximizing the inner-CV metric; ties go to smaller C, then smaller gamma. */
export async function gridSearchSvm(X: Mat, y: readonly string[], options: GridSearchOptions, rng: Rng): Promise<{ best: GridPoint; table: GridPoint[] }> {
  const table: GridPoint[] = [];
  const nGroups = options.groups ? new Set(options.groups).size : y.length;
  const k = Math.min(options.folds ?? 4, nGroups);
  const folds = innerFolds(y, Math.max(2, k), rng.fork('inner-folds'), options.groups);
  const labels = [...new Set(y)].sort();
  for (const C of options.Cs) {
    for (const gamma of options.kernel === 'linear' ? (['scale'] as const) : options.gammas) {
      const truth: string[] = [];
      const pred: string[] = [];
      for (let f = 0; f < folds.length; f++) {
        const test = folds[f]!;
        const testSet = new Set(test);
        const train = y.map((_, i) => i).filter((i) => !testSet.has(i));
        const ytr = train.map((i) => y[i]!);
        if (new Set(ytr).size < 2) continue;
        const m = await SvmClassifier.fit(selectRows(X, train), ytr, { ...options, C, gamma }, rng.fork(`svm/${C}/${gamma}/${f}`));
        pred.push(...m.predict(selectRows(X, test)));
        truth.push(...test.map((i) => y[i]!));
      }
      const rep = classificationReport(truth, pred, labels);
      table.push({ C, gamma, score: options.metric === 'wa' ? rep.wa : rep.uar });
    }
  }
  const gnum = (g: number | 'scale') => (g === 'scale' ? 0 : g);
  const best = [...table].sort((a, b) => b.score - a.score || a.C - b.C || gnum(a.gamma) - gnum(b.gamma))[0]!;
  return { best, table };
}
