import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { mV } from '../../src/core/units.js';
import { buildFixedIndegree } from '../../src/lsm/topology/fixed-indegree.js';
import { buildInputCoupling } from '../../src/lsm/topology/coupling.js';
import { closeCpuPool } from '../../src/lsm/backends/pool.js';
import { LifReservoir } from '../../src/lsm/reservoir.js';
import type { AnalogInput } from '../../src/lsm/input.js';
import type { LaneResult } from '../../src/lsm/run-types.js';
import { tempDir } from '../helpers.js';

afterAll(closeCpuPool);

const repo = resolve(import.meta.dirname, '..', '..');
const netA = buildFixedIndegree({ n: 60 }, new Rng(1));
const netB = buildFixedIndegree({ n: 80 }, new Rng(2));
const cA = buildInputCoupling(netA.n, { channels: 3, gain: 3 * mV, signs: 'positive' }, new Rng(3));
const cB = buildInputCoupling(netB.n, { channels: 3, gain: 3 * mV, signs: 'positive' }, new Rng(4));

function analog(count: number, seed: number, frames = 40): AnalogInput[] {
  const r = new Rng(seed);
  return Array.from({ length: count }, () => ({
    kind: 'analog',
    data: Float32Array.from({ length: frames * 3 }, () => r.normal()),
    frames,
    channels: 3,
    frameDuration: 0.01,
  }));
}

const counts = (res: LaneResult[]) => res.map((r) => Array.from(r.counts).join(','));

describe('CPU worker pool', () => {
  const opts = { workers: 2, lanesPerBatch: 2 } as const;

  it('runs started together give the results of the same runs one after the other', async () => {
    const inA = analog(6, 1);
    const inB = analog(5, 2);
    const inC = analog(4, 3);
    const a = new LifReservoir(netA, cA, opts);
    const b = new LifReservoir(netB, cB, opts);
    const seqA = counts(await a.run(inA));
    const seqC = counts(await a.run(inC));
    const seqB = counts(await b.run(inB));
    const [ra, rc, rb] = await Promise.all([a.run(inA), a.run(inC), b.run(inB)]);
    expect(counts(ra)).toEqual(seqA);
    expect(counts(rc)).toEqual(seqC);
    expect(counts(rb)).toEqual(seqB);
    // and the same as one thread
    expect(counts(await new LifReservoir(netA, cA, { workers: 1 }).run(inA))).toEqual(seqA);
  });

  it('a failing run fails alone: errors name lanes of the whole run, other runs and later runs are unaffected', async () => {
    const a = new LifReservoir(netA, cA, opts);
    const good = analog(4, 5, 300);
    const ref = counts(await new LifReservoir(netA, cA, { workers: 1 }).run(good));
    // lane 3 would need more than 2^31 steps (found inside the worker, in a chunk that starts at lane 2)
    const bad = [...analog(3, 6), { ...analog(1, 7, 3)[0]!, frameDuration: 1e6 }];
    for (const o of [opts, { workers: 1, lanesPerBatch: 2 }]) {
      await expect(new LifReservoir(netA, cA, o).run(bad), JSON.stringify(o)).rejects.toThrow(RangeError);
      await expect(new LifReservoir(netA, cA, o).run(bad)).rejects.toThrow(/^input: lane 3 lasts 3000000 s/);
    }
    const [okRun, badRun] = await Promise.allSettled([a.run(good), a.run(bad)]);
    expect(badRun.status).toBe('rejected');
    expect(okRun.status).toBe('fulfilled');
    expect(counts((okRun as PromiseFulfilledResult<LaneResult[]>).value)).toEqual(ref);
    expect(counts(await a.run(good))).toEqual(ref);
    // an input that cannot be copied to a thread: a clear error, then the pool still works
    const unclonable = analog(4, 8).map((x) => ({ ...x, meta: { onDone() {} } }));
    await expect(a.run(unclonable)).rejects.toThrow(/cannot be sent to a worker thread/);
    expect(counts(await a.run(good))).toEqual(ref);
  });

  it('closing the pool during a run fails that run; a later run starts new workers', async () => {
    const a = new LifReservoir(netA, cA, opts);
    const long = analog(4, 9, 3000);
    const ref = counts(await new LifReservoir(netA, cA, { workers: 1 }).run(long));
    const running = a.run(long).then(
      () => null,
      (e: Error) => e,
    ); // handled at once: it fails while the pool closes
    await new Promise((r) => setTimeout(r, 20));
    await closeCpuPool();
    expect((await running)?.message).toMatch(/pool was closed/);
    expect(counts(await a.run(long))).toEqual(ref);
  });

  it('a process that used the pool exits by itself, also after a failed run', async () => {
    const dir = tempDir();
    const script = join(dir, 'pooled.mts');
    const src = (p: string) => JSON.stringify(join(repo, 'src', p));
    writeFileSync(
      script,
      `import { Rng } from ${src('core/rng.ts')};
import { buildFixedIndegree } from ${src('lsm/topology/fixed-indegree.ts')};
import { LifReservoir } from ${src('lsm/reservoir.ts')};
import { closeCpuPool } from ${src('lsm/backends/pool.ts')};
const net = buildFixedIndegree({ n: 50 }, new Rng(1));
const input = { kind: 'spikes', times: new Float64Array(0), channels: new Int32Array(0), nChannels: 0, duration: 0.2 };
const r = new LifReservoir(net, null, { workers: 2, lanesPerBatch: 1 });
const res = await r.run([input, input, input]);
await closeCpuPool(); // awaited at top level: must settle before the process exits
console.log('closed');
await r.run([input, { ...input, meta: { f() {} } }]).catch((e) => console.log('failed:', e.message.slice(0, 40)));
console.log('ran', res.length);
`,
    );
    const t0 = Date.now();
    const out = await new Promise<{ code: number | null; out: string }>((res, rej) => {
      const p = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
      let o = '';
      p.stdout.on('data', (d: Buffer) => (o += d.toString()));
      const timer = setTimeout(() => p.kill('SIGKILL'), 30000);
      p.on('error', rej);
      p.on('close', (code) => (clearTimeout(timer), res({ code, out: o })));
    });
    expect(out.out).toContain('failed: input: lanes');
    expect(out.out).toContain('ran 3');
    expect(out.out).toContain('closed');
    expect(out.code).toBe(0); // not killed by the 30-s guard
    expect(Date.now() - t0).toBeLessThan(30000);
  });
});
