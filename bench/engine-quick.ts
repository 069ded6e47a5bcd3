/**
 * Quick engine benchmark (for tuning the CPU loop; the full benchmark is bench/engine.ts).
 *
 *   npx tsx bench/engine-quick.ts [--sizes 135,1000,10000] [--dts 1,0.1] [--repeats 5] [--lanes 64]
 *
 * Part 1: netgen networks (../shared/peers/netgen.py, generated into a temp folder with
 * Debian's /usr/bin/python3 + numpy), one thread, f64 and f32: median loop time per simulated
 * second beside Brian2 cpp_standalone's (../shared/peers/table.md, same kind of machine but
 * another day: ratios are indicative) and the single-core floor (1.2e9 neuron updates/s,
 * 6.5e8 synaptic events/s, peers/README.md).
 * Part 2: batched lanes at N = 135 (netgen 135 network, dt 1 ms, 2 s analog-free Poisson
 * inputs): utterance-seconds simulated per wall second, one lane at a time vs `--lanes` lanes
 * per pass, and on a worker pool.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadNetgenNetwork } from '../src/lsm/netgen.js';
import { runCpuLanes } from '../src/lsm/backends/cpu.js';
import { runCpuPool, autoWorkers, closeCpuPool } from '../src/lsm/backends/pool.js';
import { resolveSimulationOptions } from '../src/lsm/run-types.js';
import type { SpikeInput } from '../src/lsm/input.js';
import { Rng } from '../src/core/rng.js';
import { timeRuns } from '../src/benchmark/timing.js';
import { synapticEvents } from '../src/benchmark/events.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const sizes = arg('sizes', '135,1000,10000').split(',').map(Number);
const dts = arg('dts', '1,0.1').split(',').map(Number);
const repeats = Number(arg('repeats', '7'));
const laneCount = Number(arg('lanes', '64'));
const peers = resolve(process.env.LSM_SER_PEERS ?? join(import.meta.dirname, '..', '..', 'shared', 'peers'));
if (!existsSync(join(peers, 'netgen.py'))) throw new Error(`netgen.py not found in ${peers} (set LSM_SER_PEERS)`);

// Brian2 cpp_standalone, wall s per simulated second (peers/table.md).
const BRIAN: Record<string, number> = {
  '135/1': 0.001557,
  '135/0.1': 0.01261,
  '1000/1': 0.004604,
  '1000/0.1': 0.03118,
  '10000/1': 0.07041,
  '10000/0.1': 0.2854,
};
const FLOOR_NEURON = 1.2e9;
const FLOOR_SYN = 6.5e8;

const dir = mkdtempSync(join(tmpdir(), 'lsm-ser-bench-'));
const gen = (N: number, dt: number): string => {
  const out = join(dir, `${N}_${dt}`);
  if (!existsSync(join(out, 'meta.json'))) execFileSync('/usr/bin/python3', [join(peers, 'netgen.py'), String(N), String(dt), out], { stdio: 'ignore' });
  return out;
};

console.log('# part 1: netgen networks, one thread, median (and min) of', repeats, 'runs after up to 30 warm-up runs (1.5 s)');
console.log('N\tdt_ms\tprec\tspikes\trun_ms\tmin_ms\tbrian_ms\tvs_brian\tfloor_ms\tvs_floor\tneuron_upd/s\tsyn_ev/s');
for (const N of sizes) {
  for (const dtMs of dts) {
    const imp = loadNetgenNetwork(gen(N, dtMs));
    const net = imp.network;
    for (const precision of ['f64', 'f32'] as const) {
      const o = resolveSimulationOptions({ dt: imp.dt, precision, duration: imp.duration }, net.tauMem * net.units.time);
      // JIT warm-up: V8 reaches its top tier only after several calls of the loop function.
      const timing = await timeRuns(() => runCpuLanes(net, imp.coupling, [imp.input], o), { warmup: 30, warmupBudget: 1.5, repeats });
      const spikes = timing.result[0]!.spikes;
      const ev = synapticEvents(net, imp.coupling, timing.result, [imp.input]);
      const events = ev.recurrent + ev.input;
      const run = timing.median / imp.duration;
      const steps = Math.round(imp.duration / imp.dt);
      const floor = (N * steps) / FLOOR_NEURON + events / FLOOR_SYN;
      const brian = BRIAN[`${N}/${dtMs}`];
      console.log(
        [
          N,
          dtMs,
          precision,
          spikes,
          (run * 1000).toFixed(2),
          ((timing.min / imp.duration) * 1000).toFixed(2),
          brian ? (brian * 1000).toFixed(2) : '-',
          brian ? (run / brian).toFixed(2) : '-',
          (floor * 1000).toFixed(2),
          (run / floor).toFixed(2),
          ((N * steps) / run / imp.duration).toExponential(2),
          (events / run / imp.duration).toExponential(2),
        ].join('\t'),
      );
    }
  }
}

// Part 2: batched lanes at N = 135.
{
  const imp = loadNetgenNetwork(gen(135, 1));
  const net = imp.network;
  const dur = 2;
  const rng = new Rng(7);
  const inputs: SpikeInput[] = [];
  for (let l = 0; l < laneCount; l++) {
    // 16 Poisson channels at 20 Hz over a random 1.5-2 s (different lane lengths).
    const len = 1.5 + 0.5 * rng.random();
    const ev: { t: number; c: number }[] = [];
    for (let c = 0; c < 16; c++)
      for (let t = -Math.log(1 - rng.random()) / 20; t < len; t += -Math.log(1 - rng.random()) / 20) ev.push({ t: Math.floor(t * 1000) / 1000, c });
    ev.sort((a, b) => a.t - b.t || a.c - b.c);
    inputs.push({ kind: 'spikes', times: Float64Array.from(ev, (e) => e.t), channels: Int32Array.from(ev, (e) => e.c), nChannels: 16, duration: len });
  }
  const uttSeconds = inputs.reduce((a, i) => a + i.duration, 0);
  for (const precision of ['f64', 'f32'] as const) {
    const o = resolveSimulationOptions({ dt: 0.001, precision }, net.tauMem * net.units.time);
    // two untimed runs, then the median of four
    const time = async (f: () => unknown): Promise<number> => (await timeRuns(f, { warmup: 2, warmupBudget: Infinity, repeats: 4 })).median;
    const single = await time(() => inputs.map((x) => runCpuLanes(net, imp.coupling, [x], o)));
    const batched = await time(() => runCpuLanes(net, imp.coupling, inputs, o));
    const w = autoWorkers();
    const pooled = await time(() => runCpuPool(net, imp.coupling, inputs, o, w, 64));
    console.log(`# part 2: N=135 dt=1 ms ${precision}, ${laneCount} lanes (${uttSeconds.toFixed(1)} utterance-s; ${dur} s max):`);
    console.log(
      `  one at a time: ${(uttSeconds / single).toFixed(0)} utt-s/s; batched (1 thread): ${(uttSeconds / batched).toFixed(0)} utt-s/s = ${(single / batched).toFixed(2)}x; pool of ${w} workers: ${(uttSeconds / pooled).toFixed(0)} utt-s/s = ${(single / pooled).toFixed(2)}x`,
    );
  }
}
await closeCpuPool();
