/**
 * Readout costs: PCA through ml-pca (SVD) vs our Gram-matrix path on wide data (reservoir
 * states: few hundred utterances x thousands of features), and the SVM backends (libsvm WASM
 * one-vs-one vs ml-svm one-vs-rest) on 500 x 200, 7 classes: fit + predict time, accuracy, and
 * whether ml-svm's results change between runs. Synthetic data with a decaying spectrum.
 *
 *   npx tsx bench/readout.ts [--skip-wide-mlpca] [--covariance] [--reps R]
 */
import os from 'node:os';
import { Rng } from '../src/core/rng.js';
import type { Mat } from '../src/core/matrix.js';
import { Pca, SvmClassifier, loadLibsvm } from '../src/readout/index.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const reps = Number(flag('--reps') ?? 3);

/** n x d data: 50 latent factors with scales 1/(1+q/5), plus unit noise. */
function lowRankPlusNoise(n: number, d: number, rng: Rng): Mat {
  const r = 50;
  const A = Float64Array.from({ length: n * r }, () => rng.normal());
  const B = Float64Array.from({ length: r * d }, () => rng.normal());
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < r; q++) {
      const a = (A[i * r + q]! * 3) / (1 + q / 5);
      for (let j = 0; j < d; j++) X[i * d + j]! += a * B[q * d + j]!;
    }
    for (let j = 0; j < d; j++) X[i * d + j]! += rng.normal();
  }
  return { data: X, rows: n, cols: d };
}

function seconds<T>(f: () => T): [T, number] {
  const t = performance.now();
  const v = f();
  return [v, (performance.now() - t) / 1000];
}

/** Largest 1 - |cos| between matching components of two fits (0 = same directions). */
function maxAngleDefect(a: Pca, b: Pca, k: number): number {
  let worst = 0;
  const d = a.mean.length;
  for (let j = 0; j < k; j++) {
    let dot = 0;
    for (let q = 0; q < d; q++) dot += a.components.data[q * a.k + j]! * b.components.data[q * b.k + j]!;
    worst = Math.max(worst, 1 - Math.abs(dot));
  }
  return worst;
}

console.log(`# lsm-ser readout benchmark — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}\n`);
console.log('## PCA, 64 components (seconds, one run each)\n');
console.log('| data | ml-pca (SVD) | Gram (ours) | covariance (ours) | ml-pca / Gram | max 1-|cos| over 20 comps | max rel. variance diff |');
console.log('|---|---|---|---|---|---|---|');
for (const [n, d] of [
  [500, 2000],
  [300, 8000],
] as const) {
  const X = lowRankPlusNoise(n, d, new Rng(1).fork(`pca/${n}x${d}`));
  const [gram, tg] = seconds(() => Pca.fit(X, { nComponents: 64, method: 'gram' }));
  let ml: Pca | null = null;
  let tm = Number.NaN;
  if (!(d > 2000 && args.includes('--skip-wide-mlpca'))) [ml, tm] = seconds(() => Pca.fit(X, { nComponents: 64, method: 'ml-pca' }));
  let tc = Number.NaN;
  if (args.includes('--covariance') && d <= 2000) [, tc] = seconds(() => Pca.fit(X, { nComponents: 64, method: 'covariance' }));
  const angle = ml ? maxAngleDefect(gram, ml, 20).toExponential(1) : '-';
  const varDiff = ml ? Math.max(...Array.from(gram.explainedVariance, (v, j) => Math.abs(v - ml!.explainedVariance[j]!) / v)).toExponential(1) : '-';
  const f = (t: number) => (Number.isNaN(t) ? 'skipped' : t.toFixed(2));
  console.log(`| ${n} x ${d} | ${f(tm)} | ${f(tg)} | ${f(tc)} | ${Number.isNaN(tm) ? '-' : (tm / tg).toFixed(1) + 'x'} | ${angle} | ${varDiff} |`);
}

// SVM: 7 classes, 200 features, 500 training rows, 500 test rows.
function blobs(n: number, d: number, k: number, sep: number, rng: Rng): { X: Mat; y: string[] } {
  const X = Float64Array.from({ length: n * d }, () => rng.normal());
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y.push(`c${c}`);
    for (let j = 0; j < d; j++) if (j % k === c) X[i * d + j]! += sep;
  }
  return { X: { data: X, rows: n, cols: d }, y };
}
const rng = new Rng(2);
const train = blobs(500, 200, 7, 0.45, rng.fork('train'));
const test = blobs(500, 200, 7, 0.45, rng.fork('test'));
await loadLibsvm(); // WASM load outside the timings

console.log(`\n## SVM, RBF, C = 1, gamma = 'scale', 500 x 200 train / 500 test, 7 classes (best of ${reps})\n`);
console.log('| backend | fit + predict (s) | test accuracy | same seed, same model? | predictions differing between seeds |');
console.log('|---|---|---|---|---|');
const results: Record<string, { t: number; acc: number; json: string; pred: string[] }[]> = {};
for (const backend of ['libsvm', 'ml-svm'] as const) {
  results[backend] = [];
  for (let r = 0; r < reps; r++) {
    const seed = r < 2 ? 7 : 7 + r; // runs 0 and 1 share a seed; later runs use other seeds
    const t0 = performance.now();
    let m: SvmClassifier;
    try {
      m = await SvmClassifier.fit(train.X, train.y, { backend }, new Rng(seed));
    } catch (e) {
      console.log(`| ${backend} | failed: ${(e as Error).message} | | | |`);
      continue;
    }
    const pred = m.predict(test.X);
    const t = (performance.now() - t0) / 1000;
    results[backend].push({ t, acc: pred.filter((p, i) => p === test.y[i]).length / pred.length, json: JSON.stringify(m), pred });
  }
  const rs = results[backend];
  if (rs.length === 0) continue;
  const same = rs.length >= 2 ? (rs[0]!.json === rs[1]!.json ? 'yes' : 'no') : '-';
  const differing = rs.slice(2).map((r) => r.pred.filter((p, i) => p !== rs[0]!.pred[i]).length);
  const accs = rs.map((r) => (r.acc * 100).toFixed(1));
  console.log(
    `| ${backend} | ${Math.min(...rs.map((r) => r.t)).toFixed(2)} | ${[...new Set(accs)].join(' / ')} % | ${same} | ${differing.length ? differing.join(', ') + ' of 500' : '-'} |`,
  );
}
const lib = results.libsvm ?? [];
const mls = results['ml-svm'] ?? [];
if (lib.length && mls.length) console.log(`\nml-svm / libsvm time: ${(Math.min(...mls.map((r) => r.t)) / Math.min(...lib.map((r) => r.t))).toFixed(1)}x`);
console.log('(libsvm does not depend on the seed; ml-svm is seeded through our Rng: one stream per one-vs-rest class.)');
