/** Experiments: datasets, protocols, feature cache, the end-to-end LSM pipeline. @module */
export type { Utterance, Dataset } from './manifest.js';
export { makeDataset, datasetCounts, speakersOf, filterSpeakers } from './manifest.js';
export * from './datasets/index.js';
export type { Protocol, Fold } from './protocols.js';
export { makeFolds, parseProtocol } from './protocols.js';
export { FeatureCache, cacheKey, fileHash } from './cache.js';
export { lsmConfigSchema, resolveLsmConfig, formatIssues } from './lsm-config.js';
export type { LsmConfig, LsmConfigInput, ReservoirConfig } from './lsm-config.js';
export { readConfigFile } from './config-file.js';
export { extractFeatures, buildRoleReservoir, roleChannels, channelStatistics, ROLES, PROSODY_CHANNELS } from './features.js';
export type { Role, ExtractOptions } from './features.js';
export { LsmModel, evaluateProtocol, buildReservoirs, speakerNormalize } from './pipeline.js';
export type { PipelineRunOptions, FoldResult, EvaluationResult } from './pipeline.js';
export { experimentConfigSchema, resolveExperimentConfig } from './experiment-config.js';
export type { ExperimentConfig } from './experiment-config.js';
export { runExperiment, summaryMarkdown } from './runner.js';
export type { RunExperimentOptions, ExperimentSummary, FoldRecord } from './runner.js';
export { evaluateFold, datasetFeatures } from './pipeline.js';
