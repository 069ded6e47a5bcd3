/**
 * Early stopping with restoration of the best epoch's weights: keeps the snapshot taken at the
 * epoch with the best validation score so far (the highest for a `max` monitor such as UAR, the
 * lowest for a `min` monitor such as the loss; ties do not count as better: the earlier epoch is
 * kept), and says when `patience` epochs have passed without a better one, but never before
 * epoch `minEpochs` (so a lucky early peak cannot end training in the high-learning-rate phase).
 *
 * @module
 */

/** Direction of the monitored score: `max` (higher is better, e.g. UAR) or `min` (lower is better, e.g. loss). */
export type MonitorMode = 'max' | 'min';

/** Settings of {@link EarlyStopping} besides `patience`. */
export interface EarlyStoppingOptions {
  /** `max` (default): a higher score is better; `min`: a lower score is better. */
  readonly mode?: MonitorMode;
  /** Earliest epoch (1-based) at which {@link EarlyStopping.update} may return true (default 1: no minimum). */
  readonly minEpochs?: number;
}

/** Tracks the best epoch and its snapshot. */
export class EarlyStopping<S> {
  /** Best score so far (-Infinity for `max`, +Infinity for `min`, before the first epoch). */
  best: number;
  /** Epoch of the best score (0 before the first). */
  bestEpoch = 0;
  /** Direction of the score. */
  readonly mode: MonitorMode;
  /** Earliest epoch at which stopping may happen. */
  readonly minEpochs: number;
  private snap: S | null = null;

  /**
   * @param patience - epochs without improvement after which {@link EarlyStopping.update} returns true (>= 1).
   * @param options - direction of the score and the earliest epoch at which stopping may happen.
   */
  constructor(
    readonly patience: number,
    options: EarlyStoppingOptions = {},
  ) {
    if (!(Number.isInteger(patience) && patience >= 1)) throw new RangeError(`patience: must be a positive integer, got ${patience}`);
    const { mode = 'max', minEpochs = 1 } = options;
    if (mode !== 'max' && mode !== 'min') throw new RangeError(`mode: must be 'max' or 'min', got ${String(mode)}`);
    if (!(Number.isInteger(minEpochs) && minEpochs >= 1)) throw new RangeError(`minEpochs: must be a positive integer, got ${minEpochs}`);
    this.mode = mode;
    this.minEpochs = minEpochs;
    this.best = mode === 'max' ? -Infinity : Infinity;
  }

  /** Record `epoch`'s score; `snapshot` is called only when it is a new best. Returns true when training should stop. */
  update(epoch: number, score: number, snapshot: () => S): boolean {
    if (this.mode === 'max' ? score > this.best : score < this.best) {
      this.best = score;
      this.bestEpoch = epoch;
      this.snap = snapshot();
      return false;
    }
    return epoch >= this.minEpochs && epoch - this.bestEpoch >= this.patience;
  }

  /** The best epoch's snapshot (null before any epoch). */
  get snapshot(): S | null {
    return this.snap;
  }
}
