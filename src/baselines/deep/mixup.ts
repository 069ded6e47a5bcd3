/**
 * Mixup (Zhang et al. 2018, "mixup: Beyond Empirical Risk Minimization"): each training example
 * of a mini-batch is replaced by the convex combination lambda x_i + (1 - lambda) x_perm(i) of
 * itself and a partner from the same batch, and its target by the same combination of the two
 * targets, with one lambda ~ Beta(alpha, alpha) per batch.
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';

/** A Beta(alpha, alpha) deviate, as X / (X + Y) with X, Y ~ Gamma(alpha, 1) independent. */
export function sampleBeta(alpha: number, rng: Rng): number {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`sampleBeta: alpha must be finite and > 0, got ${alpha}`);
  for (;;) {
    const a = rng.gamma(alpha);
    const b = rng.gamma(alpha);
    if (a + b > 0) return a / (a + b);
  }
}

/** A mixed mini-batch (new arrays; the inputs are untouched). */
export interface MixedBatch {
  /** lambda x_i + (1 - lambda) x_perm(i), rows of `width` values. */
  readonly x: Float32Array;
  /** lambda y_i + (1 - lambda) y_perm(i), rows of `classes` values. */
  readonly y: Float32Array;
  /** Padding masks: the union (elementwise maximum) of the two examples' masks, rows of `maskWidth`. */
  readonly mask: Float32Array;
}

/**
 * Mix `n` examples with partners `perm` (a permutation of 0..n-1) and weight `lambda` in [0, 1].
 * `y` holds one target row per example (one-hot, or one-hot scaled by a class weight: the
 * cross-entropy is linear in the target, so mixing weighted targets weights each part by its
 * own class). The padding mask of a mixed example covers the frames of both.
 */
export function mixup(x: Float32Array, y: Float32Array, mask: Float32Array, n: number, lambda: number, perm: ArrayLike<number>): MixedBatch {
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`mixup: lambda must be in [0, 1], got ${lambda}`);
  if (perm.length !== n) throw new RangeError(`mixup: ${perm.length} partners for ${n} examples`);
  const mixRows = (a: Float32Array, what: string) => {
    if (a.length % n) throw new RangeError(`mixup: ${what} has ${a.length} values, not a multiple of ${n} examples`);
    const w = a.length / n;
    const out = new Float32Array(a.length);
    for (let i = 0; i < n; i++) {
      const j = perm[i]!;
      if (!(Number.isInteger(j) && j >= 0 && j < n)) throw new RangeError(`mixup: partner ${j} of example ${i} is not in [0, ${n})`);
      for (let k = 0; k < w; k++) out[i * w + k] = lambda * a[i * w + k]! + (1 - lambda) * a[j * w + k]!;
    }
    return out;
  };
  const m = new Float32Array(mask.length);
  const mw = mask.length / n;
  for (let i = 0; i < n; i++) for (let k = 0; k < mw; k++) m[i * mw + k] = Math.max(mask[i * mw + k]!, mask[perm[i]! * mw + k]!);
  return { x: mixRows(x, 'x'), y: mixRows(y, 'y'), mask: m };
}
