/**
 * Comparison configs: one file naming the dataset, protocol, seeds, the models to compare and
 * their settings, the noise conditions of the robustness test and the training augmentation.
 *
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { lsmConfigSchema, parseConfig } from './lsm-config.js';
import { configProtocol, type Protocol } from './protocols.js';
import { checkTrainDataset, runConfigFields } from './experiment-config.js';
import { DEEP_DEFAULTS as D, resolveDeepOptions } from '../baselines/deep/recipe.js';

/** Models `lsm-ser compare` knows. */
export const COMPARE_MODELS = ['lsm', 'mfcc-svm', 'egemaps-svm', 'elm', 'cnn-bigru-att', 'acnn-mhsa', 'compare-svm'] as const;
/** A model name. */
export type CompareModelName = (typeof COMPARE_MODELS)[number];

const { frames: _frames, ...deepDefaults } = D;

/** Zod schema of a comparison config. */
export const compareConfigSchema = z
  .object({
    ...runConfigFields,
    /** Sampling rate every model's audio is read at, in hertz. */
    rate: z.number().int().min(8000).max(48000).default(16000),
    /** Models to compare, each at most once (the model table of docs/results.md). */
    models: z
      .array(z.enum(COMPARE_MODELS))
      .min(1)
      .refine((m) => new Set(m).size === m.length, { message: 'each model at most once' })
      .default([...COMPARE_MODELS]),
    /** The LSM (as in experiment configs; its front-end rate is set to `rate`). */
    lsm: lsmConfigSchema.omit({ seed: true }).partial().default({}),
    /** The SVM of `mfcc-svm` and `egemaps-svm` (C grid and inner folds; `egemaps-svm` uses a linear kernel). */
    svm: z
      .object({
        /** C grid of the speaker-grouped inner search. */
        C: z.array(z.number().gt(0)).min(1).default([1, 10, 100]),
        /** Inner folds of the search. */
        innerFolds: z.number().int().min(2).default(4),
      })
      .strict()
      .default({ C: [1, 10, 100], innerFolds: 4 }),
    /** The linear SVM of `compare-svm` (ComParE-style brute-force features; see docs/compare-set.md). */
    compareSvm: z
      .object({
        /** C grid of the speaker-grouped inner search. */
        C: z.array(z.number().gt(0)).min(1).default([1e-4, 1e-3, 1e-2, 1e-1]),
        /** Inner folds of the search. */
        innerFolds: z.number().int().min(2).default(4),
      })
      .strict()
      .default({ C: [1e-4, 1e-3, 1e-2, 1e-1], innerFolds: 4 }),
    /** The extreme learning machine of `elm`. */
    elm: z
      .object({
        /** Hidden sigmoid units. */
        hidden: z.number().int().min(1).default(500),
        /** Ridge grid of the inner search. */
        ridge: z.array(z.number().gt(0)).min(1).default([0.01, 0.1, 1, 10, 100]),
      })
      .strict()
      .default({ hidden: 500, ridge: [0.01, 0.1, 1, 10, 100] }),
    /** Training of the deep models (`cnn-bigru-att`, `acnn-mhsa`); the recipe and its references: docs/deep-baselines.md. */
    deep: z
      .object({
        /** Maximum training epochs (passes over the training part of the fold). */
        epochs: z.number().int().min(1).default(D.epochs),
        /** Epochs without a better validation score (`monitor`) before stopping; the best epoch's weights are restored. */
        patience: z.number().int().min(1).default(D.patience),
        /** What early stopping and the restored epoch follow: `loss` (validation mean cross-entropy, nats; lower is better) or `uar` (validation UAR; higher is better). */
        monitor: z.enum(['loss', 'uar']).default(D.monitor),
        /** Earliest epoch (a count, from 1) at which early stopping may end training; >= `epochs`: never stops early (the best epoch is still restored). */
        minEpochs: z.number().int().min(1).default(D.minEpochs),
        /** Mini-batch size, in utterances. */
        batchSize: z.number().int().min(1).default(D.batchSize),
        /** Peak learning rate of AdamW (reached at the end of the warm-up). */
        learningRate: z.number().gt(0).default(D.learningRate),
        /** Linear learning-rate warm-up from 0 to `learningRate`, as a fraction of the planned steps (`epochs` x batches per epoch; 0: none). */
        warmupFraction: z.number().min(0).lt(1).default(D.warmupFraction),
        /** Learning rate at the end of the cosine decay (after `epochs` epochs); at most `learningRate`. */
        minLearningRate: z.number().min(0).default(D.minLearningRate),
        /** Learning-rate schedule: `cosine` (warm-up, then cosine decay to `minLearningRate`) or `constant` (`learningRate` throughout). */
        schedule: z.enum(['cosine', 'constant']).default(D.schedule),
        /** Decoupled (AdamW) weight decay per unit learning rate: each step multiplies every weight by 1 - lr x weightDecay (biases and layer-norm gains excluded). */
        weightDecay: z.number().min(0).default(D.weightDecay),
        /** SpecAugment: frequency masks per training example and epoch (0: none). */
        freqMasks: z.number().int().min(0).default(D.freqMasks),
        /** SpecAugment: maximum frequency-mask width, in mel bands (of 40). */
        freqMaskBands: z.number().int().min(0).default(D.freqMaskBands),
        /** SpecAugment: time masks per training example and epoch (0: none). */
        timeMasks: z.number().int().min(0).default(D.timeMasks),
        /** SpecAugment: maximum time-mask width, in 10 ms frames. */
        timeMaskFrames: z.number().int().min(0).default(D.timeMaskFrames),
        /** SpecAugment: a time mask covers at most this fraction of the utterance's frames. */
        timeMaskFraction: z.number().min(0).max(1).default(D.timeMaskFraction),
        /** Mixup: the mixing weight of each batch is drawn from Beta(alpha, alpha); 0 disables mixup. */
        mixupAlpha: z.number().min(0).default(D.mixupAlpha),
        /** Fraction of the training utterances held out (whole speakers) for early stopping. */
        validationFraction: z.number().gt(0).lt(0.5).default(D.validationFraction),
        /** Dropout rate. */
        dropout: z.number().min(0).lt(1).default(D.dropout),
        /** TensorFlow.js backend. */
        backend: z.enum(['wasm', 'cpu']).default(D.backend),
      })
      .strict()
      .default(deepDefaults),
    /** Test-set noise conditions (besides clean); false for none. */
    noise: z
      .union([
        z.literal(false),
        z
          .object({
            /** Noise kinds. */
            kinds: z
              .array(z.enum(['white', 'pink', 'babble']))
              .min(1)
              .default(['white', 'pink', 'babble']),
            /** Signal-to-noise ratios, in dB. */
            snrDb: z.array(z.number().min(-20).max(60)).min(1).default([20, 10, 5, 0]),
          })
          .strict(),
      ])
      .default({ kinds: ['white', 'pink', 'babble'], snrDb: [20, 10, 5, 0] }),
    /** Training-set augmentation: every model is also trained on the training set plus `copies` augmented copies of each utterance; false for none. */
    augmentation: z
      .union([
        z.literal(false),
        z
          .object({
            /** Augmented copies per training utterance. */
            copies: z.number().int().min(1).max(10).default(1),
            /** Augmentation kinds drawn from. */
            kinds: z
              .array(z.enum(['noise', 'speed', 'prosody']))
              .min(1)
              .default(['noise', 'speed', 'prosody']),
            /** SNR range of added noise, in dB. */
            snrDb: z.tuple([z.number().min(-20).max(60), z.number().min(-20).max(60)]).default([5, 20]),
            /** Speed factor range. */
            speed: z.tuple([z.number().gt(0.25).lt(4), z.number().gt(0.25).lt(4)]).default([0.9, 1.1]),
            /** F0 shift range, in semitones (the resampling factor 2^(st/12) must stay in (0.25, 4)). */
            semitones: z.tuple([z.number().gt(-24).lt(24), z.number().gt(-24).lt(24)]).default([-3, 3]),
            /** Energy change range, in dB. */
            gainDb: z.tuple([z.number().min(-40).max(40), z.number().min(-40).max(40)]).default([-6, 6]),
            /** Models trained with augmentation (default: all of `models`). */
            models: z.array(z.enum(COMPARE_MODELS)).optional(),
          })
          .strict(),
      ])
      .default(false),
  })
  .strict();

/** A resolved comparison config. */
export type CompareConfig = z.infer<typeof compareConfigSchema> & { readonly protocolSpec: Protocol };

/** Validate a comparison config read from `source` (ConfigError naming the field). */
export function resolveCompareConfig(input: unknown, source = 'compare config'): CompareConfig {
  const data = parseConfig(compareConfigSchema, input, source);
  const protocolSpec = configProtocol(data.protocol, source);
  try {
    resolveDeepOptions(data.deep); // relations between fields (minLearningRate <= learningRate, weightDecay x learningRate < 1)
  } catch (e) {
    const m = /^(deep\.\w+): (.*)$/.exec((e as Error).message);
    throw new ConfigError(`${source}: ${m?.[1] ?? 'deep'}`, m?.[2] ?? (e as Error).message);
  }
  checkTrainDataset(data, protocolSpec, source);
  const a = data.augmentation;
  if (a) {
    for (const m of a.models ?? [])
      if (!data.models.includes(m)) throw new ConfigError(`${source}: augmentation.models`, `"${m}" is not among models (${data.models.join(', ')})`);
    for (const [k, [lo, hi]] of Object.entries({ snrDb: a.snrDb, speed: a.speed, semitones: a.semitones, gainDb: a.gainDb }))
      if (!(lo <= hi)) throw new ConfigError(`${source}: augmentation.${k}`, `range [${lo}, ${hi}] is empty`);
  }
  return { ...data, protocolSpec };
}
