/**
 * Training curves of an iteratively trained model: loss, UAR and learning rate against epoch,
 * three panels over a shared epoch axis, with the selected (best) epoch marked.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';

/** One epoch's numbers (null: not measured, e.g. no validation data). */
export interface CurvePoint {
  /** Epoch number, from 1. */
  readonly epoch: number;
  /** Learning rate. */
  readonly lr: number;
  /** Training loss (nats). */
  readonly trainLoss: number;
  /** Validation loss (nats). */
  readonly valLoss: number | null;
  /** UAR on (a subset of) the training data, 0..1. */
  readonly trainUar: number;
  /** Validation UAR, 0..1. */
  readonly valUar: number | null;
}

/** Three stacked panels (loss, UAR in %, learning rate) against epoch; a vertical rule at `bestEpoch` when given. */
export function trainingCurvesSpec(title: string, points: readonly CurvePoint[], bestEpoch?: number): TopLevelSpec {
  const long = (fields: [keyof CurvePoint, string][], scale = 1) =>
    points.flatMap((p) =>
      fields
        .filter(([f]) => p[f] !== null && Number.isFinite(p[f] as number))
        .map(([f, series]) => ({ epoch: p.epoch, value: (p[f] as number) * scale, series })),
    );
  const rule = bestEpoch
    ? [
        {
          data: { values: [{ epoch: bestEpoch }] },
          mark: { type: 'rule', strokeDash: [4, 3], color: '#888' },
          encoding: { x: { field: 'epoch', type: 'quantitative' } },
        },
      ]
    : [];
  const panel = (values: unknown[], yTitle: string, logY = false) => ({
    width: 460,
    height: 150,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 12 } },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
          y: { field: 'value', type: 'quantitative', title: yTitle, scale: logY ? { type: 'log' } : { zero: false } },
          color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 320 } },
        },
      },
      ...rule,
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: bestEpoch ? `${title} (best epoch ${bestEpoch}, dashed)` : title,
    vconcat: [
      panel(
        long([
          ['trainLoss', 'training loss (augmented, mixed)'],
          ['valLoss', 'validation loss'],
        ]),
        'cross-entropy (nats)',
      ),
      panel(
        long(
          [
            ['trainUar', 'training subset UAR (clean)'],
            ['valUar', 'validation UAR'],
          ],
          100,
        ),
        'UAR (%)',
      ),
      panel(long([['lr', 'learning rate']]), 'learning rate'),
    ],
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** One fold's curve for {@link trainingOverviewSpec}. */
export interface FoldCurve {
  /** Fold name (the legend). */
  readonly fold: string;
  /** Its epochs. */
  readonly points: readonly CurvePoint[];
  /** Selected epoch (drawn as a larger point on the validation panel), if any. */
  readonly bestEpoch?: number;
}

/** Every fold of one model and seed: training loss, training-subset UAR and validation UAR (%) against epoch, one line per fold. */
export function trainingOverviewSpec(title: string, folds: readonly FoldCurve[]): TopLevelSpec {
  const rows = (f: keyof CurvePoint, scale: number) =>
    folds.flatMap((c) =>
      c.points.filter((p) => p[f] !== null && Number.isFinite(p[f] as number)).map((p) => ({ epoch: p.epoch, value: (p[f] as number) * scale, fold: c.fold })),
    );
  const panel = (values: unknown[], yTitle: string, extra: unknown[] = []) => ({
    width: 460,
    height: 150,
    layer: [
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 1.2 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
          y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: false } },
          color: { field: 'fold', type: 'nominal', title: 'test fold' },
        },
      },
      ...extra,
    ],
  });
  const best = folds.flatMap((c) => {
    const p = c.points.find((q) => q.epoch === c.bestEpoch);
    return p && p.valUar !== null ? [{ epoch: p.epoch, value: 100 * p.valUar, fold: c.fold }] : [];
  });
  const bestLayer = {
    data: { values: best },
    mark: { type: 'point', filled: true, size: 60 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' },
      y: { field: 'value', type: 'quantitative' },
      color: { field: 'fold', type: 'nominal' },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    vconcat: [
      panel(rows('trainLoss', 1), 'training loss (nats)'),
      panel(rows('trainUar', 100), 'training-subset UAR (%)'),
      panel(rows('valUar', 100), 'validation UAR (%), dot: kept epoch', [bestLayer]),
    ],
  } as unknown as TopLevelSpec;
}
