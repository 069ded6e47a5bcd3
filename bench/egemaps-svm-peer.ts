/**
 * Separates features from classifier in `egemaps-svm`'s UAR: the same leave-one-speaker-out
 * pipeline (per-speaker z-scoring, linear SVM with balanced class weights, C in
 * {0.001, 0.01, 0.1, 1, 10} by speaker-grouped 4-fold inner CV, seed 1) on openSMILE 3.0.1's
 * eGeMAPS functionals (the peer's reference CSV) and on ours, over the same Emo-DB-2s files.
 *
 *   npx tsx bench/egemaps-svm-peer.ts [--dataset emodb-2s] [--out FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';
import type { Mat } from '../src/core/matrix.js';
import { readWav } from '../src/sourcefilter/wav.js';
import { EGEMAPS_FUNCTIONAL_NAMES, egemapsFunctionals, egemapsLlds, parseOpenSmileCsv } from '../src/sourcefilter/egemaps/index.js';
import { Readout } from '../src/readout/readout.js';
import { standardizeByGroup } from '../src/readout/scaler.js';
import { classificationReport } from '../src/readout/metrics.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = process.env.LSM_SER_DATA ?? '/work/shared/data';
const peers = process.env.LSM_SER_PEERS ?? '/work/shared/peers';
const ds = flag('--dataset') ?? 'emodb-2s';
const outFile = flag('--out') ?? `bench/results/egemaps-svm-peer-${ds}.json`;
const EMOTION: Record<string, string> = { W: 'anger', L: 'boredom', E: 'disgust', A: 'fear', F: 'happiness', T: 'sadness', N: 'neutral' };

const ref = parseOpenSmileCsv(readFileSync(join(peers, 'opensmile', 'reference', `egemaps-v02-functionals-${ds}.csv`), 'utf8'), ds);
const names = [...ref.rows.keys()].sort();
const labels = names.map((n) => EMOTION[n[5]!]!);
const speakers = names.map((n) => n.slice(0, 2));
const classes = [...new Set(labels)].sort();
const d = EGEMAPS_FUNCTIONAL_NAMES.length;
const theirs = new Float64Array(names.length * d);
const ours = new Float64Array(names.length * d);
const t0 = performance.now();
names.forEach((n, i) => {
  const r = ref.rows.get(n)![0]!;
  EGEMAPS_FUNCTIONAL_NAMES.forEach((fn, j) => {
    theirs[i * d + j] = r[ref.names.indexOf(fn)]!;
  });
  ours.set(egemapsFunctionals(egemapsLlds(readWav(join(data, ds, `${n}.wav`)))), i * d);
});
const featureSeconds = (performance.now() - t0) / 1000;

async function loso(x: Float64Array): Promise<{ uar: number; folds: number[] }> {
  const z = standardizeByGroup({ data: x, rows: names.length, cols: d }, speakers);
  const folds: number[] = [];
  for (const s of [...new Set(speakers)].sort()) {
    const tr = names.map((_, i) => i).filter((i) => speakers[i] !== s);
    const te = names.map((_, i) => i).filter((i) => speakers[i] === s);
    const rows = (idx: number[]): Mat => {
      const m = new Float64Array(idx.length * d);
      idx.forEach((i, k) => m.set(z.data.subarray(i * d, (i + 1) * d), k * d));
      return { data: m, rows: idx.length, cols: d };
    };
    const ro = await Readout.fit(
      [rows(tr)],
      tr.map((i) => labels[i]!),
      { pca: 0, kernel: 'linear', C: [0.001, 0.01, 0.1, 1, 10], gamma: ['scale'], innerFolds: 4 },
      new Rng(1).fork(`fold/${s}`),
      { groups: tr.map((i) => speakers[i]!) },
    );
    const pred = ro.predict([rows(te)]);
    folds.push(
      classificationReport(
        te.map((i) => labels[i]!),
        pred,
        classes,
      ).uar,
    );
  }
  return { uar: folds.reduce((a, b) => a + b, 0) / folds.length, folds };
}
const a = await loso(theirs);
const b = await loso(ours);
const pct = (v: number) => (100 * v).toFixed(1);
console.log(`${ds}, LOSO over ${new Set(speakers).size} speakers, ${names.length} files; linear SVM, per-speaker z-scoring`);
console.log(`openSMILE eGeMAPS functionals: UAR ${pct(a.uar)} % (folds ${a.folds.map(pct).join(' ')})`);
console.log(`lsm-ser eGeMAPS functionals:   UAR ${pct(b.uar)} % (folds ${b.folds.map(pct).join(' ')})`);
writeFileSync(
  outFile,
  `${JSON.stringify({ date: new Date().toISOString(), dataset: ds, files: names.length, featureSeconds, openSmile: a, ours: b }, null, 2)}\n`,
);
console.log(`wrote ${outFile}`);
