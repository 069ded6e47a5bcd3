/**
 * Does the reservoir earn its keep? On one protocol, for several reservoir seeds and readout
 * representations, every LSM row beside (a) the no-reservoir control with the same
 * representation and readout (the same statistics over the channels that drive the
 * reservoirs), (b) "input + reservoir" (the control's features plus the reservoir's features
 * residualized on them inside each training fold) and (c) `mfcc-svm`, all on the same folds,
 * with the paired bootstrap 95 % CI of each UAR difference over utterances, per-speaker
 * differences, and sign / Wilcoxon tests over speakers (src/readout/statistics.ts).
 *
 * The front end runs once per dataset, each reservoir once per seed; every representation is
 * computed from the same in-memory traces, so readout variants cost only readouts. The control
 * and mfcc-svm do not depend on the reservoir seed: they are fitted once per distinct fold set
 * (readout generator of the first seed).
 *
 *   npx tsx bench/gain.ts --protocol emodb2s-loso|emodb-loso|emodb2s-kfold10|ravdess-loso|fsdd-loso|fsdd-official
 *       [--seeds 1,2,3,4,5] [--reps stats,seg16,timeres,modelspace] [--models lsm,control,input+lsm,concat,mfcc-svm,frame]
 *       [--config FILE] [--tag NAME] [--resume] [--data DIR] [--out FILE] [--duplicates refuse|keep-first]
 *
 * `concat` is the plain concatenation of the control's blocks and the reservoir's (no residualization).
 * `frame` adds the frame-level readout alone ('frame') and fused with the LSM's SVM ('lsm+frame').
 * `--resume` keeps the runs already in the results file (same config) and computes the rest.
 * Every run stores its best inner-CV UAR per fold, for `bench/gain-select.ts` (nested selection).
 *
 * Results: `bench/results/gain-<protocol>[-<tag>].json` (predictions of every model and seed,
 * so that the statistics can be recomputed, e.g. by notebooks/04-reservoir-gain.ipynb) and a
 * Markdown table on stdout.
 */
import { join } from 'node:path';
import type { Mat } from '../src/core/matrix.js';
import { selectRows } from '../src/core/matrix.js';
import { Rng } from '../src/core/rng.js';
import { writeJsonAtomic } from '../src/core/fsutil.js';
import { provenance } from '../src/core/provenance.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { sha256 } from '../src/core/fsutil.js';
import { loadAudio } from '../src/sourcefilter/load.js';
import { channelMoments, normalizeChannels, type FrontEndChannels } from '../src/sourcefilter/channels.js';
import { traceStatistics, type StateFeatureOptions } from '../src/lsm/trace-stats.js';
import { closeCpuPool } from '../src/lsm/backends/pool.js';
import { Readout, type ReadoutOptions } from '../src/readout/readout.js';
import { BlockResidualizer } from '../src/readout/residualize.js';
import { StateProjection } from '../src/readout/model-space.js';
import { argmaxLabels, FrameReadout, fuseScores } from '../src/readout/frame-readout.js';
import { standardizeByGroup } from '../src/readout/scaler.js';
import { classificationReport, meanStd } from '../src/readout/metrics.js';
import { joinedTrace } from '../src/experiment/representation.js';
import { comparePredictions, type PairedStatistics, type RunComparison } from './paired.js';
import { mfccStatistics, MFCC_STATS_LENGTH } from '../src/baselines/mfcc-stats.js';
import { loadDataset } from '../src/experiment/datasets/index.js';
import { makeFolds, type Fold, type Protocol } from '../src/experiment/protocols.js';
import { readConfigFile } from '../src/experiment/config-file.js';
import { resolveLsmConfig, type LsmConfig } from '../src/experiment/lsm-config.js';
import { EGEMAPS_REVISION } from '../src/sourcefilter/egemaps/index.js';
import { buildRoleReservoir, configChannels, roleInput, ROLES, type Role } from '../src/experiment/features.js';
import { readoutOptions } from '../src/experiment/pipeline.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** The protocols of issue 12. */
export const GAIN_PROTOCOLS: Record<string, { dataset: string; dir: string; protocol: Protocol }> = {
  'emodb2s-loso': { dataset: 'emodb', dir: 'emodb-2s', protocol: { kind: 'loso' } },
  'emodb-loso': { dataset: 'emodb', dir: 'emodb', protocol: { kind: 'loso' } },
  'emodb2s-kfold10': { dataset: 'emodb', dir: 'emodb-2s', protocol: { kind: 'kfold', k: 10, stratify: true } },
  'ravdess-loso': { dataset: 'ravdess', dir: 'ravdess-16k', protocol: { kind: 'loso' } },
  'fsdd-loso': { dataset: 'fsdd', dir: 'fsdd', protocol: { kind: 'loso' } },
  'fsdd-official': { dataset: 'fsdd', dir: 'fsdd', protocol: { kind: 'official' } },
};

/** Readout representations by name (trace statistics; 'modelspace' is fitted per fold). */
export const REPRESENTATIONS: Record<string, StateFeatureOptions | 'modelspace'> = {
  stats: { segments: 4, mean: true, std: true },
  seg16: { segments: 16, mean: true, std: true },
  timeres: { segments: 8, mean: true, std: true, slopes: true, lags: [1, 3, 10, 30] },
  modelspace: 'modelspace',
};

const protoName = flag('--protocol') ?? 'emodb2s-loso';
const P = GAIN_PROTOCOLS[protoName];
if (!P) throw new RangeError(`--protocol: unknown "${protoName}" (known: ${Object.keys(GAIN_PROTOCOLS).join(', ')})`);
const data = flag('--data') ?? process.env.LSM_SER_DATA ?? '../shared/data';
const seeds = (flag('--seeds') ?? '1,2,3,4,5').split(',').map(Number);
const reps = (flag('--reps') ?? 'stats,timeres').split(',');
for (const r of reps) if (!REPRESENTATIONS[r]) throw new RangeError(`--reps: unknown "${r}" (known: ${Object.keys(REPRESENTATIONS).join(', ')})`);
const models = (flag('--models') ?? 'lsm,control,input+lsm,mfcc-svm').split(',');
const configInput = flag('--config') ? (readConfigFile(flag('--config')!) as Record<string, unknown>) : {};
const tag = flag('--tag');
const out = flag('--out') ?? `bench/results/gain-${protoName}${tag ? `-${tag}` : ''}.json`;
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

const duplicates = flag('--duplicates') ?? 'refuse';
if (duplicates !== 'refuse' && duplicates !== 'keep-first') throw new RangeError(`--duplicates: refuse or keep-first, got "${duplicates}"`);
// RAVDESS-16k holds two identical recordings (Actor_07, PROVENANCE.md): keep-first keeps one of them
const ds = loadDataset(P.dataset, join(data, P.dir), { duplicates });
const labels = [...ds.labels];
const truth = ds.utterances.map((u) => u.label);
const speakers = ds.utterances.map((u) => u.speaker);
const base = resolveLsmConfig({ ...configInput, seed: seeds[0] });
const activeRoles = ROLES.filter((r) => base.reservoirs[r]);

// ---- front end, once (cached on disk per dataset and front-end config) ----------------------
const t0 = performance.now();
// the eGeMAPS revision is part of the key: a change of its LLDs must not reuse cached channels
const feIdentity = {
  files: ds.utterances.map((u) => u.file),
  frontEnd: base.frontEnd,
  v: 1,
  ...(base.frontEnd.egemaps !== 'off' ? { egemaps: EGEMAPS_REVISION } : {}),
};
const feKey = sha256(new TextEncoder().encode(JSON.stringify(feIdentity)));
const feFile = join('.cache', 'gain', `${protoName.split('-')[0]}-${feKey.slice(0, 16)}.v8`);
let channels: FrontEndChannels[];
if (existsSync(feFile)) channels = deserialize(readFileSync(feFile)) as FrontEndChannels[];
else {
  channels = ds.utterances.map((u) => configChannels(u.file, base));
  mkdirSync(join('.cache', 'gain'), { recursive: true });
  writeFileSync(feFile, serialize(channels));
}
// 'speaker' channel normalization (configChannels leaves it to the caller, as extractFeatures does):
// every channel z-scored with its speaker's moments over all of that speaker's utterances (no labels)
if (base.frontEnd.channelNormalization === 'speaker') {
  const bySpeaker = new Map<string, number[]>();
  speakers.forEach((s, i) => bySpeaker.set(s, [...(bySpeaker.get(s) ?? []), i]));
  const normalized: FrontEndChannels[] = [...channels];
  for (const idx of bySpeaker.values()) {
    const m = { excitation: channelMoments(idx.map((i) => channels[i]!.excitation)), tract: channelMoments(idx.map((i) => channels[i]!.tract)) };
    for (const i of idx) {
      const c = channels[i]!;
      normalized[i] = { ...c, excitation: normalizeChannels(c.excitation, m.excitation), tract: normalizeChannels(c.tract, m.tract) };
    }
  }
  channels = normalized;
}
const frontSeconds = (performance.now() - t0) / 1000;
log(`${protoName}: ${ds.utterances.length} utterances, front end ${frontSeconds.toFixed(1)} s`);

/** A trace as the representations see it: samples x n, row-major. */
type Trace = Mat;

/** Stack per-utterance vectors into a Mat. */
const stack = (rows: Float64Array[]): Mat => {
  const d = rows[0]!.length;
  const m = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    m.set(r, i * d);
  });
  return { data: m, rows: rows.length, cols: d };
};
const norm = (m: Mat, cfg: LsmConfig): Mat => (cfg.readout.speakerNormalization ? standardizeByGroup(m, speakers) : m);

/** Feature blocks (one per role) of a trace-statistics representation. */
function statBlocks(traces: Record<Role, Trace[]>, rep: StateFeatureOptions, cfg: LsmConfig): Mat[] {
  return activeRoles.map((role) => norm(stack(traces[role].map((t) => traceStatistics({ ...t, interval: 0.01 }, rep))), cfg));
}

/** Model-space blocks for one fold (PCA of states fitted on the fold's training utterances). */
function modelSpaceBlocks(traces: Record<Role, Trace[]>, fold: Fold, cfg: LsmConfig): Mat[] {
  return activeRoles.map((role) => {
    const proj = StateProjection.fit(
      fold.train.map((i) => traces[role][i]!),
      { components: 8 },
    );
    return norm(proj.featureMat(traces[role]), cfg);
  });
}

type Pred = string[];
/** Pooled predictions (utterance order) of a model over all folds. */
async function runFolds(
  folds: Fold[],
  blocksOf: (fold: Fold) => Mat[] | { input: Mat[]; reservoir: Mat[] },
  ropts: ReadoutOptions,
  seed: number,
): Promise<{ pred: Pred; foldUar: number[]; innerUar: number[]; seconds: number }> {
  const t = performance.now();
  const pred: Pred = new Array(truth.length).fill('');
  const foldUar: number[] = [];
  const innerUar: number[] = [];
  for (const fold of folds) {
    const b = blocksOf(fold);
    let train: Mat[];
    let test: Mat[];
    if (Array.isArray(b)) {
      train = b.map((m) => selectRows(m, fold.train));
      test = b.map((m) => selectRows(m, fold.test));
    } else {
      const inTr = b.input.map((m) => selectRows(m, fold.train));
      const inTe = b.input.map((m) => selectRows(m, fold.test));
      const reTr = b.reservoir.map((m) => selectRows(m, fold.train));
      const reTe = b.reservoir.map((m) => selectRows(m, fold.test));
      const res = BlockResidualizer.fit(inTr, reTr, { inputComponents: ropts.pca && ropts.pca >= 1 ? ropts.pca : 24 });
      train = [...inTr, ...res.transform(inTr, reTr)];
      test = [...inTe, ...res.transform(inTe, reTe)];
    }
    const readout = await Readout.fit(
      train,
      fold.train.map((i) => truth[i]!),
      ropts,
      new Rng(seed).fork(`readout/${fold.name}`),
      { groups: fold.train.map((i) => speakers[i]!) },
    );
    const p = readout.predict(test);
    fold.test.forEach((i, k) => {
      pred[i] = p[k]!;
    });
    foldUar.push(
      classificationReport(
        fold.test.map((i) => truth[i]!),
        p,
        labels,
      ).uar,
    );
    // best speaker-grouped inner-CV UAR on the training speakers only: what nested selection may look at
    innerUar.push(readout.search.length ? Math.max(...readout.search.map((g) => g.score)) : Number.NaN);
  }
  return { pred, foldUar, innerUar, seconds: (performance.now() - t) / 1000 };
}

/**
 * Frame-level readout on the traces of both roles (channels side by side), alone and fused
 * with the utterance-level SVM on `blocks` (equal-weight late fusion, src/readout/frame-readout.ts).
 */
async function runFrameFolds(
  folds: Fold[],
  traces: Record<Role, Trace[]>,
  blocks: Mat[],
  ropts: ReadoutOptions,
  seed: number,
): Promise<{ frame: { pred: Pred; foldUar: number[]; seconds: number }; fused: { pred: Pred; foldUar: number[]; seconds: number } }> {
  const t = performance.now();
  const joined = truth.map((_, i) =>
    joinedTrace(
      activeRoles.map((r) => traces[r]),
      i,
    ),
  );
  const frame = { pred: new Array<string>(truth.length).fill(''), foldUar: [] as number[], seconds: 0 };
  const fused = { pred: new Array<string>(truth.length).fill(''), foldUar: [] as number[], seconds: 0 };
  for (const fold of folds) {
    const fr = FrameReadout.fit(
      fold.train.map((i) => joined[i]!),
      fold.train.map((i) => truth[i]!),
      labels,
    );
    const fs = fr.scores(fold.test.map((i) => joined[i]!));
    const readout = await Readout.fit(
      blocks.map((m) => selectRows(m, fold.train)),
      fold.train.map((i) => truth[i]!),
      ropts,
      new Rng(seed).fork(`readout/${fold.name}`),
      { groups: fold.train.map((i) => speakers[i]!) },
    );
    const ss = readout.decisionScores(blocks.map((m) => selectRows(m, fold.test)));
    // the SVM's score columns follow its sorted labels; reorder to `labels`
    const order = labels.map((l) => readout.labels.indexOf(l));
    const ssl = { data: new Float64Array(ss.rows * labels.length), rows: ss.rows, cols: labels.length };
    for (let i = 0; i < ss.rows; i++)
      order.forEach((c, j) => {
        ssl.data[i * labels.length + j] = c >= 0 ? ss.data[i * ss.cols + c]! : 0;
      });
    const pf = argmaxLabels(fs, labels);
    const pu = argmaxLabels(fuseScores(ssl, fs), labels);
    fold.test.forEach((i, k) => {
      frame.pred[i] = pf[k]!;
      fused.pred[i] = pu[k]!;
    });
    const tt = fold.test.map((i) => truth[i]!);
    frame.foldUar.push(classificationReport(tt, pf, labels).uar);
    fused.foldUar.push(classificationReport(tt, pu, labels).uar);
  }
  frame.seconds = fused.seconds = (performance.now() - t) / 1000;
  return { frame, fused };
}

interface ModelRun {
  readonly model: string;
  readonly rep: string | null;
  readonly seed: number;
  readonly pred: Pred;
  readonly foldUar: number[];
  /** Best inner-CV UAR per fold (training speakers only; NaN without a search). */
  readonly innerUar?: number[];
  readonly uar: number;
  readonly wa: number;
  readonly seconds: number;
  /** The --tag of the run (e.g. the config variant). */
  readonly tag?: string;
}
const runs: ModelRun[] = [];
// --resume: keep the runs of an earlier invocation (same protocol and config) and compute only the missing ones
if (args.includes('--resume') && existsSync(out)) {
  const prev = JSON.parse(readFileSync(out, 'utf8')) as { config: unknown; runs: ModelRun[]; truth: string[] };
  if (JSON.stringify(prev.config) !== JSON.stringify(configInput) || JSON.stringify(prev.truth) !== JSON.stringify(truth))
    throw new RangeError(`--resume: ${out} holds another config or utterance order`);
  runs.push(...prev.runs);
  log(`resumed ${prev.runs.length} runs from ${out}`);
}
const have = (model: string, rep: string | null, seed: number) => runs.some((r) => r.model === model && r.rep === rep && r.seed === seed);
const record = (model: string, rep: string | null, seed: number, r: { pred: Pred; foldUar: number[]; innerUar?: number[]; seconds: number }) => {
  const rep0 = classificationReport(truth, r.pred, labels);
  runs.push({ model, rep, seed, ...r, uar: rep0.uar, wa: rep0.wa, ...(tag ? { tag } : {}) });
  log(
    `${model}${rep ? `:${rep}` : ''} seed ${seed}: pooled UAR ${(100 * rep0.uar).toFixed(1)}, mean fold UAR ${(100 * meanStd(r.foldUar).mean).toFixed(1)}, WA ${(100 * rep0.wa).toFixed(1)} (readouts ${r.seconds.toFixed(1)} s)`,
  );
};

// ---- control and mfcc-svm: once per distinct fold set ---------------------------------------
// rounded to float32 as the pipeline's control (channelStatistics) and the analog encoder do
const f32 = (m: Mat): Mat => ({ data: Float64Array.from(Float32Array.from(m.data)), rows: m.rows, cols: m.cols });
const controlTraces: Record<Role, Trace[]> = { excitation: channels.map((c) => f32(c.excitation)), tract: channels.map((c) => f32(c.tract)) };
const foldSets = new Map<string, { folds: Fold[]; seed: number }>();
for (const seed of seeds) {
  const folds = makeFolds(ds, P.protocol, new Rng(seed).fork('folds'));
  const key = JSON.stringify(folds.map((f) => f.test));
  if (!foldSets.has(key)) foldSets.set(key, { folds, seed });
}
const foldsOfSeed = (seed: number) => makeFolds(ds, P.protocol, new Rng(seed).fork('folds'));
const controlBlocks = new Map<string, Mat[]>();
for (const rep of reps) {
  const r = REPRESENTATIONS[rep]!;
  if (r !== 'modelspace') controlBlocks.set(rep, statBlocks(controlTraces, r, base));
}
let mfccBlock: Mat | null = null;
if (models.includes('mfcc-svm') && [...foldSets.values()].some((f) => !have('mfcc-svm', null, f.seed))) {
  const mfFile = join('.cache', 'gain', `mfcc-${sha256(new TextEncoder().encode(JSON.stringify(ds.utterances.map((u) => u.file)))).slice(0, 16)}.v8`);
  const rows = existsSync(mfFile)
    ? (deserialize(readFileSync(mfFile)) as Float64Array[])
    : ds.utterances.map((u) => mfccStatistics(loadAudio(u.file, { rate: 16000 })));
  if (!existsSync(mfFile)) writeFileSync(mfFile, serialize(rows));
  const d = new Float64Array(rows.length * MFCC_STATS_LENGTH);
  rows.forEach((r, i) => {
    d.set(r, i * MFCC_STATS_LENGTH);
  });
  mfccBlock = standardizeByGroup({ data: d, rows: rows.length, cols: MFCC_STATS_LENGTH }, speakers);
}
for (const { folds, seed } of foldSets.values()) {
  if (mfccBlock && !have('mfcc-svm', null, seed)) {
    // exactly mfccSvmModel's readout (src/baselines/classic.ts)
    record('mfcc-svm', null, seed, await runFolds(folds, () => [mfccBlock!], { pca: 0, C: [1, 10, 100], gamma: ['scale'], innerFolds: 4 }, seed));
  }
  if (models.includes('control')) {
    for (const rep of reps) {
      const r = REPRESENTATIONS[rep]!;
      if (have('control', rep, seed)) continue;
      record(
        'control',
        rep,
        seed,
        await runFolds(folds, (f) => (r === 'modelspace' ? modelSpaceBlocks(controlTraces, f, base) : controlBlocks.get(rep)!), readoutOptions(base), seed),
      );
    }
  }
}

const comparisons: Comparison[] = [];
const simSeconds: number[] = [];
function save(): void {
  writeJsonAtomic(out, {
    protocol: protoName,
    dataset: P!.dataset,
    dir: P!.dir,
    config: configInput,
    seeds: [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b),
    reps,
    models,
    labels,
    truth,
    speakers,
    foldSpeakers: foldsOfSeed(seeds[0]!).map((f) => f.testSpeakers),
    frontSeconds,
    simSeconds,
    runs,
    comparisons,
    provenance: provenance(),
  });
}
save(); // the baselines, before the (longer) reservoir runs

// ---- the LSM, per seed ---------------------------------------------------------------------
for (const seed of seeds) {
  const cfg = resolveLsmConfig({ ...configInput, seed });
  const folds = foldsOfSeed(seed);
  const wanted = reps.flatMap((rep) =>
    [
      ['lsm', rep],
      ['input+lsm', rep],
      ['concat', rep],
      ['lsm+frame', rep],
    ].filter(([m]) => models.includes(m === 'lsm+frame' ? 'frame' : m!)),
  );
  if (wanted.every(([m, rep]) => have(m!, rep!, seed))) continue;
  const ts = performance.now();
  const traces = { excitation: [], tract: [] } as Record<Role, Trace[]>;
  for (const role of activeRoles) {
    const res = buildRoleReservoir(cfg, role, cfg.reservoirs[role]!);
    for (let a = 0; a < channels.length; a += 256) {
      const part = channels.slice(a, a + 256);
      const lanes = await res.run(part.map((c) => roleInput(c, role, cfg)));
      for (const l of lanes) traces[role].push({ data: Float64Array.from(l.trace), rows: l.samples, cols: l.n });
    }
  }
  simSeconds.push((performance.now() - ts) / 1000);
  log(`seed ${seed}: reservoirs simulated in ${simSeconds.at(-1)!.toFixed(1)} s`);
  for (const rep of reps) {
    const r = REPRESENTATIONS[rep]!;
    const lsmBlocks = r === 'modelspace' ? null : statBlocks(traces, r, cfg);
    const lsmOf = (f: Fold) => lsmBlocks ?? modelSpaceBlocks(traces, f, cfg);
    if (models.includes('lsm') && !have('lsm', rep, seed)) record('lsm', rep, seed, await runFolds(folds, lsmOf, readoutOptions(cfg), seed));
    if (models.includes('input+lsm') && !have('input+lsm', rep, seed)) {
      const ctrlOf = (f: Fold) => controlBlocks.get(rep) ?? modelSpaceBlocks(controlTraces, f, base);
      record('input+lsm', rep, seed, await runFolds(folds, (f) => ({ input: ctrlOf(f), reservoir: lsmOf(f) }), readoutOptions(cfg), seed));
    }
    if (models.includes('concat') && !have('concat', rep, seed)) {
      // plain concatenation: the control's blocks beside the reservoir's (no residualization)
      const ctrlOf = (f: Fold) => controlBlocks.get(rep) ?? modelSpaceBlocks(controlTraces, f, base);
      record('concat', rep, seed, await runFolds(folds, (f) => [...ctrlOf(f), ...lsmOf(f)], readoutOptions(cfg), seed));
    }
    if (models.includes('frame') && lsmBlocks && !have('lsm+frame', rep, seed)) {
      const f = await runFrameFolds(folds, traces, lsmBlocks, readoutOptions(cfg), seed);
      if (!runs.some((x) => x.model === 'frame' && x.seed === seed)) record('frame', null, seed, f.frame);
      record('lsm+frame', rep, seed, f.fused);
    }
  }
  save();
}

// ---- statistics ----------------------------------------------------------------------------
/** One stored comparison: the pair, A's seeds and the paired statistics of bench/paired.ts. */
type Comparison = Pick<RunComparison, 'a' | 'b' | 'seedsA'> & PairedStatistics;
function compare(a: ModelRun[], b: ModelRun[], name: [string, string]): Comparison {
  const stats = comparePredictions(
    truth,
    speakers,
    labels,
    a.map((r) => r.pred),
    b.map((r) => r.pred),
    `bootstrap/${name.join('-')}`,
  );
  return { a: name[0], b: name[1], seedsA: a.map((r) => r.seed), ...stats };
}
const pick = (model: string, rep: string | null) => runs.filter((r) => r.model === model && r.rep === rep);
for (const rep of reps) {
  const lsm = pick('lsm', rep);
  const ctrl = pick('control', rep);
  const both = pick('input+lsm', rep);
  const mf = pick('mfcc-svm', null);
  const cat = pick('concat', rep);
  if (cat.length && ctrl.length) comparisons.push(compare(cat, ctrl, [`concat:${rep}`, `control:${rep}`]));
  if (cat.length && mf.length) comparisons.push(compare(cat, mf, [`concat:${rep}`, 'mfcc-svm']));
  if (lsm.length && ctrl.length) comparisons.push(compare(lsm, ctrl, [`lsm:${rep}`, `control:${rep}`]));
  if (lsm.length && mf.length) comparisons.push(compare(lsm, mf, [`lsm:${rep}`, 'mfcc-svm']));
  if (both.length && ctrl.length) comparisons.push(compare(both, ctrl, [`input+lsm:${rep}`, `control:${rep}`]));
  if (both.length && mf.length) comparisons.push(compare(both, mf, [`input+lsm:${rep}`, 'mfcc-svm']));
  if (ctrl.length && mf.length) comparisons.push(compare(ctrl, mf, [`control:${rep}`, 'mfcc-svm']));
}
save();

const pct = (x: number) => (100 * x).toFixed(1);
console.log(
  `\n${protoName} (${ds.utterances.length} utterances, seeds ${seeds.join(',')}; pooled UAR over all test folds, mean over seeds; load ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`,
);
console.log('\n| model | UAR (pooled) | mean fold UAR +- std | WA | seeds |');
console.log('|---|---|---|---|---|');
const keys = [...new Set(runs.map((r) => `${r.model}${r.rep ? `:${r.rep}` : ''}`))];
for (const k of keys) {
  const rs = runs.filter((r) => `${r.model}${r.rep ? `:${r.rep}` : ''}` === k);
  const fu = meanStd(rs.flatMap((r) => r.foldUar));
  console.log(
    `| ${k} | ${pct(meanStd(rs.map((r) => r.uar)).mean)} | ${pct(fu.mean)} +- ${pct(fu.std)} | ${pct(meanStd(rs.map((r) => r.wa)).mean)} | ${rs.map((r) => r.seed).join(',')} |`,
  );
}
console.log('\n| A - B | diff (points) | paired bootstrap 95 % CI | per-speaker diffs | sign p | Wilcoxon p |');
console.log('|---|---|---|---|---|---|');
for (const c of comparisons)
  console.log(
    `| ${c.a} - ${c.b} | ${(100 * c.diff).toFixed(1)} | [${(100 * c.lo).toFixed(1)}, ${(100 * c.hi).toFixed(1)}] | ${c.perSpeaker.map((p) => `${p.speaker}: ${(100 * p.diff).toFixed(0)}`).join(', ')} | ${c.signP.toFixed(3)} | ${c.wilcoxonP.toFixed(3)} |`,
  );
console.log(`\nfront end ${frontSeconds.toFixed(1)} s; simulation per seed ${simSeconds.map((s) => s.toFixed(1)).join(' / ')} s; results: ${out}`);
await closeCpuPool();
