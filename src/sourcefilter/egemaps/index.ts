/**
 * eGeMAPS v02 (Eyben et al. 2016, "The Geneva Minimalistic Acoustic Parameter Set"), implemented
 * from the paper: 25 frame-level LLDs, the 88 utterance functionals, and the tools to check
 * them against openSMILE's reference outputs.
 *
 * @module
 */
export {
  egemapsLlds,
  smoothedLlds,
  egemapsFrameCount,
  EGEMAPS_LLD_NAMES,
  EGEMAPS_LLD_COUNT,
  EGEMAPS_VOICED_GROUP_START,
  UNDEFINED_AMPLITUDE_DB,
  EGEMAPS_REVISION,
} from './lld.js';
export type { EgemapsLlds, EgemapsLldOptions } from './lld.js';
export { egemapsFunctionals, EGEMAPS_FUNCTIONAL_NAMES, EGEMAPS_FUNCTIONAL_COUNT } from './functionals.js';
export { parseOpenSmileCsv, agreement } from './agreement.js';
export type { OpenSmileCsv, Agreement } from './agreement.js';
export type { ShsPitchOptions, PitchTrack } from './pitch.js';
export type { FormantMethod } from './formants.js';
export { egemapsStreamChannels, EGEMAPS_SOURCE_LLDS, EGEMAPS_TRACT_LLDS, EGEMAPS_STREAM_CHANNELS, EGEMAPS_CHANNEL_SCALES } from './reservoir-channels.js';
