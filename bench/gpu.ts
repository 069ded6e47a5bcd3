/**
 * GPU benchmark: utterance-seconds simulated per wall second against lanes x network size, for
 * the CPU backend (one thread, WebAssembly kernel) and the gpu backend in WebGPU mode (Dawn) on
 * whatever adapter is present, with the adapter named. On a software adapter (Mesa llvmpipe
 * through Dawn's GLES backend or lavapipe) the WebGPU figures only show that the path works: the
 * "GPU" is the same CPU.
 *
 *   npx tsx bench/gpu.ts [--quick] [--lanes 1,16,64,256,1024] [--sizes 135,1000,10000]
 *                        [--duration 0.5] [--budget 60] [--max-total 0] [--backends cpu,webgpu] [--json FILE]
 *
 * Network: a Maass column (src/lsm/topology/maass.ts) on a grid of about N neurons, static
 * synapses with delays, 8-channel analog input (random frames, 10 ms), dt 1 ms, f32. Each cell is
 * run once untimed (JIT / shader compilation), then timed. `--budget` (seconds): once a
 * cell of a backend and size takes longer, its larger lane counts are skipped (recorded with
 * the reason); `--max-total` (seconds, 0 = no limit): no new cell starts after that much time.
 * A cell's timed runs repeat until 0.5 s have passed (median). `--json` is rewritten after every
 * cell, so a run cut short keeps what it measured. `--quick`: lanes {1, 16, 64} x N {135, 1000}, 0.2 s utterances.
 */
import { writeFileSync } from 'node:fs';
import { Rng } from '../src/core/rng.js';
import { mV } from '../src/core/units.js';
import { buildMaassColumn } from '../src/lsm/topology/maass.js';
import { buildInputCoupling } from '../src/lsm/topology/coupling.js';
import { runCpuLanes } from '../src/lsm/backends/cpu.js';
import { describeAdapter, lastGpuRun, runGpuLanesWithMode, webgpuAvailability } from '../src/lsm/backends/gpu.js';
import { resolveSimulationOptions } from '../src/lsm/run-types.js';
import type { AnalogInput } from '../src/lsm/input.js';
import { VERSION } from '../src/core/provenance.js';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const arg = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const quick = flag('quick');
const list = (s: string): number[] =>
  s.split(',').map((x) => {
    const v = Number(x);
    if (!(v > 0)) throw new RangeError(`bench/gpu.ts: expected positive numbers, got "${x}"`);
    return v;
  });
const lanesGrid = list(arg('lanes', quick ? '1,16,64' : '1,16,64,256,1024'));
const sizes = list(arg('sizes', quick ? '135,1000' : '135,1000,10000'));
const duration = Number(arg('duration', quick ? '0.2' : '0.5'));
const budget = Number(arg('budget', '60'));
const backends = arg('backends', 'cpu,webgpu').split(',');
for (const b of backends) if (b !== 'cpu' && b !== 'webgpu') throw new RangeError(`--backends: cpu and/or webgpu, got "${b}"`);
const jsonOut = arg('json', '');
const maxTotal = Number(arg('max-total', '0'));
const started = performance.now();

/** A grid of about n neurons (Maass column: 15 high as in the 135-neuron column where possible). */
function gridFor(n: number): [number, number, number] {
  if (n === 135) return [3, 3, 15];
  const side = Math.max(1, Math.round(Math.cbrt(n)));
  return [side, side, Math.max(1, Math.round(n / (side * side)))];
}

interface BenchRecord {
  backend: 'cpu' | 'webgpu';
  device: string;
  adapter: ReturnType<typeof lastGpuRun> extends infer T ? (T extends { adapter?: infer A } ? A | null : null) : null;
  N: number;
  synapses: number;
  lanes: number;
  duration_s: number;
  run_s: number | null;
  first_run_s: number | null;
  utterance_s_per_s: number | null;
  /** WebGPU: the same from the step loop's time alone (without device opening and kernel compilation, paid per run). */
  steps_utterance_s_per_s?: number | null;
  /** WebGPU: wall milliseconds per simulated step, all lanes (step loop only). */
  ms_per_step?: number | null;
  spikes: number | null;
  skipped?: string;
}

const av = backends.includes('webgpu') ? await webgpuAvailability() : null;
const adapterName = av?.adapter ? `${describeAdapter(av.adapter)} [${av.adapter.kind}${av.adapter.isFallbackAdapter ? ', fallback' : ''}]` : null;
console.log(`lsm-ser ${VERSION} bench/gpu.ts, ${new Date().toISOString()}; dt 1 ms, f32, ${duration} s utterances; budget ${budget} s per cell`);
if (av) console.log(av.available ? `WebGPU adapter: ${adapterName} (Dawn flags: ${av.adapter!.dawnFlags.join(' ') || 'none'})` : `WebGPU: ${av.reason}`);
if (av?.adapter?.kind === 'gpu-software')
  console.log('NOTE: a software adapter: the webgpu figures only show that the path works (it runs on this CPU), not GPU speed.');

const records: BenchRecord[] = [];
/** Rewrite the JSON file (when asked for) with the records so far. */
function save(): void {
  if (jsonOut)
    writeFileSync(
      jsonOut,
      `${JSON.stringify({ version: VERSION, date: new Date().toISOString(), adapter: av?.adapter ?? null, adapterReason: av?.reason ?? null, duration_s: duration, records }, null, 1)}\n`,
    );
}
const slow = new Set<string>();
for (const N of sizes) {
  const rng = new Rng(7);
  const net = buildMaassColumn({ grid: gridFor(N) }, rng.fork('W'));
  const coupling = buildInputCoupling(net.n, { channels: 8, gain: 2 * mV, signs: 'positive' }, rng.fork('in'));
  const opts = resolveSimulationOptions({ dt: 1e-3, precision: 'f32' }, net.tauMem);
  const frames = Math.round(duration / 0.01);
  for (const lanes of lanesGrid) {
    const r = rng.fork(`x${lanes}`);
    const inputs: AnalogInput[] = Array.from({ length: lanes }, () => ({
      kind: 'analog',
      data: Float32Array.from({ length: frames * 8 }, () => r.normal()),
      frames,
      channels: 8,
      frameDuration: 0.01,
    }));
    for (const backend of backends as ('cpu' | 'webgpu')[]) {
      const base = { backend, N: net.n, synapses: net.post.length, lanes, duration_s: frames * 0.01 };
      const key = `${backend}/${N}`;
      const device = backend === 'cpu' ? 'cpu (1 thread, wasm kernel)' : (adapterName ?? 'none');
      if (backend === 'webgpu' && !av?.available) {
        records.push({
          ...base,
          device,
          adapter: null,
          run_s: null,
          first_run_s: null,
          utterance_s_per_s: null,
          spikes: null,
          skipped: av?.reason ?? 'no adapter',
        });
        continue;
      }
      if (maxTotal > 0 && (performance.now() - started) / 1000 > maxTotal) {
        records.push({
          ...base,
          device,
          adapter: null,
          run_s: null,
          first_run_s: null,
          utterance_s_per_s: null,
          spikes: null,
          skipped: `--max-total ${maxTotal} s reached`,
        });
        continue;
      }
      if (slow.has(key)) {
        records.push({
          ...base,
          device,
          adapter: null,
          run_s: null,
          first_run_s: null,
          utterance_s_per_s: null,
          spikes: null,
          skipped: `a smaller lane count of ${key} took longer than the budget (${budget} s)`,
        });
        continue;
      }
      const run = () =>
        backend === 'cpu' ? Promise.resolve(runCpuLanes(net, coupling, inputs, opts)) : runGpuLanesWithMode('webgpu', net, coupling, inputs, opts);
      const t0 = performance.now();
      await run();
      const t1 = performance.now();
      const times: number[] = [];
      let res: Awaited<ReturnType<typeof run>>;
      do {
        const a = performance.now();
        res = await run();
        times.push((performance.now() - a) / 1000);
      } while (times.reduce((x, y) => x + y, 0) < 0.5 && times.length < 50);
      const runS = [...times].sort((x, y) => x - y)[Math.floor((times.length - 1) / 2)]!;
      const spikes = res.reduce((s, x) => s + x.spikes, 0);
      const g = backend === 'webgpu' ? lastGpuRun() : null;
      const rec: BenchRecord = {
        ...base,
        device,
        adapter: g?.adapter ?? null,
        run_s: runS,
        first_run_s: (t1 - t0) / 1000,
        utterance_s_per_s: (lanes * base.duration_s) / runS,
        ...(g ? { steps_utterance_s_per_s: (lanes * base.duration_s) / g.stepSeconds, ms_per_step: (1000 * g.stepSeconds) / g.steps } : {}),
        spikes,
      };
      records.push(rec);
      save();
      if (runS + (t1 - t0) / 1000 > budget) slow.add(key);
      console.log(
        `${backend.padEnd(6)} N=${String(net.n).padStart(5)} lanes=${String(lanes).padStart(4)}  run ${runS.toFixed(3).padStart(8)} s  first ${((t1 - t0) / 1000).toFixed(3).padStart(8)} s  ${rec.utterance_s_per_s!.toFixed(2).padStart(9)} utt-s/s${g ? ` (step loop alone ${rec.steps_utterance_s_per_s!.toFixed(2)} utt-s/s, ${rec.ms_per_step!.toFixed(3)} ms/step)` : ''}  spikes ${spikes}`,
      );
    }
  }
}

save();

// Summary table: utterance-seconds per second, rows N x lanes, a column per backend.
console.log('\nutterance-seconds per wall second (median of timed runs after a warm-up run):');
console.log(`| N | lanes | ${backends.join(' | ')} |`);
console.log(`|---|---|${backends.map(() => '---').join('|')}|`);
for (const N of [...new Set(records.map((r) => r.N))]) {
  for (const lanes of lanesGrid) {
    const cells = backends.map((b) => {
      const r = records.find((x) => x.N === N && x.lanes === lanes && x.backend === b);
      return r?.utterance_s_per_s != null ? r.utterance_s_per_s.toFixed(2) : 'skipped';
    });
    console.log(`| ${N} | ${lanes} | ${cells.join(' | ')} |`);
  }
}
if (jsonOut) console.log(`\nwrote ${jsonOut}`);
