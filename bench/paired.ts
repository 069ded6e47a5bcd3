/**
 * Shared parts of the issue-12 benches (bench/accuracy.ts; bench/gain.ts computes the same
 * things on its in-memory traces): the protocols, the project's `mfcc-svm` on given folds, and
 * the paired comparison of two models' runs on the same utterances (bootstrap 95 % CI of the
 * UAR difference over utterances, per-speaker differences, sign and Wilcoxon tests over
 * speakers; src/readout/statistics.ts).
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Mat } from '../src/core/matrix.js';
import { selectRows } from '../src/core/matrix.js';
import { Rng } from '../src/core/rng.js';
import { sha256 } from '../src/core/fsutil.js';
import { loadAudio } from '../src/sourcefilter/load.js';
import { Readout, type ReadoutOptions } from '../src/readout/readout.js';
import { standardizeByGroup } from '../src/readout/scaler.js';
import { classificationReport, meanStd } from '../src/readout/metrics.js';
import { groupDifferences, pairedBootstrapUarRuns, signTest, wilcoxonSignedRank } from '../src/readout/statistics.js';
import { mfccStatistics, MFCC_STATS_LENGTH } from '../src/baselines/mfcc-stats.js';
import type { Dataset } from '../src/experiment/manifest.js';
import type { Fold, Protocol } from '../src/experiment/protocols.js';

/** A protocol of bench/accuracy.ts: a loader, its folder under the data root, the folds. */
export interface BenchProtocol {
  readonly dataset: string;
  readonly dir: string;
  readonly protocol: Protocol;
  readonly title: string;
  /** What the loader does with byte-identical files (RAVDESS-16k's Actor_07 holds two: keep the first). */
  readonly duplicates?: 'refuse' | 'keep-first';
}

/**
 * The protocols of issue 12, by the names bench/accuracy.ts has always used (`emodb-loso` is
 * the 2-s Emo-DB copy; the original-length recordings are `emodb-full-loso`; bench/gain.ts
 * calls these two `emodb2s-loso` and `emodb-loso`).
 */
export const ACCURACY_PROTOCOLS: Readonly<Record<string, BenchProtocol>> = {
  'emodb-loso': { dataset: 'emodb', dir: 'emodb-2s', protocol: { kind: 'loso' }, title: 'Emo-DB-2s, leave one speaker out' },
  'emodb-full-loso': { dataset: 'emodb', dir: 'emodb', protocol: { kind: 'loso' }, title: 'Emo-DB (original length), leave one speaker out' },
  'ravdess-loso': { dataset: 'ravdess', dir: 'ravdess-16k', protocol: { kind: 'loso' }, title: 'RAVDESS-16k, leave one actor out', duplicates: 'keep-first' },
  'emodb-kfold10': { dataset: 'emodb', dir: 'emodb-2s', protocol: { kind: 'kfold', k: 10, stratify: true }, title: 'Emo-DB-2s, stratified 10-fold' },
  'fsdd-loso': { dataset: 'fsdd', dir: 'fsdd', protocol: { kind: 'loso' }, title: 'FSDD, leave one speaker out' },
  'fsdd-official': { dataset: 'fsdd', dir: 'fsdd', protocol: { kind: 'official' }, title: 'FSDD, official split' },
};

/** The readout of the project's `mfcc-svm` (src/baselines/classic.ts `mfccSvmModel`): no PCA, RBF SVM, gamma 'scale', C by inner CV. */
export const MFCC_SVM_READOUT: ReadoutOptions = Object.freeze({ pca: 0, C: [1, 10, 100], gamma: ['scale' as const], innerFolds: 4 });

/**
 * `mfcc-svm`'s features of every utterance (MFCC statistics of the 16-kHz audio, 133 per
 * utterance; src/baselines/mfcc-stats.ts), standardized per speaker over the whole dataset as
 * the LSM's blocks are (no labels). The raw rows are cached in `cacheDir` under the key
 * bench/gain.ts uses, so the two benches share them.
 */
export function mfccBlock(ds: Dataset, cacheDir = join('.cache', 'gain')): Mat {
  const file = join(cacheDir, `mfcc-${sha256(new TextEncoder().encode(JSON.stringify(ds.utterances.map((u) => u.file)))).slice(0, 16)}.v8`);
  let rows: Float64Array[];
  if (existsSync(file)) rows = deserialize(readFileSync(file)) as Float64Array[];
  else {
    rows = ds.utterances.map((u) => mfccStatistics(loadAudio(u.file, { rate: 16000 })));
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, serialize(rows));
  }
  const data = new Float64Array(rows.length * MFCC_STATS_LENGTH);
  rows.forEach((r, i) => {
    data.set(r, i * MFCC_STATS_LENGTH);
  });
  return standardizeByGroup(
    { data, rows: rows.length, cols: MFCC_STATS_LENGTH },
    ds.utterances.map((u) => u.speaker),
  );
}

/** Predictions of one model over a protocol's folds. */
export interface FoldPredictions {
  /** Predicted label per utterance of the dataset (null: in no test fold). */
  readonly pred: (string | null)[];
  /** UAR per fold. */
  readonly foldUar: number[];
  /** WA per fold. */
  readonly foldWa: number[];
  /** Wall time of the readouts, in seconds. */
  readonly seconds: number;
}

/**
 * A readout (the SVM of `options`) per fold on the fold's training rows of `blocks`, scored on its
 * test rows; the readout generator of fold f is `Rng(seed).fork('readout/<fold name>')`, as the
 * LSM pipeline's.
 */
export async function readoutFolds(
  ds: Dataset,
  folds: readonly Fold[],
  blocks: readonly Mat[],
  options: ReadoutOptions,
  seed: number,
): Promise<FoldPredictions> {
  const t = performance.now();
  const labels = [...ds.labels];
  const pred: (string | null)[] = ds.utterances.map(() => null);
  const foldUar: number[] = [];
  const foldWa: number[] = [];
  for (const fold of folds) {
    const readout = await Readout.fit(
      blocks.map((b) => selectRows(b, fold.train)),
      fold.train.map((i) => ds.utterances[i]!.label),
      options,
      new Rng(seed).fork(`readout/${fold.name}`),
      { groups: fold.train.map((i) => ds.utterances[i]!.speaker) },
    );
    const p = readout.predict(blocks.map((b) => selectRows(b, fold.test)));
    fold.test.forEach((i, k) => {
      pred[i] = p[k]!;
    });
    const rep = classificationReport(
      fold.test.map((i) => ds.utterances[i]!.label),
      p,
      labels,
    );
    foldUar.push(rep.uar);
    foldWa.push(rep.wa);
  }
  return { pred, foldUar, foldWa, seconds: (performance.now() - t) / 1000 };
}

/** One model's predictions under one seed, with its figures. */
export interface BenchRun {
  readonly model: string;
  readonly seed: number;
  /** Hash of the folds' test sets: runs on the same folds share it. */
  readonly folds: string;
  readonly pred: (string | null)[];
  readonly foldUar: number[];
  readonly foldWa: number[];
  /** UAR and WA of all test predictions pooled. */
  readonly pooledUar: number;
  readonly pooledWa: number;
  /** Macro-F1 of all test predictions pooled. */
  readonly pooledMacroF1: number;
  /** Seconds of feature extraction (LSM and control) and of the readouts. */
  readonly featureSeconds?: number;
  readonly readoutSeconds: number;
}

/** The hash of a fold set (its test sets), to match runs on the same folds. */
export function foldsHash(folds: readonly Fold[]): string {
  return sha256(new TextEncoder().encode(JSON.stringify(folds.map((f) => f.test)))).slice(0, 16);
}

/** A {@link BenchRun} from fold predictions. */
export function benchRun(ds: Dataset, model: string, seed: number, folds: readonly Fold[], p: FoldPredictions, featureSeconds?: number): BenchRun {
  const idx = p.pred.map((x, i) => (x === null ? -1 : i)).filter((i) => i >= 0);
  const rep = classificationReport(
    idx.map((i) => ds.utterances[i]!.label),
    idx.map((i) => p.pred[i]!),
    [...ds.labels],
  );
  return {
    model,
    seed,
    folds: foldsHash(folds),
    pred: p.pred,
    foldUar: p.foldUar,
    foldWa: p.foldWa,
    pooledUar: rep.uar,
    pooledWa: rep.wa,
    pooledMacroF1: rep.macroF1,
    ...(featureSeconds !== undefined ? { featureSeconds } : {}),
    readoutSeconds: p.seconds,
  };
}

/** The paired comparison of models A and B (A - B). */
export interface RunComparison {
  readonly a: string;
  readonly b: string;
  readonly seedsA: number[];
  readonly seedsB: number[];
  /** Utterances compared (those every run of both predicted). */
  readonly n: number;
  readonly uarA: number;
  readonly uarB: number;
  readonly diff: number;
  /** Paired bootstrap 95 % CI of the difference (utterances resampled within each true class). */
  readonly lo: number;
  readonly hi: number;
  /** Per speaker: mean over runs of A's UAR minus mean over runs of B's. */
  readonly perSpeaker: { speaker: string; diff: number }[];
  readonly signP: number;
  readonly wilcoxonP: number;
}

/**
 * Compare the runs of two models on the same utterances: every run of A (e.g. one per reservoir
 * seed) against every run of B, by {@link pairedBootstrapUarRuns} (one resample draws the
 * utterances for all runs of both) and per-speaker differences with sign and Wilcoxon tests.
 */
export function compareRuns(ds: Dataset, a: readonly BenchRun[], b: readonly BenchRun[], resamples = 2000): RunComparison {
  if (!a.length || !b.length) throw new RangeError(`compareRuns: ${a.length} and ${b.length} runs (at least 1 each)`);
  const labels = [...ds.labels];
  const idx = ds.utterances.map((_, i) => i).filter((i) => [...a, ...b].every((r) => r.pred[i] !== null));
  const truth = idx.map((i) => ds.utterances[i]!.label);
  const speakers = idx.map((i) => ds.utterances[i]!.speaker);
  const preds = (rs: readonly BenchRun[]) => rs.map((r) => idx.map((i) => r.pred[i]!));
  const pa = preds(a);
  const pb = preds(b);
  const stats = comparePredictions(truth, speakers, labels, pa, pb, `bootstrap/${a[0]!.model}-${b[0]!.model}`, resamples);
  return {
    a: a[0]!.model,
    b: b[0]!.model,
    seedsA: a.map((r) => r.seed),
    seedsB: b.map((r) => r.seed),
    n: idx.length,
    ...stats,
  };
}

/** The statistics of {@link RunComparison} without the names: what {@link comparePredictions} returns. */
export type PairedStatistics = Pick<RunComparison, 'uarA' | 'uarB' | 'diff' | 'lo' | 'hi' | 'perSpeaker' | 'signP' | 'wilcoxonP'>;

/**
 * Paired statistics of the runs of A against the runs of B on the same utterances (`truth`,
 * `speakers`): the paired bootstrap CI (seeded by the fork name `bootstrap`, so a bench keeps
 * its draws) and the per-speaker differences (mean over runs) with sign and Wilcoxon tests.
 */
export function comparePredictions(
  truth: readonly string[],
  speakers: readonly string[],
  labels: readonly string[],
  pa: readonly (readonly string[])[],
  pb: readonly (readonly string[])[],
  bootstrap: string,
  resamples = 2000,
): PairedStatistics {
  const boot = pairedBootstrapUarRuns(truth, pa, pb, labels, new Rng(1).fork(bootstrap), { resamples });
  const perRun = (ps: readonly (readonly string[])[]) => ps.map((p) => groupDifferences(truth, p, p, speakers, labels));
  const ga = perRun(pa);
  const gb = perRun(pb);
  // groups come in first-seen order, the same for every run
  const perSpeaker = ga[0]!.map((g, k) => ({
    speaker: g.group,
    diff: meanStd(ga.map((x) => x[k]!.uarA)).mean - meanStd(gb.map((x) => x[k]!.uarA)).mean,
  }));
  return {
    uarA: boot.uarA,
    uarB: boot.uarB,
    diff: boot.diff,
    lo: boot.lo,
    hi: boot.hi,
    perSpeaker,
    signP: signTest(perSpeaker.map((p) => p.diff)).p,
    wilcoxonP: wilcoxonSignedRank(perSpeaker.map((p) => p.diff)).p,
  };
}

const pct = (x: number) => (100 * x).toFixed(1);

/** Markdown rows of runs grouped by model: fold mean +- std (all folds of all seeds), pooled UAR / WA (mean over seeds), times. */
export function runsMarkdown(runs: readonly BenchRun[]): string {
  const lines = [
    '| model | seeds | UAR, mean +- std over folds | pooled UAR | WA, mean +- std over folds | pooled WA | pooled macro-F1 | pooled UAR std over seeds | features s | readouts s |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const model of [...new Set(runs.map((r) => r.model))]) {
    const rs = runs.filter((r) => r.model === model);
    const fu = meanStd(rs.flatMap((r) => r.foldUar));
    const fw = meanStd(rs.flatMap((r) => r.foldWa));
    const pu = meanStd(rs.map((r) => r.pooledUar));
    const fs = rs.filter((r) => r.featureSeconds !== undefined).map((r) => r.featureSeconds!);
    lines.push(
      `| ${model} | ${rs.map((r) => r.seed).join(',')} | ${pct(fu.mean)} +- ${pct(fu.std)} | ${pct(pu.mean)} | ${pct(fw.mean)} +- ${pct(fw.std)} | ${pct(meanStd(rs.map((r) => r.pooledWa)).mean)} | ${pct(meanStd(rs.map((r) => r.pooledMacroF1 ?? Number.NaN)).mean)} | ${pct(pu.std)} | ${fs.length ? meanStd(fs).mean.toFixed(1) : '-'} | ${meanStd(rs.map((r) => r.readoutSeconds)).mean.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

/** Markdown rows of paired comparisons. */
export function comparisonsMarkdown(cs: readonly RunComparison[]): string {
  const lines = [
    '| A - B | utterances | diff (points) | paired bootstrap 95 % CI | per-speaker differences (points) | sign p | Wilcoxon p |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of cs)
    lines.push(
      `| ${c.a} - ${c.b} | ${c.n} | ${pct(c.diff)} | [${pct(c.lo)}, ${pct(c.hi)}] | ${c.perSpeaker.map((p) => `${p.speaker}: ${(100 * p.diff).toFixed(0)}`).join(', ')} | ${c.signP.toFixed(3)} | ${c.wilcoxonP.toFixed(3)} |`,
    );
  return lines.join('\n');
}
