/**
 * A pool of worker threads for the CPU backend: lanes are split into contiguous chunks, one
 * per worker, and the results are put back in lane order. Because each lane's arithmetic is
 * independent of its batch, the results are identical to a single-thread run.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { InputCoupling, LifNetwork } from '../network.js';
import type { ReservoirInput } from '../input.js';
import type { LaneResult, ResolvedSimulationOptions } from '../run-types.js';
import { runCpuLanes } from './cpu.js';

/** Number of workers for `'auto'`: the available cores. */
export function autoWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A worker running cpu-worker.js; when lsm-ser runs from its TypeScript sources (tsx, vitest)
 * the worker first registers tsx's loader in its own thread, then imports cpu-worker.ts.
 */
function spawnWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./cpu-worker.js', import.meta.url));
  const target = JSON.stringify(new URL('./cpu-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${target}); });`;
  return new Worker(boot, { eval: true });
}

/**
 * Run `inputs` through `net` on `workers` threads (1 = in this thread). Lanes are processed
 * in chunks of at most `lanesPerBatch` per pass.
 */
export async function runCpuPool(net: LifNetwork, coupling: InputCoupling | null, inputs: readonly ReservoirInput[], opts: ResolvedSimulationOptions, workers: number, lanesPerBatch: number, onBatch?: (done: number) => void): Promise<LaneResult[]> {
  const out: LaneResult[] = new Array(inputs.length);
  const chunks: [number, number][] = [];
  for (let a = 0; a < inputs.length; a += lanesPerBatch) chunks.push([a, Math.min(inputs.length, a + lanesPerBatch)]);
  let done = 0;
  if (workers <= 1 || chunks.length <= 1) {
    for (const [a, b] of chunks) {
      const res = runCpuLanes(net, coupling, inputs.slice(a, b), opts);
      res.forEach((r, k) => (out[a + k] = r));
      done += b - a;
      onBatch?.(done);
    }
    return out;
  }
  const pool = Array.from({ length: Math.min(workers, chunks.length) }, () => spawnWorker());
  try {
    let next = 0;
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const take = (): void => {
              if (next >= chunks.length) {
                resolve();
                return;
              }
              const id = next++;
              const [a, b] = chunks[id]!;
              w.once('message', (msg: { id: number; res?: LaneResult[]; error?: string }) => {
                if (msg.error) {
                  reject(new Error(`worker: ${msg.error}`));
                  return;
                }
                msg.res!.forEach((r, k) => (out[a + k] = r));
                done += b - a;
                onBatch?.(done);
                take();
              });
              w.postMessage({ id, net, coupling, inputs: inputs.slice(a, b), opts });
            };
            w.once('error', reject);
            take();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}
