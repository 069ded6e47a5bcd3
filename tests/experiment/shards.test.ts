import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { parseShard } from '../../src/experiment/runner.js';
import { runCli } from '../run-cli.js';
import { tempDir } from '../helpers.js';

const repo = resolve(import.meta.dirname, '..', '..');

/** `lsm-ser ...args` in a separate process (from the TypeScript sources). */
function cliProcess(args: string[]): Promise<{ code: number; err: string }> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(repo, 'src', 'cli', 'main.ts'), ...args], {
      cwd: repo,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LSM_SER_DATA: '' },
    });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', rej);
    p.on('close', (code) => res({ code: code ?? -1, err }));
  });
}

describe('sharded runs', () => {
  it('parses i/n and rejects bad shards', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(() => parseShard('3/3')).toThrow(/--shard/);
    expect(() => parseShard('a/b')).toThrow(/--shard/);
  });

  it('n shards run as separate processes, then merged, give the results of one process', async () => {
    const root = tempDir('lsm-ser-shards-');
    const c = synthesizeCorpus({ seed: 5, speakers: 4, perClass: 2, emotions: ['anger', 'sadness'] });
    writeCorpus(c, join(root, 'corpus'));
    const cfg = join(root, 'exp.yaml');
    writeFileSync(
      cfg,
      'name: sharded\nseeds: [1, 2]\ndataset: { name: synth, path: corpus }\nprotocol: loso\nlsm: { reservoirs: { excitation: { grid: [3, 3, 4] }, tract: { grid: [3, 3, 4] } }, readout: { pca: 6, C: [10] }, simulation: { workers: 1 } }\n',
    );
    // one process
    const single = await runCli(['run', cfg, '--out', join(root, 'one'), '--data', root, '--cache', join(root, 'cache-one'), '--json']);
    expect(single.code).toBe(0);
    // three shards in parallel processes sharing one cache, then a merge run
    const shards = await Promise.all(
      [0, 1, 2].map((i) => cliProcess(['run', cfg, '--shard', `${i}/3`, '--out', join(root, 'many'), '--data', root, '--cache', join(root, 'cache-many')])),
    );
    for (const s of shards) expect(s.err.replace(/.*(Warning|wasm|falling back).*\n?/g, '')).toBe('');
    expect(shards.map((s) => s.code)).toEqual([0, 0, 0]);
    expect(readdirSync(join(root, 'many', 'sharded', '1')).filter((f) => f.startsWith('folds.shard-')).length).toBe(3);
    const shardSummary = JSON.parse(readFileSync(join(root, 'many', 'sharded', 'summary.json'), 'utf8'));
    expect(shardSummary.partial).toBe(true);
    expect(readFileSync(join(root, 'many', 'sharded', 'summary.md'), 'utf8')).toContain('**Partial**');
    const merged = await runCli(['run', cfg, '--out', join(root, 'many'), '--data', root, '--cache', join(root, 'cache-many'), '--json']);
    expect(merged.code).toBe(0);
    const a = JSON.parse(single.out);
    const b = JSON.parse(merged.out);
    expect(b.recomputedFolds).toBe(0);
    expect(b.folds).toBe(8);
    expect([a.partial, b.partial]).toEqual([false, false]);
    for (const k of ['uar', 'wa', 'macroF1', 'perFold', 'confusion']) expect(b[k]).toEqual(a[k]);
    const lines = (p: string) =>
      readFileSync(p, 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const r = JSON.parse(l);
          delete r.readoutSeconds;
          return r;
        });
    expect(lines(join(root, 'many', 'sharded', '2', 'folds.jsonl'))).toEqual(lines(join(root, 'one', 'sharded', '2', 'folds.jsonl')));
  });
});

describe('a run killed with SIGKILL', () => {
  it('restarted, finishes with the results of an uninterrupted run and keeps the folds already done', async () => {
    const root = tempDir('lsm-ser-kill-');
    const c = synthesizeCorpus({ seed: 6, speakers: 5, perClass: 2, emotions: ['anger', 'sadness'] });
    writeCorpus(c, join(root, 'corpus'));
    const cfg = join(root, 'exp.yaml');
    writeFileSync(
      cfg,
      'name: killed\nseeds: [1]\ndataset: { name: synth, path: corpus }\nprotocol: loso\nlsm: { reservoirs: { excitation: { grid: [3, 3, 4] }, tract: { grid: [3, 3, 4] } }, readout: { pca: 6, C: [1, 10, 100], innerFolds: 4 }, simulation: { workers: 1 } }\n',
    );
    const reference = await runCli(['run', cfg, '--out', join(root, 'ref'), '--data', root, '--cache', join(root, 'cache-ref'), '--json']);
    expect(reference.code).toBe(0);
    // start, wait for the first finished fold, kill -9
    const folds = join(root, 'killed-out', 'killed', '1', 'folds.jsonl');
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', join(repo, 'src', 'cli', 'main.ts'), 'run', cfg, '--out', join(root, 'killed-out'), '--data', root, '--cache', join(root, 'cache-k')],
      { cwd: repo, stdio: 'ignore', env: { ...process.env, LSM_SER_DATA: '' } },
    );
    const killedAfter = await new Promise<number>((res) => {
      const timer = setInterval(() => {
        let n = 0;
        try {
          n = readFileSync(folds, 'utf8').trim().split('\n').filter(Boolean).length;
        } catch {
          /* not yet */
        }
        if (n >= 1 || p.exitCode !== null) {
          clearInterval(timer);
          p.kill('SIGKILL');
          res(n);
        }
      }, 20);
    });
    await new Promise((r) => p.once('close', r));
    expect(killedAfter).toBeGreaterThanOrEqual(1);
    const resumed = await runCli(['run', cfg, '--out', join(root, 'killed-out'), '--data', root, '--cache', join(root, 'cache-k'), '--json']);
    expect(resumed.code).toBe(0);
    const a = JSON.parse(reference.out);
    const b = JSON.parse(resumed.out);
    expect(b.recomputedFolds).toBeLessThanOrEqual(5 - killedAfter);
    for (const k of ['uar', 'wa', 'macroF1', 'perFold', 'confusion', 'folds']) expect(b[k]).toEqual(a[k]);
  });
});
