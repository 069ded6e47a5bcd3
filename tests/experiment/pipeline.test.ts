import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { loadCsvManifest } from '../../src/experiment/datasets/csv.js';
import { LsmModel, evaluateProtocol } from '../../src/experiment/pipeline.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import { buildRoleReservoir } from '../../src/experiment/features.js';
import { ConfigError } from '../../src/core/errors.js';
import { tempDir } from '../helpers.js';

import type { LsmConfigInput } from '../../src/experiment/lsm-config.js';
const small: LsmConfigInput = {
  reservoirs: { excitation: { grid: [3, 3, 5] as [number, number, number] }, tract: { grid: [3, 3, 5] as [number, number, number] } },
  readout: { pca: 16, C: [10] },
  simulation: { workers: 1 },
};

describe('end-to-end pipeline on a small synthetic corpus', () => {
  const dir = tempDir('lsm-ser-pipe-');
  const corpus = synthesizeCorpus({ seed: 3, speakers: 4, perClass: 4, emotions: ['anger', 'sadness', 'neutral'] });
  writeCorpus(corpus, dir);
  const ds = loadCsvManifest(dir, 'synth', corpus.labels);

  it('evaluates LOSO above chance, deterministically, and the cache gives identical results', async () => {
    const cache = join(dir, '.cache');
    const a = await evaluateProtocol(ds, small, { kind: 'loso' }, { cacheDir: cache });
    const b = await evaluateProtocol(ds, small, { kind: 'loso' }, { cacheDir: cache });
    expect(a.folds.length).toBe(4);
    expect(a.uar.mean).toBeGreaterThan(0.5); // 3 classes: chance 1/3
    expect(b.folds.map((f) => f.confusion)).toEqual(a.folds.map((f) => f.confusion));
    const noCache = await evaluateProtocol(ds, small, { kind: 'loso' });
    expect(noCache.folds.map((f) => f.confusion)).toEqual(a.folds.map((f) => f.confusion));
  });

  it('a model file round-trips to identical predictions and scores', async () => {
    const model = await LsmModel.train(ds, small, { indices: ds.utterances.map((_, i) => i).filter((i) => ds.utterances[i]!.speaker !== 'spk01') });
    const files = ds.utterances.filter((u) => u.speaker === 'spk01').map((u) => u.file);
    const p = await model.predict(files, { speakers: files.map(() => 'a') });
    const back = LsmModel.load(JSON.parse(JSON.stringify(model.toJSON())));
    expect(await back.predict(files, { speakers: files.map(() => 'a') })).toEqual(p);
    expect(await back.predict(files)).toEqual(await model.predict(files)); // one at a time, training-set statistics
    expect(p[0]!.scores).toHaveProperty('anger');
    // per-speaker standardization: a speaker's predictions do not depend on other speakers' files in the batch
    const other = ds.utterances.filter((u) => u.speaker === 'spk02').map((u) => u.file);
    const mixed = await model.predict([...other, ...files], { speakers: [...other.map(() => 'b'), ...files.map(() => 'a')] });
    expect(mixed.slice(other.length)).toEqual(p);
    await expect(model.predict(files, { speakers: ['a'] })).rejects.toThrow(/speakers: 1 speakers for \d+ files/);
    expect(() => LsmModel.load({ type: 'something' }, 'm.json')).toThrow(/m\.json: not an lsm-ser model file/);
    expect(() => LsmModel.load({ ...model.toJSON(), version: 7 }, 'm.json')).toThrow(/version 7 is not supported/);
  });

  it('invalid configs name the field, the value and the rule', () => {
    expect(() => resolveLsmConfig({ readout: { pca: -3 } })).toThrow(ConfigError);
    expect(() => resolveLsmConfig({ readout: { pca: -3 } })).toThrow(/readout\.pca.*-3/);
    expect(() => resolveLsmConfig({ simulation: { backend: 'tpu' } })).toThrow(/simulation\.backend/);
    expect(() => resolveLsmConfig({ reservoirs: { excitation: null, tract: null } })).toThrow(/both reservoirs are null/);
    expect(() => resolveLsmConfig({ typo: 1 })).toThrow(/typo/);
    // options of the other topology are errors, not silently ignored
    expect(() => resolveLsmConfig({ reservoirs: { excitation: { topology: 'fixed-indegree', units: 100, dynamicSynapses: true } } })).toThrow(
      /reservoirs\.excitation\.dynamicSynapses: only the Maass column/,
    );
    expect(() => resolveLsmConfig({ reservoirs: { tract: { topology: 'fixed-indegree', units: 100, grid: [2, 2, 2] } } })).toThrow(
      /reservoirs\.tract\.grid: a fixed in-degree reservoir has no grid/,
    );
    expect(() => resolveLsmConfig({ reservoirs: { tract: { topology: 'maass', units: 5 } } })).toThrow(
      /reservoirs\.tract\.units: a Maass column's size is its grid \(3 x 3 x 15 = 135\)/,
    );
    expect(resolveLsmConfig({ reservoirs: { tract: { topology: 'maass', units: 135 } } }).reservoirs.tract!.units).toBe(135);
    // weightScale reaches a fixed in-degree reservoir
    const net = (ws: number) => {
      const c = resolveLsmConfig({ reservoirs: { excitation: { topology: 'fixed-indegree', units: 60, weightScale: ws } } });
      return buildRoleReservoir(c, 'excitation', c.reservoirs.excitation!).network;
    };
    expect(net(2).weight[0]! / net(1).weight[0]!).toBeCloseTo(2, 12);
  });
});
