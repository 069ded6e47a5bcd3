/**
 * The readout representations of the LSM config that need more than one fixed row per
 * utterance (docs/reservoir-gain.md, "Representations in the config"): the reservoir model
 * space (`readout.representation`), the frame-level readout fused with the SVM
 * (`readout.frameFusion`) and the control's features beside the reservoirs'
 * (`features.combine`). Each is fitted on the training rows of a fold only; the statistics
 * blocks come precomputed from {@link extractFeatureSet}.
 *
 * @module
 */
import type { Mat, Mat32 } from '../core/matrix.js';
import { selectRows } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { ConfigError } from '../core/errors.js';
import { Readout } from '../readout/readout.js';
import type { TaskRunner } from '../readout/readout-tasks.js';
import { standardizeByGroup } from '../readout/scaler.js';
import { StateProjection } from '../readout/model-space.js';
import { BlockResidualizer } from '../readout/residualize.js';
import { argmaxLabels, FrameReadout, fuseScores } from '../readout/frame-readout.js';
import { readoutOptions, type LsmConfig } from './lsm-config.js';

/**
 * The features of a set of utterances as the fold readouts take them: statistics blocks, the
 * traces the model-space representation and the frame readout need, and the control's set for
 * `features.combine: input+...`.
 */
export interface FeatureSet {
  /** Trace-statistics blocks (speaker-normalized when the config says so), rows = utterances. */
  readonly blocks: readonly Mat[];
  /** Per unit (reservoir, ensemble member, or control role), per utterance, its traces; null when not needed. */
  readonly traces: readonly (readonly Mat32[])[] | null;
  /** The no-reservoir control's features of the same utterances (same representation); null unless `features.combine` is an input+ kind. */
  readonly input: FeatureSet | null;
}

/** Whether a config's representation needs the traces of every utterance (model space, frame readout). */
export function needsTraces(config: LsmConfig): boolean {
  return config.readout.representation !== 'stats' || config.readout.frameFusion !== false;
}

/** Whether a config needs more than the statistics blocks (a {@link FeatureSet} with traces or the control's features). */
export function needsFeatureSet(config: LsmConfig): boolean {
  return needsTraces(config) || config.features.combine !== 'reservoir';
}

/**
 * The no-reservoir control of a config (`features.source: frontend`) with the same statistics,
 * representation and readout (frame fusion included, over the control's channels): the fair
 * comparison of bench/accuracy.ts, and what `features.combine: input+...` puts beside the
 * reservoirs (there only its utterance-level blocks are used).
 */
export function controlConfig(config: LsmConfig): LsmConfig {
  return { ...config, features: { ...config.features, source: 'frontend', combine: 'reservoir' } };
}

/**
 * The fitted part of `features.combine` on training rows: for `input+residual` the map from the
 * control's blocks to the reservoirs' ({@link BlockResidualizer}, input PCA of
 * `readout.pca` components when that is a count, else 24); null for the other kinds, which fit
 * nothing. `input` and `own` are the training rows of the control's and the reservoirs' blocks.
 */
export function fitCombination(config: LsmConfig, input: readonly Mat[], own: readonly Mat[]): BlockResidualizer | null {
  if (config.features.combine !== 'input+residual') return null;
  const pca = config.readout.pca;
  return BlockResidualizer.fit(input, own, { inputComponents: pca >= 1 ? pca : 24 });
}

/**
 * The blocks the SVM readout gets under `features.combine`: the reservoirs' (`reservoir`), the
 * control's followed by the reservoirs' (`input+reservoir`), or the control's followed by the
 * reservoirs' residualized with `residualizer` ({@link fitCombination}; `input+residual`). Rows
 * of `input` and `own` are the same utterances.
 */
export function combineBlocks(config: LsmConfig, input: readonly Mat[] | null, own: readonly Mat[], residualizer: BlockResidualizer | null): Mat[] {
  const combine = config.features.combine;
  if (combine === 'reservoir') return [...own];
  if (!input) throw new RangeError(`features.combine '${combine}' needs the control's blocks`);
  if (combine === 'input+reservoir') return [...input, ...own];
  if (!residualizer) throw new RangeError("features.combine 'input+residual' needs the residualizing map fitted on the training rows");
  return [...input, ...residualizer.transform(input, own)];
}

/** A trace as float64 (the readout's solvers take float64). */
const f64 = (t: Mat32): Mat => ({ data: Float64Array.from(t.data), rows: t.rows, cols: t.cols });

/** What {@link fitFoldRepresentation} returns. */
export interface FoldRepresentationResult {
  /** Predicted label of each test row. */
  readonly pred: string[];
  /** The fitted SVM readout (its inner-CV table, labels). */
  readonly readout: Readout;
  /** Feature blocks the SVM was given (training rows), for the record: their widths. */
  readonly blockWidths: number[];
}

/**
 * The utterance-level blocks of a feature set under `config` for all its rows, with the
 * model-space projections fitted on the `train` rows (speaker-normalized over all rows by
 * `speakers`, as the statistics blocks are).
 */
export function representationBlocks(fs: FeatureSet, config: LsmConfig, train: readonly number[], speakers: readonly string[]): Mat[] {
  const rep = config.readout.representation;
  const out: Mat[] = rep === 'model-space' ? [] : [...fs.blocks];
  if (rep !== 'stats') {
    if (!fs.traces) throw new RangeError(`readout.representation '${rep}' needs the traces of every utterance (extractFeatureSet with traces: true)`);
    for (const unit of fs.traces) {
      const proj = StateProjection.fit(
        train.map((i) => f64(unit[i]!)),
        config.readout.modelSpace,
      );
      const m = proj.featureMat(unit.map(f64));
      out.push(config.readout.speakerNormalization ? standardizeByGroup(m, speakers) : m);
    }
  }
  return out;
}

/**
 * The traces of all units (reservoirs, members, control roles) of utterance `i` side by side
 * (samples x sum of neurons, float64), cut to the shortest unit's samples: what the frame-level
 * readout sees.
 */
export function joinedTrace(traces: readonly (readonly (Mat32 | Mat)[])[], i: number): Mat {
  const parts = traces.map((u) => u[i]!);
  const S = Math.min(...parts.map((p) => p.rows));
  const n = parts.reduce((a, p) => a + p.cols, 0);
  const data = new Float64Array(S * n);
  for (let s = 0; s < S; s++) {
    let o = 0;
    for (const p of parts) {
      data.set(p.data.subarray(s * p.cols, (s + 1) * p.cols), s * n + o);
      o += p.cols;
    }
  }
  return { data, rows: S, cols: n };
}

/**
 * Fit the readout of one fold on the `train` rows of `fs` (labels `y` of every row, `speakers`
 * of every row) and predict the `test` rows: model-space blocks (projection fitted on the
 * training rows), the control's blocks beside the reservoirs' (raw, or the reservoirs'
 * residualized on them with a map fitted on the training rows), the SVM, and the frame readout
 * fused with the SVM's scores when configured.
 */
export async function fitFoldRepresentation(
  fs: FeatureSet,
  train: readonly number[],
  test: readonly number[],
  y: readonly string[],
  speakers: readonly string[],
  config: LsmConfig,
  rng: Rng,
  runner?: TaskRunner,
): Promise<FoldRepresentationResult> {
  const own = representationBlocks(fs, config, train, speakers);
  let trainBlocks = own.map((b) => selectRows(b, train));
  let testBlocks = own.map((b) => selectRows(b, test));
  const combine = config.features.combine;
  if (combine !== 'reservoir') {
    if (!fs.input) throw new RangeError(`features.combine '${combine}' needs the control's features (FeatureSet.input)`);
    const input = representationBlocks(fs.input, controlConfig(config), train, speakers);
    const inTr = input.map((b) => selectRows(b, train));
    const inTe = input.map((b) => selectRows(b, test));
    const res = fitCombination(config, inTr, trainBlocks);
    trainBlocks = combineBlocks(config, inTr, trainBlocks, res);
    testBlocks = combineBlocks(config, inTe, testBlocks, res);
  }
  const readout = await Readout.fit(
    trainBlocks,
    train.map((i) => y[i]!),
    readoutOptions(config),
    rng,
    { groups: train.map((i) => speakers[i]!), ...(runner ? { runner } : {}) },
  );
  let pred: string[];
  const w = config.readout.frameFusion;
  if (w === false) pred = readout.predict(testBlocks);
  else {
    if (!fs.traces) throw new RangeError('readout.frameFusion needs the traces of every utterance (extractFeatureSet with traces: true)');
    const labels = readout.labels;
    const frame = FrameReadout.fit(
      train.map((i) => joinedTrace(fs.traces!, i)),
      train.map((i) => y[i]!),
      labels,
    );
    const fscores = frame.scores(test.map((i) => joinedTrace(fs.traces!, i)));
    pred = argmaxLabels(w === 1 ? fscores : fuseScores(readout.decisionScores(testBlocks), fscores, w), labels);
  }
  return { pred, readout, blockWidths: trainBlocks.map((b) => b.cols) };
}

/**
 * Refuse (ConfigError naming `source` and the field) a config whose readout needs the traces of
 * every utterance (the model-space representation, frame fusion) where `where` holds only the
 * statistics readout (model files, `lsm-ser compare`); the control's statistics beside the
 * reservoirs' (`features.combine: input+reservoir | input+residual`) are held there too.
 * `lsm-ser run`, evaluateProtocol and the benches evaluate all of them.
 */
export function assertStatisticsReadout(config: LsmConfig, source: string, where: string): void {
  const r = config.readout;
  const why =
    r.representation !== 'stats'
      ? ['readout.representation', `'${r.representation}'`, 'representation: stats']
      : r.frameFusion !== false
        ? ['readout.frameFusion', String(r.frameFusion), 'frameFusion: false']
        : null;
  if (why)
    throw new ConfigError(
      `${source}: ${why[0]}`,
      `${why[1]} is evaluated by \`lsm-ser run\`, evaluateProtocol and bench/accuracy.ts, but ${where} holds only the statistics readout (with features.combine: reservoir, input+reservoir or input+residual); use ${why[2]} there`,
    );
}
