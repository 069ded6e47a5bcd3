/**
 * Triangular mel (or Bark) filter banks on an FFT power spectrum.
 *
 * @module
 */

/** Hertz to mel (HTK formula). */
export function hzToMel(f: number): number {
  return 2595 * Math.log10(1 + f / 700);
}
/** Mel to hertz (HTK formula). */
export function melToHz(m: number): number {
  return 700 * (10 ** (m / 2595) - 1);
}
/** Hertz to Bark (Traunmueller 1990). */
export function hzToBark(f: number): number {
  return (26.81 * f) / (1960 + f) - 0.53;
}
/** Bark to hertz (Traunmueller 1990). */
export function barkToHz(z: number): number {
  return (1960 * (z + 0.53)) / (26.28 - z);
}

/** A sparse filter bank: band b has weights `weights[b]` on bins `start[b] ... start[b] + weights[b].length - 1`. */
export interface FilterBank {
  /** Number of bands. */
  readonly bands: number;
  /** First FFT bin of each band. */
  readonly start: Int32Array;
  /** Triangle weights of each band (dimensionless, peak <= 1), from bin `start[b]` on. */
  readonly weights: Float64Array[];
  /** Centre frequencies of the bands, in hertz. */
  readonly centers: Float64Array;
}

/**
 * Triangular filters equally spaced on the mel or Bark scale between `fMin` and `fMax` (Hz),
 * over the `nfft / 2 + 1` bins of a real FFT at `sampleRate`. Each filter has unit peak.
 */
export function makeFilterBank(bands: number, nfft: number, sampleRate: number, fMin: number, fMax: number, scale: 'mel' | 'bark'): FilterBank {
  const fwd = scale === 'mel' ? hzToMel : hzToBark;
  const inv = scale === 'mel' ? melToHz : barkToHz;
  const lo = fwd(fMin);
  const hi = fwd(fMax);
  const edges = new Float64Array(bands + 2);
  for (let i = 0; i < bands + 2; i++) edges[i] = inv(lo + ((hi - lo) * i) / (bands + 1));
  const nbins = nfft / 2 + 1;
  const binHz = sampleRate / nfft;
  const start = new Int32Array(bands);
  const weights: Float64Array[] = [];
  const centers = new Float64Array(bands);
  for (let b = 0; b < bands; b++) {
    const f0 = edges[b]!;
    const f1 = edges[b + 1]!;
    const f2 = edges[b + 2]!;
    centers[b] = f1;
    const w: number[] = [];
    let first = -1;
    for (let k = 0; k < nbins; k++) {
      const f = k * binHz;
      let v = 0;
      if (f > f0 && f < f2) v = f <= f1 ? (f - f0) / (f1 - f0) : (f2 - f) / (f2 - f1);
      if (v > 0) {
        if (first < 0) first = k;
        // fill gaps (cannot happen for a triangle, but keep indices contiguous)
        while (first + w.length < k) w.push(0);
        w.push(v);
      }
    }
    if (first < 0) {
      // Band narrower than one bin: take the nearest bin.
      first = Math.min(nbins - 1, Math.round(f1 / binHz));
      w.push(1);
    }
    start[b] = first;
    weights.push(Float64Array.from(w));
  }
  return { bands, start, weights, centers };
}

/** Band energies of `power[0..nfft/2]` into `out[0..bands)`. */
export function applyFilterBank(fb: FilterBank, power: Float64Array, out: Float64Array, outOffset = 0): void {
  for (let b = 0; b < fb.bands; b++) {
    const w = fb.weights[b]!;
    const s = fb.start[b]!;
    let acc = 0;
    for (let k = 0; k < w.length; k++) acc += w[k]! * power[s + k]!;
    out[outOffset + b] = acc;
  }
}
