/**
 * Per-utterance feature vectors from a reservoir run: the {@link traceStatistics} of its
 * filtered spike trains (per neuron: mean, standard deviation, K segment means). This is what
 * the readout sees.
 *
 * @module
 */
import type { LaneResult } from './run-types.js';
import { traceStatistics, type StateFeatureOptions } from './trace-stats.js';

export { stateFeatureLength, traceStatistics, DEFAULT_STATE_FEATURE_OPTIONS } from './trace-stats.js';
export type { StateFeatureOptions, Trace } from './trace-stats.js';

/**
 * Feature vector of one lane: [means (n), stds (n), segment 1 means (n), ..., segment K means (n)].
 * Throws a RangeError for a lane without readout samples (shorter than one readout interval:
 * it has no state to describe) or whose trace does not hold `samples` x `n` values.
 */
export function reservoirFeatures(run: LaneResult, options: StateFeatureOptions = {}): Float64Array {
  if (run.samples === 0)
    throw new RangeError(
      `reservoirFeatures: the lane has no readout sample (${run.steps} steps, shorter than one readout interval of ${run.sampleInterval} s)`,
    );
  if (run.trace.length !== run.samples * run.n)
    throw new RangeError(`reservoirFeatures: trace has ${run.trace.length} values, samples x n = ${run.samples} x ${run.n} = ${run.samples * run.n}`);
  return traceStatistics({ data: run.trace, rows: run.samples, cols: run.n, interval: run.sampleInterval }, options);
}
