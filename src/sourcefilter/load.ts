/**
 * The one call the pipeline uses to get analysable audio from a file.
 *
 * @module
 */
import type { Audio } from './audio.js';
import { resample } from './resample.js';
import { trimSilence, type TrimOptions } from './trim.js';
import { readWav, type ReadWavOptions } from './wav.js';

/** Options of {@link loadAudio}. */
export interface LoadAudioOptions extends ReadWavOptions {
  /** Target sampling rate, in hertz; default 16000. */
  readonly rate?: number;
  /** Trim leading/trailing silence: true (default: digital zeros), false, or trim options. */
  readonly trim?: boolean | TrimOptions;
}

/** Read a WAV file, mix to mono, resample to `rate` and trim silence. */
export function loadAudio(path: string, options: LoadAudioOptions = {}): Audio {
  const rate = options.rate ?? 16000;
  const raw = readWav(path, options);
  const trimOpt = options.trim ?? true;
  const trimmed = trimOpt === false ? raw : trimSilence(raw, trimOpt === true ? {} : trimOpt);
  if (trimmed.sampleRate === rate) return trimmed;
  return { samples: resample(trimmed.samples, trimmed.sampleRate, rate), sampleRate: rate, source: raw.source };
}
