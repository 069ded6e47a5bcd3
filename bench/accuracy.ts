/**
 * Accuracy of the default (or a configured) dual-reservoir LSM on the reference protocols, for
 * several reservoir seeds, every LSM row beside (a) the no-reservoir control with the same
 * readout and representation (`features.source: frontend`: the same statistics over the
 * reservoirs' input channels; src/experiment/representation.ts `controlConfig`) and (b) the
 * project's `mfcc-svm`, all on the same folds, with the paired bootstrap 95 % CI of each UAR
 * difference over utterances, per-speaker differences and sign / Wilcoxon tests over speakers
 * (bench/paired.ts). Mean +- std over folds, pooled UAR and WA, phase times.
 *
 *   npx tsx bench/accuracy.ts [--data DIR] [--seeds 1,2,3,4,5] [--config FILE]
 *       [--protocols emodb-loso,emodb-full-loso,ravdess-loso,emodb-kfold10,fsdd-loso,fsdd-official]
 *       [--models lsm,control,mfcc-svm] [--resamples 2000] [--cache DIR] [--out FILE]
 *
 * Protocols (bench/paired.ts `ACCURACY_PROTOCOLS`): `emodb-loso` = Emo-DB-2s (as always in this
 * file), `emodb-full-loso` = the original-length Emo-DB, `ravdess-loso` = RAVDESS-16k leave one
 * actor out, `emodb-kfold10`, `fsdd-loso`, `fsdd-official`. The control and `mfcc-svm` do not
 * depend on the reservoir seed: they run once per distinct fold set (with that seed's readout
 * generator). Results go to `bench/results/accuracy.json` (atomically after every run; a rerun
 * with the same config resumes), with every run's predictions so that the statistics can be
 * recomputed; the tables are printed as Markdown.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../src/experiment/datasets/index.js';
import { evaluateProtocol, type EvaluationResult } from '../src/experiment/pipeline.js';
import { readConfigFile } from '../src/experiment/config-file.js';
import { resolveLsmConfig } from '../src/experiment/lsm-config.js';
import { controlConfig } from '../src/experiment/representation.js';
import { makeFolds, type Fold } from '../src/experiment/protocols.js';
import { Rng } from '../src/core/rng.js';
import { readJson, writeJsonAtomic } from '../src/core/fsutil.js';
import { provenance } from '../src/core/provenance.js';
import { closeCpuPool } from '../src/lsm/backends/pool.js';
import { classificationReport } from '../src/readout/metrics.js';
import {
  ACCURACY_PROTOCOLS,
  benchRun,
  compareRuns,
  comparisonsMarkdown,
  foldsHash,
  MFCC_SVM_READOUT,
  mfccBlock,
  readoutFolds,
  runsMarkdown,
  type BenchRun,
  type RunComparison,
} from './paired.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = flag('--data') ?? process.env.LSM_SER_DATA ?? '../shared/data';
const seeds = (flag('--seeds') ?? '1,2,3,4,5').split(',').map(Number);
for (const s of seeds)
  if (!Number.isInteger(s) || s < 0) throw new RangeError(`--seeds: each seed must be an integer >= 0, got ${JSON.stringify(flag('--seeds'))}`);
const config = flag('--config') ? (readConfigFile(flag('--config')!) as Record<string, unknown>) : {};
const cache = flag('--cache') ?? '.cache/features';
const out = flag('--out') ?? 'bench/results/accuracy.json';
const resamples = Number(flag('--resamples') ?? 2000);
const models = (flag('--models') ?? 'lsm,control,mfcc-svm').split(',');
for (const m of models) if (!['lsm', 'control', 'mfcc-svm'].includes(m)) throw new RangeError(`--models: unknown "${m}" (known: lsm, control, mfcc-svm)`);
const names = (flag('--protocols') ?? Object.keys(ACCURACY_PROTOCOLS).join(',')).split(',');
for (const n of names) if (!ACCURACY_PROTOCOLS[n]) throw new RangeError(`--protocols: unknown "${n}" (known: ${Object.keys(ACCURACY_PROTOCOLS).join(', ')})`);
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

/** Results of one protocol. */
interface ProtocolResults {
  labels: string[];
  truth: string[];
  speakers: string[];
  runs: BenchRun[];
  comparisons: RunComparison[];
}
/** Format 2: per protocol, every run's predictions (format 1, before issue 12, held fold figures only). */
const FORMAT = 2;
const prev = existsSync(out) ? (readJson(out) as { format?: number; config?: unknown; protocols?: Record<string, ProtocolResults> }) : {};
// runs of an earlier invocation count only when it had the same format and config
const resume = prev.format === FORMAT && JSON.stringify(prev.config ?? {}) === JSON.stringify(config);
const results: Record<string, ProtocolResults> = resume ? { ...(prev.protocols ?? {}) } : {};
// runs stored before pooled macro-F1 was recorded get it from their predictions
for (const r of Object.values(results))
  r.runs = r.runs.map((run) => {
    if (run.pooledMacroF1 !== undefined) return run;
    const idx = run.pred.map((x, i) => (x === null ? -1 : i)).filter((i) => i >= 0);
    const rep = classificationReport(
      idx.map((i) => r.truth[i]!),
      idx.map((i) => run.pred[i]!),
      r.labels,
    );
    return { ...run, pooledMacroF1: rep.macroF1 };
  });
const save = () => writeJsonAtomic(out, { format: FORMAT, config, seeds, protocols: results, loadAverage: loadavg(), provenance: provenance() });

for (const name of names) {
  const p = ACCURACY_PROTOCOLS[name]!;
  const ds = loadDataset(p.dataset, join(data, p.dir), { duplicates: p.duplicates ?? 'refuse' });
  const r: ProtocolResults =
    results[name]?.truth.length === ds.utterances.length
      ? results[name]!
      : { labels: [...ds.labels], truth: ds.utterances.map((u) => u.label), speakers: ds.utterances.map((u) => u.speaker), runs: [], comparisons: [] };
  results[name] = r;
  const have = (model: string, seed: number) => r.runs.some((x) => x.model === model && x.seed === seed);
  const haveFolds = (model: string, folds: Fold[]) => r.runs.some((x) => x.model === model && x.folds === foldsHash(folds));
  // the fold sets of this invocation's seeds: the baselines' runs on them are compared with the LSM's
  const foldSets = new Set<string>();
  const fromEvaluation = (model: string, seed: number, folds: Fold[], e: EvaluationResult): BenchRun =>
    benchRun(
      ds,
      model,
      seed,
      folds,
      { pred: e.predictions, foldUar: e.folds.map((f) => f.uar), foldWa: e.folds.map((f) => f.wa), seconds: e.readoutSeconds },
      e.featureSeconds,
    );
  let mfcc: ReturnType<typeof mfccBlock> | null = null;
  for (const seed of seeds) {
    const lsm = resolveLsmConfig({ ...config, seed });
    // the folds evaluateProtocol makes for this seed: every model of this seed gets exactly these
    const folds = makeFolds(ds, p.protocol, new Rng(lsm.seed).fork('folds'));
    foldSets.add(foldsHash(folds));
    if (models.includes('lsm') && !have('lsm', seed)) {
      const e = await evaluateProtocol(ds, lsm, folds, { cacheDir: cache });
      r.runs.push(fromEvaluation('lsm', seed, folds, e));
      log(
        `${name} lsm seed ${seed}: UAR ${(100 * e.uar.mean).toFixed(1)} +- ${(100 * e.uar.std).toFixed(1)} over folds, pooled ${(100 * e.pooled.uar).toFixed(1)}; features ${e.featureSeconds.toFixed(1)} s, readouts ${e.readoutSeconds.toFixed(1)} s`,
      );
      save();
    }
    if (models.includes('control') && !haveFolds('control', folds)) {
      const e = await evaluateProtocol(ds, controlConfig(lsm), folds, { cacheDir: cache });
      r.runs.push(fromEvaluation('control', seed, folds, e));
      log(
        `${name} control (seed ${seed}'s folds): UAR ${(100 * e.uar.mean).toFixed(1)} +- ${(100 * e.uar.std).toFixed(1)}, pooled ${(100 * e.pooled.uar).toFixed(1)}`,
      );
      save();
    }
    if (models.includes('mfcc-svm') && !haveFolds('mfcc-svm', folds)) {
      mfcc ??= mfccBlock(ds);
      const f = await readoutFolds(ds, folds, [mfcc], MFCC_SVM_READOUT, seed);
      const run = benchRun(ds, 'mfcc-svm', seed, folds, f);
      r.runs.push(run);
      log(`${name} mfcc-svm (seed ${seed}'s folds): pooled UAR ${(100 * run.pooledUar).toFixed(1)}`);
      save();
    }
  }
  const pick = (model: string) => r.runs.filter((x) => x.model === model && (model === 'lsm' ? seeds.includes(x.seed) : foldSets.has(x.folds)));
  r.comparisons = [];
  for (const [a, b] of [
    ['lsm', 'control'],
    ['lsm', 'mfcc-svm'],
    ['control', 'mfcc-svm'],
  ] as const)
    if (pick(a).length && pick(b).length) r.comparisons.push(compareRuns(ds, pick(a), pick(b), resamples));
  save();
}

console.log(
  `\nbench/accuracy.ts, seeds ${seeds.join(',')}, config ${flag('--config') ?? '(default)'}; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} at the end`,
);
for (const name of names) {
  const r = results[name];
  if (!r) continue;
  console.log(`\n### ${name}: ${ACCURACY_PROTOCOLS[name]!.title} (${r.truth.length} utterances)\n`);
  console.log(runsMarkdown(r.runs.filter((x) => x.model !== 'lsm' || seeds.includes(x.seed))));
  if (r.comparisons.length) console.log(`\n${comparisonsMarkdown(r.comparisons)}`);
}
console.log(`\nresults: ${out}`);
await closeCpuPool();
