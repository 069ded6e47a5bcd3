/**
 * The front end's output channels: what each stream of the source-filter model (the excitation
 * and the vocal tract) offers a listener downstream, frames x channels. The excitation stream is
 * its band energies plus, optionally, three prosody channels (log F0, voicing, energy); the
 * tract stream is its band energies. Either may append ON/OFF change channels (half-wave
 * rectified frame-to-frame differences of its band energies), and every channel may be
 * z-scored (per utterance here, or per speaker with {@link channelMoments} over the speaker's
 * utterances) before it drives anything.
 *
 * Channel order: bands, [prosody (excitation)], [ON of every band, OFF of every band],
 * [eGeMAPS LLDs ('append')]; with `egemaps: 'only'` just the eGeMAPS LLD channels.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import type { Audio } from './audio.js';
import { decompose, type SourceFilter } from './decompose.js';
import { prepareAudio } from './load.js';
import type { TrimOptions } from './trim.js';
import type { BandNormalization } from './options.js';
import { egemapsLlds } from './egemaps/lld.js';
import { EGEMAPS_STREAM_CHANNELS, egemapsStreamChannels } from './egemaps/reservoir-channels.js';

/**
 * How eGeMAPS LLDs drive the streams: not at all ('off'), instead of the band energies and
 * prosody ('only'), or after every other channel of the stream ('append'). The excitation stream
 * gets the prosodic/source LLDs (loudness, F0, jitter, shimmer, HNR, H1-H2, H1-A3, voicing), the
 * tract stream the formant/spectral ones (see `egemapsStreamChannels`).
 */
export type EgemapsInput = 'off' | 'only' | 'append';

/** The two streams of the source-filter model. */
export type Stream = 'excitation' | 'tract';
/** Streams in block order. */
export const STREAMS: readonly Stream[] = ['excitation', 'tract'];

/** Number of prosody channels added to the excitation stream (log F0, voicing, energy). */
export const PROSODY_CHANNELS = 3;

/** How channels are z-scored before injection: not at all, over each utterance, or over each speaker's utterances (no labels used). */
export type ChannelNormalization = 'none' | 'utterance' | 'speaker';

/** Options of {@link streamChannels}. */
export interface ChannelOptions {
  /** Append the prosody channels to the excitation stream; default true. */
  readonly prosody?: boolean;
  /** Append ON/OFF change channels of the band energies (2 x bands channels); default false. */
  readonly onOff?: boolean;
  /** eGeMAPS LLD channels (see {@link EgemapsInput}); default 'off'. */
  readonly egemaps?: EgemapsInput;
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

/**
 * ON/OFF change channels of `m` (frames x channels): frames x (2 x channels), first the ON
 * channels max(0, x[f] - x[f-1]), then the OFF channels max(0, x[f-1] - x[f]), per channel;
 * both are 0 at frame 0. ON - OFF is the temporal difference; ON + OFF its magnitude.
 */
export function onOffChannels(m: Mat): Mat {
  const c = m.cols;
  const out = new Float64Array(m.rows * 2 * c);
  for (let f = 1; f < m.rows; f++) {
    for (let b = 0; b < c; b++) {
      const d = m.data[f * c + b]! - m.data[(f - 1) * c + b]!;
      if (d > 0) out[f * 2 * c + b] = d;
      else if (d < 0) out[f * 2 * c + c + b] = -d;
    }
  }
  return { data: out, rows: m.rows, cols: 2 * c };
}

/** The channels of one stream of a decomposed utterance (frames x channels). */
export function streamChannels(sf: SourceFilter, stream: Stream, options: ChannelOptions = {}): Mat {
  const bands = stream === 'excitation' ? sf.excitationBands : sf.tractBands;
  const parts = [bands];
  if (stream === 'excitation' && (options.prosody ?? true)) parts.push(prosodyChannels(sf));
  if (options.onOff ?? false) parts.push(onOffChannels(bands));
  return parts.length === 1 ? bands : concatChannels(parts);
}

/** Number of channels of a stream with `bands` bands under `options`. */
export function streamChannelCount(stream: Stream, bands: number, options: ChannelOptions = {}): number {
  const eg = options.egemaps ?? 'off';
  if (eg === 'only') return EGEMAPS_STREAM_CHANNELS[stream];
  return (
    bands +
    (stream === 'excitation' && (options.prosody ?? true) ? PROSODY_CHANNELS : 0) +
    ((options.onOff ?? false) ? 2 * bands : 0) +
    (eg === 'append' ? EGEMAPS_STREAM_CHANNELS[stream] : 0)
  );
}

/**
 * Frame lag of the eGeMAPS channels behind the source-filter frames: eGeMAPS frame k's 20-ms
 * window is centred at (k + 1) hops, source-filter frame f at (f + 1/2) hops.
 */
const EGEMAPS_LAG = 1;

function checkEgemaps(v: unknown): EgemapsInput {
  if (v === undefined) return 'off';
  if (v !== 'off' && v !== 'only' && v !== 'append') throw new RangeError(`egemaps: must be 'off' | 'only' | 'append', got ${JSON.stringify(v)}`);
  return v;
}

/** Per-channel mean and standard deviation (population), over the frames of one or more channel matrices. */
export interface ChannelMoments {
  readonly mean: Float64Array;
  readonly std: Float64Array;
  /** Frames the moments were taken over. */
  readonly frames: number;
}

/** Per-channel mean and standard deviation over every frame of `mats` (all with the same columns). */
export function channelMoments(mats: readonly Mat[]): ChannelMoments {
  if (mats.length === 0) throw new RangeError('channelMoments: no channel matrices');
  const c = mats[0]!.cols;
  const mean = new Float64Array(c);
  const std = new Float64Array(c);
  let frames = 0;
  for (const m of mats) {
    if (m.cols !== c) throw new RangeError(`channelMoments: matrices of ${c} and ${m.cols} channels`);
    for (let f = 0; f < m.rows; f++) for (let b = 0; b < c; b++) mean[b]! += m.data[f * c + b]!;
    frames += m.rows;
  }
  if (frames === 0) throw new RangeError('channelMoments: no frames');
  for (let b = 0; b < c; b++) mean[b]! /= frames;
  for (const m of mats) {
    for (let f = 0; f < m.rows; f++) {
      for (let b = 0; b < c; b++) {
        const d = m.data[f * c + b]! - mean[b]!;
        std[b]! += d * d;
      }
    }
  }
  for (let b = 0; b < c; b++) std[b] = Math.sqrt(std[b]! / frames);
  return { mean, std, frames };
}

/**
 * `m` z-scored per channel with `moments`: (x - mean) / std; a channel whose std is below
 * 1e-12 (constant, e.g. F0 of an unvoiced stretch) is only centred.
 */
export function normalizeChannels(m: Mat, moments: ChannelMoments): Mat {
  const c = m.cols;
  if (moments.mean.length !== c) throw new RangeError(`normalizeChannels: moments of ${moments.mean.length} channels for a ${c}-channel matrix`);
  const out = new Float64Array(m.data.length);
  const inv = Float64Array.from(moments.std, (s) => (s > 1e-12 ? 1 / s : 1));
  for (let f = 0; f < m.rows; f++) for (let b = 0; b < c; b++) out[f * c + b] = (m.data[f * c + b]! - moments.mean[b]!) * inv[b]!;
  return { data: out, rows: m.rows, cols: c };
}

/** Options of {@link frontEndChannels}: where the audio goes (rate, trim), how it is analysed, and which channels come out. */
export interface FrontEndOptions extends ChannelOptions {
  /** z-score every channel over this utterance ('utterance'); default 'none'. ('speaker' needs several utterances: see {@link channelMoments}.) */
  readonly channelNormalization?: 'none' | 'utterance';
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
 * streams: {@link prepareAudio}, {@link decompose}, {@link streamChannels}, and with
 * `options.egemaps` the eGeMAPS LLD channels of the same prepared audio.
 */
export function frontEndChannels(input: string | Audio, options: FrontEndOptions = {}): FrontEndChannels {
  const rate = options.rate ?? 16000;
  const audio = prepareAudio(input, { rate, trim: options.trim ?? true });
  const sf = decompose(audio, {
    rate,
    ...(options.lpcOrder !== undefined ? { lpcOrder: options.lpcOrder } : {}),
    ...(options.bands !== undefined ? { bands: options.bands } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
    ...(options.normalization !== undefined ? { normalization: options.normalization } : {}),
  });
  const per = (m: Mat) => (options.channelNormalization === 'utterance' ? normalizeChannels(m, channelMoments([m])) : m);
  const eg = checkEgemaps(options.egemaps);
  if (eg === 'off')
    return { excitation: per(streamChannels(sf, 'excitation', options)), tract: per(streamChannels(sf, 'tract', options)), frameRate: sf.frameRate };
  const llds = egemapsLlds(audio);
  const stream = (st: Stream): Mat => {
    const e = egemapsStreamChannels(llds, st, sf.frames, EGEMAPS_LAG);
    return eg === 'only' ? e : concatChannels([streamChannels(sf, st, options), e]);
  };
  return { excitation: per(stream('excitation')), tract: per(stream('tract')), frameRate: sf.frameRate };
}
