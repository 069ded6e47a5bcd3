/**
 * The dataset registry: `loadDataset(name, dir)`.
 *
 * @module
 */
import { DatasetError } from '../../core/errors.js';
import type { Dataset } from '../manifest.js';
import { loadEmodb } from './emodb.js';
import { loadFsdd } from './fsdd.js';
import { loadCsvManifest } from './csv.js';
import { loadRavdess } from './ravdess.js';
import { loadTess } from './tess.js';
import { loadCremad } from './cremad.js';
import { loadSavee } from './savee.js';
import { loadIemocap } from './iemocap.js';
import type { LoaderOptions } from './options.js';
import { applyDuplicatePolicy } from './duplicates.js';

/** Names `loadDataset` knows. */
export const DATASET_NAMES = ['emodb', 'fsdd', 'ravdess', 'tess', 'cremad', 'savee', 'iemocap', 'synth', 'csv'] as const;
/** A dataset name. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/**
 * Load a dataset by name from `dir`: files that do not fit the naming scheme are skipped and
 * listed (`strict: true` refuses them), identical audio under two paths is refused (or reduced
 * to one copy with `duplicates: 'keep-first'`).
 */
export function loadDataset(name: string, dir: string, options: LoaderOptions = {}): Dataset {
  return applyDuplicatePolicy(loadByName(name, dir, options), options.duplicates ?? 'refuse');
}

function loadByName(name: string, dir: string, options: LoaderOptions): Dataset {
  switch (name) {
    case 'emodb':
      return loadEmodb(dir, options);
    case 'fsdd':
      return loadFsdd(dir, options);
    case 'ravdess':
      return loadRavdess(dir, options);
    case 'tess':
      return loadTess(dir, options);
    case 'cremad':
      return loadCremad(dir, options);
    case 'savee':
      return loadSavee(dir, options);
    case 'iemocap':
      return loadIemocap(dir);
    case 'synth':
      return loadCsvManifest(dir, 'synth');
    case 'csv':
      return loadCsvManifest(dir, 'csv');
    default:
      throw new DatasetError(dir, `unknown dataset "${name}" (known: ${DATASET_NAMES.join(', ')})`);
  }
}

export { loadEmodb, EMODB_EMOTIONS, EMODB_GENDERS } from './emodb.js';
export { loadFsdd } from './fsdd.js';
export { loadCsvManifest } from './csv.js';
export { loadRavdess } from './ravdess.js';
export { loadTess } from './tess.js';
export { loadCremad } from './cremad.js';
export { loadSavee } from './savee.js';
export { loadIemocap } from './iemocap.js';
export type { LoaderOptions, DuplicatePolicy } from './options.js';
export { applyDuplicatePolicy } from './duplicates.js';
export { CANONICAL_EMOTIONS, LABEL_TABLES, LABEL_ALIASES, canonicalLabel, codeTable, loaderLabels } from './labels.js';
export type { CanonicalEmotion, LabelMapping } from './labels.js';
