/**
 * The 25 low-level descriptors (LLDs) of eGeMAPS v02 (Eyben et al. 2016), frame by frame:
 * 10-ms hop; spectral descriptors from 20-ms Hamming frames, F0, harmonics and HNR from 60-ms
 * Gaussian frames (sigma 0.4). Frame k starts at sample k x hop (hop = round(0.01 x rate)).
 *
 * @module
 */
import type { Audio } from '../audio.js';
import { AudioError } from '../../core/errors.js';
import { makeFilterBank } from '../melbank.js';
import { frameSpectra, makeWindow } from './spectrum.js';
import { shsPitch, type ShsPitchOptions } from './pitch.js';
import { alphaRatio, hammarbergIndex, openSmileSpectralSlope, spectralFlux, spectralSlope } from './spectral-shape.js';
import { frameLoudness } from './loudness.js';
import { frameMfcc } from './mfcc.js';
import { lpcFormants, openSmileFormants, type FormantMethod, type FrameFormants } from './formants.js';
import { acfHnr, frameHarmonics } from './harmonics.js';
import { framePerturbation, trackedPerturbation } from './periods.js';
import { smooth3 } from './smoothing.js';

/** Names of the 25 LLDs, in openSMILE's eGeMAPS v02 LLD order (without the `_sma3`/`_sma3nz` suffix). */
export const EGEMAPS_LLD_NAMES: readonly string[] = Object.freeze([
  'Loudness',
  'alphaRatio',
  'hammarbergIndex',
  'slope0-500',
  'slope500-1500',
  'spectralFlux',
  'mfcc1',
  'mfcc2',
  'mfcc3',
  'mfcc4',
  'F0semitoneFrom27.5Hz',
  'jitterLocal',
  'shimmerLocaldB',
  'HNRdBACF',
  'logRelF0-H1-H2',
  'logRelF0-H1-A3',
  'F1frequency',
  'F1bandwidth',
  'F1amplitudeLogRelF0',
  'F2frequency',
  'F2bandwidth',
  'F2amplitudeLogRelF0',
  'F3frequency',
  'F3bandwidth',
  'F3amplitudeLogRelF0',
]);

/**
 * Revision of the eGeMAPS LLD computation, part of the feature cache key of configs that use
 * `frontEnd.egemaps`: bump it when a change alters the LLDs. 1: round 12; 2: openSMILE's
 * formant LPC input and root convention, its spectral-slope band weighting, shimmer in dB as
 * 20 log10(1 + S).
 */
export const EGEMAPS_REVISION = 2;

/** Number of eGeMAPS LLDs (25). */
export const EGEMAPS_LLD_COUNT = 25;
/** Column of the first LLD that is defined on voiced frames only (F0 semitone; the rest of the source/formant group follows). */
export const EGEMAPS_VOICED_GROUP_START = 10;
/**
 * Value of the formant amplitudes (`F1..3amplitudeLogRelF0`) in unvoiced frames, in dB: openSMILE
 * writes -201 there ("undefined") and its functionals average it in; kept for agreement.
 */
export const UNDEFINED_AMPLITUDE_DB = -201;

/** Options of {@link egemapsLlds}. */
export interface EgemapsLldOptions {
  /** Pitch options (SHS range, voicing threshold). */
  readonly pitch?: ShsPitchOptions;
  /**
   * Root convention of the formant polynomial (default `'opensmile'`, as openSMILE's eGeMAPS;
   * `'lpc'`: the LPC model's resonances; see `formants.ts`).
   */
  readonly formants?: FormantMethod;
  /**
   * Spectral slopes: `'opensmile'` (default; openSMILE's fractional band-edge weighting, see
   * `openSmileSpectralSlope`) or `'lsq'` (the least-squares slope over the bins in the band).
   */
  readonly slopes?: 'opensmile' | 'lsq';
  /**
   * Jitter and shimmer: `'frame'` (default; the periods of each 60-ms frame on their own,
   * `framePerturbation`) or `'tracked'` (one chain of periods through the utterance, each 10-ms
   * frame getting the periods found since the previous one, `trackedPerturbation`; closer to
   * openSMILE's frame values, docs/features.md).
   */
  readonly perturbation?: 'frame' | 'tracked';
}

/** The LLDs of one utterance. */
export interface EgemapsLlds {
  /** Frames (10-ms hop). */
  readonly frames: number;
  /** Hop between frames, in seconds (round(0.01 x rate) samples). */
  readonly hopSeconds: number;
  /**
   * Unsmoothed LLDs, frames x 25, row-major, columns as {@link EGEMAPS_LLD_NAMES}. Units:
   * loudness (sone-like), alpha ratio / Hammarberg / H1-H2 / H1-A3 / amplitudes / HNR / shimmer
   * in dB, slopes in dB/Hz, F0 in semitones re 27.5 Hz, jitter dimensionless, formants and
   * bandwidths in hertz. Source/harmonic columns are 0 in unvoiced frames (amplitudes
   * {@link UNDEFINED_AMPLITUDE_DB}); formant frequencies and bandwidths are given in every frame.
   */
  readonly raw: Float64Array;
  /** F0 in hertz per frame, 0 where unvoiced (before smoothing). */
  readonly f0: Float64Array;
  /** Mean square of each unwindowed 20-ms frame (full scale 1), for the equivalent sound level. */
  readonly power: Float64Array;
}

/** Frame count for `n` samples: frames whose 60-ms window fits, plus one (as openSMILE counts). */
export function egemapsFrameCount(n: number, sampleRate: number): number {
  const hop = Math.round(0.01 * sampleRate);
  const l60 = Math.round(0.06 * sampleRate);
  return n < l60 ? 1 : Math.floor((n - l60) / hop) + 2;
}

/**
 * The 25 eGeMAPS LLDs of `audio` (see {@link EgemapsLlds}). Throws an AudioError naming the
 * source for empty audio, a non-finite sample or a rate below 8 kHz.
 */
export function egemapsLlds(audio: Audio, options: EgemapsLldOptions = {}): EgemapsLlds {
  const x = audio.samples;
  const sr = audio.sampleRate;
  if (x.length === 0) throw new AudioError(audio.source, 'eGeMAPS: empty audio');
  if (!(sr >= 8000)) throw new AudioError(audio.source, `eGeMAPS: sampling rate must be >= 8000 Hz, got ${sr}`);
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) throw new AudioError(audio.source, `eGeMAPS: sample ${i} is not finite (${x[i]})`);
  const hop = Math.round(0.01 * sr);
  const frames = egemapsFrameCount(x.length, sr);
  const l20 = Math.round(0.02 * sr);
  const l60 = Math.round(0.06 * sr);
  const s20 = frameSpectra(x, sr, hop, frames, l20, 'hamming');
  const s60 = frameSpectra(x, sr, hop, frames, l60, 'gauss');
  const g60 = makeWindow('gauss', l60);
  const h20 = makeWindow('hamming', l20);
  const xh = new Float64Array(l20);
  const formantMethod = options.formants ?? 'opensmile';
  const lsqSlopes = options.slopes === 'lsq';
  const slope = lsqSlopes ? spectralSlope : openSmileSpectralSlope;
  const xw = new Float64Array(l60);
  const windowed = (f: number): Float64Array => {
    const s = f * hop;
    for (let i = 0; i < l60; i++) xw[i] = s + i < x.length ? x[s + i]! * g60[i]! : 0;
    return xw;
  };
  const pitch = shsPitch(s60, sr, windowed, options.pitch);
  const tracked = options.perturbation === 'tracked' ? trackedPerturbation(x, sr, pitch.f0, hop) : null;
  const fMax = Math.min(8000, sr / 2);
  const fb = makeFilterBank(26, s20.nfft, sr, 20, fMax, 'mel');
  const C = EGEMAPS_LLD_COUNT;
  const raw = new Float64Array(frames * C);
  const power = new Float64Array(frames);
  const pw = new Float64Array(s20.bins);
  const prevMag = new Float64Array(s20.bins);
  const scratch = new Float64Array(26);
  const mf = new Float64Array(4);
  for (let f = 0; f < frames; f++) {
    const o = f * C;
    const mag = s20.mag.subarray(f * s20.bins, (f + 1) * s20.bins);
    for (let k = 0; k < s20.bins; k++) pw[k] = mag[k]! * mag[k]!;
    let e = 0;
    const s = f * hop;
    for (let i = s; i < Math.min(x.length, s + l20); i++) e += x[i]! * x[i]!;
    power[f] = e / l20;
    raw[o] = frameLoudness(pw, fb, scratch);
    raw[o + 1] = alphaRatio(pw, s20.binHz);
    raw[o + 2] = hammarbergIndex(pw, s20.binHz);
    // (openSMILE's slope of a silent frame is not 0: the floor of its log spectrum has one)
    raw[o + 3] = e > 0 || !lsqSlopes ? slope(pw, s20.binHz, 0, 500) : 0;
    raw[o + 4] = e > 0 || !lsqSlopes ? slope(pw, s20.binHz, 500, 1500) : 0;
    raw[o + 5] = f > 0 ? spectralFlux(mag, prevMag, s20.binHz) : 0;
    prevMag.set(mag);
    frameMfcc(pw, fb, 4, scratch, mf);
    raw.set(mf, o + 6);
    let fm: FrameFormants;
    if (formantMethod === 'lpc') fm = lpcFormants(pw, s20.binHz);
    else {
      for (let i = 0; i < l20; i++) xh[i] = s + i < x.length ? x[s + i]! * h20[i]! : 0;
      fm = openSmileFormants(xh, sr);
    }
    for (let i = 0; i < 3; i++) {
      raw[o + 16 + 3 * i] = fm.freq[i]!;
      raw[o + 17 + 3 * i] = fm.bw[i]!;
      raw[o + 18 + 3 * i] = UNDEFINED_AMPLITUDE_DB;
    }
    const f0 = pitch.f0[f]!;
    if (!(f0 > 0)) continue;
    raw[o + 10] = 12 * Math.log2(f0 / 27.5);
    if (tracked) {
      raw[o + 11] = tracked.jitter[f]!;
      raw[o + 12] = tracked.shimmerDb[f]!;
    } else {
      const pp = framePerturbation(x, sr, s, l60, f0);
      raw[o + 11] = pp.jitter;
      raw[o + 12] = pp.shimmerDb;
    }
    raw[o + 13] = acfHnr(windowed(f), sr, f0);
    const m60 = s60.mag.subarray(f * s60.bins, (f + 1) * s60.bins);
    const h = frameHarmonics(m60, s60.binHz, f0, fm.freq, fm.bw);
    raw[o + 14] = h.h1h2;
    raw[o + 15] = h.h1a3;
    for (let i = 0; i < 3; i++) raw[o + 18 + 3 * i] = h.formantAmp[i]!;
  }
  return { frames, hopSeconds: hop / sr, raw, f0: pitch.f0, power };
}

/**
 * The smoothed LLD contours as openSMILE's eGeMAPS LLD output gives them: columns 0-9 `_sma3`
 * (3-frame moving average), columns 10-24 `_sma3nz` (moving average over non-zero values).
 */
export function smoothedLlds(llds: EgemapsLlds): Float64Array {
  const out = llds.raw.slice();
  for (let c = 0; c < EGEMAPS_LLD_COUNT; c++) smooth3(out, llds.frames, EGEMAPS_LLD_COUNT, c, c >= EGEMAPS_VOICED_GROUP_START);
  return out;
}
