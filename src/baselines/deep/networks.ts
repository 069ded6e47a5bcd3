/**
 * The two deep baselines, on log-mel spectrograms [B, frames, bands, 1] with a padding mask at
 * an eighth of the frame rate:
 *
 * - `cnn-bigru-att` (after the CNN + BiGRU + attention family, e.g. Chen et al. 2018 and
 *   Zhao et al. 2019): two 3x3 conv + 2x2 max-pool stages (8, 16 filters), a further 2x
 *   max-pool in time, a 64-unit dense
 *   projection per time step, a bidirectional GRU (32 + 32), additive attention pooling,
 *   dropout, softmax layer.
 * - `acnn-mhsa` (after the attention CNN of Xu et al. 2021): parallel time (9x1) and frequency
 *   (1x9) convolutions (4 filters each) and a 2x2 pool, two 3x3 conv + pool stages (16, 24
 *   filters) and a further 2x pool in time, a 64-unit
 *   projection, 4-head self-attention with residual and layer norm, masked mean pooling,
 *   dropout, softmax layer.
 *
 * Sizes are chosen to train from scratch on a few hundred utterances on two CPU cores.
 *
 * @module
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from './tf.js';
import type { Params } from './params.js';
import { attentionPool, biGru, conv2d, dense, maskedMean, pool, selfAttention } from './layers.js';

/** Deep architectures. */
export type DeepArch = 'cnn-bigru-att' | 'acnn-mhsa';

/** The architectures, in report order. */
export const DEEP_ARCHS: readonly DeepArch[] = ['cnn-bigru-att', 'acnn-mhsa'];

/** Frames per output step of the convolutional front of every architecture (input frames must be a multiple). */
export const TIME_REDUCTION = 8;

/** One forward pass: logits [B, classes]. `dropout` 0 at inference; `seed` makes dropout masks deterministic. */
export function forward(
  tf: Tf,
  p: Params,
  arch: DeepArch,
  x: tfTypes.Tensor,
  mask: tfTypes.Tensor,
  classes: number,
  dropout: number,
  seed: number,
): tfTypes.Tensor {
  const drop = (t: tfTypes.Tensor, k: number) => (dropout > 0 ? tf.dropout(t, dropout, undefined, seed * 7 + k) : t);
  const [B, F] = x.shape as [number, number, number, number];
  const L = F / TIME_REDUCTION;
  if (arch === 'cnn-bigru-att') {
    let a = pool(tf, conv2d(tf, p, 'c1', x, 3, 3, 8));
    a = pool(tf, pool(tf, conv2d(tf, p, 'c2', a, 3, 3, 16)), 2, 1);
    const seq = drop(dense(tf, p, 'proj', tf.reshape(a, [B, L, -1]), 64, 'relu'), 1);
    const h = biGru(tf, p, 'gru', seq, 32, mask);
    return dense(tf, p, 'out', drop(attentionPool(tf, p, 'att', h, mask), 2), classes);
  }
  const t = conv2d(tf, p, 'ct', x, 9, 1, 4);
  const f = conv2d(tf, p, 'cf', x, 1, 9, 4);
  let a = conv2d(tf, p, 'c2', pool(tf, tf.concat([t, f], 3)), 3, 3, 16);
  a = pool(tf, conv2d(tf, p, 'c3', pool(tf, a), 3, 3, 24), 2, 1);
  const seq = drop(dense(tf, p, 'proj', tf.reshape(a, [B, L, -1]), 64, 'relu'), 1);
  const h = selfAttention(tf, p, 'mhsa', seq, mask, 4);
  return dense(tf, p, 'out', drop(maskedMean(tf, h, mask), 2), classes);
}
