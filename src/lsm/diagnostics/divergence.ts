/**
 * Perturbation divergence: the distance between the filtered states of a run and of a copy
 * whose input was perturbed, at given delays after the perturbation (vanishing, edge of chaos,
 * chaotic: Bertschinger & Natschlaeger 2004, Legenstein & Maass 2007).
 *
 * @module
 */
import type { AnalogInput } from '../input.js';
import type { LaneResult } from '../run-types.js';

/**
 * A copy of `input` with `delta` added to channel `channel` during the frame that holds time
 * `at` (seconds).
 */
export function perturbInput(input: AnalogInput, at: number, channel: number, delta: number): AnalogInput {
  const f = Math.floor(at / input.frameDuration + 1e-9);
  if (!(f >= 0 && f < input.frames)) throw new RangeError(`at: ${at} s is outside the input (${input.frames * input.frameDuration} s)`);
  if (!(Number.isInteger(channel) && channel >= 0 && channel < input.channels))
    throw new RangeError(`channel: must be in [0, ${input.channels}), got ${channel}`);
  const data = Float32Array.from(input.data);
  data[f * input.channels + channel]! += delta;
  return { ...input, data };
}

/**
 * Euclidean distance between the filtered states of two runs of the same network at each of
 * `times` (seconds from the start; a state sampled every `sampleInterval` at the end of each
 * interval, so time t reads sample round(t / interval) - 1). NaN past either run's end.
 */
export function stateDistances(a: LaneResult, b: LaneResult, times: readonly number[]): number[] {
  if (a.n !== b.n) throw new RangeError(`runs: different sizes (${a.n} and ${b.n} neurons)`);
  const n = a.n;
  return times.map((t) => {
    const s = Math.round(t / a.sampleInterval) - 1;
    if (s < 0 || s >= a.samples || s >= b.samples) return NaN;
    let d = 0;
    for (let i = 0; i < n; i++) d += (a.trace[s * n + i]! - b.trace[s * n + i]!) ** 2;
    return Math.sqrt(d);
  });
}
