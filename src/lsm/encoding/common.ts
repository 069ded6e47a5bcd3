/**
 * Shared checks of the encoders.
 *
 * @module
 */
import type { Mat } from '../../core/matrix.js';

/**
 * Throw a RangeError unless `m` is frames x channels with rows >= 1 and cols >= 1 whole
 * numbers and data.length = rows * cols, naming the row and column of the first non-finite
 * value otherwise.
 */
export function assertFiniteFeatures(m: Mat, what = 'features'): void {
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 1 || m.cols < 1)
    throw new RangeError(`${what}: needs at least 1 frame and 1 channel, got ${m.rows} x ${m.cols}`);
  if (m.data.length !== m.rows * m.cols) throw new RangeError(`${what}: ${m.data.length} values for ${m.rows} frames x ${m.cols} channels`);
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i]!)) {
      throw new RangeError(`${what}: value at frame ${Math.floor(i / m.cols)}, channel ${i % m.cols} is ${m.data[i]} (must be finite)`);
    }
  }
}

/** Throw a RangeError unless `v` is a finite number > 0 (or >= 0 with `allowZero`). */
export function positive(field: string, v: number, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new RangeError(`${field}: must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${String(v)}`);
  }
  return v;
}

/** Build a time-sorted spike list from per-event arrays. */
export function sortSpikes(times: number[], chans: number[]): { times: Float64Array; channels: Int32Array } {
  const idx = times.map((_, i) => i).sort((a, b) => times[a]! - times[b]! || chans[a]! - chans[b]!);
  return { times: Float64Array.from(idx, (i) => times[i]!), channels: Int32Array.from(idx, (i) => chans[i]!) };
}
