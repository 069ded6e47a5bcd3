/**
 * Batched lanes at N = 135: 128 utterances of 1 s (35-channel analog input at 100 frames/s,
 * N(0, 1) frames from the seeded Rng) through one Maass column (3 x 3 x 15, delays, static
 * synapses; input coupling 35 channels to 30 % of the neurons, 1 mV per unit), dt 1 ms, f32,
 * CPU backend. Utterance-seconds simulated per wall second for one utterance at a time
 * (lanesPerBatch 1, workers 1) against lanesPerBatch 8, 32, 128 on one thread and on 2 worker
 * threads; median of `--repeats` runs after one warm-up run. Prints a Markdown table and
 * checks that every configuration gives the same spikes (lanes are independent).
 *
 * The first row runs the plain JavaScript loop (kernel 'js') for reference; the others the
 * default WebAssembly SIMD kernel.
 *
 *   npx tsx bench/batch.ts [--utterances 128] [--repeats 3] [--workers 2]
 */
import { cpus } from 'node:os';
import { Rng } from '../src/core/rng.js';
import { mV, ms } from '../src/core/units.js';
import { buildMaassColumn } from '../src/lsm/topology/maass.js';
import { buildInputCoupling } from '../src/lsm/topology/coupling.js';
import { LifReservoir } from '../src/lsm/reservoir.js';
import { closeCpuPool } from '../src/lsm/backends/pool.js';
import type { AnalogInput } from '../src/lsm/input.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const U = Number(arg('utterances', '128'));
const repeats = Number(arg('repeats', '3'));
const maxWorkers = Number(arg('workers', '2'));

const rng = new Rng(2024);
const net = buildMaassColumn({}, rng.fork('W'));
const coupling = buildInputCoupling(net.n, { channels: 35, gain: 1 * mV, signs: 'positive' }, rng.fork('in'));
const ri = rng.fork('utterances');
const inputs: AnalogInput[] = Array.from({ length: U }, () => ({
  kind: 'analog',
  data: Float32Array.from({ length: 100 * 35 }, () => ri.normal()),
  frames: 100,
  channels: 35,
  frameDuration: 0.01,
}));
const seconds = U * 1;

const configs: { label: string; lanesPerBatch: number; workers: number; kernel?: 'js' }[] = [
  { label: 'one at a time, JavaScript loop', lanesPerBatch: 1, workers: 1, kernel: 'js' },
  { label: 'one at a time', lanesPerBatch: 1, workers: 1 },
  { label: 'batched', lanesPerBatch: 8, workers: 1 },
  { label: 'batched', lanesPerBatch: 32, workers: 1 },
  { label: 'batched', lanesPerBatch: 128, workers: 1 },
  { label: 'one at a time', lanesPerBatch: 1, workers: maxWorkers },
  { label: 'batched', lanesPerBatch: 32, workers: maxWorkers },
  { label: 'batched', lanesPerBatch: 64, workers: maxWorkers },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

console.log(
  `# batched lanes, N = ${net.n} Maass column (${net.post.length} synapses, delays), ${U} utterances x 1 s, 35 analog channels at 100 frames/s, dt 1 ms, f32, cpu backend`,
);
console.log(
  `# ${cpus()[0]?.model ?? '?'} (${cpus().length} cores), Node ${process.version}, ${new Date().toISOString()}; median of ${repeats} runs after 1 warm-up run`,
);
console.log('');
console.log(`| mode | lanesPerBatch | workers | wall s (${U} utt.) | utterance-s / wall s | speed-up vs one at a time (wasm), 1 worker | spikes (all utt.) |`);
console.log('|---|---:|---:|---:|---:|---:|---:|');
let base = NaN;
let refSpikes: number | null = null;
let identical = true;
for (const c of configs) {
  const res = new LifReservoir(net, coupling, {
    dt: 1 * ms,
    precision: 'f32',
    lanesPerBatch: c.lanesPerBatch,
    workers: c.workers,
    ...(c.kernel ? { kernel: c.kernel } : {}),
  });
  let spikes = 0;
  const times: number[] = [];
  for (let r = 0; r <= repeats; r++) {
    const t0 = performance.now();
    const out = await res.run(inputs);
    const t = (performance.now() - t0) / 1000;
    if (r > 0) times.push(t);
    spikes = out.reduce((s, x) => s + x.spikes, 0);
  }
  if (refSpikes === null) refSpikes = spikes;
  else if (spikes !== refSpikes) identical = false;
  const wall = median(times);
  const rate = seconds / wall;
  if (Number.isNaN(base) && !c.kernel) base = rate;
  console.log(
    `| ${c.label} | ${c.lanesPerBatch} | ${c.workers} | ${wall.toFixed(3)} | ${rate.toFixed(0)} | ${Number.isNaN(base) ? '' : (rate / base).toFixed(2) + 'x'} | ${spikes} |`,
  );
}
console.log('');
console.log(`identical spikes in every configuration: ${identical ? 'yes' : 'NO'}`);
closeCpuPool();
