/**
 * The one call the pipeline uses to get analysable audio from a file.
 *
 * @module
 */
import { AudioError } from '../core/errors.js';
import { assertAnalysable, MIN_ANALYSABLE_DURATION, type Audio } from './audio.js';
import { resample } from './resample.js';
import { trimSilence, type TrimOptions } from './trim.js';
import { readWav, type ReadWavOptions } from './wav.js';

/** Options of {@link loadAudio}. */
export interface LoadAudioOptions extends ReadWavOptions {
  /** Target sampling rate, in hertz; default 16000. */
  readonly rate?: number;
  /** Trim leading/trailing silence: true (default: digital zeros), false, or trim options. */
  readonly trim?: boolean | TrimOptions;
  /** Shortest file accepted, in seconds (before trimming); default 0.05. */
  readonly minDuration?: number;
}

/**
 * Read a WAV file, mix to mono, resample to `rate` and trim silence. Throws a
 * WavFormatError / AudioError naming `path` for a file that cannot be decoded, is silent
 * (every sample 0), shorter than `minDuration`, or whose rate cannot be converted.
 */
export function loadAudio(path: string, options: LoadAudioOptions = {}): Audio {
  const rate = options.rate ?? 16000;
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 4000 || rate > 192000) throw new RangeError(`rate: must be an integer number of hertz in [4000, 192000], got ${JSON.stringify(rate)}`);
  const raw = readWav(path, options);
  assertAnalysable(raw, options.minDuration ?? MIN_ANALYSABLE_DURATION);
  const trimOpt = options.trim ?? true;
  const trimmed = trimOpt === false ? raw : trimSilence(raw, trimOpt === true ? {} : trimOpt);
  if (trimmed.sampleRate === rate) return trimmed;
  let samples: Float64Array;
  try {
    samples = resample(trimmed.samples, trimmed.sampleRate, rate);
  } catch (e) {
    throw new AudioError(path, `cannot resample from ${trimmed.sampleRate} Hz to ${rate} Hz (${(e as Error).message})`, { cause: e });
  }
  return { samples, sampleRate: rate, source: raw.source };
}
