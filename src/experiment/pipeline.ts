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
import { buildRoleReservoir, extractFeatures, extractFeatureSet, withAnalysisRate, type Reservoirs } from './features.js';
import { assertStatisticsReadout, controlConfig, fitFoldRepresentation, needsFeatureSet, needsTraces, type FeatureSet } from './representation.js';
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
   * alone, with the training-set statistics of {@link fitFallbackScaler}; 'none': the model
   * does not standardize per speaker.
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
const MODEL_VERSION = 1;

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

  private constructor(
    config: LsmConfig,
    reservoirs: Reservoirs,
    readout: Readout,
    trainedOn: LsmModel['trainedOn'],
    prov: Provenance,
    fallbackScalers: StandardScaler[] | null,
  ) {
    this.fallbackScalers = fallbackScalers;
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

  /** Train on a dataset's utterances (all of them, or the `indices`). */
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
    let blocks = await extractFeatures(
      utts.map((u) => u.file),
      config,
      reservoirs,
      { ...options, speakers },
    );
    const fallback = config.readout.speakerNormalization ? blocks.map((b) => fitFallbackScaler(b, speakers)) : null;
    if (config.readout.speakerNormalization) blocks = speakerNormalize(blocks, speakers);
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
    );
  }

  /**
   * Labels and scores of WAV files. When the model standardizes features per speaker
   * (`readout.speakerNormalization`, the default):
   * - `enroll`: all `files` are one speaker, standardized together with these other utterances
   *   of that speaker (no labels needed): the per-speaker mode of training and evaluation;
   * - `speakers`: each speaker's files are standardized together; a speaker with a single file
   *   falls back to the training-set statistics;
   * - neither: each file alone, with the training-set statistics ({@link fitFallbackScaler}):
   *   one utterance of an unknown speaker. A model file without stored statistics (older
   *   files) treats all files as one speaker and needs at least {@link MIN_SPEAKER_UTTERANCES}.
   * Every prediction says which standardization it got.
   */
  async predict(files: readonly string[], options: PredictOptions = {}): Promise<Prediction[]> {
    if (options.speakers && options.speakers.length !== files.length)
      throw new RangeError(`speakers: ${options.speakers.length} speakers for ${files.length} files (one per file)`);
    if (options.speakers && options.enroll)
      throw new RangeError('predict: give speakers or enroll, not both (enrolment utterances belong to the one speaker of all files)');
    const enroll = options.enroll ?? [];
    const all = [...files, ...enroll];
    let blocks = await extractFeatures(all, this.config, this.reservoirs, {
      ...options,
      speakers: options.speakers ? [...options.speakers, ...enroll.map(() => '')] : all.map(() => 'all'),
    });
    const how: PredictStandardization[] = files.map(() => 'none');
    if (this.config.readout.speakerNormalization) {
      // group of each row: a speaker name, or null for "alone, training-set statistics"
      let groups: (string | null)[];
      if (options.enroll) groups = all.map(() => 'enrolled');
      else if (options.speakers) {
        const count = new Map<string, number>();
        for (const sp of options.speakers) count.set(sp, (count.get(sp) ?? 0) + 1);
        groups = options.speakers.map((sp) => ((count.get(sp) ?? 0) >= MIN_SPEAKER_UTTERANCES ? sp : null));
      } else groups = files.map(() => (this.fallbackScalers ? null : 'all'));
      const lone = groups.map((g, i) => (g === null ? i : -1)).filter((i) => i >= 0);
      if (lone.length && !this.fallbackScalers) {
        const who = options.speakers ? `speaker ${JSON.stringify(options.speakers[lone[0]!])} has 1 file` : 'one file';
        throw new RangeError(
          `predict: ${who}, and this model file has no training-set statistics for single utterances (written by an older lsm-ser): predict at least ${MIN_SPEAKER_UTTERANCES} files per speaker, or retrain`,
        );
      }
      const grouped = groups.map((g, i) => (g !== null ? i : -1)).filter((i) => i >= 0);
      if (grouped.length === 1)
        throw new RangeError(
          `predict: speaker "all" has 1 file (at least ${MIN_SPEAKER_UTTERANCES} needed; predict several utterances of each speaker together, or train with readout.speakerNormalization: false)`,
        );
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
      files.forEach((_, i) => (how[i] = groups[i] === null ? 'training-set' : 'speaker'));
    }
    const rows = files.map((_, i) => i);
    blocks = blocks.map((b) => selectRows(b, rows));
    const s = this.readout.decisionScores(blocks);
    const labels = this.labels;
    const pred = this.readout.predict(blocks);
    return files.map((file, i) => ({
      file,
      label: pred[i]!,
      scores: Object.fromEntries(labels.map((l, c) => [l, s.data[i * labels.length + c]!])),
      standardization: how[i]!,
    }));
  }

  /** The model as versioned JSON (config, networks, readout, training-set statistics, provenance); {@link LsmModel.load} reads it back. */
  toJSON(): Record<string, unknown> {
    return {
      type: MODEL_TYPE,
      version: MODEL_VERSION,
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
    };
  }

  /** Reload a model file's JSON; errors name `file`. */
  static load(j: unknown, file = 'model.json'): LsmModel {
    const r = j as Record<string, unknown> | null;
    if (!r || typeof r !== 'object' || r.type !== MODEL_TYPE)
      throw new ModelFormatError(file, `not an lsm-ser model file (type is ${JSON.stringify(r?.type)}, expected "${MODEL_TYPE}")`);
    if (r.version !== MODEL_VERSION)
      throw new ModelFormatError(file, `model format version ${String(r.version)} is not supported by this lsm-ser (reads version ${MODEL_VERSION})`);
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
    return new LsmModel(config, reservoirs, readout, r.trainedOn as LsmModel['trainedOn'], r.provenance as Provenance, fallback);
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
  const one = async (c: LsmConfig, report: boolean): Promise<FeatureSet> => {
    const reservoirs = buildReservoirs(c);
    const ex = await extractFeatureSet(files, c, reservoirs, { ...options, speakers, traces: needsTraces(c) });
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
