/**
 * `lsm-ser compare`: the LSM, the classic baselines and the deep models trained and scored on
 * the same clips, folds, seeds and metric code; every test fold also scored under additive
 * noise (white, pink, babble at fixed SNRs, the same noisy audio for every model); optionally
 * every model trained again with augmentation.
 *
 * Results: `<out>/<name>/results.jsonl`, one line per (seed, model, training, fold), written
 * atomically as each finishes; a restarted run skips the lines already there (`--shard i/n`
 * splits the folds over processes, each with its own file; every run reads all files). Then
 * `compare.json`, `compare.md`, `compare.svg`, `ranked.svg` and `noise.svg` (see compare-report).
 *
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AudioError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { readJsonLines, writeFileAtomic } from '../core/fsutil.js';
import type { ProgressCallback } from '../core/progress.js';
import { loadAudio } from '../sourcefilter/load.js';
import { classificationReport } from '../readout/metrics.js';
import type { Clip, ModelSpec } from '../baselines/model.js';
import { mfccSvmModel, elmModel } from '../baselines/classic.js';
import { egemapsSvmModel } from '../baselines/egemaps-svm.js';
import { deepModel } from '../baselines/deep/deep-model.js';
import { compareSvmModel } from '../baselines/compare-svm.js';
import { babbleNoise, mixAtSnr, pinkNoise, whiteNoise, type NoiseKind } from '../augment/noise.js';
import { augmentOnce } from '../augment/policy.js';
import type { Dataset } from './manifest.js';
import { claimResultsFolder } from './results-folder.js';
import { loadProtocolDataset } from './cross-corpus.js';
import { makeFolds, type Fold } from './protocols.js';
import { lsmModelSpec } from './lsm-model-spec.js';
import type { CompareConfig, CompareModelName } from './compare-config.js';
import { writeTrainingCurves } from './training-curves.js';

/** Scores of one test condition. */
export interface ConditionScore {
  readonly uar: number;
  readonly wa: number;
  readonly macroF1: number;
  readonly n: number;
}

/** One line of results.jsonl. */
export interface CompareRecord {
  readonly seed: number;
  readonly model: CompareModelName;
  /** 'clean' training set, or 'augmented'. */
  readonly training: 'clean' | 'augmented';
  readonly fold: string;
  readonly testSpeakers: string[];
  /** 'clean' and '<kind>@<snr>' conditions. */
  readonly conditions: Record<string, ConditionScore>;
  /** Confusion on clean test audio (rows = truth, label order of the dataset). */
  readonly confusion: number[][];
  readonly trainSeconds: number;
  /** Inference time on clean test audio, features included, per utterance (ms); see `inferTiming`. */
  readonly inferMsPerUtterance: number;
  /**
   * 'cold': measured on fresh copies of the clean test clips with every feature computed afresh
   * (no caches). Absent in records of lsm-ser before 2026-11-28, whose time could include cached
   * features; reports show those as n/a.
   */
  readonly inferTiming?: 'cold';
  readonly trainableParameters: number;
  readonly trainUtterances: number;
  readonly info: Record<string, unknown>;
  /**
   * Clean test predictions, one entry per test utterance in the same order in every array
   * (utterance id, true label, predicted label, speaker), for the paired statistics of the
   * report. Absent in records of lsm-ser before 2026-12-05.
   */
  readonly predictions?: CleanPredictions;
}

/** Per-utterance clean test predictions of one record (parallel arrays). */
export interface CleanPredictions {
  readonly ids: string[];
  readonly truth: string[];
  readonly pred: string[];
  readonly speakers: string[];
}

/** Options of {@link runCompare}. */
export interface RunCompareOptions {
  /** Results root; default 'results'. */
  readonly out?: string;
  /** Folder a relative dataset path is resolved against; default `$LSM_SER_DATA`, else the cwd. */
  readonly dataRoot?: string;
  /** LSM feature cache; default '.cache/features'. */
  readonly cacheDir?: string;
  readonly onProgress?: ProgressCallback;
  /** Called after each (seed, model, training, fold), also for those found done. */
  readonly onRecord?: (r: CompareRecord, reused: boolean) => void;
  /** Log lines (what is being trained). */
  readonly log?: (line: string) => void;
  /**
   * Run only shard `index` of `count` (0-based): the folds f with f % count == index, written to
   * `results.shard-<index>-of-<count>.jsonl`. Every run reads all results files of the folder, so
   * shards never repeat each other's work and a run without a shard merges them.
   */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** Condition names of a config, clean first. */
export function conditionNames(cfg: CompareConfig): string[] {
  const out = ['clean'];
  if (cfg.noise) for (const k of cfg.noise.kinds) for (const s of cfg.noise.snrDb) out.push(`${k}@${s}`);
  return out;
}

function modelSpec(name: CompareModelName, cfg: CompareConfig, seed: number, cacheDir: string): ModelSpec {
  switch (name) {
    case 'lsm':
      return lsmModelSpec({ ...cfg.lsm, frontEnd: { ...(cfg.lsm.frontEnd ?? {}), rate: cfg.rate } } as never, { cacheDir, seed });
    case 'mfcc-svm':
      return mfccSvmModel({ C: cfg.svm.C, innerFolds: cfg.svm.innerFolds });
    case 'egemaps-svm':
      return egemapsSvmModel({ C: cfg.svm.C, innerFolds: cfg.svm.innerFolds });
    case 'elm':
      return elmModel({ hidden: cfg.elm.hidden, ridge: cfg.elm.ridge });
    case 'compare-svm':
      return compareSvmModel({ C: cfg.compareSvm.C, innerFolds: cfg.compareSvm.innerFolds });
    default:
      return deepModel(name, cfg.deep);
  }
}

/** Where babble comes from, for the report: other speakers of the test fold when it has several, else the test speaker's other utterances. */
export function babbleSourceOf(multiSpeakerTestFolds: boolean): string {
  return multiSpeakerTestFolds ? 'other speakers of the test fold' : "the test speaker's other utterances (single-speaker test fold)";
}

/** For each speaker, the samples of every clip of the other speakers. */
function othersBySpeaker(clips: readonly Clip[]): Map<string, Float64Array[]> {
  const out = new Map<string, Float64Array[]>();
  for (const s of new Set(clips.map((c) => c.speaker)))
    out.set(
      s,
      clips.filter((o) => o.speaker !== s).map((o) => o.audio.samples),
    );
  return out;
}

/** Test clips under one noise condition; the noise of an utterance depends only on (seed, kind, snr, utterance id). */
export function noisyClips(test: readonly Clip[], kind: NoiseKind, snrDb: number, seed: number): { clips: Clip[]; babbleSource: string } {
  const others = kind === 'babble' ? othersBySpeaker(test) : null;
  const multi = (others?.size ?? 0) > 1;
  const clips = test.map((c) => {
    const rng = new Rng(seed).fork(`noise/${kind}/${snrDb}/${c.id}`);
    const n = c.audio.samples.length;
    let noise: Float64Array;
    if (kind === 'white') noise = whiteNoise(n, rng);
    else if (kind === 'pink') noise = pinkNoise(n, rng);
    else {
      const sources = multi ? others!.get(c.speaker)! : test.filter((o) => o.id !== c.id).map((o) => o.audio.samples);
      if (sources.length === 0)
        throw new AudioError(
          c.audio.source,
          `babble noise is made of the other utterances of the test fold (speaker ${c.speaker}), and this is its only one; add utterances, or drop babble from noise.kinds`,
        );
      noise = babbleNoise(sources, n, rng);
    }
    return {
      ...c,
      id: `${c.id}#${kind}@${snrDb}`,
      audio: {
        samples: mixAtSnr(c.audio.samples, noise, snrDb, c.audio.source),
        sampleRate: c.audio.sampleRate,
        source: `${c.audio.source} (${kind} noise, ${snrDb} dB SNR)`,
      },
    };
  });
  return { clips, babbleSource: others ? babbleSourceOf(multi) : '' };
}

/** The training clips plus `copies` augmented copies of each (seeded per utterance and copy); babble from other training speakers. */
export function augmentedTraining(train: readonly Clip[], cfg: CompareConfig, seed: number): Clip[] {
  const a = cfg.augmentation;
  if (!a) return [...train];
  const others = othersBySpeaker(train);
  const out: Clip[] = [...train];
  for (const c of train) {
    for (let k = 0; k < a.copies; k++) {
      const rng = new Rng(seed).fork(`augment/${c.id}/${k}`);
      const r = augmentOnce(c.audio, rng, { kinds: a.kinds, snrDb: a.snrDb, speed: a.speed, semitones: a.semitones, gainDb: a.gainDb }, others.get(c.speaker)!);
      out.push({ ...c, id: `${c.id}#aug${k}`, audio: r.audio });
    }
  }
  return out;
}

function recordKey(r: Pick<CompareRecord, 'seed' | 'model' | 'training' | 'fold'>): string {
  return `${r.seed}|${r.model}|${r.training}|${r.fold}`;
}

/** Every record of a results file (unparsable lines ignored), or of every `results*.jsonl` of a folder (one per key). */
export function readCompareRecords(path: string): CompareRecord[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isDirectory()) {
    const byKey = new Map<string, CompareRecord>();
    for (const f of readdirSync(path)
      .filter((n) => /^results(\.shard-\d+-of-\d+)?\.jsonl$/.test(n))
      .sort())
      for (const r of readCompareRecords(join(path, f))) if (!byKey.has(recordKey(r))) byKey.set(recordKey(r), r);
    return [...byKey.values()];
  }
  return readJsonLines<CompareRecord>(path);
}

/** Load the dataset of a compare config. */
export function compareDataset(cfg: CompareConfig, dataRoot?: string): Dataset {
  return loadProtocolDataset(cfg.dataset, cfg.protocolSpec, dataRoot, cfg.trainDataset);
}

/** Run (or resume) a comparison; returns every record (old and new) and the results folder. */
export async function runCompare(
  cfg: CompareConfig,
  options: RunCompareOptions = {},
): Promise<{ records: CompareRecord[]; dir: string; dataset: Dataset; babbleSource: string; folds: number }> {
  const dir = join(resolve(options.out ?? 'results'), cfg.name);
  const cacheDir = options.cacheDir ?? '.cache/features';
  const ds = compareDataset(cfg, options.dataRoot);
  const labels = [...ds.labels];
  const { protocolSpec: _p, ...plain } = cfg;
  claimResultsFolder(dir, { ...plain, dataset: { ...cfg.dataset, path: ds.root } }, 'comparison');
  const shard = options.shard;
  const resultsPath = join(dir, shard ? `results.shard-${shard.index}-of-${shard.count}.jsonl` : 'results.jsonl');
  const all = readCompareRecords(dir);
  const done = new Map(all.map((r) => [recordKey(r), r]));
  // this run's file keeps what it already holds; records of other files stay there
  const records = readCompareRecords(resultsPath);
  const log = options.log ?? (() => {});
  // every utterance once, at the comparison's rate, silence trimmed
  const clips: Clip[] = ds.utterances.map((u) => ({ id: u.id, audio: loadAudio(u.file, { rate: cfg.rate }), label: u.label, speaker: u.speaker }));
  const conds = conditionNames(cfg);
  let multiSpeaker = false;
  let foldCount = 0;
  const augModels = cfg.augmentation ? (cfg.augmentation.models ?? cfg.models) : [];
  for (const seed of cfg.seeds) {
    const folds: Fold[] = makeFolds(ds, cfg.protocolSpec, new Rng(seed).fork('folds'));
    foldCount ||= folds.length;
    multiSpeaker ||= folds.some((f) => f.testSpeakers.length > 1);
    for (const [fi, fold] of folds.entries()) {
      if (shard && fi % shard.count !== shard.index) continue;
      const jobs = cfg.models
        .flatMap((m) => [{ model: m, training: 'clean' as const }, ...(augModels.includes(m) ? [{ model: m, training: 'augmented' as const }] : [])])
        .filter((j) => {
          const r = done.get(recordKey({ seed, ...j, fold: fold.name }));
          if (r) options.onRecord?.(r, true);
          return !r;
        });
      if (jobs.length === 0) continue;
      const train = fold.train.map((i) => clips[i]!);
      const test = fold.test.map((i) => clips[i]!);
      const testSets = new Map<string, Clip[]>([['clean', test]]);
      if (cfg.noise)
        for (const k of cfg.noise.kinds)
          for (const s of cfg.noise.snrDb) {
            testSets.set(`${k}@${s}`, noisyClips(test, k, s, seed).clips);
          }
      const augTrain = jobs.some((j) => j.training === 'augmented') ? augmentedTraining(train, cfg, seed) : null;
      for (const job of jobs) {
        const trainSet = job.training === 'augmented' ? augTrain! : train;
        log(`seed ${seed} fold ${fold.name}: ${job.model} (${job.training} training, ${trainSet.length} utterances)`);
        const spec = modelSpec(job.model, cfg, seed, cacheDir);
        const t0 = performance.now();
        const fitted = await spec.fit(trainSet, {
          labels,
          rng: new Rng(seed).fork(`${job.model}/${fold.name}`),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
        const trainSeconds = (performance.now() - t0) / 1000;
        const conditions: Record<string, ConditionScore> = {};
        let confusion: number[][] = [];
        let inferMs = 0;
        let predictions: CleanPredictions = { ids: [], truth: [], pred: [], speakers: [] };
        for (const c of conds) {
          let set = testSets.get(c)!;
          // clean: fresh copies, no caches, so the time is the real cost of features + model
          if (c === 'clean') set = set.map((x) => ({ ...x, audio: { ...x.audio, samples: x.audio.samples.slice() } }));
          const t1 = performance.now();
          const pred = await fitted.predict(set, c === 'clean' ? { cache: false } : {});
          if (c === 'clean') inferMs = (performance.now() - t1) / set.length;
          const rep = classificationReport(
            set.map((x) => x.label),
            pred,
            labels,
          );
          conditions[c] = { uar: rep.uar, wa: rep.wa, macroF1: rep.macroF1, n: rep.n };
          if (c === 'clean') {
            confusion = rep.confusion;
            predictions = { ids: set.map((x) => x.id), truth: set.map((x) => x.label), pred: [...pred], speakers: set.map((x) => x.speaker) };
          }
        }
        fitted.dispose?.();
        const rec: CompareRecord = {
          seed,
          model: job.model,
          training: job.training,
          fold: fold.name,
          testSpeakers: fold.testSpeakers,
          conditions,
          confusion,
          trainSeconds,
          inferMsPerUtterance: inferMs,
          inferTiming: 'cold',
          trainableParameters: fitted.trainableParameters,
          trainUtterances: trainSet.length,
          info: fitted.info,
          predictions,
        };
        records.push(rec);
        all.push(rec);
        done.set(recordKey(rec), rec);
        writeFileAtomic(resultsPath, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
        await writeTrainingCurves(dir, all, rec); // deep models: curves/<model>-<training>-seed<seed>-<fold>.svg, curves/history.jsonl
        options.onRecord?.(rec, false);
      }
    }
  }
  return { records: all, dir, dataset: ds, babbleSource: babbleSourceOf(multiSpeaker), folds: foldCount };
}
