/** Experiments: datasets, protocols, feature cache, the end-to-end LSM pipeline. @module */
export type { Utterance, Dataset, CrossCorpusInfo } from './manifest.js';
export { crossCorpusDataset, loadProtocolDataset } from './cross-corpus.js';
export { makeDataset, datasetCounts, speakersOf, filterSpeakers } from './manifest.js';
export * from './datasets/index.js';
export type { Protocol, Fold } from './protocols.js';
export { makeFolds, parseProtocol } from './protocols.js';
export { FeatureCache, cacheKey, fileHash, reservoirsDigest } from './cache.js';
export { estimateReservoirs, assertConfigFits, MEMORY_FRACTION, BUILD_BYTES_PER_SYNAPSE, LANES_PER_WORKER, NEURON_UPDATES_PER_S } from './resources.js';
export type { ReservoirEstimate, MachineLimits } from './resources.js';
export { lsmConfigSchema, resolveLsmConfig, formatIssues, DEFAULT_FEATURE_COMBINE, DEFAULT_INPUT_DRIVE, FEATURE_COMBINATIONS } from './lsm-config.js';
export type { LsmConfig, LsmConfigInput, ReservoirConfig, ReservoirMemberConfig, ReservoirUnit, FeatureCombination } from './lsm-config.js';
export { reservoirUnits, readoutOptions } from './lsm-config.js';
export { readConfigFile } from './config-file.js';
export {
  extractFeatures,
  extractFeatureSet,
  featureUnits,
  blockLayout,
  buildRoleReservoir,
  roleChannels,
  roleInput,
  configChannels,
  ChannelMemo,
  channelStatistics,
  activeRoles,
  withAnalysisRate,
  featureConfigKey,
  FEATURE_REVISION,
  ROLES,
  channelMomentsDigest,
} from './features.js';
export type { Role, ExtractOptions, ExtractedFeatures, FeatureUnit, Reservoirs, RoleChannelMoments } from './features.js';
export { trainingChannelMoments, poolSpeakerMoments, channelMomentsToJSON, loadChannelMoments } from './channel-moments.js';
export {
  fitFoldRepresentation,
  representationBlocks,
  joinedTrace,
  needsTraces,
  needsFeatureSet,
  controlConfig,
  assertStatisticsReadout,
  fitCombination,
  combineBlocks,
} from './representation.js';
export type { FeatureSet, FoldRepresentationResult } from './representation.js';
export { LsmModel, evaluateProtocol, buildReservoirs, speakerNormalize, fitFallbackScaler, extractModelBlocks, MIN_SPEAKER_UTTERANCES } from './pipeline.js';
export type { PipelineRunOptions, FoldResult, EvaluationResult } from './pipeline.js';
export { experimentConfigSchema, resolveExperimentConfig } from './experiment-config.js';
export type { ExperimentConfig } from './experiment-config.js';
export { runExperiment, summaryMarkdown, parseShard } from './runner.js';
export type { RunExperimentOptions, ExperimentSummary, FoldRecord } from './runner.js';
export { evaluateFold, datasetFeatures, datasetFeatureSet } from './pipeline.js';
export { runSweep, reservoirForUnits } from './sweep.js';
export type { SweepRow } from './sweep.js';
export { writeRunReports, writeSweepReports } from './run-report.js';
export { compareConfigSchema, resolveCompareConfig, COMPARE_MODELS } from './compare-config.js';
export type { CompareConfig, CompareModelName } from './compare-config.js';
export { runCompare, noisyClips, babbleSourceOf, augmentedTraining, conditionNames, readCompareRecords, compareDataset } from './compare.js';
export type { CompareRecord, CleanPredictions, ConditionScore, RunCompareOptions } from './compare.js';
export { compareRows, compareMarkdown, innerCvFallbacks, writeCompareReport, compareChartSpec, noiseChartSpec } from './compare-report.js';
export type { CompareRow } from './compare-report.js';
export {
  pairedRows,
  pairModels,
  pairedMarkdown,
  rankedIntervals,
  rankedIntervalSpec,
  modelsWithoutPredictions,
  COMPARE_BOOTSTRAP_RESAMPLES,
} from './compare-stats.js';
export type { PairedRow, RankedInterval } from './compare-stats.js';
export { lsmModelSpec } from './lsm-model-spec.js';
export { writeTrainingCurves, replotTrainingCurves, recordHistory, curveStem } from './training-curves.js';
export { LITERATURE } from './literature.js';
export type { LiteratureFigure } from './literature.js';
export { runDecompose } from './decompose-report.js';
export type { DecomposeSummary, RunDecomposeOptions } from './decompose-report.js';
export { diagnoseReservoirs, stratifiedSample, DEFAULT_MEMORY_LAGS } from './diagnose.js';
export type { DiagnoseOptions, DiagnoseReport, RoleDiagnostics } from './diagnose.js';
export { diagnoseMarkdown, writeDiagnoseReport } from './diagnose-report.js';
export { tuneSpaceSchema, resolveTuneSpace, sampleTrials, applyParams, rungFolds } from './tune-space.js';
export type { TuneSpace, ParameterSpec, TrialParams } from './tune-space.js';
export { runTune, searchOnSpeakers, innerSpeakerFolds, readTrials, runnableConfig } from './tune.js';
export type { TuneOptions, TuneSummary, SearchResult, TrialRecord, OuterRecord } from './tune.js';
export { tuneMarkdown, tuneScatterSpec, writeTuneReport } from './tune-report.js';
export { readToolConfig } from './tool-config.js';
export type { ToolConfig } from './tool-config.js';
