/**
 * The interface every compared model implements, so that the LSM, the classic baselines and
 * the deep models are trained and scored on exactly the same clips, folds and seeds.
 *
 * @module
 */
import type { Audio } from '../sourcefilter/audio.js';
import type { Rng } from '../core/rng.js';
import type { ProgressCallback } from '../core/progress.js';

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
  fit(train: readonly Clip[], ctx: FitContext): Promise<FittedModel>;
}

/** Per-group column standardization of rows (each group its own means and stds; no labels used). */
export function standardizeByGroup(rows: readonly Float64Array[], groups: readonly string[]): Float64Array[] {
  const out = rows.map((r) => new Float64Array(r.length));
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), i]));
  const d = rows[0]?.length ?? 0;
  for (const idx of byGroup.values()) {
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (const i of idx) m += rows[i]![j]!;
      m /= idx.length;
      let v = 0;
      for (const i of idx) v += (rows[i]![j]! - m) ** 2;
      const sd = Math.sqrt(v / idx.length);
      const inv = sd > 1e-12 ? 1 / sd : 1;
      for (const i of idx) out[i]![j] = (rows[i]![j]! - m) * inv;
    }
  }
  return out;
}
