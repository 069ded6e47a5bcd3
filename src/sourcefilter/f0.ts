/**
 * F0 and voicing from the LPC residual, in the spirit of SIFT (Markel 1972): the residual is
 * low-passed (4th-order Butterworth at 1 kHz), a normalized cross-correlation (NCCF) is searched
 * coarsely on a 4 kHz decimated copy; every coarse peak within 30 % of the best is refined at
 * the full rate with parabolic interpolation, and the shortest lag whose refined NCCF is within
 * 10 % of the best is taken (guards against octave-down errors on pulse trains). A frame is
 * voiced when that NCCF reaches `voicingThreshold`.
 *
 * @module
 */

/** Coarse NCCF peaks refined per frame, at most. */
const MAX_CANDIDATES = 6;
/** Corner of the DC-blocking high-pass before the NCCF, in hertz (below fMin = 50 Hz). */
const HIGH_PASS_HZ = 30;
/** A frame whose band-passed residual is this many dB below the frame's power is unvoiced. */
const BAND_GATE_DB = 60;

/** Options of {@link estimateF0}. */
export interface F0Options {
  /** Lowest F0 searched, in hertz; default 50. */
  readonly fMin?: number;
  /** Highest F0 searched, in hertz; default 500. */
  readonly fMax?: number;
  /** NCCF window, in seconds; default 0.015. */
  readonly window?: number;
  /**
   * Minimum NCCF peak for a voiced frame, in [0, 1]; default 0.65: white noise gives 0.42
   * (median), 0.62 (99th percentile), 0.67-0.69 (99.9th) with the default window, and 0.3-0.4 %
   * of white-noise frames count as voiced (measured over 60 x 2 s of Gaussian and uniform
   * noise at 8 and 16 kHz). A DC offset is not removed: a constant residual correlates at every
   * lag and can read as voiced at fMax.
   */
  readonly voicingThreshold?: number;
  /** Frames quieter than the loudest frame by more than this many dB are unvoiced; default 50. */
  readonly silenceDb?: number;
}

/** Per-frame F0 track. */
export interface F0Track {
  /** F0 in hertz, 0 for unvoiced frames. */
  readonly f0: Float64Array;
  /** Voicing strength in [0, 1] (the NCCF peak; 0 for silent frames). */
  readonly voicing: Float64Array;
}

/** A second-order section (RBJ cookbook), low- or high-pass at `fc` hertz with quality `q`. */
function biquad(x: Float64Array, kind: 'lowpass' | 'highpass', fc: number, fs: number, q: number): Float64Array {
  const high = kind === 'highpass';
  const w0 = (2 * Math.PI * fc) / fs;
  const alpha = Math.sin(w0) / (2 * q);
  const cw = Math.cos(w0);
  const a0 = 1 + alpha;
  const b0 = (high ? (1 + cw) / 2 : (1 - cw) / 2) / a0;
  const b1 = (high ? -(1 + cw) : 1 - cw) / a0;
  const b2 = b0;
  const a1 = (-2 * cw) / a0;
  const a2 = (1 - alpha) / a0;
  const y = new Float64Array(x.length);
  let x1 = 0,
    x2 = 0,
    y1 = 0,
    y2 = 0;
  for (let n = 0; n < x.length; n++) {
    const xn = x[n]!;
    const yn = b0 * xn + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    y[n] = yn;
    x2 = x1;
    x1 = xn;
    y2 = y1;
    y1 = yn;
  }
  return y;
}

/**
 * NCCF of x[s..s+len) against x[s+L..s+L+len) for every lag L in [lo, hi] into `out[L]`.
 * `x` must be zero padded so that every index touched is in range (no bounds checks). The
 * energy of the lagged window slides from lag to lag.
 */
function nccfRange(x: Float64Array, s: number, len: number, lo: number, hi: number, out: Float64Array): void {
  let xx = 0;
  for (let i = 0; i < len; i++) xx += x[s + i]! * x[s + i]!;
  // Cross terms, four lags per pass over the window (one new load per product).
  let L = lo;
  for (; L + 3 <= hi; L += 4) {
    let c0 = 0,
      c1 = 0,
      c2 = 0,
      c3 = 0;
    const b = s + L;
    for (let i = 0; i < len; i++) {
      const xi = x[s + i]!;
      c0 += xi * x[b + i]!;
      c1 += xi * x[b + i + 1]!;
      c2 += xi * x[b + i + 2]!;
      c3 += xi * x[b + i + 3]!;
    }
    out[L] = c0;
    out[L + 1] = c1;
    out[L + 2] = c2;
    out[L + 3] = c3;
  }
  for (; L <= hi; L++) {
    let c = 0;
    const b = s + L;
    for (let i = 0; i < len; i++) c += x[s + i]! * x[b + i]!;
    out[L] = c;
  }
  // Normalize, sliding the energy of the lagged window from lag to lag.
  let yy = 0;
  for (let i = 0; i < len; i++) yy += x[s + lo + i]! * x[s + lo + i]!;
  for (L = lo; L <= hi; L++) {
    const d = xx * yy;
    out[L] = d > 0 ? out[L]! / Math.sqrt(d) : 0;
    const drop = x[s + L]!;
    const add = x[s + L + len]!;
    yy += add * add - drop * drop;
    if (yy < 0) yy = 0;
  }
}

/**
 * F0 of each of `frames` frames of `residual` (frame f is centred on hop segment
 * `[f*hop, (f+1)*hop)`), with `frameEnergyDb[f]` used for the silence gate.
 */
export function estimateF0(
  residual: Float64Array,
  sampleRate: number,
  hop: number,
  frames: number,
  frameEnergyDb: Float64Array,
  options: F0Options = {},
): F0Track {
  const fMin = options.fMin ?? 50;
  const fMax = options.fMax ?? 500;
  const win = options.window ?? 0.015;
  const thr = options.voicingThreshold ?? 0.65;
  const silenceDb = options.silenceDb ?? 50;
  if (!(fMin > 0 && fMax > fMin && fMax < sampleRate / 2)) throw new RangeError(`f0 range: need 0 < fMin < fMax < rate/2, got ${fMin}-${fMax} Hz`);
  const f0 = new Float64Array(frames);
  const voicing = new Float64Array(frames);
  const minLag = Math.max(2, Math.floor(sampleRate / fMax));
  const maxLag = Math.ceil(sampleRate / fMin);
  const W = Math.max(8, Math.round(win * sampleRate));
  // Low-passed residual, zero padded by `pad` samples on both sides (no bounds checks below).
  const pad = W + maxLag + hop + 8;
  // Band 30 Hz - 1 kHz: the high-pass removes a DC offset (a constant correlates at every lag
  // and would read as voiced at fMax), the low-pass the formant detail.
  const hp = biquad(residual, 'highpass', HIGH_PASS_HZ, sampleRate, Math.SQRT1_2);
  const lp0 = biquad(biquad(hp, 'lowpass', 1000, sampleRate, 0.5411961), 'lowpass', 1000, sampleRate, 1.306563);
  const lp = new Float64Array(lp0.length + 2 * pad);
  lp.set(lp0, pad);
  const D = Math.max(1, Math.floor(sampleRate / 4000));
  const dPad = Math.ceil(pad / D);
  const dec = new Float64Array(Math.ceil(lp0.length / D) + 2 * dPad);
  for (let i = 0; i * D < lp0.length; i++) dec[dPad + i] = lp0[i * D]!;
  const dMin = Math.max(1, Math.floor(minLag / D));
  const dMax = Math.ceil(maxLag / D);
  const dW = Math.max(4, Math.round(W / D));
  let maxE = -Infinity;
  for (let f = 0; f < frames; f++) maxE = Math.max(maxE, frameEnergyDb[f]!);
  const scores = new Float64Array(dMax + 2);
  const fine = new Float64Array(maxLag + 2);
  const candLag = new Float64Array(MAX_CANDIDATES);
  const candV = new Float64Array(MAX_CANDIDATES);
  for (let f = 0; f < frames; f++) {
    if (frameEnergyDb[f]! < maxE - silenceDb || !Number.isFinite(frameEnergyDb[f]!)) continue;
    const centre = f * hop + hop / 2;
    const s = Math.round(centre - W / 2 - maxLag / 2);
    // Nothing left in the analysis band (e.g. a constant signal, whose residual the high-pass
    // removes): unvoiced, whatever shape the tiny remainder has.
    let band = 0;
    for (let i = 0; i < W; i++) band += lp[s + pad + i]! ** 2;
    if (band / W < 10 ** ((frameEnergyDb[f]! - BAND_GATE_DB) / 10)) continue;
    const ds = Math.round(s / D);
    nccfRange(dec, ds + dPad, dW, dMin, dMax, scores);
    let best = -1;
    for (let L = dMin; L <= dMax; L++) if (scores[L]! > best) best = scores[L]!;
    if (best <= 0) continue;
    // Refine every coarse local peak within 30 % of the best at the full rate (the coarse lag
    // grid can under-sample the true peak), then take the shortest lag whose refined NCCF is
    // within 10 % of the best refined one (guards against octave-down errors).
    let bestLag = 0;
    let bestV = -Infinity;
    let nCand = 0;
    for (let L = dMin; L <= dMax && nCand < MAX_CANDIDATES; L++) {
      const v = scores[L]!;
      const left = L > dMin ? scores[L - 1]! : -Infinity;
      const right = L < dMax ? scores[L + 1]! : -Infinity;
      if (!(v >= 0.7 * best && v >= left && v >= right)) continue;
      const lo = Math.max(minLag, L * D - (D >> 1) - 1);
      const hi = Math.min(maxLag, L * D + (D >> 1) + 1);
      if (lo > hi) continue;
      nccfRange(lp, s + pad, W, lo - 1, hi + 1, fine);
      let bL = lo;
      let bV = -Infinity;
      for (let q = lo; q <= hi; q++) {
        if (fine[q]! > bV) {
          bV = fine[q]!;
          bL = q;
        }
      }
      // Parabolic interpolation through the peak and its neighbours (computed one lag beyond
      // [lo, hi] on both sides), also at the ends of the range: a peak at minLag (F0 near fMax)
      // is refined too; a rising edge (neighbour higher) is left on the grid.
      let lag = bL;
      const a = fine[bL - 1]!;
      const c = fine[bL + 1]!;
      const den = a - 2 * bV + c;
      if (den < 0 && a <= bV && c <= bV) lag = bL + (0.5 * (a - c)) / den;
      candLag[nCand] = lag;
      candV[nCand] = bV;
      nCand++;
      if (bV > bestV) bestV = bV;
    }
    if (nCand === 0) continue;
    for (let c = 0; c < nCand; c++) {
      if (candV[c]! >= 0.9 * bestV) {
        bestLag = candLag[c]!;
        bestV = candV[c]!;
        break;
      }
    }
    const v = Math.max(0, Math.min(1, bestV));
    voicing[f] = v;
    if (v >= thr) f0[f] = sampleRate / bestLag;
  }
  return { f0, voicing };
}
