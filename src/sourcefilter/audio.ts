/**
 * The audio record every front-end stage passes along.
 *
 * @module
 */

/** Mono audio: samples scaled to [-1, 1] at `sampleRate`. */
export interface Audio {
  /** Samples, nominally in [-1, 1] (float formats may exceed it). */
  readonly samples: Float64Array;
  /** Sampling rate, in hertz. */
  readonly sampleRate: number;
  /** Where the audio came from (file path or a label), used in error messages. */
  readonly source: string;
}

/** Duration of `audio`, in seconds. */
export function audioDuration(audio: Audio): number {
  return audio.samples.length / audio.sampleRate;
}
