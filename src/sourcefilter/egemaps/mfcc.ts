/**
 * MFCC 1-4 for eGeMAPS, computed the HTK way: 26 mel bands (20-8000 Hz) of the power spectrum
 * of a 20-ms Hamming frame, natural log, DCT-II scaled by sqrt(2/26), sinusoidal liftering
 * with L = 22.
 *
 * @module
 */
import { applyFilterBank, type FilterBank } from '../melbank.js';

/** Cepstral lifter length (HTK `CEPLIFTER`). */
export const MFCC_LIFTER = 22;

/**
 * MFCC 1..`count` of one frame into `out`; all zero for a frame without energy.
 * @param power - power spectrum |X|^2 of the frame.
 * @param scratch - `fb.bands` values of scratch space.
 */
export function frameMfcc(power: Float64Array, fb: FilterBank, count: number, scratch: Float64Array, out: Float64Array): void {
  applyFilterBank(fb, power, scratch);
  const B = fb.bands;
  let any = false;
  for (let b = 0; b < B; b++) {
    any ||= scratch[b]! > 0;
    // 16-bit sample scale as HTK; irrelevant to c1.. but keeps the floor meaningful.
    scratch[b] = Math.log(Math.max(scratch[b]! * 32768 * 32768, 1));
  }
  for (let n = 1; n <= count; n++) {
    if (!any) {
      out[n - 1] = 0;
      continue;
    }
    let c = 0;
    for (let b = 0; b < B; b++) c += scratch[b]! * Math.cos((Math.PI * n * (b + 0.5)) / B);
    out[n - 1] = Math.sqrt(2 / B) * c * (1 + (MFCC_LIFTER / 2) * Math.sin((Math.PI * n) / MFCC_LIFTER));
  }
}
