/**
 * The accuracy cost of predicting utterances one at a time (each with the model's training-set
 * statistics, `LsmModel.predict` without --speakers/--enroll) against the per-speaker
 * standardization of evaluation (every test utterance of the speaker standardized together),
 * on Emo-DB-2s leave-one-speaker-out: the same features, the same readout per fold, only the
 * test standardization differs. Prints a Markdown table and writes bench/results/single-file.json.
 *
 *   npx tsx bench/single-file.ts [--data DIR] [--seed 1] [--cache DIR]
 */
import { join } from 'node:path';
import { selectRows } from '../src/core/matrix.js';
import { Rng } from '../src/core/rng.js';
import { writeJsonAtomic } from '../src/core/fsutil.js';
import { provenance } from '../src/core/provenance.js';
import { loadDataset } from '../src/experiment/datasets/index.js';
import { datasetFeatures, fitFallbackScaler, readoutOptions, speakerNormalize } from '../src/experiment/pipeline.js';
import { resolveLsmConfig } from '../src/experiment/lsm-config.js';
import { makeFolds } from '../src/experiment/protocols.js';
import { Readout } from '../src/readout/readout.js';
import { classificationReport, meanStd } from '../src/readout/metrics.js';
import { closeCpuPool } from '../src/lsm/backends/pool.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = flag('--data') ?? process.env.LSM_SER_DATA ?? '../shared/data';
const seed = Number(flag('--seed') ?? '1');
const cache = flag('--cache') ?? '.cache/features';

const ds = loadDataset('emodb', join(data, 'emodb-2s'));
const config = resolveLsmConfig({ seed });
const t0 = performance.now();
// raw features (no per-speaker standardization): each fold standardizes them itself
const raw = await datasetFeatures(ds, { ...config, readout: { ...config.readout, speakerNormalization: false } }, { cacheDir: cache });
const featureSeconds = (performance.now() - t0) / 1000;
const folds = makeFolds(ds, { kind: 'loso' }, new Rng(seed).fork('folds'));
const speakers = ds.utterances.map((u) => u.speaker);
const rows: { fold: string; n: number; perSpeaker: number; oneAtATime: number }[] = [];
for (const fold of folds) {
  const trSpk = fold.train.map((i) => speakers[i]!);
  const train = speakerNormalize(
    raw.map((b) => selectRows(b, fold.train)),
    trSpk,
  );
  const readout = await Readout.fit(
    train,
    fold.train.map((i) => ds.utterances[i]!.label),
    readoutOptions(config),
    new Rng(config.seed).fork(`readout/${fold.name}`),
    { groups: trSpk },
  );
  const truth = fold.test.map((i) => ds.utterances[i]!.label);
  const perSpeaker = readout.predict(
    speakerNormalize(
      raw.map((b) => selectRows(b, fold.test)),
      fold.test.map((i) => speakers[i]!),
    ),
  );
  const fallback = raw.map((b) => fitFallbackScaler(selectRows(b, fold.train), trSpk));
  const alone = readout.predict(raw.map((b, k) => fallback[k]!.transform(selectRows(b, fold.test)))); // row-wise: each utterance alone
  const a = classificationReport(truth, perSpeaker, ds.labels).uar;
  const b = classificationReport(truth, alone, ds.labels).uar;
  rows.push({ fold: fold.name, n: fold.test.length, perSpeaker: a, oneAtATime: b });
}
await closeCpuPool();
const p = (x: number) => (100 * x).toFixed(1);
const ms = (k: 'perSpeaker' | 'oneAtATime') => meanStd(rows.map((r) => r[k]));
const lines = [
  '| fold | n | UAR per speaker % | UAR one at a time % |',
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.fold} | ${r.n} | ${p(r.perSpeaker)} | ${p(r.oneAtATime)} |`),
  `| mean +- std | ${ds.utterances.length} | ${p(ms('perSpeaker').mean)} +- ${p(ms('perSpeaker').std)} | ${p(ms('oneAtATime').mean)} +- ${p(ms('oneAtATime').std)} |`,
];
process.stdout.write(lines.join('\n') + `\n\nfeatures ${featureSeconds.toFixed(0)} s, seed ${seed}\n`);
writeJsonAtomic('bench/results/single-file.json', {
  dataset: 'emodb-2s',
  protocol: 'loso',
  seed,
  folds: rows,
  perSpeaker: ms('perSpeaker'),
  oneAtATime: ms('oneAtATime'),
  featureSeconds,
  provenance: provenance(),
});
