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
