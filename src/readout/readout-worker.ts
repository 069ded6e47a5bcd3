/**
 * Worker thread of the readout pool ({@link readoutPool}): runs one readout task per message
 * and posts its output back (errors as name + message).
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { READOUT_TASKS, type ReadoutTaskName } from './readout-tasks.js';

parentPort!.on('message', (job: { id: number; task: ReadoutTaskName; input: unknown }) => {
  void (async () => {
    try {
      const fn = READOUT_TASKS[job.task] as ((i: unknown) => unknown) | undefined;
      if (!fn) throw new Error(`unknown readout task ${JSON.stringify(job.task)}`);
      const t0 = performance.now();
      const out = await fn(job.input);
      parentPort!.postMessage({ id: job.id, out, seconds: (performance.now() - t0) / 1000 });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      parentPort!.postMessage({ id: job.id, error: { name: err.name, message: err.message } });
    }
  })();
});
