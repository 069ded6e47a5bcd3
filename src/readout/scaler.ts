/**
 * Per-column standardization (z-scores). Zero-variance columns keep scale 1, so no NaN ever.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { ModelFormatError } from '../core/errors.js';
import { finiteArray } from '../core/finite-json.js';

/** Throw RangeError when `m` is malformed (data length not rows x cols) or naming its first non-finite cell. */
export function assertFiniteMat(m: Mat, what = 'features'): void {
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0 || m.data.length !== m.rows * m.cols) {
    throw new RangeError(`${what}: ${m.data.length} values for ${m.rows} x ${m.cols} (a malformed matrix)`);
  }
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i]!)) throw new RangeError(`${what}: row ${Math.floor(i / m.cols)}, column ${i % m.cols} is ${m.data[i]} (must be finite)`);
  }
}

/** A fitted standard scaler: `transform(X) = (X - mean) / scale`. */
export class StandardScaler {
  /** Column means (d). */
  readonly mean: Float64Array;
  /** Column standard deviations (population, n); 1 for (near-)constant columns (std <= 1e-12). */
  readonly scale: Float64Array;
  private constructor(mean: Float64Array, scale: Float64Array) {
    this.mean = mean;
    this.scale = scale;
  }

  /** Fit column means and standard deviations (population) on the rows of X (finite values). */
  static fit(X: Mat): StandardScaler {
    assertFiniteMat(X);
    const { rows, cols, data } = X;
    if (rows === 0) throw new RangeError('StandardScaler.fit: no rows');
    const mean = new Float64Array(cols);
    const scale = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += data[i * cols + j]!;
    for (let j = 0; j < cols; j++) mean[j]! /= rows;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) scale[j]! += (data[i * cols + j]! - mean[j]!) ** 2;
    for (let j = 0; j < cols; j++) {
      const s = Math.sqrt(scale[j]! / rows);
      scale[j] = s > 1e-12 ? s : 1;
    }
    return new StandardScaler(mean, scale);
  }

  /** (X - mean) / scale as a new matrix. */
  transform(X: Mat): Mat {
    if (X.cols !== this.mean.length) throw new RangeError(`StandardScaler.transform: ${X.cols} columns, fitted on ${this.mean.length}`);
    assertFiniteMat(X);
    const out = new Float64Array(X.data.length);
    const c = X.cols;
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < c; j++) out[i * c + j] = (X.data[i * c + j]! - this.mean[j]!) / this.scale[j]!;
    return { data: out, rows: X.rows, cols: c };
  }

  /** Versioned JSON record (`type: 'lsm-ser/StandardScaler'`, `version: 1`). */
  toJSON(): Record<string, unknown> {
    return { type: 'lsm-ser/StandardScaler', version: 1, mean: Array.from(this.mean), scale: Array.from(this.scale) };
  }

  /** Rebuild from {@link StandardScaler.toJSON}; `file` names the source in errors (ModelFormatError). */
  static load(j: unknown, file = 'scaler'): StandardScaler {
    const r = j as { type?: string; version?: number; mean?: number[]; scale?: number[] };
    if (r?.type !== 'lsm-ser/StandardScaler' || r.version !== 1 || !Array.isArray(r.mean) || !Array.isArray(r.scale) || r.mean.length !== r.scale.length) {
      throw new ModelFormatError(file, 'not a valid lsm-ser/StandardScaler v1 record');
    }
    const mean = finiteArray(r.mean, 'StandardScaler.mean', file);
    const scale = finiteArray(r.scale, 'StandardScaler.scale', file);
    const bad = scale.findIndex((x) => !(x > 0));
    if (bad >= 0) throw new ModelFormatError(file, `StandardScaler.scale[${bad}] must be > 0, got ${scale[bad]}`);
    return new StandardScaler(mean, scale);
  }
}

/** Fewest rows of a group that {@link standardizeByGroup} standardizes. */
export const MIN_GROUP_ROWS = 2;

/**
 * Per-group column standardization (each group's rows get their own column means and stds;
 * no labels used), e.g. per-speaker normalization of features. A column constant within a
 * group is only centred. Every group needs at least 2 rows (RangeError naming the group).
 */
export function standardizeByGroup(m: Mat, groups: readonly string[]): Mat {
  if (groups.length !== m.rows) throw new RangeError(`standardizeByGroup: ${groups.length} groups for ${m.rows} rows`);
  const out = new Float64Array(m.data.length);
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = byGroup.get(g);
    if (list) list.push(i);
    else byGroup.set(g, [i]);
  });
  for (const [g, idx] of byGroup) {
    if (idx.length < MIN_GROUP_ROWS)
      throw new RangeError(
        `standardizeByGroup: group ${JSON.stringify(g)} has 1 row; standardizing within a group needs at least ${MIN_GROUP_ROWS} (one row alone becomes all zeros)`,
      );
  }
  const d = m.cols;
  for (const idx of byGroup.values()) {
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (const i of idx) mean += m.data[i * d + j]!;
      mean /= idx.length;
      let v = 0;
      for (const i of idx) v += (m.data[i * d + j]! - mean) ** 2;
      const sd = Math.sqrt(v / idx.length);
      const inv = sd > 1e-12 ? 1 / sd : 1;
      for (const i of idx) out[i * d + j] = (m.data[i * d + j]! - mean) * inv;
    }
  }
  return { data: out, rows: m.rows, cols: d };
}
