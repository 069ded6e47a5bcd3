/**
 * The engine benchmark sweep behind `lsm-ser bench engine` and bench/engine.ts: for every
 * combination of network size, time step, batch (lanes per pass), precision and backend, it
 * builds a reservoir (a Maass column at N = 135, a fixed in-degree network otherwise), feeds it
 * Poisson spike trains or analog frames, and times the simulation. It returns records; it
 * never prints (printing is the CLI's and bench/'s job).
 *
 * Figures per record: wall seconds per simulated second (of one lane), neuron updates per
 * second, synaptic events per second (recurrent spikes times out-degree, plus input spikes
 * times their fan-out, see ./events.ts), spikes. Timings are medians of `repeats` runs after
 * untimed JIT warm-up runs (./timing.ts). One thread: the worker pool is measured by
 * bench/batch.ts.
 *
 * @module
 */
import { Rng } from '../core/rng.js';
import { mV, ms } from '../core/units.js';
import type { InputCoupling, LifNetwork } from '../lsm/network.js';
import { outDegree, synapseCount } from '../lsm/network.js';
import type { AnalogInput, ReservoirInput, SpikeInput } from '../lsm/input.js';
import { resolveSimulationOptions, type LaneResult, type Precision, type ResolvedSimulationOptions } from '../lsm/run-types.js';
import { buildMaassColumn } from '../lsm/topology/maass.js';
import { buildFixedIndegree } from '../lsm/topology/fixed-indegree.js';
import { buildInputCoupling } from '../lsm/topology/coupling.js';
import { runCpuLanes } from '../lsm/backends/cpu.js';
import { synapticEvents } from './events.js';
import { timeRuns } from './timing.js';

/**
 * Engines the sweep can time: the CPU backend (its WebAssembly SIMD kernel), the CPU backend's
 * plain JavaScript loop ('cpu-js'), the real GPU (gpu.js on a hardware GL renderer), or the
 * gpu.js kernels in gpu.js's own 'cpu' / 'webasm' modes (for comparison).
 */
export type SweepBackend = 'cpu' | 'cpu-js' | 'gpu' | 'gpujs-cpu' | 'gpujs-webasm';

/** Every {@link SweepBackend}. */
export const SWEEP_BACKENDS: readonly SweepBackend[] = Object.freeze(['cpu', 'cpu-js', 'gpu', 'gpujs-cpu', 'gpujs-webasm']);

/** Options of {@link runEngineSweep} (SI units). */
export interface EngineSweepOptions {
  /** Network sizes, in neurons; default [135, 1000, 10000]. */
  readonly units?: readonly number[];
  /** Time steps, in seconds; default [0.001, 0.0001]. */
  readonly dt?: readonly number[];
  /** Lanes (utterances) simulated together in one pass; default [1]. */
  readonly batch?: readonly number[];
  /** Numeric precisions; default ['f32']. */
  readonly precision?: readonly Precision[];
  /** Engines; default ['cpu']. */
  readonly backends?: readonly SweepBackend[];
  /** 'poisson': 16 channels of 20 Hz Poisson spikes into Ie (each channel to 30 % of the neurons); 'analog': 35 channels of N(0, 1) frames at 100 frames/s as current; default 'poisson'. */
  readonly input?: 'poisson' | 'analog';
  /** 'auto': a Maass column (3 x 3 x 15, delays, static synapses) at N = 135, a fixed in-degree network otherwise; default 'auto'. */
  readonly topology?: 'auto' | 'maass' | 'fixed-indegree';
  /** Simulated duration of each lane, in seconds; default 1. */
  readonly duration?: number;
  /** Timed runs per configuration (the median is reported); default 3. */
  readonly repeats?: number;
  /** Untimed warm-up runs of the same configuration (same lanes) before the timed ones, stopped after 3 s; default 40 (V8 reaches its top tier only after tens of calls; warm-up on shorter lanes did not get it there). */
  readonly warmup?: number;
  /** Seed of the networks and inputs; default 1. */
  readonly seed?: number;
}

/** Defaults of {@link EngineSweepOptions}. */
export const DEFAULT_ENGINE_SWEEP = Object.freeze({
  units: Object.freeze([135, 1000, 10000]),
  dt: Object.freeze([0.001, 0.0001]),
  batch: Object.freeze([1]),
  precision: Object.freeze(['f32'] as Precision[]),
  backends: Object.freeze(['cpu'] as SweepBackend[]),
  input: 'poisson' as const,
  topology: 'auto' as const,
  duration: 1,
  repeats: 3,
  warmup: 40,
  seed: 1,
});

/** One timed configuration. */
export interface EngineRecord {
  /** The engine timed. */
  readonly backend: SweepBackend;
  /** 'maass' or 'fixed-indegree'. */
  readonly topology: string;
  /** Neurons. */
  readonly N: number;
  /** Recurrent synapses. */
  readonly synapses: number;
  /** Time step, in milliseconds (as the peers' records). */
  readonly dt_ms: number;
  /** Lanes per pass. */
  readonly batch: number;
  readonly precision: Precision;
  readonly input: 'poisson' | 'analog';
  /** Steps per lane. */
  readonly steps: number;
  /** Simulated seconds per lane. */
  readonly sim_s: number;
  /** Median wall seconds of one pass (all lanes). */
  readonly run_s: number;
  /** Wall seconds per simulated second of one lane: run_s / (sim_s * batch). */
  readonly wall_per_sim_s: number;
  /** Neuron updates per wall second. */
  readonly neuron_updates_per_s: number;
  /** Synaptic events (recurrent + input) per wall second. */
  readonly syn_events_per_s: number;
  /** Spikes in all lanes of one pass. */
  readonly spikes: number;
  /** Mean firing rate, in Hz. */
  readonly rate_hz: number;
  /** Set when the engine could not run here (e.g. no GPU): why; the figures are then NaN (null in JSON). */
  readonly skipped?: string;
}

type Runner = (
  net: LifNetwork,
  coupling: InputCoupling,
  inputs: readonly ReservoirInput[],
  o: ResolvedSimulationOptions,
) => LaneResult[] | Promise<LaneResult[]>;

function positiveList(field: string, xs: readonly number[], integer: boolean): void {
  if (xs.length === 0) throw new RangeError(`${field}: empty list`);
  for (const x of xs) {
    if (!(x > 0) || !Number.isFinite(x) || (integer && !Number.isInteger(x)))
      throw new RangeError(`${field}: must be ${integer ? 'integers' : 'numbers'} > 0, got ${x}`);
  }
}

/** Poisson spike trains: `channels` channels at `rate` Hz for `duration` s, merged in time order. */
function poissonTrains(rng: Rng, channels: number, rate: number, duration: number): SpikeInput {
  const ev: [number, number][] = [];
  for (let c = 0; c < channels; c++) {
    let t = 0;
    for (;;) {
      t += -Math.log(1 - rng.random()) / rate;
      if (t >= duration) break;
      ev.push([t, c]);
    }
  }
  ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { kind: 'spikes', times: Float64Array.from(ev, (e) => e[0]), channels: Int32Array.from(ev, (e) => e[1]), nChannels: channels, duration };
}

/** Analog frames: `channels` N(0, 1) values per 10 ms frame for `duration` s. */
function analogFrames(rng: Rng, channels: number, duration: number): AnalogInput {
  const frames = Math.round(duration * 100);
  return { kind: 'analog', data: Float32Array.from({ length: frames * channels }, () => rng.normal()), frames, channels, frameDuration: 0.01 };
}

/** Build the network of one size (see {@link EngineSweepOptions.topology}). */
export function sweepNetwork(N: number, topology: 'auto' | 'maass' | 'fixed-indegree', rng: Rng): { net: LifNetwork; topology: 'maass' | 'fixed-indegree' } {
  const useMaass = topology === 'maass' || (topology === 'auto' && N === 135);
  if (!useMaass) return { net: buildFixedIndegree({ n: N }, rng.fork('net')), topology: 'fixed-indegree' };
  // a column 3 x 3 x (N / 9)
  if (N % 9 !== 0) throw new RangeError(`units: a Maass column needs a multiple of 9 neurons (3 x 3 x k), got ${N}`);
  return { net: buildMaassColumn({ grid: [3, 3, N / 9] }, rng.fork('net')), topology: 'maass' };
}

/** The gpu.js-based runners, loaded only when asked for. */
async function gpuRunner(backend: Exclude<SweepBackend, 'cpu' | 'cpu-js'>): Promise<Runner | string> {
  const gpu = await import('../lsm/backends/gpu.js');
  if (backend === 'gpu') {
    const av = await gpu.gpuAvailability();
    if (!av.available) return av.reason;
    return (net, coupling, inputs, o) => gpu.runGpuLanes(net, coupling, inputs, o, { mode: 'gl' });
  }
  const mode = backend === 'gpujs-cpu' ? 'cpu' : 'webasm';
  return (net, coupling, inputs, o) => gpu.runGpuLanesWithMode(mode, net, coupling, inputs, o);
}

/**
 * Time every configuration (outer loop: size, then dt, batch, precision, backend); calls
 * `onRecord` as each one finishes (for progress output) and resolves to all records.
 * Configurations an engine cannot run (no GPU; f64 or dynamic synapses on the gpu.js kernels) come back with
 * `skipped` set.
 */
export async function runEngineSweep(options: EngineSweepOptions = {}, onRecord?: (r: EngineRecord) => void): Promise<EngineRecord[]> {
  const d = DEFAULT_ENGINE_SWEEP;
  const units = options.units ?? d.units;
  const dts = options.dt ?? d.dt;
  const batches = options.batch ?? d.batch;
  const precisions = options.precision ?? d.precision;
  const backends = options.backends ?? d.backends;
  const input = options.input ?? d.input;
  const topology = options.topology ?? d.topology;
  const duration = options.duration ?? d.duration;
  const repeats = options.repeats ?? d.repeats;
  const warmup = options.warmup ?? d.warmup;
  const seed = options.seed ?? d.seed;
  positiveList('units', units, true);
  positiveList('dt', dts, false);
  positiveList('batch', batches, true);
  for (const p of precisions) if (p !== 'f32' && p !== 'f64') throw new RangeError(`precision: must be 'f32' or 'f64', got ${JSON.stringify(p)}`);
  if (precisions.length === 0) throw new RangeError('precision: empty list');
  for (const b of backends)
    if (!['cpu', 'cpu-js', 'gpu', 'gpujs-cpu', 'gpujs-webasm'].includes(b))
      throw new RangeError(`backends: must be cpu, cpu-js, gpu, gpujs-cpu or gpujs-webasm, got ${JSON.stringify(b)}`);
  if (input !== 'poisson' && input !== 'analog') throw new RangeError(`input: must be 'poisson' or 'analog', got ${JSON.stringify(input)}`);
  if (!['auto', 'maass', 'fixed-indegree'].includes(topology))
    throw new RangeError(`topology: must be auto, maass or fixed-indegree, got ${JSON.stringify(topology)}`);
  if (!(duration > 0)) throw new RangeError(`duration: must be > 0 s, got ${duration}`);
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats: must be an integer >= 1, got ${repeats}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`warmup: must be an integer >= 0, got ${warmup}`);

  const runners = new Map<SweepBackend, Runner | string>();
  const jsLoop: Runner = (net, coupling, inputs, o) => runCpuLanes(net, coupling, inputs, { ...o, kernel: 'js' });
  for (const b of backends) runners.set(b, b === 'cpu' ? runCpuLanes : b === 'cpu-js' ? jsLoop : await gpuRunner(b as Exclude<SweepBackend, 'cpu' | 'cpu-js'>));
  const out: EngineRecord[] = [];
  const maxBatch = Math.max(...batches);
  for (const N of units) {
    const root = new Rng(seed).fork(`N${N}`);
    const built = sweepNetwork(N, topology, root);
    const netUsed: LifNetwork = built.net;
    const coupling =
      input === 'poisson'
        ? buildInputCoupling(N, { kind: 'synapse', channels: 16, fraction: 0.3, gain: 2 * mV }, root.fork('in'))
        : buildInputCoupling(N, { kind: 'current', channels: 35, fraction: 0.3, gain: 1 * mV, signs: 'positive' }, root.fork('in'));
    const ri = root.fork('inputs');
    const lanesIn: ReservoirInput[] = Array.from({ length: maxBatch }, () =>
      input === 'poisson' ? poissonTrains(ri, 16, 20, duration) : analogFrames(ri, 35, duration),
    );
    const deg = outDegree(netUsed);
    for (const dt of dts) {
      for (const batch of batches) {
        for (const precision of precisions) {
          for (const backend of backends) {
            const runner = runners.get(backend)!;
            const net = netUsed;
            const o = resolveSimulationOptions({ dt, precision, duration }, net.tauMem * net.units.time);
            const steps = Math.max(1, Math.round(duration / dt));
            const base = { backend, topology: built.topology, N, synapses: synapseCount(net), dt_ms: dt / ms, batch, precision, input, steps, sim_s: duration };
            const skip = (why: string): EngineRecord => ({
              ...base,
              run_s: NaN,
              wall_per_sim_s: NaN,
              neuron_updates_per_s: NaN,
              syn_events_per_s: NaN,
              spikes: NaN,
              rate_hz: NaN,
              skipped: why,
            });
            let rec: EngineRecord;
            if (typeof runner === 'string') rec = skip(runner);
            else {
              try {
                const lanes = lanesIn.slice(0, batch);
                const timing = await timeRuns(() => runner(net, coupling, lanes, o), { warmup, warmupBudget: 3, repeats });
                const run = timing.median;
                let spikes = 0;
                for (const lr of timing.result) spikes += lr.spikes;
                const ev = synapticEvents(net, coupling, timing.result, lanes, deg);
                const events = ev.recurrent + ev.input;
                rec = {
                  ...base,
                  run_s: run,
                  wall_per_sim_s: run / (duration * batch),
                  neuron_updates_per_s: (N * steps * batch) / run,
                  syn_events_per_s: events / run,
                  spikes,
                  rate_hz: spikes / (N * duration * batch),
                };
              } catch (e) {
                if (!(e instanceof RangeError) && (e as Error).name !== 'BackendUnavailableError') throw e;
                rec = skip((e as Error).message);
              }
            }
            out.push(rec);
            onRecord?.(rec);
          }
        }
      }
    }
  }
  return out;
}
