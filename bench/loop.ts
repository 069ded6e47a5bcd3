/**
 * The experiment loop, timed per stage (issue 17): Emo-DB-2s LOSO and FSDD LOSO with the shipped
 * configs (configs/emodb-loso.yaml, configs/fsdd-loso.yaml), first seed, from scratch (an empty
 * feature cache), through the library's code path: `datasetFeatureSet`, then every fold's
 * `evaluateFold` at once on the readout worker pool. Prints per stage:
 * - features: wall seconds of the feature extraction (front end + reservoirs);
 * - PCA, model selection, final fits: seconds the readout tasks ran (scaler + PCA per block,
 *   inner folds of the grid search, final SVM), summed over the threads that ran them;
 * - readouts: wall seconds of all folds' readouts; total: features + readouts.
 * With machine and load (`os.loadavg()` before and after). Compares every fold's predictions
 * with bench/results/loop-baseline.json (the start commit's code path, bench/loop-baseline.ts)
 * when present, and writes a JSON record to bench/results/loop.json.
 *
 *   npx tsx bench/loop.ts [--only emodb|fsdd] [--workers N|auto] [--out FILE]
 *
 * Needs LSM_SER_DATA (the folder holding emodb-2s and fsdd).
 */
import os from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { Rng } from '../src/core/rng.js';
import { readConfigFile } from '../src/experiment/config-file.js';
import { resolveExperimentConfig } from '../src/experiment/experiment-config.js';
import { loadConfigDataset } from '../src/experiment/results-folder.js';
import { makeFolds } from '../src/experiment/protocols.js';
import { resolveLsmConfig } from '../src/experiment/lsm-config.js';
import { datasetFeatureSet, evaluateFold } from '../src/experiment/pipeline.js';
import { closeReadoutPool, readoutPool, resolveReadoutWorkers } from '../src/readout/readout-pool.js';
import { closeCpuPool } from '../src/lsm/backends/pool.js';
import type { ReadoutTaskName } from '../src/readout/readout-tasks.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = flag('--only');
const workersArg = flag('--workers');
const workers = resolveReadoutWorkers(workersArg === undefined || workersArg === 'auto' ? 'auto' : Number(workersArg));
const outFile = flag('--out') ?? join('bench', 'results', 'loop.json');
if (!process.env.LSM_SER_DATA) throw new Error('set LSM_SER_DATA to the folder holding emodb-2s and fsdd');
const CASES = [
  { key: 'emodb', config: 'configs/emodb-loso.yaml', target: 8 },
  { key: 'fsdd', config: 'configs/fsdd-loso.yaml', target: 40 },
].filter((c) => !only || c.key === only);
const baselinePath = join('bench', 'results', 'loop-baseline.json');
const baseline = existsSync(baselinePath)
  ? (JSON.parse(readFileSync(baselinePath, 'utf8')) as {
      cases: Record<
        string,
        {
          perFold: { fold: string; pred: string[]; uar: number }[];
          meanUar: number;
          seconds: Record<string, number>;
          cpuSeconds?: { features: number; readouts: number };
        }
      >;
    })
  : null;

let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
} catch {
  // not a git checkout
}
const now = () => performance.now() / 1000;
/** CPU seconds (user + system) of the whole process, every thread included. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const record: Record<string, unknown> = {
  when: new Date().toISOString(),
  commit,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  node: process.version,
  workers,
  loadBefore: os.loadavg(),
  cases: {},
};
console.log(
  `# experiment loop — ${os.cpus().length} cores (${os.cpus()[0]?.model}), Node ${process.version}, ${workers} readout threads, commit ${commit}, load ${load()}`,
);
for (const c of CASES) {
  const cfg = resolveExperimentConfig(readConfigFile(c.config), c.config);
  const seed = cfg.seeds[0]!;
  const lsm = resolveLsmConfig({ ...cfg.lsm, seed });
  const ds = loadConfigDataset(cfg.dataset);
  const folds = makeFolds(ds, cfg.protocolSpec, new Rng(seed).fork('folds'));
  const cacheDir = mkdtempSync(join(os.tmpdir(), 'lsm-loop-'));
  const loadStart = load();
  const c0 = cpu();
  const t0 = now();
  let blocks: Awaited<ReturnType<typeof datasetFeatureSet>>;
  try {
    blocks = await datasetFeatureSet(ds, lsm, { cacheDir });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const tFeat = now() - t0;
  const cFeat = cpu() - c0;
  const busy: Record<ReadoutTaskName, number> = { reduce: 0, inner: 0, fit: 0 };
  const runner = readoutPool(workers, (task, s) => (busy[task] += s));
  const t1 = now();
  const labels = [...ds.labels];
  const done = await Promise.all(folds.map((fold) => evaluateFold(ds, blocks, fold, lsm, labels, runner)));
  const tRead = now() - t1;
  const cRead = cpu() - c0 - cFeat;
  const total = now() - t0;
  const perFold = done.map((d) => ({ fold: d.result.fold, uar: d.result.uar, pred: d.pred }));
  const meanUar = perFold.reduce((a, f) => a + f.uar, 0) / perFold.length;
  const base = baseline?.cases[c.key];
  const identical = base
    ? base.perFold.length === perFold.length &&
      base.perFold.every((b, k) => b.fold === perFold[k]!.fold && JSON.stringify(b.pred) === JSON.stringify(perFold[k]!.pred))
    : null;
  console.log(`\n## ${c.key}: ${c.config}, seed ${seed}, ${ds.utterances.length} utterances, ${folds.length} folds (load at start ${loadStart})`);
  console.log('| stage | seconds | note |');
  console.log('|---|---:|---|');
  console.log(`| features | ${tFeat.toFixed(2)} | wall, empty cache |`);
  console.log(`| scaler + PCA | ${busy.reduce.toFixed(2)} | task time summed over ${workers} thread(s) |`);
  console.log(`| model selection | ${busy.inner.toFixed(2)} | task time summed over ${workers} thread(s) |`);
  console.log(`| final fits | ${busy.fit.toFixed(2)} | task time summed over ${workers} thread(s) |`);
  console.log(`| readouts | ${tRead.toFixed(2)} | wall, all folds (+ predictions and scoring) |`);
  console.log(`| **total** | **${total.toFixed(2)}** | target <= ${c.target} s |`);
  console.log(`CPU seconds (all threads, robust to other load): features ${cFeat.toFixed(2)}, readouts ${cRead.toFixed(2)}`);
  console.log(
    `UAR mean over folds ${(100 * meanUar).toFixed(4)} %; predictions ${identical === null ? 'not compared (no bench/results/loop-baseline.json)' : identical ? 'IDENTICAL to the baseline in every fold' : 'DIFFERENT from the baseline'}`,
  );
  if (base) {
    const b = base.seconds;
    console.log(
      `baseline (bench/loop-baseline.ts, as recorded): features ${b.features!.toFixed(2)}, PCA ${b.pca!.toFixed(2)}, model selection ${b.modelSelection!.toFixed(2)}, final fits ${b.finalFits!.toFixed(2)}, total ${b.total!.toFixed(2)} s${base.cpuSeconds ? `; CPU features ${base.cpuSeconds.features.toFixed(2)}, readouts ${base.cpuSeconds.readouts.toFixed(2)} s` : ''} (UAR ${(100 * base.meanUar).toFixed(4)} %)`,
    );
  }
  (record.cases as Record<string, unknown>)[c.key] = {
    config: c.config,
    seed,
    utterances: ds.utterances.length,
    folds: folds.length,
    loadAtStart: loadStart,
    seconds: { features: tFeat, pca: busy.reduce, modelSelection: busy.inner, finalFits: busy.fit, readoutsWall: tRead, total },
    cpuSeconds: { features: cFeat, readouts: cRead },
    meanUar,
    identicalToBaseline: identical,
    perFold,
  };
}
record.loadAfter = os.loadavg();
writeFileSync(outFile, JSON.stringify(record, null, 1) + '\n');
console.log(`\nload after ${load()}; wrote ${outFile}`);
await closeReadoutPool();
await closeCpuPool();
