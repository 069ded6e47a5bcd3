/**
 * Formants F1-F3 (centre frequency and bandwidth) for eGeMAPS: an order-11 LPC model at
 * 11 kHz, whose autocorrelation is the inverse transform of the 20-ms Hamming power spectrum
 * band-limited to 0-5.5 kHz (a spectral resampling to 11 kHz), solved by Levinson-Durbin;
 * the roots of A(z) with positive angle give frequency angle x fs / 2 pi and bandwidth
 * -ln|z| x fs / pi; the three lowest in 50-5450 Hz are F1-F3.
 *
 * @module
 */
import { levinson } from '../lpc.js';
import { polynomialRoots } from './roots.js';

/** LPC sampling rate for formants, in hertz. */
export const FORMANT_LPC_RATE = 11000;
/** LPC order for formants. */
export const FORMANT_LPC_ORDER = 11;

/** Formants of one frame: frequencies and bandwidths in hertz (0 where not found). */
export interface FrameFormants {
  /** F1, F2, F3 centre frequencies, in hertz. */
  readonly freq: Float64Array;
  /** F1, F2, F3 bandwidths, in hertz. */
  readonly bw: Float64Array;
}

/**
 * Formants from the power spectrum `power` (bins 0..nfft/2, spacing `binHz`). Frames without
 * energy give zeros.
 */
export function frameFormants(power: Float64Array, binHz: number, count = 3): FrameFormants {
  const fs = FORMANT_LPC_RATE;
  const p = FORMANT_LPC_ORDER;
  const freq = new Float64Array(count);
  const bw = new Float64Array(count);
  const kMax = Math.min(power.length - 1, Math.floor(fs / 2 / binHz));
  const r = new Float64Array(p + 1);
  for (let k = 0; k <= kMax; k++) {
    const w = k === 0 ? 0.5 : 1;
    const pk = power[k]! * w;
    if (pk === 0) continue;
    const ph = (2 * Math.PI * k * binHz) / fs;
    for (let l = 0; l <= p; l++) r[l] = r[l]! + pk * Math.cos(ph * l);
  }
  if (!(r[0]! > 0)) return { freq, bw };
  const { a } = levinson(r, p);
  const { re, im } = polynomialRoots(a);
  const found: [number, number][] = [];
  for (let i = 0; i < re.length; i++) {
    if (!(im[i]! > 0)) continue;
    const f = (Math.atan2(im[i]!, re[i]!) * fs) / (2 * Math.PI);
    const mag = Math.hypot(re[i]!, im[i]!);
    const b = (-Math.log(mag) * fs) / Math.PI;
    if (f > 50 && f < 5450) found.push([f, b]);
  }
  found.sort((x, y) => x[0] - y[0]);
  for (let i = 0; i < count && i < found.length; i++) {
    freq[i] = found[i]![0];
    bw[i] = found[i]![1];
  }
  return { freq, bw };
}
