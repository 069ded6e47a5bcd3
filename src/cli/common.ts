/**
 * Helpers shared by the CLI commands: dataset and config flags, model files.
 *
 * @module
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { ModelFormatError } from '../core/errors.js';
import { loadDataset } from '../experiment/datasets/index.js';
import { filterSpeakers, type Dataset } from '../experiment/manifest.js';
import { readConfigFile } from '../experiment/config-file.js';
import { LsmModel } from '../experiment/pipeline.js';
import { resolveLsmConfig, type LsmConfig } from '../experiment/lsm-config.js';
import { parseIntFlag } from './io.js';

/** Load `--dataset NAME --data DIR [--speakers a,b] [--strict] [--duplicates refuse|keep-first]`. */
export function datasetFromFlags(o: { dataset: string; data: string; speakers?: string; strict?: boolean; duplicates?: string }): Dataset {
  if (o.duplicates !== undefined && o.duplicates !== 'refuse' && o.duplicates !== 'keep-first')
    throw new RangeError(`--duplicates: expected refuse or keep-first, got ${JSON.stringify(o.duplicates)}`);
  const ds = loadDataset(o.dataset, o.data, {
    ...(o.strict ? { strict: true } : {}),
    ...(o.duplicates ? { duplicates: o.duplicates as 'refuse' | 'keep-first' } : {}),
  });
  return o.speakers
    ? filterSpeakers(
        ds,
        o.speakers
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
    : ds;
}

/**
 * The LSM config of `--config FILE` (or the defaults), with `--seed` on top when given,
 * validated; errors name the file (or "--seed").
 */
export function configFromFlags(o: { config?: string; seed?: string }): LsmConfig {
  const base = o.config ? readConfigFile(o.config) : {};
  if (base === null || typeof base !== 'object' || Array.isArray(base)) throw new RangeError(`${o.config}: the config must be an object`);
  const cfg = { ...(base as Record<string, unknown>) };
  if (o.seed !== undefined) cfg.seed = parseIntFlag('--seed', o.seed, 0);
  return resolveLsmConfig(cfg, o.config ?? 'config');
}

/** Read a model file with clear errors. */
export function readModel(path: string): LsmModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ModelFormatError(path, `cannot read model file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(path, `corrupt model file: not valid JSON (${(e as Error).message})`);
  }
  return LsmModel.load(json, path);
}

/**
 * The dataset flags of the tools that take an experiment config or an LSM config (`diagnose`,
 * `tune`): `--dataset` and `--data`, with one help text.
 */
export function withToolDataset(cmd: Command): Command {
  return cmd
    .option('--dataset <name>', 'dataset name (needed with an LSM config)')
    .option(
      '--data <dir>',
      "dataset folder (LSM config), or the folder relative dataset paths of an experiment config resolve against (default $LSM_SER_DATA, else the config's folder)",
    );
}
