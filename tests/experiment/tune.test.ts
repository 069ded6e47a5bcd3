import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { loadDataset } from '../../src/experiment/datasets/index.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import { applyParams, resolveTuneSpace, rungFolds, sampleTrials } from '../../src/experiment/tune-space.js';
import { innerSpeakerFolds, readTrials, runTune } from '../../src/experiment/tune.js';
import { readConfigFile } from '../../src/experiment/config-file.js';
import { resolveExperimentConfig } from '../../src/experiment/experiment-config.js';
import { ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { runCli } from '../run-cli.js';
import { tempDir } from '../helpers.js';

const repo = resolve(import.meta.dirname, '..', '..');
const LSM = 'reservoirs: { excitation: { grid: [3, 3, 2] }, tract: { grid: [3, 3, 2] } }\nreadout: { pca: 6, C: [10] }\nsimulation: { workers: 1 }\n';
const SPACE = 'innerFolds: 3\nhalving: { eta: 2 }\nparameters:\n  reservoirs.*.inputGain: { log: [0.02, 0.1] }\n  readout.pca: { choice: [4, 6] }\n';

/** The trial lines without their timing (what must match between runs). */
function trialsOf(dir: string): unknown[] {
  return readFileSync(join(dir, 'trials.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { seconds: _s, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });
}

describe('tune: search space', () => {
  const base = resolveLsmConfig({});
  it('draws the same values for the same seed, sets wildcard paths on every reservoir, and counts rungs', () => {
    const space = resolveTuneSpace(
      { parameters: { 'reservoirs.*.inputGain': { log: [0.01, 0.1] }, 'readout.pca': { int: [8, 12] }, 'simulation.readoutTau': { choice: [0.02, 0.05] } } },
      base,
    );
    const a = sampleTrials(space, 5, 3);
    expect(sampleTrials(space, 5, 3)).toEqual(a);
    expect(sampleTrials(space, 6, 3).slice(0, 5)).toEqual(a); // a larger budget keeps the first draws
    expect(sampleTrials(space, 5, 4)).not.toEqual(a);
    for (const p of a) {
      expect(p['reservoirs.*.inputGain']).toBeGreaterThanOrEqual(0.01);
      expect(p['reservoirs.*.inputGain']).toBeLessThanOrEqual(0.1);
      expect([8, 9, 10, 11, 12]).toContain(p['readout.pca']);
      const c = applyParams(base, p);
      expect(c.reservoirs.excitation!.inputGain).toBe(p['reservoirs.*.inputGain']);
      expect(c.reservoirs.tract!.inputGain).toBe(p['reservoirs.*.inputGain']);
      expect(c.readout.pca).toBe(p['readout.pca']);
    }
    expect(rungFolds(space, 4)).toEqual([1, 2, 4]);
    expect(rungFolds(space, 3)).toEqual([1, 2, 3]);
    expect(rungFolds({ ...space, halving: false }, 4)).toEqual([4]);
    expect(rungFolds({ ...space, halving: { eta: 3, minFolds: 2 } }, 9)).toEqual([2, 3, 9]);
  });

  it('rejects bad spaces with errors naming the file and the field', () => {
    expect(() => resolveTuneSpace({ parameters: { 'reservoirs.excitation.inputGian': { uniform: [0.01, 0.1] } } }, base, 'space.yaml')).toThrow(
      /space\.yaml: parameters\.reservoirs\.excitation\.inputGian.*inputGian/,
    );
    expect(() => resolveTuneSpace({ parameters: { 'readout.pca': { uniform: [-1, 4] } } }, base, 'space.yaml')).toThrow(ConfigError);
    expect(() => resolveTuneSpace({ parameters: { 'readout.pca': { log: [0, 4] } } }, base, 'space.yaml')).toThrow(/log bounds must be > 0/);
    expect(() => resolveTuneSpace({ parameters: {} }, base, 'space.yaml')).toThrow(/at least one parameter/);
    expect(() => resolveTuneSpace({ parameters: { 'frontEnd.rate.x': { choice: [1] } } }, base, 'space.yaml')).toThrow(/frontEnd\.rate is not a section/);
    expect(() => sampleTrials(resolveTuneSpace({ parameters: { 'readout.pca': { choice: [4] } } }, base), 0, 1)).toThrow(/budget/);
  });

  it('the example space runs on every dataset config of configs/', () => {
    const space = readConfigFile(join(repo, 'configs', 'tune-space-example.yaml'));
    for (const f of ['emodb-loso.yaml', 'fsdd-loso.yaml']) {
      const e = resolveExperimentConfig(readConfigFile(join(repo, 'configs', f)), f);
      const base = resolveLsmConfig({ ...e.lsm, seed: 1 });
      const s = resolveTuneSpace(space, base, 'tune-space-example.yaml');
      for (const p of sampleTrials(s, 8, 1)) expect(() => applyParams(base, p)).not.toThrow();
    }
  });
});

describe('tune: search', () => {
  const root = tempDir('lsm-ser-tune-');
  const c = synthesizeCorpus({ seed: 3, speakers: 3, perClass: 2, emotions: ['anger', 'sadness', 'neutral'], duration: [0.6, 0.8] });
  writeCorpus(c, join(root, 'corpus'));
  writeFileSync(join(root, 'lsm.yaml'), LSM);
  writeFileSync(join(root, 'space.yaml'), SPACE);
  const ds = loadDataset('synth', join(root, 'corpus'));
  const base = resolveLsmConfig(readConfigFile(join(root, 'lsm.yaml')));
  const space = resolveTuneSpace(readConfigFile(join(root, 'space.yaml')), base);
  const info = { name: 'toy', datasetRef: { name: 'synth' as const, path: join(root, 'corpus') }, protocol: 'loso' };

  it('inner folds split training speakers only', () => {
    const train = ds.utterances.map((_, i) => i).filter((i) => ds.utterances[i]!.speaker !== 'spk01');
    const { folds } = innerSpeakerFolds(ds, train, 4, new Rng(1));
    expect(folds).toHaveLength(2);
    for (const f of folds) {
      const sp = (idx: number[]) => new Set(idx.map((i) => ds.utterances[i]!.speaker));
      expect([...sp(f.train)].some((s) => sp(f.test).has(s))).toBe(false);
      expect(sp(f.train).has('spk01') || sp(f.test).has('spk01')).toBe(false);
    }
  });

  it('halves: every drawn configuration on the first rung, the best half promoted, the best of the last rung written as a runnable config', async () => {
    const s = await runTune(ds, base, space, info, { budget: 4, out: join(root, 'plain'), cacheDir: join(root, 'cache') });
    expect(s.complete).toBe(true);
    expect(s.rungs).toEqual([1, 2, 3]);
    const t = s.search!.trials;
    expect(t.filter((r) => r.rung === 0)).toHaveLength(4);
    expect(t.filter((r) => r.rung === 1)).toHaveLength(2);
    expect(t.filter((r) => r.rung === 2)).toHaveLength(1);
    const r0 = t.filter((r) => r.rung === 0).sort((a, b) => b.score - a.score || a.trial - b.trial);
    expect(
      t
        .filter((r) => r.rung === 1)
        .map((r) => r.trial)
        .sort(),
    ).toEqual(
      r0
        .slice(0, 2)
        .map((r) => r.trial)
        .sort(),
    );
    // promoted trials reuse the folds already scored
    for (const r of t.filter((x) => x.rung > 0)) expect(r.foldUar[0]).toBe(t.find((x) => x.rung === 0 && x.trial === r.trial)!.foldUar[0]);
    expect(s.search!.best!.score).toBeCloseTo(s.search!.best!.foldUar.reduce((a, b) => a + b) / 3, 12);
    // the best config is an experiment config with the drawn values
    const exp = resolveExperimentConfig(readConfigFile(s.bestConfigFile!), 'best');
    expect(exp.lsm.reservoirs!.tract!.inputGain).toBe(s.search!.best!.params['reservoirs.*.inputGain']);
    // a second run recomputes nothing; a different budget in the same folder is refused
    const again = await runTune(ds, base, space, info, { budget: 4, out: join(root, 'plain'), cacheDir: join(root, 'cache') });
    expect(again.search!.computed).toBe(0);
    await expect(runTune(ds, base, space, info, { budget: 5, out: join(root, 'plain'), cacheDir: join(root, 'cache') })).rejects.toThrow(/different search/);
    // shards split the trials, and a run without a shard merges to the same records
    for (const i of [0, 1]) {
      const part = await runTune(ds, base, space, info, {
        budget: 4,
        out: join(root, 'sharded'),
        cacheDir: join(root, 'cache'),
        shard: { index: i, count: 2 },
      });
      expect(part.search!.computed).toBeGreaterThan(0);
    }
    expect([...readTrials(join(root, 'sharded')).values()].filter((r) => r.rung === 0)).toHaveLength(4);
    const merged = await runTune(ds, base, space, info, { budget: 4, out: join(root, 'sharded'), cacheDir: join(root, 'cache') });
    // shard 0 stopped after its half of rung 1; shard 1 found rung 1 complete and did its half of rung 2: the merge does the rest
    expect(merged.search!.computed).toBe(2);
    expect(trialsOf(join(root, 'sharded'))).toEqual(trialsOf(join(root, 'plain')));
  });

  it('trials that change only the readout simulate the reservoirs once (features from the cache)', async () => {
    const readoutOnly = resolveTuneSpace(
      { innerFolds: 2, parameters: { 'readout.pca': { choice: [3, 4, 5, 6] }, 'readout.C': { choice: [[1], [10]] } } },
      base,
    );
    const cache = join(root, 'cache-readout');
    const s = await runTune(ds, base, readoutOnly, info, { budget: 4, out: join(root, 'readout-only'), cacheDir: cache });
    expect(s.complete).toBe(true);
    const files = readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith('.bin'));
    // one feature row per utterance and reservoir role, and one per utterance and role of the control
    // beside them (features.combine input+reservoir, the default), for all four configurations
    expect(files).toHaveLength(ds.utterances.length * 4);
  });

  it('nested: each outer fold searches on its own training speakers and is scored on its test speaker', async () => {
    const cli = await runCli([
      'tune',
      join(root, 'lsm.yaml'),
      '--dataset',
      'synth',
      '--data',
      join(root, 'corpus'),
      '--space',
      join(root, 'space.yaml'),
      '--budget',
      '2',
      '--nested',
      '--out',
      join(root, 'nested'),
      '--cache',
      join(root, 'cache'),
      '--json',
    ]);
    expect(cli.code, cli.err).toBe(0);
    const s = JSON.parse(cli.out) as { outer: { folds: { fold: string; testSpeakers: string[]; uar: number }[]; uar: { mean: number } } };
    expect(s.outer.folds.map((f) => f.testSpeakers[0])).toEqual(['spk01', 'spk02', 'spk03']);
    for (const f of s.outer.folds) {
      const search = JSON.parse(readFileSync(join(root, 'nested', 'outer', f.fold.replace(/[^A-Za-z0-9._-]+/g, '_'), 'search.json'), 'utf8')) as {
        identity: { train: string[]; innerFolds: string[][] };
      };
      expect(search.identity.innerFolds.flat()).not.toContain(f.testSpeakers[0]);
      expect(search.identity.train.some((id) => id.includes(f.testSpeakers[0]!))).toBe(false);
    }
    expect(s.outer.uar.mean).toBeCloseTo(s.outer.folds.reduce((a, f) => a + f.uar, 0) / 3, 12);
    for (const f of ['tune.md', 'tune.svg', 'best-config.yaml', 'outer.jsonl']) expect(existsSync(join(root, 'nested', f)), f).toBe(true);
  });

  it('a search killed with kill -9 and restarted ends with the same trials and best configuration as an uninterrupted one', async () => {
    const args = (out: string) => [
      join(repo, 'src', 'cli', 'main.ts'),
      'tune',
      join(root, 'lsm.yaml'),
      '--dataset',
      'synth',
      '--data',
      join(root, 'corpus'),
      '--space',
      join(root, 'space.yaml'),
      '--budget',
      '4',
      '--out',
      out,
      '--cache',
      join(root, `cache-${out.split('/').pop()}`),
    ];
    const run = (out: string, killAfterLines?: number) =>
      new Promise<{ code: number | null; signal: string | null; lines: number }>((res, rej) => {
        const p = spawn(process.execPath, ['--import', 'tsx', ...args(out)], { cwd: repo, stdio: 'ignore', env: { ...process.env, LSM_SER_DATA: '' } });
        let lines = 0;
        const timer = killAfterLines
          ? setInterval(() => {
              const f = join(out, 'trials.jsonl');
              lines = existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).length : 0;
              if (lines >= killAfterLines) p.kill('SIGKILL');
            }, 20)
          : null;
        p.on('error', rej);
        p.on('close', (code, signal) => {
          if (timer) clearInterval(timer);
          res({ code, signal, lines });
        });
      });
    const whole = join(root, 'whole');
    const killed = join(root, 'killed');
    const w = await runCli(args(whole).slice(1));
    expect(w.code, w.err).toBe(0);
    const k = await run(killed, 2);
    expect(k.signal).toBe('SIGKILL');
    expect(trialsOf(killed).length).toBeLessThan(trialsOf(whole).length); // it was interrupted mid-search
    expect((await run(killed)).code).toBe(0);
    expect(trialsOf(killed)).toEqual(trialsOf(whole));
    expect(readFileSync(join(killed, 'best-config.yaml'), 'utf8').replace(killed, 'X')).toBe(
      readFileSync(join(whole, 'best-config.yaml'), 'utf8').replace(whole, 'X'),
    );
  }, 120000);
});
