/**
 * `compare-svm`: the ComParE-style brute-force feature set ({@link compareFeatures}, 7020
 * functionals of 65 LLDs and their deltas), standardized per speaker (no labels), then a
 * standard scaler and a linear SVM (balanced class weights) with C chosen by speaker-grouped
 * inner cross-validation: the recipe of the openSMILE ComParE 2016 + linear SVM baseline (see
 * docs/compare-set.md). The SVM is trained on the unwhitened principal components of the
 * training part (see {@link COMPARE_SVM_PCA_VARIANCE}: the same linear SVM, faster).
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import type { Audio } from '../sourcefilter/audio.js';
import { compareFeatures, COMPARE_FEATURE_COUNT } from '../sourcefilter/compare-set/features.js';
import { standardizeByGroup } from '../readout/scaler.js';
import type { Clip, FitContext, ModelSpec } from './model.js';
import { utteranceSvmModel } from './utterance-svm.js';

const memo = new WeakMap<Audio, Float64Array>();

/** Default C grid of `compare-svm`'s inner search (linear SVM on thousands of standardized features). */
export const COMPARE_SVM_DEFAULT_C: readonly number[] = Object.freeze([1e-4, 1e-3, 1e-2, 1e-1]);

/**
 * Variance fraction of the principal components the linear SVM is trained on. A linear SVM
 * depends on the data only through dot products, and its weight vector lies in the span of the
 * (centred) training rows; unwhitened principal components keep those dot products, so the SVM
 * on all components is the SVM on the 7020 features, with one dimension per training row at
 * most (~20x fewer than the features on Emo-DB-2s). Keeping 99.99 % of the variance drops only
 * the numerically negligible remainder.
 */
export const COMPARE_SVM_PCA_VARIANCE = 0.9999;

/** ComParE-style features of clips, standardized per speaker, as a Mat (memoized per Audio object unless `cache` is false). */
export function clipCompareFeatures(clips: readonly Clip[], ctx?: Pick<FitContext, 'onProgress'>, cache = true): Mat {
  const d = COMPARE_FEATURE_COUNT;
  const data = new Float64Array(clips.length * d);
  clips.forEach((c, i) => {
    let v = cache ? memo.get(c.audio) : undefined;
    if (!v) {
      v = compareFeatures(c.audio);
      if (cache) memo.set(c.audio, v);
    }
    data.set(v, i * d);
    if (i % 25 === 0) ctx?.onProgress?.({ phase: 'ComParE-style features', done: i, total: clips.length });
  });
  return standardizeByGroup(
    { data, rows: clips.length, cols: d },
    clips.map((c) => c.speaker),
  );
}

/** Options of {@link compareSvmModel}. */
export interface CompareSvmOptions {
  /** C grid of the speaker-grouped inner search; default {@link COMPARE_SVM_DEFAULT_C}. */
  readonly C?: readonly number[];
  /** Inner folds; default 4. */
  readonly innerFolds?: number;
}

/** ComParE-style features (7020) -> per-speaker standardization -> linear SVM (C by grouped inner CV). */
export function compareSvmModel(options: CompareSvmOptions = {}): ModelSpec {
  return utteranceSvmModel({
    name: 'compare-svm',
    description: `ComParE-style brute-force set (65 LLDs + deltas x 54 functionals; ${COMPARE_FEATURE_COUNT}) + linear SVM`,
    features: clipCompareFeatures,
    readout: {
      pca: COMPARE_SVM_PCA_VARIANCE,
      whiten: false,
      kernel: 'linear',
      C: options.C ?? COMPARE_SVM_DEFAULT_C,
      gamma: ['scale'],
      innerFolds: options.innerFolds ?? 4,
    },
    info: (readout) => ({ C: readout.svm.options.C, features: COMPARE_FEATURE_COUNT }),
  });
}
