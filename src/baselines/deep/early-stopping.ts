/**
 * Early stopping with restoration of the best epoch's weights: keeps the snapshot taken at the
 * epoch with the highest validation score so far, and says when `patience` epochs have passed
 * without a higher one (ties do not count as better: the earlier epoch is kept).
 *
 * @module
 */

/** Tracks the best epoch and its snapshot. */
export class EarlyStopping<S> {
  /** Best score so far (-Infinity before the first epoch). */
  best = -Infinity;
  /** Epoch of the best score (0 before the first). */
  bestEpoch = 0;
  private snap: S | null = null;

  /** @param patience - epochs without improvement after which {@link EarlyStopping.update} returns true (>= 1). */
  constructor(readonly patience: number) {
    if (!(Number.isInteger(patience) && patience >= 1)) throw new RangeError(`patience: must be a positive integer, got ${patience}`);
  }

  /** Record `epoch`'s score; `snapshot` is called only when it is a new best. Returns true when training should stop. */
  update(epoch: number, score: number, snapshot: () => S): boolean {
    if (score > this.best) {
      this.best = score;
      this.bestEpoch = epoch;
      this.snap = snapshot();
      return false;
    }
    return epoch - this.bestEpoch >= this.patience;
  }

  /** The best epoch's snapshot (null before any epoch). */
  get snapshot(): S | null {
    return this.snap;
  }
}
