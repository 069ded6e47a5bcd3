/**
 * Which descriptor groups of the ComParE-style set carry `compare-svm`'s accuracy: Emo-DB-2s
 * leave-one-speaker-out (seed 1) with the same per-speaker z-scoring, principal components and
 * linear SVM as `compare-svm`, on the whole set and with one LLD group (or the deltas) left
 * out. Features are computed once per utterance (16 kHz, silence trimmed, as `lsm-ser
 * compare`); the subset `all` reproduces `compare-svm`'s seed-1 folds exactly (same generator
 * paths).
 *
 *   LSM_SER_DATA=../shared/data npx tsx bench/compare-set-ablation.ts [--subsets all,-energy,-bands,-mfcc,-spectral,-voicing,-deltas]
 */
import os from 'node:os';
import { Rng } from '../src/core/rng.js';
import { loadConfigDataset } from '../src/experiment/results-folder.js';
import { makeFolds } from '../src/experiment/protocols.js';
import { loadAudio } from '../src/sourcefilter/load.js';
import { COMPARE_FEATURE_NAMES, compareFeatures } from '../src/sourcefilter/compare-set/index.js';
import { standardizeByGroup } from '../src/readout/scaler.js';
import { Readout } from '../src/readout/readout.js';
import { classificationReport } from '../src/readout/metrics.js';
import { COMPARE_SVM_DEFAULT_C, COMPARE_SVM_PCA_VARIANCE } from '../src/baselines/compare-svm.js';

const GROUPS: Record<string, (lld: string) => boolean> = {
  energy: (l) => ['loudness', 'audspecRasta_sum', 'rms', 'zcr'].includes(l),
  bands: (l) => l.startsWith('audspecRasta['),
  mfcc: (l) => l.startsWith('mfcc['),
  voicing: (l) => ['voicingProb', 'F0', 'logHNR', 'jitterLocal', 'jitterDDP', 'shimmerLocal'].includes(l),
};
GROUPS.spectral = (l) => !Object.entries(GROUPS).some(([k, f]) => k !== 'spectral' && f(l));

const args = process.argv.slice(2);
const ai = args.indexOf('--subsets');
const subsets = (ai >= 0 ? args[ai + 1]! : 'all,-energy,-bands,-mfcc,-spectral,-voicing,-deltas').split(',');
const lldOf = (name: string) => name.replace(/(_de)?_[^_]+$/, '');
const isDelta = (name: string) => /_de_[^_]+$/.test(name);
function columns(subset: string): number[] {
  const keep = (name: string): boolean => {
    if (subset === 'all') return true;
    if (subset === '-deltas') return !isDelta(name);
    const m = /^([+-])(\w+)$/.exec(subset);
    const g = m ? GROUPS[m[2]!] : undefined;
    if (!m || !g) throw new RangeError(`--subsets: "${subset}" is not all, -deltas, -GROUP or +GROUP (groups: ${Object.keys(GROUPS).join(', ')})`);
    return m[1] === '-' ? !g(lldOf(name)) : g(lldOf(name));
  };
  return COMPARE_FEATURE_NAMES.flatMap((n, i) => (keep(n) ? [i] : []));
}

const ds = loadConfigDataset({ name: 'emodb', path: 'emodb-2s' });
const t0 = performance.now();
const feats = ds.utterances.map((u) => compareFeatures(loadAudio(u.file, { rate: 16000 })));
const featS = (performance.now() - t0) / 1000;
const folds = makeFolds(ds, { kind: 'loso' }, new Rng(1).fork('folds'));
const labels = [...ds.labels];
console.log(
  `# compare-svm ablation, Emo-DB-2s LOSO (${folds.length} folds), seed 1; features ${featS.toFixed(0)} s for ${ds.utterances.length} files; ${os.cpus()[0]?.model} x ${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(1)}`,
);
console.log('| subset | features | UAR % (mean +- std over folds) | WA % | s |');
console.log('|---|---:|---|---:|---:|');
for (const subset of subsets) {
  const cols = columns(subset);
  const t1 = performance.now();
  const uars: number[] = [];
  const was: number[] = [];
  for (const fold of folds) {
    const mat = (idx: number[]) => {
      const data = new Float64Array(idx.length * cols.length);
      idx.forEach((u, r) => cols.forEach((c, j) => (data[r * cols.length + j] = feats[u]![c]!)));
      return standardizeByGroup(
        { data, rows: idx.length, cols: cols.length },
        idx.map((u) => ds.utterances[u]!.speaker),
      );
    };
    const readout = await Readout.fit(
      [mat(fold.train)],
      fold.train.map((u) => ds.utterances[u]!.label),
      { pca: COMPARE_SVM_PCA_VARIANCE, whiten: false, kernel: 'linear', C: COMPARE_SVM_DEFAULT_C, gamma: ['scale'], innerFolds: 4 },
      new Rng(1).fork(`compare-svm/${fold.name}`),
      { groups: fold.train.map((u) => ds.utterances[u]!.speaker) },
    );
    const rep = classificationReport(
      fold.test.map((u) => ds.utterances[u]!.label),
      readout.predict([mat(fold.test)]),
      labels,
    );
    uars.push(rep.uar);
    was.push(rep.wa);
  }
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(mean(uars.map((u) => (u - mean(uars)) ** 2)));
  console.log(
    `| ${subset} | ${cols.length} | ${(100 * mean(uars)).toFixed(1)} +- ${(100 * sd).toFixed(1)} | ${(100 * mean(was)).toFixed(1)} | ${((performance.now() - t1) / 1000).toFixed(0)} |`,
  );
}
