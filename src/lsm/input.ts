/**
 * What a reservoir hears: analog currents held per frame, or spike trains. Produced by the
 * encoders in `./encoding`, consumed by the reservoir backends.
 *
 * @module
 */

/**
 * Analog input: `channels` currents over `frames` frames, each value held constant for one
 * frame. Row-major by frame: channel `c` of frame `f` is `data[f * channels + c]`.
 * Values are dimensionless drive; the reservoir's input coupling scales them to volts (R*I).
 */
export interface AnalogInput {
  readonly kind: 'analog';
  readonly data: Float32Array;
  readonly frames: number;
  readonly channels: number;
  /** Duration of one frame, in seconds (e.g. 0.01 for 100 frames/s). */
  readonly frameDuration: number;
}

/**
 * Spike input: `times[k]` (seconds from the start, sorted ascending) on channel `channels[k]`.
 */
export interface SpikeInput {
  readonly kind: 'spikes';
  readonly times: Float64Array;
  readonly channels: Int32Array;
  /** Number of input channels (every `channels[k]` is in [0, nChannels)). */
  readonly nChannels: number;
  /** Total duration of the input, in seconds. */
  readonly duration: number;
}

/** Input of one utterance (one lane) to a reservoir. */
export type ReservoirInput = AnalogInput | SpikeInput;

/** Duration of an input, in seconds. */
export function inputDuration(input: ReservoirInput): number {
  return input.kind === 'analog' ? input.frames * input.frameDuration : input.duration;
}

/** Number of channels of an input. */
export function inputChannels(input: ReservoirInput): number {
  return input.kind === 'analog' ? input.channels : input.nChannels;
}
