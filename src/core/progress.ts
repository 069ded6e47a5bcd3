/**
 * Progress reporting: library calls take an optional {@link ProgressCallback}; the CLI turns
 * it into a progress bar on a TTY. Nothing in `src/` prints, except the CLI.
 *
 * @module
 */

/** One progress report. */
export interface ProgressEvent {
  /** What is being done, e.g. `"features"`, `"fold 3/8"`. */
  readonly phase: string;
  /** Units done so far (>= 0). */
  readonly done: number;
  /** Units in all (> 0), when known. */
  readonly total?: number;
  /** Optional free text (current file, ...). */
  readonly detail?: string;
}

/** Called at the start (`done = 0`), along the way, and at the end (`done = total`). */
export type ProgressCallback = (event: ProgressEvent) => void;

/** A callback that does nothing. */
export const noProgress: ProgressCallback = () => {};
