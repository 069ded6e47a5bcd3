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

/** A chunk of lanes waiting for, or running on, a worker. */
interface Job {
  /** Unique over all runs (a worker's reply names it). */
  readonly id: number;
  readonly model: { id: number; net: LifNetwork; coupling: InputCoupling | null };
  readonly inputs: readonly ReservoirInput[];
  readonly opts: ResolvedSimulationOptions;
  /** First lane of the chunk in its run (errors name lanes of the whole run). */
  readonly first: number;
  readonly resolve: (r: LaneResult[]) => void;
  readonly reject: (e: Error) => void;
  /** Set when its run failed: the job is dropped if it has not started. */
  cancelled: boolean;
}

interface PoolWorker {
  readonly worker: Worker;
  /** Ids of the models this worker holds. */
  readonly known: Set<number>;
  /** The job it runs, if any. */
  job: Job | null;
}

const pool: PoolWorker[] = [];
/** Jobs of every run, in submission order; idle workers take the first that is not cancelled. */
const queue: Job[] = [];
let nextJob = 1;
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

/**
 * The shared copy of (net, coupling) sent to workers, made on first use: like the kernel's
 * layout cache, it assumes a network's arrays are not edited in place after it has run (see
 * {@link LifReservoir}).
 */
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

/** An error of the same class as `e`, whose "lane N" (counted in a chunk starting at lane `first`) names the lane of the whole run. */
function inRun(e: { name?: string; message: string }, first: number): Error {
  if (e instanceof Error && e.name !== 'RangeError' && e.name !== 'TypeError' && e.name !== 'Error') return e; // lsm-ser's own error classes name no lane
  const message = first === 0 ? e.message : e.message.replace(/\blane (\d+)\b/g, (_, n: string) => `lane ${Number(n) + first}`);
  return e.name === 'RangeError' ? new RangeError(message) : e.name === 'TypeError' ? new TypeError(message) : new Error(message);
}

/** A new worker with one handler for replies, errors and exits (it fails its job, never another). */
function startWorker(): PoolWorker {
  const pw: PoolWorker = { worker: spawnWorker(), known: new Set(), job: null };
  const w = pw.worker;
  w.unref();
  w.on('message', (msg: { id: number; res?: LaneResult[]; error?: { name: string; message: string } }) => {
    const job = pw.job;
    if (!job || msg.id !== job.id) return; // not the job it runs (cannot happen; never misroute a reply)
    pw.job = null;
    if (msg.error) job.reject(inRun(msg.error, job.first));
    else job.resolve(msg.res!);
    dispatch();
  });
  const fail = (e: Error): void => {
    const k = pool.indexOf(pw);
    if (k >= 0) pool.splice(k, 1);
    const job = pw.job;
    pw.job = null;
    job?.reject(e);
    if (!closing) dispatch(); // (while closing, dispatch would unref the workers still stopping)
  };
  w.on('error', (e) => fail(new Error(`CPU worker thread failed: ${e.message}`)));
  w.on('exit', (code) => fail(new Error(`CPU worker thread exited (code ${code}${closing ? ', the pool was closed' : ''})`)));
  pool.push(pw);
  return pw;
}

let closing = false;

/** The next queued job that is not cancelled. */
function nextQueued(): Job | undefined {
  let job: Job | undefined;
  while ((job = queue.shift()) && job.cancelled);
  return job;
}

/**
 * Hand queued jobs to idle workers; a worker is ref'ed (keeps the process alive) only while it
 * runs a job. When every worker has died with jobs still queued, one is started again.
 */
function dispatch(): void {
  if (pool.length === 0 && !closing && queue.some((j) => !j.cancelled)) startWorker();
  for (const pw of pool) {
    while (!pw.job) {
      const job = nextQueued();
      if (!job) {
        pw.worker.unref();
        break;
      }
      const m = job.model;
      const firstTime = !pw.known.has(m.id);
      try {
        pw.worker.postMessage({ id: job.id, model: m.id, ...(firstTime ? { net: m.net, coupling: m.coupling } : {}), inputs: job.inputs, opts: job.opts });
      } catch (e) {
        // e.g. an input object holding a function: it cannot be copied to a thread
        job.reject(
          new TypeError(`input: lanes ${job.first}..${job.first + job.inputs.length - 1} cannot be sent to a worker thread (${(e as Error).message})`),
        );
        continue;
      }
      if (firstTime) pw.known.add(m.id);
      pw.job = job;
      pw.worker.ref();
    }
  }
}

/** End the pool's worker threads (a later pooled run starts new ones). */
export async function closeCpuPool(): Promise<void> {
  closing = true;
  try {
    // jobs not started are failed here; running ones by their worker's exit
    for (const job of queue.splice(0, queue.length)) job.reject(new Error('the CPU worker pool was closed'));
    // ref'ed while they stop, so that a process awaiting this does not exit before they have
    await Promise.all(
      [...pool].map((w) => {
        w.worker.ref();
        return w.worker.terminate();
      }),
    );
  } finally {
    closing = false;
  }
}

/**
 * The options of the chunk of lanes [a, b): `recordSpikes` names lanes of the whole run, a
 * chunk's run counts its lanes from 0; `firstLane` is the chunk's offset in the whole run.
 */
function chunkOptions(opts: ResolvedSimulationOptions, a: number, b: number): ResolvedSimulationOptions {
  const firstLane = (opts.firstLane ?? 0) + a; // the noise of a lane follows its index in the whole run
  if (opts.recordSpikes.length === 0) return a === 0 ? opts : { ...opts, firstLane };
  return { ...opts, firstLane, recordSpikes: opts.recordSpikes.filter((l) => l >= a && l < b).map((l) => l - a) };
}

/**
 * Run `inputs` through `net` on `workers` threads (1 = in this thread). Lanes are processed
 * in chunks of at most `lanesPerBatch` per pass; the results (recorded lanes included) do not
 * depend on the chunking.
 */
export async function runCpuPool(
  net: LifNetwork,
  coupling: InputCoupling | null,
  inputs: readonly ReservoirInput[],
  opts: ResolvedSimulationOptions,
  workers: number,
  lanesPerBatch: number,
  onBatch?: (done: number) => void,
): Promise<LaneResult[]> {
  const out: LaneResult[] = new Array(inputs.length);
  const size = workers <= 1 ? lanesPerBatch : Math.max(1, Math.min(lanesPerBatch, Math.ceil(inputs.length / workers)));
  const chunks: [number, number][] = [];
  for (let a = 0; a < inputs.length; a += size) chunks.push([a, Math.min(inputs.length, a + size)]);
  let done = 0;
  if (workers <= 1 || chunks.length <= 1) {
    for (const [a, b] of chunks) {
      let res: LaneResult[];
      try {
        res = runCpuLanes(net, coupling, inputs.slice(a, b), chunkOptions(opts, a, b));
      } catch (e) {
        throw e instanceof Error && a > 0 ? inRun(e, a) : e;
      }
      res.forEach((r, k) => (out[a + k] = r));
      done += b - a;
      onBatch?.(done);
    }
    return out;
  }
  const m = model(net, coupling);
  const nw = Math.min(workers, chunks.length);
  while (pool.length < nw) startWorker();
  const jobs: Job[] = [];
  const settled = chunks.map(
    ([a, b]) =>
      new Promise<void>((resolve, reject) => {
        const job: Job = {
          id: nextJob++,
          model: m,
          inputs: inputs.slice(a, b),
          opts: chunkOptions(opts, a, b),
          first: a,
          cancelled: false,
          resolve: (res) => {
            res.forEach((r, k) => (out[a + k] = r));
            done += b - a;
            onBatch?.(done);
            resolve();
          },
          reject,
        };
        jobs.push(job);
        queue.push(job);
      }),
  );
  dispatch();
  try {
    await Promise.all(settled);
  } catch (e) {
    for (const j of jobs) j.cancelled = true; // a failed run hands out no more of its chunks
    throw e;
  }
  return out;
}
