import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { resolveCompareConfig } from '../../src/experiment/compare-config.js';
import { runCompare, readCompareRecords, noisyClips } from '../../src/experiment/compare.js';
import { writeCompareReport } from '../../src/experiment/compare-report.js';
import { ConfigError } from '../../src/core/errors.js';
import { power } from '../../src/augment/noise.js';
import { tempDir } from '../helpers.js';

const lsm = { reservoirs: { excitation: { grid: [3, 3, 4] }, tract: { grid: [3, 3, 4] } }, readout: { pca: 8, C: [10] }, simulation: { workers: 1 } };

describe('lsm-ser compare', () => {
  const root = tempDir('lsm-ser-compare-');
  const corpus = synthesizeCorpus({ seed: 4, speakers: 3, perClass: 4, emotions: ['anger', 'sadness', 'neutral'] });
  writeCorpus(corpus, join(root, 'corpus'));

  it('trains every model on the same folds, scores clean and noisy test sets, resumes, and reports', async () => {
    const cfg = resolveCompareConfig({
      name: 'toy',
      seeds: [1],
      dataset: { name: 'synth', path: 'corpus' },
      protocol: 'loso',
      rate: 16000,
      models: ['lsm', 'mfcc-svm', 'elm', 'cnn-bigru-att', 'acnn-mhsa'],
      lsm,
      elm: { hidden: 50 },
      deep: { epochs: 2, patience: 1, batchSize: 8 },
      noise: { kinds: ['white', 'babble'], snrDb: [10, 0] },
      augmentation: { copies: 1, models: ['mfcc-svm'] },
    });
    const opts = { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache') };
    const r = await runCompare(cfg, opts);
    // 3 folds x (5 models + 1 augmented)
    expect(r.records.length).toBe(18);
    for (const rec of r.records) {
      expect(Object.keys(rec.conditions).sort()).toEqual(['babble@0', 'babble@10', 'clean', 'white@0', 'white@10']);
      expect(rec.conditions.clean!.n).toBe(12);
      expect(rec.trainableParameters).toBeGreaterThan(0);
      expect(rec.confusion.flat().reduce((s, v) => s + v, 0)).toBe(12);
      expect(rec.inferTiming).toBe('cold');
      expect(rec.inferMsPerUtterance).toBeGreaterThan(0);
      // per-utterance clean predictions, consistent with the stored confusion and the fold's test speakers
      const p = rec.predictions!;
      expect(p.ids.length).toBe(12);
      expect(new Set(p.speakers)).toEqual(new Set(rec.testSpeakers));
      const hits = p.truth.filter((t, i) => t === p.pred[i]).length;
      expect(hits).toBe(rec.confusion.reduce((s, row, i) => s + row[i]!, 0));
    }
    const aug = r.records.find((x) => x.training === 'augmented')!;
    expect(aug.trainUtterances).toBe(2 * r.records.find((x) => x.model === 'mfcc-svm' && x.training === 'clean' && x.fold === aug.fold)!.trainUtterances);
    // the synthetic emotions are easy: the classic baseline is far above chance on clean audio
    const svm = r.records.filter((x) => x.model === 'mfcc-svm' && x.training === 'clean');
    expect(svm.reduce((s, x) => s + x.conditions.clean!.uar, 0) / svm.length).toBeGreaterThan(0.6);
    // resume: drop the last line, run again: only that one is recomputed, results identical
    const path = join(r.dir, 'results.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    writeFileSync(path, lines.slice(0, -1).join('\n') + '\n');
    let recomputed = 0;
    const again = await runCompare(cfg, { ...opts, onRecord: (_, reused) => void (reused ? 0 : recomputed++) });
    expect(recomputed).toBe(1);
    const strip = (x: (typeof r.records)[number]) => ({ ...x, trainSeconds: 0, inferMsPerUtterance: 0, info: { ...x.info, trainSeconds: 0 } });
    expect(again.records.map(strip).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      r.records.map(strip).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    const rep = await writeCompareReport(r.dir, readCompareRecords(path), cfg, 'synth', { babbleSource: 'x', folds: 3, provenance: {} });
    expect(rep.rows.length).toBe(6);
    // paired statistics: every unordered pair of the 5 models once (clean training); one augmented model has no pair
    expect(rep.pairs.length).toBe(10);
    expect(new Set(rep.pairs.map((p) => `${p.modelA}|${p.modelB}`)).size).toBe(10);
    for (const p of rep.pairs) {
      expect(p.modelA).not.toBe(p.modelB);
      expect(p.utterances).toBe(36);
      expect(p.lo).toBeLessThanOrEqual(p.diff + 1e-12);
      expect(p.hi).toBeGreaterThanOrEqual(p.diff - 1e-12);
    }
    expect(rep.markdown).toMatch(/## Paired comparisons/);
    expect(rep.markdown).toMatch(/\| clean \| lsm \| mfcc-svm \| 1 \| 36 \| \d+\.\d \| \d+\.\d \| [+-]\d+\.\d \[-?\d+\.\d, -?\d+\.\d\] \| \d \/ \d of 3 \|/);
    for (const f of ['compare.md', 'compare.json', 'compare.svg', 'noise.svg', 'ranked.svg']) expect(existsSync(join(r.dir, f)), f).toBe(true);
    // the deep models' training curves: one SVG per fold, an overview per model, every epoch in curves/history.jsonl
    for (const f of [
      'cnn-bigru-att-clean-seed1.svg',
      'acnn-mhsa-clean-seed1.svg',
      `cnn-bigru-att-clean-seed1-${r.records[0]!.fold.replace(/[^A-Za-z0-9._-]/g, '_')}.svg`,
    ])
      expect(existsSync(join(r.dir, 'curves', f)), f).toBe(true);
    const epochs = r.records.filter((x) => x.model === 'cnn-bigru-att' || x.model === 'acnn-mhsa').reduce((s, x) => s + (x.info['epochsRun'] as number), 0);
    expect(
      readFileSync(join(r.dir, 'curves', 'history.jsonl'), 'utf8')
        .trim()
        .split('\n').length,
    ).toBe(epochs);
    expect(rep.markdown).toMatch(/\| lsm \| clean \| \d+\.\d \+- \d+\.\d \|/);
    expect(rep.markdown).toMatch(/Effect of training-set augmentation/);
    expect(readFileSync(join(r.dir, 'noise.svg'), 'utf8')).toMatch(/^<svg/);
  }, 600_000);

  it('shards split the folds over processes; a run without a shard merges them and recomputes nothing', async () => {
    const cfg = resolveCompareConfig({
      name: 'sh',
      dataset: { name: 'synth', path: 'corpus' },
      models: ['mfcc-svm', 'elm'],
      elm: { hidden: 30 },
      noise: { kinds: ['pink'], snrDb: [5] },
    });
    const base = { dataRoot: root, cacheDir: join(root, 'cache') };
    const one = await runCompare(cfg, { ...base, out: join(root, 'one') });
    const a = await runCompare(cfg, { ...base, out: join(root, 'sharded'), shard: { index: 0, count: 2 } });
    const b = await runCompare(cfg, { ...base, out: join(root, 'sharded'), shard: { index: 1, count: 2 } });
    expect(a.records.length).toBe(4); // folds 0 and 2, two models
    expect(b.records.length).toBe(6); // sees shard 0's records too
    let recomputed = 0;
    const merged = await runCompare(cfg, { ...base, out: join(root, 'sharded'), onRecord: (_, reused) => void (reused ? 0 : recomputed++) });
    expect(recomputed).toBe(0);
    const key = (r: (typeof one.records)[number]) => `${r.model}|${r.fold}|${JSON.stringify(r.conditions)}`;
    expect(merged.records.map(key).sort()).toEqual(one.records.map(key).sort());
  }, 120_000);

  it('noise: every model gets the same noisy audio at the exact SNR; babble never contains the utterance itself', () => {
    const clips = [0, 1, 2].map((k) => ({
      id: `u${k}`,
      label: 'a',
      speaker: 's',
      audio: { samples: Float64Array.from({ length: 4000 }, (_, i) => Math.sin((i * (k + 1)) / 9)), sampleRate: 16000, source: `u${k}` },
    }));
    const a = noisyClips(clips, 'babble', 5, 1);
    const b = noisyClips(clips, 'babble', 5, 1);
    expect(a.clips[0]!.audio.samples).toEqual(b.clips[0]!.audio.samples);
    expect(a.babbleSource).toMatch(/other utterances/);
    for (const [i, c] of a.clips.entries()) {
      const n = c.audio.samples.map((v, j) => v - clips[i]!.audio.samples[j]!);
      expect(10 * Math.log10(power(clips[i]!.audio.samples) / power(n))).toBeCloseTo(5, 9);
    }
    // a test fold of one utterance has nothing to make babble from: the error names it
    expect(() => noisyClips(clips.slice(0, 1), 'babble', 5, 1)).toThrow(/^u0: babble noise is made of the other utterances of the test fold \(speaker s\)/);
  });

  it('rejects bad configs naming the field', () => {
    expect(() => resolveCompareConfig({ name: 'x', dataset: { name: 'emodb', path: 'p' }, models: ['lsm', 'gpt'] })).toThrow(ConfigError);
    expect(() => resolveCompareConfig({ name: 'x', dataset: { name: 'emodb', path: 'p' }, models: ['lsm', 'gpt'] })).toThrow(/models/);
    expect(() => resolveCompareConfig({ name: 'x', dataset: { name: 'emodb', path: 'p' }, augmentation: { models: ['elm'] }, models: ['lsm'] })).toThrow(
      /augmentation\.models/,
    );
    expect(() => resolveCompareConfig({ name: 'x', dataset: { name: 'emodb', path: 'p' }, deep: { epochs: 0 } })).toThrow(/deep\.epochs/);
    const x = { name: 'x', dataset: { name: 'emodb', path: 'p' } };
    expect(() => resolveCompareConfig({ ...x, models: ['elm', 'elm'] }, 'c.yaml')).toThrow('c.yaml: models: each model at most once');
    // inside "false or an object": the field of the object, and NaN shown as NaN
    expect(() => resolveCompareConfig({ ...x, noise: { snrDb: [NaN] } }, 'c.yaml')).toThrow(/^c\.yaml: noise\.snrDb\.0: .*\(got NaN\)$/);
    expect(() => resolveCompareConfig({ ...x, noise: { kinds: ['brown'] } }, 'c.yaml')).toThrow(/^c\.yaml: noise\.kinds\.0: /);
    expect(() => resolveCompareConfig({ ...x, augmentation: { snrDb: [Infinity, 5] } }, 'c.yaml')).toThrow(/^c\.yaml: augmentation\.snrDb\.0: /);
    // ranges the transforms cannot do are config errors, not a failure on some later fold
    expect(() => resolveCompareConfig({ ...x, augmentation: { semitones: [-30, 3] } }, 'c.yaml')).toThrow(/augmentation\.semitones\.0/);
    expect(() => resolveCompareConfig({ ...x, augmentation: { gainDb: [-6, 60] } }, 'c.yaml')).toThrow(/augmentation\.gainDb\.1/);
  });

  it('a two-speaker corpus under LOSO: the one-speaker training folds fall back to stratified inner folds, recorded and stated in compare.md', async () => {
    const two = synthesizeCorpus({ seed: 5, speakers: 2, perClass: 6, emotions: ['anger', 'sadness', 'neutral'] });
    writeCorpus(two, join(root, 'two'));
    const cfg = resolveCompareConfig({
      name: 'two-speakers',
      seeds: [1],
      dataset: { name: 'synth', path: 'two' },
      protocol: 'loso',
      rate: 16000,
      models: ['mfcc-svm'],
      noise: false,
    });
    const out = join(root, 'results-two');
    const r = await runCompare(cfg, { out, dataRoot: root, cacheDir: join(root, 'cache') });
    expect(r.records.length).toBe(2);
    for (const rec of r.records) expect(rec.info.innerCv).toBe('stratified-one-group');
    const rep = await writeCompareReport(join(out, 'two-speakers'), r.records, cfg, 'synth', { babbleSource: 'none', folds: 2, provenance: {} });
    expect(rep.markdown).toMatch(
      /training part of mfcc-svm \(speaker \S+, seed 1\), mfcc-svm \(speaker \S+, seed 1\) had a single speaker, so C \(and gamma\) were chosen on stratified folds/,
    );
  });
});
