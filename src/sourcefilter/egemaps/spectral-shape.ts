/**
 * Spectral-balance descriptors of eGeMAPS, per 20-ms Hamming frame (Eyben et al. 2016):
 * alpha ratio, Hammarberg index, spectral slopes 0-500 Hz and 500-1500 Hz, and spectral flux.
 *
 * @module
 */

/** Index range [lo, hi] of the bins whose frequencies lie in [fLo, fHi] hertz. */
export function binRange(binHz: number, bins: number, fLo: number, fHi: number): [number, number] {
  return [Math.max(0, Math.ceil(fLo / binHz - 1e-9)), Math.min(bins - 1, Math.floor(fHi / binHz + 1e-9))];
}

/**
 * Alpha ratio, in dB: the energy summed over 1-5 kHz relative to the energy summed below
 * 1 kHz, 10 log10(E(1000-5000) / E(0-1000)) (negative for speech). The paper names the low
 * band 50-1000 Hz; openSMILE's values (the reference outputs) are matched exactly with the
 * band starting at 0 Hz and this orientation. 0 for a frame without energy.
 * @param power - power spectrum |X|^2 of one frame (bins 0..nfft/2).
 */
export function alphaRatio(power: Float64Array, binHz: number): number {
  const [a0, a1] = binRange(binHz, power.length, 0, 1000);
  const [, b1] = binRange(binHz, power.length, 1000, 5000);
  let lo = 0;
  let hi = 0;
  for (let k = a0; k <= a1; k++) lo += power[k]!;
  for (let k = a1 + 1; k <= b1; k++) hi += power[k]!;
  return lo > 0 && hi > 0 ? 10 * Math.log10(hi / lo) : 0;
}

/**
 * Hammarberg index, in dB: the strongest bin in 0-2 kHz relative to the strongest in 2-5 kHz,
 * 10 log10(max P(0-2000) / max P(2000-5000)). 0 for a frame without energy.
 */
export function hammarbergIndex(power: Float64Array, binHz: number): number {
  const [a0, a1] = binRange(binHz, power.length, 0, 2000);
  const [b0, b1] = binRange(binHz, power.length, 2000, 5000);
  let lo = 0;
  let hi = 0;
  for (let k = a0; k <= a1; k++) lo = Math.max(lo, power[k]!);
  for (let k = b0 + 1; k <= b1; k++) hi = Math.max(hi, power[k]!);
  return lo > 0 && hi > 0 ? 10 * Math.log10(lo / hi) : 0;
}

/**
 * Spectral slope of the band [fLo, fHi] hertz, in dB per hertz: the least-squares line through
 * the power spectrum in dB, 10 log10(P + floor), against frequency. 0 for a frame without
 * energy in the band.
 * @param floor - power added before the log (same units as `power`); default 0.
 */
export function spectralSlope(power: Float64Array, binHz: number, fLo: number, fHi: number, floor = 0): number {
  const [k0, k1] = binRange(binHz, power.length, fLo, fHi);
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let k = k0; k <= k1; k++) {
    const p = power[k]! + floor;
    if (!(p > 0)) return 0;
    const x = k * binHz;
    const y = 10 * Math.log10(p);
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const den = n * sxx - sx * sx;
  return n >= 2 && den > 0 ? (n * sxy - sx * sy) / den : 0;
}

/**
 * Spectral slope of the band [fLo, fHi] hertz as openSMILE 3.0.1's eGeMAPS computes it, in dB
 * per hertz (measured against its per-frame outputs, docs/features.md): the band edges become
 * fractional bin positions b = f / binHz; bins floor(bLo) .. floor(bHi) take part, the first
 * with weight 1 - frac(bLo) and the last with weight frac(bHi) where these are fractional
 * (weight 1 where an edge falls on a bin); with x_k = k binHz, y_k = 10 log10(P_k + 1e-14) and
 * weights w_k, slope = (N sum w x y - sum w x sum w y) / (N sum (w x)^2 - (sum w x)^2) with
 * N = floor(bHi - bLo), the band width in bins: below the number of bins (and the weights'
 * sum) the sums run over (one less where both edges fall on bins, e.g. at 16 kHz), so the
 * result is not the least-squares slope of {@link spectralSlope}: it depends on the level (a
 * constant added to y changes it; a silent frame gets 0.133 dB/Hz at 22.05 kHz) and on speech
 * runs 1.26-1.34x the least-squares slope; but it is what the eGeMAPS reference reports.
 * 0 for fewer than two bins.
 */
export function openSmileSpectralSlope(power: Float64Array, binHz: number, fLo: number, fHi: number): number {
  const bLo = fLo / binHz;
  const bHi = fHi / binHz;
  const k0 = Math.floor(bLo + 1e-9);
  const k1 = Math.min(power.length - 1, Math.floor(bHi + 1e-9));
  if (k1 <= k0) return 0;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  for (let k = k0; k <= k1; k++) {
    let w = 1;
    const fLoFrac = bLo - k0;
    const fHiFrac = bHi - k1;
    if (k === k0 && fLoFrac > 1e-9) w = 1 - fLoFrac;
    if (k === k1 && fHiFrac > 1e-9 && k1 === Math.floor(bHi)) w = fHiFrac;
    const x = k * binHz;
    const y = 10 * Math.log10(power[k]! + 1e-14);
    sx += w * x;
    sy += w * y;
    sxy += w * x * y;
    sxx += w * w * x * x;
  }
  const n = Math.floor(bHi - bLo + 1e-9);
  const den = n * sxx - sx * sx;
  return den > 0 ? (n * sxy - sx * sy) / den : 0;
}

/**
 * Spectral flux between two frames, in magnitude units (full-scale samples 1): the root mean
 * square over the 0-5 kHz bins of the difference of the magnitude spectra |X_t| - |X_t-1|.
 */
export function spectralFlux(mag: Float64Array, prev: Float64Array, binHz: number): number {
  const [k0, k1] = binRange(binHz, mag.length, 0, 5000);
  let d = 0;
  for (let k = k0; k <= k1; k++) d += (mag[k]! - prev[k]!) ** 2;
  return Math.sqrt(d / (k1 - k0 + 1));
}
