/**
 * The experiment loop as it was at the start of issue 17 (commit 03780f1), with each stage
 * timed: features (empty cache), per fold the scaler + PCA, the grid search and the final fit,
 * exactly as `Readout.fit` of that commit ran them (one thread, every inner fit from scratch).
 * Kept so the before/after pair can be re-measured; it uses only exports that both the old and
 * the new code have. Prints per-stage seconds and the per-fold predictions' UAR, and writes a
 * JSON record (predictions included) to bench/results/loop-baseline.json.
 *
 *   npx tsx bench/loop-baseline.ts [--only emodb|fsdd] [--out FILE]
 *
 * Run it in a checkout of the start commit (e.g. `git archive 03780f1 | tar -x -C DIR`, this
 * file copied in, node_modules linked): on later commits its primitives are the faster ones.
 */
import os from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';
import { hconcat, selectRows, type Mat } from '../src/core/matrix.js';
import { readConfigFile } from '../src/experiment/config-file.js';
import { resolveExperimentConfig } from '../src/experiment/experiment-config.js';
import { loadConfigDataset } from '../src/experiment/results-folder.js';
import { makeFolds } from '../src/experiment/protocols.js';
import { resolveLsmConfig } from '../src/experiment/lsm-config.js';
import { datasetFeatures, readoutOptions } from '../src/experiment/pipeline.js';
import { StandardScaler, Pca, gridSearchSvm, SvmClassifier, classificationReport, resolveReadoutOptions } from '../src/readout/index.js';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const CASES = [
  { key: 'emodb', config: 'configs/emodb-loso.yaml' },
  { key: 'fsdd', config: 'configs/fsdd-loso.yaml' },
].filter((c) => !only || c.key === only);

const now = () => performance.now() / 1000;
/** CPU seconds (user + system) of the whole process, every thread included. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const record: Record<string, unknown> = {
  when: new Date().toISOString(),
  commit: 'see git',
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  node: process.version,
  loadBefore: os.loadavg(),
  cases: {},
};
console.log(
  `# loop baseline (one thread, Readout.fit stages replicated) — ${os.cpus().length} cores (${os.cpus()[0]?.model}), load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (const c of CASES) {
  const cfg = resolveExperimentConfig(readConfigFile(c.config), c.config);
  const seed = cfg.seeds[0]!;
  const lsm = resolveLsmConfig({ ...cfg.lsm, seed });
  const ds = loadConfigDataset(cfg.dataset);
  const folds = makeFolds(ds, cfg.protocolSpec, new Rng(seed).fork('folds'));
  const cacheDir = mkdtempSync(join(os.tmpdir(), 'lsm-loop-'));
  const c0 = cpu();
  const t0 = now();
  const blocks = await datasetFeatures(ds, lsm, { cacheDir });
  const tFeat = now() - t0;
  const cFeat = cpu() - c0;
  const c1 = cpu();
  rmSync(cacheDir, { recursive: true, force: true });
  const o = resolveReadoutOptions(readoutOptions(lsm));
  let tPca = 0;
  let tSearch = 0;
  let tFit = 0;
  const perFold: { fold: string; uar: number; pred: string[]; C: number }[] = [];
  for (const fold of folds) {
    const rng = new Rng(lsm.seed).fork(`readout/${fold.name}`);
    const y = fold.train.map((i) => ds.utterances[i]!.label);
    const groups = fold.train.map((i) => ds.utterances[i]!.speaker);
    let t = now();
    const tr = blocks.map((b) => selectRows(b, fold.train));
    const te = blocks.map((b) => selectRows(b, fold.test));
    const redTr: Mat[] = [];
    const redTe: Mat[] = [];
    tr.forEach((b, i) => {
      const s = StandardScaler.fit(b);
      const z = s.transform(b);
      const cap = Math.min(b.rows - 1, b.cols);
      if (o.pca > 0 && (o.pca < 1 || o.pca < cap)) {
        const p = Pca.fit(z, { ...(o.pca < 1 ? { varianceFraction: o.pca } : { nComponents: o.pca }), whiten: o.whiten, method: o.pcaMethod });
        redTr.push(p.transform(z));
        redTe.push(p.transform(s.transform(te[i]!)));
      } else {
        redTr.push(z);
        redTe.push(s.transform(te[i]!));
      }
    });
    const X = hconcat(redTr);
    const Xte = hconcat(redTe);
    tPca += now() - t;
    t = now();
    const base = { backend: o.svm, kernel: o.kernel, classWeight: o.classWeight } as const;
    const r = await gridSearchSvm(X, y, { ...base, Cs: o.C, gammas: o.gamma, folds: o.innerFolds, metric: o.metric, groups }, rng.fork('search'));
    tSearch += now() - t;
    t = now();
    const svm = await SvmClassifier.fit(X, y, { ...base, C: r.best.C, gamma: r.best.gamma }, rng.fork('svm'));
    const pred = svm.predict(Xte);
    tFit += now() - t;
    const rep = classificationReport(
      fold.test.map((i) => ds.utterances[i]!.label),
      pred,
      [...ds.labels],
    );
    perFold.push({ fold: fold.name, uar: rep.uar, pred, C: r.best.C });
  }
  const total = now() - t0;
  const cRead = cpu() - c1;
  const meanUar = perFold.reduce((a, f) => a + f.uar, 0) / perFold.length;
  console.log(`\n## ${c.key} (${c.config}, seed ${seed}, ${ds.utterances.length} utterances, ${folds.length} folds)`);
  console.log(
    `features ${tFeat.toFixed(2)} s | scaler+PCA ${tPca.toFixed(2)} s | model selection ${tSearch.toFixed(2)} s | final fits ${tFit.toFixed(2)} s | total ${total.toFixed(2)} s (wall); CPU: features ${cFeat.toFixed(2)} s, readouts ${cRead.toFixed(2)} s`,
  );
  console.log(
    `UAR mean over folds ${(100 * meanUar).toFixed(4)} %; per fold ${perFold.map((f) => `${f.fold}: ${(100 * f.uar).toFixed(2)} (C=${f.C})`).join(', ')}`,
  );
  (record.cases as Record<string, unknown>)[c.key] = {
    config: c.config,
    seed,
    utterances: ds.utterances.length,
    seconds: { features: tFeat, pca: tPca, modelSelection: tSearch, finalFits: tFit, total },
    cpuSeconds: { features: cFeat, readouts: cRead },
    meanUar,
    perFold,
  };
}
record.loadAfter = os.loadavg();
writeFileSync(
  args.includes('--out') ? args[args.indexOf('--out') + 1]! : join('bench', 'results', only ? `loop-baseline-${only}.json` : 'loop-baseline.json'),
  JSON.stringify(record, null, 1) + '\n',
);
