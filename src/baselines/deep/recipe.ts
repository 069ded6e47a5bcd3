/**
 * The training recipe of the deep baselines: its options with their defaults (the one source
 * of truth: the compare config schema takes its defaults from {@link DEEP_DEFAULTS}), their
 * validation, and the learning-rate schedule (linear warm-up, then cosine decay; Loshchilov &
 * Hutter 2017, "SGDR", with the warm-up of Goyal et al. 2017). The components and their
 * references: docs/deep-baselines.md.
 *
 * @module
 */
import type { TfBackend } from './tf.js';

/** Options of the deep baselines (every field optional; defaults in {@link DEEP_DEFAULTS}). */
export interface DeepOptions {
  /** Maximum training epochs (passes over the training part of the fold). */
  readonly epochs?: number;
  /** Epochs without a better validation score (see `monitor`) before stopping (early stopping). */
  readonly patience?: number;
  /** Early stopping and the restored epoch follow the validation 'loss' (mean cross-entropy, lower is better) or the validation 'uar' (higher is better). */
  readonly monitor?: 'loss' | 'uar';
  /** Early stopping may end training at epoch `minEpochs` at the earliest (an epoch count; >= `epochs`: never stops early, the best epoch is still restored). */
  readonly minEpochs?: number;
  /** Mini-batch size, in utterances. */
  readonly batchSize?: number;
  /** Peak learning rate of AdamW (reached at the end of the warm-up). */
  readonly learningRate?: number;
  /** Linear warm-up from 0 to `learningRate`, as a fraction of the planned steps (epochs x batches per epoch; 0: none). */
  readonly warmupFraction?: number;
  /** Learning rate at the end of the cosine decay (after `epochs`); 'constant' schedule: unused. */
  readonly minLearningRate?: number;
  /** 'cosine': warm-up then cosine decay to `minLearningRate` over `epochs`; 'constant': `learningRate` throughout (no warm-up). */
  readonly schedule?: 'cosine' | 'constant';
  /** Decoupled weight decay of AdamW (Loshchilov & Hutter 2019), per unit learning rate; biases and layer-norm gains are not decayed. */
  readonly weightDecay?: number;
  /** SpecAugment: frequency masks per training example and epoch. */
  readonly freqMasks?: number;
  /** SpecAugment: maximum width of a frequency mask, in mel bands (width drawn uniformly from 0..this). */
  readonly freqMaskBands?: number;
  /** SpecAugment: time masks per training example and epoch. */
  readonly timeMasks?: number;
  /** SpecAugment: maximum width of a time mask, in frames (10 ms each). */
  readonly timeMaskFrames?: number;
  /** SpecAugment: a time mask covers at most this fraction of the utterance's frames. */
  readonly timeMaskFraction?: number;
  /** Mixup: Beta(alpha, alpha) parameter of the mixing weight; 0 disables mixup. */
  readonly mixupAlpha?: number;
  /** Fraction of the training utterances held out (whole speakers) for early stopping. */
  readonly validationFraction?: number;
  /** Dropout rate. */
  readonly dropout?: number;
  /** Input frames (a multiple of 8) or 'auto' (95th percentile of the training lengths, rounded up, at most 304). */
  readonly frames?: number | 'auto';
  /** TensorFlow.js backend. */
  readonly backend?: TfBackend;
}

/** Every option of {@link DeepOptions}, resolved. */
export type ResolvedDeepOptions = { readonly [K in keyof DeepOptions]-?: Exclude<DeepOptions[K], undefined> };

/** The defaults of the deep recipe (units as in {@link DeepOptions}). */
export const DEEP_DEFAULTS: ResolvedDeepOptions = Object.freeze({
  epochs: 60,
  patience: 15,
  monitor: 'loss',
  minEpochs: 30,
  batchSize: 32,
  learningRate: 0.002,
  warmupFraction: 0.05,
  minLearningRate: 1e-5,
  schedule: 'cosine',
  weightDecay: 0.05,
  freqMasks: 2,
  freqMaskBands: 8,
  timeMasks: 2,
  timeMaskFrames: 20,
  timeMaskFraction: 0.2,
  mixupAlpha: 0.2,
  validationFraction: 0.15,
  dropout: 0.3,
  frames: 'auto',
  backend: 'wasm',
} as const);

const isInt = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;

/** Merge `options` over {@link DEEP_DEFAULTS} and check every field (RangeError naming it). */
export function resolveDeepOptions(options: DeepOptions = {}): ResolvedDeepOptions {
  const o: ResolvedDeepOptions = { ...DEEP_DEFAULTS, ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as DeepOptions) };
  const bad = (field: string, want: string, v: unknown) => new RangeError(`deep.${field}: must be ${want}, got ${String(v)}`);
  for (const k of ['epochs', 'patience', 'minEpochs', 'batchSize'] as const) if (!isInt(o[k], 1)) throw bad(k, 'a positive integer', o[k]);
  for (const k of ['freqMasks', 'freqMaskBands', 'timeMasks', 'timeMaskFrames'] as const) if (!isInt(o[k], 0)) throw bad(k, 'an integer >= 0', o[k]);
  if (!(o.learningRate > 0)) throw bad('learningRate', '> 0', o.learningRate);
  if (!(o.minLearningRate >= 0 && o.minLearningRate <= o.learningRate))
    throw bad('minLearningRate', `in [0, learningRate = ${o.learningRate}]`, o.minLearningRate);
  if (!(o.warmupFraction >= 0 && o.warmupFraction < 1)) throw bad('warmupFraction', 'in [0, 1)', o.warmupFraction);
  if (o.monitor !== 'loss' && o.monitor !== 'uar') throw bad('monitor', "'loss' or 'uar'", o.monitor);
  if (o.schedule !== 'cosine' && o.schedule !== 'constant') throw bad('schedule', "'cosine' or 'constant'", o.schedule);
  if (!(o.weightDecay >= 0 && o.weightDecay * o.learningRate < 1)) throw bad('weightDecay', '>= 0 with weightDecay x learningRate < 1', o.weightDecay);
  if (!(o.timeMaskFraction >= 0 && o.timeMaskFraction <= 1)) throw bad('timeMaskFraction', 'in [0, 1]', o.timeMaskFraction);
  if (!(o.mixupAlpha >= 0 && Number.isFinite(o.mixupAlpha))) throw bad('mixupAlpha', 'a finite number >= 0', o.mixupAlpha);
  if (!(o.dropout >= 0 && o.dropout < 1)) throw bad('dropout', 'in [0, 1)', o.dropout);
  if (!(o.validationFraction > 0 && o.validationFraction < 0.5)) throw bad('validationFraction', 'in (0, 0.5)', o.validationFraction);
  if (o.frames !== 'auto' && !(isInt(o.frames, 8) && o.frames % 8 === 0)) throw bad('frames', "'auto' or a positive multiple of 8", o.frames);
  if (o.backend !== 'wasm' && o.backend !== 'cpu') throw bad('backend', "'wasm' or 'cpu'", o.backend);
  return Object.freeze(o);
}

/** The schedule's settings, in optimizer steps. */
export interface ScheduleSteps {
  /** Peak learning rate. */
  readonly peak: number;
  /** Final learning rate (at step `total`). */
  readonly min: number;
  /** Warm-up steps (linear from peak / warmup at step 0 to peak at step warmup - 1). */
  readonly warmup: number;
  /** Planned steps in all (epochs x steps per epoch). */
  readonly total: number;
  /** 'cosine' or 'constant'. */
  readonly schedule: 'cosine' | 'constant';
}

/**
 * Learning rate of optimizer step `step` (0-based): 'constant' gives `peak`; 'cosine' gives
 * peak (step + 1) / warmup during the warm-up, then min + (peak - min) (1 + cos(pi s / S)) / 2
 * with s = step - warmup, S = total - warmup (so peak at the first step after the warm-up and
 * min at step total), and min beyond `total`.
 */
export function learningRateAt(step: number, s: ScheduleSteps): number {
  if (s.schedule === 'constant') return s.peak;
  if (step < s.warmup) return (s.peak * (step + 1)) / s.warmup;
  const span = s.total - s.warmup;
  if (span <= 0 || step >= s.total) return s.min;
  return s.min + ((s.peak - s.min) * (1 + Math.cos((Math.PI * (step - s.warmup)) / span))) / 2;
}
