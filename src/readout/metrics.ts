/**
 * Classification metrics with an explicit label order: weighted accuracy (WA, plain
 * accuracy), unweighted average recall (UAR: mean of per-class recalls over classes present in
 * the truth, like scikit-learn's balanced_accuracy_score), macro-F1 and the confusion matrix
 * (rows = truth, columns = prediction).
 *
 * @module
 */

/** Per-class figures. */
export interface ClassFigures {
  readonly label: string;
  readonly support: number;
  readonly recall: number;
  readonly precision: number;
  readonly f1: number;
}

/** The result of {@link classificationReport}. */
export interface ClassificationReport {
  readonly labels: string[];
  readonly n: number;
  /** Accuracy (weighted accuracy), in [0, 1]. */
  readonly wa: number;
  /** Unweighted average recall over classes with support, in [0, 1]. */
  readonly uar: number;
  /** Mean F1 over classes with support, in [0, 1]. */
  readonly macroF1: number;
  readonly perClass: ClassFigures[];
  /** confusion[i][j]: utterances of labels[i] predicted as labels[j]. */
  readonly confusion: number[][];
}

/** Metrics of `pred` against `truth` in the order of `labels`. */
export function classificationReport(truth: readonly string[], pred: readonly string[], labels: readonly string[]): ClassificationReport {
  if (truth.length !== pred.length) throw new RangeError(`classificationReport: ${truth.length} truths but ${pred.length} predictions`);
  const idx = new Map(labels.map((l, i) => [l, i]));
  if (idx.size !== labels.length) throw new RangeError('labels: must be distinct');
  const k = labels.length;
  const conf = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const a = idx.get(truth[i]!);
    const b = idx.get(pred[i]!);
    if (a === undefined) throw new RangeError(`truth: label ${JSON.stringify(truth[i])} is not in labels [${labels.join(', ')}]`);
    if (b === undefined) throw new RangeError(`prediction: label ${JSON.stringify(pred[i])} is not in labels [${labels.join(', ')}]`);
    conf[a]![b]!++;
  }
  const perClass: ClassFigures[] = labels.map((label, c) => {
    const support = conf[c]!.reduce((s, v) => s + v, 0);
    const predicted = conf.reduce((s, row) => s + row[c]!, 0);
    const tp = conf[c]![c]!;
    const recall = support ? tp / support : 0;
    const precision = predicted ? tp / predicted : 0;
    const f1 = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
    return { label, support, recall, precision, f1 };
  });
  const present = perClass.filter((c) => c.support > 0);
  const correct = labels.reduce((s, _, c) => s + conf[c]![c]!, 0);
  return {
    labels: [...labels],
    n: truth.length,
    wa: truth.length ? correct / truth.length : 0,
    uar: present.length ? present.reduce((s, c) => s + c.recall, 0) / present.length : 0,
    macroF1: present.length ? present.reduce((s, c) => s + c.f1, 0) / present.length : 0,
    perClass,
    confusion: conf,
  };
}

/** A mean and its (sample) standard deviation, e.g. of a metric over folds and seeds. */
export interface MeanStd {
  mean: number;
  std: number;
}

/** Mean and (sample) standard deviation; std 0 for a single value. */
export function meanStd(values: readonly number[]): MeanStd & { n: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}
