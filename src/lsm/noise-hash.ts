/**
 * Counter-based noise for the background noise current (`LifNetwork.noise`): a value per
 * (seed, lane, step, neuron) computed from those four integers alone, with 32-bit integer
 * arithmetic and four uniforms summed (Irwin-Hall), so the JavaScript loop, the WebAssembly
 * kernel and a WGSL shader compute the same numbers without carrying generator state.
 *
 * @module
 */

/** One round of the lowbias32 integer hash (Chris Wellons), on uint32. */
export function hash32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

/**
 * Approximately standard-normal value (dimensionless; mean 0, variance 1, support +-2*sqrt(3))
 * for (seed, lane, step, neuron): the sum of four uniforms in [0, 1) from chained hashes,
 * minus 2, times sqrt(3). Each uniform is `h >>> 8` / 2^24, exact in f32 and f64.
 */
export function noiseNormal(seed: number, lane: number, step: number, neuron: number): number {
  let h = hash32((seed ^ Math.imul(lane, 0x9e3779b9)) >>> 0);
  h = hash32((h ^ step) >>> 0);
  h = hash32((h ^ neuron) >>> 0);
  let sum = 0;
  for (let k = 0; k < 4; k++) {
    h = hash32((h + 0x6d2b79f5) >>> 0);
    sum += (h >>> 8) / 16777216;
  }
  return (sum - 2) * 1.7320508075688772;
}

/**
 * The part of {@link noiseNormal} that depends on (seed, lane, step) only, hoisted out of the
 * loop over neurons: `noiseNormalAt(noiseKey(seed, lane, step), neuron)` equals
 * `noiseNormal(seed, lane, step, neuron)` bit for bit.
 */
export function noiseKey(seed: number, lane: number, step: number): number {
  return hash32((hash32((seed ^ Math.imul(lane, 0x9e3779b9)) >>> 0) ^ step) >>> 0);
}

/** {@link noiseNormal} for the neuron `neuron` from the key of its (seed, lane, step) ({@link noiseKey}); dimensionless. */
export function noiseNormalAt(key: number, neuron: number): number {
  let h = hash32((key ^ neuron) >>> 0);
  let sum = 0;
  for (let k = 0; k < 4; k++) {
    h = hash32((h + 0x6d2b79f5) >>> 0);
    sum += (h >>> 8) / 16777216;
  }
  return (sum - 2) * 1.7320508075688772;
}
