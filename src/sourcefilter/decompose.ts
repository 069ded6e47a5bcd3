/**
 * The source-filter decomposition: pre-emphasis, frame-wise autocorrelation LPC, the
 * excitation (prediction residual by sample-wise inverse filtering with per-frame
 * coefficients and carried filter memory), the vocal-tract envelope G/|A(e^jw)|, and the
 * perceptual band representations of both, plus F0, voicing and energy.
 *
 * Framing: frame f is centred on hop segment f = samples [f*hop, (f+1)*hop); its window
 * starts at f*hop - floor((win - hop)/2) (zero padded at the edges). The coefficients of
 * frame f filter the samples of hop segment f.
 *
 * @module
 */
import FFT from 'fft.js';
import type { Mat } from '../core/matrix.js';
import { audioPeak, type Audio } from './audio.js';
import { estimateF0 } from './f0.js';
import { autocorrelation, lagWindow, levinson } from './lpc.js';
import { applyFilterBank, makeFilterBank, type FilterBank } from './melbank.js';
import { resolveSourceFilterOptions, type ResolvedSourceFilterOptions, type SourceFilterOptions } from './options.js';
import { atRate, checkSampleRate } from './load.js';

/** The result of {@link decompose}; every `Mat` has one row per frame. */
export interface SourceFilter {
  /** Analysis sampling rate, in hertz. */
  readonly sampleRate: number;
  /** Frames per second (1 / hop). */
  readonly frameRate: number;
  /** Hop, in samples. */
  readonly hopSamples: number;
  /** Number of frames. */
  readonly frames: number;
  /** The resolved options used. */
  readonly options: ResolvedSourceFilterOptions;
  /** The pre-emphasized input at the analysis rate. */
  readonly preEmphasized: Float64Array;
  /** The excitation (prediction residual), same length as `preEmphasized`. */
  readonly excitation: Float64Array;
  /** LPC polynomials per frame: frames x (order + 1), first column 1. */
  readonly lpc: Mat;
  /** Reflection coefficients per frame: frames x order. */
  readonly reflection: Mat;
  /** Per-frame gain G (root of the per-sample prediction error power). */
  readonly gain: Float64Array;
  /** Log band energies of the excitation: frames x bands (normalized per `options.normalization`). */
  readonly excitationBands: Mat;
  /** Log band energies of the vocal-tract envelope |G/A|^2: frames x bands (normalized likewise). */
  readonly tractBands: Mat;
  /** F0 per frame in hertz (0 = unvoiced); all zeros when `pitch` is off. */
  readonly f0: Float64Array;
  /** Voicing strength per frame in [0, 1]. */
  readonly voicing: Float64Array;
  /** Frame energy of the pre-emphasized signal, in dB (full scale power = 0 dB). */
  readonly energy: Float64Array;
}

interface Plan {
  readonly win: number;
  readonly hop: number;
  readonly nfft: number;
  readonly window: Float64Array;
  readonly winPower: number;
  readonly lag: Float64Array;
  readonly fft: FFT;
  readonly bank: FilterBank;
}

const plans = new Map<string, Plan>();

function getPlan(o: ResolvedSourceFilterOptions): Plan {
  const key = JSON.stringify([o.rate, o.frameLength, o.hop, o.lpcOrder, o.lagWindowHz, o.bands, o.scale, o.fMin, o.fMax]);
  let p = plans.get(key);
  if (p) return p;
  const win = Math.round(o.frameLength * o.rate);
  const hop = Math.round(o.hop * o.rate);
  let nfft = 16;
  while (nfft < win) nfft *= 2;
  const window = new Float64Array(win);
  let winPower = 0;
  for (let i = 0; i < win; i++) {
    window[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (win - 1));
    winPower += window[i]! * window[i]!;
  }
  p = {
    win,
    hop,
    nfft,
    window,
    winPower,
    lag: lagWindow(o.lpcOrder, o.lagWindowHz, o.rate),
    fft: new FFT(nfft),
    bank: makeFilterBank(o.bands, nfft, o.rate, o.fMin, o.fMax, o.scale),
  };
  plans.set(key, p);
  return p;
}

/** Pre-emphasis y[n] = x[n] - alpha x[n-1] (x[-1] = 0). */
export function preEmphasize(x: Float64Array, alpha: number): Float64Array {
  const y = new Float64Array(x.length);
  let prev = 0;
  for (let n = 0; n < x.length; n++) {
    const v = x[n]!;
    y[n] = v - alpha * prev;
    prev = v;
  }
  return y;
}

/** Inverse of {@link preEmphasize}: x[n] = y[n] + alpha x[n-1]. */
export function deemphasize(y: Float64Array, alpha: number): Float64Array {
  const x = new Float64Array(y.length);
  let prev = 0;
  for (let n = 0; n < y.length; n++) {
    prev = y[n]! + alpha * prev;
    x[n] = prev;
  }
  return x;
}

function normalizeBands(m: Float64Array, rows: number, cols: number, mode: ResolvedSourceFilterOptions['normalization']): void {
  if (mode === 'none' || m.length === 0) return;
  if (mode === 'utterance') {
    let s = 0;
    for (let i = 0; i < m.length; i++) s += m[i]!;
    const mean = s / m.length;
    let v = 0;
    for (let i = 0; i < m.length; i++) v += (m[i]! - mean) ** 2;
    const std = Math.sqrt(v / m.length);
    const inv = std > 1e-12 ? 1 / std : 1;
    for (let i = 0; i < m.length; i++) m[i] = (m[i]! - mean) * inv;
    return;
  }
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += m[r * cols + c]!;
    const mean = s / rows;
    let v = 0;
    for (let r = 0; r < rows; r++) v += (m[r * cols + c]! - mean) ** 2;
    const std = Math.sqrt(v / rows);
    const inv = std > 1e-12 ? 1 / std : 1;
    for (let r = 0; r < rows; r++) m[r * cols + c] = (m[r * cols + c]! - mean) * inv;
  }
}

/** What {@link lpcPass} computes per frame (row-major, one row per frame). */
interface LpcPassResult {
  /** LPC polynomials: frames x (order + 1). */
  readonly lpc: Float64Array;
  /** Reflection coefficients: frames x order. */
  readonly refl: Float64Array;
  /** Gain G per frame. */
  readonly gain: Float64Array;
  /** Frame energy, in dB. */
  readonly energy: Float64Array;
  /** The residual, one value per sample of `x`. */
  readonly exc: Float64Array;
}

/**
 * Copy the window of frame samples [s, s + win) of `src` (zero outside [0, src.length)) times
 * the analysis window into `out[0, win)`; returns the energy of the windowed frame.
 */
function windowFrame(src: Float64Array, s: number, P: Plan, out: Float64Array): number {
  const n = src.length;
  let e = 0;
  if (s >= 0 && s + P.win <= n) {
    for (let i = 0; i < P.win; i++) {
      const v = src[s + i]! * P.window[i]!;
      out[i] = v;
      e += v * v;
    }
  } else {
    for (let i = 0; i < P.win; i++) {
      const j = s + i;
      const v = j >= 0 && j < n ? src[j]! * P.window[i]! : 0;
      out[i] = v;
      e += v * v;
    }
  }
  return e;
}

/**
 * The residual of samples [h0, h1) of `x` through A(z) = sum a[q] z^-q (a[0] = 1), with the
 * filter memory taken from the signal itself (zero before the first sample), into `exc`.
 */
function inverseFilter(x: Float64Array, a: Float64Array, order: number, h0: number, h1: number, exc: Float64Array): void {
  let t = h0;
  for (; t < h1 && t < order; t++) {
    let acc = x[t]!;
    for (let q = 1; q <= t; q++) acc += a[q]! * x[t - q]!;
    exc[t] = acc;
  }
  for (; t < h1; t++) {
    // Two independent sums (addition latency), same terms as the plain loop.
    let acc0 = x[t]!;
    let acc1 = 0;
    let q = 1;
    for (; q < order; q += 2) {
      acc0 += a[q]! * x[t - q]!;
      acc1 += a[q + 1]! * x[t - q - 1]!;
    }
    if (q === order) acc0 += a[q]! * x[t - q]!;
    exc[t] = acc0 + acc1;
  }
}

/**
 * The LPC pass over the pre-emphasized signal `x`: per frame, the windowed frame's energy,
 * autocorrelation (lag-windowed, white-noise corrected), Levinson-Durbin polynomial, reflection
 * coefficients and gain, and the residual of the frame's hop segment.
 */
function lpcPass(x: Float64Array, o: ResolvedSourceFilterOptions, P: Plan, frames: number, lead: number): LpcPassResult {
  const n = x.length;
  const order = o.lpcOrder;
  const lpc = new Float64Array(frames * (order + 1));
  const refl = new Float64Array(frames * order);
  const gain = new Float64Array(frames);
  const energy = new Float64Array(frames);
  const exc = new Float64Array(n);
  const frame = new Float64Array(P.win);
  const r = new Float64Array(order + 1);
  const a = new Float64Array(order + 1);
  const k = new Float64Array(order);
  const invWp = 1 / P.winPower;
  for (let f = 0; f < frames; f++) {
    const e = windowFrame(x, f * P.hop - lead, P, frame);
    energy[f] = 10 * Math.log10(e * invWp + o.logFloor);
    autocorrelation(frame, P.win, order, r);
    for (let i = 0; i <= order; i++) r[i]! *= P.lag[i]!;
    r[0]! *= 1 + o.whiteNoise;
    const res = levinson(r, order, a, k);
    lpc.set(a, f * (order + 1));
    refl.set(k, f * order);
    gain[f] = Math.sqrt(res.error * invWp);
    // residual of hop segment f with filter memory from the signal itself
    const h0 = f * P.hop;
    inverseFilter(x, a, order, h0, Math.min(n, h0 + P.hop), exc);
  }
  return { lpc, refl, gain, energy, exc };
}

/**
 * The band pass: per frame, the filter-bank energies of the windowed excitation's power
 * spectrum and of the envelope G^2 / |A|^2; then their logs, normalized per
 * `o.normalization`. Returns frames x bands matrices (row-major).
 */
function bandPass(
  exc: Float64Array,
  lpc: Float64Array,
  gain: Float64Array,
  o: ResolvedSourceFilterOptions,
  P: Plan,
  frames: number,
  lead: number,
): { excBands: Float64Array; tractBands: Float64Array } {
  const order = o.lpcOrder;
  const nb = o.bands;
  const excBands = new Float64Array(frames * nb);
  const tractBands = new Float64Array(frames * nb);
  const fftIn = new Float64Array(P.nfft);
  const fftOut = new Float64Array(2 * P.nfft);
  const power = new Float64Array(P.nfft / 2 + 1);
  const half = P.nfft / 2;
  const invWp = 1 / P.winPower;
  for (let f = 0; f < frames; f++) {
    // excitation spectrum
    // (fftIn[win..nfft) stays zero: both steps write only below win)
    windowFrame(exc, f * P.hop - lead, P, fftIn);
    P.fft.realTransform(fftOut, fftIn);
    for (let b = 0; b <= half; b++) {
      const re = fftOut[2 * b]!;
      const im = fftOut[2 * b + 1]!;
      power[b] = (re * re + im * im) * invWp;
    }
    applyFilterBank(P.bank, power, excBands, f * nb);
    // envelope G^2 / |A|^2
    const aoff = f * (order + 1);
    for (let i = 0; i <= order; i++) fftIn[i] = lpc[aoff + i]!;
    fftIn.fill(0, order + 1, P.win);
    P.fft.realTransform(fftOut, fftIn);
    const g2 = gain[f]! * gain[f]!;
    for (let b = 0; b <= half; b++) {
      const re = fftOut[2 * b]!;
      const im = fftOut[2 * b + 1]!;
      power[b] = g2 / Math.max(re * re + im * im, 1e-30);
    }
    applyFilterBank(P.bank, power, tractBands, f * nb);
  }
  for (let i = 0; i < excBands.length; i++) {
    excBands[i] = Math.log(excBands[i]! + o.logFloor);
    tractBands[i] = Math.log(tractBands[i]! + o.logFloor);
  }
  normalizeBands(excBands, frames, nb, o.normalization);
  normalizeBands(tractBands, frames, nb, o.normalization);
  return { excBands, tractBands };
}

/**
 * Split `audio` into excitation and vocal tract (see the module doc). Audio at another rate
 * is resampled to `options.rate` first. Silent audio gives finite values everywhere (the
 * pipeline rejects it earlier, see `assertAnalysable`); empty audio and non-finite samples
 * throw an AudioError naming `audio.source`.
 */
export function decompose(audio: Audio, options: SourceFilterOptions = {}): SourceFilter {
  const o = resolveSourceFilterOptions(options);
  checkSampleRate(audio);
  audioPeak(audio); // empty or non-finite audio: an AudioError naming the source
  const P = getPlan(o);
  const x0 = atRate(audio, o.rate).samples;
  const x = preEmphasize(x0, o.preEmphasis);
  const n = x.length;
  const order = o.lpcOrder;
  const frames = Math.max(1, Math.ceil(n / P.hop));
  const lead = Math.floor((P.win - P.hop) / 2);
  // The two passes: LPC and residual per frame, then the band representations of both.
  const { lpc, refl, gain, energy, exc } = lpcPass(x, o, P, frames, lead);
  const { excBands, tractBands } = bandPass(exc, lpc, gain, o, P, frames, lead);
  const nb = o.bands;

  const track = o.pitch ? estimateF0(exc, o.rate, P.hop, frames, energy, o.f0) : { f0: new Float64Array(frames), voicing: new Float64Array(frames) };

  return {
    sampleRate: o.rate,
    frameRate: o.rate / P.hop,
    hopSamples: P.hop,
    frames,
    options: o,
    preEmphasized: x,
    excitation: exc,
    lpc: { data: lpc, rows: frames, cols: order + 1 },
    reflection: { data: refl, rows: frames, cols: order },
    gain,
    excitationBands: { data: excBands, rows: frames, cols: nb },
    tractBands: { data: tractBands, rows: frames, cols: nb },
    f0: track.f0,
    voicing: track.voicing,
    energy,
  };
}

/**
 * Drive 1/A(z) with the excitation, switching coefficients per hop segment exactly as the
 * analysis did: returns the pre-emphasized signal (lossless up to rounding).
 */
export function resynthesize(sf: Pick<SourceFilter, 'excitation' | 'lpc' | 'hopSamples'>, excitation: Float64Array = sf.excitation): Float64Array {
  const n = excitation.length;
  const y = new Float64Array(n);
  const p = sf.lpc.cols - 1;
  const hop = sf.hopSamples;
  for (let t = 0; t < n; t++) {
    const f = Math.min(sf.lpc.rows - 1, Math.floor(t / hop));
    const off = f * (p + 1);
    let acc = excitation[t]!;
    const m = Math.min(p, t);
    for (let q = 1; q <= m; q++) acc -= sf.lpc.data[off + q]! * y[t - q]!;
    y[t] = acc;
  }
  return y;
}

/** Signal-to-noise ratio of `estimate` against `reference`, in dB (Infinity when equal). */
export function snrDb(reference: Float64Array, estimate: Float64Array): number {
  let s = 0;
  let e = 0;
  const n = Math.min(reference.length, estimate.length);
  for (let i = 0; i < n; i++) {
    s += reference[i]! * reference[i]!;
    const d = reference[i]! - estimate[i]!;
    e += d * d;
  }
  if (e === 0) return Infinity;
  return 10 * Math.log10(s / e);
}
