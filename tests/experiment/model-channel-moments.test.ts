/**
 * `frontEnd.channelNormalization: speaker` in model files: the training-set channel moments are
 * stored, a lone file's channels are z-scored with them (not over the file itself, not with the
 * other files predicted beside it), cached rows never mix the two z-scorings, and an older
 * model file without the moments loads and says why it cannot predict a lone file.
 */
import { describe, expect, it } from 'vitest';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { loadCsvManifest } from '../../src/experiment/datasets/csv.js';
import { reservoirUnits, type LsmConfigInput } from '../../src/experiment/lsm-config.js';
import { configChannels, roleInput } from '../../src/experiment/features.js';
import { LsmModel } from '../../src/experiment/pipeline.js';
import { normalizeChannels } from '../../src/sourcefilter/channels.js';
import { reservoirFeatures } from '../../src/lsm/features.js';
import { ModelFormatError } from '../../src/core/errors.js';
import type { Mat } from '../../src/core/matrix.js';
import { PLAIN_DRIVE, tempDir } from '../helpers.js';
import { join } from 'node:path';

const grid = [3, 3, 3] as [number, number, number];
const small = (extra: LsmConfigInput = {}): LsmConfigInput => ({
  ...extra,
  frontEnd: { ...PLAIN_DRIVE, channelNormalization: 'speaker', ...extra.frontEnd },
  // the reservoirs' blocks alone, so that the by-hand path below is the reservoirs' (the control's blocks: model-combine.test.ts)
  features: { combine: 'reservoir', ...extra.features },
  reservoirs: { excitation: { grid }, tract: { grid } },
  readout: { pca: 8, C: [10], innerFolds: 2, ...extra.readout },
  simulation: { workers: 1 },
});
// biome-ignore lint/suspicious/noExplicitAny: model files edited field by field in the tests
type Json = Record<string, any>;

describe('model files with per-speaker channel z-scoring: training-set channel moments for lone files', async () => {
  const dir = tempDir('lsm-ser-chanmom-');
  const corpus = synthesizeCorpus({ seed: 11, speakers: 3, perClass: 3, emotions: ['anger', 'sadness', 'neutral'] });
  writeCorpus(corpus, dir);
  const ds = loadCsvManifest(dir, 'synth', corpus.labels);
  const trainIdx = ds.utterances.map((_, i) => i).filter((i) => ds.utterances[i]!.speaker !== 'spk01');
  const model = await LsmModel.train(ds, small(), { indices: trainIdx });
  const files = ds.utterances.filter((u) => u.speaker === 'spk01').map((u) => u.file);
  const json: Json = JSON.parse(JSON.stringify(model.toJSON()));
  const scoresOf = (p: { scores: Record<string, number> }) => model.labels.map((l) => p.scores[l]!);

  it('stores the mean over all training frames and the pooled within-speaker standard deviation of every channel', () => {
    const m = model.channelMoments!;
    expect(json.version).toBe(2);
    expect(json.channelStandardization.type).toBe('lsm-ser/ChannelMoments');
    for (const role of ['excitation', 'tract'] as const) {
      // independently: every frame of every training utterance, grouped by speaker
      const bySpeaker = new Map<string, Mat[]>();
      for (const i of trainIdx) {
        const u = ds.utterances[i]!;
        bySpeaker.set(u.speaker, [...(bySpeaker.get(u.speaker) ?? []), configChannels(u.file, model.config)[role]]);
      }
      const c = m[role].mean.length;
      expect(c).toBe(role === 'excitation' ? 35 : 32);
      let frames = 0;
      const sum = new Float64Array(c);
      const within = new Float64Array(c);
      for (const mats of bySpeaker.values()) {
        const n = mats.reduce((a, x) => a + x.rows, 0);
        const mu = new Float64Array(c);
        for (const x of mats) for (let f = 0; f < x.rows; f++) for (let b = 0; b < c; b++) mu[b]! += x.data[f * c + b]! / n;
        for (const x of mats)
          for (let f = 0; f < x.rows; f++)
            for (let b = 0; b < c; b++) {
              sum[b]! += x.data[f * c + b]!;
              within[b]! += (x.data[f * c + b]! - mu[b]!) ** 2;
            }
        frames += n;
      }
      expect(m[role].frames).toBe(frames);
      for (let b = 0; b < c; b++) {
        expect(m[role].mean[b]).toBeCloseTo(sum[b]! / frames, 9);
        const sd = Math.sqrt(within[b]! / frames);
        expect(m[role].std[b]).toBeCloseTo(sd > 1e-12 ? sd : 0, 9);
      }
    }
  });

  it('a lone file is predicted exactly as its channels z-scored by hand with the stored moments, through the reservoirs and the fallback scalers', async () => {
    const f = files[0]!;
    const [p] = await model.predict([f]);
    expect(p!.standardization).toBe('training-set');
    const m = model.channelMoments!;
    const ch = configChannels(f, model.config);
    const z = { excitation: normalizeChannels(ch.excitation, m.excitation), tract: normalizeChannels(ch.tract, m.tract), frameRate: ch.frameRate };
    const blocks: Mat[] = [];
    for (const [k, u] of reservoirUnits(model.config).entries()) {
      const [run] = await model.reservoirs[u.name]!.run([roleInput(z, u.role, model.config)]);
      const row = reservoirFeatures(run!, model.config.features);
      blocks.push(model.fallbackScalers![k]!.transform({ data: row, rows: 1, cols: row.length }));
    }
    expect(scoresOf(p!)).toEqual(Array.from(model.readout.decisionScores(blocks).data));
    // and it is not what z-scoring the file over itself gives
    const self = await LsmModel.load({
      ...json,
      config: { ...json.config, frontEnd: { ...json.config.frontEnd, channelNormalization: 'utterance' } },
      channelStandardization: undefined,
    }).predict([f]);
    expect(scoresOf(self[0]!)).not.toEqual(scoresOf(p!));
  });

  it("a lone file's result does not change with the other files predicted beside it (alone, or lone among a speaker's group)", async () => {
    const alone = (await model.predict([files[0]!]))[0]!;
    const many = await model.predict(files.slice(0, 4));
    expect(many[0]).toEqual(alone);
    expect(many.every((p) => p.standardization === 'training-set')).toBe(true);
    // files[0] is the only file of speaker "x"; the others are one speaker, z-scored together
    const mixed = await model.predict(files.slice(0, 5), { speakers: ['x', 'y', 'y', 'y', 'y'] });
    expect(mixed[0]).toEqual(alone);
    expect(mixed.slice(1).every((p) => p.standardization === 'speaker')).toBe(true);
    const grouped = await model.predict(files.slice(1, 5), { speakers: ['y', 'y', 'y', 'y'] });
    expect(mixed.slice(1)).toEqual(grouped);
  });

  it('the feature cache keys a row by the moments it was z-scored with: lone, per-speaker and other-moment rows never collide', async () => {
    const cacheDir = join(dir, 'cache');
    const sp = files.map(() => 'spk01');
    const loneRef = await model.predict([files[0]!]);
    const groupRef = await model.predict(files, { speakers: sp });
    expect(await model.predict([files[0]!], { cacheDir })).toEqual(loneRef);
    expect(await model.predict(files, { speakers: sp, cacheDir })).toEqual(groupRef);
    expect(await model.predict([files[0]!], { cacheDir })).toEqual(loneRef);
    // the same model with other stored moments: its lone rows are not the cached ones
    const shifted = LsmModel.load(
      {
        ...json,
        channelStandardization: {
          ...json.channelStandardization,
          tract: { ...json.channelStandardization.tract, mean: json.channelStandardization.tract.mean.map((x: number) => x + 0.5) },
        },
      },
      'shifted.json',
    );
    const shiftedRef = await shifted.predict([files[0]!]);
    expect(scoresOf(shiftedRef[0]!)).not.toEqual(scoresOf(loneRef[0]!));
    expect(await shifted.predict([files[0]!], { cacheDir })).toEqual(shiftedRef);
  });

  it('an older model file without the moments loads, predicts per speaker, and refuses a lone file naming the model file', async () => {
    const old: Json = { ...json, version: 1 };
    delete old.channelStandardization;
    const back = LsmModel.load(old, 'old.json');
    expect(back.channelMoments).toBeNull();
    expect(await back.predict(files, { speakers: files.map(() => 'spk01') })).toEqual(await model.predict(files, { speakers: files.map(() => 'spk01') }));
    expect(await back.predict(files.slice(0, 1), { enroll: files.slice(1) })).toEqual(await model.predict(files.slice(0, 1), { enroll: files.slice(1) }));
    await expect(back.predict([files[0]!])).rejects.toThrow(
      /one file, and the model file old\.json has no training-set channel statistics \(frontEnd\.channelNormalization: speaker/,
    );
    await expect(back.predict(files.slice(0, 3), { speakers: ['a', 'b', 'b'] })).rejects.toThrow(
      /speaker "a" has 1 file, and the model file old\.json has no training-set channel statistics/,
    );
  });

  it('a corrupted or misplaced channelStandardization record is refused naming the file and the field', () => {
    const load = (j: Json) => () => LsmModel.load(j, 'm.json');
    const cs = json.channelStandardization;
    expect(load({ ...json, channelStandardization: { ...cs, tract: { ...cs.tract, std: [1, 2, 3] } } })).toThrow(ModelFormatError);
    expect(load({ ...json, channelStandardization: { ...cs, tract: { ...cs.tract, std: [1, 2, 3] } } })).toThrow(
      /^m\.json: channelStandardization\.tract\.std has 3 values, expected 32/,
    );
    const neg = [...cs.excitation.std];
    neg[4] = -1;
    expect(load({ ...json, channelStandardization: { ...cs, excitation: { ...cs.excitation, std: neg } } })).toThrow(
      /m\.json: channelStandardization\.excitation\.std\[4\] must be >= 0, got -1/,
    );
    expect(load({ ...json, channelStandardization: { ...cs, version: 2 } })).toThrow(
      /m\.json: channelStandardization: lsm-ser\/ChannelMoments version 2 is not supported/,
    );
    expect(load({ ...json, channelStandardization: { ...cs, excitation: undefined } })).toThrow(/m\.json: channelStandardization\.excitation is missing/);
    expect(load({ ...json, config: { ...json.config, frontEnd: { ...json.config.frontEnd, channelNormalization: 'none' } } })).toThrow(
      /m\.json: the model file has a "channelStandardization" record, but its config uses frontEnd\.channelNormalization 'none'/,
    );
  });

  it('Prediction.standardization is truthful when only the channels are z-scored per speaker', async () => {
    const chOnly = await LsmModel.train(ds, small({ readout: { speakerNormalization: false } }), { indices: trainIdx });
    expect(chOnly.fallbackScalers).toBeNull();
    const alone = await chOnly.predict(files.slice(0, 3));
    expect(alone.map((p) => p.standardization)).toEqual(['training-set', 'training-set', 'training-set']);
    expect((await chOnly.predict([files[0]!]))[0]).toEqual(alone[0]);
    const grouped = await chOnly.predict(files.slice(0, 3), { speakers: ['a', 'a', 'a'] });
    expect(grouped.map((p) => p.standardization)).toEqual(['speaker', 'speaker', 'speaker']);
    const none = await LsmModel.train(ds, small({ frontEnd: { channelNormalization: 'none' }, readout: { speakerNormalization: false } }), {
      indices: trainIdx,
    });
    expect(none.toJSON().version).toBe(1);
    expect((await none.predict([files[0]!]))[0]!.standardization).toBe('none');
  });
});
