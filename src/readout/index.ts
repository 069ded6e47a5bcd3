/** Readout: scaler, PCA, SVM (libsvm and ml-svm), model selection, metrics. @module */
export { StandardScaler, assertFiniteMat } from './scaler.js';
export { Pca } from './pca.js';
export type { PcaOptions } from './pca.js';
export { SvmClassifier, loadLibsvm } from './svm.js';
export type { SvmOptions } from './svm.js';
export { parseLibsvmModel, libsvmDecision } from './svm-model.js';
export type { LibsvmModel } from './svm-model.js';
export { gridSearchSvm, innerFolds } from './model-selection.js';
export type { GridSearchOptions, GridPoint } from './model-selection.js';
export { classificationReport, meanStd } from './metrics.js';
export type { ClassificationReport, ClassFigures } from './metrics.js';
export { Readout } from './readout.js';
export type { ReadoutOptions } from './readout.js';
