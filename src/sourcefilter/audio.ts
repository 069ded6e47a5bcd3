/**
 * The audio record every front-end stage passes along.
 *
 * @module
 */
import { AudioError } from '../core/errors.js';

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

/**
 * Largest |sample| of `audio`; throws an {@link AudioError} naming `audio.source` when it has
 * no samples or a non-finite one.
 */
export function audioPeak(audio: Audio): number {
  const x = audio.samples;
  if (x.length === 0) throw new AudioError(audio.source, 'empty audio (no samples)');
  let peak = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) throw new AudioError(audio.source, `sample ${i} is ${v} (at ${(i / audio.sampleRate).toFixed(4)} s; samples must be finite)`);
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  return peak;
}

/** Default shortest audio {@link assertAnalysable} accepts, in seconds (two 25-ms analysis windows). */
export const MIN_ANALYSABLE_DURATION = 0.05;

/**
 * Check that `audio` can be analysed; throws an {@link AudioError} naming `audio.source` when
 * it is empty, has a non-finite sample, is silent (every sample exactly 0: nothing to
 * classify, and a model would still answer) or lasts less than `minDuration` seconds
 * (default {@link MIN_ANALYSABLE_DURATION}).
 */
export function assertAnalysable(audio: Audio, minDuration: number = MIN_ANALYSABLE_DURATION): void {
  if (!(minDuration >= 0)) throw new RangeError(`minDuration: must be >= 0 s, got ${minDuration}`);
  const x = audio.samples;
  const peak = audioPeak(audio);
  if (peak === 0) throw new AudioError(audio.source, `audio is silent (all ${x.length} samples are 0)`);
  const dur = x.length / audio.sampleRate;
  if (dur < minDuration)
    throw new AudioError(
      audio.source,
      `audio too short: ${(dur * 1000).toFixed(1)} ms (${x.length} samples at ${audio.sampleRate} Hz), at least ${minDuration * 1000} ms needed (minDuration)`,
    );
}
