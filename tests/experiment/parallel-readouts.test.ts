import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { resolveExperimentConfig } from '../../src/experiment/experiment-config.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { runSweep } from '../../src/experiment/sweep.js';
import { Readout } from '../../src/readout/readout.js';
import { closeReadoutPool, readoutPool, resolveReadoutWorkers } from '../../src/readout/readout-pool.js';
import { inlineRunner } from '../../src/readout/readout-tasks.js';
import { blobs } from '../readout/data.js';
import { tempDir } from '../helpers.js';

afterAll(closeReadoutPool);

describe('readouts on the worker pool', () => {
  it('Readout.fit on 2 worker threads gives the same readout as on one thread (search table, transforms, SVM)', async () => {
    const rng = new Rng(4);
    const a = blobs(90, 12, 3, 1.2, rng);
    const b = blobs(90, 9, 3, 0.8, rng);
    const groups = a.y.map((_, i) => `spk${i % 5}`);
    const opts = { pca: 5, C: [0.5, 5, 50], gamma: ['scale' as const, 0.2], innerFolds: 4 };
    const one = await Readout.fit([a.X, b.X], a.y, opts, new Rng(7), { groups });
    const two = await Readout.fit([a.X, b.X], a.y, opts, new Rng(7), { groups, runner: readoutPool(2) });
    expect(JSON.stringify(two.toJSON())).toBe(JSON.stringify(one.toJSON()));
    expect(one.search).toHaveLength(6);
  }, 60_000);

  it('the inline runner runs tasks one at a time in submission order; a failed task does not stop the next', async () => {
    const seen: string[] = [];
    const r = inlineRunner((task) => seen.push(task));
    const { X, y } = blobs(30, 4, 2, 2, new Rng(5));
    const bad = r.run('reduce', { block: 1, train: { data: new Float64Array([1, NaN]), rows: 1, cols: 2 }, pca: null });
    const fit = r.run('fit', { X, y, options: { C: 1 }, rng: { seed: 1, path: 'svm' } });
    const red = r.run('reduce', { block: 0, train: X, pca: { nComponents: 2 } });
    await expect(bad).rejects.toThrow(/block 1/);
    expect((await red).reduced.cols).toBe(2);
    expect('precomputed' in (await fit)).toBe(true);
    expect(seen).toEqual(['fit', 'reduce']); // the failed task reports no time; the others in order
  });

  it('a task that fails on a worker rejects with its error class and message', async () => {
    const bad = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };
    await expect(Readout.fit([bad, bad], ['a', 'b'], { pca: 0, C: [1] }, new Rng(1), { runner: readoutPool(2) })).resolves.toBeInstanceOf(Readout);
    await expect(readoutPool(2).run('reduce', { block: 3, train: { data: new Float64Array([1, NaN]), rows: 1, cols: 2 }, pca: null })).rejects.toThrow(
      RangeError,
    );
    await expect(readoutPool(2).run('reduce', { block: 3, train: { data: new Float64Array([1, NaN]), rows: 1, cols: 2 }, pca: null })).rejects.toThrow(
      /block 3: .*column 1 is NaN/,
    );
    expect(() => resolveReadoutWorkers(0)).toThrow(/workers: must be an integer >= 1/);
  }, 60_000);

  it('runExperiment with 1 and 2 readout threads writes identical folds, and the library writes the pictures (run and sweep)', async () => {
    const root = tempDir('lsm-ser-par-');
    writeCorpus(synthesizeCorpus({ seed: 3, speakers: 4, perClass: 3, emotions: ['anger', 'sadness', 'neutral'] }), join(root, 'corpus'));
    const lsm = {
      reservoirs: { excitation: { grid: [3, 3, 4] }, tract: { grid: [3, 3, 4] } },
      readout: { pca: 6, C: [1, 10], innerFolds: 3 },
      simulation: { workers: 1 },
    };
    const runs = [];
    for (const workers of [1, 2]) {
      const cfg = resolveExperimentConfig({ name: `w${workers}`, seeds: [1], dataset: { name: 'synth', path: 'corpus' }, protocol: 'loso', lsm });
      runs.push(await runExperiment(cfg, { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache'), workers }));
    }
    const [one, two] = runs as [Awaited<ReturnType<typeof runExperiment>>, Awaited<ReturnType<typeof runExperiment>>];
    expect(two.recomputedFolds).toBe(4);
    expect(two.perFold).toEqual(one.perFold);
    expect(two.confusion).toEqual(one.confusion);
    const strip = (dir: string) =>
      readFileSync(join(dir, '1', 'folds.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => ({ ...JSON.parse(l), readoutSeconds: 0 }));
    expect(strip(two.dir)).toEqual(strip(one.dir));
    // library callers get the CLI's results folder
    expect(readFileSync(join(one.dir, 'confusion.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(one.dir, 'folds.svg'), 'utf8')).toMatch(/^<svg[\s\S]*speaker spk01/);
    const cfg = resolveExperimentConfig({
      name: 'sw',
      seeds: [1],
      dataset: { name: 'synth', path: 'corpus' },
      protocol: 'loso',
      lsm: { ...lsm, readout: { pca: 6, C: [10] } },
    });
    const { dir } = await runSweep(cfg, [30], { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache') });
    for (const f of ['uar-vs-units.svg', 'time-vs-units.svg', 'sweep.md']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(readFileSync(join(dir, 'uar-vs-units.svg'), 'utf8')).toMatch(/^<svg/);
  }, 120_000);
});
