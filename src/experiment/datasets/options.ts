/** Options common to the dataset loaders. @module */

/** What a load does with identical audio files (same bytes) under two paths. */
export type DuplicatePolicy = 'refuse' | 'keep-first';

/** Options of every loader. */
export interface LoaderOptions {
  /**
   * `true`: throw on a file that does not fit the naming scheme. Default `false`: skip it and
   * list it in the dataset's `skipped` (known quirks of the real releases are read, not skipped).
   */
  readonly strict?: boolean;
  /**
   * Identical audio (the same bytes, by SHA-256) under two paths: `'refuse'` (default: a
   * DatasetError naming both paths, since a copy in a test fold leaks its training twin) or
   * `'keep-first'` (keep the first by id, list the others in the dataset's `duplicates`).
   */
  readonly duplicates?: DuplicatePolicy;
}
