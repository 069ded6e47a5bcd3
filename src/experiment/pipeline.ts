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
import { Readout, type ReadoutOptions } from '../readout/readout.js';
import { MIN_GROUP_ROWS, standardizeByGroup } from '../readout/scaler.js';
import { classificationReport, meanStd, type ClassificationReport, type MeanStd } from '../readout/metrics.js';
import { resolveLsmConfig, type LsmConfig, type LsmConfigInput } from './lsm-config.js';
import { buildRoleReservoir, extractFeatures, ROLES, type Role } from './features.js';
import type { Dataset } from './manifest.js';
import { makeFolds, type Fold, type Protocol } from './protocols.js';

/** Per-speaker standardization of feature blocks (no labels used): each speaker's rows get their own column means and stds. */
export function speakerNormalize(blocks: readonly Mat[], speakers: readonly string[]): Mat[] {
  return blocks.map((b) => standardizeByGroup(b, speakers));
}

/** Build the reservoirs a config asks for. */
export function buildReservoirs(config: LsmConfig): Partial<Record<Role, LifReservoir>> {
  const out: Partial<Record<Role, LifReservoir>> = {};
  if (config.features.source === 'reservoir') for (const r of ROLES) if (config.reservoirs[r]) out[r] = buildRoleReservoir(config, r, config.reservoirs[r]!);
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
export function backendReport(config: LsmConfig, reservoirs: Partial<Record<Role, LifReservoir>>): BackendReport {
  const run = ROLES.map((r) => reservoirs[r]?.lastRun).find((x) => x);
  return { requested: config.simulation.backend, used: run?.backend ?? null, reason: run?.reason ?? null, ...(run?.adapter ? { adapter: run.adapter } : {}) };
}

/** Fewest files of one speaker that {@link LsmModel.predict} standardizes together. */
export const MIN_SPEAKER_UTTERANCES = MIN_GROUP_ROWS;

const MODEL_TYPE = 'lsm-ser/model';
const MODEL_VERSION = 1;

/** A trained dual-reservoir LSM. */
export class LsmModel {
  readonly config: LsmConfig;
  readonly reservoirs: Partial<Record<Role, LifReservoir>>;
  readonly readout: Readout;
  readonly trainedOn: { dataset: string; utterances: number; speakers: string[] };
  readonly provenance: Provenance;

  private constructor(config: LsmConfig, reservoirs: Partial<Record<Role, LifReservoir>>, readout: Readout, trainedOn: LsmModel['trainedOn'], prov: Provenance) {
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
  static async train(ds: Dataset, configInput: LsmConfigInput | LsmConfig = {}, options: PipelineRunOptions & { indices?: readonly number[] } = {}): Promise<LsmModel> {
    const config = resolveLsmConfig(configInput);
    const idx = options.indices ?? ds.utterances.map((_, i) => i);
    const utts = idx.map((i) => ds.utterances[i]!);
    const reservoirs = buildReservoirs(config);
    let blocks = await extractFeatures(utts.map((u) => u.file), config, reservoirs, options);
    if (config.readout.speakerNormalization) blocks = speakerNormalize(blocks, utts.map((u) => u.speaker));
    const readout = await Readout.fit(blocks, utts.map((u) => u.label), readoutOptions(config), new Rng(config.seed).fork('readout'), { groups: utts.map((u) => u.speaker), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    return new LsmModel(config, reservoirs, readout, { dataset: ds.name, utterances: utts.length, speakers: [...new Set(utts.map((u) => u.speaker))].sort() }, provenance());
  }

  /**
   * Labels and scores of WAV files. When the model standardizes features per speaker
   * (`readout.speakerNormalization`, the default), each speaker's files are standardized
   * together, as in training and evaluation: `speakers` names the speaker of each file (default:
   * all files are one speaker), and a speaker needs at least {@link MIN_SPEAKER_UTTERANCES}
   * files (one file alone standardizes to a constant vector); the more of a speaker's
   * utterances are predicted together, the closer the statistics are to those of evaluation.
   */
  async predict(files: readonly string[], options: PipelineRunOptions & { speakers?: readonly string[] } = {}): Promise<{ file: string; label: string; scores: Record<string, number> }[]> {
    const speakers = options.speakers ?? files.map(() => 'all');
    if (speakers.length !== files.length) throw new RangeError(`speakers: ${speakers.length} speakers for ${files.length} files (one per file)`);
    if (this.config.readout.speakerNormalization) {
      const count = new Map<string, number>();
      for (const s of speakers) count.set(s, (count.get(s) ?? 0) + 1);
      for (const [s, c] of count) {
        if (c < MIN_SPEAKER_UTTERANCES) throw new RangeError(`predict: this model standardizes features per speaker, and speaker ${JSON.stringify(s)} has ${c} file${c === 1 ? '' : 's'} (at least ${MIN_SPEAKER_UTTERANCES} needed; predict several utterances of each speaker together, or train with readout.speakerNormalization: false)`);
      }
    }
    let blocks = await extractFeatures(files, this.config, this.reservoirs, options);
    if (this.config.readout.speakerNormalization) blocks = speakerNormalize(blocks, speakers);
    const s = this.readout.decisionScores(blocks);
    const labels = this.labels;
    const pred = this.readout.predict(blocks);
    return files.map((file, i) => ({ file, label: pred[i]!, scores: Object.fromEntries(labels.map((l, c) => [l, s.data[i * labels.length + c]!])) }));
  }

  toJSON(): Record<string, unknown> {
    return {
      type: MODEL_TYPE,
      version: MODEL_VERSION,
      config: this.config,
      labels: this.labels,
      trainedOn: this.trainedOn,
      provenance: this.provenance,
      reservoirs: Object.fromEntries(ROLES.map((r) => [r, this.reservoirs[r]?.toJSON() ?? null])),
      readout: this.readout.toJSON(),
    };
  }

  /** Reload a model file's JSON; errors name `file`. */
  static load(j: unknown, file = 'model.json'): LsmModel {
    const r = j as Record<string, unknown> | null;
    if (!r || typeof r !== 'object' || r.type !== MODEL_TYPE) throw new ModelFormatError(file, `not an lsm-ser model file (type is ${JSON.stringify(r?.type)}, expected "${MODEL_TYPE}")`);
    if (r.version !== MODEL_VERSION) throw new ModelFormatError(file, `model format version ${String(r.version)} is not supported by this lsm-ser (reads version ${MODEL_VERSION})`);
    const config = resolveLsmConfig(r.config, file);
    const res = (r.reservoirs ?? {}) as Record<string, unknown>;
    const reservoirs: Partial<Record<Role, LifReservoir>> = {};
    for (const role of ROLES) if (res[role]) reservoirs[role] = LifReservoir.load(res[role], file);
    const readout = Readout.load(r.readout, file);
    return new LsmModel(config, reservoirs, readout, r.trainedOn as LsmModel['trainedOn'], r.provenance as Provenance);
  }
}

/** The readout options of a config. */
export function readoutOptions(config: LsmConfig): ReadoutOptions {
  const r = config.readout;
  return { pca: r.pca, whiten: r.whiten, kernel: r.kernel, svm: r.svm, C: r.C, gamma: r.gamma, classWeight: r.classWeight, innerFolds: r.innerFolds };
}

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
}

/** Fit a readout on a fold's training rows of `blocks` and score its test rows. */
export async function evaluateFold(ds: Dataset, blocks: readonly Mat[], fold: Fold, config: LsmConfig, labels: readonly string[]): Promise<{ result: FoldResult; truth: string[]; pred: string[] }> {
  const t1 = performance.now();
  const trainY = fold.train.map((i) => ds.utterances[i]!.label);
  const readout = await Readout.fit(blocks.map((b) => selectRows(b, fold.train)), trainY, readoutOptions(config), new Rng(config.seed).fork(`readout/${fold.name}`), { groups: fold.train.map((i) => ds.utterances[i]!.speaker) });
  const pred = readout.predict(blocks.map((b) => selectRows(b, fold.test)));
  const truth = fold.test.map((i) => ds.utterances[i]!.label);
  const rep = classificationReport(truth, pred, labels);
  const result: FoldResult = { fold: fold.name, testSpeakers: fold.testSpeakers, n: rep.n, uar: rep.uar, wa: rep.wa, macroF1: rep.macroF1, confusion: rep.confusion, readoutSeconds: (performance.now() - t1) / 1000 };
  return { result, truth, pred };
}

/** Features of every utterance of a dataset under a config (speaker-normalized when configured). */
export async function datasetFeatures(ds: Dataset, config: LsmConfig, options: PipelineRunOptions = {}): Promise<Mat[]> {
  const reservoirs = buildReservoirs(config);
  let blocks = await extractFeatures(ds.utterances.map((u) => u.file), config, reservoirs, options);
  options.onBackend?.(backendReport(config, reservoirs));
  if (config.readout.speakerNormalization) blocks = speakerNormalize(blocks, ds.utterances.map((u) => u.speaker));
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
  readonly featureSeconds: number;
  readonly readoutSeconds: number;
  /** The backend that simulated the reservoirs. */
  readonly backend: BackendReport;
}

/** Features once, then a readout per fold (fitted on that fold's training part only). */
export async function evaluateProtocol(ds: Dataset, configInput: LsmConfigInput | LsmConfig, protocol: Protocol | Fold[], options: PipelineRunOptions & { onFold?: (r: FoldResult, i: number, total: number) => void } = {}): Promise<EvaluationResult> {
  const config = resolveLsmConfig(configInput);
  const folds = Array.isArray(protocol) ? protocol : makeFolds(ds, protocol, new Rng(config.seed).fork('folds'));
  const t0 = performance.now();
  let backend: BackendReport = { requested: config.simulation.backend, used: null, reason: null };
  const blocks = await datasetFeatures(ds, config, { ...options, onBackend: (b) => ((backend = b), options.onBackend?.(b)) });
  const featureSeconds = (performance.now() - t0) / 1000;
  const labels = [...ds.labels];
  const results: FoldResult[] = [];
  const truthAll: string[] = [];
  const predAll: string[] = [];
  let readoutSeconds = 0;
  for (let f = 0; f < folds.length; f++) {
    const fold = folds[f]!;
    const { result: r, truth, pred } = await evaluateFold(ds, blocks, fold, config, labels);
    readoutSeconds += r.readoutSeconds;
    truthAll.push(...truth);
    predAll.push(...pred);
    results.push(r);
    options.onFold?.(r, f, folds.length);
  }
  const ms = (k: 'uar' | 'wa' | 'macroF1') => {
    const m = meanStd(results.map((r) => r[k]));
    return { mean: m.mean, std: m.std };
  };
  return { labels, folds: results, uar: ms('uar'), wa: ms('wa'), macroF1: ms('macroF1'), pooled: classificationReport(truthAll, predAll, labels), featureSeconds, readoutSeconds, backend };
}
