/** Readout: scaler, PCA, SVM (libsvm and ml-svm), model selection, metrics. @module */
export { StandardScaler, assertFiniteMat, standardizeByGroup } from './scaler.js';
export { Pca, DEFAULT_PCA_OPTIONS, resolvePcaOptions } from './pca.js';
export type { PcaOptions, ResolvedPcaOptions } from './pca.js';
export { SvmClassifier, DEFAULT_SVM_OPTIONS, resolveSvmOptions, loadLibsvm, scaleGamma } from './svm.js';
export type { SvmOptions, ResolvedSvmOptions, ClassWeight } from './svm.js';
export { parseLibsvmModel, libsvmDecision, libsvmProbability } from './svm-model.js';
export type { LibsvmModel } from './svm-model.js';
export { gridSearchSvm, innerFolds, DEFAULT_GRID_SEARCH_OPTIONS, resolveGridSearchOptions } from './model-selection.js';
export type { GridSearchOptions, GridPoint, InnerCv } from './model-selection.js';
export { classificationReport, meanStd } from './metrics.js';
export type { ClassificationReport, ClassFigures } from './metrics.js';
export { Readout, DEFAULT_READOUT_OPTIONS, resolveReadoutOptions } from './readout.js';
export type { ReadoutOptions, ResolvedReadoutOptions } from './readout.js';
export {
  pairedBootstrapUar,
  pairedBootstrapUarRuns,
  groupDifferences,
  signTest,
  wilcoxonSignedRank,
  comparePaired,
  unweightedAverageRecall,
  quantileSorted,
  normalUpperTail,
  WILCOXON_EXACT_MAX_N,
  TIE_TOLERANCE,
} from './statistics.js';
export type { PairedBootstrapOptions, PairedBootstrapResult, GroupDifference, PairedTestResult, PairedComparison } from './statistics.js';
export { fitRidge, predictRidge, choleskySolve } from './ridge.js';
export type { RidgeFit } from './ridge.js';
export { StateProjection, oneStepPredictor, modelSpaceLength, resolveModelSpaceOptions, DEFAULT_MODEL_SPACE_OPTIONS } from './model-space.js';
export type { ModelSpaceOptions, ResolvedModelSpaceOptions } from './model-space.js';
export { BlockResidualizer } from './residualize.js';
export type { ResidualizeOptions } from './residualize.js';
export { FrameReadout, fuseScores, argmaxLabels } from './frame-readout.js';
export type { FrameReadoutOptions } from './frame-readout.js';
export { rbfGram, rbfModelText, rbfModelFromPrecomputed, roundRows8, formatG, precomputedRows } from './svm-kernel.js';
export { symmetricEigen } from './symmetric-eigen.js';
export type { SymmetricEigen } from './symmetric-eigen.js';
export { gramEigen, covarianceEigen, mlPcaEigen } from './pca-solvers.js';
export type { PcaSpectrum } from './pca-solvers.js';
export { READOUT_TASKS, INLINE_RUNNER, inlineRunner, reduceTask, innerTask, fitTask, fitFromOutput } from './readout-tasks.js';
export type {
  TaskRunner,
  TaskTimer,
  ReadoutTaskName,
  TaskInput,
  TaskOutput,
  ReduceInput,
  ReduceOutput,
  InnerInput,
  FitInput,
  FitOutput,
  SvmBase,
} from './readout-tasks.js';
export { readoutPool, readoutRunner, closeReadoutPool, resolveReadoutWorkers, MIN_POOLED_ROWS } from './readout-pool.js';
