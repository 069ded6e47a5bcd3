/**
 * Engine benchmark (one thread): the sweep of `lsm-ser bench engine`, then gpu.js's kernels
 * (src/lsm/backends/gpu.ts) in gpu.js's 'cpu' and 'webasm' modes against the CPU backend, and the real GPU
 * when there is one. Prints Markdown tables; asserts nothing.
 *
 *   npx tsx bench/engine.ts [--units 135,1000,10000] [--dt 1,0.1] [--batch 1,32]
 *                           [--precision f32,f64] [--input poisson|analog] [--repeats 3] [--no-suite]
 *                           [--backends cpu,cpu-js]
 *
 * Part 1: the sweep (Maass column at N = 135, fixed in-degree networks otherwise; Poisson
 * input by default), the CPU backend's WebAssembly SIMD kernel ('cpu') beside its plain
 * JavaScript loop ('cpu-js'). Part 2: gpu.js 'cpu' / 'webasm' modes vs the CPU backend on identical work (N = 135
 * Maass column with delays and N = 1000 fixed in-degree, analog input, 0.3 s, batch 1 and
 * 32): the ratios of wall times, and the spike counts (they agree). Part 3: a benny
 * suite of one small pass of each (skipped by --no-suite). Part 4: the real GPU if present.
 */
import { cpus } from 'node:os';
import b from 'benny';
import { runEngineSweep, sweepNetwork, type EngineRecord, type SweepBackend } from '../src/benchmark/engine-sweep.js';
import { formatEngineTable } from '../src/benchmark/engine-table.js';
import { gpuAvailability, runGpuLanesWithMode } from '../src/lsm/backends/gpu.js';
import { runCpuLanes } from '../src/lsm/backends/cpu.js';
import { buildInputCoupling } from '../src/lsm/topology/coupling.js';
import { resolveSimulationOptions, type Precision } from '../src/lsm/run-types.js';
import type { AnalogInput } from '../src/lsm/input.js';
import { Rng } from '../src/core/rng.js';
import { mV } from '../src/core/units.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const list = (s: string): number[] => s.split(',').map(Number);
const units = list(arg('units', '135,1000,10000'));
const dts = list(arg('dt', '1,0.1')).map((x) => x * 1e-3);
const batches = list(arg('batch', '1,32'));
const precision = arg('precision', 'f32').split(',') as Precision[];
const input = arg('input', 'poisson') as 'poisson' | 'analog';
const repeats = Number(arg('repeats', '3'));
const sweepBackends = arg('backends', 'cpu,cpu-js').split(',') as SweepBackend[];

console.log(`# lsm-ser engine benchmark — ${cpus()[0]?.model ?? '?'} (${cpus().length} cores), Node ${process.version}, ${new Date().toISOString()}`);
console.log(`\n## Part 1: sweep, one thread (${input} input, 1 s per lane, median of ${repeats})\n`);
for (const l of formatEngineTable([])) console.log(l);
await runEngineSweep({ units, dt: dts, batch: batches, precision, input, repeats, backends: sweepBackends }, (r) => console.log(formatEngineTable([r])[2]));

console.log(
  "\n## Part 2: the gpu.js kernels in gpu.js 'cpu' and 'webasm' modes vs the CPU backend (same network with its delays, same lanes, f32, analog input, 0.3 s)\n",
);
console.log(
  '| N | dt (ms) | batch | cpu backend wall s / sim s | gpu.js cpu mode wall s / sim s | gpu.js webasm mode wall s / sim s | ratio cpu mode / cpu | ratio webasm / cpu | spikes cpu / cpu mode / webasm |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---|');
const part2: EngineRecord[] = [];
for (const N of [135, 1000]) {
  for (const batch of [1, 32]) {
    const recs = await runEngineSweep({
      units: [N],
      dt: [1e-3],
      batch: [batch],
      precision: ['f32'],
      backends: ['cpu', 'gpujs-cpu', 'gpujs-webasm'],
      input: 'analog',
      duration: 0.3,
      repeats,
      warmup: 20,
    });
    part2.push(...recs);
    const [c, g, w] = recs;
    const f = (r: EngineRecord): string => r.wall_per_sim_s.toPrecision(3);
    console.log(
      `| ${N} | 1 | ${batch} | ${f(c!)} | ${f(g!)} | ${f(w!)} | ${(g!.wall_per_sim_s / c!.wall_per_sim_s).toFixed(1)} | ${(w!.wall_per_sim_s / c!.wall_per_sim_s).toFixed(1)} | ${c!.spikes} / ${g!.spikes} / ${w!.spikes} |`,
    );
  }
}

if (!args.includes('--no-suite')) {
  console.log('\n## Part 3: benny, one pass of N = 135 (Maass column with delays), 8 lanes x 0.1 s, analog input, f32\n');
  const rng = new Rng(3);
  const net = sweepNetwork(135, 'maass', rng).net;
  const coupling = buildInputCoupling(net.n, { channels: 35, gain: 1 * mV, signs: 'positive' }, rng.fork('in'));
  const ri = rng.fork('x');
  const lanes: AnalogInput[] = Array.from({ length: 8 }, () => ({
    kind: 'analog',
    data: Float32Array.from({ length: 10 * 35 }, () => ri.normal()),
    frames: 10,
    channels: 35,
    frameDuration: 0.01,
  }));
  const o = resolveSimulationOptions({ dt: 1e-3, precision: 'f32' }, net.tauMem);
  await b.suite(
    'N = 135, 8 lanes x 0.1 s',
    b.add('cpu backend (WebAssembly SIMD kernel)', () => runCpuLanes(net, coupling, lanes, o)),
    b.add('cpu backend, JavaScript loop', () => runCpuLanes(net, coupling, lanes, { ...o, kernel: 'js' })),
    b.add('gpu.js kernels, cpu mode', async () => runGpuLanesWithMode('cpu', net, coupling, lanes, o)),
    b.cycle(),
    b.complete(),
  );
}

console.log('\n## Part 4: real GPU\n');
const av = await gpuAvailability();
if (!av.available) console.log(`not available here: ${av.reason}. No GPU timings were measured.`);
else {
  const recs = await runEngineSweep({
    units,
    dt: dts,
    batch: [...new Set([...batches, 128])],
    precision: ['f32'],
    backends: ['gpu', 'cpu'],
    input: 'analog',
    repeats,
  });
  for (const l of formatEngineTable(recs)) console.log(l);
}
