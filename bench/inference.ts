/**
 * Cold inference cost of every compared model: trained on the first leave-one-speaker-out fold
 * (deep models for 2 epochs only: inference cost does not depend on training length), then
 * timed on fresh copies of the test fold's clean clips with every feature computed afresh
 * (front end, reservoirs or spectrograms, model). Prints ms per utterance per model.
 *
 *   LSM_SER_DATA=../shared/data npx tsx bench/inference.ts [--datasets emodb,fsdd]
 */
import os from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolveCompareConfig } from '../src/experiment/compare-config.js';
import { runCompare } from '../src/experiment/compare.js';

const args = process.argv.slice(2);
const i = args.indexOf('--datasets');
const datasets = (i >= 0 ? args[i + 1]! : 'emodb,fsdd').split(',');
const setups: Record<string, { path: string; rate: number; folds: number; lsm: object }> = {
  emodb: { path: 'emodb-2s', rate: 16000, folds: 8, lsm: {} },
  fsdd: { path: 'fsdd', rate: 8000, folds: 5, lsm: { frontEnd: { lpcOrder: 10, prosody: false } } },
};
const out = mkdtempSync(join(tmpdir(), 'lsm-ser-inference-'));
console.log(`# cold inference, ms per utterance (features included, no caches); ${os.cpus()[0]?.model} x ${os.cpus().length}, Node ${process.versions.node}`);
for (const d of datasets) {
  const s = setups[d];
  if (!s) throw new RangeError(`--datasets: unknown "${d}" (emodb, fsdd)`);
  const cfg = resolveCompareConfig({
    name: `inference-${d}`,
    dataset: { name: d, path: s.path },
    rate: s.rate,
    lsm: s.lsm,
    deep: { epochs: 2, patience: 2 },
    noise: false,
  });
  const r = await runCompare(cfg, { out, cacheDir: join(out, 'cache'), shard: { index: 0, count: s.folds } });
  for (const rec of r.records)
    console.log(
      `${d.padEnd(6)} ${rec.model.padEnd(14)} ${rec.inferMsPerUtterance.toFixed(2).padStart(8)} ms/utt  (${rec.conditions.clean!.n} test utterances, ${rec.fold})`,
    );
}
