/**
 * Identical audio under two paths (a `copy/` folder, a file saved twice): found by the SHA-256
 * of each file's bytes, then refused or reduced to one copy.
 *
 * @module
 */
import { DatasetError } from '../../core/errors.js';
import { fileHash } from '../cache.js';
import type { Dataset, Utterance } from '../manifest.js';
import type { DuplicatePolicy } from './options.js';

/**
 * Apply a duplicate policy to a dataset: `'refuse'` throws a DatasetError naming the first
 * pair of identical files (and how many pairs there are); `'keep-first'` keeps the first
 * utterance (by id) of every group of identical files and lists the others in `duplicates`.
 * The hashes are memoized by path, size and mtime, so the feature cache reuses them.
 */
export function applyDuplicatePolicy(ds: Dataset, policy: DuplicatePolicy = 'refuse'): Dataset {
  const first = new Map<string, Utterance>();
  const pairs: { kept: string; dropped: string }[] = [];
  const keep: Utterance[] = [];
  for (const u of ds.utterances) {
    const h = fileHash(u.file);
    const prev = first.get(h);
    if (prev) pairs.push({ kept: prev.file, dropped: u.file });
    else {
      first.set(h, u);
      keep.push(u);
    }
  }
  if (pairs.length === 0) return ds;
  if (policy === 'refuse') {
    const p = pairs[0]!;
    throw new DatasetError(
      p.dropped,
      `identical audio to ${p.kept} (same SHA-256)${pairs.length > 1 ? `; ${pairs.length} duplicate files in all` : ''}: a copy in a test fold leaks its twin from training; remove the copies, or keep one of each with duplicates: keep-first (config dataset.duplicates, CLI --duplicates keep-first)`,
    );
  }
  return { ...ds, utterances: keep, duplicates: [...(ds.duplicates ?? []), ...pairs] };
}
