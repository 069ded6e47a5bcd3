/**
 * The CONFIG argument of the research tools (`diagnose`, `tune`): an experiment config (it
 * names the dataset and the protocol) or a bare LSM config (the dataset then comes from
 * `--dataset` and `--data`).
 *
 * @module
 */
import { dirname } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { readConfigFile } from './config-file.js';
import { loadDataset } from './datasets/index.js';
import { resolveExperimentConfig, type DatasetRef, type ExperimentConfig } from './experiment-config.js';
import { resolveLsmConfig, type LsmConfig } from './lsm-config.js';
import { loadConfigDataset } from './results-folder.js';
import type { Dataset } from './manifest.js';

/** A config file resolved for a research tool. */
export interface ToolConfig {
  /** The LSM config (from the experiment's `lsm` and its first seed, or the bare LSM config). */
  readonly lsm: LsmConfig;
  readonly dataset: Dataset;
  /** The dataset reference (for the configs the tools write). */
  readonly datasetRef: DatasetRef;
  /** The experiment config when the file is one. */
  readonly experiment: ExperimentConfig | null;
  /** The run name: the experiment's, or the file's base name. */
  readonly name: string;
}

/**
 * Read `file`: an object with `dataset` is an experiment config (its dataset path resolved
 * against `data`, else `$LSM_SER_DATA`, else the file's folder), anything else an LSM config
 * that needs `dataset` and `data`.
 */
export function readToolConfig(file: string, flags: { dataset?: string; data?: string } = {}): ToolConfig {
  const raw = readConfigFile(file);
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) throw new ConfigError(file, 'the config must be an object');
  const obj = (raw ?? {}) as Record<string, unknown>;
  const base = (file.split('/').pop() ?? 'config').replace(/\.(ya?ml|json)$/i, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'config';
  if ('dataset' in obj) {
    const experiment = resolveExperimentConfig(obj, file);
    const ref = flags.dataset ? { ...experiment.dataset, name: flags.dataset as DatasetRef['name'] } : experiment.dataset;
    const dataset = loadConfigDataset(ref, flags.data ?? process.env.LSM_SER_DATA ?? dirname(file));
    const lsm = resolveLsmConfig({ ...experiment.lsm, seed: experiment.seeds[0] }, `${file}: lsm`);
    return { lsm, dataset, datasetRef: { ...ref, path: dataset.root }, experiment, name: experiment.name };
  }
  if (!flags.dataset || !flags.data)
    throw new ConfigError(file, 'an LSM config names no dataset: give --dataset NAME and --data DIR (or use an experiment config with a dataset)');
  const lsm = resolveLsmConfig(obj, file);
  const dataset = loadDataset(flags.dataset, flags.data);
  return { lsm, dataset, datasetRef: { name: flags.dataset as DatasetRef['name'], path: dataset.root }, experiment: null, name: base };
}
