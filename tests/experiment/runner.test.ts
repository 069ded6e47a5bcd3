import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { resolveExperimentConfig } from '../../src/experiment/experiment-config.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { ConfigError } from '../../src/core/errors.js';
import { tempDir } from '../helpers.js';
import { runCli } from '../run-cli.js';

const lsm = { reservoirs: { excitation: { grid: [3, 3, 4] }, tract: { grid: [3, 3, 4] } }, readout: { pca: 8, C: [10] }, simulation: { workers: 1 } };

describe('experiment runs', () => {
  const root = tempDir('lsm-ser-run-');
  const corpus = synthesizeCorpus({ seed: 9, speakers: 3, perClass: 3, emotions: ['anger', 'sadness', 'neutral'] });
  writeCorpus(corpus, join(root, 'corpus'));

  it('writes results per seed, resumes after an interruption with identical results, recomputing only what is missing', async () => {
    const cfg = resolveExperimentConfig({ name: 'toy', seeds: [1, 2], dataset: { name: 'synth', path: 'corpus' }, protocol: 'loso', lsm });
    const opts = { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache') };
    const first = await runExperiment(cfg, opts);
    expect(first.recomputedFolds).toBe(6);
    expect(first.folds).toBe(6);
    expect(first.partial).toBe(false);
    expect(first.backend).toEqual({ requested: 'cpu', used: 'cpu', reason: 'requested' });
    expect(readFileSync(join(first.dir, 'summary.md'), 'utf8')).toContain('Backend: cpu (requested cpu; requested).');
    for (const f of ['config.json', 'summary.json', 'summary.md', '1/folds.jsonl', '1/summary.json', '2/config.json'])
      expect(existsSync(join(first.dir, f)), f).toBe(true);
    expect(readFileSync(join(first.dir, 'summary.md'), 'utf8')).toMatch(/\| UAR \| \d+\.\d \+- \d+\.\d % \|/);
    // a second run recomputes nothing
    const again = await runExperiment(cfg, opts);
    expect(again.recomputedFolds).toBe(0);
    expect(again.uar).toEqual(first.uar);
    expect(again.backend).toEqual(first.backend); // nothing simulated now: the backend of the run that did
    // "kill" during seed 2: drop its last fold line, as if the process died before writing it
    const path = join(first.dir, '2', 'folds.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    writeFileSync(path, lines.slice(0, -1).join('\n') + '\n');
    const resumed = await runExperiment(cfg, opts);
    expect(resumed.recomputedFolds).toBe(1);
    expect(resumed.uar).toEqual(first.uar);
    expect(resumed.confusion).toEqual(first.confusion);
    expect(resumed.perFold).toEqual(first.perFold);
  });

  it('records a failing fold with its error and goes on', async () => {
    // speaker c has two labels, a and b only one: the fold that tests c trains on one class
    const rows = ['file,label,speaker'];
    const pick = (spk: string, label: string, k: number) => {
      const u = corpus.utterances.filter((x) => x.label === label)[k]!;
      const f = `${spk}_${label}_${k}.wav`;
      writeFileSync(join(root, 'corpus', f), readFileSync(join(root, 'corpus', u.file)));
      rows.push(`corpus/${f},${label},${spk}`);
    };
    for (let k = 0; k < 3; k++) {
      pick('a', 'anger', k);
      pick('b', 'anger', k + 3);
      pick('c', 'anger', k + 6);
      pick('c', 'sadness', k);
    }
    writeFileSync(join(root, 'skewed.csv'), rows.join('\n') + '\n');
    const cfg = resolveExperimentConfig({ name: 'skewed', dataset: { name: 'csv', path: 'skewed.csv' }, protocol: 'loso', lsm });
    const s = await runExperiment(cfg, { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache') });
    expect(s.folds).toBe(3);
    expect(s.failedFolds.map((f) => f.fold)).toEqual(['speaker c']);
    expect(s.failedFolds[0]!.error).toMatch(/class/);
    expect(readFileSync(join(s.dir, 'summary.md'), 'utf8')).toMatch(/Failed folds:/);
    // the CLI writes everything, then exits 1 naming the failure
    writeFileSync(join(root, 'skewed.yaml'), `name: skewed-cli\ndataset: { name: csv, path: skewed.csv }\nprotocol: loso\nlsm: ${JSON.stringify(lsm)}\n`);
    const r = await runCli(['run', join(root, 'skewed.yaml'), '--out', join(root, 'results'), '--data', root, '--cache', join(root, 'cache'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).failedFolds).toHaveLength(1);
    expect(r.err).toMatch(/1 of 3 folds failed .*summary\.json.*speaker c/);
  });

  it('config errors found with the dataset leave no results folder behind; the fixed config then runs', async () => {
    const out = join(root, 'results');
    const opts = { out, dataRoot: root, cacheDir: join(root, 'cache') };
    const bad: [unknown, RegExp][] = [
      [{ name: 'late', dataset: { name: 'synth', path: 'corpus' }, protocol: 'speakers:spk01,spk02/spk99' }, /spk99/],
      [{ name: 'late', dataset: { name: 'synth', path: 'corpus' }, protocol: 'kfold:1' }, /protocol/],
      [
        { name: 'late', dataset: { name: 'synth', path: 'corpus' }, protocol: 'loso', lsm: { simulation: { dt: 0.002, readoutInterval: 0.001 } } },
        /readoutInterval/,
      ],
    ];
    for (const [c, msg] of bad) {
      await expect((async () => runExperiment(resolveExperimentConfig(c, 'late.yaml'), opts))()).rejects.toThrow(msg);
      expect(existsSync(join(out, 'late'))).toBe(false);
    }
    const ok = await runExperiment(
      resolveExperimentConfig({ name: 'late', dataset: { name: 'synth', path: 'corpus' }, protocol: 'speakers:spk01,spk02/spk03', lsm }, 'late.yaml'),
      opts,
    );
    expect(ok.folds).toBe(1);
  });

  it('a GPU request without a GPU is recorded as what ran: the CPU, with the reason', async () => {
    const cfg = resolveExperimentConfig({
      name: 'gpu-req',
      dataset: { name: 'synth', path: 'corpus' },
      protocol: 'speakers:spk01,spk02/spk03',
      lsm: { ...lsm, simulation: { workers: 1, backend: 'gpu', onUnavailable: 'silent', gpu: { mode: 'gl' } } },
    });
    const s = await runExperiment(cfg, { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache-gpu') });
    expect(s.backend.requested).toBe('gpu');
    expect(s.backend.used).toBe('cpu');
    expect(s.backend.reason).toMatch(/^fallback: /);
    expect(JSON.parse(readFileSync(join(s.dir, 'summary.json'), 'utf8')).backend).toEqual(s.backend);
  });

  it('a corrupt results config and a missing relative dataset folder get errors that say what to do', async () => {
    const cfg = resolveExperimentConfig({ name: 'corrupt', dataset: { name: 'synth', path: 'corpus' }, protocol: 'speakers:spk01,spk02/spk03', lsm });
    const out = join(root, 'results');
    mkdirSync(join(out, 'corrupt'), { recursive: true });
    writeFileSync(join(out, 'corrupt', 'config.json'), '{garbage');
    await expect(runExperiment(cfg, { out, dataRoot: root, cacheDir: join(root, 'cache') })).rejects.toThrow(
      /corrupt\/config\.json: cannot read this results folder's config/,
    );
    const missing = resolveExperimentConfig({ name: 'nodata', dataset: { name: 'emodb', path: 'emodb-2s' }, protocol: 'loso' });
    await expect(runExperiment(missing, { out, dataRoot: root })).rejects.toThrow(/emodb-2s: dataset folder does not exist .*set --data or LSM_SER_DATA/);
  });

  it('invalid configs name the field and the value; a results folder of another config is refused', async () => {
    expect(() => resolveExperimentConfig({ name: 'x y', dataset: { name: 'emodb', path: 'd' } })).toThrow(ConfigError);
    expect(() => resolveExperimentConfig({ name: 'x', dataset: { name: 'timit', path: 'd' } })).toThrow(/dataset\.name.*timit/);
    expect(() => resolveExperimentConfig({ name: 'x', dataset: { name: 'emodb', path: 'd' }, protocol: 'holdout' })).toThrow(/protocol/);
    expect(() => resolveExperimentConfig({ name: 'x', dataset: { name: 'emodb', path: 'd' }, lsm: { readout: { pca: -1 } } })).toThrow(/lsm\.readout\.pca/);
    const other = resolveExperimentConfig({ name: 'toy', seeds: [3], dataset: { name: 'synth', path: 'corpus' }, protocol: 'loso', lsm });
    await expect(runExperiment(other, { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache') })).rejects.toThrow(
      /different experiment config/,
    );
  });
});
