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

/** One epoch's validation scores, as in a deep model's training history. */
export interface ValidationScores {
  /** Validation loss (nats), null without validation data. */
  readonly valLoss: number | null;
  /** Validation UAR (0..1), null without validation data. */
  readonly valUar: number | null;
}

/** A stopping rule of the deep recipe: what it follows, its patience and its earliest stop (epochs). */
export interface StoppingRule {
  /** `loss` (lower is better) or `uar` (higher is better). */
  readonly monitor: 'loss' | 'uar';
  /** Epochs without a better score before stopping. */
  readonly patience: number;
  /** Earliest epoch at which stopping may happen. */
  readonly minEpochs: number;
}

/** What a {@link StoppingRule} does on a recorded history ({@link replayStopping}). */
export interface StoppingReplay {
  /** The epoch whose weights the rule keeps (1-based); when `stoppedAt` is null, the best epoch within the history, which later epochs could still beat. */
  readonly keptEpoch: number;
  /** The epoch after which the rule stops (1-based), or null when it would still be running at the end of the history. */
  readonly stoppedAt: number | null;
}

/**
 * Replay `rule` over `history` (epochs 1, 2, ... in order) with {@link EarlyStopping}, as the
 * training loop applies it: which epoch it would keep and after which epoch it would stop.
 * Throws a RangeError naming the epoch when a monitored score is missing.
 */
export function replayStopping(history: readonly ValidationScores[], rule: StoppingRule): StoppingReplay {
  const es = new EarlyStopping<number>(rule.patience, { mode: rule.monitor === 'loss' ? 'min' : 'max', minEpochs: rule.minEpochs });
  for (const [k, e] of history.entries()) {
    const s = rule.monitor === 'loss' ? e.valLoss : e.valUar;
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new RangeError(`history epoch ${k + 1}: no ${rule.monitor === 'loss' ? 'valLoss' : 'valUar'}`);
    if (es.update(k + 1, s, () => k + 1)) return { keptEpoch: es.bestEpoch, stoppedAt: k + 1 };
  }
  return { keptEpoch: es.bestEpoch, stoppedAt: null };
}
