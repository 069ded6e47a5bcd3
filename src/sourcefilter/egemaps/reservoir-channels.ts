/**
 * eGeMAPS LLDs as reservoir input channels (frames x channels, dimensionless, of order 1): the
 * prosodic/source LLDs for the excitation stream, the formant/spectral LLDs for the vocal-tract
 * stream. Each smoothed LLD is centred and scaled by a fixed typical value and spread
 * ({@link EGEMAPS_CHANNEL_SCALES}, measured once over Emo-DB-2s without labels) and clipped to
 * [-4, 4], so that its absolute level (e.g. a high mean F0) still reaches the reservoir; voiced-
 * only LLDs are 0 (their typical value) in unvoiced frames, and the excitation stream carries a
 * voicing channel (+1 voiced, -1 unvoiced).
 *
 * @module
 */
import type { Mat } from '../../core/matrix.js';
import { EGEMAPS_LLD_COUNT, EGEMAPS_LLD_NAMES, EGEMAPS_VOICED_GROUP_START, UNDEFINED_AMPLITUDE_DB, smoothedLlds, type EgemapsLlds } from './lld.js';

/** LLDs given to the excitation (source) stream, in channel order; a voicing channel follows them. */
export const EGEMAPS_SOURCE_LLDS: readonly string[] = Object.freeze([
  'Loudness',
  'F0semitoneFrom27.5Hz',
  'jitterLocal',
  'shimmerLocaldB',
  'HNRdBACF',
  'logRelF0-H1-H2',
  'logRelF0-H1-A3',
]);
/** LLDs given to the vocal-tract stream, in channel order. */
export const EGEMAPS_TRACT_LLDS: readonly string[] = Object.freeze(EGEMAPS_LLD_NAMES.filter((n) => !EGEMAPS_SOURCE_LLDS.includes(n)));

/** Channels of each stream from eGeMAPS: excitation 7 LLDs + voicing, tract 18 LLDs. */
export const EGEMAPS_STREAM_CHANNELS = Object.freeze({ excitation: EGEMAPS_SOURCE_LLDS.length + 1, tract: EGEMAPS_TRACT_LLDS.length });

/**
 * Typical value and spread ([centre, scale], in each LLD's units) of the smoothed LLDs: mean
 * and standard deviation over the non-silent frames (voiced frames for the source/formant
 * group) of every fourth file of Emo-DB-2s (102 files, no labels), measured with this
 * implementation on 2026-12-05 (how: docs/features.md); the entries of the LLDs that round 13
 * changed (slopes, shimmer, H1-A3, F1-F3) re-measured by `bench/egemaps-agreement.ts --scales`
 * (non-silent: 20-ms mean square >= 1e-6).
 */
export const EGEMAPS_CHANNEL_SCALES: Readonly<Record<string, readonly [number, number]>> = Object.freeze({
  Loudness: [17.0, 12.5],
  alphaRatio: [-11.7, 12.5],
  hammarbergIndex: [21.1, 13.3],
  'slope0-500': [0.0105, 0.0629],
  'slope500-1500': [-0.0105, 0.0162],
  spectralFlux: [0.82, 0.74],
  mfcc1: [15.9, 18.4],
  mfcc2: [4.89, 18.1],
  mfcc3: [12.4, 17.3],
  mfcc4: [-4.68, 17.6],
  'F0semitoneFrom27.5Hz': [33.3, 7.31],
  jitterLocal: [0.0226, 0.0231],
  shimmerLocaldB: [1.02, 1.02],
  HNRdBACF: [6.42, 4.19],
  'logRelF0-H1-H2': [4.84, 8.79],
  'logRelF0-H1-A3': [31.0, 13.5],
  F1frequency: [582, 270],
  F1bandwidth: [1150, 293],
  F1amplitudeLogRelF0: [-5.04, 19.4],
  F2frequency: [1620, 309],
  F2bandwidth: [865, 383],
  F2amplitudeLogRelF0: [-26.4, 22.2],
  F3frequency: [2670, 284],
  F3bandwidth: [782, 401],
  F3amplitudeLogRelF0: [-32.0, 21.0],
});

/** Largest |channel value| after scaling. */
const CLIP = 4;

/**
 * The eGeMAPS channels of one stream, `rows` frames: row f takes eGeMAPS frame f - `lag`
 * (clamped to the available frames), so that the caller can align frame centres.
 */
export function egemapsStreamChannels(llds: EgemapsLlds, stream: 'excitation' | 'tract', rows: number, lag = 0): Mat {
  const names = stream === 'excitation' ? EGEMAPS_SOURCE_LLDS : EGEMAPS_TRACT_LLDS;
  const cols = EGEMAPS_STREAM_CHANNELS[stream];
  const s = smoothedLlds(llds);
  const C = EGEMAPS_LLD_COUNT;
  const idx = names.map((n) => EGEMAPS_LLD_NAMES.indexOf(n));
  const out = new Float64Array(rows * cols);
  for (let f = 0; f < rows; f++) {
    const g = Math.max(0, Math.min(llds.frames - 1, f - lag));
    const voiced = llds.f0[g]! > 0;
    idx.forEach((c, j) => {
      const v = s[g * C + c]!;
      const gated = c >= EGEMAPS_VOICED_GROUP_START && !names[j]!.includes('frequency') && !names[j]!.includes('bandwidth');
      if ((gated && !voiced) || v === UNDEFINED_AMPLITUDE_DB) return;
      const [centre, scale] = EGEMAPS_CHANNEL_SCALES[names[j]!]!;
      out[f * cols + j] = Math.max(-CLIP, Math.min(CLIP, (v - centre) / scale));
    });
    if (stream === 'excitation') out[f * cols + cols - 1] = voiced ? 1 : -1;
  }
  return { data: out, rows, cols };
}
