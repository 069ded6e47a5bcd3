/**
 * Small step-arithmetic helpers shared by the backends (one source of truth for how a duration
 * in network time units becomes whole steps).
 *
 * @module
 */

/** Round to 15 significant digits (so 1e-4 s / 1e-3 s per unit is exactly 0.1, not 0.09999...). */
export function clean(x: number): number {
  return Number(x.toPrecision(15));
}
