/**
 * `lsm-ser simulate --network DIR`: simulate a netgen export (../shared/peers/netgen.py) and
 * print the peers' benchmark record (bench_numpy.py's fields, made by
 * src/benchmark/simulate-netgen.ts), so `run_all.py --extra` can time lsm-ser beside Brian2
 * and numpy.
 *
 * @module
 */
import type { Command } from 'commander';
import { simulateNetgen } from '../../benchmark/simulate-netgen.js';
import type { OnUnavailable } from '../../lsm/backends/select.js';
import { printJson, printLine } from '../io.js';

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
    .option(
      '--warmup <n>',
      'untimed warm-up runs before the timed one (V8 needed ~40 calls of the loop to reach its top tier here; capped at 3 s), reported as warmup_s',
      '40',
    )
    .option('--json', 'print one JSON line per run')
    .action(
      async (o: {
        network: string;
        precision: string;
        backend: string;
        onUnavailable: string;
        repeats: string;
        warmup: string;
        kernel: string;
        json?: boolean;
      }) => {
        const warmup = Number(o.warmup);
        if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`--warmup: must be an integer >= 0, got "${o.warmup}"`);
        if (o.precision !== 'f32' && o.precision !== 'f64') throw new RangeError(`--precision: must be f32 or f64, got "${o.precision}"`);
        if (o.kernel !== 'wasm' && o.kernel !== 'js') throw new RangeError(`--kernel: must be wasm or js, got "${o.kernel}"`);
        if (o.backend !== 'cpu' && o.backend !== 'gpu') throw new RangeError(`--backend: must be cpu or gpu, got "${o.backend}"`);
        if (!['warn', 'error', 'silent'].includes(o.onUnavailable))
          throw new RangeError(`--on-unavailable: must be warn, error or silent, got "${o.onUnavailable}"`);
        const reps = Number(o.repeats);
        if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`--repeats: must be an integer >= 1, got "${o.repeats}"`);
        for (let k = 0; k < reps; k++) {
          const rec = await simulateNetgen(o.network, {
            precision: o.precision,
            backend: o.backend,
            onUnavailable: o.onUnavailable as OnUnavailable,
            warmup,
            kernel: o.kernel,
          });
          if (o.json) printJson(rec);
          else
            printLine(
              `${rec.engine}: N=${rec.N} dt=${rec.dt} ms, ${rec.steps} steps, ${rec.spikes} spikes (${rec.rate_hz.toFixed(2)} Hz), loop ${(rec.run_s * 1000).toFixed(1)} ms, total ${(rec.total_s * 1000).toFixed(1)} ms`,
            );
        }
      },
    );
}
