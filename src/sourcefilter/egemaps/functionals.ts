/**
 * The 88 eGeMAPS v02 functionals of an utterance (Eyben et al. 2016), from its LLDs: F0
 * (semitones) and loudness with mean, coefficient of variation, 20/50/80th percentiles, the
 * 20-80 range and the mean and standard deviation of rising and falling slopes; mean and CV of
 * spectral flux and MFCC 1-4 over all frames; mean and CV of the source and formant LLDs over
 * voiced frames; mean and CV of the spectral-balance LLDs, flux and MFCCs over voiced frames
 * and their means over unvoiced frames; the rate of loudness peaks, the rate and length
 * statistics of voiced and unvoiced segments; the equivalent sound level.
 *
 * @module
 */
import { EGEMAPS_LLD_COUNT, EGEMAPS_LLD_NAMES, type EgemapsLlds } from './lld.js';
import { smooth3 } from './smoothing.js';
import { meanAndCv, peakSlopes, percentile, runLengths } from './contour-stats.js';

const MEAN_CV = ['amean', 'stddevNorm'];
const CONTOUR = [
  'amean',
  'stddevNorm',
  'percentile20.0',
  'percentile50.0',
  'percentile80.0',
  'pctlrange0-2',
  'meanRisingSlope',
  'stddevRisingSlope',
  'meanFallingSlope',
  'stddevFallingSlope',
];
/** LLD columns (see EGEMAPS_LLD_NAMES) of the voiced-only set, in functional order: jitter to F3 amplitude. */
const VOICED_COLS = Array.from({ length: 14 }, (_, i) => EGEMAPS_LLD_NAMES.indexOf('jitterLocal') + i);
const VOICED_LLDS = VOICED_COLS.map((c) => EGEMAPS_LLD_NAMES[c]!);
/** Formant amplitude columns: kept in unvoiced frames (where they hold -201 dB, as openSMILE averages them). */
const AMPLITUDE_COLS = new Set([18, 21, 24]);
/** LLD columns of the spectral set summarized over voiced frames (alpha, Hammarberg, slopes, flux, MFCC 1-4). */
const SPECTRAL_V_COLS = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const SPECTRAL_V = ['alphaRatioV', 'hammarbergIndexV', 'slopeV0-500', 'slopeV500-1500', 'spectralFluxV', 'mfcc1V', 'mfcc2V', 'mfcc3V', 'mfcc4V'];
const SPECTRAL_UV = ['alphaRatioUV', 'hammarbergIndexUV', 'slopeUV0-500', 'slopeUV500-1500', 'spectralFluxUV'];

/** Names of the 88 functionals, in openSMILE's eGeMAPS v02 order. */
export const EGEMAPS_FUNCTIONAL_NAMES: readonly string[] = Object.freeze([
  ...CONTOUR.map((s) => `F0semitoneFrom27.5Hz_sma3nz_${s}`),
  ...CONTOUR.map((s) => `loudness_sma3_${s}`),
  ...['spectralFlux', 'mfcc1', 'mfcc2', 'mfcc3', 'mfcc4'].flatMap((n) => MEAN_CV.map((s) => `${n}_sma3_${s}`)),
  ...VOICED_LLDS.flatMap((n) => MEAN_CV.map((s) => `${n}_sma3nz_${s}`)),
  ...SPECTRAL_V.flatMap((n) => MEAN_CV.map((s) => `${n}_sma3nz_${s}`)),
  ...SPECTRAL_UV.map((n) => `${n}_sma3nz_amean`),
  'loudnessPeaksPerSec',
  'VoicedSegmentsPerSec',
  'MeanVoicedSegmentLengthSec',
  'StddevVoicedSegmentLengthSec',
  'MeanUnvoicedSegmentLength',
  'StddevUnvoicedSegmentLength',
  'equivalentSoundLevel_dBp',
]);

/** Number of eGeMAPS v02 functionals (88). */
export const EGEMAPS_FUNCTIONAL_COUNT = 88;

/** Nominal frame period used for rates and segment lengths, in seconds. */
const FRAME_PERIOD = 0.01;

/** Column `c` of the frames x 25 matrix `m` where `keep[f]`, zero elsewhere, 3-frame smoothed over non-zero values. */
function gatedSmoothed(m: Float64Array, frames: number, c: number, keep: (f: number) => boolean): Float64Array {
  const v = new Float64Array(frames);
  for (let f = 0; f < frames; f++) v[f] = keep(f) ? m[f * EGEMAPS_LLD_COUNT + c]! : 0;
  smooth3(v, frames, 1, 0, true);
  return v;
}

function nonZero(v: Float64Array): Float64Array {
  return v.filter((x) => x !== 0);
}

function contourFunctionals(v: Float64Array, out: number[]): void {
  const [m, cv] = meanAndCv(v);
  const sorted = Float64Array.from(v).sort();
  const p20 = percentile(sorted, 0.2);
  const p50 = percentile(sorted, 0.5);
  const p80 = percentile(sorted, 0.8);
  const ps = peakSlopes(v, FRAME_PERIOD);
  const [rm, rcv] = meanAndCv(ps.rising);
  const [fm, fcv] = meanAndCv(ps.falling);
  out.push(m, cv, p20, p50, p80, p80 - p20, rm, Math.abs(rcv * rm), fm, Math.abs(fcv * fm));
}

/**
 * The 88 functionals of one utterance's LLDs, as {@link EGEMAPS_FUNCTIONAL_NAMES}. Units: F0
 * in semitones re 27.5 Hz (slopes per second), loudness as the LLD, rates per second, segment
 * lengths in seconds, equivalent sound level in dB re full scale; CVs dimensionless.
 */
export function egemapsFunctionals(llds: EgemapsLlds): Float64Array {
  const { frames, raw, f0 } = llds;
  const C = EGEMAPS_LLD_COUNT;
  const voiced = (f: number) => f0[f]! > 0;
  const out: number[] = [];
  const f0s = gatedSmoothed(raw, frames, 10, voiced);
  contourFunctionals(nonZero(f0s), out);
  const loud = new Float64Array(frames);
  for (let f = 0; f < frames; f++) loud[f] = raw[f * C]!;
  smooth3(loud, frames, 1, 0, false);
  contourFunctionals(loud, out);
  for (const c of [5, 6, 7, 8, 9]) {
    const v = new Float64Array(frames);
    for (let f = 0; f < frames; f++) v[f] = raw[f * C + c]!;
    smooth3(v, frames, 1, 0, false);
    out.push(...meanAndCv(v));
  }
  for (const c of VOICED_COLS) out.push(...meanAndCv(nonZero(gatedSmoothed(raw, frames, c, (f) => voiced(f) || AMPLITUDE_COLS.has(c)))));
  for (const c of SPECTRAL_V_COLS) out.push(...meanAndCv(nonZero(gatedSmoothed(raw, frames, c, voiced))));
  for (const c of [1, 2, 3, 4, 5]) out.push(meanAndCv(nonZero(gatedSmoothed(raw, frames, c, (f) => !voiced(f))))[0]);
  const dur = frames * FRAME_PERIOD;
  out.push(peakSlopes(loud, FRAME_PERIOD).peaks / dur);
  const runs = runLengths(f0s);
  const [vm, vcv] = meanAndCv(runs.voiced);
  const [um, ucv] = meanAndCv(runs.unvoiced);
  out.push(runs.voiced.length / dur, vm * FRAME_PERIOD, Math.abs(vm * vcv) * FRAME_PERIOD, um * FRAME_PERIOD, Math.abs(um * ucv) * FRAME_PERIOD);
  let p = 0;
  for (let f = 0; f < frames; f++) p += llds.power[f]!;
  p /= frames;
  out.push(p > 0 ? 10 * Math.log10(p) : -200);
  return Float64Array.from(out);
}
