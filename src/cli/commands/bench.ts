/**
 * `lsm-ser bench engine`: time the simulation engine over network sizes, time steps, batch
 * sizes and precisions (the sweep in src/benchmark/engine-sweep.ts), and print a table or, with
 * `--json`, one JSON line per configuration.
 *
 * @module
 */
import type { Command } from 'commander';
import { cpus } from 'node:os';
import { provenance } from '../../core/provenance.js';
import { runEngineSweep, SWEEP_BACKENDS, type SweepBackend } from '../../benchmark/engine-sweep.js';
import { formatEngineTable } from '../../benchmark/engine-table.js';
import type { Precision } from '../../lsm/run-types.js';
import { parseIntFlag, parseNumberFlag, parseNumberList, printJson, printLine } from '../io.js';

interface EngineFlags {
  units: string;
  dt: string;
  batch: string;
  precision: string;
  backend: string;
  input: string;
  topology: string;
  duration: string;
  repeats: string;
  warmup: string;
  seed: string;
  json?: boolean;
}

/** Register `bench` (subcommand `engine`). */
export function register(program: Command): void {
  const bench = program.command('bench').description('benchmarks of lsm-ser itself');
  bench
    .command('engine')
    .description('time the LIF engine: wall s per simulated second, neuron updates/s, synaptic events/s, spikes (one thread)')
    .option('--units <list>', 'network sizes in neurons (Maass column at 135, fixed in-degree otherwise)', '135,1000,10000')
    .option('--dt <list>', 'time steps in milliseconds', '1,0.1')
    .option('--batch <list>', 'lanes (utterances) per pass', '1')
    .option('--precision <list>', 'f32 and/or f64', 'f32')
    .option(
      '--backend <list>',
      "cpu (WebAssembly SIMD kernel), cpu-js (the plain JavaScript loop), gpu (a real GPU only), gpujs-cpu, gpujs-webasm (the gpu.js kernels in gpu.js's CPU / WebAssembly modes)",
      'cpu',
    )
    .option('--input <kind>', 'poisson (16 x 20 Hz spike trains) or analog (35 channels at 100 frames/s)', 'poisson')
    .option('--topology <t>', 'auto, maass or fixed-indegree', 'auto')
    .option('--duration <s>', 'simulated seconds per lane', '1')
    .option('--repeats <n>', 'timed runs per configuration (median reported)', '3')
    .option('--warmup <n>', 'untimed warm-up runs of each configuration (stopped after 3 s)', '40')
    .option('--seed <n>', 'seed of the networks and inputs', '1')
    .option('--json', 'print one JSON line per configuration')
    .action(async (o: EngineFlags) => {
      const precision = o.precision.split(',').map((s) => s.trim());
      for (const p of precision) if (p !== 'f32' && p !== 'f64') throw new RangeError(`--precision: must be f32 or f64, got "${p}"`);
      const backends = o.backend.split(',').map((s) => s.trim());
      for (const b of backends)
        if (!SWEEP_BACKENDS.includes(b as SweepBackend)) throw new RangeError(`--backend: must be one of ${SWEEP_BACKENDS.join(', ')}, got "${b}"`);
      if (o.input !== 'poisson' && o.input !== 'analog') throw new RangeError(`--input: must be poisson or analog, got "${o.input}"`);
      if (!['auto', 'maass', 'fixed-indegree'].includes(o.topology))
        throw new RangeError(`--topology: must be auto, maass or fixed-indegree, got "${o.topology}"`);
      const options = {
        units: parseNumberList('--units', o.units),
        dt: parseNumberList('--dt', o.dt).map((x) => x * 1e-3),
        batch: parseNumberList('--batch', o.batch),
        precision: precision as Precision[],
        backends: backends as SweepBackend[],
        input: o.input as 'poisson' | 'analog',
        topology: o.topology as 'auto' | 'maass' | 'fixed-indegree',
        duration: parseNumberFlag('--duration', o.duration, 1e-6),
        repeats: parseIntFlag('--repeats', o.repeats, 1),
        warmup: parseIntFlag('--warmup', o.warmup, 0),
        seed: parseIntFlag('--seed', o.seed, 0),
      };
      if (o.json) {
        // each record says what produced it: seed, lsm-ser version and commit, Node, machine
        const prov = provenance();
        const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length };
        await runEngineSweep(options, (r) =>
          printJson({ ...r, seed: options.seed, version: prov.lsmSerVersion, commit: prov.commit, node: prov.node, platform: prov.platform, machine }),
        );
        return;
      }
      const header = formatEngineTable([]);
      header.forEach((l) => printLine(l));
      await runEngineSweep(options, (r) => printLine(formatEngineTable([r])[2]!));
    });
}
