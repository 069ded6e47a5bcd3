/**
 * The configuration of the dual-reservoir LSM (front end, encoder, both reservoirs,
 * simulation, state features, readout), validated with a zod schema: an invalid value gets
 * an error naming the field, the value and what is allowed.
 *
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { checkDistribution, type Distribution, type NeuronModelOptions } from '../lsm/topology/neuron-model.js';

/**
 * A distribution of a time constant, in seconds: a number (every neuron the same) or
 * `{ kind: fixed, value }`, `{ kind: uniform | log-uniform, min, max }`, `{ kind: gamma, mean, cv }`.
 */
const distributionSchema = z.union([
  z.number().gt(0),
  z.object({ kind: z.literal('fixed'), value: z.number().gt(0) }).strict(),
  z.object({ kind: z.literal('uniform'), min: z.number().gt(0), max: z.number().gt(0) }).strict(),
  z.object({ kind: z.literal('log-uniform'), min: z.number().gt(0), max: z.number().gt(0) }).strict(),
  z.object({ kind: z.literal('gamma'), mean: z.number().gt(0), cv: z.number().gt(0) }).strict(),
]);

/** Neuron-model additions of a reservoir (docs/neuron-model.md); the defaults are the plain LIF neuron. */
const neuronSchema = z
  .object({
    /** Membrane time constant per neuron, in seconds (absent: the topology's 30 ms). */
    tauMem: distributionSchema.optional(),
    /** Synaptic time constant of currents from excitatory neurons per neuron, in seconds (absent: 3 ms). */
    tauExc: distributionSchema.optional(),
    /** Synaptic time constant of currents from inhibitory neurons per neuron, in seconds (absent: 6 ms). */
    tauInh: distributionSchema.optional(),
    /** Adaptive threshold (Bellec et al. 2018): +increment (V) per spike, decaying with tau (s), on a seeded fraction of the excitatory neurons; null = none. */
    adaptation: z
      .object({
        /** Threshold increment per spike, in volts. */
        increment: z.number().min(0),
        /** Adaptation time constant per neuron, in seconds (a number or a distribution). */
        tau: distributionSchema,
        /** Fraction of the excitatory neurons that adapt (a seeded choice). */
        fraction: z.number().min(0).max(1).default(1),
      })
      .strict()
      .nullable()
      .default(null),
    /** Background noise current with standard deviation std (V), seeded from the reservoir's seed; null = none. */
    noise: z
      .object({
        /** Standard deviation of the noise current, in volts (R * I). */
        std: z.number().min(0),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
import { DEFAULT_SOURCE_FILTER_OPTIONS } from '../sourcefilter/options.js';
import { streamChannelCount } from '../sourcefilter/channels.js';
import { DEFAULT_INPUT_COUPLING, DEFAULT_RHEOBASE_GAIN } from '../lsm/topology/coupling.js';
import { DEFAULT_SIMULATION_OPTIONS } from '../lsm/run-types.js';
import { DEFAULT_STATE_FEATURE_OPTIONS } from '../lsm/trace-stats.js';
import { DEFAULT_READOUT_OPTIONS, type ReadoutOptions } from '../readout/readout.js';
import { DEFAULT_MODEL_SPACE_OPTIONS } from '../readout/model-space.js';

// Every default below comes from the module that uses the value (one source of truth per
// setting); docs/input.md lists them.
const IN = DEFAULT_INPUT_COUPLING.current;
const FE = DEFAULT_SOURCE_FILTER_OPTIONS;
const SIM = DEFAULT_SIMULATION_OPTIONS;
const RO = DEFAULT_READOUT_OPTIONS;
const MS = DEFAULT_MODEL_SPACE_OPTIONS;

/**
 * The default input drive of the reservoirs (and of the no-reservoir control): the channels
 * each stream gets beside its LPC band energies, and how they are z-scored before injection.
 * Chosen with {@link DEFAULT_FEATURE_COMBINE} by nested speaker-grouped CV across Emo-DB-2s,
 * Emo-DB and RAVDESS-16k (docs/reservoir-gain.md, "Round 13"; docs/input.md lists them).
 */
export const DEFAULT_INPUT_DRIVE: {
  /** Prosody channels (log F0, voicing, energy) for the excitation stream. */
  readonly prosody: boolean;
  /** ON/OFF change channels (2 x bands per stream). */
  readonly onOff: boolean;
  /** eGeMAPS v02 LLDs as channels: 'off', 'only' or 'append'. */
  readonly egemaps: 'off' | 'only' | 'append';
  /** z-scoring of every channel before injection: 'none', per 'utterance' or per 'speaker'. */
  readonly channelNormalization: 'none' | 'utterance' | 'speaker';
} = { prosody: true, onOff: true, egemaps: 'append', channelNormalization: 'speaker' };

/** What the readout can be given (`features.combine`): the reservoirs' features alone, or the control's beside them (raw or residualized). */
export const FEATURE_COMBINATIONS = ['reservoir', 'input+reservoir', 'input+residual'] as const;
/** One of {@link FEATURE_COMBINATIONS}. */
export type FeatureCombination = (typeof FEATURE_COMBINATIONS)[number];
/**
 * The default `features.combine` of an LSM (`features.source: reservoir`): the no-reservoir
 * control's statistics beside the reservoirs', chosen by nested speaker-grouped CV across
 * Emo-DB-2s, Emo-DB and RAVDESS-16k (docs/reservoir-gain.md, "Round 13"). A control
 * (`source: frontend`) defaults to 'reservoir' (its own features).
 */
export const DEFAULT_FEATURE_COMBINE: FeatureCombination = 'input+reservoir';

/**
 * One member of a reservoir ensemble: the fields in which it differs from its role's reservoir
 * (every field optional; an absent field is inherited).
 */
const memberSchema = z
  .object({
    /** As reservoirs.<role>.topology. */
    topology: z.enum(['maass', 'fixed-indegree']).optional(),
    /** As reservoirs.<role>.grid (neurons of this member's Maass column). */
    grid: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]).optional(),
    /** As reservoirs.<role>.units. */
    units: z.number().int().min(2).optional(),
    /** As reservoirs.<role>.dynamicSynapses. */
    dynamicSynapses: z.boolean().optional(),
    /** As reservoirs.<role>.weightScale. */
    weightScale: z.number().min(0).optional(),
    /** As reservoirs.<role>.lambda: this member's connection range, in grid units. */
    lambda: z.number().gt(0).max(100).optional(),
    /** As reservoirs.<role>.inputFraction. */
    inputFraction: z.number().gt(0).max(1).optional(),
    /** As reservoirs.<role>.inputInDegree. */
    inputInDegree: z.number().int().min(1).optional(),
    /** As reservoirs.<role>.inputGain (in this member's inputGainUnit; absent with a new unit: that unit's default). */
    inputGain: z.number().min(0).optional(),
    /** As reservoirs.<role>.inputGainUnit. */
    inputGainUnit: z.enum(['volt', 'rheobase']).optional(),
    /** As reservoirs.<role>.inputSigns. */
    inputSigns: z.enum(['positive', 'mixed']).optional(),
    /** As reservoirs.<role>.inputChannels: this member's input sub-band [from, to). */
    inputChannels: z.tuple([z.number().int().min(0), z.number().int().min(1)]).optional(),
    /** As reservoirs.<role>.neuron (replaces the whole block: e.g. a member's own tauMem distribution). */
    neuron: neuronSchema.optional(),
  })
  .strict();

const reservoirSchema = z
  .object({
    /** Topology: the Maass column (default) or a fixed in-degree random network. */
    topology: z.enum(['maass', 'fixed-indegree']).default('maass'),
    /** Grid of the Maass column (a fixed in-degree network takes none: leave the default). */
    grid: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]).default([3, 3, 15]),
    /** Neurons of a fixed in-degree network (default 135; for a Maass column, if given, it must equal the grid's product). */
    units: z.number().int().min(2).optional(),
    /** Tsodyks-Markram dynamic synapses (Maass column only). */
    dynamicSynapses: z.boolean().default(false),
    /** Multiplies every recurrent weight. */
    weightScale: z.number().min(0).default(1),
    // --- input drive (src/lsm/topology/coupling.ts; defaults: DEFAULT_INPUT_COUPLING.current) ---
    /** Dense layout: fraction of neurons each input channel reaches. */
    inputFraction: z.number().gt(0).max(1).default(IN.fraction),
    /** Sparse layout (replaces inputFraction): each neuron hears exactly this many distinct channels. */
    inputInDegree: z.number().int().min(1).optional(),
    /**
     * Input weight per unit of (normalized) input: volts (inputGainUnit 'volt'; default 48 mV:
     * best of 4-128 mV on Emo-DB-2s LOSO, docs/results.md) or multiples of each neuron's rheobase
     * (inputGainUnit 'rheobase'; default 48).
     */
    inputGain: z.number().min(0).optional(),
    /** Unit of inputGain: 'volt', or 'rheobase' (vThresh - bias of the target neuron: gain 1 brings a neuron at rest to threshold). */
    inputGainUnit: z.enum(['volt', 'rheobase']).default('volt'),
    /** Input weight signs: all positive, or random signs. */
    inputSigns: z.enum(['positive', 'mixed']).default(IN.signs),
    /** Neuron-model additions: per-neuron time constants, adaptation, noise (default: none). */
    neuron: neuronSchema.prefault({}),
    /** Maass column only: length constant lambda of the connection probability C exp(-(D/lambda)^2), in grid units (> 0, at most 100; absent: the column's 2). */
    lambda: z.number().gt(0).max(100).optional(),
    /** Input sub-band: this reservoir hears only the role's channels [from, to) (zero-based, half-open, in the order bands, prosody, ON/OFF; absent: all channels). */
    inputChannels: z.tuple([z.number().int().min(0), z.number().int().min(1)]).optional(),
    /**
     * An ensemble of small reservoirs in this role instead of one (absent: one reservoir). Each
     * member is this reservoir's config with the member's fields replacing it, simulated with its
     * own seed (the role's generator forked by member index); the members' features are
     * concatenated (docs/reservoir-gain.md).
     */
    ensemble: z
      .object({
        /** The members (2 to 16): each lists only the fields in which it differs from the reservoir above (e.g. neuron.tauMem, lambda, inputChannels). */
        members: z.array(memberSchema).min(2).max(16),
        /** Feature blocks of the readout: 'member' = one block (own scaler and PCA) per member; 'role' = the members' features concatenated into one block per role. */
        blocks: z.enum(['member', 'role']).default('member'),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Zod schema of {@link LsmConfig}. */
export const lsmConfigSchema = z
  .object({
    /** Config format version. */
    version: z.literal(1).default(1),
    /** Seed of every random choice (reservoirs, couplings, folds, SVM tuning). */
    seed: z.number().int().min(0).default(1),
    /** The LPC source-filter front end and the channels it gives each reservoir. */
    frontEnd: z
      .object({
        /** Analysis rate in hertz, or 'auto': 16 kHz, but never above the recordings' own (lowest) rate. */
        rate: z.union([z.number().int().min(4000).max(192000), z.literal('auto')]).default('auto'),
        /** LPC order (poles of the vocal-tract model). */
        lpcOrder: z.number().int().min(1).max(100).default(FE.lpcOrder),
        /** Perceptual bands per stream (excitation and vocal tract each). */
        bands: z.number().int().min(1).max(256).default(FE.bands),
        /** Band scale of both streams. */
        scale: z.enum(['mel', 'bark']).default(FE.scale),
        /** Normalization of the log band energies: one z-score over all bands of an utterance, per band, or none. */
        normalization: z.enum(['utterance', 'band', 'none']).default(FE.normalization),
        /** Trim leading/trailing digital silence. */
        trim: z.boolean().default(true),
        // --- input drive: the channels each reservoir (or the no-reservoir control) gets (src/sourcefilter/channels.ts) ---
        /** Add prosody channels (log F0, voicing, energy) to the excitation reservoir's input. */
        prosody: z.boolean().default(DEFAULT_INPUT_DRIVE.prosody),
        /** Add ON/OFF change channels (half-wave rectified frame differences of the band energies, 2 x bands channels). */
        onOff: z.boolean().default(DEFAULT_INPUT_DRIVE.onOff),
        /**
         * Drive the reservoirs with eGeMAPS v02 LLDs (docs/features.md): 'off'; 'only' (instead of
         * bands, prosody and ON/OFF: excitation gets loudness, F0, jitter, shimmer, HNR, H1-H2,
         * H1-A3 and voicing, 8 channels; tract gets alpha ratio, Hammarberg index, spectral slopes,
         * flux, MFCC 1-4 and F1-F3 frequency, bandwidth and amplitude, 18 channels); or 'append'
         * (after the other channels of each stream). Each LLD is centred and scaled by a fixed
         * typical value and spread and clipped to +-4.
         */
        egemaps: z.enum(['off', 'only', 'append']).default(DEFAULT_INPUT_DRIVE.egemaps),
        /**
         * z-score every channel before injection: 'none', per 'utterance', or per 'speaker' (over
         * the speaker's utterances; no labels). With 'speaker' a model file stores training-set
         * channel moments, with which `predict` z-scores a lone file of an unknown speaker.
         */
        channelNormalization: z.enum(['none', 'utterance', 'speaker']).default(DEFAULT_INPUT_DRIVE.channelNormalization),
      })
      .strict()
      .prefault({}),
    /** How channels become reservoir input (analog current, held per frame). */
    encoder: z
      .object({
        /** Encoder kind (analog current; the spike encoders are library-only). */
        kind: z.literal('analog').default('analog'),
        /**
         * Removed (it multiplied with `reservoirs.*.inputGain`: one knob is kept). Still read from
         * old configs: `resolveLsmConfig` folds it into each reservoir's `inputGain` and drops it.
         */
        gain: z.number().min(0).optional(),
        /** Dimensionless offset added to every input channel before the coupling's weights. */
        offset: z.number().default(0),
      })
      .strict()
      .prefault({}),
    /** The two reservoirs, by role. */
    reservoirs: z
      .object({
        /** The source reservoir (fed the excitation's bands); null to leave it out. */
        excitation: reservoirSchema.nullable().prefault({}),
        /** The filter reservoir (fed the vocal tract's bands); null to leave it out. */
        tract: reservoirSchema.nullable().prefault({}),
      })
      .strict()
      .prefault({}),
    /** How the reservoirs are simulated. */
    simulation: z
      .object({
        /** Time step, in seconds. */
        dt: z.number().gt(0).max(0.005).default(SIM.dt),
        /** Storage precision of the neuron state (f32: f32 storage with f64 arithmetic on the CPU). */
        precision: z.enum(['f32', 'f64']).default(SIM.precision),
        /** Time constant of the low-pass filter of the spike trains read out, in seconds. */
        readoutTau: z.number().gt(0).default(SIM.readoutTau),
        /** Interval between readout samples, in seconds (>= dt). */
        readoutInterval: z.number().gt(0).default(SIM.readoutInterval),
        /** Backend: the CPU engine, the gpu.js GPU backend, or 'auto' (the GPU only on a hardware adapter). */
        backend: z.enum(['cpu', 'gpu', 'auto']).default('cpu'),
        /** What a 'gpu' request does without a GPU: 'warn' (default: fall back to the CPU with a warning), 'error', 'silent'. */
        onUnavailable: z.enum(['warn', 'error', 'silent']).optional(),
        /** The gpu backend's device: mode 'webgpu' (default; Dawn) or 'gl' (gpu.js GL modes, display needed); dawnFlags e.g. ['backend=vulkan'] (docs/gpu.md). */
        gpu: z
          .object({
            /** 'webgpu' (Dawn) or 'gl' (gpu.js GL modes). */
            mode: z.enum(['webgpu', 'gl']).optional(),
            /** Dawn toggles, e.g. ['backend=vulkan']. */
            dawnFlags: z.array(z.string()).optional(),
          })
          .strict()
          .optional(),
        /** Worker threads for simulation and readout ('auto': one per core). */
        workers: z.union([z.number().int().min(1), z.literal('auto')]).default('auto'),
      })
      .strict()
      .prefault({}),
    /** Per-neuron (or per-channel) statistics of the readout traces. */
    features: z
      .object({
        /** Feature source: reservoir states (the LSM) or the front-end features directly ("no reservoir" ablation). */
        source: z.enum(['reservoir', 'frontend']).default('reservoir'),
        /** Segment means per neuron (the utterance cut into this many equal parts; 0 = none). */
        segments: z.number().int().min(0).max(32).default(DEFAULT_STATE_FEATURE_OPTIONS.segments),
        /** Mean of each neuron's trace over the utterance. */
        mean: z.boolean().default(DEFAULT_STATE_FEATURE_OPTIONS.mean),
        /** Standard deviation of each neuron's trace over the utterance. */
        std: z.boolean().default(DEFAULT_STATE_FEATURE_OPTIONS.std),
        /** Per-neuron (per-channel) least-squares slope over the utterance; off when absent (see src/lsm/trace-dynamics.ts). */
        slopes: z.boolean().optional(),
        /** Autocorrelation of each neuron (channel) at these lags, in readout samples (readoutInterval each); none when absent. */
        lags: z.array(z.number().int().min(1).max(1000)).max(16).optional(),
        /**
         * What the readout is given: 'reservoir' = the reservoirs' features (with source:
         * frontend, the control's); 'input+reservoir' = the no-reservoir control's features (same
         * statistics and representation over the reservoirs' input channels) beside the
         * reservoirs'; 'input+residual' = the control's features beside the reservoirs' features
         * residualized on them (a linear map fitted on the training utterances of each fold), so
         * that any gain is information the input lacks. Default: DEFAULT_FEATURE_COMBINE
         * ('input+reservoir') with source: reservoir, 'reservoir' with source: frontend (chosen
         * by nested CV across corpora, docs/reservoir-gain.md "Round 13"). The input+ kinds need source: reservoir;
         * model files (train / predict, the map stored with the readout) and `lsm-ser compare` hold them.
         */
        combine: z.enum(FEATURE_COMBINATIONS).optional(),
      })
      .strict()
      .prefault({}),
    /** Scaler, PCA and SVM on the features. */
    readout: z
      .object({
        /** PCA components per block (reservoir), or a variance fraction in (0, 1) (24: best of 16-128, docs/results.md). */
        pca: z.number().gt(0).default(RO.pca),
        /** Scale each PCA component to unit variance. */
        whiten: z.boolean().default(RO.whiten),
        /** SVM kernel. */
        kernel: z.enum(['rbf', 'linear']).default(RO.kernel),
        /** SVM implementation (libsvm-js: multiclass one-vs-one; ml-svm: one-vs-rest). */
        svm: z.enum(['libsvm', 'ml-svm']).default(RO.svm),
        /** C and gamma grids for inner cross-validation (grouped by speaker); a single value skips the search. */
        C: z
          .array(z.number().gt(0))
          .min(1)
          .default(() => [...RO.C]),
        /** RBF gamma grid ('scale' = 1 / (features x variance), as scikit-learn). */
        gamma: z
          .array(z.union([z.number().gt(0), z.literal('scale')]))
          .min(1)
          .default(() => [...RO.gamma]),
        /** Class weights of the SVM: inversely proportional to class frequency, or none. */
        classWeight: z.enum(['balanced', 'none']).default(RO.classWeight as 'balanced' | 'none'),
        /** Speaker-grouped inner folds of the C / gamma search. */
        innerFolds: z.number().int().min(2).max(20).default(RO.innerFolds),
        /** Standardize features per speaker (train and test speakers each with their own statistics; no labels used). */
        speakerNormalization: z.boolean().default(true),
        /**
         * Utterance representation: 'stats' = the trace statistics of `features` (mean, std,
         * segments, slopes, lags); 'model-space' = reservoir model space (Bianchi et al. 2021):
         * per utterance the coefficients of a ridge one-step predictor of the state reduced by a
         * PCA fitted on the training utterances of each fold (one block per reservoir); both side
         * by side. Applies to the control (source: frontend) alike, over its channels.
         */
        representation: z.enum(['stats', 'model-space', 'stats+model-space']).default('stats'),
        /** Options of the model-space representation (used when representation has model-space). */
        modelSpace: z
          .object({
            /** State PCA components d (1-64): d x d + d features per reservoir. */
            components: z.number().int().min(1).max(64).default(MS.components),
            /** Ridge penalty of the one-step predictor per state sample (dimensionless, >= 0; lambda = ridge x samples). */
            ridge: z.number().min(0).default(MS.ridge),
            /** Fit the state PCA on every stride-th readout sample of the training utterances (>= 1). */
            stride: z.number().int().min(1).default(MS.stride),
          })
          .strict()
          .prefault({}),
        /**
         * Fuse a frame-level linear readout (ridge from the state at every readout sample to the
         * one-hot label, averaged over the utterance; src/readout/frame-readout.ts) with the SVM:
         * false = no; a weight w in (0, 1] = scores (1 - w) SVM + w frame readout, each normalized
         * to a distribution over the classes (0.5: equal weight; 1: the frame readout alone).
         */
        frameFusion: z.union([z.literal(false), z.number().gt(0).max(1)]).default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict();

type ParsedLsmConfig = z.infer<typeof lsmConfigSchema>;
/** The resolved LSM configuration (the removed `encoder.gain` folded into the reservoirs' `inputGain`, which is resolved for its unit). */
export type LsmConfig = Omit<ParsedLsmConfig, 'encoder' | 'reservoirs' | 'features'> & {
  readonly encoder: Omit<ParsedLsmConfig['encoder'], 'gain'>;
  /** The feature statistics, `combine` resolved for the source ({@link DEFAULT_FEATURE_COMBINE}). */
  readonly features: Omit<ParsedLsmConfig['features'], 'combine'> & { readonly combine: FeatureCombination };
  readonly reservoirs: { readonly excitation: ReservoirConfig | null; readonly tract: ReservoirConfig | null };
};
/** A config as written by a person (every field optional). */
export type LsmConfigInput = z.input<typeof lsmConfigSchema>;
/** One reservoir's configuration (inputGain resolved for its unit; ensemble members merged with it). */
export type ReservoirConfig = Omit<z.infer<typeof reservoirSchema>, 'inputGain' | 'ensemble'> & {
  readonly inputGain: number;
  /** The ensemble that replaces this reservoir, its members resolved (absent: this one reservoir). */
  readonly ensemble?: { readonly members: ReservoirMemberConfig[]; readonly blocks: 'member' | 'role' };
};
/** A resolved ensemble member: its role's reservoir config with the member's fields in place, without an ensemble of its own. */
export type ReservoirMemberConfig = Omit<ReservoirConfig, 'ensemble'>;

/**
 * One simulated reservoir of a config (a feature "unit"): a role's single reservoir (named by
 * the role) or one member of its ensemble (named `role/k`, k from 0).
 */
export interface ReservoirUnit {
  /** 'excitation', 'tract', or 'excitation/0', 'tract/1', ... for ensemble members. */
  readonly name: string;
  readonly role: 'excitation' | 'tract';
  /** Member index within the role's ensemble; null for a single reservoir. */
  readonly member: number | null;
  /** The reservoir's resolved config (a member's merged config; never an ensemble). */
  readonly config: ReservoirMemberConfig;
}

/** The reservoirs a config simulates, in block order (roles excitation, tract; members in order); none for front-end features. */
export function reservoirUnits(config: LsmConfig): ReservoirUnit[] {
  if (config.features.source !== 'reservoir') return [];
  return (['excitation', 'tract'] as const).flatMap((role): ReservoirUnit[] => {
    const rc = config.reservoirs[role];
    if (!rc) return [];
    if (!rc.ensemble) {
      const { ensemble: _, ...one } = rc;
      return [{ name: role, role, member: null, config: one }];
    }
    return rc.ensemble.members.map((m, k) => ({ name: `${role}/${k}`, role, member: k, config: m }));
  });
}
/** A reservoir's neuron-model additions as configured. */
export type NeuronConfig = z.infer<typeof neuronSchema>;

/** A configured time-constant distribution as the builders take it (a number is `fixed`). */
function toDistribution(d: z.infer<typeof distributionSchema>): Distribution {
  return typeof d === 'number' ? { kind: 'fixed', value: d } : d;
}

/** The builders' {@link NeuronModelOptions} of a reservoir's `neuron` block. */
export function neuronModelOptions(c: NeuronConfig): NeuronModelOptions {
  return {
    ...(c.tauMem !== undefined ? { tauMem: toDistribution(c.tauMem) } : {}),
    ...(c.tauExc !== undefined ? { tauExc: toDistribution(c.tauExc) } : {}),
    ...(c.tauInh !== undefined ? { tauInh: toDistribution(c.tauInh) } : {}),
    adaptation: c.adaptation ? { increment: c.adaptation.increment, tau: toDistribution(c.adaptation.tau), fraction: c.adaptation.fraction } : null,
    noise: c.noise,
  };
}

/** A zod issue as this module reports it: where, and what. */
interface FlatIssue {
  readonly path: PropertyKey[];
  readonly message: string;
}

/**
 * The issues of `error`, with each failed union ("a or b") replaced by the issues of its most
 * specific branch (the deepest path): `noise: { snrDb: [NaN] }` reports `noise.snrDb.0`, not
 * just "noise: Invalid input".
 */
function flatIssues(issues: readonly z.core.$ZodIssue[], base: PropertyKey[] = []): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const i of issues) {
    const path = [...base, ...i.path];
    if (i.code === 'invalid_union' && i.errors.length > 0) {
      const depth = (b: readonly z.core.$ZodIssue[]) => Math.max(...b.map((x) => x.path.length));
      const best = i.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (depth(best) > 0) {
        out.push(...flatIssues(best, path));
        continue;
      }
    }
    out.push({ path, message: i.message });
  }
  return out;
}

/** A value as a config file would show it (NaN and Infinity included, which JSON prints as null). */
function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? `\u0000${x}` : x)).replace(/"\\u0000([^"]*)"/g, '$1');
}

/** Format zod issues as "field: message (got value)" lines. */
export function formatIssues(error: z.ZodError, input: unknown, prefix = '', firstPathShown = true): string {
  return flatIssues(error.issues)
    .map((i, k) => {
      const path = prefix + i.path.map(String).join('.');
      let value: unknown = input;
      for (const p of i.path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[p as string] : undefined;
      const got = value === undefined ? '' : ` (got ${show(value)})`;
      return k === 0 && !firstPathShown ? `${i.message}${got}` : `${path || '(config)'}: ${i.message}${got}`;
    })
    .join('; ');
}

/** Parse `input` with a zod schema; throws {@link ConfigError} naming `source`, the first field, the value and the rule. */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, source: string): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    const first = flatIssues(r.error.issues)[0]!;
    // the first issue's field is in the error's `field` (and message prefix); the rest name theirs
    throw new ConfigError(`${source}: ${first.path.map(String).join('.') || '(root)'}`, formatIssues(r.error, input, '', false));
  }
  return r.data;
}

/** Validate and fill defaults; throws {@link ConfigError} naming the field, the value and the rule. */
export function resolveLsmConfig(input: unknown = {}, source = 'config'): LsmConfig {
  const parsed = parseConfig(lsmConfigSchema, input, source);
  const { gain: encoderGain, ...encoder } = parsed.encoder;
  // An old config's encoder.gain multiplied the input; fold it into the one knob, inputGain.
  const scaleGain = (g: number) => (encoderGain !== undefined && encoderGain !== 1 ? g * encoderGain : g);
  const unitGain = (unit: 'volt' | 'rheobase') => (unit === 'rheobase' ? DEFAULT_RHEOBASE_GAIN : IN.gain);
  const fold = (r: ParsedLsmConfig['reservoirs']['excitation']): ReservoirConfig | null => {
    if (!r) return null;
    const { ensemble, ...rest } = r;
    const one: ReservoirMemberConfig = { ...rest, inputGain: scaleGain(r.inputGain ?? unitGain(r.inputGainUnit)) };
    if (!ensemble) return one;
    // a member inherits every field it does not set; a new gain unit without a gain takes that unit's default
    const members = ensemble.members.map((m): ReservoirMemberConfig => {
      const own = Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as typeof m;
      const unit = m.inputGainUnit ?? one.inputGainUnit;
      const gain = m.inputGain !== undefined ? scaleGain(m.inputGain) : unit !== one.inputGainUnit ? scaleGain(unitGain(unit)) : one.inputGain;
      return { ...one, ...own, inputGainUnit: unit, inputGain: gain };
    });
    return { ...one, ensemble: { members, blocks: ensemble.blocks } };
  };
  const combine = parsed.features.combine ?? (parsed.features.source === 'frontend' ? 'reservoir' : DEFAULT_FEATURE_COMBINE);
  const c: LsmConfig = {
    ...parsed,
    encoder,
    features: { ...parsed.features, combine },
    reservoirs: { excitation: fold(parsed.reservoirs.excitation), tract: fold(parsed.reservoirs.tract) },
  };
  if (c.simulation.readoutInterval < c.simulation.dt)
    throw new ConfigError(`${source}: simulation.readoutInterval`, `${c.simulation.readoutInterval} s must be >= simulation.dt (${c.simulation.dt} s)`);
  for (const role of ['excitation', 'tract'] as const) {
    const r = c.reservoirs[role];
    if (!r) continue;
    const channels = streamChannelCount(role, c.frontEnd.bands, c.frontEnd);
    checkReservoir(r, role, `${source}: reservoirs.${role}`, channels);
    r.ensemble?.members.forEach((m, k) => checkReservoir(m, role, `${source}: reservoirs.${role}.ensemble.members.${k}`, channels));
  }
  if (c.features.combine !== 'reservoir' && c.features.source !== 'reservoir')
    throw new ConfigError(
      `${source}: features.combine`,
      `'${c.features.combine}' puts the control's features beside the reservoirs', but features.source is 'frontend' (no reservoir); use combine: reservoir, or source: reservoir`,
    );
  if (c.features.segments === 0 && !c.features.mean && !c.features.std)
    throw new ConfigError(
      `${source}: features`,
      'segments is 0 and mean and std are false: no state features are left; set segments >= 1, mean: true or std: true',
    );
  if (!c.reservoirs.excitation && !c.reservoirs.tract && c.features.source === 'reservoir') {
    throw new ConfigError(`${source}: reservoirs`, "both reservoirs are null; keep one, or set features.source to 'frontend'");
  }
  return c;
}

/** Check one reservoir (or ensemble member) against its role's `channels`; ConfigError naming the field under `at`. */
function checkReservoir(r: ReservoirMemberConfig, role: 'excitation' | 'tract', at: string, roleChannels: number): void {
  {
    const nm = neuronModelOptions(r.neuron);
    for (const [f, d] of [
      ['tauMem', nm.tauMem],
      ['tauExc', nm.tauExc],
      ['tauInh', nm.tauInh],
      ['adaptation.tau', nm.adaptation?.tau],
    ] as const) {
      if (!d) continue;
      try {
        checkDistribution(d, f);
      } catch (e) {
        throw new ConfigError(`${at}.neuron.${f}`, (e as Error).message);
      }
    }
    let channels = roleChannels;
    if (r.inputChannels) {
      const [from, to] = r.inputChannels;
      if (!(from < to) || to > roleChannels)
        throw new ConfigError(
          `${at}.inputChannels`,
          `[${from}, ${to}) is not a channel range of the ${role} input, which has ${roleChannels} channels (frontEnd.bands, prosody, onOff): need 0 <= from < to <= ${roleChannels}`,
        );
      channels = to - from;
    }
    if (r.inputInDegree !== undefined && r.inputInDegree > channels)
      throw new ConfigError(
        `${at}.inputInDegree`,
        `${r.inputInDegree} channels per neuron, but the ${role} input has ${channels} channels (frontEnd.bands, prosody, onOff, egemaps${r.inputChannels ? ', inputChannels' : ''})`,
      );
    if (r.topology === 'fixed-indegree') {
      if (r.lambda !== undefined)
        throw new ConfigError(`${at}.lambda`, 'only the Maass column has a connection range lambda; use topology: maass or leave lambda out');
      if (r.dynamicSynapses)
        throw new ConfigError(
          `${at}.dynamicSynapses`,
          'only the Maass column has dynamic (Tsodyks-Markram) synapses; use topology: maass or dynamicSynapses: false',
        );
      if (r.grid.join() !== '3,3,15')
        throw new ConfigError(`${at}.grid`, `a fixed in-degree reservoir has no grid (got ${JSON.stringify(r.grid)}); give its size as units`);
    } else if (r.units !== undefined && r.units !== r.grid[0] * r.grid[1] * r.grid[2]) {
      throw new ConfigError(
        `${at}.units`,
        `a Maass column's size is its grid (${r.grid.join(' x ')} = ${r.grid[0] * r.grid[1] * r.grid[2]}), got units ${r.units}; set grid, or topology: fixed-indegree`,
      );
    }
  }
}

/** The SVM readout's options of a config (scaler, PCA per block, SVM and its search). */
export function readoutOptions(config: LsmConfig): ReadoutOptions {
  const r = config.readout;
  return { pca: r.pca, whiten: r.whiten, kernel: r.kernel, svm: r.svm, C: r.C, gamma: r.gamma, classWeight: r.classWeight, innerFolds: r.innerFolds };
}
