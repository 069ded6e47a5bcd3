import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { loadDataset } from '../../src/experiment/datasets/index.js';
import { stratifiedSample, type DiagnoseReport } from '../../src/experiment/diagnose.js';
import { Rng } from '../../src/core/rng.js';
import { runCli } from '../run-cli.js';
import { DATA_DIR, tempDir } from '../helpers.js';

const LSM = 'reservoirs: { excitation: { grid: [3, 3, 3] }, tract: { grid: [3, 3, 3] } }\nsimulation: { workers: 1 }\n';

describe('diagnose', () => {
  const root = tempDir('lsm-ser-diagnose-');
  const c = synthesizeCorpus({ seed: 2, speakers: 3, perClass: 3, emotions: ['anger', 'sadness', 'neutral'], duration: [0.7, 0.9] });
  writeCorpus(c, join(root, 'corpus'));
  writeFileSync(join(root, 'lsm.yaml'), LSM);
  const ds = loadDataset('synth', join(root, 'corpus'));

  it('samples evenly over speakers and labels, seeded', () => {
    const s = stratifiedSample(ds, 9, new Rng(1));
    expect(s).toEqual(stratifiedSample(ds, 9, new Rng(1)));
    const count = (f: (i: number) => string) => [...new Set(s.map(f))].map((k) => s.filter((i) => f(i) === k).length);
    expect(count((i) => ds.utterances[i]!.speaker)).toEqual([3, 3, 3]);
    expect(count((i) => ds.utterances[i]!.label)).toEqual([3, 3, 3]);
    expect(new Set(s.map((i) => `${ds.utterances[i]!.speaker}/${ds.utterances[i]!.label}`)).size).toBe(9); // 3 speakers x 3 labels: one of each cell
    expect(new Set(stratifiedSample(ds, 12, new Rng(1))).size).toBe(12);
    expect(() => stratifiedSample(ds, 1, new Rng(1))).toThrow(/sample/);
  });

  it('writes diagnose.json, diagnose.md and the plots, with metrics in their ranges', async () => {
    const out = join(root, 'out');
    const r = await runCli(['diagnose', join(root, 'lsm.yaml'), '--dataset', 'synth', '--data', join(root, 'corpus'), '--out', out, '--sample', '9', '--json']);
    expect(r.code, r.err).toBe(0);
    const rep = JSON.parse(r.out) as DiagnoseReport;
    expect(rep.sample.utterances).toBe(9);
    expect(Object.keys(rep.sample.speakers)).toHaveLength(3);
    expect(rep.roles.map((x) => x.role)).toEqual(['excitation', 'tract']);
    for (const x of rep.roles) {
      expect(x.neurons).toBe(27);
      expect(x.rates).toHaveLength(27);
      expect(x.firing.all.rates.mean).toBeGreaterThan(0);
      expect(x.firing.all.silentFraction).toBeGreaterThanOrEqual(0);
      expect(x.currents.ratio).toBeGreaterThan(0);
      expect(x.divergence.distance).toHaveLength(3);
      expect(x.memory.r2.length).toBe(x.memory.lags.length);
      expect(x.memory.r2[0]!).toBeLessThanOrEqual(1);
      expect(x.kernelQuality.rank).toBeGreaterThan(0);
      expect(x.kernelQuality.rank).toBeLessThanOrEqual(x.kernelQuality.maxRank);
      expect(x.spread.label).toBeGreaterThanOrEqual(0);
    }
    for (const f of ['diagnose.json', 'diagnose.md', 'rates.svg', 'memory.svg', 'divergence.svg']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'diagnose.md'), 'utf8')).toMatch(/\| var\(recurrent current\) \/ var\(input current\) \| \d/);
    expect(readFileSync(join(out, 'memory.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('errors name what is missing', async () => {
    const r = await runCli(['diagnose', join(root, 'lsm.yaml'), '--out', join(root, 'x')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/lsm\.yaml.*--dataset NAME and --data DIR/);
    writeFileSync(join(root, 'frontend.yaml'), 'features: { source: frontend }\n');
    const f = await runCli(['diagnose', join(root, 'frontend.yaml'), '--dataset', 'synth', '--data', join(root, 'corpus'), '--out', join(root, 'x')]);
    expect(f.err).toMatch(/features\.source: diagnose needs reservoirs/);
    const h = await runCli(['diagnose', '--help']);
    expect(h.out).toMatch(/--sample <n>/);
    expect(h.out).toMatch(/--json/);
    expect((await runCli(['tune', '--help'])).out).toMatch(/--space <file>[\s\S]*--budget <n>[\s\S]*--shard <i\/n>/);
  });

  it.skipIf(!DATA_DIR)(
    'runs on FSDD and Emo-DB-2s (small samples)',
    async () => {
      for (const [name, path] of [
        ['fsdd', 'fsdd'],
        ['emodb', 'emodb-2s'],
      ] as const) {
        const r = await runCli([
          'diagnose',
          join(root, 'lsm.yaml'),
          '--dataset',
          name,
          '--data',
          join(DATA_DIR!, path),
          '--out',
          join(root, name),
          '--sample',
          '6',
          '--lags',
          '0,0.05,0.2',
          '--json',
        ]);
        expect(r.code, r.err).toBe(0);
        const rep = JSON.parse(r.out) as DiagnoseReport;
        expect(rep.roles).toHaveLength(2);
        expect(rep.roles[0]!.firing.all.rates.mean).toBeGreaterThan(0);
      }
    },
    120000,
  );
});
