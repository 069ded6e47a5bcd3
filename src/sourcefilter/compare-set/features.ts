/**
 * The ComParE-style brute-force feature vector of one utterance: every LLD contour
 * ({@link compareLlds}) and its delta, each summarized by every functional
 * ({@link contourFunctionals}). Energy and spectral LLDs and `voicingProb` over all frames;
 * F0, log HNR, jitter and shimmer over the voiced frames only (their deltas over the voiced
 * sequence), as ComParE does for its voicing descriptors.
 *
 * @module
 */
import type { Audio } from '../audio.js';
import { contourFunctionals, FUNCTIONAL_COUNT, FUNCTIONAL_NAMES } from './functionals.js';
import { compareLlds, SPECTRAL_LLD_NAMES, VOICING_LLD_NAMES, type CompareLlds } from './lld.js';

/** Regression deltas of a contour over +-`width` frames (edges repeated): sum k (x[t+k] - x[t-k]) / (2 sum k^2). */
export function contourDelta(x: Float64Array, width = 2): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let den = 0;
  for (let k = 1; k <= width; k++) den += 2 * k * k;
  const at = (t: number) => x[Math.min(n - 1, Math.max(0, t))]!;
  for (let t = 0; t < n; t++) {
    let acc = 0;
    for (let k = 1; k <= width; k++) acc += k * (at(t + k) - at(t - k));
    out[t] = acc / den;
  }
  return out;
}

/** LLD names in the order their contours are summarized (each followed by its delta, `_de`). */
const CONTOUR_NAMES: readonly string[] = [...SPECTRAL_LLD_NAMES, ...VOICING_LLD_NAMES].flatMap((n) => [n, `${n}_de`]);

/** Names of the features, `<lld>[_de]_<functional>`, in vector order. */
export const COMPARE_FEATURE_NAMES: readonly string[] = Object.freeze(CONTOUR_NAMES.flatMap((c) => FUNCTIONAL_NAMES.map((f) => `${c}_${f}`)));

/** Length of {@link compareFeatures}' vector: (59 + 6) LLDs x 2 (with deltas) x 54 functionals = 7020. */
export const COMPARE_FEATURE_COUNT = COMPARE_FEATURE_NAMES.length;

/** The feature vector of already computed LLDs (see {@link compareFeatures}). */
export function compareFeaturesOfLlds(l: CompareLlds): Float64Array {
  const out = new Float64Array(COMPARE_FEATURE_COUNT);
  let o = 0;
  const add = (c: Float64Array) => {
    contourFunctionals(c, l.frameRate, out, o);
    o += FUNCTIONAL_COUNT;
    contourFunctionals(contourDelta(c), l.frameRate, out, o);
    o += FUNCTIONAL_COUNT;
  };
  for (const c of l.spectral) add(c);
  add(l.voicingProb);
  for (const c of l.voiced) add(c);
  return out;
}

/**
 * The {@link COMPARE_FEATURE_COUNT} ComParE-style features of `audio` (names:
 * {@link COMPARE_FEATURE_NAMES}); deterministic, finite for any non-silent finite audio.
 */
export function compareFeatures(audio: Audio): Float64Array {
  return compareFeaturesOfLlds(compareLlds(audio));
}
