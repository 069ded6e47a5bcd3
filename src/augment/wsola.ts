/**
 * Time stretching without a pitch change by WSOLA (waveform-similarity overlap-add, Verhelst &
 * Roelands 1993): Hann frames are overlap-added at a fixed output hop; each input frame is
 * taken within a tolerance of its nominal position where it best continues the previous one
 * (highest normalized cross-correlation with the natural continuation).
 *
 * @module
 */

/** Options of {@link wsola}. */
export interface WsolaOptions {
  /** Frame length, in samples (even); default 640 (40 ms at 16 kHz). */
  readonly frame?: number;
  /** Search tolerance, in samples, either side of the nominal position; default frame / 4. */
  readonly tolerance?: number;
}

/** Stretch `x` to `outLength` samples keeping its local waveform (and so its pitch). */
export function wsola(x: Float64Array, outLength: number, options: WsolaOptions = {}): Float64Array {
  const frame = options.frame ?? 640;
  if (!(Number.isInteger(frame) && frame >= 8 && frame % 2 === 0)) throw new RangeError(`frame: must be an even integer >= 8, got ${frame}`);
  const tol = options.tolerance ?? frame / 4;
  const hop = frame / 2;
  const n = x.length;
  if (outLength <= 0 || n === 0) return new Float64Array(Math.max(0, outLength));
  const win = new Float64Array(frame);
  for (let i = 0; i < frame; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame);
  const out = new Float64Array(outLength + frame);
  const wsum = new Float64Array(outLength + frame);
  const at = (i: number) => (i >= 0 && i < n ? x[i]! : 0);
  const alpha = n / outLength;
  let prev = 0;
  for (let k = 0; k * hop < outLength; k++) {
    const nominal = Math.round(k * hop * alpha);
    let pos = nominal;
    if (k > 0) {
      const natural = prev + hop;
      // normalized cross-correlation with the natural continuation: an unnormalized one
      // prefers louder candidates, and at ratio 1 would not pick the natural position itself
      let best = -Infinity;
      const p0 = Math.max(0, nominal - tol);
      let ep = 0;
      for (let i = 0; i < hop; i++) ep += at(p0 + i) ** 2;
      for (let p = p0; p <= Math.min(n - 1, nominal + tol); p++) {
        if (p > p0) ep = Math.max(0, ep - at(p - 1) ** 2 + at(p + hop - 1) ** 2);
        let c = 0;
        for (let i = 0; i < hop; i++) c += at(p + i) * at(natural + i);
        const score = c / Math.sqrt(ep + 1e-20);
        if (score > best) {
          best = score;
          pos = p;
        }
      }
    }
    const o = k * hop;
    for (let i = 0; i < frame; i++) {
      out[o + i]! += win[i]! * at(pos + i);
      wsum[o + i]! += win[i]!;
    }
    prev = pos;
  }
  const y = new Float64Array(outLength);
  for (let i = 0; i < outLength; i++) y[i] = wsum[i]! > 1e-6 ? out[i]! / wsum[i]! : 0;
  return y;
}
