/**
 * The interface every compared model implements, so that the LSM, the classic baselines and
 * the deep models are trained and scored on exactly the same clips, folds and seeds.
 *
 * @module
 */
import type { Audio } from '../sourcefilter/audio.js';
import type { Rng } from '../core/rng.js';
import type { ProgressCallback } from '../core/progress.js';
import { standardizeByGroup } from '../readout/scaler.js';

/** One labelled utterance as audio (possibly noisy or augmented). */
export interface Clip {
  /** Utterance id (augmented copies carry the original's id plus a suffix). */
  readonly id: string;
  readonly audio: Audio;
  readonly label: string;
  readonly speaker: string;
}

/** What a model gets for training. */
export interface FitContext {
  /** Class labels, in report order. */
  readonly labels: readonly string[];
  /** The model's seeded generator (forked per fold by the caller). */
  readonly rng: Rng;
  readonly onProgress?: ProgressCallback;
}

/** A trained model. */
export interface FittedModel {
  /**
   * Labels of `clips`. Models that normalize per speaker do so over the clips given (the test
   * speakers' own statistics, no labels used), as the LSM pipeline does. `cache: false` computes
   * every feature afresh (no on-disk cache; in-memory memos are keyed by Audio object, so fresh
   * copies miss them), for honest inference timing.
   */
  predict(clips: readonly Clip[], options?: { readonly cache?: boolean }): Promise<string[]>;
  /** Trainable parameters (for the ELM: the output weights; for the LSM: the readout's support vectors x features). */
  readonly trainableParameters: number;
  /** Training facts worth recording (epochs run, selected hyper-parameters). */
  readonly info: Record<string, unknown>;
  /** Release what it holds (tensors). */
  dispose?(): void;
}

/** A model to compare. */
export interface ModelSpec {
  /** Short name used in tables and files. */
  readonly name: string;
  /** One line for the tables' legend. */
  readonly description: string;
  /** Train on `train` (the training part of a fold) and return the fitted model. */
  fit(train: readonly Clip[], ctx: FitContext): Promise<FittedModel>;
}

/** {@link standardizeByGroup} of the readout on rows given as vectors (all the same length). */
export function standardizeRowsByGroup(rows: readonly Float64Array[], groups: readonly string[]): Float64Array[] {
  const d = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => data.set(r, i * d));
  const z = standardizeByGroup({ data, rows: rows.length, cols: d }, groups);
  return rows.map((_, i) => z.data.slice(i * d, (i + 1) * d));
}

/** Throw a RangeError naming `model` and the clip when a training clip's label is not among `labels`. */
export function checkTrainingLabels(model: string, train: readonly Clip[], labels: readonly string[]): void {
  const known = new Set(labels);
  for (const c of train) {
    if (!known.has(c.label))
      throw new RangeError(`${model}: training clip ${c.id} has label ${JSON.stringify(c.label)}, which is not among the labels (${labels.join(', ')})`);
  }
}
