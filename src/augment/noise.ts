/**
 * Additive noise for robustness tests and augmentation: white and pink (1/f) Gaussian noise,
 * babble from other utterances, and mixing at an exact signal-to-noise ratio.
 *
 * @module
 */
import FFT from 'fft.js';
import { AudioError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

/** Noise kinds of the robustness protocol. */
export type NoiseKind = 'white' | 'pink' | 'babble';

/** The noise kinds, in report order. */
export const NOISE_KINDS: readonly NoiseKind[] = ['white', 'pink', 'babble'];

/** `n` samples of zero-mean, unit-variance white Gaussian noise. */
export function whiteNoise(n: number, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/**
 * `n` samples of pink Gaussian noise (power spectral density proportional to 1/f, so equal
 * power per octave), unit variance. Shaped exactly in the frequency domain: random complex
 * Gaussian bins scaled by f^-1/2 (DC removed) over the next power of two, inverse FFT, cropped.
 */
export function pinkNoise(n: number, rng: Rng): Float64Array {
  if (n === 0) return new Float64Array(0);
  let size = 4;
  while (size < n) size *= 2;
  const fft = new FFT(size);
  const spec = fft.createComplexArray() as number[];
  for (let k = 1; k <= size / 2; k++) {
    const a = 1 / Math.sqrt(k);
    const re = rng.normal() * a;
    const im = k === size / 2 ? 0 : rng.normal() * a;
    spec[2 * k] = re;
    spec[2 * k + 1] = im;
    if (k !== size / 2) {
      spec[2 * (size - k)] = re;
      spec[2 * (size - k) + 1] = -im;
    }
  }
  const out = fft.createComplexArray() as number[];
  fft.inverseTransform(out, spec);
  const x = new Float64Array(n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    x[i] = out[2 * i]!;
    p += x[i]! * x[i]!;
  }
  const g = p > 0 ? 1 / Math.sqrt(p / n) : 0;
  for (let i = 0; i < n; i++) x[i]! *= g;
  return x;
}

/** Mean power (mean square) of a signal. */
export function power(x: ArrayLike<number>): number {
  let p = 0;
  for (let i = 0; i < x.length; i++) p += x[i]! * x[i]!;
  return x.length ? p / x.length : 0;
}

/**
 * Babble: the sum of `talkers` utterances chosen at random from `sources` (without repetition
 * while there are enough), each started at a random offset, looped to `n` samples and scaled
 * to unit power, then the sum scaled to unit power. Silent sources are skipped.
 */
export function babbleNoise(sources: readonly Float64Array[], n: number, rng: Rng, talkers = 4): Float64Array {
  const usable = sources.filter((s) => s.length > 0 && power(s) > 0);
  if (usable.length === 0) throw new AudioError('babble', 'no non-silent source utterances to make babble from');
  if (!(Number.isInteger(talkers) && talkers >= 1)) throw new RangeError(`talkers: must be a positive integer, got ${talkers}`);
  const out = new Float64Array(n);
  const order = rng.shuffle(usable.map((_, i) => i)) as number[];
  for (let t = 0; t < talkers; t++) {
    const s = usable[order[t % order.length]!]!;
    const g = 1 / Math.sqrt(power(s));
    const off = rng.int(s.length);
    for (let i = 0; i < n; i++) out[i]! += g * s[(off + i) % s.length]!;
  }
  const p = power(out);
  if (p > 0) for (let i = 0; i < n; i++) out[i]! /= Math.sqrt(p);
  return out;
}

/**
 * `clean + g * noise` with g chosen so that the power ratio of clean to scaled noise is exactly
 * `snrDb` decibels (powers over the whole signal). The noise is looped when shorter. Throws an
 * {@link AudioError} naming `source` when the clean signal is silent or the noise is.
 */
export function mixAtSnr(clean: Float64Array, noise: Float64Array, snrDb: number, source = 'audio'): Float64Array {
  if (!Number.isFinite(snrDb)) throw new RangeError(`snrDb: must be a finite number of decibels, got ${snrDb}`);
  const ps = power(clean);
  if (!(ps > 0)) throw new AudioError(source, 'silent audio cannot be mixed at a signal-to-noise ratio');
  if (noise.length === 0) throw new AudioError(source, 'empty noise signal');
  const n = clean.length;
  let pn = 0;
  for (let i = 0; i < n; i++) pn += noise[i % noise.length]! ** 2;
  pn /= n;
  if (!(pn > 0)) throw new AudioError(source, 'silent noise signal');
  const g = Math.sqrt(ps / (pn * 10 ** (snrDb / 10)));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = clean[i]! + g * noise[i % noise.length]!;
  return out;
}
