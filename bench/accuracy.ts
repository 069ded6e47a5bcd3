/**
 * Accuracy of the default (or a configured) dual-reservoir LSM on the reference protocols,
 * averaged over folds and seeds, with the phase times. Results are written to
 * `bench/results/accuracy.json` (atomically, after each protocol/seed, so an interrupted run
 * keeps what it finished) and printed as a Markdown table.
 *
 *   npx tsx bench/accuracy.ts [--data DIR] [--seeds 1,2,3] [--config FILE]
 *       [--protocols emodb-loso,emodb-kfold10,fsdd-official,fsdd-loso] [--cache DIR] [--out FILE]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../src/experiment/datasets/index.js';
import { evaluateProtocol, type EvaluationResult } from '../src/experiment/pipeline.js';
import { readConfigFile } from '../src/experiment/config-file.js';
import type { Protocol } from '../src/experiment/protocols.js';
import { meanStd } from '../src/readout/metrics.js';
import { readJson, writeJsonAtomic } from '../src/core/fsutil.js';
import { provenance } from '../src/core/provenance.js';
import { closeCpuPool } from '../src/lsm/backends/pool.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = flag('--data') ?? process.env.LSM_SER_DATA ?? '../shared/data';
const seeds = (flag('--seeds') ?? '1,2,3').split(',').map(Number);
const config = flag('--config') ? (readConfigFile(flag('--config')!) as Record<string, unknown>) : {};
const cache = flag('--cache') ?? '.cache/features';
const out = flag('--out') ?? 'bench/results/accuracy.json';
const PROTOCOLS: Record<string, { dataset: string; dir: string; protocol: Protocol }> = {
  'emodb-loso': { dataset: 'emodb', dir: 'emodb-2s', protocol: { kind: 'loso' } },
  'emodb-kfold10': { dataset: 'emodb', dir: 'emodb-2s', protocol: { kind: 'kfold', k: 10, stratify: true } },
  'fsdd-official': { dataset: 'fsdd', dir: 'fsdd', protocol: { kind: 'official' } },
  'fsdd-loso': { dataset: 'fsdd', dir: 'fsdd', protocol: { kind: 'loso' } },
};
const names = (flag('--protocols') ?? Object.keys(PROTOCOLS).join(',')).split(',');

type Row = {
  protocol: string;
  seed: number;
  uar: number;
  wa: number;
  macroF1: number;
  foldUar: number[];
  foldWa: number[];
  featureSeconds: number;
  readoutSeconds: number;
};
const store = (existsSync(out) ? (readJson(out) as { rows?: Row[] }) : {}) as { rows?: Row[] };
// rows of an earlier run count only when it had the same config
const sameConfig = JSON.stringify((store as Record<string, unknown>).config ?? {}) === JSON.stringify(config);
const rows: Row[] = sameConfig ? [...(store.rows ?? [])] : [];
for (const name of names) {
  const p = PROTOCOLS[name];
  if (!p) throw new RangeError(`--protocols: unknown "${name}" (known: ${Object.keys(PROTOCOLS).join(', ')})`);
  const ds = loadDataset(p.dataset, join(data, p.dir));
  for (const seed of seeds) {
    if (rows.some((r) => r.protocol === name && r.seed === seed)) continue; // resume
    const res: EvaluationResult = await evaluateProtocol(ds, { ...config, seed }, p.protocol, { cacheDir: cache });
    rows.push({
      protocol: name,
      seed,
      uar: res.uar.mean,
      wa: res.wa.mean,
      macroF1: res.macroF1.mean,
      foldUar: res.folds.map((f) => f.uar),
      foldWa: res.folds.map((f) => f.wa),
      featureSeconds: res.featureSeconds,
      readoutSeconds: res.readoutSeconds,
    });
    writeJsonAtomic(out, { config, rows, provenance: provenance() });
    console.log(
      `${name} seed ${seed}: UAR ${(res.uar.mean * 100).toFixed(1)} +- ${(res.uar.std * 100).toFixed(1)}, WA ${(res.wa.mean * 100).toFixed(1)}; features ${res.featureSeconds.toFixed(1)} s, readout ${res.readoutSeconds.toFixed(1)} s`,
    );
  }
}
const pct = (x: number) => (100 * x).toFixed(1);
console.log('\n| protocol | seeds | UAR (mean +- std over folds, all seeds) | WA | macro-F1 | UAR std over seeds | features s | readout s |');
console.log('|---|---|---|---|---|---|---|---|');
for (const name of names) {
  const r = rows.filter((x) => x.protocol === name);
  if (!r.length) continue;
  const fu = meanStd(r.flatMap((x) => x.foldUar));
  const fw = meanStd(r.flatMap((x) => x.foldWa));
  const f1 = meanStd(r.map((x) => x.macroF1));
  const su = meanStd(r.map((x) => x.uar));
  const fs = meanStd(r.map((x) => x.featureSeconds));
  const rs = meanStd(r.map((x) => x.readoutSeconds));
  console.log(
    `| ${name} | ${r.map((x) => x.seed).join(',')} | ${pct(fu.mean)} +- ${pct(fu.std)} | ${pct(fw.mean)} +- ${pct(fw.std)} | ${pct(f1.mean)} | ${pct(su.std)} | ${fs.mean.toFixed(1)} | ${rs.mean.toFixed(1)} |`,
  );
}
await closeCpuPool();
