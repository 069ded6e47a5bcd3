import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { loadCsvManifest } from '../../src/experiment/datasets/csv.js';
import type { Dataset } from '../../src/experiment/manifest.js';
import { resolveLsmConfig, type LsmConfigInput } from '../../src/experiment/lsm-config.js';
import { blockLayout, configChannels, featureConfigKey } from '../../src/experiment/features.js';
import { buildReservoirs, datasetFeatureSet, evaluateProtocol, LsmModel } from '../../src/experiment/pipeline.js';
import { fitFoldRepresentation, representationBlocks, type FeatureSet } from '../../src/experiment/representation.js';
import { reservoirsDigest } from '../../src/experiment/cache.js';
import { StateProjection } from '../../src/readout/model-space.js';
import { FrameReadout } from '../../src/readout/frame-readout.js';
import { standardizeByGroup } from '../../src/readout/scaler.js';
import { classificationReport } from '../../src/readout/metrics.js';
import { Rng } from '../../src/core/rng.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Mat } from '../../src/core/matrix.js';
import { PLAIN_DRIVE, tempDir } from '../helpers.js';
import { join } from 'node:path';
import { resolveExperimentConfig } from '../../src/experiment/experiment-config.js';
import { runExperiment } from '../../src/experiment/runner.js';

const grid = [3, 3, 3] as [number, number, number];
const small = (extra: LsmConfigInput = {}): LsmConfigInput => ({
  ...extra,
  frontEnd: { ...PLAIN_DRIVE, ...extra.frontEnd },
  reservoirs: { excitation: { grid }, tract: { grid }, ...extra.reservoirs },
  readout: { pca: 8, C: [10], innerFolds: 2, modelSpace: { components: 3 }, ...extra.readout },
  simulation: { workers: 1 },
});
const bad = (c: unknown, field: RegExp) => {
  expect(() => resolveLsmConfig(c)).toThrow(ConfigError);
  expect(() => resolveLsmConfig(c)).toThrow(field);
};

describe('readout representations in the config: validation', () => {
  it('each switch validates, and a bad value gets an error naming the field', () => {
    const c = resolveLsmConfig({
      readout: { representation: 'stats+model-space', modelSpace: { components: 6, ridge: 0.1, stride: 2 }, frameFusion: 0.3 },
      features: { combine: 'input+residual' },
    });
    expect(c.readout.representation).toBe('stats+model-space');
    expect(c.readout.frameFusion).toBe(0.3);
    expect(c.features.combine).toBe('input+residual');
    const d = resolveLsmConfig({});
    expect([d.readout.representation, d.readout.frameFusion, d.features.combine]).toEqual(['stats', false, 'input+reservoir']);
    // the default for a no-reservoir control is its own features; combine given with source: frontend is refused
    expect(resolveLsmConfig({ features: { source: 'frontend' } }).features.combine).toBe('reservoir');
    expect(() => resolveLsmConfig({ features: { source: 'frontend', combine: 'input+reservoir' } })).toThrow(/features\.combine/);
    bad({ readout: { representation: 'modelspace' } }, /readout\.representation/);
    bad({ readout: { modelSpace: { components: 0 } } }, /readout\.modelSpace\.components/);
    bad({ readout: { modelSpace: { ridge: -1 } } }, /readout\.modelSpace\.ridge/);
    bad({ readout: { frameFusion: 1.5 } }, /readout\.frameFusion/);
    bad({ readout: { frameFusion: true } }, /readout\.frameFusion/);
    bad({ features: { combine: 'both' } }, /features\.combine/);
    // the control has no reservoir to put its features beside
    bad({ features: { source: 'frontend', combine: 'input+reservoir' } }, /features\.combine: 'input\+reservoir'.*source is 'frontend'/);
  });

  it('ensembles, lambda and input sub-bands validate; bad values name the member and field', () => {
    const c = resolveLsmConfig({
      reservoirs: {
        excitation: { lambda: 3, ensemble: { members: [{ neuron: { tauMem: 0.01 } }, { inputChannels: [0, 16], inputGain: 0.02 }], blocks: 'role' } },
      },
    });
    const m = c.reservoirs.excitation!.ensemble!.members;
    expect(m.length).toBe(2);
    // a member inherits what it does not set
    expect(m[0]!.lambda).toBe(3);
    expect(m[0]!.neuron.tauMem).toBe(0.01);
    expect(m[1]!.inputChannels).toEqual([0, 16]);
    expect(m[1]!.inputGain).toBe(0.02);
    expect(m[0]!.inputGain).toBe(c.reservoirs.excitation!.inputGain);
    // resolving the resolved config again changes nothing (model files and results folders store it)
    expect(resolveLsmConfig(JSON.parse(JSON.stringify(c)))).toEqual(c);
    bad({ reservoirs: { excitation: { ensemble: { members: [{}] } } } }, /reservoirs\.excitation\.ensemble\.members/);
    bad({ reservoirs: { tract: { ensemble: { members: [{}, { tauMem: 0.1 }] } } } }, /reservoirs\.tract\.ensemble\.members\.1/);
    bad({ reservoirs: { excitation: { ensemble: { members: [{}, {}], blocks: 'neuron' } } } }, /reservoirs\.excitation\.ensemble\.blocks/);
    bad(
      { frontEnd: PLAIN_DRIVE, reservoirs: { excitation: { inputChannels: [10, 5] } } },
      /reservoirs\.excitation\.inputChannels: \[10, 5\) is not a channel range/,
    );
    bad({ frontEnd: PLAIN_DRIVE, reservoirs: { tract: { inputChannels: [0, 33] } } }, /reservoirs\.tract\.inputChannels.*has 32 channels/);
    bad(
      { frontEnd: PLAIN_DRIVE, reservoirs: { excitation: { ensemble: { members: [{}, { inputChannels: [30, 40] }] } } } },
      /reservoirs\.excitation\.ensemble\.members\.1\.inputChannels/,
    );
    bad({ reservoirs: { excitation: { inputChannels: [0, 4], inputInDegree: 5 } } }, /inputInDegree.*4 channels/);
    bad({ reservoirs: { excitation: { lambda: 0 } } }, /reservoirs\.excitation\.lambda/);
    bad({ reservoirs: { excitation: { topology: 'fixed-indegree', units: 50, lambda: 2 } } }, /reservoirs\.excitation\.lambda: only the Maass column/);
  });

  it("the feature cache key: unchanged for a config without the new fields, changed by each field that changes a block's rows", () => {
    // on the plain input drive (the key of a config of the round it was written in)
    const key = (c: LsmConfigInput, unit = 'excitation') =>
      JSON.stringify(featureConfigKey(resolveLsmConfig({ ...c, frontEnd: { ...PLAIN_DRIVE, ...c.frontEnd } }), unit));
    const plain = resolveLsmConfig({ frontEnd: PLAIN_DRIVE });
    const { combine: _, ...features } = plain.features;
    const { egemaps: _off, ...frontEnd } = plain.frontEnd; // 'off' is left out of the key (issue 15's option)
    const s = plain.simulation;
    // the key of every existing config is what it was before these fields existed (caches stay valid)
    expect(key({})).toBe(
      JSON.stringify({
        role: 'excitation',
        frontEnd,
        encoder: plain.encoder,
        reservoir: plain.reservoirs.excitation,
        features,
        simulation: { dt: s.dt, precision: s.precision, readoutTau: s.readoutTau, readoutInterval: s.readoutInterval },
      }),
    );
    expect(key({ reservoirs: { excitation: { lambda: 3 } } })).not.toBe(key({}));
    expect(key({ reservoirs: { excitation: { inputChannels: [0, 10] } } })).not.toBe(key({}));
    expect(key({ features: { segments: 16 } })).not.toBe(key({}));
    expect(key({ frontEnd: { egemaps: 'append' } })).not.toBe(key({}));
    expect(key({ features: { slopes: true, lags: [1, 3] } })).not.toBe(key({}));
    const ens = (tau: number) => ({ reservoirs: { excitation: { ensemble: { members: [{}, { neuron: { tauMem: tau } }] } } } });
    expect(key(ens(0.01), 'excitation/1')).not.toBe(key(ens(0.1), 'excitation/1'));
    expect(key(ens(0.01), 'excitation/0')).toBe(key(ens(0.1), 'excitation/0'));
    expect(key(ens(0.01), 'excitation/0')).not.toBe(key(ens(0.01), 'excitation/1')); // the member index forks the seed
    // how the readout combines blocks does not change what a block's rows hold
    expect(key({ features: { combine: 'input+residual' } })).toBe(key({}));
    expect(() => key({}, 'excitation/0')).toThrow(/no ensemble member "excitation\/0"/);
  });
});

describe('ensembles of reservoirs per role', () => {
  it('members differ by their declared parameter, are deterministic per seed, and differ from each other by their forked seed', () => {
    const cfg = (seed: number) =>
      resolveLsmConfig({
        seed,
        frontEnd: PLAIN_DRIVE,
        reservoirs: {
          excitation: { grid: [3, 3, 6], ensemble: { members: [{ lambda: 1 }, { lambda: 4 }, { inputChannels: [0, 10] }, {}] } },
          tract: { grid, ensemble: { members: [{ neuron: { tauMem: 0.01 } }, { neuron: { tauMem: 0.1 } }] } },
        },
      });
    const r = buildReservoirs(cfg(1));
    expect(Object.keys(r).sort()).toEqual(['excitation/0', 'excitation/1', 'excitation/2', 'excitation/3', 'tract/0', 'tract/1']);
    const synapses = (k: string) => r[k]!.network.post.length;
    // connection probability C exp(-(D/lambda)^2): a longer range gives more synapses
    expect(synapses('excitation/1')).toBeGreaterThan(1.5 * synapses('excitation/0'));
    expect(r['excitation/2']!.coupling!.channels).toBe(10);
    expect(r['excitation/3']!.coupling!.channels).toBe(35); // 32 bands + 3 prosody
    expect(r['tract/0']!.network.tauMem).toBe(0.01);
    expect(r['tract/1']!.network.tauMem).toBe(0.1);
    // identical declared parameters, different member index: different draws
    const two = buildReservoirs(resolveLsmConfig({ reservoirs: { excitation: { grid, ensemble: { members: [{}, {}] } }, tract: null } }));
    expect(reservoirsDigest({ a: two['excitation/0'] })).not.toBe(reservoirsDigest({ a: two['excitation/1'] }));
    // deterministic per seed; another seed, other networks
    const again = buildReservoirs(cfg(1));
    for (const k of Object.keys(r)) expect(reservoirsDigest({ a: again[k] })).toBe(reservoirsDigest({ a: r[k] }));
    const other = buildReservoirs(cfg(2));
    expect(reservoirsDigest({ a: other['tract/0'] })).not.toBe(reservoirsDigest({ a: r['tract/0'] }));
    // a role without an ensemble keeps the reservoir it always had (seed forked by role only)
    const single = buildReservoirs(resolveLsmConfig({ reservoirs: { excitation: { grid } } }));
    const withEnsembleElsewhere = buildReservoirs(resolveLsmConfig({ reservoirs: { excitation: { grid }, tract: { grid, ensemble: { members: [{}, {}] } } } }));
    expect(reservoirsDigest({ a: withEnsembleElsewhere.excitation })).toBe(reservoirsDigest({ a: single.excitation }));
  });

  it("block layout: one block per member, or one per role with blocks: 'role'", () => {
    const members = [{}, { lambda: 3 }, { inputChannels: [0, 8] as [number, number] }];
    const per = resolveLsmConfig({ reservoirs: { excitation: { ensemble: { members } } } });
    expect(blockLayout(per).map((b) => [b.name, b.units])).toEqual([
      ['excitation/0', [0]],
      ['excitation/1', [1]],
      ['excitation/2', [2]],
      ['tract', [3]],
    ]);
    const byRole = resolveLsmConfig({ reservoirs: { excitation: { ensemble: { members, blocks: 'role' } } } });
    expect(blockLayout(byRole).map((b) => [b.name, b.units])).toEqual([
      ['excitation', [0, 1, 2]],
      ['tract', [3]],
    ]);
    // the control (no reservoir) takes its statistics per role, over all channels
    const ctrl = resolveLsmConfig({ features: { source: 'frontend' }, reservoirs: { excitation: { ensemble: { members } } } });
    expect(blockLayout(ctrl).map((b) => b.name)).toEqual(['excitation', 'tract']);
  });
});

describe('representations through the pipeline on a tiny synthetic corpus', () => {
  let ds: Dataset;
  const root = tempDir('lsm-ser-rep-');
  const speakersOf = () => ds.utterances.map((u) => u.speaker);
  const labelsOf = () => ds.utterances.map((u) => u.label);
  beforeAll(() => {
    const dir = join(root, 'corpus');
    const corpus = synthesizeCorpus({ seed: 5, speakers: 3, perClass: 3, emotions: ['anger', 'sadness', 'neutral'], duration: [0.5, 0.7] });
    writeCorpus(corpus, dir);
    ds = loadCsvManifest(dir, 'synth', corpus.labels);
  });
  const trainOf = (spk: string) => ds.utterances.map((u, i) => (u.speaker !== spk ? i : -1)).filter((i) => i >= 0);
  const testOf = (spk: string) => ds.utterances.map((u, i) => (u.speaker === spk ? i : -1)).filter((i) => i >= 0);

  it('feature sizes: statistics, model space (d x d + d per unit), ensembles, for the LSM and the control alike', async () => {
    const n = 27;
    const d = 3;
    for (const [extra, widths] of [
      [{}, [6 * n, 6 * n]],
      [{ readout: { representation: 'model-space' } }, [d * (d + 1), d * (d + 1)]],
      [{ readout: { representation: 'stats+model-space' } }, [6 * n, 6 * n, d * (d + 1), d * (d + 1)]],
      [{ features: { segments: 8, slopes: true, lags: [1, 3] } }, [13 * n, 13 * n]],
      [{ reservoirs: { excitation: { grid, ensemble: { members: [{}, { lambda: 3 }] } } } }, [6 * n, 6 * n, 6 * n]],
      [{ reservoirs: { excitation: { grid, ensemble: { members: [{}, { lambda: 3 }], blocks: 'role' } } } }, [12 * n, 6 * n]],
      [{ features: { source: 'frontend' } }, [6 * 35, 6 * 32]],
      [{ features: { source: 'frontend' }, readout: { representation: 'stats+model-space' } }, [6 * 35, 6 * 32, d * (d + 1), d * (d + 1)]],
    ] as [LsmConfigInput, number[]][]) {
      const config = resolveLsmConfig(small(extra));
      const fs = await datasetFeatureSet(ds, config);
      const blocks = representationBlocks(fs, config, trainOf('spk01'), speakersOf());
      expect(blocks.map((b) => b.cols)).toEqual(widths);
      for (const b of blocks) expect(b.rows).toBe(ds.utterances.length);
    }
  });

  it("the control's model space is the model space of its own channels (PCA fitted on the training utterances)", async () => {
    const config = resolveLsmConfig(small({ features: { source: 'frontend' }, readout: { representation: 'model-space' } }));
    const fs = await datasetFeatureSet(ds, config);
    const train = trainOf('spk02');
    const [exc] = representationBlocks(fs, config, train, speakersOf());
    // independently: channels -> float32 -> state PCA on the training utterances -> one-step predictor -> per-speaker z-score
    const traces: Mat[] = ds.utterances.map((u) => {
      const ch = configChannels(u.file, config).excitation;
      return { data: Float64Array.from(Float32Array.from(ch.data)), rows: ch.rows, cols: ch.cols };
    });
    const proj = StateProjection.fit(
      train.map((i) => traces[i]!),
      { components: 3 },
    );
    const want = standardizeByGroup(proj.featureMat(traces), speakersOf());
    expect(exc!.cols).toBe(want.cols);
    for (let j = 0; j < want.data.length; j++) expect(exc!.data[j]).toBeCloseTo(want.data[j]!, 9);
  });

  it('frameFusion 1 predicts as the frame-level readout alone on the joined traces of both reservoirs', async () => {
    const config = resolveLsmConfig(small({ readout: { frameFusion: 1 } }));
    const fs = await datasetFeatureSet(ds, config);
    expect(fs.traces!.length).toBe(2);
    const train = trainOf('spk03');
    const test = testOf('spk03');
    const got = await fitFoldRepresentation(fs, train, test, labelsOf(), speakersOf(), config, new Rng(1));
    const join = (i: number): Mat => {
      const [a, b] = [fs.traces![0]![i]!, fs.traces![1]![i]!];
      const S = Math.min(a.rows, b.rows);
      const data = new Float64Array(S * (a.cols + b.cols));
      for (let s = 0; s < S; s++)
        for (let j = 0; j < a.cols + b.cols; j++) data[s * (a.cols + b.cols) + j] = j < a.cols ? a.data[s * a.cols + j]! : b.data[s * b.cols + j - a.cols]!;
      return { data, rows: S, cols: a.cols + b.cols };
    };
    const fr = FrameReadout.fit(
      train.map(join),
      train.map((i) => labelsOf()[i]!),
      got.readout.labels,
    );
    expect(got.pred).toEqual(fr.predict(test.map(join)));
    // a weight in (0, 1) mixes the two: each prediction is one of the classes, and the SVM's own when the weight is tiny
    const svmOnly = await fitFoldRepresentation(fs, train, test, labelsOf(), speakersOf(), resolveLsmConfig(small()), new Rng(1));
    const tiny = await fitFoldRepresentation(
      fs,
      train,
      test,
      labelsOf(),
      speakersOf(),
      resolveLsmConfig(small({ readout: { frameFusion: 1e-9 } })),
      new Rng(1),
    );
    expect(tiny.pred).toEqual(svmOnly.pred);
  });

  it("input + reservoir: the control's blocks beside the reservoirs' (raw or residualized); the control gets the same representation", async () => {
    for (const combine of ['input+reservoir', 'input+residual'] as const) {
      const config = resolveLsmConfig(small({ features: { combine }, readout: { representation: 'stats+model-space' } }));
      const fs: FeatureSet = await datasetFeatureSet(ds, config);
      expect(fs.input!.blocks.map((b) => b.cols)).toEqual([6 * 35, 6 * 32]);
      const r = await fitFoldRepresentation(fs, trainOf('spk01'), testOf('spk01'), labelsOf(), speakersOf(), config, new Rng(1));
      // control stats (2), control model space (2), reservoir stats (2), reservoir model space (2)
      expect(r.blockWidths).toEqual([6 * 35, 6 * 32, 12, 12, 6 * 27, 6 * 27, 12, 12]);
    }
  });

  it('evaluateProtocol runs every representation; a model file refuses what it cannot hold, and an ensemble model round-trips', async () => {
    for (const extra of [
      { readout: { representation: 'model-space' } },
      { readout: { frameFusion: 0.5 } },
      { features: { combine: 'input+residual' } },
      { reservoirs: { excitation: { grid, ensemble: { members: [{}, { lambda: 3 }] } } } },
    ] as LsmConfigInput[]) {
      const a = await evaluateProtocol(ds, small(extra), { kind: 'loso' }, { workers: 1 });
      expect(a.folds.length).toBe(3);
      expect(a.pooled.n).toBe(ds.utterances.length);
      // every utterance is in one LOSO test fold: its prediction, in dataset order, gives the pooled report
      expect(a.predictions.every((p) => p !== null)).toBe(true);
      expect(classificationReport(labelsOf(), a.predictions as string[], a.labels).confusion).toEqual(a.pooled.confusion);
      if (extra.reservoirs) {
        // deterministic per seed (members' seeds forked by index)
        const b = await evaluateProtocol(ds, small(extra), { kind: 'loso' }, { workers: 1 });
        expect(b.folds.map((f) => f.confusion)).toEqual(a.folds.map((f) => f.confusion));
      }
    }
    await expect(LsmModel.train(ds, small({ readout: { representation: 'model-space' } }))).rejects.toThrow(
      /readout\.representation: 'model-space'.*representation: stats/,
    );
    await expect(LsmModel.train(ds, small({ readout: { frameFusion: 0.5 } }))).rejects.toThrow(/readout\.frameFusion: 0\.5.*frameFusion: false/);
    const ens = small({ reservoirs: { excitation: { grid, ensemble: { members: [{}, { lambda: 3 }] } } } });
    const model = await LsmModel.train(ds, ens, { indices: trainOf('spk01') });
    const files = testOf('spk01').map((i) => ds.utterances[i]!.file);
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(Object.keys(json.reservoirs).sort()).toEqual(['excitation', 'excitation/0', 'excitation/1', 'tract']);
    const back = LsmModel.load(json);
    expect(await back.predict(files)).toEqual(await model.predict(files));
    delete json.reservoirs['excitation/1'];
    expect(() => LsmModel.load(json, 'm.json')).toThrow(/m\.json.*reservoirs\.excitation\/1 is missing.*member 1 of a excitation ensemble/);
  });

  it('`lsm-ser run` (runExperiment) evaluates a representation fold by fold exactly as evaluateProtocol does', async () => {
    const lsm = small({ readout: { representation: 'stats+model-space' }, features: { combine: 'input+residual' } });
    const cfg = resolveExperimentConfig({ name: 'rep', dataset: { name: 'synth', path: 'corpus' }, protocol: 'loso', lsm });
    const run = await runExperiment(cfg, { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache') });
    const direct = await evaluateProtocol(ds, lsm, { kind: 'loso' }, { workers: 1 });
    expect(run.perFold.map((f) => f.uar)).toEqual(direct.folds.map((f) => f.uar));
  });
});
