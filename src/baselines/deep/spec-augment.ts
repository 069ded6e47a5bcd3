/**
 * SpecAugment's frequency and time masking (Park et al. 2019, "SpecAugment: A Simple Data
 * Augmentation Method for Automatic Speech Recognition", section 2) on one log-mel spectrogram
 * stored frames x bands (row-major). Time warping, the third and least useful of the paper's
 * policies, is left out. Masked cells are set to `value`: 0 on the baselines' inputs, which are
 * standardized per speaker and band, i.e. the speaker's band mean (the paper masks with the
 * mean of the normalized spectrogram, which is 0 too).
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';

/** Masking policy (the paper's mF, F, mT, T and p). */
export interface SpecAugmentOptions {
  /** Frequency masks (mF). */
  readonly freqMasks: number;
  /** Maximum frequency-mask width F, in bands: each width is drawn uniformly from 0..F. */
  readonly freqMaskBands: number;
  /** Time masks (mT). */
  readonly timeMasks: number;
  /** Maximum time-mask width T, in frames: each width is drawn uniformly from 0..min(T, floor(p x length)). */
  readonly timeMaskFrames: number;
  /** Upper bound p on a time mask's width as a fraction of the utterance's frames. */
  readonly timeMaskFraction: number;
}

/** One applied mask: `axis`, first band or frame, width (bands or frames; may be 0). */
export interface SpecMask {
  readonly axis: 'frequency' | 'time';
  readonly start: number;
  readonly width: number;
}

/**
 * Mask `x` (frames x bands, the first `length` frames hold audio, the rest is padding and is left
 * alone) in place: `freqMasks` frequency masks [f0, f0 + f) with f uniform in 0..min(F, bands)
 * and f0 uniform in 0..bands - f, then `timeMasks` time masks [t0, t0 + t) with t uniform in
 * 0..min(T, floor(p length)) and t0 uniform in 0..length - t. Returns the masks drawn, in order.
 */
export function specAugment(x: Float32Array, frames: number, bands: number, length: number, o: SpecAugmentOptions, rng: Rng, value = 0): SpecMask[] {
  if (x.length !== frames * bands) throw new RangeError(`specAugment: ${x.length} values is not ${frames} frames x ${bands} bands`);
  if (!(Number.isInteger(length) && length >= 0 && length <= frames))
    throw new RangeError(`specAugment: length must be an integer in [0, ${frames}], got ${length}`);
  const out: SpecMask[] = [];
  const fMax = Math.min(o.freqMaskBands, bands);
  for (let k = 0; k < o.freqMasks; k++) {
    const width = rng.int(fMax + 1);
    const start = rng.int(bands - width + 1);
    for (let f = 0; f < length; f++) x.fill(value, f * bands + start, f * bands + start + width);
    out.push({ axis: 'frequency', start, width });
  }
  const tMax = Math.min(o.timeMaskFrames, Math.floor(o.timeMaskFraction * length));
  for (let k = 0; k < o.timeMasks; k++) {
    const width = rng.int(tMax + 1);
    const start = rng.int(length - width + 1);
    x.fill(value, start * bands, (start + width) * bands);
    out.push({ axis: 'time', start, width });
  }
  return out;
}
