/**
 * Model files under a config, on Emo-DB-2s leave-one-speaker-out, through the real
 * `LsmModel.train` / `predict` of `lsm-ser train` / `predict`: per fold, a model trained on the
 * training speakers predicts the held-out speaker's files (a) per speaker (`--speakers`: all
 * its files standardized together, as in evaluation), (b) one at a time (no `--speakers`: the
 * stored training-set statistics, of the features and, with `frontEnd.channelNormalization:
 * speaker`, of the input channels), and for such a config (c) one at a time with the channels
 * z-scored over the file itself (what a lone file got without stored channel moments). Prints a
 * Markdown table and writes the JSON.
 *
 *   npx tsx bench/single-file-model.ts --config FILE [--data DIR] [--seed 1] [--cache DIR] [--out FILE]
 */
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';
import { writeJsonAtomic } from '../src/core/fsutil.js';
import { provenance } from '../src/core/provenance.js';
import { loadDataset } from '../src/experiment/datasets/index.js';
import { readConfigFile } from '../src/experiment/config-file.js';
import { LsmModel } from '../src/experiment/pipeline.js';
import { resolveLsmConfig } from '../src/experiment/lsm-config.js';
import { makeFolds } from '../src/experiment/protocols.js';
import { classificationReport, meanStd } from '../src/readout/metrics.js';
import { closeCpuPool } from '../src/lsm/backends/pool.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const configPath = flag('--config');
if (!configPath) throw new RangeError('--config FILE is required');
const data = flag('--data') ?? process.env.LSM_SER_DATA ?? '../shared/data';
const seed = Number(flag('--seed') ?? '1');
const cache = flag('--cache') ?? '.cache/features';
const out = flag('--out') ?? 'bench/results/single-file-model.json';

const ds = loadDataset('emodb', join(data, 'emodb-2s'));
const config = resolveLsmConfig({ ...(readConfigFile(configPath) as Record<string, unknown>), seed }, configPath);
const bySpeakerChannels = config.frontEnd.channelNormalization === 'speaker';
const folds = makeFolds(ds, { kind: 'loso' }, new Rng(seed).fork('folds'));
type Row = { fold: string; n: number; perSpeaker: number; oneAtATime: number; selfChannels: number | null };
const rows: Row[] = [];
const t0 = performance.now();
for (const fold of folds) {
  const model = await LsmModel.train(ds, config, { indices: fold.train, cacheDir: cache });
  const test = fold.test.map((i) => ds.utterances[i]!);
  const files = test.map((u) => u.file);
  const truth = test.map((u) => u.label);
  const uar = (pred: { label: string }[]) =>
    classificationReport(
      truth,
      pred.map((p) => p.label),
      ds.labels,
    ).uar;
  const per = await model.predict(files, { speakers: test.map((u) => u.speaker), cacheDir: cache });
  const alone = await model.predict(files, { cacheDir: cache });
  let selfChannels: number | null = null;
  if (bySpeakerChannels) {
    // the same model, its lone files' channels z-scored over themselves
    const j = JSON.parse(JSON.stringify(model.toJSON()));
    j.config.frontEnd.channelNormalization = 'utterance';
    delete j.channelStandardization;
    selfChannels = uar(await LsmModel.load(j, 'self-channels').predict(files, { cacheDir: cache }));
  }
  rows.push({ fold: fold.name, n: files.length, perSpeaker: uar(per), oneAtATime: uar(alone), selfChannels });
  process.stderr.write(`${fold.name}: ${JSON.stringify(rows.at(-1))}\n`);
}
await closeCpuPool();
const seconds = (performance.now() - t0) / 1000;
const p = (x: number) => (100 * x).toFixed(1);
const ms = (xs: number[]) => meanStd(xs);
const col = (k: 'perSpeaker' | 'oneAtATime' | 'selfChannels') => ms(rows.map((r) => r[k] ?? Number.NaN));
const fmt = (m: { mean: number; std: number }) => (Number.isNaN(m.mean) ? '-' : `${p(m.mean)} +- ${p(m.std)}`);
const lines = [
  '| fold | n | UAR per speaker % | UAR one at a time (training-set statistics) % | one at a time, channels z-scored over the file % |',
  '|---|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.fold} | ${r.n} | ${p(r.perSpeaker)} | ${p(r.oneAtATime)} | ${r.selfChannels === null ? '-' : p(r.selfChannels)} |`),
  `| mean +- std | ${ds.utterances.length} | ${fmt(col('perSpeaker'))} | ${fmt(col('oneAtATime'))} | ${fmt(col('selfChannels'))} |`,
];
process.stdout.write(`${lines.join('\n')}\n\nconfig ${configPath}, seed ${seed}, ${seconds.toFixed(0)} s\n`);
writeJsonAtomic(out, {
  dataset: 'emodb-2s',
  protocol: 'loso',
  config: configPath,
  seed,
  folds: rows,
  perSpeaker: col('perSpeaker'),
  oneAtATime: col('oneAtATime'),
  selfChannels: bySpeakerChannels ? col('selfChannels') : null,
  seconds,
  provenance: provenance(),
});
