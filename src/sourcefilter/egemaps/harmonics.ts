/**
 * Harmonic descriptors of eGeMAPS from the 60-ms Gaussian-window magnitude spectrum and F0:
 * H1-H2, H1-A3, the formant amplitudes relative to H1, and the harmonics-to-noise ratio from
 * the autocorrelation (Eyben et al. 2016).
 *
 * @module
 */

/** Magnitude of harmonic `h` of `f0` hertz: the largest bin within +-10 % of F0 around h x F0 (0 beyond Nyquist). */
export function harmonicMagnitude(mag: Float64Array, binHz: number, f0: number, h: number): number {
  const c = h * f0;
  const lo = Math.max(0, Math.round((c - 0.1 * f0) / binHz));
  const hi = Math.min(mag.length - 1, Math.round((c + 0.1 * f0) / binHz));
  let m = 0;
  for (let k = lo; k <= hi; k++) m = Math.max(m, mag[k]!);
  return m;
}

/** Harmonic descriptors of one voiced frame, in dB. */
export interface FrameHarmonics {
  /** 20 log10(H1 / H2). */
  readonly h1h2: number;
  /** 20 log10(H1 / A3), A3 the strongest harmonic within F3's bandwidth (or the one nearest F3). */
  readonly h1a3: number;
  /** 20 log10(A_i / H1) for F1..F3, A_i the strongest harmonic within formant i's bandwidth. */
  readonly formantAmp: Float64Array;
}

const DB_FLOOR = 1e-10;

function db(a: number, b: number): number {
  return 20 * Math.log10(Math.max(a, DB_FLOOR) / Math.max(b, DB_FLOOR));
}

/** Strongest harmonic of `f0` within [fc - bw/2, fc + bw/2] (at least the harmonic nearest fc). */
function formantHarmonic(mag: Float64Array, binHz: number, f0: number, fc: number, bw: number): number {
  const nyq = (mag.length - 1) * binHz;
  const hLo = Math.max(1, Math.ceil((fc - bw / 2) / f0));
  const hHi = Math.max(hLo, Math.floor((fc + bw / 2) / f0));
  let m = 0;
  for (let h = hLo; h <= hHi && h * f0 < nyq; h++) m = Math.max(m, harmonicMagnitude(mag, binHz, f0, h));
  if (m === 0) {
    const h = Math.max(1, Math.round(fc / f0));
    if (h * f0 < nyq) m = harmonicMagnitude(mag, binHz, f0, h);
  }
  return m;
}

/** H1-H2, H1-A3 and formant amplitudes of one frame with F0 `f0` > 0 and formants `freq`/`bw` (Hz). */
export function frameHarmonics(mag: Float64Array, binHz: number, f0: number, freq: ArrayLike<number>, bw: ArrayLike<number>): FrameHarmonics {
  const h1 = harmonicMagnitude(mag, binHz, f0, 1);
  const h2 = harmonicMagnitude(mag, binHz, f0, 2);
  const formantAmp = new Float64Array(freq.length);
  for (let i = 0; i < freq.length; i++) {
    formantAmp[i] = freq[i]! > 0 ? db(formantHarmonic(mag, binHz, f0, freq[i]!, bw[i]!), h1) : 0;
  }
  const a3 = freq.length >= 3 && freq[2]! > 0 ? harmonicMagnitude(mag, binHz, f0, Math.max(1, Math.round(freq[2]! / f0))) : 0;
  return { h1h2: db(h1, h2), h1a3: a3 > 0 ? db(h1, a3) : 0, formantAmp };
}

/**
 * Harmonics-to-noise ratio in dB from the normalized autocorrelation r of the windowed frame
 * at its peak within +-10 % of the period 1/F0: 10 log10(r / (1 - r)), r clipped to
 * [1e-4, 1 - 1e-4].
 */
export function acfHnr(xw: Float64Array, sampleRate: number, f0: number): number {
  let r0 = 0;
  for (let i = 0; i < xw.length; i++) r0 += xw[i]! * xw[i]!;
  if (!(r0 > 0)) return 0;
  const T = sampleRate / f0;
  let best = -1;
  for (let lag = Math.max(1, Math.floor(0.9 * T)); lag <= Math.ceil(1.1 * T) && lag < xw.length; lag++) {
    let s = 0;
    for (let i = 0; i + lag < xw.length; i++) s += xw[i]! * xw[i + lag]!;
    best = Math.max(best, s / r0);
  }
  const r = Math.min(1 - 1e-4, Math.max(1e-4, best));
  return 10 * Math.log10(r / (1 - r));
}
