/**
 * Running an experiment config: results under `<out>/<name>/<seed>/` (the resolved config,
 * `folds.jsonl` with one line per fold, `summary.json`), and over all seeds
 * `<out>/<name>/summary.json`, `summary.md`, `confusion.svg` and `folds.svg` (the same folder
 * for library callers and the CLI). The folds' readouts run concurrently on a worker pool
 * (`workers`), with results identical to one thread.
 *
 * Resumable: features come from the content-addressed cache, every finished fold is written
 * at once (atomically) to `folds.jsonl` and skipped when the run starts again, so a run killed
 * at any moment and restarted ends with the same results and recomputes nothing complete.
 * A fold that fails is recorded with its error and the run goes on.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Rng } from '../core/rng.js';
import { readJsonLines, writeFileAtomic, writeJsonAtomic } from '../core/fsutil.js';
import { provenance } from '../core/provenance.js';
import type { ProgressCallback } from '../core/progress.js';
import { meanStd, type MeanStd } from '../readout/metrics.js';
import { claimResultsFolder, loadConfigDataset } from './results-folder.js';
import { makeFolds } from './protocols.js';
import { datasetNotes } from './manifest.js';
import { resolveLsmConfig } from './lsm-config.js';
import { datasetFeatureSet, datasetFeatures, evaluateFold, type BackendReport, type FoldResult } from './pipeline.js';
import { readoutRunner } from '../readout/readout-pool.js';
import { writeRunReports } from './run-report.js';
import type { ExperimentConfig } from './experiment-config.js';

/** One line of folds.jsonl: a fold's result, or its error. */
export type FoldRecord =
  | (FoldResult & { readonly seed: number; readonly error?: undefined })
  | { readonly seed: number; readonly fold: string; readonly error: string };

/** Options of {@link runExperiment}. */
export interface RunExperimentOptions {
  /** Results root; default 'results'. */
  readonly out?: string;
  /** Folder a relative dataset path is resolved against; default `$LSM_SER_DATA`, else the cwd. */
  readonly dataRoot?: string;
  /** Feature cache folder; default '.cache/features'. */
  readonly cacheDir?: string;
  readonly onProgress?: ProgressCallback;
  /** Called after each fold (also for folds found already done). */
  readonly onFold?: (r: FoldRecord, done: boolean) => void;
  /**
   * Run only shard `index` of `count` (0-based): features of the utterances k with
   * k % count == index first, then the folds f with f % count == index, written to
   * `folds.shard-<index>-of-<count>.jsonl`. A later run without a shard merges every shard's
   * folds (and computes any that are missing). For cluster job arrays (e.g. Slurm --array).
   */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Threads for the folds' readouts: an integer >= 1 or 'auto' (one per core, the default; inline for fewer than 200 utterances); results do not depend on it. */
  readonly workers?: number | 'auto';
}

/** The summary of a run over all seeds. */
export interface ExperimentSummary {
  readonly name: string;
  readonly dataset: string;
  readonly protocol: string;
  readonly seeds: number[];
  readonly labels: string[];
  readonly folds: number;
  readonly failedFolds: { seed: number; fold: string; error: string }[];
  readonly uar: MeanStd;
  readonly wa: MeanStd;
  readonly macroF1: MeanStd;
  /** Mean over seeds per fold name (per speaker for LOSO). */
  readonly perFold: { fold: string; uar: number; wa: number; n: number }[];
  /** Confusion summed over every fold and seed (rows = truth). */
  readonly confusion: number[][];
  readonly recomputedFolds: number;
  /**
   * True when the summary does not cover every fold of every seed: a shard's run (the others'
   * folds may be missing) or folds still to compute. A run without `--shard` merges.
   */
  readonly partial: boolean;
  /** The backend that simulated the reservoirs (from the run that did, when this one only resumed). */
  readonly backend: BackendReport;
  /** Seconds spent on features in this invocation (cache hits make it small). */
  readonly featureSeconds: number;
  /** Wall seconds spent fitting and scoring the readouts of the folds computed in this invocation (folds run concurrently). */
  readonly readoutSeconds: number;
  readonly dir: string;
  /** Folds (`seed N, fold`) whose inner model selection used stratified folds over utterances (one training speaker). */
  readonly innerCvFallback?: string[];
  /** Files the dataset load skipped, quirks it read, duplicates it dropped (one line each). */
  readonly datasetNotes?: string[];
}

/** Parse `--shard i/n` (0-based i < n). */
export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 0 && index < count)) throw new RangeError(`--shard: expected i/n with 0 <= i < n, got "${s}"`);
  return { index, count };
}

/** Every fold record of a seed folder: folds.jsonl and all shard files, one per fold name (a result beats an error). */
function readAllFolds(seedDir: string): Map<string, FoldRecord> {
  const out = new Map<string, FoldRecord>();
  const files = existsSync(seedDir)
    ? readdirSync(seedDir)
        .filter((f) => /^folds(\.shard-\d+-of-\d+)?\.jsonl$/.test(f))
        .sort()
    : [];
  for (const f of files) {
    for (const r of readFolds(join(seedDir, f))) {
      const prev = out.get(r.fold);
      if (!prev || (prev.error && !r.error)) out.set(r.fold, r);
    }
  }
  return out;
}

function readFolds(path: string): FoldRecord[] {
  return readJsonLines<FoldRecord>(path);
}

/** Run (or resume) an experiment. */
export async function runExperiment(cfg: ExperimentConfig, options: RunExperimentOptions = {}): Promise<ExperimentSummary> {
  const outRoot = resolve(options.out ?? 'results');
  const dir = join(outRoot, cfg.name);
  const ds = loadConfigDataset(cfg.dataset, options.dataRoot);
  const labels = [...ds.labels];
  const resolvedConfig = { ...cfg, dataset: { ...cfg.dataset, path: ds.root } };
  // Everything that can be wrong with the config is found before the results folder is claimed.
  const perSeed = new Map(
    cfg.seeds.map((seed) => [
      seed,
      { lsm: resolveLsmConfig({ ...cfg.lsm, seed }, `${cfg.name}: lsm`), folds: makeFolds(ds, cfg.protocolSpec, new Rng(seed).fork('folds')) },
    ]),
  );
  claimResultsFolder(dir, resolvedConfig, 'experiment');
  let backend: BackendReport = earlierBackend(join(dir, 'summary.json')) ?? {
    requested: perSeed.get(cfg.seeds[0]!)!.lsm.simulation.backend,
    used: null,
    reason: null,
  };
  const onBackend = (b: BackendReport): void => {
    if (b.used) backend = b;
  };
  let expected = 0;
  const records: FoldRecord[] = [];
  let recomputed = 0;
  let featureSeconds = 0;
  let readoutSeconds = 0;
  for (const seed of cfg.seeds) {
    const seedDir = join(dir, String(seed));
    const { lsm, folds } = perSeed.get(seed)!;
    writeJsonAtomic(join(seedDir, 'config.json'), { lsm, dataset: resolvedConfig.dataset, protocol: cfg.protocol, seed });
    const shard = options.shard;
    const foldsPath = join(seedDir, shard ? `folds.shard-${shard.index}-of-${shard.count}.jsonl` : 'folds.jsonl');
    const known = readAllFolds(seedDir);
    const done = [...known.values()].filter((r) => !r.error);
    const doneNames = new Set(done.map((r) => r.fold));
    for (const r of done) options.onFold?.(r, true);
    const mine = folds.filter((_, k) => !shard || k % shard.count === shard.index);
    const todo = mine.filter((f) => !doneNames.has(f.name));
    const cacheDir = options.cacheDir ?? '.cache/features';
    const progress = { onBackend, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
    expected += folds.length;
    if (shard) {
      // this shard's slice of the feature extraction first (shared, content-addressed cache)
      const slice = { ...ds, utterances: ds.utterances.filter((_, k) => k % shard.count === shard.index) };
      if (slice.utterances.length) {
        const tf = performance.now();
        await datasetFeatures(slice, { ...lsm, readout: { ...lsm.readout, speakerNormalization: false } }, { cacheDir, ...progress });
        featureSeconds += (performance.now() - tf) / 1000;
      }
    }
    const lines = readFolds(foldsPath)
      .filter((r) => !r.error && mine.some((f) => f.name === r.fold))
      .map((r) => JSON.stringify(r));
    if (todo.length) {
      const tf = performance.now();
      const blocks = await datasetFeatureSet(ds, lsm, { cacheDir, ...progress });
      featureSeconds += (performance.now() - tf) / 1000;
      // every fold's readout at once on the worker pool; each is written as soon as it is done
      const runner = readoutRunner(options.workers, ds.utterances.length);
      let finished = 0;
      options.onProgress?.({ phase: `readouts (seed ${seed})`, done: 0, total: todo.length });
      const tr = performance.now();
      await Promise.all(
        todo.map(async (fold) => {
          let rec: FoldRecord;
          try {
            rec = { ...(await evaluateFold(ds, blocks, fold, lsm, labels, runner)).result, seed };
          } catch (e) {
            rec = { seed, fold: fold.name, error: (e as Error).message };
          }
          recomputed++;
          lines.push(JSON.stringify(rec));
          writeFileAtomic(foldsPath, lines.join('\n') + '\n');
          options.onFold?.(rec, false);
          options.onProgress?.({ phase: `readouts (seed ${seed})`, done: ++finished, total: todo.length });
        }),
      );
      readoutSeconds += (performance.now() - tr) / 1000;
      options.onProgress?.({ phase: `readouts (seed ${seed})`, done: todo.length, total: todo.length });
    }
    const all = readAllFolds(seedDir);
    // results in the protocol's fold order, whichever process computed them
    const seedRecords = folds.map((f) => all.get(f.name)).filter((r): r is FoldRecord => r !== undefined);
    if (!shard && seedRecords.length === folds.length)
      writeFileAtomic(join(seedDir, 'folds.jsonl'), seedRecords.map((r) => JSON.stringify(r)).join('\n') + '\n');
    records.push(...seedRecords);
    const ok = seedRecords.filter((r): r is FoldResult & { seed: number } => !r.error);
    writeJsonAtomic(join(seedDir, 'summary.json'), {
      seed,
      folds: seedRecords.length,
      uar: metric(ok, 'uar'),
      wa: metric(ok, 'wa'),
      macroF1: metric(ok, 'macroF1'),
    });
  }
  const ok = records.filter((r): r is FoldResult & { seed: number } => !r.error);
  const ms = (k: 'uar' | 'wa' | 'macroF1') => metric(ok, k);
  const names = [...new Set(ok.map((r) => r.fold))];
  const perFold = names.map((fold) => {
    const rs = ok.filter((r) => r.fold === fold);
    return { fold, uar: meanStd(rs.map((r) => r.uar)).mean, wa: meanStd(rs.map((r) => r.wa)).mean, n: rs[0]!.n };
  });
  const confusion = labels.map(() => labels.map(() => 0));
  for (const r of ok) r.confusion.forEach((row, i) => row.forEach((v, j) => (confusion[i]![j]! += v)));
  const summary: ExperimentSummary = {
    name: cfg.name,
    dataset: cfg.dataset.name,
    protocol: cfg.protocol,
    seeds: cfg.seeds,
    labels,
    folds: records.length,
    failedFolds: records.filter((r) => r.error).map((r) => ({ seed: r.seed, fold: r.fold, error: r.error! })),
    uar: ms('uar'),
    wa: ms('wa'),
    macroF1: ms('macroF1'),
    perFold,
    confusion,
    recomputedFolds: recomputed,
    partial: options.shard !== undefined || records.length < expected,
    backend,
    featureSeconds,
    readoutSeconds,
    dir,
    innerCvFallback: ok.filter((r) => r.innerCv).map((r) => `seed ${r.seed}, ${r.fold}`),
    datasetNotes: datasetNotes(ds),
  };
  writeJsonAtomic(join(dir, 'summary.json'), { ...summary, provenance: provenance() });
  writeFileAtomic(join(dir, 'summary.md'), summaryMarkdown(summary));
  await writeRunReports(summary);
  return summary;
}

/** The backend recorded in an earlier summary.json, if any. */
function earlierBackend(path: string): BackendReport | null {
  try {
    const b = (JSON.parse(readFileSync(path, 'utf8')) as { backend?: BackendReport }).backend;
    return b && typeof b.requested === 'string' && b.used ? b : null;
  } catch {
    return null;
  }
}

/** The Markdown summary of a run. */
export function summaryMarkdown(s: ExperimentSummary): string {
  const p = (x: number) => (100 * x).toFixed(1);
  const lines = [
    `# ${s.name}`,
    '',
    `Dataset ${s.dataset}, protocol ${s.protocol}, seeds ${s.seeds.join(', ')}: ${s.folds} folds (${s.failedFolds.length} failed).`,
    ...(s.partial
      ? ['', "**Partial**: not every fold of every seed is in this summary (a shard's run, or folds still to compute); run without `--shard` to merge."]
      : []),
    '',
    `Backend: ${s.backend.used ?? 'none ran (features from the cache)'} (requested ${s.backend.requested}${s.backend.reason ? `; ${s.backend.reason}` : ''}).`,
    '',
    '| metric | mean +- std over folds and seeds |',
    '|---|---|',
    `| UAR | ${p(s.uar.mean)} +- ${p(s.uar.std)} % |`,
    `| WA | ${p(s.wa.mean)} +- ${p(s.wa.std)} % |`,
    `| macro-F1 | ${p(s.macroF1.mean)} +- ${p(s.macroF1.std)} % |`,
    '',
    '| fold | n | UAR % | WA % |',
    '|---|---:|---:|---:|',
    ...s.perFold.map((f) => `| ${f.fold} | ${f.n} | ${p(f.uar)} | ${p(f.wa)} |`),
    '',
    `Confusion (rows = truth, columns = prediction; ${s.labels.join(', ')}):`,
    '',
    '| truth \\ predicted | ' + s.labels.join(' | ') + ' |',
    '|---|' + s.labels.map(() => '---:').join('|') + '|',
    ...s.confusion.map((row, i) => `| ${s.labels[i]} | ${row.join(' | ')} |`),
  ];
  const fallback = s.innerCvFallback ?? [];
  if (fallback.length)
    lines.push(
      '',
      `Inner model selection fell back to stratified folds over utterances (the training part has one speaker, so no speaker-grouped inner folds exist) in ${fallback.length} fold${fallback.length === 1 ? '' : 's'}: ${fallback.join(', ')}.`,
    );
  if (s.datasetNotes?.length) lines.push('', 'Dataset load:', ...s.datasetNotes.map((n) => `- ${n}`));
  if (s.failedFolds.length) lines.push('', 'Failed folds:', ...s.failedFolds.map((f) => `- seed ${f.seed}, ${f.fold}: ${f.error}`));
  return lines.join('\n') + '\n';
}

/** Mean and standard deviation of one metric over fold results. */
function metric(rows: readonly FoldResult[], k: 'uar' | 'wa' | 'macroF1'): MeanStd {
  const { mean, std } = meanStd(rows.map((r) => r[k]));
  return { mean, std };
}
