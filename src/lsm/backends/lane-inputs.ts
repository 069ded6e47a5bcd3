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

/**
 * Check that every input is well formed and fits `coupling`; throws a RangeError naming the
 * lane (its index in `inputs`) and the problem. Analog inputs: `frames` and `channels` whole
 * numbers >= 1, `frameDuration` a finite number of seconds > 0, `data` exactly frames x
 * channels finite values. Spike inputs: one channel per time, times finite, >= 0, sorted
 * ascending and not past `duration` (a finite number of seconds > 0), channels whole numbers
 * in [0, nChannels).
 */
export function validateReservoirInputs(inputs: readonly ReservoirInput[], coupling: InputCoupling | null): void {
  for (let l = 0; l < inputs.length; l++) {
    const inp = inputs[l]!;
    const where = `input: lane ${l}`;
    if (inp === null || typeof inp !== 'object') throw new RangeError(`${where}: not an input object`);
    if (inp.kind === 'analog') {
      if (!Number.isInteger(inp.frames) || inp.frames < 1) throw new RangeError(`${where}: frames must be a whole number >= 1, got ${inp.frames}`);
      if (!Number.isInteger(inp.channels) || inp.channels < 1) throw new RangeError(`${where}: channels must be a whole number >= 1, got ${inp.channels}`);
      if (!(inp.frameDuration > 0) || !Number.isFinite(inp.frameDuration))
        throw new RangeError(`${where}: frameDuration must be a finite number of seconds > 0, got ${inp.frameDuration}`);
      if (inp.data.length !== inp.frames * inp.channels)
        throw new RangeError(
          `${where}: data has ${inp.data.length} values, frames x channels = ${inp.frames} x ${inp.channels} = ${inp.frames * inp.channels}`,
        );
      const d = inp.data;
      let probe = 0; // x * 0 is NaN exactly when x is NaN or infinite: one test per input, the search only on failure
      for (let k = 0; k < d.length; k++) probe += d[k]! * 0;
      if (probe !== 0) {
        const k = d.findIndex((x) => !Number.isFinite(x));
        throw new RangeError(`${where}: frame ${Math.floor(k / inp.channels)}, channel ${k % inp.channels} is ${d[k]} (values must be finite)`);
      }
      if (coupling && coupling.kind !== 'current') throw new RangeError(`${where}: analog input needs a current coupling`);
      if (coupling && inp.channels !== coupling.channels) throw new RangeError(`${where}: ${inp.channels} channels, the coupling expects ${coupling.channels}`);
    } else if (inp.kind === 'spikes') {
      if (!Number.isInteger(inp.nChannels) || inp.nChannels < 0) throw new RangeError(`${where}: nChannels must be a whole number >= 0, got ${inp.nChannels}`);
      if (!(inp.duration > 0) || !Number.isFinite(inp.duration))
        throw new RangeError(`${where}: duration must be a finite number of seconds > 0, got ${inp.duration}`);
      if (inp.times.length !== inp.channels.length)
        throw new RangeError(`${where}: ${inp.times.length} spike times but ${inp.channels.length} channels (one per spike)`);
      let prev = 0;
      for (let k = 0; k < inp.times.length; k++) {
        const t = inp.times[k]!;
        if (!(t >= prev) || !(t <= inp.duration)) {
          const why = !Number.isFinite(t)
            ? 'not finite'
            : t < 0
              ? 'negative'
              : t > inp.duration
                ? `past the duration (${inp.duration} s)`
                : `before the previous spike (${prev} s): times must be sorted ascending`;
          throw new RangeError(`${where}: spike ${k} at ${t} s is ${why}`);
        }
        prev = t;
        const c = inp.channels[k]!;
        if (!(c >= 0 && c < inp.nChannels)) throw new RangeError(`${where}: spike ${k} is on channel ${c}, outside [0, nChannels = ${inp.nChannels})`);
      }
      if (coupling && coupling.kind !== 'synapse') throw new RangeError(`${where}: spike input needs a synapse coupling`);
      if (coupling && inp.nChannels > coupling.channels) throw new RangeError(`${where}: ${inp.nChannels} channels, the coupling has ${coupling.channels}`);
    } else {
      throw new RangeError(`${where}: kind must be 'analog' or 'spikes', got ${JSON.stringify((inp as { kind?: unknown }).kind)}`);
    }
  }
}

/**
 * Prepare `inputs` for a time step `dt` (seconds); throws RangeError (see
 * {@link validateReservoirInputs}) when one is malformed or does not fit `coupling`.
 */
export function prepareLaneInputs(inputs: readonly ReservoirInput[], coupling: InputCoupling | null, dt: number): LaneInputs {
  validateReservoirInputs(inputs, coupling);
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
      anyAnalog = true;
    } else {
      const st = new Int32Array(inp.times.length);
      for (let k = 0; k < st.length; k++) st[k] = Math.floor(inp.times[k]! / dt + 1e-9);
      spikeStep.push(st);
      anySpikes = true;
    }
  }
  return { analogSteps, spikeStep, anyAnalog, anySpikes };
}
