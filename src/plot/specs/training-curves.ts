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
          color: { field: 'series', type: 'nominal', title: null },
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
