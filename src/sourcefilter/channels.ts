/**
 * The front end's output channels: what each stream of the source-filter model (the excitation
 * and the vocal tract) offers a listener downstream, frames x channels. The excitation stream is
 * its band energies plus, optionally, three prosody channels (log F0, voicing, energy); the
 * tract stream is its band energies.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import type { Audio } from './audio.js';
import { decompose, type SourceFilter } from './decompose.js';
import { prepareAudio } from './load.js';
import type { TrimOptions } from './trim.js';
import type { BandNormalization } from './options.js';

/** The two streams of the source-filter model. */
export type Stream = 'excitation' | 'tract';
/** Streams in block order. */
export const STREAMS: readonly Stream[] = ['excitation', 'tract'];

/** Number of prosody channels added to the excitation stream (log F0, voicing, energy). */
export const PROSODY_CHANNELS = 3;

/** Options of {@link streamChannels}. */
export interface ChannelOptions {
  /** Append the prosody channels to the excitation stream; default true. */
  readonly prosody?: boolean;
}

/**
 * The prosody channels of a decomposed utterance, frames x 3, dimensionless and of order 1:
 * log F0 at 2 units per octave around 150 Hz (0 when unvoiced), voicing mapped to [-1, 1], and
 * the frame energy relative to the utterance's median in units of 10 dB, clipped to [-3, 3].
 */
export function prosodyChannels(sf: SourceFilter): Mat {
  const out = new Float64Array(sf.frames * PROSODY_CHANNELS);
  const sortedE = Array.from(sf.energy).sort((a, b) => a - b);
  const medE = sortedE[sortedE.length >> 1] ?? 0;
  for (let f = 0; f < sf.frames; f++) {
    const f0 = sf.f0[f]!;
    out[f * PROSODY_CHANNELS] = f0 > 0 ? 2 * Math.log2(f0 / 150) : 0;
    out[f * PROSODY_CHANNELS + 1] = 2 * sf.voicing[f]! - 1;
    out[f * PROSODY_CHANNELS + 2] = Math.max(-3, Math.min(3, (sf.energy[f]! - medE) / 10));
  }
  return { data: out, rows: sf.frames, cols: PROSODY_CHANNELS };
}

/** Channels side by side: frames x (sum of cols); every part has the same rows. */
export function concatChannels(parts: readonly Mat[]): Mat {
  const rows = parts[0]!.rows;
  const cols = parts.reduce((s, p) => s + p.cols, 0);
  const out = new Float64Array(rows * cols);
  for (let f = 0; f < rows; f++) {
    let off = f * cols;
    for (const p of parts) {
      out.set(p.data.subarray(f * p.cols, (f + 1) * p.cols), off);
      off += p.cols;
    }
  }
  return { data: out, rows, cols };
}

/** The channels of one stream of a decomposed utterance (frames x channels). */
export function streamChannels(sf: SourceFilter, stream: Stream, options: ChannelOptions = {}): Mat {
  const bands = stream === 'excitation' ? sf.excitationBands : sf.tractBands;
  if (stream === 'tract' || !(options.prosody ?? true)) return bands;
  return concatChannels([bands, prosodyChannels(sf)]);
}

/** Number of channels of a stream with `bands` bands under `options`. */
export function streamChannelCount(stream: Stream, bands: number, options: ChannelOptions = {}): number {
  return bands + (stream === 'excitation' && (options.prosody ?? true) ? PROSODY_CHANNELS : 0);
}

/** Options of {@link frontEndChannels}: where the audio goes (rate, trim), how it is analysed, and which channels come out. */
export interface FrontEndOptions extends ChannelOptions {
  /** Analysis sampling rate, in hertz; default 16000. */
  readonly rate?: number;
  /** Trim leading/trailing silence (see `prepareAudio`); default true. */
  readonly trim?: boolean | TrimOptions;
  /** LPC order; default 16. */
  readonly lpcOrder?: number;
  /** Bands of each stream; default 32. */
  readonly bands?: number;
  /** Band scale; default 'mel'. */
  readonly scale?: 'mel' | 'bark';
  /** Normalization of the log band energies; default 'utterance'. */
  readonly normalization?: BandNormalization;
}

/** The channels of both streams of one utterance. */
export interface FrontEndChannels {
  /** Excitation channels, frames x channels. */
  readonly excitation: Mat;
  /** Vocal-tract channels, frames x channels. */
  readonly tract: Mat;
  /** Frames per second, in hertz. */
  readonly frameRate: number;
}

/**
 * The front end of one utterance, from a WAV path or in-memory audio to the channels of both
 * streams: {@link prepareAudio}, {@link decompose}, {@link streamChannels}.
 */
export function frontEndChannels(input: string | Audio, options: FrontEndOptions = {}): FrontEndChannels {
  const rate = options.rate ?? 16000;
  const sf = decompose(prepareAudio(input, { rate, trim: options.trim ?? true }), {
    rate,
    ...(options.lpcOrder !== undefined ? { lpcOrder: options.lpcOrder } : {}),
    ...(options.bands !== undefined ? { bands: options.bands } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
    ...(options.normalization !== undefined ? { normalization: options.normalization } : {}),
  });
  return { excitation: streamChannels(sf, 'excitation', options), tract: streamChannels(sf, 'tract', options), frameRate: sf.frameRate };
}
