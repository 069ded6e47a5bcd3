/**
 * Synaptic event counts of a simulation, the work figure of the engine benchmarks: every
 * spike of neuron i is delivered along its out-degree of recurrent synapses, and every input
 * spike of channel c along the coupling's fan-out of c. Analog input delivers no events.
 *
 * @module
 */
import type { ReservoirInput } from '../lsm/input.js';
import { outDegree, type InputCoupling, type LifNetwork } from '../lsm/network.js';
import type { LaneResult } from '../lsm/run-types.js';

/** Synaptic events of one or more lanes (counts, dimensionless). */
export interface SynapticEvents {
  /** Recurrent events: the sum over lanes and neurons of spike count x out-degree. */
  readonly recurrent: number;
  /** Input events: the sum over the input spikes of all lanes of their channel's fan-out. */
  readonly input: number;
}

/**
 * Count the synaptic events of `results` (one per lane) driven by `inputs` (the same lanes).
 * `degree` is the network's out-degree per neuron, when the caller has it already.
 */
export function synapticEvents(
  net: Pick<LifNetwork, 'rowPtr' | 'n'>,
  coupling: Pick<InputCoupling, 'rowPtr'>,
  results: readonly Pick<LaneResult, 'counts'>[],
  inputs: readonly ReservoirInput[],
  degree: Int32Array = outDegree(net),
): SynapticEvents {
  let recurrent = 0;
  for (const lr of results) for (let i = 0; i < net.n; i++) recurrent += lr.counts[i]! * degree[i]!;
  let input = 0;
  for (const inp of inputs) if (inp.kind === 'spikes') for (const c of inp.channels) input += coupling.rowPtr[c + 1]! - coupling.rowPtr[c]!;
  return { recurrent, input };
}
