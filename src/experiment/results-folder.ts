/**
 * What experiment and comparison runs share: loading the dataset a config names, and claiming
 * a results folder for one config (a later run with a different config is refused).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, DatasetError } from '../core/errors.js';
import { processStartMs, removeStaleTemps, stableStringify, writeJsonAtomic } from '../core/fsutil.js';
import { provenance } from '../core/provenance.js';
import { loadDataset } from './datasets/index.js';
import { filterSpeakers, type Dataset } from './manifest.js';
import type { DatasetRef } from './experiment-config.js';

/** The dataset of a config: a relative path is resolved against `dataRoot` (default `$LSM_SER_DATA`, else the cwd); speakers filtered when listed. */
export function loadConfigDataset(ref: DatasetRef, dataRoot?: string): Dataset {
  const root = dataRoot ?? process.env.LSM_SER_DATA ?? process.cwd();
  const path = isAbsolute(ref.path) ? ref.path : resolve(root, ref.path);
  if (!isAbsolute(ref.path) && !existsSync(path)) {
    throw new DatasetError(
      path,
      `dataset folder does not exist (the config's relative path ${JSON.stringify(ref.path)} resolved against ${root}; set --data or LSM_SER_DATA to the folder that holds it)`,
    );
  }
  const ds = loadDataset(ref.name, path, {
    ...(ref.strict !== undefined ? { strict: ref.strict } : {}),
    ...(ref.duplicates ? { duplicates: ref.duplicates } : {}),
  });
  return ref.speakers ? filterSpeakers(ds, ref.speakers) : ds;
}

/**
 * Write `<dir>/config.json` (the config and the provenance) on the first run; on later runs
 * require the same config, else a ConfigError: "this results folder holds a different <kind> config".
 * Then remove the temporary files of interrupted writes older than this process.
 */
export function claimResultsFolder(dir: string, config: unknown, kind: string): void {
  const cfgPath = join(dir, 'config.json');
  if (existsSync(cfgPath)) {
    let prev: Record<string, unknown>;
    try {
      prev = JSON.parse(readFileSync(cfgPath, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(
        cfgPath,
        `cannot read this results folder's config (${(e as Error).message}); repair or delete the file, or choose another --out folder`,
        { cause: e },
      );
    }
    if (stableStringify(prev.config) !== stableStringify(config))
      throw new ConfigError(cfgPath, `this results folder holds a different ${kind} config; change the name or the --out folder`);
  } else writeJsonAtomic(cfgPath, { config, provenance: provenance() });
  removeStaleTemps(dir, processStartMs(), 1); // temporary files of interrupted earlier writes (here and in seed folders)
}
