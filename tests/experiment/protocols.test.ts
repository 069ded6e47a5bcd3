import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { makeDataset, type Utterance } from '../../src/experiment/manifest.js';
import { makeFolds, parseProtocol } from '../../src/experiment/protocols.js';

function fake(name: string, speakers: number, labels: string[], per: number, takes = 1): ReturnType<typeof makeDataset> {
  const u: Utterance[] = [];
  for (let s = 0; s < speakers; s++)
    for (const l of labels)
      for (let k = 0; k < per; k++)
        for (let t = 0; t < takes; t++)
          u.push({ id: `s${s}_${l}_${k}_${t}`, file: `/x/s${s}_${l}_${k}_${t}.wav`, label: l, speaker: `s${s}`, text: String(t) });
  return makeDataset(name, '/x', labels, u);
}

describe('protocols', () => {
  const ds = fake('toy', 5, ['a', 'b', 'c'], 7);
  it('LOSO: one fold per speaker, partition, no speaker on both sides', () => {
    const folds = makeFolds(ds, { kind: 'loso' }, new Rng(1));
    expect(folds.length).toBe(5);
    expect(folds.flatMap((f) => f.test).sort((a, b) => a - b)).toEqual(ds.utterances.map((_, i) => i));
    for (const f of folds) {
      const tr = new Set(f.train.map((i) => ds.utterances[i]!.speaker));
      for (const i of f.test) expect(tr.has(ds.utterances[i]!.speaker)).toBe(false);
      expect(f.train.length + f.test.length).toBe(ds.utterances.length);
    }
  });
  it('stratified k-fold: partition, per-class counts within 1 of n_c / k, deterministic per seed', () => {
    const folds = makeFolds(ds, { kind: 'kfold', k: 4 }, new Rng(2));
    expect(folds.flatMap((f) => f.test).sort((a, b) => a - b)).toEqual(ds.utterances.map((_, i) => i));
    for (const f of folds)
      for (const l of ds.labels) {
        const c = f.test.filter((i) => ds.utterances[i]!.label === l).length;
        expect(Math.abs(c - 35 / 4)).toBeLessThanOrEqual(1);
      }
    expect(makeFolds(ds, { kind: 'kfold', k: 4 }, new Rng(2))).toEqual(folds);
    expect(makeFolds(ds, { kind: 'kfold', k: 4 }, new Rng(3))).not.toEqual(folds);
  });
  it('official FSDD split: takes 0-4 test', () => {
    const fsdd = fake('fsdd', 5, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], 1, 50);
    const [f] = makeFolds(fsdd, { kind: 'official' }, new Rng(1));
    expect(f!.test.length).toBe(250);
    expect(f!.train.length).toBe(2250);
    expect(() => makeFolds(ds, { kind: 'official' }, new Rng(1))).toThrow(/no official split/);
  });
  it('explicit speaker lists; overlaps and unknown speakers are errors', () => {
    const [f] = makeFolds(ds, parseProtocol('speakers:s0,s1/s4'), new Rng(1));
    expect(f!.testSpeakers).toEqual(['s4']);
    expect(f!.train.length).toBe(42);
    expect(() => makeFolds(ds, { kind: 'speakers', train: ['s0'], test: ['s0'] }, new Rng(1))).toThrow(/both train and test/);
    expect(() => makeFolds(ds, { kind: 'speakers', train: ['zz'], test: ['s0'] }, new Rng(1))).toThrow(/unknown speaker "zz"/);
    expect(() => parseProtocol('nonsense')).toThrow(/protocol/);
  });
});
