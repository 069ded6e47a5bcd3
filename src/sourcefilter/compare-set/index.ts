/**
 * A ComParE-2016-style brute-force acoustic feature set (65 LLDs and their deltas x 54
 * functionals), written from the published definitions; see docs/compare-set.md.
 *
 * @module
 */
export { contourFunctionals, percentileSorted, FUNCTIONAL_NAMES, FUNCTIONAL_COUNT } from './functionals.js';
export {
  compareLlds,
  rastaFilter,
  COMPARE_LLD_NAMES,
  SPECTRAL_LLD_NAMES,
  VOICING_LLD_NAMES,
  AUDITORY_BANDS,
  MFCC_COUNT,
  LLD_WINDOW_S,
  LLD_HOP_S,
} from './lld.js';
export type { CompareLlds } from './lld.js';
export { compareFeatures, compareFeaturesOfLlds, contourDelta, COMPARE_FEATURE_NAMES, COMPARE_FEATURE_COUNT } from './features.js';
