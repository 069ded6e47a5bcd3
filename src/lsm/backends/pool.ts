/**
 * A persistent pool of worker threads for the CPU backend. Lanes are split into chunks (at
 * most `lanesPerBatch` each, and at least one chunk per worker), the chunks are handed out to
 * idle workers and the results put back in lane order. Because each lane's arithmetic is
 * independent of its batch, the results are identical to a single-thread run.
 *
 * Workers stay alive between runs (so their JIT stays warm) but do not keep the process alive
 * (`unref` while idle); `closeCpuPool()` ends them. A network and its coupling are copied once
 * into SharedArrayBuffers and sent once to each worker; later jobs name them by id.
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

type Typed = Float64Array | Int32Array;

/** A copy of `a` in a SharedArrayBuffer (workers read it without copies). */
function shared<T extends Typed>(a: T): T {
  const C = a.constructor as { new (b: SharedArrayBuffer): T };
  const out = new C(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

function shareNetwork(net: LifNetwork): LifNetwork {
  return {
    ...net,
    bias: shared(net.bias),
    v0: shared(net.v0),
    refractory: shared(net.refractory),
    rowPtr: shared(net.rowPtr),
    post: shared(net.post),
    weight: shared(net.weight),
    delay: net.delay ? shared(net.delay) : null,
    stp: net.stp ? { U: shared(net.stp.U), D: shared(net.stp.D), F: shared(net.stp.F) } : null,
    ...(net.positions ? { positions: shared(net.positions) } : {}),
  };
}

interface PoolWorker {
  readonly worker: Worker;
  /** Ids of the models this worker holds. */
  readonly known: Set<number>;
}

const pool: PoolWorker[] = [];
const models = new WeakMap<LifNetwork, Map<InputCoupling | null, { id: number; net: LifNetwork; coupling: InputCoupling | null }>>();
const modelIds = new WeakMap<object, number[]>();
let nextModel = 1;
// When a network is collected, the workers drop their copies of its models.
const dropped = new FinalizationRegistry<number[]>((ids) => {
  for (const pw of pool) {
    for (const id of ids) {
      if (pw.known.delete(id)) pw.worker.postMessage({ drop: id });
    }
  }
});

function model(net: LifNetwork, coupling: InputCoupling | null): { id: number; net: LifNetwork; coupling: InputCoupling | null } {
  let byCoupling = models.get(net);
  if (!byCoupling) {
    models.set(net, (byCoupling = new Map()));
    const ids: number[] = [];
    dropped.register(net, ids);
    modelIds.set(byCoupling, ids);
  }
  let m = byCoupling.get(coupling);
  if (!m) {
    const c = coupling ? { ...coupling, rowPtr: shared(coupling.rowPtr), post: shared(coupling.post), weight: shared(coupling.weight) } : null;
    m = { id: nextModel++, net: shareNetwork(net), coupling: c };
    byCoupling.set(coupling, m);
    modelIds.get(byCoupling)!.push(m.id);
  }
  return m;
}

/** End the pool's worker threads (a later pooled run starts new ones). */
export async function closeCpuPool(): Promise<void> {
  const ws = pool.splice(0, pool.length);
  await Promise.all(ws.map((w) => w.worker.terminate()));
}

/**
 * The options of the chunk of lanes [a, b): `recordSpikes` names lanes of the whole run, a
 * chunk's run counts its lanes from 0.
 */
function chunkOptions(opts: ResolvedSimulationOptions, a: number, b: number): ResolvedSimulationOptions {
  if (opts.recordSpikes.length === 0) return opts;
  return { ...opts, recordSpikes: opts.recordSpikes.filter((l) => l >= a && l < b).map((l) => l - a) };
}

/**
 * Run `inputs` through `net` on `workers` threads (1 = in this thread). Lanes are processed
 * in chunks of at most `lanesPerBatch` per pass; the results (recorded lanes included) do not
 * depend on the chunking.
 */
export async function runCpuPool(net: LifNetwork, coupling: InputCoupling | null, inputs: readonly ReservoirInput[], opts: ResolvedSimulationOptions, workers: number, lanesPerBatch: number, onBatch?: (done: number) => void): Promise<LaneResult[]> {
  const out: LaneResult[] = new Array(inputs.length);
  const size = workers <= 1 ? lanesPerBatch : Math.max(1, Math.min(lanesPerBatch, Math.ceil(inputs.length / workers)));
  const chunks: [number, number][] = [];
  for (let a = 0; a < inputs.length; a += size) chunks.push([a, Math.min(inputs.length, a + size)]);
  let done = 0;
  if (workers <= 1 || chunks.length <= 1) {
    for (const [a, b] of chunks) {
      const res = runCpuLanes(net, coupling, inputs.slice(a, b), chunkOptions(opts, a, b));
      res.forEach((r, k) => (out[a + k] = r));
      done += b - a;
      onBatch?.(done);
    }
    return out;
  }
  const m = model(net, coupling);
  const nw = Math.min(workers, chunks.length);
  while (pool.length < nw) pool.push({ worker: spawnWorker(), known: new Set() });
  let next = 0;
  await Promise.all(
    pool.slice(0, nw).map(
      (pw) =>
        new Promise<void>((resolve, reject) => {
          const w = pw.worker;
          const onError = (e: Error): void => {
            const k = pool.indexOf(pw);
            if (k >= 0) pool.splice(k, 1);
            reject(e);
          };
          w.once('error', onError);
          w.ref();
          const take = (): void => {
            if (next >= chunks.length) {
              w.off('error', onError);
              w.unref();
              resolve();
              return;
            }
            const id = next++;
            const [a, b] = chunks[id]!;
            w.once('message', (msg: { id: number; res?: LaneResult[]; error?: string }) => {
              if (msg.error) {
                w.off('error', onError);
                w.unref();
                reject(new Error(`worker: ${msg.error}`));
                return;
              }
              msg.res!.forEach((r, k) => (out[a + k] = r));
              done += b - a;
              onBatch?.(done);
              take();
            });
            const first = !pw.known.has(m.id);
            pw.known.add(m.id);
            w.postMessage({ id, model: m.id, ...(first ? { net: m.net, coupling: m.coupling } : {}), inputs: inputs.slice(a, b), opts: chunkOptions(opts, a, b) });
          };
          take();
        }),
    ),
  );
  return out;
}
