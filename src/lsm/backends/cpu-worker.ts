/**
 * Worker thread of the CPU backend's pool: runs a chunk of lanes and posts the results back
 * (trace buffers transferred, not copied).
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { runCpuLanes } from './cpu.js';
import type { InputCoupling, LifNetwork } from '../network.js';
import type { ReservoirInput } from '../input.js';
import type { ResolvedSimulationOptions } from '../run-types.js';

interface Job {
  readonly id: number;
  readonly net: LifNetwork;
  readonly coupling: InputCoupling | null;
  readonly inputs: ReservoirInput[];
  readonly opts: ResolvedSimulationOptions;
}

parentPort!.on('message', (job: Job) => {
  try {
    const res = runCpuLanes(job.net, job.coupling, job.inputs, job.opts);
    const transfer: ArrayBuffer[] = [];
    for (const r of res) transfer.push(r.trace.buffer as ArrayBuffer, r.counts.buffer as ArrayBuffer);
    parentPort!.postMessage({ id: job.id, res }, transfer);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).stack ?? String(e) });
  }
});
