/** Source-filter front end: WAV I/O, resampling, LPC decomposition, band representations, F0. @module */
export type { Audio } from './audio.js';
export { audioDuration } from './audio.js';
export { readWav, decodeWav, writeWav, encodeWav } from './wav.js';
export type { ReadWavOptions, WriteWavOptions } from './wav.js';
export { parseWavLayout, MIN_SAMPLE_RATE, MAX_SAMPLE_RATE } from './riff.js';
export type { WavLayout } from './riff.js';
export { resample } from './resample.js';
export type { ResampleOptions } from './resample.js';
export { trimSilence } from './trim.js';
export type { TrimOptions } from './trim.js';
export { loadAudio, prepareAudio, atRate, checkSampleRate, recordingRate, analysisRate } from './load.js';
export type { LoadAudioOptions, PrepareAudioOptions, AnalysisRate } from './load.js';
export {
  frontEndChannels,
  streamChannels,
  streamChannelCount,
  prosodyChannels,
  onOffChannels,
  concatChannels,
  channelMoments,
  normalizeChannels,
  STREAMS,
  PROSODY_CHANNELS,
} from './channels.js';
export type { Stream, ChannelOptions, ChannelNormalization, ChannelMoments, FrontEndOptions, FrontEndChannels } from './channels.js';
export { autocorrelation, lagWindow, levinson } from './lpc.js';
export type { LpcResult } from './lpc.js';
export { hzToMel, melToHz, hzToBark, barkToHz, makeFilterBank, applyFilterBank } from './melbank.js';
export type { FilterBank } from './melbank.js';
export { estimateF0 } from './f0.js';
export type { F0Options, F0Track } from './f0.js';
export { resolveSourceFilterOptions, DEFAULT_SOURCE_FILTER_OPTIONS } from './options.js';
export type { SourceFilterOptions, ResolvedSourceFilterOptions, BandNormalization } from './options.js';
export { decompose, resynthesize, preEmphasize, deemphasize, snrDb } from './decompose.js';
export type { SourceFilter } from './decompose.js';
export { frameSpectrum } from './spectrum.js';
export type { FrameSpectrum } from './spectrum.js';
