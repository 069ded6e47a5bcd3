/**
 * Worker thread of the CPU backend's pool: keeps the networks it was sent (by model id, in
 * SharedArrayBuffers), runs a chunk of lanes per message and posts the results back (result
 * buffers transferred, not copied).
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
  readonly model: number;
  /** Present the first time this worker sees the model. */
  readonly net?: LifNetwork;
  readonly coupling?: InputCoupling | null;
  readonly inputs: ReservoirInput[];
  readonly opts: ResolvedSimulationOptions;
}

const models = new Map<number, { net: LifNetwork; coupling: InputCoupling | null }>();

parentPort!.on('message', (job: Job | { drop: number }) => {
  if ('drop' in job) {
    models.delete(job.drop);
    return;
  }
  try {
    if (job.net) models.set(job.model, { net: job.net, coupling: job.coupling ?? null });
    const m = models.get(job.model);
    if (!m) throw new Error(`model ${job.model} was never sent to this worker`);
    const res = runCpuLanes(m.net, m.coupling, job.inputs, job.opts);
    const transfer: ArrayBuffer[] = [];
    for (const r of res) {
      for (const a of [r.trace, r.counts, r.spikeSteps, r.spikeNeurons, r.voltage]) if (a) transfer.push(a.buffer as ArrayBuffer);
    }
    parentPort!.postMessage({ id: job.id, res }, transfer);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    parentPort!.postMessage({ id: job.id, error: { name: err.name, message: err.message } });
  }
});
