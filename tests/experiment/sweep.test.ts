import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { reservoirForUnits } from '../../src/experiment/sweep.js';
import { runCli } from '../run-cli.js';
import { tempDir } from '../helpers.js';

describe('reservoir-size sweeps', () => {
  it('maps sizes to Maass grids (135 = 3x3x15 ...) or fixed in-degree networks', () => {
    expect(reservoirForUnits(135)).toEqual({ topology: 'maass', grid: [3, 3, 15] });
    expect(reservoirForUnits(270)).toEqual({ topology: 'maass', grid: [3, 6, 15] });
    expect(reservoirForUnits(540)).toEqual({ topology: 'maass', grid: [6, 6, 15] });
    expect(reservoirForUnits(1080)).toEqual({ topology: 'maass', grid: [8, 9, 15] });
    expect(reservoirForUnits(2160)).toEqual({ topology: 'maass', grid: [12, 12, 15] });
    expect(reservoirForUnits(100)).toEqual({ topology: 'fixed-indegree', units: 100 });
    expect(() => reservoirForUnits(1)).toThrow(/units/);
  });

  it('lsm-ser run and lsm-ser sweep on a small synthetic corpus write their tables and pictures', async () => {
    const root = tempDir('lsm-ser-sweep-');
    const c = synthesizeCorpus({ seed: 2, speakers: 3, perClass: 2, emotions: ['anger', 'sadness'] });
    writeCorpus(c, join(root, 'corpus'));
    const cfg = join(root, 'exp.yaml');
    writeFileSync(
      cfg,
      'name: tiny\nseeds: [1]\ndataset: { name: synth, path: corpus }\nprotocol: loso\nlsm: { readout: { pca: 4, C: [10] }, simulation: { workers: 1 } }\n',
    );
    const out = join(root, 'results');
    const run = await runCli(['run', cfg, '--out', out, '--data', root, '--cache', join(root, 'cache'), '--json']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ name: 'tiny', folds: 3, recomputedFolds: 3 });
    expect(existsSync(join(out, 'tiny', 'confusion.svg'))).toBe(true);
    expect(readFileSync(join(out, 'tiny', 'folds.svg'), 'utf8')).toMatch(/^<svg[\s\S]*speaker spk01/);
    const sweep = await runCli(['sweep', cfg, '--units', '30,45', '--out', out, '--data', root, '--cache', join(root, 'cache'), '--json']);
    expect(sweep.code).toBe(0);
    const rows = sweep.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.units)).toEqual([30, 45]);
    for (const r of rows) {
      expect(r.uar.mean).toBeGreaterThanOrEqual(0);
      expect(r.peakRssMiB).toBeGreaterThan(10);
    }
    const dir = join(out, 'tiny-sweep');
    expect(readFileSync(join(dir, 'sweep.md'), 'utf8')).toMatch(/\| 45 \|/);
    for (const f of ['uar-vs-units.svg', 'time-vs-units.svg']) expect(readFileSync(join(dir, f), 'utf8')).toMatch(/^<svg/);
    expect(rows.map((r) => r.timing)).toEqual(['measured', 'measured']);
    // a rerun resumes every fold and keeps the timings measured by the run that computed them
    const again = await runCli(['sweep', cfg, '--units', '30,45', '--out', out, '--data', root, '--cache', join(root, 'cache'), '--json']);
    const rows2 = again.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows2.map((r) => r.timing)).toEqual(['earlier', 'earlier']);
    for (const k of [0, 1]) {
      for (const f of ['featureSeconds', 'readoutSeconds', 'peakRssMiB', 'seconds']) expect(rows2[k][f]).toBe(rows[k][f]);
      expect(rows2[k].uar).toEqual(rows[k].uar);
    }
    expect(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')).rows[1].readoutSeconds).toBe(rows[1].readoutSeconds);
    // a bad size is found before any size runs
    const bad = await runCli(['sweep', cfg, '--units', '60,1', '--out', out, '--data', root, '--cache', join(root, 'cache')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/units: must be an integer >= 2, got 1/);
    expect(existsSync(join(out, 'tiny-units60'))).toBe(false);
    const badSeeds = await runCli(['sweep', cfg, '--units', '60', '--seeds', '1,x', '--out', out, '--data', root]);
    expect(badSeeds.err).toMatch(/^lsm-ser: --seeds: "x" is not a number/);
    const fracSeeds = await runCli(['sweep', cfg, '--units', '60', '--seeds', '1.5', '--out', out, '--data', root]);
    expect(fracSeeds.err).toMatch(/--seeds: seeds must be integers >= 0, got 1.5/);
  });
});
