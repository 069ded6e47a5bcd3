/**
 * `runTune`: hyperparameter search over LSM config fields by random search with successive
 * halving (every drawn configuration is scored on the first, cheapest rung of speaker-grouped
 * inner folds; the best 1/eta move on to more folds). The objective is the mean UAR over inner
 * folds that split the TRAINING speakers only; with `nested`, every outer fold of the
 * evaluation protocol runs its own search on its own training speakers, then the chosen
 * configuration is trained on them and scored on the outer fold's test speakers.
 *
 * Resumable and shardable like `runExperiment`: each (trial, rung) record is written at once
 * (atomically) to `trials.jsonl` (`trials.shard-I-of-N.jsonl` for a shard); a restarted run
 * skips what is recorded; a shard does its share of each rung and stops where it would need
 * the others' results; a run without a shard merges and finishes. Features come from the
 * content-addressed cache, so trials that change only the readout simulate nothing.
 *
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { readJsonLines, stableStringify, writeFileAtomic, writeJsonAtomic } from '../core/fsutil.js';
import { provenance } from '../core/provenance.js';
import type { ProgressCallback } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import { meanStd, type MeanStd } from '../readout/metrics.js';
import { featureConfigKey, ROLES } from './features.js';
import type { LsmConfig } from './lsm-config.js';
import type { Dataset } from './manifest.js';
import { datasetFeatureSet, evaluateFold } from './pipeline.js';
import { needsTraces, type FeatureSet } from './representation.js';
import type { Fold } from './protocols.js';
import { applyParams, rungFolds, sampleTrials, type TrialParams, type TuneSpace } from './tune-space.js';
import type { DatasetRef } from './experiment-config.js';

/** One line of trials.jsonl: a configuration scored on the first `folds` inner folds. */
export interface TrialRecord {
  readonly trial: number;
  readonly rung: number;
  /** Inner folds scored (the first `folds` of them). */
  readonly folds: number;
  /** UAR of each scored inner fold. */
  readonly foldUar: number[];
  /** Mean of foldUar: the objective. */
  readonly score: number;
  readonly params: TrialParams;
  /** Seconds this record cost (features + readouts). */
  readonly seconds: number;
  readonly error?: string;
}

/** The outcome of one search. */
export interface SearchResult {
  /** Every record, in (rung, trial) order. */
  readonly trials: TrialRecord[];
  /** The best trial of the last rung (null until the search is complete). */
  readonly best: TrialRecord | null;
  readonly bestConfig: LsmConfig | null;
  /** Fold counts of the rungs. */
  readonly rungs: number[];
  readonly complete: boolean;
  /** Records computed in this invocation. */
  readonly computed: number;
  /** Training speakers the inner folds split, per fold. */
  readonly innerFolds: string[][];
}

/** Options of {@link runTune}. */
export interface TuneOptions {
  /** Configurations drawn (trials of the first rung). */
  readonly budget: number;
  /** Output folder. */
  readonly out: string;
  /** Feature cache folder; default '.cache/features'. */
  readonly cacheDir?: string;
  /** Run only shard `index` of `count`: its share of every rung; a run without a shard merges. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Nested: one search per outer fold of `protocol` folds, scored on the outer test speakers. */
  readonly nested?: { readonly folds: readonly Fold[]; readonly protocol: string } | null;
  readonly onProgress?: ProgressCallback;
  /** Called after each computed trial record. */
  readonly onTrial?: (r: TrialRecord, search: string) => void;
}

/** The outer result of one fold of a nested search. */
export interface OuterRecord {
  readonly fold: string;
  readonly testSpeakers: string[];
  readonly trial: number;
  /** Inner score of the chosen configuration. */
  readonly innerScore: number;
  /** UAR on the outer fold's test speakers. */
  readonly uar: number;
  readonly wa: number;
  readonly params: TrialParams;
}

/** The summary of {@link runTune}. */
export interface TuneSummary {
  readonly name: string;
  readonly dataset: string;
  readonly budget: number;
  readonly rungs: number[];
  readonly complete: boolean;
  /** The search on all speakers of the dataset (not nested). */
  readonly search: SearchResult | null;
  /** Nested: per outer fold, and the mean outer UAR. */
  readonly outer: {
    readonly protocol: string;
    readonly folds: OuterRecord[];
    readonly uar: MeanStd;
    readonly wa: MeanStd;
    readonly innerScore: MeanStd;
  } | null;
  /** Path of the best configuration written (an experiment config `lsm-ser run` accepts), when complete. */
  readonly bestConfigFile: string | null;
  readonly wallSeconds: number;
  readonly dir: string;
}

/** Speaker-grouped inner folds of the training utterances `train`: training speakers split into k groups (seeded). */
export function innerSpeakerFolds(ds: Dataset, train: readonly number[], k: number, rng: Rng): { folds: Fold[]; groups: string[][] } {
  const speakers = [...new Set(train.map((i) => ds.utterances[i]!.speaker))].sort();
  if (speakers.length < 2) throw new RangeError(`tune: the training part has ${speakers.length} speaker(s); speaker-grouped inner folds need at least 2`);
  const kk = Math.min(k, speakers.length);
  const order = rng.shuffle([...speakers]) as string[];
  const groups = Array.from({ length: kk }, (_, g) => order.filter((_, j) => j % kk === g).sort());
  const folds = groups.map((g, f) => {
    const set = new Set(g);
    return {
      name: `inner ${f + 1}/${kk}`,
      train: train.filter((i) => !set.has(ds.utterances[i]!.speaker)),
      test: train.filter((i) => set.has(ds.utterances[i]!.speaker)),
      testSpeakers: g,
    };
  });
  return { folds, groups };
}

/** Canonical order of records: rung, then trial. */
function canonical(rs: Iterable<TrialRecord>): TrialRecord[] {
  return [...rs].sort((a, b) => a.rung - b.rung || a.trial - b.trial);
}

/** Every record of a search folder (trials.jsonl and all shard files), one per (trial, rung). */
export function readTrials(dir: string): Map<string, TrialRecord> {
  const out = new Map<string, TrialRecord>();
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^trials(\.shard-\d+-of-\d+)?\.jsonl$/.test(f))
        .sort()
    : [];
  for (const f of files)
    for (const r of readJsonLines<TrialRecord>(join(dir, f)))
      if (typeof r.trial === 'number' && typeof r.rung === 'number') {
        const k = `${r.trial}/${r.rung}`;
        const prev = out.get(k);
        if (!prev || (prev.error && !r.error)) out.set(k, r);
      }
  return out;
}

/** Best first: higher score, then lower trial id; failed trials last. */
function rank(rs: readonly TrialRecord[]): TrialRecord[] {
  return [...rs].sort((a, b) => (a.error ? 1 : 0) - (b.error ? 1 : 0) || b.score - a.score || a.trial - b.trial);
}

/** Features of the utterances `idx` under `config` (as a dataset of those utterances), memoized per feature key. */
class FeatureMemo {
  private key = '';
  private blocks: FeatureSet | null = null;
  constructor(
    private readonly ds: Dataset,
    private readonly idx: readonly number[],
    private readonly cacheDir: string,
    private readonly onProgress?: ProgressCallback,
  ) {}
  async get(config: LsmConfig): Promise<FeatureSet> {
    // traces and the control's features are part of the set when the representation needs them
    const k = stableStringify([
      ROLES.map((r) => featureConfigKey(config, r)),
      config.seed,
      config.readout.speakerNormalization,
      needsTraces(config),
      config.features.combine,
    ]);
    if (k !== this.key || !this.blocks) {
      const sub: Dataset = { ...this.ds, utterances: this.idx.map((i) => this.ds.utterances[i]!) };
      this.blocks = await datasetFeatureSet(sub, config, { cacheDir: this.cacheDir, ...(this.onProgress ? { onProgress: this.onProgress } : {}) });
      this.key = k;
    }
    return this.blocks;
  }
}

/**
 * One search over `space` on the training utterances `train` of `ds`, in `dir`. Returns what
 * is complete; a shard stops at the first rung whose other shares are missing.
 */
export async function searchOnSpeakers(
  ds: Dataset,
  train: readonly number[],
  base: LsmConfig,
  space: TuneSpace,
  budget: number,
  dir: string,
  options: Pick<TuneOptions, 'cacheDir' | 'shard' | 'onProgress' | 'onTrial'> & { readonly label?: string } = {},
): Promise<SearchResult> {
  const seed = space.seed ?? base.seed;
  const params = sampleTrials(space, budget, seed);
  const configs = params.map((p, k) => applyParams(base, p, `trial ${k}`));
  const { folds, groups } = innerSpeakerFolds(ds, train, space.innerFolds, new Rng(seed).fork('tune/inner-folds'));
  const rungs = rungFolds(space, folds.length);
  const identity = { base, space, budget, train: [...train].sort((a, b) => a - b).map((i) => ds.utterances[i]!.id), innerFolds: groups };
  claimSearch(dir, identity);
  const known = readTrials(dir);
  for (const r of known.values()) {
    if (r.trial >= budget || stableStringify(r.params) !== stableStringify(params[r.trial]))
      throw new ConfigError(
        join(dir, 'trials.jsonl'),
        `trial ${r.trial} was drawn with other values than this search draws (${stableStringify(r.params)}); use another --out folder`,
      );
  }
  const shard = options.shard;
  const ownFile = join(dir, shard ? `trials.shard-${shard.index}-of-${shard.count}.jsonl` : 'trials.jsonl');
  const own = shard ? new Map(readJsonLines<TrialRecord>(ownFile).map((r) => [`${r.trial}/${r.rung}`, r] as const)) : known;
  const cacheDir = options.cacheDir ?? '.cache/features';
  const memo = new FeatureMemo(ds, train, cacheDir, options.onProgress);
  const labels = [...ds.labels];
  // position of every training utterance in the memo's blocks
  const pos = new Map(train.map((i, k) => [i, k]));
  const local = folds.map((f) => ({ ...f, train: f.train.map((i) => pos.get(i)!), test: f.test.map((i) => pos.get(i)!) }));
  const subDs: Dataset = { ...ds, utterances: train.map((i) => ds.utterances[i]!) };
  let computed = 0;
  let candidates = params.map((_, k) => k);
  let complete = true;
  for (let r = 0; r < rungs.length; r++) {
    const nf = rungs[r]!;
    const mine = candidates.filter((_, j) => !shard || j % shard.count === shard.index);
    // cheap-first order: trials with the same features next to each other
    const todo = mine
      .filter((t) => !known.has(`${t}/${r}`))
      .sort(
        (a, b) =>
          stableStringify(ROLES.map((r) => featureConfigKey(configs[a]!, r))).localeCompare(
            stableStringify(ROLES.map((r) => featureConfigKey(configs[b]!, r))),
          ) || a - b,
      );
    for (const [j, t] of todo.entries()) {
      options.onProgress?.({
        phase: `${options.label ?? 'search'}: rung ${r + 1}/${rungs.length} (${nf} fold${nf > 1 ? 's' : ''})`,
        done: j,
        total: todo.length,
      });
      const t0 = performance.now();
      const prev = r > 0 ? known.get(`${t}/${r - 1}`) : undefined;
      const foldUar = prev && !prev.error ? prev.foldUar.slice(0, nf) : [];
      let rec: TrialRecord;
      try {
        if (prev?.error) throw new Error(prev.error);
        const blocks = await memo.get(configs[t]!);
        for (let f = foldUar.length; f < nf; f++) foldUar.push((await evaluateFold(subDs, blocks, local[f]!, configs[t]!, labels)).result.uar);
        rec = {
          trial: t,
          rung: r,
          folds: nf,
          foldUar,
          score: foldUar.reduce((s, x) => s + x, 0) / nf,
          params: params[t]!,
          seconds: round3((performance.now() - t0) / 1000),
        };
      } catch (e) {
        rec = {
          trial: t,
          rung: r,
          folds: nf,
          foldUar: [],
          score: -1,
          params: params[t]!,
          seconds: round3((performance.now() - t0) / 1000),
          error: (e as Error).message,
        };
      }
      known.set(`${t}/${r}`, rec);
      own.set(`${t}/${r}`, rec);
      computed++;
      writeFileAtomic(
        ownFile,
        canonical(own.values())
          .map((x) => JSON.stringify(x))
          .join('\n') + '\n',
      );
      options.onTrial?.(rec, options.label ?? 'search');
    }
    // the others' shares may have landed meanwhile
    for (const [k, v] of readTrials(dir)) if (!known.has(k)) known.set(k, v);
    const done = candidates.map((t) => known.get(`${t}/${r}`));
    if (done.some((x) => !x)) {
      complete = false;
      break;
    }
    if (r < rungs.length - 1) {
      const eta = space.halving === false ? 1 : space.halving.eta;
      candidates = rank(done as TrialRecord[])
        .slice(0, Math.max(1, Math.ceil(candidates.length / eta)))
        .map((x) => x.trial)
        .sort((a, b) => a - b);
    }
  }
  const trials = canonical(known.values());
  if (!shard) writeFileAtomic(join(dir, 'trials.jsonl'), trials.map((x) => JSON.stringify(x)).join('\n') + '\n');
  const last = trials.filter((x) => x.rung === rungs.length - 1);
  const best = complete ? (rank(last)[0] ?? null) : null;
  return {
    trials,
    best: best && !best.error ? best : null,
    bestConfig: best && !best.error ? configs[best.trial]! : null,
    rungs,
    complete,
    computed,
    innerFolds: groups,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Write `<dir>/search.json` on the first run; later runs must describe the same search. */
function claimSearch(dir: string, identity: unknown): void {
  const path = join(dir, 'search.json');
  const id = stableStringify(identity);
  const prev = readJsonLines<{ identity: unknown }>(path)[0];
  if (existsSync(path) && prev) {
    if (stableStringify(prev.identity) !== id)
      throw new ConfigError(path, 'this folder holds a different search (config, space, budget or training speakers); use another --out folder');
    return;
  }
  writeFileAtomic(path, JSON.stringify({ identity }) + '\n');
}

/** The experiment config that `lsm-ser run` accepts for `lsm` (its seed moves to `seeds`). */
export function runnableConfig(name: string, dataset: DatasetRef, protocol: string, lsm: LsmConfig): Record<string, unknown> {
  const { seed, ...rest } = lsm;
  return { version: 1, name, seeds: [seed], dataset, protocol, lsm: rest };
}

/** Run (or resume) a search: on all speakers of `ds`, or nested in the outer folds of `options.nested`. */
export async function runTune(
  ds: Dataset,
  base: LsmConfig,
  space: TuneSpace,
  info: { name: string; datasetRef: DatasetRef; protocol: string },
  options: TuneOptions,
): Promise<TuneSummary> {
  const t0 = performance.now();
  const dir = options.out;
  const all = ds.utterances.map((_, i) => i);
  let search: SearchResult | null = null;
  let outer: TuneSummary['outer'] = null;
  let bestConfigFile: string | null = null;
  let rungs: number[] = [];
  let complete = true;
  const { nested, ...common } = options;
  if (!nested) {
    search = await searchOnSpeakers(ds, all, base, space, options.budget, dir, common);
    rungs = search.rungs;
    complete = search.complete;
    if (search.bestConfig && !options.shard) {
      bestConfigFile = join(dir, 'best-config.yaml');
      writeFileAtomic(
        bestConfigFile,
        `# best of ${options.budget} trials (inner score ${(100 * search.best!.score).toFixed(1)} % UAR over ${search.best!.folds} speaker-grouped folds); run: lsm-ser run ${bestConfigFile}\n` +
          toYaml(runnableConfig(`${info.name}-tuned`, info.datasetRef, info.protocol, search.bestConfig)),
      );
      writeFileAtomic(join(dir, 'best-lsm.yaml'), toYaml(search.bestConfig));
    }
  } else {
    const outerPath = join(dir, 'outer.jsonl');
    const done = new Map(readJsonLines<OuterRecord>(outerPath).map((r) => [r.fold, r]));
    const records: OuterRecord[] = [];
    for (const [k, fold] of nested.folds.entries()) {
      const label = `outer ${k + 1}/${nested.folds.length} (${fold.name})`;
      const sub = join(dir, 'outer', fold.name.replace(/[^A-Za-z0-9._-]+/g, '_'));
      const res = await searchOnSpeakers(ds, fold.train, base, space, options.budget, sub, { ...common, label });
      rungs = res.rungs;
      if (!res.complete) {
        complete = false;
        continue;
      }
      const prev = done.get(fold.name);
      if (prev && prev.trial === res.best?.trial) {
        records.push(prev);
        continue;
      }
      if (!res.bestConfig || options.shard) {
        if (!res.bestConfig) complete = false;
        continue;
      }
      options.onProgress?.({ phase: `${label}: outer test`, done: 0, total: 1 });
      const blocks = await datasetFeatureSet(ds, res.bestConfig, { cacheDir: options.cacheDir ?? '.cache/features' });
      const r = (await evaluateFold(ds, blocks, fold, res.bestConfig, [...ds.labels])).result;
      const rec: OuterRecord = {
        fold: fold.name,
        testSpeakers: fold.testSpeakers,
        trial: res.best!.trial,
        innerScore: res.best!.score,
        uar: r.uar,
        wa: r.wa,
        params: res.best!.params,
      };
      records.push(rec);
      done.set(fold.name, rec);
      writeFileAtomic(
        outerPath,
        nested.folds
          .map((f) => done.get(f.name))
          .filter((x): x is OuterRecord => !!x)
          .map((x) => JSON.stringify(x))
          .join('\n') + '\n',
      );
    }
    const ms = (xs: number[]) => {
      const m = meanStd(xs);
      return { mean: m.mean, std: m.std };
    };
    outer = {
      protocol: nested.protocol,
      folds: records,
      uar: ms(records.map((r) => r.uar)),
      wa: ms(records.map((r) => r.wa)),
      innerScore: ms(records.map((r) => r.innerScore)),
    };
    if (complete && records.length === nested.folds.length && !options.shard) {
      // the configuration chosen by most outer folds (ties: higher mean inner score, then lower trial)
      const by = new Map<number, OuterRecord[]>();
      for (const r of records) (by.get(r.trial) ?? by.set(r.trial, []).get(r.trial)!).push(r);
      const pick = [...by.entries()].sort(
        (a, b) => b[1].length - a[1].length || meanStd(b[1].map((x) => x.innerScore)).mean - meanStd(a[1].map((x) => x.innerScore)).mean || a[0] - b[0],
      )[0]!;
      const cfg = applyParams(base, pick[1][0]!.params, `trial ${pick[0]}`);
      bestConfigFile = join(dir, 'best-config.yaml');
      writeFileAtomic(
        bestConfigFile,
        `# trial ${pick[0]}: chosen by ${pick[1].length} of ${records.length} outer folds of a nested search (outer UAR ${(100 * outer.uar.mean).toFixed(1)} %); run: lsm-ser run ${bestConfigFile}\n` +
          toYaml(runnableConfig(`${info.name}-tuned`, info.datasetRef, info.protocol, cfg)),
      );
      writeFileAtomic(join(dir, 'best-lsm.yaml'), toYaml(cfg));
    }
  }
  const summary: TuneSummary = {
    name: info.name,
    dataset: ds.name,
    budget: options.budget,
    rungs,
    complete,
    search,
    outer,
    bestConfigFile,
    wallSeconds: (performance.now() - t0) / 1000,
    dir,
  };
  if (!options.shard)
    writeJsonAtomic(join(dir, 'summary.json'), { ...summary, search: search ? { ...search, trials: undefined } : null, provenance: provenance() });
  return summary;
}
