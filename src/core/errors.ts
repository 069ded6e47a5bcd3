/**
 * Error classes of lsm-ser. Each names what went wrong and, where there is one, the file.
 * Wrong kinds of value throw the built-in `TypeError`, wrong values `RangeError`
 * (with the field, the value and the constraint in the message).
 *
 * @module
 */

/** Base class: every lsm-ser specific error is an `LsmSerError`. */
export class LsmSerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A WAV file that cannot be read correctly: names the file and the problem. */
export class WavFormatError extends LsmSerError {
  /** Path (or label) of the offending file. */
  readonly file: string;
  /** What is wrong, without the file name. */
  readonly problem: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.file = file;
    this.problem = problem;
  }
}

/** Audio that is readable but unusable (empty, NaN/Inf samples, wrong rate for the job). */
export class AudioError extends LsmSerError {
  readonly file: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.file = file;
  }
}

/** A dataset folder or manifest that does not fit its scheme (unknown label, bad name, empty). */
export class DatasetError extends LsmSerError {
  readonly file: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.file = file;
  }
}

/** A configuration value that is not allowed: names the field, the value and what is allowed. */
export class ConfigError extends LsmSerError {
  readonly field: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.field = field;
  }
}

/** A saved model or component file that is corrupt or of an incompatible type/version. */
export class ModelFormatError extends LsmSerError {
  readonly file: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.file = file;
  }
}

/** A requested compute backend that is not available (e.g. no GPU) under `onUnavailable: 'error'`. */
export class BackendUnavailableError extends LsmSerError {}

/** An experiment that ran to the end but not cleanly (e.g. some folds failed); its results are written. */
export class ExperimentError extends LsmSerError {}
