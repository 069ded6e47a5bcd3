/**
 * Statistics of one contour used by the eGeMAPS functionals: mean and coefficient of
 * variation, linearly interpolated percentiles, peaks and valleys with a relative threshold and
 * the slopes between them, and run lengths of voiced (non-zero) and unvoiced (zero) segments.
 *
 * @module
 */

/** Arithmetic mean and coefficient of variation (population standard deviation / mean, signed). 0 for an empty input. */
export function meanAndCv(v: ArrayLike<number>): [number, number] {
  const n = v.length;
  if (n === 0) return [0, 0];
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i]!;
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i]! - m) ** 2;
  const sd = Math.sqrt(s / n);
  return [m, m !== 0 ? sd / m : 0];
}

/** The `p`-quantile (p in [0, 1]) of `sorted` (ascending), interpolated linearly between ranks; 0 when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = p * (n - 1);
  const i = Math.floor(pos);
  const fr = pos - i;
  return i + 1 < n ? sorted[i]! * (1 - fr) + sorted[i + 1]! * fr : sorted[n - 1]!;
}

/** Peaks and the slopes between alternating valleys and peaks of a contour. */
export interface PeakSlopes {
  /** Number of peaks. */
  readonly peaks: number;
  /** Valley-to-peak slopes, in contour units per second. */
  readonly rising: number[];
  /** Peak-to-valley slopes (positive numbers), in contour units per second. */
  readonly falling: number[];
}

/**
 * Alternating valleys and peaks of `v` (frame spacing `dt` seconds) by hysteresis: a peak is
 * confirmed once the contour has fallen from it by `relThreshold` x (max - min), a valley once
 * it has risen from it by as much.
 */
export function peakSlopes(v: ArrayLike<number>, dt: number, relThreshold = 0.1): PeakSlopes {
  const n = v.length;
  const rising: number[] = [];
  const falling: number[] = [];
  if (n < 3) return { peaks: 0, rising, falling };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, v[i]!);
    hi = Math.max(hi, v[i]!);
  }
  const thr = relThreshold * (hi - lo);
  if (!(thr > 0)) return { peaks: 0, rising, falling };
  const ext: { i: number; v: number; peak: boolean }[] = [];
  // Direction unknown at first: track both running extremes.
  let maxI = 0;
  let minI = 0;
  let dir = 0; // 1: rising (looking for a peak), -1: falling (looking for a valley)
  for (let i = 1; i < n; i++) {
    const x = v[i]!;
    if (dir >= 0) {
      if (x > v[maxI]!) maxI = i;
      if (dir === 0 && x < v[minI]!) minI = i;
      if (v[maxI]! - x >= thr && (dir === 1 || v[maxI]! - v[minI]! >= thr)) {
        if (dir === 0 && minI < maxI) ext.push({ i: minI, v: v[minI]!, peak: false });
        ext.push({ i: maxI, v: v[maxI]!, peak: true });
        dir = -1;
        minI = i;
        continue;
      }
    }
    if (dir <= 0) {
      if (x < v[minI]!) minI = i;
      if (x - v[minI]! >= thr && (dir === -1 || v[maxI]! - v[minI]! >= thr)) {
        if (dir === 0 && maxI < minI) ext.push({ i: maxI, v: v[maxI]!, peak: true });
        ext.push({ i: minI, v: v[minI]!, peak: false });
        dir = 1;
        maxI = i;
      }
    }
  }
  let peaks = 0;
  for (let k = 0; k < ext.length; k++) {
    const e = ext[k]!;
    if (e.peak) peaks++;
    if (k === 0) continue;
    const p = ext[k - 1]!;
    const dtk = (e.i - p.i) * dt;
    if (!(dtk > 0)) continue;
    if (e.peak && !p.peak) rising.push((e.v - p.v) / dtk);
    if (!e.peak && p.peak) falling.push((p.v - e.v) / dtk);
  }
  return { peaks, rising, falling };
}

/** Lengths (in frames) of the runs of non-zero values (`voiced`) and of zero values (`unvoiced`). */
export function runLengths(v: ArrayLike<number>): { voiced: number[]; unvoiced: number[] } {
  const voiced: number[] = [];
  const unvoiced: number[] = [];
  let i = 0;
  while (i < v.length) {
    const nz = v[i]! !== 0;
    let j = i;
    while (j < v.length && (v[j]! !== 0) === nz) j++;
    (nz ? voiced : unvoiced).push(j - i);
    i = j;
  }
  return { voiced, unvoiced };
}
