/**
 * Formants F1-F3 (centre frequency and bandwidth) for eGeMAPS: an order-11 LPC model of the
 * 20-ms Hamming frame at 11 kHz, then the roots of a prediction polynomial: frequency
 * angle x fs / 2 pi, bandwidth |ln |z|| x fs / pi, the three lowest in 50-5450 Hz.
 *
 * For `'opensmile'` the LPC input is built as openSMILE 3.0.1's eGeMAPS chain builds it
 * (measured on its own intermediate outputs, docs/features.md): the frame of L samples is zero-padded
 * symmetrically to the FFT size N (the next power of two, offset floor((N - L) / 2)); the
 * spectral bins k = 0 .. M/2 - 1 (M = round(L x 11000 / fs), the frame length at 11 kHz:
 * 220 samples) are summed as sinusoids at the output instants m x fs / 11000, m = 0 .. M - 1:
 *   z[m] = sum_n w[n] sum_{k<M/2} cos(2 pi k (m fs / 11000 - n - offset) / N),
 * i.e. a band-limited resampling that keeps 0-4.7 kHz at 22.05 kHz (bin M/2 = 110 of 512) and
 * the first M output samples (the frame's last ~17 output samples fall outside). The LPC is the
 * autocorrelation method (Levinson-Durbin) over these M samples, A(z) = 1 + sum a_k z^-k.
 *
 * Two methods ({@link FormantMethod}):
 * - `'lpc'`: the roots of A(z), the poles of the all-pole model (the textbook definition), with
 *   the LPC autocorrelation taken from the whole frame's power spectrum band-limited to
 *   0-5.5 kHz ({@link lpcFormants}); on a synthetic vowel it recovers the resonances (unit test).
 * - `'opensmile'`: the roots of 1 - sum a_k z^-k, the predictor coefficients taken with the
 *   opposite sign. This is what openSMILE's eGeMAPS reports: its formant outputs are exactly
 *   these roots of its own LPC coefficients (median difference 0.1 Hz over a file's frames),
 *   which is why its F1 on a known vowel is far from the resonance and its bandwidths are ~1 kHz.
 *   The eGeMAPS default, for agreement with the published feature set.
 *
 * @module
 */
import { levinson } from '../lpc.js';
import { polynomialRoots } from './roots.js';
import { nextPow2 } from './spectrum.js';

/** LPC sampling rate for formants, in hertz. */
export const FORMANT_LPC_RATE = 11000;
/** LPC order for formants. */
export const FORMANT_LPC_ORDER = 11;
/** Lowest and highest formant frequency kept, in hertz (openSMILE's eGeMAPS minF / maxF). */
export const FORMANT_RANGE_HZ: readonly [number, number] = Object.freeze([50, 5450] as [number, number]);

/**
 * Root convention of the formant polynomial: `'opensmile'` (roots of 1 - sum a_k z^-k, as
 * openSMILE's eGeMAPS; the default) or `'lpc'` (roots of the LPC polynomial A(z), the model's
 * resonances). See the module note.
 */
export type FormantMethod = 'opensmile' | 'lpc';

/** Formants of one frame: frequencies and bandwidths in hertz (0 where not found). */
export interface FrameFormants {
  /** F1, F2, F3 centre frequencies, in hertz. */
  readonly freq: Float64Array;
  /** F1, F2, F3 bandwidths, in hertz. */
  readonly bw: Float64Array;
}

/** Resampling kernel (M x L, row-major) for frames of `L` samples at `fs` hertz. */
interface Kernel {
  readonly m: number;
  readonly l: number;
  readonly d: Float64Array;
}
const kernels = new Map<string, Kernel>();

/** The resampling kernel D[m][n] = sum_{k<K} cos(k theta), theta = 2 pi (m fs / 11000 - n - offset) / N. */
function kernel(l: number, fs: number): Kernel {
  const key = `${l}:${fs}`;
  let k = kernels.get(key);
  if (k) return k;
  const n = nextPow2(l);
  const off = Math.floor((n - l) / 2);
  const m = Math.round((l * FORMANT_LPC_RATE) / fs);
  const K = Math.floor(m / 2);
  const r = fs / FORMANT_LPC_RATE;
  const d = new Float64Array(m * l);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < l; j++) {
      const th = (2 * Math.PI * (i * r - j - off)) / n;
      const s = Math.sin(th / 2);
      // sum_{k=0}^{K-1} cos(k th) = cos((K-1) th / 2) sin(K th / 2) / sin(th / 2); K where th = 0 mod 2 pi
      d[i * l + j] = Math.abs(s) < 1e-12 ? K : (Math.cos(((K - 1) * th) / 2) * Math.sin((K * th) / 2)) / s;
    }
  }
  k = { m, l, d };
  kernels.set(key, k);
  return k;
}

/**
 * The LPC input of one frame: the windowed frame `w` (L samples at `fs` hertz) resampled to
 * 11 kHz as described in the module note (M = round(L x 11000 / fs) samples; arbitrary scale).
 */
export function resampleForFormants(w: Float64Array, fs: number): Float64Array {
  const { m, l, d } = kernel(w.length, fs);
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    const o = i * l;
    for (let j = 0; j < l; j++) s += d[o + j]! * w[j]!;
    z[i] = s;
  }
  return z;
}

/**
 * Formants from the autocorrelation `r` (lags 0..11) of a signal at 11 kHz: Levinson-Durbin,
 * then the roots of A(z) (`'lpc'`) or of 1 - sum a_k z^-k (`'opensmile'`), the `count` lowest in
 * {@link FORMANT_RANGE_HZ}. Zeros where r[0] is not positive or fewer roots were found.
 */
export function formantsFromAutocorrelation(r: Float64Array, method: FormantMethod, count = 3): FrameFormants {
  const freq = new Float64Array(count);
  const bw = new Float64Array(count);
  if (!(r[0]! > 0)) return { freq, bw };
  const { a } = levinson(r, FORMANT_LPC_ORDER);
  const c = Float64Array.from(a, (v, i) => (method === 'opensmile' && i > 0 ? -v : v));
  const { re, im } = polynomialRoots(c);
  const fs = FORMANT_LPC_RATE;
  const found: [number, number][] = [];
  for (let i = 0; i < re.length; i++) {
    if (!(im[i]! > 0)) continue;
    const f = (Math.atan2(im[i]!, re[i]!) * fs) / (2 * Math.PI);
    const b = (Math.abs(Math.log(Math.hypot(re[i]!, im[i]!))) * fs) / Math.PI;
    if (f > FORMANT_RANGE_HZ[0] && f < FORMANT_RANGE_HZ[1]) found.push([f, b]);
  }
  found.sort((x, y) => x[0] - y[0]);
  for (let i = 0; i < count && i < found.length; i++) {
    freq[i] = found[i]![0];
    bw[i] = found[i]![1];
  }
  return { freq, bw };
}

/**
 * openSMILE-convention formants (`'opensmile'`) of one Hamming-windowed 20-ms frame `w`
 * (samples at `fs` hertz): the resampled frame of {@link resampleForFormants}, its
 * autocorrelation over its M samples, and the roots of 1 - sum a_k z^-k.
 */
export function openSmileFormants(w: Float64Array, fs: number, count = 3): FrameFormants {
  const z = resampleForFormants(w, fs);
  const r = new Float64Array(FORMANT_LPC_ORDER + 1);
  for (let lag = 0; lag <= FORMANT_LPC_ORDER; lag++) {
    let s = 0;
    for (let i = lag; i < z.length; i++) s += z[i]! * z[i - lag]!;
    r[lag] = s;
  }
  return formantsFromAutocorrelation(r, 'opensmile', count);
}

/**
 * Model-resonance formants (`'lpc'`) from the power spectrum `power` of a 20-ms Hamming frame
 * (bins 0..nfft/2, spacing `binHz` hertz): the autocorrelation at 11 kHz lags is the inverse
 * transform of the spectrum band-limited to 0-5.5 kHz (the whole frame, resampled in the
 * spectrum), then the roots of A(z).
 */
export function lpcFormants(power: Float64Array, binHz: number, count = 3): FrameFormants {
  const fs = FORMANT_LPC_RATE;
  const p = FORMANT_LPC_ORDER;
  const kMax = Math.min(power.length - 1, Math.floor(fs / 2 / binHz));
  const r = new Float64Array(p + 1);
  for (let k = 0; k <= kMax; k++) {
    const pk = power[k]! * (k === 0 ? 0.5 : 1);
    if (pk === 0) continue;
    const ph = (2 * Math.PI * k * binHz) / fs;
    for (let l = 0; l <= p; l++) r[l] = r[l]! + pk * Math.cos(ph * l);
  }
  return formantsFromAutocorrelation(r, 'lpc', count);
}
