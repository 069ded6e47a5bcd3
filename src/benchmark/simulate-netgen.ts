/**
 * Simulate a netgen export (../shared/peers/netgen.py) and time it, producing the peers'
 * benchmark record (bench_numpy.py's fields): the work behind `lsm-ser simulate`, so that
 * `run_all.py --extra` can time lsm-ser beside Brian2 and numpy. It never prints.
 *
 * @module
 */
import { VERSION } from '../core/provenance.js';
import { runCpuLanes } from '../lsm/backends/cpu.js';
import { selectBackend, type OnUnavailable, type SelectedAdapter } from '../lsm/backends/select.js';
import { loadNetgenNetwork } from '../lsm/netgen.js';
import { resolveSimulationOptions, type CpuKernel, type Precision } from '../lsm/run-types.js';
import { synapticEvents } from './events.js';
import { timeRuns } from './timing.js';

/** One benchmark record, as bench_numpy.py prints it; times in seconds. */
export interface SimulateRecord {
  /** `lsm-ser-<backend>-<kernel>-<precision>` (`lsm-ser-gpu-<precision>` on the GPU). */
  engine: string;
  /** Neurons. */
  N: number;
  /** Time step, in milliseconds. */
  dt: number;
  /** Time steps simulated. */
  steps: number;
  /** The timed run (one pass), in seconds. */
  run_s: number;
  /** Loading the export and selecting the backend, in seconds. */
  build_s: number;
  /** Untimed JIT warm-up runs (same network and input), in seconds. */
  warmup_s: number;
  /** The first of them alone: a cold run (kernel compilation, network layout, JIT), in seconds. */
  first_run_s: number;
  /** CPU backend kernel ('wasm' or 'js'); absent for the gpu backend. */
  kernel?: CpuKernel;
  /** build_s + warmup_s + run_s, in seconds. */
  total_s: number;
  /** Spikes of the timed run. */
  spikes: number;
  /** Recurrent synaptic events (spikes x out-degree). */
  rec_events: number;
  /** Input synaptic events (input spikes x fan-out). */
  in_events: number;
  /** Mean firing rate, in Hz. */
  rate_hz: number;
  /** Why this backend ran (backend selection's reason). */
  backend_reason: string;
  /** The WebGPU adapter of a gpu run (vendor, architecture, device, description, isFallbackAdapter, kind); absent on the CPU. */
  adapter?: SelectedAdapter;
  /** lsm-ser version. */
  version: string;
}

/** Options of {@link simulateNetgen}. */
export interface SimulateNetgenOptions {
  readonly precision: Precision;
  readonly backend: 'cpu' | 'gpu';
  /** What happens when the GPU is missing. */
  readonly onUnavailable: OnUnavailable;
  /** Untimed warm-up runs before the timed one (stopped after 3 s). */
  readonly warmup: number;
  /** CPU backend kernel; default 'wasm'. */
  readonly kernel?: CpuKernel;
}

/** Load and simulate a netgen export once, after `warmup` untimed runs; timings in seconds. */
export async function simulateNetgen(dir: string, opts: SimulateNetgenOptions): Promise<SimulateRecord> {
  const t0 = performance.now();
  const imp = loadNetgenNetwork(dir);
  const net = imp.network;
  const kernel = opts.kernel ?? 'wasm';
  const o = resolveSimulationOptions({ dt: imp.dt, precision: opts.precision, duration: imp.duration, kernel }, net.tauMem * net.units.time);
  const sel = await selectBackend(opts.backend, opts.onUnavailable);
  const buildSeconds = (performance.now() - t0) / 1000;
  // Untimed warm-up runs let the JIT compile the loop (as Brian2's build is excluded from run_s),
  // on the same backend as the timed run (a GPU compiles its kernels on the first run).
  const once = async () => (sel.name === 'gpu' && sel.run ? await sel.run(net, imp.coupling, [imp.input], o) : runCpuLanes(net, imp.coupling, [imp.input], o));
  const timing = await timeRuns(once, { warmup: opts.warmup, warmupBudget: 3, repeats: 1 });
  const [r] = timing.result;
  const events = synapticEvents(net, imp.coupling, timing.result, [imp.input]);
  return {
    engine: sel.name === 'gpu' ? `lsm-ser-${sel.used}-${opts.precision}` : `lsm-ser-${sel.name}-${kernel}-${opts.precision}`,
    N: net.n,
    dt: imp.dt * 1000,
    steps: r!.steps,
    run_s: timing.median,
    build_s: buildSeconds,
    warmup_s: timing.warmupSeconds,
    first_run_s: timing.firstRunSeconds,
    ...(sel.name === 'gpu' ? {} : { kernel }),
    total_s: buildSeconds + timing.warmupSeconds + timing.median,
    spikes: r!.spikes,
    rec_events: events.recurrent,
    in_events: events.input,
    rate_hz: r!.spikes / net.n / imp.duration,
    ...(sel.adapter ? { adapter: sel.adapter } : {}),
    backend_reason: sel.reason,
    version: VERSION,
  };
}
