/**
 * Loudness for eGeMAPS (Eyben et al. 2016: "estimate of perceived signal intensity from an
 * auditory spectrum"): mel band powers (26 bands, 20-8000 Hz) of a 20-ms Hamming frame,
 * weighted by the equal-loudness curve of PLP (Hermansky 1990), compressed by the
 * intensity-loudness power law (exponent 0.33), and summed over bands.
 *
 * @module
 */
import { applyFilterBank, type FilterBank } from '../melbank.js';

/** Equal-loudness weight of PLP (Hermansky 1990) at `f` hertz (dimensionless; 0.17 at 1 kHz, 0.54 at 3 kHz, 0.88 at 8 kHz, towards 1 above). */
export function equalLoudness(f: number): number {
  const w2 = (2 * Math.PI * f) ** 2;
  return ((w2 + 56.8e6) * w2 * w2) / ((w2 + 6.3e6) ** 2 * (w2 + 0.38e9));
}

/**
 * Loudness of one frame (sone-like, arbitrary scale): sum over bands of
 * (equal-loudness weight x band power)^0.33.
 * @param power - power spectrum |X|^2 of the frame (full-scale samples 1).
 * @param scratch - `fb.bands` values of scratch space.
 */
export function frameLoudness(power: Float64Array, fb: FilterBank, scratch: Float64Array): number {
  applyFilterBank(fb, power, scratch);
  let l = 0;
  for (let b = 0; b < fb.bands; b++) l += (equalLoudness(fb.centers[b]!) * scratch[b]!) ** 0.33;
  return l;
}
