/**
 * Model files with `features.combine: input+reservoir | input+residual`: LsmModel.train +
 * predict give exactly what a fold readout of the pipeline (fitFoldRepresentation on
 * datasetFeatureSet) gives on the same fold, the model file round-trips, and a corrupted
 * residualizer or a block-count mismatch is refused naming the file and the field.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { loadCsvManifest } from '../../src/experiment/datasets/csv.js';
import { loadDataset } from '../../src/experiment/datasets/index.js';
import type { Dataset } from '../../src/experiment/manifest.js';
import type { LsmConfigInput } from '../../src/experiment/lsm-config.js';
import { datasetFeatureSet, LsmModel } from '../../src/experiment/pipeline.js';
import { fitFoldRepresentation } from '../../src/experiment/representation.js';
import { lsmModelSpec } from '../../src/experiment/lsm-model-spec.js';
import { BlockResidualizer } from '../../src/readout/residualize.js';
import { readWav } from '../../src/sourcefilter/wav.js';
import { ModelFormatError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { DATA_DIR, PLAIN_DRIVE, tempDir } from '../helpers.js';

const grid = [3, 3, 3] as [number, number, number];
const small = (extra: LsmConfigInput = {}): LsmConfigInput => ({
  ...extra,
  frontEnd: { ...PLAIN_DRIVE, ...extra.frontEnd },
  reservoirs: { excitation: { grid }, tract: { grid } },
  readout: { pca: 8, C: [10], innerFolds: 2, ...extra.readout },
  simulation: { workers: 1 },
});
const KINDS = ['input+reservoir', 'input+residual'] as const;
// biome-ignore lint/suspicious/noExplicitAny: model files edited field by field in the tests
type Json = Record<string, any>;

/**
 * Train a model on the utterances of `ds` not of `held`, predict `held`'s files together
 * (per-speaker standardization, as in evaluation), and fit the pipeline's fold readout on the
 * same fold with the rng fork LsmModel uses: both must agree.
 */
async function trainAndFold(ds: Dataset, held: string, config: LsmConfigInput) {
  const idx = ds.utterances.map((_, i) => i);
  const train = idx.filter((i) => ds.utterances[i]!.speaker !== held);
  const test = idx.filter((i) => ds.utterances[i]!.speaker === held);
  const model = await LsmModel.train(ds, config, { indices: train });
  const files = test.map((i) => ds.utterances[i]!.file);
  const pred = await model.predict(files, { speakers: files.map(() => held) });
  const fs = await datasetFeatureSet(ds, model.config);
  const fold = await fitFoldRepresentation(
    fs,
    train,
    test,
    ds.utterances.map((u) => u.label),
    ds.utterances.map((u) => u.speaker),
    model.config,
    new Rng(model.config.seed).fork('readout'),
  );
  return { model, files, pred, fold };
}

describe('model files with features.combine (synthetic corpus)', async () => {
  const dir = tempDir('lsm-ser-combine-');
  const corpus = synthesizeCorpus({ seed: 7, speakers: 3, perClass: 3, emotions: ['anger', 'sadness', 'neutral'] });
  writeCorpus(corpus, dir);
  const ds = loadCsvManifest(dir, 'synth', corpus.labels);
  const runs = new Map<string, Awaited<ReturnType<typeof trainAndFold>>>();
  for (const combine of KINDS) runs.set(combine, await trainAndFold(ds, 'spk01', small({ features: { combine } })));

  it('train + predict equal the fold readout of the pipeline on the same fold (same blocks, same fit, same labels)', () => {
    for (const combine of KINDS) {
      const { model, pred, fold } = runs.get(combine)!;
      // control blocks (35 + 32 channels x 6 statistics) before the reservoirs' (27 neurons x 6)
      expect(fold.blockWidths).toEqual([6 * 35, 6 * 32, 6 * 27, 6 * 27]);
      expect(model.readout.scalers.map((s) => s.mean.length)).toEqual(fold.blockWidths);
      expect(model.readout.toJSON()).toEqual(fold.readout.toJSON());
      expect(pred.map((p) => p.label)).toEqual(fold.pred);
      expect(pred.every((p) => p.standardization === 'speaker')).toBe(true);
      expect(model.residualizer === null).toBe(combine === 'input+reservoir');
    }
    // the residualized blocks are not the raw ones: the two kinds fit different readouts
    expect(runs.get('input+residual')!.model.readout.toJSON()).not.toEqual(runs.get('input+reservoir')!.model.readout.toJSON());
  });

  it('toJSON -> JSON.stringify -> load predicts identically (per speaker and one file alone)', async () => {
    for (const combine of KINDS) {
      const { model, files, pred } = runs.get(combine)!;
      const json = JSON.parse(JSON.stringify(model.toJSON()));
      expect(json.version).toBe(2);
      expect(json.fallbackStandardization).toHaveLength(4);
      expect(json.residualizer !== undefined).toBe(combine === 'input+residual');
      const back = LsmModel.load(json, 'm.json');
      expect(await back.predict(files, { speakers: files.map(() => 'spk01') })).toEqual(pred);
      const alone = await back.predict([files[0]!]);
      expect(alone[0]!.standardization).toBe('training-set');
      expect(alone).toEqual(await model.predict([files[0]!]));
    }
    const r = runs.get('input+residual')!.model.residualizer!;
    const r2 = BlockResidualizer.load(JSON.parse(JSON.stringify(r.toJSON())));
    expect(r2.toJSON()).toEqual(r.toJSON());
  });

  it('a corrupted residualizer record or a block-count mismatch is refused, naming the file and the field', () => {
    const json = JSON.parse(JSON.stringify(runs.get('input+residual')!.model.toJSON()));
    const edit = (f: (j: Json) => void) => {
      const j = JSON.parse(JSON.stringify(json));
      f(j);
      return () => LsmModel.load(j, 'm.json');
    };
    expect(edit(() => {})).not.toThrow();
    const refused = (f: (j: Json) => void, re: RegExp) => {
      expect(edit(f)).toThrow(ModelFormatError);
      expect(edit(f)).toThrow(re);
    };
    const res = (j: Json) => j.residualizer;
    refused((j) => (res(j).fits[0].W[3] = null), /^m\.json: residualizer: BlockResidualizer\.fits\[0\]\.W\[3\] must be a finite number, got null/);
    refused((j) => (res(j).fits[1].b = [1, 2]), /m\.json: residualizer: BlockResidualizer\.fits\[1\]\.b has 2 values, expected 162/);
    refused((j) => (res(j).fits[0].p = 3), /BlockResidualizer\.fits\[0\]\.p is 3, the input components number 16/);
    refused(
      (j) => (res(j).scalers[1].mean[0] = 'x'),
      /m\.json: residualizer: BlockResidualizer\.scalers\[1\]: StandardScaler\.mean\[0\] must be a finite number/,
    );
    refused((j) => (res(j).type = 'lsm-ser/Other'), /m\.json: residualizer: not an lsm-ser\/BlockResidualizer record/);
    refused((j) => (res(j).version = 9), /BlockResidualizer version 9 is not supported/);
    refused((j) => res(j).fits.pop(), /m\.json: residualizer maps 2 control blocks to 1 reservoir blocks, the config has 2 and 2/);
    refused((j) => delete j.residualizer, /m\.json: the model file has no "residualizer" record, but its config uses features\.combine 'input\+residual'/);
    // the readout's blocks must be those the config extracts
    const ro = (j: Json) => j.readout;
    refused(
      (j) => (ro(j).scalers.shift(), ro(j).pcas.shift()),
      /m\.json: readout\.scalers holds 3 feature blocks, but the model's config \(features\.combine 'input\+residual'\) gives 4: excitation \(210\), tract \(192\), excitation \(162\), tract \(162\)/,
    );
    // a model of the reservoirs' blocks alone relabelled as a combined one
    refused((j) => (j.config.features.combine = 'input+reservoir'), /has a "residualizer" record, but its config uses features\.combine 'input\+reservoir'/);
    refused(
      (j) => (delete j.residualizer, (j.config.features.combine = 'reservoir')),
      /m\.json: readout\.scalers holds 4 feature blocks, but the model's config \(features\.combine 'reservoir'\) gives 2/,
    );
    refused((j) => j.fallbackStandardization.pop(), /fallbackStandardization must hold one scaler per feature block \(4\), got 3/);
    refused((j) => (j.version = 3), /m\.json: model format version 3 is not supported by this lsm-ser \(reads versions 1 and 2\)/);
  });

  it("`lsm-ser compare`'s LSM takes the combine kinds too: the same readout as the model on the same clips", async () => {
    const { model } = runs.get('input+residual')!;
    // the raw recordings in memory: the front end prepares them exactly as it prepares the files
    const clips = ds.utterances.map((u) => ({ id: u.id, audio: readWav(u.file), label: u.label, speaker: u.speaker }));
    const train = clips.filter((c) => c.speaker !== 'spk01');
    const test = clips.filter((c) => c.speaker === 'spk01');
    const spec = lsmModelSpec(small({ features: { combine: 'input+residual' } }));
    const fitted = await spec.fit(train, { labels: [...ds.labels], rng: new Rng(model.config.seed).fork('readout') });
    const pred = await fitted.predict(test);
    expect(pred).toEqual(runs.get('input+residual')!.pred.map((p) => p.label));
    expect(() => lsmModelSpec(small({ readout: { representation: 'model-space' } }))).toThrow(/lsm: readout\.representation/);
  });
});

describe.skipIf(!DATA_DIR)('model files with features.combine (Emo-DB-2s, 3 speakers x 12 files)', async () => {
  if (!DATA_DIR) return;
  const full = loadDataset('emodb', join(DATA_DIR, 'emodb-2s'));
  const speakers = ['03', '08', '09'];
  const utterances = speakers.flatMap((s) => full.utterances.filter((u) => u.speaker === s).slice(0, 12));
  const ds: Dataset = { ...full, utterances, labels: [...new Set(utterances.map((u) => u.label))].sort() };

  it('train on two speakers + predict the third equal the pipeline fold readout, for both kinds', async () => {
    for (const combine of KINDS) {
      const { model, pred, fold } = await trainAndFold(ds, '09', small({ features: { combine } }));
      expect(model.readout.scalers).toHaveLength(4);
      expect(model.readout.toJSON()).toEqual(fold.readout.toJSON());
      expect(pred.map((p) => p.label)).toEqual(fold.pred);
    }
  });
});
