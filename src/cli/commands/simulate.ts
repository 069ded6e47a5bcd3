/**
 * `lsm-ser simulate --network DIR`: simulate a netgen export (../shared/peers/netgen.py) and
 * print the peers' benchmark record (bench_numpy.py's fields), so `run_all.py --extra` can
 * time lsm-ser beside Brian2 and numpy.
 *
 * @module
 */
import type { Command } from 'commander';
import { loadNetgenNetwork } from '../../lsm/netgen.js';
import { outDegree } from '../../lsm/network.js';
import { resolveSimulationOptions, type CpuKernel, type Precision } from '../../lsm/run-types.js';
import { runCpuLanes } from '../../lsm/backends/cpu.js';
import { selectBackend, type OnUnavailable, type SelectedAdapter } from '../../lsm/backends/select.js';
import { VERSION } from '../../core/provenance.js';
import { printJson, printLine } from '../io.js';

/** One benchmark record, as bench_numpy.py prints it. */
export interface SimulateRecord {
  engine: string;
  N: number;
  dt: number;
  steps: number;
  run_s: number;
  build_s: number;
  /** Untimed JIT warm-up runs (same network and input), in seconds. */
  warmup_s: number;
  /** The first of them alone: a cold run (kernel compilation, network layout, JIT), in seconds. */
  first_run_s: number;
  /** CPU backend kernel ('wasm' or 'js'); absent for the gpu backend. */
  kernel?: CpuKernel;
  total_s: number;
  spikes: number;
  rec_events: number;
  in_events: number;
  rate_hz: number;
  backend_reason: string;
  /** The WebGPU adapter of a gpu run (vendor, architecture, device, description, isFallbackAdapter, kind); absent on the CPU. */
  adapter?: SelectedAdapter;
  version: string;
}

/** Load and simulate a netgen export; timings in seconds. */
export async function simulateNetgen(dir: string, opts: { precision: Precision; backend: 'cpu' | 'gpu'; onUnavailable: OnUnavailable; warmup: number; kernel?: CpuKernel }): Promise<SimulateRecord> {
  const t0 = performance.now();
  const imp = loadNetgenNetwork(dir);
  const net = imp.network;
  const kernel = opts.kernel ?? 'wasm';
  const o = resolveSimulationOptions({ dt: imp.dt, precision: opts.precision, duration: imp.duration, kernel }, net.tauMem * net.units.time);
  const sel = await selectBackend(opts.backend, opts.onUnavailable);
  // Untimed warm-up runs let the JIT compile the loop (as Brian2's build is excluded from run_s).
  const tw = performance.now();
  let first = NaN;
  // The same backend as the timed run (a GPU compiles its kernels on the first run).
  const once = async () => (sel.name === 'gpu' && sel.run ? await sel.run(net, imp.coupling, [imp.input], o) : runCpuLanes(net, imp.coupling, [imp.input], o));
  for (let k = 0; k < opts.warmup && performance.now() - tw < 3000; k++) {
    await once();
    if (k === 0) first = (performance.now() - tw) / 1000;
  }
  const t1 = performance.now();
  const [r] = await once();
  const t2 = performance.now();
  const deg = outDegree(net);
  let rec = 0;
  for (let i = 0; i < net.n; i++) rec += r!.counts[i]! * deg[i]!;
  let inEv = 0;
  const fan = (c: number) => imp.coupling.rowPtr[c + 1]! - imp.coupling.rowPtr[c]!;
  for (const c of imp.input.channels) inEv += fan(c);
  return {
    engine: sel.name === 'gpu' ? `lsm-ser-${sel.used}-${opts.precision}` : `lsm-ser-${sel.name}-${kernel}-${opts.precision}`,
    N: net.n,
    dt: imp.dt * 1000,
    steps: r!.steps,
    run_s: (t2 - t1) / 1000,
    build_s: (tw - t0) / 1000,
    warmup_s: (t1 - tw) / 1000,
    first_run_s: first,
    ...(sel.name === 'gpu' ? {} : { kernel }),
    total_s: (t2 - t0) / 1000,
    spikes: r!.spikes,
    rec_events: rec,
    in_events: inEv,
    rate_hz: r!.spikes / net.n / imp.duration,
    ...(sel.adapter ? { adapter: sel.adapter } : {}),
    backend_reason: sel.reason,
    version: VERSION,
  };
}

/** Register `simulate`. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description('simulate a network exported by netgen.py and print its benchmark record')
    .requiredOption('--network <dir>', 'folder written by `python3 netgen.py N DT DIR`')
    .option('--precision <p>', 'f32 or f64', 'f64')
    .option('--backend <b>', 'cpu or gpu', 'cpu')
    .option('--on-unavailable <mode>', 'when the GPU is missing: warn, error or silent', 'warn')
    .option('--repeats <n>', 'simulate this many times and print one record each', '1')
    .option('--kernel <k>', 'cpu backend kernel: wasm (WebAssembly SIMD) or js (the plain JavaScript loop)', 'wasm')
    .option('--warmup <n>', 'untimed warm-up runs before the timed one (V8 needed ~40 calls of the loop to reach its top tier here; capped at 3 s), reported as warmup_s', '40')
    .option('--json', 'print one JSON line per run')
    .action(async (o: { network: string; precision: string; backend: string; onUnavailable: string; repeats: string; warmup: string; kernel: string; json?: boolean }) => {
      const warmup = Number(o.warmup);
      if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`--warmup: must be an integer >= 0, got "${o.warmup}"`);
      if (o.precision !== 'f32' && o.precision !== 'f64') throw new RangeError(`--precision: must be f32 or f64, got "${o.precision}"`);
      if (o.kernel !== 'wasm' && o.kernel !== 'js') throw new RangeError(`--kernel: must be wasm or js, got "${o.kernel}"`);
      if (o.backend !== 'cpu' && o.backend !== 'gpu') throw new RangeError(`--backend: must be cpu or gpu, got "${o.backend}"`);
      if (!['warn', 'error', 'silent'].includes(o.onUnavailable)) throw new RangeError(`--on-unavailable: must be warn, error or silent, got "${o.onUnavailable}"`);
      const reps = Number(o.repeats);
      if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`--repeats: must be an integer >= 1, got "${o.repeats}"`);
      for (let k = 0; k < reps; k++) {
        const rec = await simulateNetgen(o.network, { precision: o.precision, backend: o.backend, onUnavailable: o.onUnavailable as OnUnavailable, warmup, kernel: o.kernel });
        if (o.json) printJson(rec);
        else printLine(`${rec.engine}: N=${rec.N} dt=${rec.dt} ms, ${rec.steps} steps, ${rec.spikes} spikes (${rec.rate_hz.toFixed(2)} Hz), loop ${(rec.run_s * 1000).toFixed(1)} ms, total ${(rec.total_s * 1000).toFixed(1)} ms`);
      }
    });
}
