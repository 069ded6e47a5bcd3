/** Options common to the dataset loaders. @module */

/** Options of every loader. */
export interface LoaderOptions {
  /** Throw on files that do not fit the naming scheme (default) or skip and report them. */
  readonly strict?: boolean;
}
