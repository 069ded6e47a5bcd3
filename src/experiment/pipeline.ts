/**
 * The end-to-end LSM: `LsmModel.train` (front end -> reservoirs -> readout fitted on the
 * training utterances), `predict`, versioned JSON model files, and `evaluateProtocol` (features
 * once per dataset, then a readout per fold; mean +- std over folds).
 *
 * @module
 */
import type { SelectedAdapter } from '../lsm/backends/select.js';
import type { Mat } from '../core/matrix.js';
import { selectRows } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import { ModelFormatError } from '../core/errors.js';
import { provenance, type Provenance } from '../core/provenance.js';
import type { ProgressCallback } from '../core/progress.js';
import { LifReservoir } from '../lsm/reservoir.js';
import { Readout } from '../readout/readout.js';
import { readoutRunner } from '../readout/readout-pool.js';
import type { TaskRunner } from '../readout/readout-tasks.js';
import { MIN_GROUP_ROWS, StandardScaler, standardizeByGroup } from '../readout/scaler.js';
import { classificationReport, meanStd, type ClassificationReport, type MeanStd } from '../readout/metrics.js';
import { readoutOptions, reservoirUnits, resolveLsmConfig, type LsmConfig, type LsmConfigInput } from './lsm-config.js';
import {
  blockSizes,
  buildRoleReservoir,
  ChannelMemo,
  extractFeatures,
  extractFeatureSet,
  withAnalysisRate,
  type ExtractOptions,
  type Reservoirs,
  type RoleChannelMoments,
} from './features.js';
import {
  assertStatisticsReadout,
  combineBlocks,
  controlConfig,
  fitCombination,
  fitFoldRepresentation,
  needsFeatureSet,
  needsTraces,
  type FeatureSet,
} from './representation.js';
import { BlockResidualizer } from '../readout/residualize.js';
import { channelMomentsToJSON, loadChannelMoments, trainingChannelMoments } from './channel-moments.js';
import type { Dataset } from './manifest.js';
import { makeFolds, type Fold, type Protocol } from './protocols.js';
import { assertConfigFits } from './resources.js';

/** Per-speaker standardization of feature blocks (no labels used): each speaker's rows get their own column means and stds. */
export function speakerNormalize(blocks: readonly Mat[], speakers: readonly string[]): Mat[] {
  return blocks.map((b) => standardizeByGroup(b, speakers));
}

/**
 * Build the reservoirs a config asks for, keyed by unit name (the role, or `role/k` for member k
 * of the role's ensemble; {@link reservoirUnits}); a config that cannot fit this machine is
 * refused first, with the estimate ({@link assertConfigFits}).
 */
export function buildReservoirs(config: LsmConfig): Reservoirs {
  assertConfigFits(config);
  const out: Reservoirs = {};
  for (const u of reservoirUnits(config)) out[u.name] = buildRoleReservoir(config, u.role, u.config, u.member);
  return out;
}

/** Options of training and evaluation. */
export interface PipelineRunOptions {
  readonly cacheDir?: string;
  readonly onProgress?: ProgressCallback;
  /** Told which backend simulated the reservoirs (after feature extraction). */
  readonly onBackend?: (report: BackendReport) => void;
  /** Front-end channels shared between extractions of the same files (default: one per call where the control runs beside the reservoirs). */
  readonly memo?: ChannelMemo;
}

/** The backend a config asked for and the one that ran. */
export interface BackendReport {
  /** `simulation.backend` of the config. */
  readonly requested: string;
  /** The backend that simulated; null when nothing was simulated (every feature from the cache, or no reservoir). */
  readonly used: 'cpu' | 'gpu' | 'gpu-software' | null;
  /** Why that backend (e.g. the reason a GPU request fell back to the CPU); null when nothing ran. */
  readonly reason: string | null;
  /** The WebGPU adapter of a gpu run (vendor, architecture, device, description, isFallbackAdapter, kind); absent otherwise. */
  readonly adapter?: SelectedAdapter;
}

/** What `reservoirs` (built from `config`) last ran on. */
export function backendReport(config: LsmConfig, reservoirs: Reservoirs): BackendReport {
  const run = Object.values(reservoirs)
    .map((r) => r?.lastRun)
    .find((x) => x);
  return { requested: config.simulation.backend, used: run?.backend ?? null, reason: run?.reason ?? null, ...(run?.adapter ? { adapter: run.adapter } : {}) };
}

/**
 * The statistics blocks a model file's readout is built from, unstandardized, for `files`: the
 * reservoirs' blocks, and with `features.combine: input+...` the no-reservoir control's blocks
 * of the same files ({@link controlConfig}: the same statistics over the reservoirs' input
 * channels, no network). What {@link LsmModel} and `lsm-ser compare`'s LSM extract; the fold
 * readouts of {@link evaluateFold} get the same blocks from {@link datasetFeatureSet}.
 */
export async function extractModelBlocks(
  files: Parameters<typeof extractFeatures>[0],
  config: LsmConfig,
  reservoirs: Reservoirs,
  options: ExtractOptions = {},
): Promise<{ input: Mat[] | null; own: Mat[] }> {
  if (config.features.combine === 'reservoir') return { input: null, own: await extractFeatures(files, config, reservoirs, options) };
  // the control runs over the same front-end channels: computed once for both
  const shared = { ...options, memo: options.memo ?? new ChannelMemo() };
  const own = await extractFeatures(files, config, reservoirs, shared);
  const control = controlConfig(config);
  const input = await extractFeatures(files, { ...control, readout: { ...control.readout, frameFusion: false } }, {}, shared);
  return { input, own };
}

/**
 * The fallback standardization of a feature block for utterances of an unknown speaker
 * predicted one at a time: the column means over all training rows, and the pooled
 * within-speaker standard deviation (the spread per-speaker standardization divides by,
 * averaged over the training speakers), so that one utterance lands on the scale the readout
 * was fitted on. A column constant within every speaker gets scale 1.
 */
export function fitFallbackScaler(block: Mat, speakers: readonly string[]): StandardScaler {
  if (speakers.length !== block.rows || block.rows === 0) throw new RangeError(`fitFallbackScaler: ${speakers.length} speakers for ${block.rows} rows`);
  const d = block.cols;
  const mean = new Float64Array(d);
  for (let i = 0; i < block.rows; i++) for (let j = 0; j < d; j++) mean[j]! += block.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= block.rows;
  const bySpeaker = new Map<string, number[]>();
  speakers.forEach((s, i) => (bySpeaker.get(s) ?? bySpeaker.set(s, []).get(s)!).push(i));
  const ss = new Float64Array(d);
  const m = new Float64Array(d);
  for (const idx of bySpeaker.values()) {
    m.fill(0);
    for (const i of idx) for (let j = 0; j < d; j++) m[j]! += block.data[i * d + j]!;
    for (let j = 0; j < d; j++) m[j]! /= idx.length;
    for (const i of idx) for (let j = 0; j < d; j++) ss[j]! += (block.data[i * d + j]! - m[j]!) ** 2;
  }
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(ss[j]! / block.rows);
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return StandardScaler.load({ type: 'lsm-ser/StandardScaler', version: 1, mean: Array.from(mean), scale: Array.from(scale) }, 'fallback scaler');
}

/** How {@link LsmModel.predict} standardized a file's features. */
export type PredictStandardization = 'speaker' | 'training-set' | 'none';

/** One prediction of {@link LsmModel.predict}. */
export interface Prediction {
  readonly file: string;
  readonly label: string;
  /** Decision score per class label. */
  readonly scores: Record<string, number>;
  /**
   * 'speaker': with the other files (and enrolment utterances) of its speaker; 'training-set':
   * alone, with the training-set statistics (features: {@link fitFallbackScaler}; input
   * channels under `frontEnd.channelNormalization: speaker`: {@link trainingChannelMoments});
   * 'none': the model standardizes neither its features nor its input channels per speaker.
   */
  readonly standardization: PredictStandardization;
}

/** Options of {@link LsmModel.predict}. */
export interface PredictOptions extends PipelineRunOptions {
  /** Speaker of each file: a speaker's files (2 or more) are standardized together; a speaker with one file uses the training-set statistics. */
  readonly speakers?: readonly string[];
  /** Other utterances (no labels) of the one speaker of all `files`: standardized together with them. */
  readonly enroll?: readonly string[];
}

/** Fewest files of one speaker that {@link LsmModel.predict} standardizes together. */
export const MIN_SPEAKER_UTTERANCES = MIN_GROUP_ROWS;

const MODEL_TYPE = 'lsm-ser/model';
/**
 * Model file versions: 1 holds the statistics readout of the reservoirs' blocks; 2 adds records
 * that a version-1 reader would refuse or silently misuse (`residualizer`, the control's blocks
 * of `features.combine: input+...`, `channelStandardization`). A file is written with the
 * lowest version that describes it, so models without those parts stay readable by older
 * lsm-ser; this reader reads both.
 */
const MODEL_VERSIONS = [1, 2] as const;

/** A trained dual-reservoir LSM. */
export class LsmModel {
  readonly config: LsmConfig;
  readonly reservoirs: Reservoirs;
  readonly readout: Readout;
  readonly trainedOn: { dataset: string; utterances: number; speakers: string[] };
  readonly provenance: Provenance;
  /**
   * Per block, the training-set statistics that standardize one utterance of an unknown speaker
   * ({@link fitFallbackScaler}); null for a model without per-speaker standardization, or a
   * model file written before they were stored.
   */
  readonly fallbackScalers: StandardScaler[] | null;
  /**
   * `features.combine: input+residual`: the map from the control's blocks to the reservoirs',
   * fitted on the (standardized) training rows; null for the other kinds.
   */
  readonly residualizer: BlockResidualizer | null;
  /**
   * `frontEnd.channelNormalization: speaker`: the training-set channel moments that z-score the
   * input channels of a lone utterance ({@link trainingChannelMoments}); null for other
   * normalizations, or a model file written before they were stored.
   */
  readonly channelMoments: RoleChannelMoments | null;
  /** Where the model came from, for error messages (the model file, or 'trained model'). */
  private readonly origin: string;

  private constructor(
    config: LsmConfig,
    reservoirs: Reservoirs,
    readout: Readout,
    trainedOn: LsmModel['trainedOn'],
    prov: Provenance,
    fallbackScalers: StandardScaler[] | null,
    residualizer: BlockResidualizer | null,
    channelMoments: RoleChannelMoments | null,
    origin: string,
  ) {
    this.fallbackScalers = fallbackScalers;
    this.residualizer = residualizer;
    this.channelMoments = channelMoments;
    this.origin = origin;
    this.config = config;
    this.reservoirs = reservoirs;
    this.readout = readout;
    this.trainedOn = trainedOn;
    this.provenance = prov;
  }

  /** Class labels in score order. */
  get labels(): string[] {
    return this.readout.labels;
  }

  /**
   * Train on a dataset's utterances (all of them, or the `indices`). With `features.combine:
   * input+reservoir | input+residual` the readout gets the control's blocks before the
   * reservoirs' (residualized on them, map fitted on these rows), exactly as a fold readout of
   * {@link evaluateFold} does; with `frontEnd.channelNormalization: speaker` the training-set
   * channel moments are stored for lone utterances at prediction.
   */
  static async train(
    ds: Dataset,
    configInput: LsmConfigInput | LsmConfig = {},
    options: PipelineRunOptions & { indices?: readonly number[] } = {},
  ): Promise<LsmModel> {
    const idx = options.indices ?? ds.utterances.map((_, i) => i);
    const utts = idx.map((i) => ds.utterances[i]!);
    // an 'auto' analysis rate is fixed by the training data, so that predict analyses alike
    const config = withAnalysisRate(
      resolveLsmConfig(configInput),
      utts.map((u) => u.file),
    );
    assertStatisticsReadout(config, 'config', 'a model file (train / predict)');
    const reservoirs = buildReservoirs(config);
    const speakers = utts.map((u) => u.speaker);
    const files = utts.map((u) => u.file);
    // one front-end pass per file for the reservoirs, the control beside them and the channel moments
    const memo = options.memo ?? new ChannelMemo();
    const { input, own } = await extractModelBlocks(files, config, reservoirs, { ...options, speakers, memo });
    // fallback scalers cover every extracted block: [control blocks..., reservoir blocks...]
    let raw = [...(input ?? []), ...own];
    const fallback = config.readout.speakerNormalization ? raw.map((b) => fitFallbackScaler(b, speakers)) : null;
    if (config.readout.speakerNormalization) raw = speakerNormalize(raw, speakers);
    const nIn = input?.length ?? 0;
    const inB = input ? raw.slice(0, nIn) : null;
    const ownB = raw.slice(nIn);
    const residualizer = inB ? fitCombination(config, inB, ownB) : null;
    const blocks = combineBlocks(config, inB, ownB, residualizer);
    const moments = config.frontEnd.channelNormalization === 'speaker' ? trainingChannelMoments(files, speakers, config, memo) : null;
    const readout = await Readout.fit(
      blocks,
      utts.map((u) => u.label),
      readoutOptions(config),
      new Rng(config.seed).fork('readout'),
      { groups: speakers, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
    );
    return new LsmModel(
      config,
      reservoirs,
      readout,
      { dataset: ds.name, utterances: utts.length, speakers: [...new Set(speakers)].sort() },
      provenance(),
      fallback,
      residualizer,
      moments,
      'trained model',
    );
  }

  /**
   * Labels and scores of WAV files. When the model standardizes per speaker (its features:
   * `readout.speakerNormalization`, the default; or its input channels:
   * `frontEnd.channelNormalization: speaker`):
   * - `enroll`: all `files` are one speaker, standardized together with these other utterances
   *   of that speaker (no labels needed): the per-speaker mode of training and evaluation;
   * - `speakers`: each speaker's files are standardized together; a speaker with a single file
   *   falls back to the training-set statistics;
   * - neither: each file alone, with the training-set statistics ({@link fitFallbackScaler} for
   *   the features, {@link trainingChannelMoments} for the channels): one utterance of an
   *   unknown speaker, whose result does not depend on the other files. A model file without
   *   stored feature statistics (older files) treats all files as one speaker and needs at
   *   least {@link MIN_SPEAKER_UTTERANCES}; one without stored channel moments refuses lone
   *   files of a channel-speaker model (RangeError naming the model file).
   * Every prediction says which standardization it got.
   */
  async predict(files: readonly string[], options: PredictOptions = {}): Promise<Prediction[]> {
    if (options.speakers && options.speakers.length !== files.length)
      throw new RangeError(`speakers: ${options.speakers.length} speakers for ${files.length} files (one per file)`);
    if (options.speakers && options.enroll)
      throw new RangeError('predict: give speakers or enroll, not both (enrolment utterances belong to the one speaker of all files)');
    const enroll = options.enroll ?? [];
    const all = [...files, ...enroll];
    const perFeatures = this.config.readout.speakerNormalization;
    const perChannels = this.config.frontEnd.channelNormalization === 'speaker';
    // group of each row: a speaker name, or null for "alone, training-set statistics"
    let groups: (string | null)[];
    if (options.enroll) groups = all.map(() => 'enrolled');
    else if (options.speakers) {
      const count = new Map<string, number>();
      for (const sp of options.speakers) count.set(sp, (count.get(sp) ?? 0) + 1);
      groups = options.speakers.map((sp) => ((count.get(sp) ?? 0) >= MIN_SPEAKER_UTTERANCES ? sp : null));
    } else groups = files.map(() => (perFeatures && !this.fallbackScalers ? 'all' : null));
    if (!perFeatures && !perChannels) groups = all.map(() => 'all');
    const lone = groups.map((g, i) => (g === null ? i : -1)).filter((i) => i >= 0);
    const who = () => (options.speakers ? `speaker ${JSON.stringify(options.speakers[lone[0]!])} has 1 file` : 'one file');
    if (lone.length && perFeatures && !this.fallbackScalers)
      throw new RangeError(
        `predict: ${who()}, and this model file has no training-set statistics for single utterances (written by an older lsm-ser): predict at least ${MIN_SPEAKER_UTTERANCES} files per speaker, or retrain`,
      );
    if (lone.length && perChannels && !this.channelMoments)
      throw new RangeError(
        `predict: ${who()}, and the model file ${this.origin} has no training-set channel statistics (frontEnd.channelNormalization: speaker; written by an older lsm-ser) to z-score a single utterance's channels: predict at least ${MIN_SPEAKER_UTTERANCES} files per speaker (speakers / --speakers) or enrol other utterances of the speaker (enroll / --enroll), or retrain`,
      );
    const grouped = groups.map((g, i) => (g !== null ? i : -1)).filter((i) => i >= 0);
    if (perFeatures && grouped.length === 1)
      throw new RangeError(
        `predict: speaker "all" has 1 file (at least ${MIN_SPEAKER_UTTERANCES} needed; predict several utterances of each speaker together, or train with readout.speakerNormalization: false)`,
      );
    const { input, own } = await extractModelBlocks(all, this.config, this.reservoirs, {
      ...options,
      // lone rows are z-scored with the stored training-set channel moments (their speaker name is unused)
      speakers: groups.map((g) => g ?? ''),
      ...(perChannels && lone.length ? { fixedChannelMoments: { moments: this.channelMoments!, inputs: groups.map((g) => g === null) } } : {}),
    });
    let blocks = [...(input ?? []), ...own];
    if (perFeatures) {
      blocks = blocks.map((b, k) => {
        const out = new Float64Array(b.data.length);
        if (grouped.length) {
          const z = standardizeByGroup(
            selectRows(b, grouped),
            grouped.map((i) => groups[i]!),
          );
          grouped.forEach((i, r) => out.set(z.data.subarray(r * b.cols, (r + 1) * b.cols), i * b.cols));
        }
        if (lone.length) {
          const z = this.fallbackScalers![k]!.transform(selectRows(b, lone));
          lone.forEach((i, r) => out.set(z.data.subarray(r * b.cols, (r + 1) * b.cols), i * b.cols));
        }
        return { data: out, rows: b.rows, cols: b.cols };
      });
    }
    const rows = files.map((_, i) => i);
    blocks = blocks.map((b) => selectRows(b, rows));
    const nIn = input?.length ?? 0;
    blocks = combineBlocks(this.config, input ? blocks.slice(0, nIn) : null, blocks.slice(nIn), this.residualizer);
    const s = this.readout.decisionScores(blocks);
    const labels = this.labels;
    const pred = this.readout.predict(blocks);
    return files.map((file, i) => ({
      file,
      label: pred[i]!,
      scores: Object.fromEntries(labels.map((l, c) => [l, s.data[i * labels.length + c]!])),
      standardization: perFeatures || perChannels ? (groups[i] === null ? 'training-set' : 'speaker') : 'none',
    }));
  }

  /**
   * The model as versioned JSON (config, networks, readout, training-set statistics, the
   * residualizing map, training-set channel moments, provenance); {@link LsmModel.load} reads it
   * back. Version 2 when it holds a part version-1 readers do not know (residualizer, control blocks, channel moments), else 1.
   */
  toJSON(): Record<string, unknown> {
    const v2 = this.config.features.combine !== 'reservoir' || this.channelMoments !== null;
    return {
      type: MODEL_TYPE,
      version: v2 ? 2 : 1,
      config: this.config,
      labels: this.labels,
      trainedOn: this.trainedOn,
      provenance: this.provenance,
      // one entry per role (null when absent) and per ensemble member ('excitation/0', ...)
      reservoirs: Object.fromEntries(
        [...(['excitation', 'tract'] as const), ...reservoirUnits(this.config).map((u) => u.name)].map((r) => [r, this.reservoirs[r]?.toJSON() ?? null]),
      ),
      readout: this.readout.toJSON(),
      ...(this.fallbackScalers ? { fallbackStandardization: this.fallbackScalers.map((f) => f.toJSON()) } : {}),
      ...(this.residualizer ? { residualizer: this.residualizer.toJSON() } : {}),
      ...(this.channelMoments ? { channelStandardization: channelMomentsToJSON(this.channelMoments) } : {}),
    };
  }

  /** Reload a model file's JSON; errors name `file`. */
  static load(j: unknown, file = 'model.json'): LsmModel {
    const r = j as Record<string, unknown> | null;
    if (!r || typeof r !== 'object' || r.type !== MODEL_TYPE)
      throw new ModelFormatError(file, `not an lsm-ser model file (type is ${JSON.stringify(r?.type)}, expected "${MODEL_TYPE}")`);
    if (!(MODEL_VERSIONS as readonly unknown[]).includes(r.version))
      throw new ModelFormatError(
        file,
        `model format version ${String(r.version)} is not supported by this lsm-ser (reads versions ${MODEL_VERSIONS.join(' and ')})`,
      );
    if (r.config === undefined) throw new ModelFormatError(file, 'the model file has no "config" record');
    const config = resolveLsmConfig(r.config, file);
    if (!r.reservoirs || typeof r.reservoirs !== 'object' || Array.isArray(r.reservoirs))
      throw new ModelFormatError(
        file,
        `the model file has no "reservoirs" record (got ${JSON.stringify(r.reservoirs) ?? 'nothing'}); it holds the simulated networks: write model files with \`lsm-ser train\``,
      );
    const res = r.reservoirs as Record<string, unknown>;
    const reservoirs: Reservoirs = {};
    for (const u of reservoirUnits(config)) {
      if (res[u.name]) reservoirs[u.name] = LifReservoir.load(res[u.name], `${file}: reservoirs.${u.name}`);
      else
        throw new ModelFormatError(
          file,
          `reservoirs.${u.name} is missing, but the model's config uses ${u.member === null ? `a ${u.role} reservoir` : `member ${u.member} of a ${u.role} ensemble`}`,
        );
    }
    assertStatisticsReadout(config, file, 'a model file (train / predict)');
    if (!r.readout || typeof r.readout !== 'object') throw new ModelFormatError(file, 'the model file has no "readout" record');
    const readout = Readout.load(r.readout, file);
    // the readout's blocks must be the ones the config extracts: [control blocks...,] reservoir blocks...
    const control = controlConfig(config);
    const inSizes = config.features.combine === 'reservoir' ? [] : blockSizes(control, {});
    const sizes = [...inSizes, ...blockSizes(config, reservoirs)];
    if (readout.scalers.length !== sizes.length)
      throw new ModelFormatError(
        file,
        `readout.scalers holds ${readout.scalers.length} feature blocks, but the model's config (features.combine '${config.features.combine}') gives ${sizes.length}: ${sizes.map((b) => `${b.name} (${b.size})`).join(', ')}`,
      );
    sizes.forEach((b, k) => {
      const got = readout.scalers[k]!.mean.length;
      if (got !== b.size)
        throw new ModelFormatError(
          file,
          `readout.scalers[${k}] has ${got} features, but the config's ${k < inSizes.length ? 'control ' : ''}block ${b.name} has ${b.size}`,
        );
    });
    let residualizer: BlockResidualizer | null = null;
    if (config.features.combine === 'input+residual') {
      if (r.residualizer === undefined)
        throw new ModelFormatError(file, 'the model file has no "residualizer" record, but its config uses features.combine \'input+residual\'');
      residualizer = BlockResidualizer.load(r.residualizer, `${file}: residualizer`);
      const nIn = inSizes.length;
      if (residualizer.scalers.length !== nIn || residualizer.fits.length !== sizes.length - nIn)
        throw new ModelFormatError(
          file,
          `residualizer maps ${residualizer.scalers.length} control blocks to ${residualizer.fits.length} reservoir blocks, the config has ${nIn} and ${sizes.length - nIn}`,
        );
      residualizer.scalers.forEach((sc, k) => {
        if (sc.mean.length !== inSizes[k]!.size)
          throw new ModelFormatError(
            file,
            `residualizer.scalers[${k}] has ${sc.mean.length} features, the control block ${inSizes[k]!.name} has ${inSizes[k]!.size}`,
          );
      });
      residualizer.fits.forEach((f, k) => {
        if (f.m !== sizes[nIn + k]!.size)
          throw new ModelFormatError(
            file,
            `residualizer.fits[${k}] predicts ${f.m} features, the reservoir block ${sizes[nIn + k]!.name} has ${sizes[nIn + k]!.size}`,
          );
      });
    } else if (r.residualizer !== undefined)
      throw new ModelFormatError(file, `the model file has a "residualizer" record, but its config uses features.combine '${config.features.combine}'`);
    let moments: RoleChannelMoments | null = null;
    if (r.channelStandardization !== undefined) {
      if (config.frontEnd.channelNormalization !== 'speaker')
        throw new ModelFormatError(
          file,
          `the model file has a "channelStandardization" record, but its config uses frontEnd.channelNormalization '${config.frontEnd.channelNormalization}'`,
        );
      moments = loadChannelMoments(r.channelStandardization, config, file, 'channelStandardization');
    }
    let fallback: StandardScaler[] | null = null;
    if (r.fallbackStandardization !== undefined) {
      const f = r.fallbackStandardization;
      if (!Array.isArray(f) || f.length !== readout.scalers.length)
        throw new ModelFormatError(
          file,
          `fallbackStandardization must hold one scaler per feature block (${readout.scalers.length}), got ${Array.isArray(f) ? f.length : JSON.stringify(f)}`,
        );
      fallback = f.map((x, k) => StandardScaler.load(x, `${file}: fallbackStandardization[${k}]`));
      fallback.forEach((sc, k) => {
        if (sc.mean.length !== readout.scalers[k]!.mean.length)
          throw new ModelFormatError(
            file,
            `fallbackStandardization[${k}] has ${sc.mean.length} features, the readout's block ${k} has ${readout.scalers[k]!.mean.length}`,
          );
      });
    }
    return new LsmModel(config, reservoirs, readout, r.trainedOn as LsmModel['trainedOn'], r.provenance as Provenance, fallback, residualizer, moments, file);
  }
}

export { readoutOptions } from './lsm-config.js';

/** The result of one fold. */
export interface FoldResult {
  readonly fold: string;
  readonly testSpeakers: string[];
  readonly n: number;
  readonly uar: number;
  readonly wa: number;
  readonly macroF1: number;
  readonly confusion: number[][];
  readonly readoutSeconds: number;
  /**
   * Set when the readout's inner model selection could not keep speakers apart because the
   * training part has one speaker (e.g. a two-speaker corpus under LOSO): it used stratified
   * folds over utterances instead. Absent otherwise.
   */
  readonly innerCv?: 'stratified-one-group';
}

/**
 * Fit a readout on a fold's training rows of `blocks` and score its test rows. `blocks` is the
 * statistics blocks ({@link datasetFeatures}), or a {@link FeatureSet} ({@link datasetFeatureSet}),
 * which configs with a model-space representation, frame fusion or `features.combine: input+...`
 * need: their extra parts are fitted on the fold's training rows ({@link fitFoldRepresentation}).
 * `runner` runs the readout's tasks (default inline; a {@link readoutPool} spreads them over
 * worker threads, with identical results); `readoutSeconds` is this fold's wall time.
 */
export async function evaluateFold(
  ds: Dataset,
  blocks: readonly Mat[] | FeatureSet,
  fold: Fold,
  config: LsmConfig,
  labels: readonly string[],
  runner?: TaskRunner,
): Promise<{ result: FoldResult; truth: string[]; pred: string[] }> {
  const t1 = performance.now();
  const fs: FeatureSet = isFeatureSet(blocks) ? blocks : { blocks, traces: null, input: null };
  if (!isFeatureSet(blocks) && needsFeatureSet(config))
    throw new RangeError(
      `evaluateFold: readout.representation '${config.readout.representation}', readout.frameFusion ${config.readout.frameFusion} and features.combine '${config.features.combine}' need a FeatureSet (datasetFeatureSet), not statistics blocks alone`,
    );
  const { pred, readout } = await fitFoldRepresentation(
    fs,
    fold.train,
    fold.test,
    ds.utterances.map((u) => u.label),
    ds.utterances.map((u) => u.speaker),
    config,
    new Rng(config.seed).fork(`readout/${fold.name}`),
    runner,
  );
  const truth = fold.test.map((i) => ds.utterances[i]!.label);
  const rep = classificationReport(truth, pred, labels);
  const result: FoldResult = {
    fold: fold.name,
    testSpeakers: fold.testSpeakers,
    n: rep.n,
    uar: rep.uar,
    wa: rep.wa,
    macroF1: rep.macroF1,
    confusion: rep.confusion,
    readoutSeconds: (performance.now() - t1) / 1000,
    ...(readout.innerCv === 'stratified-one-group' ? { innerCv: readout.innerCv } : {}),
  };
  return { result, truth, pred };
}

/** Whether `x` is a {@link FeatureSet} (not a list of blocks). */
function isFeatureSet(x: readonly Mat[] | FeatureSet): x is FeatureSet {
  return !Array.isArray(x);
}

/**
 * Everything the fold readouts of a config need for every utterance of a dataset: the
 * statistics blocks (speaker-normalized when configured), the traces when the representation
 * needs them (model space, frame readout), and the no-reservoir control's set when
 * `features.combine` puts it beside the reservoirs'.
 */
export async function datasetFeatureSet(ds: Dataset, config: LsmConfig, options: PipelineRunOptions = {}): Promise<FeatureSet> {
  const files = ds.utterances.map((u) => u.file);
  const speakers = ds.utterances.map((u) => u.speaker);
  // with the control beside the reservoirs, both run over the same front-end channels: computed once
  const memo = config.features.combine === 'reservoir' ? options.memo : (options.memo ?? new ChannelMemo());
  const one = async (c: LsmConfig, report: boolean): Promise<FeatureSet> => {
    const reservoirs = buildReservoirs(c);
    const ex = await extractFeatureSet(files, c, reservoirs, { ...options, speakers, traces: needsTraces(c), ...(memo ? { memo } : {}) });
    if (report) options.onBackend?.(backendReport(c, reservoirs));
    return { blocks: c.readout.speakerNormalization ? speakerNormalize(ex.blocks, speakers) : ex.blocks, traces: ex.traces, input: null };
  };
  const own = await one(config, true);
  if (config.features.combine === 'reservoir') return own;
  // beside the reservoirs only the control's utterance-level blocks are used (the frame readout is the reservoirs')
  const control = controlConfig(config);
  return { ...own, input: await one({ ...control, readout: { ...control.readout, frameFusion: false } }, false) };
}

/** Features of every utterance of a dataset under a config (speaker-normalized when configured). */
export async function datasetFeatures(ds: Dataset, config: LsmConfig, options: PipelineRunOptions = {}): Promise<Mat[]> {
  const reservoirs = buildReservoirs(config);
  let blocks = await extractFeatures(
    ds.utterances.map((u) => u.file),
    config,
    reservoirs,
    { ...options, speakers: ds.utterances.map((u) => u.speaker) },
  );
  options.onBackend?.(backendReport(config, reservoirs));
  if (config.readout.speakerNormalization)
    blocks = speakerNormalize(
      blocks,
      ds.utterances.map((u) => u.speaker),
    );
  return blocks;
}

/** The result of {@link evaluateProtocol}. */
export interface EvaluationResult {
  readonly labels: string[];
  readonly folds: FoldResult[];
  readonly uar: MeanStd;
  readonly wa: MeanStd;
  readonly macroF1: MeanStd;
  /** Pooled over all test predictions. */
  readonly pooled: ClassificationReport;
  /**
   * The predicted label of every utterance of the dataset, in its order (null for an utterance
   * in no test fold, e.g. the training part of an official split; an utterance in several test
   * folds keeps its last fold's), for paired statistics over utterances.
   */
  readonly predictions: (string | null)[];
  readonly featureSeconds: number;
  readonly readoutSeconds: number;
  /** The backend that simulated the reservoirs. */
  readonly backend: BackendReport;
}

/**
 * Features once, then a readout per fold (fitted on that fold's training part only). The folds'
 * readouts run concurrently on `workers` threads (default 'auto': one per core, inline below
 * 200 utterances; 1 = this thread only): results are identical whatever the count, `onFold` is called as folds finish, and
 * `readoutSeconds` is the wall time of all readouts.
 */
export async function evaluateProtocol(
  ds: Dataset,
  configInput: LsmConfigInput | LsmConfig,
  protocol: Protocol | Fold[],
  options: PipelineRunOptions & { onFold?: (r: FoldResult, i: number, total: number) => void; workers?: number | 'auto' } = {},
): Promise<EvaluationResult> {
  const config = resolveLsmConfig(configInput);
  const folds = Array.isArray(protocol) ? protocol : makeFolds(ds, protocol, new Rng(config.seed).fork('folds'));
  const t0 = performance.now();
  let backend: BackendReport = { requested: config.simulation.backend, used: null, reason: null };
  const blocks = await datasetFeatureSet(ds, config, { ...options, onBackend: (b) => ((backend = b), options.onBackend?.(b)) });
  const featureSeconds = (performance.now() - t0) / 1000;
  const labels = [...ds.labels];
  const runner = readoutRunner(options.workers, ds.utterances.length);
  const t1 = performance.now();
  const done = await Promise.all(
    folds.map(async (fold, f) => {
      const out = await evaluateFold(ds, blocks, fold, config, labels, runner);
      options.onFold?.(out.result, f, folds.length);
      return out;
    }),
  );
  const readoutSeconds = (performance.now() - t1) / 1000;
  const results = done.map((d) => d.result);
  const truthAll = done.flatMap((d) => d.truth);
  const predAll = done.flatMap((d) => d.pred);
  const predictions: (string | null)[] = ds.utterances.map(() => null);
  done.forEach((d, f) =>
    folds[f]!.test.forEach((i, k) => {
      predictions[i] = d.pred[k]!;
    }),
  );
  const ms = (k: 'uar' | 'wa' | 'macroF1') => {
    const m = meanStd(results.map((r) => r[k]));
    return { mean: m.mean, std: m.std };
  };
  return {
    labels,
    folds: results,
    uar: ms('uar'),
    wa: ms('wa'),
    macroF1: ms('macroF1'),
    pooled: classificationReport(truthAll, predAll, labels),
    predictions,
    featureSeconds,
    readoutSeconds,
    backend,
  };
}
