/**
 * Monitors: recorded spikes and voltages of a lane in handy forms for plots and studies
 * (request them with `recordSpikes` / `recordVoltage` in the simulation options).
 *
 * @module
 */
import type { LaneResult } from './run-types.js';

/** Spike raster of a lane: spike times in seconds and neuron indices. */
export interface SpikeRaster {
  readonly times: Float64Array;
  readonly neurons: Int32Array;
}

/** The recorded spikes of `run` (simulated with `recordSpikes` including its lane) as a raster. */
export function spikeRaster(run: LaneResult, dt: number): SpikeRaster {
  if (!run.spikeSteps || !run.spikeNeurons) throw new RangeError('spikeRaster: this lane was not recorded (add its index to recordSpikes)');
  return { times: Float64Array.from(run.spikeSteps, (s) => s * dt), neurons: Int32Array.from(run.spikeNeurons) };
}

/** Mean firing rate of each neuron over the lane, in hertz. */
export function firingRates(run: LaneResult, dt: number): Float64Array {
  const T = run.steps * dt;
  return Float64Array.from(run.counts, (c) => c / T);
}
