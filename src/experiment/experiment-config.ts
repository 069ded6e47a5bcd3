/**
 * Experiment configs: one file (JSON or YAML) that names the dataset, the protocol, the seeds
 * and the LSM, validated with zod (errors name the field, the value and the rule).
 *
 * @module
 */
import { z } from 'zod';
import { lsmConfigSchema, parseConfig, resolveLsmConfig } from './lsm-config.js';
import { configProtocol, type Protocol } from './protocols.js';
import { assertConfigFits } from './resources.js';
import { ConfigError } from '../core/errors.js';

/** Zod schema of the dataset a config names. */
export const datasetRefSchema = z
  .object({
    /** Loader (docs/real-corpora.md). */
    name: z.enum(['emodb', 'fsdd', 'ravdess', 'tess', 'cremad', 'savee', 'iemocap', 'synth', 'csv']),
    /** Dataset folder; relative paths are resolved against `$LSM_SER_DATA` when set, else the config's folder. */
    path: z.string().min(1),
    /** Only these speakers (default: all). */
    speakers: z.array(z.string()).optional(),
    /** true: refuse a file that does not fit the naming scheme (default: skip it and list it in the report). */
    strict: z.boolean().optional(),
    /** Identical audio under two paths: 'refuse' (default) or 'keep-first' (keep one, list the others in the report). */
    duplicates: z.enum(['refuse', 'keep-first']).optional(),
  })
  .strict();

/** The dataset a config names. */
export type DatasetRef = z.infer<typeof datasetRefSchema>;

/** Fields every run config (experiment, comparison) starts with. */
export const runConfigFields = {
  /** Config format version. */
  version: z.literal(1).default(1),
  /** Run name: results go to `<out>/<name>/`. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only')
    .refine((n) => n !== '.' && n !== '..', { message: 'must name a folder inside --out (not "." or "..")' }),
  /** Seeds to run, each once (each changes the reservoirs, the folds' shuffles, the models' initial state and searches). */
  seeds: z
    .array(z.number().int().min(0))
    .min(1)
    .refine((s) => new Set(s).size === s.length, { message: 'each seed at most once (a repeated seed would count its folds twice)' })
    .default([1]),
  /** The dataset: loader name and folder. */
  dataset: datasetRefSchema,
  /** loso | kfold[:K] | official | speakers:TRAIN/TEST | cross:TRAIN_DATASET[:PATH] (train on another corpus, test on `dataset`; docs/cross-corpus.md). */
  protocol: z.string().default('loso'),
  /** The training corpus of protocol `cross:NAME` when it needs more than a loader and a path (speakers, duplicates); its name must be NAME. */
  trainDataset: datasetRefSchema.optional(),
};

/** A ConfigError naming `source` when `trainDataset` is given without a cross-corpus protocol. */
export function checkTrainDataset(data: { trainDataset?: DatasetRef | undefined }, protocol: Protocol, source: string): void {
  if (data.trainDataset && protocol.kind !== 'cross')
    throw new ConfigError(`${source}: trainDataset`, `only used with protocol cross:${data.trainDataset.name}; the protocol here is not cross-corpus`);
  if (data.trainDataset && protocol.kind === 'cross' && data.trainDataset.name !== protocol.train)
    throw new ConfigError(`${source}: trainDataset.name`, `"${data.trainDataset.name}" differs from the protocol's training corpus "${protocol.train}"`);
}

/** Zod schema of an experiment config. */
export const experimentConfigSchema = z
  .object({
    ...runConfigFields,
    /** The LSM (every field optional; defaults as `configs/lsm-default.yaml`). */
    lsm: lsmConfigSchema.omit({ seed: true }).partial().default({}),
  })
  .strict();

/** A resolved experiment config. */
export type ExperimentConfig = z.infer<typeof experimentConfigSchema> & { readonly protocolSpec: Protocol };

/** Validate an experiment config object read from `source`. */
export function resolveExperimentConfig(input: unknown, source = 'experiment config'): ExperimentConfig {
  const data = parseConfig(experimentConfigSchema, input, source);
  // relations between fields (e.g. no features left) and the machine's limits, before anything runs
  assertConfigFits(resolveLsmConfig({ ...data.lsm, seed: data.seeds[0] }, `${source}: lsm`), `${source}: lsm`);
  const protocolSpec = configProtocol(data.protocol, source);
  checkTrainDataset(data, protocolSpec, source);
  return { ...data, protocolSpec };
}
