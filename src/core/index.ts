/** Core: random generator, errors, units, matrices, progress, files, provenance. @module */
export { Rng, hashString32, lgamma } from './rng.js';
export {
  LsmSerError,
  WavFormatError,
  AudioError,
  DatasetError,
  ConfigError,
  ModelFormatError,
  BackendUnavailableError,
} from './errors.js';
export * from './units.js';
export type { ProgressEvent, ProgressCallback } from './progress.js';
export { noProgress } from './progress.js';
export type { Mat, Mat32 } from './matrix.js';
export { zerosMat, matFromRows, matRow, matToRows, selectRows, hconcat } from './matrix.js';
export { writeFileAtomic, writeJsonAtomic, readJson, sha256, stableStringify } from './fsutil.js';
export { VERSION, gitCommit, provenance } from './provenance.js';
export { typedToJson, typedFromJson } from './typed-json.js';
export type { TypedArrayJson } from './typed-json.js';
export type { Provenance } from './provenance.js';
