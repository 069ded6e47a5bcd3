/**
 * The classic baselines as {@link ModelSpec}s: utterance-level MFCC statistics (standardized
 * per speaker, as the LSM's features are) with an RBF SVM (C by grouped inner CV), or with an
 * extreme learning machine.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import type { Audio } from '../sourcefilter/audio.js';
import { ElmClassifier, type ElmOptions } from './elm.js';
import { mfccStatistics, MFCC_STATS_LENGTH } from './mfcc-stats.js';
import { standardizeByGroup } from '../readout/scaler.js';
import type { Clip, FitContext, FittedModel, ModelSpec } from './model.js';
import { checkTrainingLabels } from './model.js';
import { utteranceSvmModel } from './utterance-svm.js';

const featureMemo = new WeakMap<Audio, Float64Array>();

/** MFCC statistics of clips, standardized per speaker, as a Mat (memoized per Audio object). */
export function clipStatistics(clips: readonly Clip[], ctx?: Pick<FitContext, 'onProgress'>): Mat {
  const rows = clips.map((c, i) => {
    let v = featureMemo.get(c.audio);
    if (!v) {
      v = mfccStatistics(c.audio);
      featureMemo.set(c.audio, v);
    }
    if (i % 50 === 0) ctx?.onProgress?.({ phase: 'MFCC statistics', done: i, total: clips.length });
    return v;
  });
  const data = new Float64Array(clips.length * MFCC_STATS_LENGTH);
  rows.forEach((r, i) => data.set(r, i * MFCC_STATS_LENGTH));
  return standardizeByGroup(
    { data, rows: clips.length, cols: MFCC_STATS_LENGTH },
    clips.map((c) => c.speaker),
  );
}

/** Options of {@link mfccSvmModel}. */
export interface MfccSvmOptions {
  /** C grid; default [1, 10, 100]. */
  readonly C?: readonly number[];
  /** Inner folds; default 4. */
  readonly innerFolds?: number;
}

/** MFCC statistics (133) -> per-speaker standardization -> RBF SVM (gamma 'scale', C by inner CV). */
export function mfccSvmModel(options: MfccSvmOptions = {}): ModelSpec {
  return utteranceSvmModel({
    name: 'mfcc-svm',
    description: 'MFCC statistics (20 MFCC + deltas + delta-deltas, mean/std; energy, F0, ZCR; 133) + RBF SVM',
    features: (clips, ctx) => clipStatistics(clips, ctx),
    readout: { pca: 0, C: options.C ?? [1, 10, 100], gamma: ['scale'], innerFolds: options.innerFolds ?? 4 },
    info: (readout) => ({ C: readout.svm.options.C, gamma: readout.svm.options.gamma }),
  });
}

/** MFCC statistics -> per-speaker standardization -> extreme learning machine. */
export function elmModel(options: ElmOptions = {}): ModelSpec {
  return {
    name: 'elm',
    description: `MFCC statistics (133) + extreme learning machine (${options.hidden ?? 500} sigmoid units, ridge by inner CV)`,
    async fit(train: readonly Clip[], ctx: FitContext): Promise<FittedModel> {
      checkTrainingLabels('elm', train, ctx.labels);
      const X = clipStatistics(train, ctx);
      const elm = ElmClassifier.fit(
        X,
        train.map((c) => c.label),
        options,
        ctx.rng,
        train.map((c) => c.speaker),
      );
      return {
        trainableParameters: elm.trainableParameters,
        info: { hidden: elm.hidden, ridge: elm.ridge },
        async predict(clips) {
          return elm.predict(clipStatistics(clips));
        },
      };
    },
  };
}
