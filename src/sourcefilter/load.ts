/**
 * The one path from a file or in-memory audio to analysable audio at the analysis rate:
 * checked, trimmed and resampled ({@link prepareAudio}).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { AudioError } from '../core/errors.js';
import { assertAnalysable, MIN_ANALYSABLE_DURATION, type Audio } from './audio.js';
import { resample } from './resample.js';
import { trimSilence, type TrimOptions } from './trim.js';
import { readWav, type ReadWavOptions } from './wav.js';
import { parseWavLayout } from './riff.js';
import { DEFAULT_SOURCE_FILTER_OPTIONS } from './options.js';

/** Options of {@link prepareAudio} (and {@link loadAudio}). */
export interface LoadAudioOptions extends ReadWavOptions {
  /** Target sampling rate, in hertz; default 16000. */
  readonly rate?: number;
  /** Trim leading/trailing silence: true (default: digital zeros), false, or trim options. */
  readonly trim?: boolean | TrimOptions;
  /** Shortest audio accepted, in seconds (before trimming); default 0.05. */
  readonly minDuration?: number;
}

/** Options of {@link prepareAudio}: the same as {@link LoadAudioOptions}. */
export type PrepareAudioOptions = LoadAudioOptions;

/**
 * Throw an {@link AudioError} naming `audio.source` unless its sample rate is a whole number of
 * hertz in [1000, 1000000].
 */
export function checkSampleRate(audio: Audio): void {
  if (!Number.isInteger(audio.sampleRate) || audio.sampleRate < 1000 || audio.sampleRate > 1e6)
    throw new AudioError(audio.source, `sample rate must be a whole number of hertz in [1000, 1000000], got ${audio.sampleRate}`);
}

/**
 * `audio` at `rate` hertz (itself when already there). Throws an {@link AudioError} naming
 * `audio.source` for a sample rate that is not a whole number of hertz in [1000, 1000000], or
 * when the rate cannot be converted.
 */
export function atRate(audio: Audio, rate: number): Audio {
  checkSampleRate(audio);
  if (audio.sampleRate === rate) return audio;
  try {
    return { samples: resample(audio.samples, audio.sampleRate, rate), sampleRate: rate, source: audio.source };
  } catch (e) {
    throw new AudioError(audio.source, `cannot resample from ${audio.sampleRate} Hz to ${rate} Hz (${(e as Error).message})`, { cause: e });
  }
}

/**
 * Analysable audio at the analysis rate, from a WAV file (mixed to mono) or from in-memory
 * {@link Audio} (e.g. noisy or augmented copies): checked (see `assertAnalysable`: not empty,
 * finite, not silent, at least `minDuration` long), trimmed of leading and trailing silence, and
 * resampled to `rate`. Throws a WavFormatError / AudioError naming the file or `audio.source`.
 */
export function prepareAudio(input: string | Audio, options: PrepareAudioOptions = {}): Audio {
  const rate = options.rate ?? 16000;
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 4000 || rate > 192000)
    throw new RangeError(`rate: must be an integer number of hertz in [4000, 192000], got ${JSON.stringify(rate)}`);
  const raw = typeof input === 'string' ? readWav(input, options) : input;
  assertAnalysable(raw, options.minDuration ?? MIN_ANALYSABLE_DURATION);
  const trimOpt = options.trim ?? true;
  const trimmed = trimOpt === false ? raw : trimSilence(raw, trimOpt === true ? {} : trimOpt);
  return atRate(trimmed, rate);
}

/**
 * Read a WAV file, mix to mono, resample to `rate` and trim silence: {@link prepareAudio} of a
 * path. Throws a WavFormatError / AudioError naming `path` for a file that cannot be decoded,
 * is silent (every sample 0), shorter than `minDuration`, or whose rate cannot be converted.
 */
export function loadAudio(path: string, options: LoadAudioOptions = {}): Audio {
  return prepareAudio(path, options);
}

/** The sampling rate of a recording, in hertz: a WAV file's declared rate (WavFormatError naming it when unreadable), or in-memory audio's. */
export function recordingRate(input: string | Audio): number {
  if (typeof input !== 'string') return input.sampleRate;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(input);
  } catch (e) {
    throw new AudioError(input, `cannot read the file (${(e as Error).message})`, { cause: e });
  }
  return parseWavLayout(bytes, input).sampleRate;
}

/** An analysis rate as configured: a number of hertz, or 'auto' (follow the data). */
export type AnalysisRate = number | 'auto';

/**
 * The analysis rate for recordings at `recordingRates` hertz: `requested` when it is a number;
 * for 'auto', the front end's default rate (16 kHz), but never above the lowest rate of the
 * recordings (so 8-kHz audio is analysed at 8 kHz, not upsampled), and never below 4 kHz.
 * Throws a RangeError for 'auto' without recordings.
 */
export function analysisRate(requested: AnalysisRate, recordingRates: readonly number[]): number {
  if (requested !== 'auto') return requested;
  if (recordingRates.length === 0) throw new RangeError("rate: 'auto' follows the recordings' rate, and there are no recordings");
  let lowest = Infinity;
  for (const r of recordingRates) lowest = Math.min(lowest, r);
  return Math.max(4000, Math.min(DEFAULT_SOURCE_FILTER_OPTIONS.rate, Math.floor(lowest)));
}
