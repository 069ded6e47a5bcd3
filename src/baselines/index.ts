/**
 * Baseline models for `lsm-ser compare`: the shared model interface, log-mel and MFCC
 * features, the extreme learning machine, and the deep models (TensorFlow.js, loaded lazily).
 * Builds on core, sourcefilter and readout.
 *
 * @packageDocumentation
 */
export type { Clip, FitContext, FittedModel, ModelSpec } from './model.js';
export { standardizeRowsByGroup } from './model.js';
export { logMelSpectrogram, dctRows, deltas } from './spectrogram.js';
export type { LogMelOptions } from './spectrogram.js';
export { mfccStatistics, MFCC_STATS_LENGTH, MFCC_STATS_NAMES } from './mfcc-stats.js';
export { ElmClassifier } from './elm.js';
export type { ElmOptions } from './elm.js';
export { mfccSvmModel, elmModel, clipStatistics } from './classic.js';
export type { MfccSvmOptions } from './classic.js';
export { egemapsSvmModel, egemapsVector, egemapsMatrix } from './egemaps-svm.js';
export type { EgemapsSvmOptions } from './egemaps-svm.js';
export { deepModel, validationSplit } from './deep/deep-model.js';
export type { DeepFittedModel, DeepModelSpec, TrainingEpoch } from './deep/deep-model.js';
export { DEEP_DEFAULTS, resolveDeepOptions, learningRateAt } from './deep/recipe.js';
export type { DeepOptions, ResolvedDeepOptions, ScheduleSteps } from './deep/recipe.js';
export { specAugment } from './deep/spec-augment.js';
export type { SpecAugmentOptions, SpecMask } from './deep/spec-augment.js';
export { mixup, sampleBeta } from './deep/mixup.js';
export type { MixedBatch } from './deep/mixup.js';
export { AdamW, decayWeightsOnly } from './deep/adamw.js';
export type { AdamWOptions } from './deep/adamw.js';
export { EarlyStopping } from './deep/early-stopping.js';
export { compareSvmModel, clipCompareFeatures, COMPARE_SVM_DEFAULT_C, COMPARE_SVM_PCA_VARIANCE } from './compare-svm.js';
export type { CompareSvmOptions } from './compare-svm.js';
export { DEEP_ARCHS, TIME_REDUCTION } from './deep/networks.js';
export type { DeepArch } from './deep/networks.js';
export { loadTf } from './deep/tf.js';
export type { TfBackend } from './deep/tf.js';
