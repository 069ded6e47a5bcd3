/**
 * The units of work a readout fit splits into, as pure functions of plain data (matrices,
 * labels, options, a seed and an Rng path), so that they run the same on the main thread and on
 * a worker ({@link TaskRunner}): results do not depend on where, or in which order, they ran.
 *
 * - `reduce`: one feature block's scaler and PCA, fitted on the training rows (no labels used),
 *   and the reduced training and test rows;
 * - `inner`: one inner fold of the grid search: for each gamma one kernel matrix, an SVM per C
 *   on it, and the predictions on the inner validation rows;
 * - `fit`: the final SVM at the chosen C and gamma.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { selectRows } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import { StandardScaler } from './scaler.js';
import { Pca, type PcaOptions } from './pca.js';
import { DEFAULT_SVM_OPTIONS, SvmClassifier, type SvmOptions } from './svm.js';

/** Input of the `reduce` task. */
export interface ReduceInput {
  /** Index of the block (named in errors). */
  readonly block: number;
  /** Training rows of the block. */
  readonly train: Mat;
  /** PCA options; null = standardize only. */
  readonly pca: PcaOptions | null;
}

/** Output of the `reduce` task: the fitted transforms (as JSON records) and the reduced training rows. */
export interface ReduceOutput {
  readonly scaler: Record<string, unknown>;
  readonly pca: Record<string, unknown> | null;
  readonly reduced: Mat;
}

/** Fit one block's scaler (and PCA) on its training rows; RangeErrors name the block. */
export function reduceTask(input: ReduceInput): ReduceOutput {
  const { block, train, pca } = input;
  let s: StandardScaler;
  try {
    s = StandardScaler.fit(train);
  } catch (e) {
    throw e instanceof RangeError ? new RangeError(`block ${block}: ${e.message}`, { cause: e }) : e;
  }
  const z = s.transform(train);
  if (!pca) return { scaler: s.toJSON(), pca: null, reduced: z };
  let p: Pca;
  try {
    p = Pca.fit(z, pca);
  } catch (e) {
    throw e instanceof RangeError ? new RangeError(`block ${block}: ${e.message}`, { cause: e }) : e;
  }
  return { scaler: s.toJSON(), pca: p.toJSON(), reduced: p.transform(z) };
}

/** SVM options shared by every fit of a search. */
export type SvmBase = Pick<SvmOptions, 'backend' | 'kernel' | 'classWeight'>;

/** Input of the `inner` task: one inner fold of the grid search. */
export interface InnerInput {
  /** The (reduced) training rows of the outer fold. */
  readonly X: Mat;
  readonly y: readonly string[];
  /** Row indices of the inner training and validation parts. */
  readonly train: readonly number[];
  readonly test: readonly number[];
  /** Index of the inner fold (it names the ml-svm generators). */
  readonly fold: number;
  readonly Cs: readonly number[];
  readonly gammas: readonly (number | 'scale')[];
  readonly svm: SvmBase;
  /** The search's generator, as (seed, path): ml-svm's fits fork `svm/<C>/<gamma>/<fold>` from it. */
  readonly rng: { readonly seed: number; readonly path: string };
}

/**
 * Predictions on the inner validation rows, one list per grid point in grid order (C outer,
 * gamma inner); null when the inner training part holds a single class (the fold is skipped).
 */
export async function innerTask(input: InnerInput): Promise<string[][] | null> {
  const ytr = input.train.map((i) => input.y[i]!);
  if (new Set(ytr).size < 2) return null;
  const Xtr = selectRows(input.X, input.train);
  const Xte = selectRows(input.X, input.test);
  const rng = new Rng(input.rng.seed, input.rng.path);
  const byGamma = new Map<number | 'scale', string[][]>();
  for (const gamma of input.gammas) {
    const models = await SvmClassifier.fitGrid(Xtr, ytr, input.Cs, { ...input.svm, gamma }, (C) => rng.fork(`svm/${C}/${gamma}/${input.fold}`));
    byGamma.set(
      gamma,
      models.map((m) => m.predict(Xte)),
    );
  }
  const out: string[][] = [];
  input.Cs.forEach((_, c) => {
    for (const gamma of input.gammas) out.push(byGamma.get(gamma)![c]!);
  });
  return out;
}

/** Input of the `fit` task: the final SVM. */
export interface FitInput {
  readonly X: Mat;
  readonly y: readonly string[];
  readonly options: SvmOptions;
  readonly rng: { readonly seed: number; readonly path: string };
}

/**
 * The final SVM, compact: for a libsvm RBF model fitted on a precomputed kernel, libsvm's short
 * precomputed-mode text with the labels and options ({@link fitFromOutput} rebuilds the model
 * with the caller's copy of X); otherwise the model's JSON record.
 */
export type FitOutput =
  | { readonly json: Record<string, unknown> }
  | { readonly precomputed: string; readonly labels: string[]; readonly options: SvmClassifier['options'] };

/** Fit the final SVM (the same model as `SvmClassifier.fit`; RBF through {@link SvmClassifier.fitGrid}). */
export async function fitTask(input: FitInput): Promise<FitOutput> {
  const { C, ...rest } = input.options;
  const [m] = await SvmClassifier.fitGrid(input.X, input.y, [C ?? DEFAULT_SVM_OPTIONS.C], rest, () => new Rng(input.rng.seed, input.rng.path));
  const text = m!.precomputedText;
  return text !== null ? { precomputed: text, labels: m!.labels, options: m!.options } : { json: m!.toJSON() };
}

/** The classifier of a {@link fitTask} output; `X` is the task's training rows. */
export function fitFromOutput(out: FitOutput, X: Mat): SvmClassifier {
  return 'json' in out ? SvmClassifier.load(out.json) : SvmClassifier.fromPrecomputed(out.labels, out.options, X, out.precomputed);
}

/** The tasks by name. */
export const READOUT_TASKS = {
  /** Scaler + PCA of one feature block ({@link reduceTask}). */
  reduce: reduceTask,
  /** One inner fold of the C / gamma search ({@link innerTask}). */
  inner: innerTask,
  /** The final SVM fit ({@link fitTask}). */
  fit: fitTask,
} as const;

/** Names of the readout tasks. */
export type ReadoutTaskName = keyof typeof READOUT_TASKS;
/** Input of a task. */
export type TaskInput<K extends ReadoutTaskName> = Parameters<(typeof READOUT_TASKS)[K]>[0];
/** Output of a task. */
export type TaskOutput<K extends ReadoutTaskName> = Awaited<ReturnType<(typeof READOUT_TASKS)[K]>>;

/** Runs readout tasks: inline (see {@link INLINE_RUNNER}) or on a worker pool. */
export interface TaskRunner {
  /** Run task `task` on `input`; resolves to its output (identical wherever it runs). */
  run<K extends ReadoutTaskName>(task: K, input: TaskInput<K>): Promise<TaskOutput<K>>;
}

/** Told the run time of each task, in seconds (on the thread that ran it). */
export type TaskTimer = (task: ReadoutTaskName, seconds: number) => void;

/**
 * A runner that runs every task on the calling thread, one at a time in submission order (a
 * task starts when the previous one has finished, so at most one task's data is in flight and
 * `onTask` is told each task's own run time).
 */
export function inlineRunner(onTask?: TaskTimer): TaskRunner {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task, input) {
      const result = tail.then(async () => {
        const t0 = performance.now();
        const out = (await (READOUT_TASKS[task] as (i: typeof input) => unknown)(input)) as never;
        onTask?.(task, (performance.now() - t0) / 1000);
        return out;
      });
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/** Runs every task on the calling thread, one after the other as awaited. */
export const INLINE_RUNNER: TaskRunner = inlineRunner();
