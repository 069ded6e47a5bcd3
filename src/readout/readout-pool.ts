/**
 * A persistent pool of worker threads for readout tasks ({@link TaskRunner}): tasks are queued
 * in submission order and handed to idle workers. Each task is a pure function of its input
 * (see readout-tasks.ts), so results are identical to running them on one thread, whatever the
 * number of workers and the order in which tasks finish. Workers stay alive between runs (their
 * JIT and libsvm's WASM stay warm) but do not keep the process alive while idle (`unref`);
 * {@link closeReadoutPool} ends them.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { INLINE_RUNNER, inlineRunner, type ReadoutTaskName, type TaskInput, type TaskOutput, type TaskRunner, type TaskTimer } from './readout-tasks.js';

/** A worker running readout-worker.js (from the TypeScript sources under tsx or vitest: tsx's loader first). */
function spawnWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./readout-worker.js', import.meta.url));
  const target = JSON.stringify(new URL('./readout-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${target}); });`;
  return new Worker(boot, { eval: true });
}

interface Job {
  readonly id: number;
  readonly task: ReadoutTaskName;
  readonly input: unknown;
  readonly resolve: (out: unknown, seconds: number) => void;
  readonly reject: (e: Error) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  job: Job | null;
}

const workers: PoolWorker[] = [];
const queue: Job[] = [];
let nextId = 1;
let closing = false;

function rebuild(e: { name: string; message: string }): Error {
  return e.name === 'RangeError' ? new RangeError(e.message) : e.name === 'TypeError' ? new TypeError(e.message) : new Error(e.message);
}

function startWorker(): PoolWorker {
  const pw: PoolWorker = { worker: spawnWorker(), job: null };
  pw.worker.unref();
  pw.worker.on('message', (msg: { id: number; out?: unknown; seconds?: number; error?: { name: string; message: string } }) => {
    const job = pw.job;
    if (!job || job.id !== msg.id) return;
    pw.job = null;
    if (msg.error) job.reject(rebuild(msg.error));
    else job.resolve(msg.out, msg.seconds ?? NaN);
    dispatch();
  });
  const fail = (e: Error): void => {
    const k = workers.indexOf(pw);
    if (k >= 0) workers.splice(k, 1);
    const job = pw.job;
    pw.job = null;
    job?.reject(e);
    if (!closing) dispatch();
  };
  pw.worker.on('error', (e) => fail(new Error(`readout worker thread failed: ${e.message}`)));
  pw.worker.on('exit', (code) => fail(new Error(`readout worker thread exited (code ${code}${closing ? ', the pool was closed' : ''})`)));
  workers.push(pw);
  return pw;
}

/** Hand queued jobs to idle workers; a worker keeps the process alive only while it runs one. */
function dispatch(): void {
  if (workers.length === 0 && !closing && queue.length) startWorker();
  for (const pw of workers) {
    while (!pw.job) {
      const job = queue.shift();
      if (!job) {
        pw.worker.unref();
        break;
      }
      try {
        pw.worker.postMessage({ id: job.id, task: job.task, input: job.input });
      } catch (e) {
        job.reject(new TypeError(`readout task ${job.task}: its input cannot be sent to a worker thread (${(e as Error).message})`));
        continue;
      }
      pw.job = job;
      pw.worker.ref();
    }
  }
}

/** Worker count: an integer >= 1, or 'auto' (the available cores). RangeError naming `workers` otherwise. */
export function resolveReadoutWorkers(n: number | 'auto' | undefined): number {
  if (n === undefined || n === 'auto') return Math.max(1, availableParallelism());
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`workers: must be an integer >= 1 or 'auto', got ${JSON.stringify(n)}`);
  return n;
}

/**
 * A task runner on `n` worker threads ('auto': one per available core); 1 runs every task
 * inline on the calling thread ({@link inlineRunner}). The pool's threads are shared by every
 * runner of this process and grow to the largest `n` asked for. `onTask` is told each task's
 * run time on its thread, in seconds (for per-stage timings; waiting in the queue excluded).
 */
export function readoutPool(n: number | 'auto' = 'auto', onTask?: TaskTimer): TaskRunner {
  const size = resolveReadoutWorkers(n);
  if (size === 1) return onTask ? inlineRunner(onTask) : INLINE_RUNNER;
  return {
    run<K extends ReadoutTaskName>(task: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
      while (workers.length < size) startWorker();
      return new Promise<TaskOutput<K>>((resolve, reject) => {
        const done = (out: unknown, seconds: number) => {
          onTask?.(task, seconds);
          resolve(out as TaskOutput<K>);
        };
        queue.push({ id: nextId++, task, input, resolve: done, reject });
        dispatch();
      });
    },
  };
}

/**
 * Fewest rows (utterances) for which `workers: 'auto'` uses the pool: below it a readout takes
 * well under a second and starting threads (each loads the modules and libsvm's WASM) costs
 * more than it saves, so the tasks run inline. Results are identical either way.
 */
export const MIN_POOLED_ROWS = 200;

/** The runner for `workers` readout threads on a data set of `rows` utterances: 'auto' runs inline below {@link MIN_POOLED_ROWS}. */
export function readoutRunner(workers: number | 'auto' | undefined, rows: number, onTask?: TaskTimer): TaskRunner {
  if ((workers === undefined || workers === 'auto') && rows < MIN_POOLED_ROWS) return onTask ? inlineRunner(onTask) : INLINE_RUNNER;
  return readoutPool(workers ?? 'auto', onTask);
}

/** End the readout pool's worker threads (a later pooled run starts new ones). */
export async function closeReadoutPool(): Promise<void> {
  closing = true;
  try {
    for (const job of queue.splice(0, queue.length)) job.reject(new Error('the readout worker pool was closed'));
    await Promise.all(
      [...workers].map((w) => {
        w.worker.ref();
        return w.worker.terminate();
      }),
    );
  } finally {
    closing = false;
  }
}
