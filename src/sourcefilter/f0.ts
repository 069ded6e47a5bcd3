/**
 * F0 and voicing from the LPC residual, in the spirit of SIFT (Markel 1972): the residual is
 * low-passed (4th-order Butterworth at 1 kHz), a normalized cross-correlation (NCCF) is searched
 * coarsely on a 4 kHz decimated copy, then refined at the full rate with parabolic
 * interpolation. Lags whose NCCF is within 10 % of the best are preferred when shorter (guards
 * against octave-down errors on pulse trains).
 *
 * @module
 */

/** Options of {@link estimateF0}. */
export interface F0Options {
  /** Lowest F0 searched, in hertz; default 50. */
  readonly fMin?: number;
  /** Highest F0 searched, in hertz; default 500. */
  readonly fMax?: number;
  /** NCCF window, in seconds; default 0.015. */
  readonly window?: number;
  /** Minimum NCCF peak for a voiced frame, in [0, 1]; default 0.5. */
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

function biquadLowpass(x: Float64Array, fc: number, fs: number, q: number): Float64Array {
  const w0 = (2 * Math.PI * fc) / fs;
  const alpha = Math.sin(w0) / (2 * q);
  const cw = Math.cos(w0);
  const a0 = 1 + alpha;
  const b0 = (1 - cw) / 2 / a0;
  const b1 = (1 - cw) / a0;
  const b2 = b0;
  const a1 = (-2 * cw) / a0;
  const a2 = (1 - alpha) / a0;
  const y = new Float64Array(x.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let n = 0; n < x.length; n++) {
    const xn = x[n]!;
    const yn = b0 * xn + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    y[n] = yn;
    x2 = x1; x1 = xn; y2 = y1; y1 = yn;
  }
  return y;
}

function nccf(x: Float64Array, start: number, len: number, lag: number): number {
  let xy = 0, xx = 0, yy = 0;
  const n = x.length;
  for (let i = 0; i < len; i++) {
    const a = start + i;
    const b = a + lag;
    const va = a >= 0 && a < n ? x[a]! : 0;
    const vb = b >= 0 && b < n ? x[b]! : 0;
    xy += va * vb;
    xx += va * va;
    yy += vb * vb;
  }
  const d = Math.sqrt(xx * yy);
  return d > 0 ? xy / d : 0;
}

/**
 * F0 of each of `frames` frames of `residual` (frame f is centred on hop segment
 * `[f*hop, (f+1)*hop)`), with `frameEnergyDb[f]` used for the silence gate.
 */
export function estimateF0(residual: Float64Array, sampleRate: number, hop: number, frames: number, frameEnergyDb: Float64Array, options: F0Options = {}): F0Track {
  const fMin = options.fMin ?? 50;
  const fMax = options.fMax ?? 500;
  const win = options.window ?? 0.015;
  const thr = options.voicingThreshold ?? 0.5;
  const silenceDb = options.silenceDb ?? 50;
  if (!(fMin > 0 && fMax > fMin && fMax < sampleRate / 2)) throw new RangeError(`f0 range: need 0 < fMin < fMax < rate/2, got ${fMin}-${fMax} Hz`);
  const f0 = new Float64Array(frames);
  const voicing = new Float64Array(frames);
  const lp = biquadLowpass(biquadLowpass(residual, 1000, sampleRate, 0.5411961), 1000, sampleRate, 1.3065630);
  const D = Math.max(1, Math.floor(sampleRate / 4000));
  const dec = new Float64Array(Math.ceil(lp.length / D));
  for (let i = 0; i < dec.length; i++) dec[i] = lp[i * D]!;
  const minLag = Math.max(2, Math.floor(sampleRate / fMax));
  const maxLag = Math.ceil(sampleRate / fMin);
  const W = Math.max(8, Math.round(win * sampleRate));
  const dMin = Math.max(1, Math.floor(minLag / D));
  const dMax = Math.ceil(maxLag / D);
  const dW = Math.max(4, Math.round(W / D));
  let maxE = -Infinity;
  for (let f = 0; f < frames; f++) maxE = Math.max(maxE, frameEnergyDb[f]!);
  const scores = new Float64Array(dMax + 2);
  for (let f = 0; f < frames; f++) {
    if (frameEnergyDb[f]! < maxE - silenceDb || !Number.isFinite(frameEnergyDb[f]!)) continue;
    const centre = f * hop + hop / 2;
    const s = Math.round(centre - W / 2 - maxLag / 2);
    const ds = Math.round(s / D);
    let best = -1;
    for (let L = dMin; L <= dMax; L++) {
      const v = nccf(dec, ds, dW, L);
      scores[L] = v;
      if (v > best) best = v;
    }
    if (best <= 0) continue;
    // shortest local peak within 10 % of the best
    let cand = -1;
    for (let L = dMin; L <= dMax; L++) {
      const v = scores[L]!;
      const left = L > dMin ? scores[L - 1]! : -Infinity;
      const right = L < dMax ? scores[L + 1]! : -Infinity;
      if (v >= 0.9 * best && v >= left && v >= right) {
        cand = L;
        break;
      }
    }
    if (cand < 0) continue;
    // refine at full rate
    const lo = Math.max(minLag, (cand - 1) * D);
    const hi = Math.min(maxLag, (cand + 1) * D);
    let bL = lo;
    let bV = -Infinity;
    for (let L = lo; L <= hi; L++) {
      const v = nccf(lp, s, W, L);
      if (v > bV) {
        bV = v;
        bL = L;
      }
    }
    let lag = bL;
    if (bL > lo && bL < hi) {
      const a = nccf(lp, s, W, bL - 1);
      const c = nccf(lp, s, W, bL + 1);
      const den = a - 2 * bV + c;
      if (den < 0) lag = bL + (0.5 * (a - c)) / den;
    }
    const v = Math.max(0, Math.min(1, bV));
    voicing[f] = v;
    if (v >= thr) f0[f] = sampleRate / lag;
  }
  return { f0, voicing };
}
