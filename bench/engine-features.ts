/**
 * Cost of the neuron-model additions (adaptation, per-neuron time constants, noise) against the
 * plain LIF neuron, on the CPU backend (one thread).
 *
 *   npx tsx bench/engine-features.ts [--sizes 135,1000] [--lanes 1,32] [--kernels wasm,js]
 *                                    [--repeats 7] [--duration 2] [--baseline /work/main]
 *
 * Networks: the Maass column at 135 neurons, fixed in-degree (netgen layout) otherwise; dt 1 ms,
 * f32, analog input (35 channels, 100 frames/s, the pipeline's kind of drive). Variants are timed
 * alternately (plain, adaptation, heterogeneity, both, noise, all, then again), so that the load
 * of a shared machine spreads over all of them; medians of `--repeats` rounds are printed as ms
 * per simulated lane-second, with the ratio to plain. `--baseline DIR` also times the plain
 * network with the CPU backend of another checkout (e.g. the main branch) in the same rounds.
 */
import { Rng } from '../src/core/rng.js';
import { ms, mV } from '../src/core/units.js';
import { loadavg } from 'node:os';
import { runCpuLanes } from '../src/lsm/backends/cpu.js';
import { resolveSimulationOptions } from '../src/lsm/run-types.js';
import { buildMaassColumn } from '../src/lsm/topology/maass.js';
import { buildFixedIndegree } from '../src/lsm/topology/fixed-indegree.js';
import { buildInputCoupling } from '../src/lsm/topology/coupling.js';
import { applyNeuronModel, type NeuronModelOptions } from '../src/lsm/topology/neuron-model.js';
import type { LifNetwork } from '../src/lsm/network.js';
import type { AnalogInput } from '../src/lsm/input.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const sizes = arg('sizes', '135,1000').split(',').map(Number);
const laneCounts = arg('lanes', '1,32').split(',').map(Number);
const kernels = arg('kernels', 'wasm,js').split(',') as ('wasm' | 'js')[];
const repeats = Number(arg('repeats', '7'));
const duration = Number(arg('duration', '2'));
const baselineDir = arg('baseline', '');
type Run = typeof runCpuLanes;
const baseline: Run | null = baselineDir ? ((await import(`${baselineDir}/src/lsm/backends/cpu.ts`)) as { runCpuLanes: Run }).runCpuLanes : null;

const adaptation: NeuronModelOptions['adaptation'] = { increment: 2 * mV, tau: { kind: 'log-uniform', min: 100 * ms, max: 1000 * ms }, fraction: 1 };
const hetero: NeuronModelOptions = {
  tauMem: { kind: 'log-uniform', min: 10 * ms, max: 100 * ms },
  tauExc: { kind: 'gamma', mean: 3 * ms, cv: 0.3 },
  tauInh: { kind: 'gamma', mean: 6 * ms, cv: 0.3 },
};
const VARIANTS: [string, NeuronModelOptions | null][] = [
  ['plain', null],
  ['adaptation', { adaptation }],
  ['heterogeneity', hetero],
  ['both', { ...hetero, adaptation }],
  ['noise', { noise: { std: 1 * mV } }],
  ['all', { ...hetero, adaptation, noise: { std: 1 * mV } }],
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

console.log(
  `# engine-features: ${new Date().toISOString()}, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}, ${repeats} rounds, ${duration} s per lane, dt 1 ms, f32, one thread`,
);
console.log('N\tlanes\tkernel\tvariant\tms_per_lane_s\tvs_plain\tspikes_per_lane_s');
for (const N of sizes) {
  const rng = new Rng(1).fork(`N${N}`);
  const base: LifNetwork = N === 135 ? buildMaassColumn({}, rng.fork('net')) : buildFixedIndegree({ n: N }, rng.fork('net'));
  const coupling = buildInputCoupling(N, { channels: 35, gain: 48 * mV, signs: 'mixed' }, rng.fork('in'));
  for (const lanes of laneCounts) {
    const ri = rng.fork(`inputs${lanes}`);
    const frames = Math.round(duration * 100);
    const inputs: AnalogInput[] = Array.from({ length: lanes }, () => ({
      kind: 'analog',
      frames,
      channels: 35,
      frameDuration: 0.01,
      data: Float32Array.from({ length: frames * 35 }, () => ri.normal()),
    }));
    const nets = VARIANTS.map(([, o]) => (o ? applyNeuronModel(base, o, rng.fork('neuron')) : base));
    for (const kernel of kernels) {
      const opt = resolveSimulationOptions({ dt: 1 * ms, precision: 'f32', kernel }, base.tauMem);
      const runners: [string, () => number][] = nets.map((net, v) => [
        VARIANTS[v]![0],
        () => runCpuLanes(net, coupling, inputs, opt).reduce((s, r) => s + r.spikes, 0),
      ]);
      if (baseline) runners.push(['plain@baseline', () => baseline(base, coupling, inputs, opt).reduce((s, r) => s + r.spikes, 0)]);
      for (const [, f] of runners) f(); // warm-up (JIT, kernel layout)
      const times = runners.map(() => [] as number[]);
      const spikes = runners.map(() => 0);
      for (let r = 0; r < repeats; r++) {
        runners.forEach(([, f], v) => {
          const t0 = performance.now();
          spikes[v] = f();
          times[v]!.push(performance.now() - t0);
        });
      }
      const per = (v: number) => median(times[v]!) / (lanes * duration);
      const plain = per(0);
      runners.forEach(([name], v) => {
        console.log(
          `${N}\t${lanes}\t${kernel}\t${name}\t${per(v).toFixed(3)}\t${(per(v) / plain).toFixed(3)}\t${(spikes[v]! / (lanes * duration)).toFixed(0)}`,
        );
      });
    }
  }
}
console.log(
  `# load at the end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
