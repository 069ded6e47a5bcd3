/**
 * Per-lane input preparation shared by the backends: steps per analog frame, spike times
 * binned to the dt grid, and the checks that each input fits the coupling.
 *
 * @module
 */
import type { InputCoupling } from '../network.js';
import type { ReservoirInput } from '../input.js';

/** Prepared inputs of a batch of lanes. */
export interface LaneInputs {
  /** Steps per frame of each analog lane (0 for spike lanes; may be fractional). */
  readonly analogSteps: Float64Array;
  /** Step index of each input spike of each spike lane (null for analog lanes). */
  readonly spikeStep: (Int32Array | null)[];
  readonly anyAnalog: boolean;
  readonly anySpikes: boolean;
}

/** Prepare `inputs` for a time step `dt` (seconds); throws RangeError when one does not fit `coupling`. */
export function prepareLaneInputs(inputs: readonly ReservoirInput[], coupling: InputCoupling | null, dt: number): LaneInputs {
  const lanes = inputs.length;
  const analogSteps = new Float64Array(lanes);
  const spikeStep: (Int32Array | null)[] = [];
  let anyAnalog = false;
  let anySpikes = false;
  for (let l = 0; l < lanes; l++) {
    const inp = inputs[l]!;
    if (inp.kind === 'analog') {
      analogSteps[l] = inp.frameDuration / dt;
      spikeStep.push(null);
      if (coupling && coupling.kind !== 'current') throw new RangeError('input: analog input needs a current coupling');
      if (coupling && inp.channels !== coupling.channels) throw new RangeError(`input: lane ${l} has ${inp.channels} channels, the coupling expects ${coupling.channels}`);
      anyAnalog = true;
    } else {
      const st = new Int32Array(inp.times.length);
      for (let k = 0; k < st.length; k++) st[k] = Math.floor(inp.times[k]! / dt + 1e-9);
      spikeStep.push(st);
      if (coupling && coupling.kind !== 'synapse') throw new RangeError('input: spike input needs a synapse coupling');
      if (coupling && inp.nChannels > coupling.channels) throw new RangeError(`input: lane ${l} has ${inp.nChannels} channels, the coupling has ${coupling.channels}`);
      anySpikes = true;
    }
  }
  return { analogSteps, spikeStep, anyAnalog, anySpikes };
}
