/**
 * Building blocks of the deep baselines written with TensorFlow.js core ops (every op here has
 * gradients on the WASM backend): 2-D convolution whose gradients are convolutions (the WASM
 * backend lacks Conv2DBackpropFilter), dense layers, a bidirectional GRU with both directions
 * in one batched matrix product per step, additive attention pooling and multi-head self-attention, both with
 * padding masks.
 *
 * @module
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from './tf.js';
import type { Params } from './params.js';

type T = tfTypes.Tensor;

/**
 * 'same' 2-D convolution of x [B, H, W, C] with a kh x kw kernel and `filters` outputs, ReLU.
 * Forward and input gradient use the backend's convolution kernels; the filter gradient
 * (missing from the WASM backend) is a convolution of the padded input with the output gradient.
 */
export function conv2d(tf: Tf, p: Params, name: string, x: T, kh: number, kw: number, filters: number): T {
  const c = x.shape[3]!;
  const key = `${name}/w`;
  const W = p.vars.get(key) ?? p.glorot(key, [kh, kw, c, filters], kh * kw * c, kh * kw * filters);
  const bias = p.vars.get(`${name}/b`) ?? p.fill(`${name}/b`, [filters]);
  const conv = tf.customGrad(((xi: T, wi: T, save: tfTypes.GradSaveFunc) => {
    const xx = xi as tfTypes.Tensor4D;
    const ww = wi as tfTypes.Tensor4D;
    save([xx, ww]);
    return {
      value: tf.conv2d(xx, ww, 1, 'same'),
      gradFunc: (dy: T, saved: T[]) => {
        const [sx, sw] = saved as [tfTypes.Tensor4D, tfTypes.Tensor4D];
        const dy4 = dy as tfTypes.Tensor4D;
        // odd kernels, stride 1, 'same': the input gradient is a 'same' convolution of dy with the
        // kernel rotated by 180 degrees and its channel axes swapped
        const dx = tf.conv2d(dy4, tf.transpose(tf.reverse(sw, [0, 1]), [0, 1, 3, 2]) as tfTypes.Tensor4D, 1, 'same');
        const ph = (kh - 1) / 2;
        const pw = (kw - 1) / 2;
        const xp = tf.pad(sx, [
          [0, 0],
          [Math.floor(ph), Math.ceil(ph)],
          [Math.floor(pw), Math.ceil(pw)],
          [0, 0],
        ]);
        // dW[i, j, ci, co] = sum over b, y, x of xp[b, y + i, x + j, ci] dy[b, y, x, co]: a valid
        // convolution of xp (channels and batch swapped) with dy as the filter
        const dw = tf.transpose(
          tf.conv2d(tf.transpose(xp, [3, 1, 2, 0]) as tfTypes.Tensor4D, tf.transpose(dy4, [1, 2, 0, 3]) as tfTypes.Tensor4D, 1, 'valid'),
          [1, 2, 0, 3],
        );
        return [dx, dw];
      },
    };
  }) as unknown as Parameters<Tf['customGrad']>[0]) as unknown as (a: T, b: T) => T;
  return tf.relu(tf.add(conv(x, W), bias));
}

/** Max pooling by `ph` (time) x `pw` (frequency) over non-overlapping windows (sizes must divide the axes). */
export function pool(tf: Tf, x: T, ph = 2, pw = 2): T {
  const [, h, w] = x.shape as [number, number, number, number];
  if (h % ph || w % pw) throw new RangeError(`pool: ${h}x${w} is not divisible by ${ph}x${pw}`);
  return tf.maxPool(x as tfTypes.Tensor4D, [ph, pw], [ph, pw], 'valid');
}

/** Dense layer on the last axis; `act` 'relu' | 'tanh' | 'linear'. */
export function dense(tf: Tf, p: Params, name: string, x: T, units: number, act: 'relu' | 'tanh' | 'linear' = 'linear'): T {
  const d = x.shape[x.shape.length - 1]!;
  const W = p.vars.get(`${name}/w`) ?? p.glorot(`${name}/w`, [d, units], d, units);
  const b = p.vars.get(`${name}/b`) ?? p.fill(`${name}/b`, [units]);
  const lead = x.shape.slice(0, -1);
  const y = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [-1, d]), W), b), [...lead, units]);
  return act === 'relu' ? tf.relu(y) : act === 'tanh' ? tf.tanh(y) : y;
}

/** Layer normalization over the last axis with a learned gain and bias. */
export function layerNorm(tf: Tf, p: Params, name: string, x: T): T {
  const d = x.shape[x.shape.length - 1]!;
  const g = p.vars.get(`${name}/g`) ?? p.fill(`${name}/g`, [d], 1);
  const b = p.vars.get(`${name}/b`) ?? p.fill(`${name}/b`, [d]);
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
}

/**
 * Bidirectional GRU over x [B, L, D] -> [B, L, 2H] (forward states, then backward states).
 * `mask` [B, L] (1 = frame, 0 = padding) freezes the state over padding, so the backward pass
 * starts at each sequence's last real frame.
 */
export function biGru(tf: Tf, p: Params, name: string, x: T, hidden: number, mask: T): T {
  const [B, L, D] = x.shape as [number, number, number];
  const H = hidden;
  const Wx = p.vars.get(`${name}/wx`) ?? p.glorot(`${name}/wx`, [2, D, 3 * H], D, 3 * H);
  const Wh = p.vars.get(`${name}/wh`) ?? p.glorot(`${name}/wh`, [2, H, 3 * H], H, 3 * H);
  const bx = p.vars.get(`${name}/b`) ?? p.fill(`${name}/b`, [2, 1, 3 * H]);
  // input projections of both directions at once: [2, B, L, 3H]; the backward direction's
  // sequence reversed in time so that step s reads frame s (forward) and L-1-s (backward).
  const xs = tf.reshape(tf.add(tf.matMul(tf.tile(tf.expandDims(tf.reshape(x, [B * L, D]), 0), [2, 1, 1]), Wx), bx), [2, B, L, 3 * H]);
  const [xf, xb] = tf.split(xs, 2, 0) as [T, T];
  const steps = tf.unstack(tf.transpose(tf.concat([xf, tf.reverse(xb, 2)], 0), [2, 0, 1, 3])); // L x [2, B, 3H]
  const masks = tf.unstack(tf.transpose(tf.stack([mask, tf.reverse(mask, 1)], 0), [2, 0, 1])); // L x [2, B]
  let h: T = tf.zeros([2, B, H]);
  const outs: T[] = [];
  for (let s = 0; s < L; s++) {
    const hh = tf.matMul(h, Wh); // [2, B, 3H]
    const [xz, xr, xn] = tf.split(steps[s]!, 3, 2) as [T, T, T];
    const [hz, hr, hn] = tf.split(hh, 3, 2) as [T, T, T];
    const z = tf.sigmoid(tf.add(xz, hz));
    const r = tf.sigmoid(tf.add(xr, hr));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    const hNew = tf.add(n, tf.mul(z, tf.sub(h, n)));
    h = tf.add(h, tf.mul(tf.expandDims(masks[s]!, 2), tf.sub(hNew, h)));
    outs.push(h);
  }
  const all = tf.stack(outs, 2); // [2, B, L, H]
  const [of, ob] = tf.split(all, 2, 0) as [T, T];
  return tf.concat([tf.reshape(of, [B, L, H]), tf.reverse(tf.reshape(ob, [B, L, H]), 1)], 2);
}

/** Additive attention pooling (Bahdanau): softmax over valid frames of v . tanh(W h) -> weighted mean [B, D]. */
export function attentionPool(tf: Tf, p: Params, name: string, h: T, mask: T, dim = 32): T {
  const [B, L] = h.shape as [number, number, number];
  const e = tf.reshape(dense(tf, p, `${name}/v`, dense(tf, p, `${name}/w`, h, dim, 'tanh'), 1), [B, L]);
  const w = tf.softmax(tf.add(e, tf.mul(tf.sub(1, mask), -1e9)), 1);
  return tf.sum(tf.mul(h, tf.expandDims(w, 2)), 1);
}

/** Multi-head scaled dot-product self-attention over x [B, L, D] (keys masked by `mask`), output projection, residual and layer norm. */
export function selfAttention(tf: Tf, p: Params, name: string, x: T, mask: T, heads: number): T {
  const [B, L, D] = x.shape as [number, number, number];
  if (D % heads !== 0) throw new RangeError(`self-attention: width ${D} is not divisible by ${heads} heads`);
  const dh = D / heads;
  const split = (t: T) => tf.transpose(tf.reshape(t, [B, L, heads, dh]), [0, 2, 1, 3]); // [B, h, L, dh]
  const q = split(dense(tf, p, `${name}/q`, x, D));
  const k = split(dense(tf, p, `${name}/k`, x, D));
  const v = split(dense(tf, p, `${name}/v`, x, D));
  const logits = tf.div(tf.matMul(tf.reshape(q, [B * heads, L, dh]), tf.reshape(k, [B * heads, L, dh]), false, true), Math.sqrt(dh));
  const keyMask = tf.reshape(tf.tile(tf.reshape(mask, [B, 1, 1, L]), [1, heads, 1, 1]), [B * heads, 1, L]);
  const att = tf.softmax(tf.add(logits, tf.mul(tf.sub(1, keyMask), -1e9)), 2);
  const ctx = tf.reshape(tf.transpose(tf.reshape(tf.matMul(att, tf.reshape(v, [B * heads, L, dh])), [B, heads, L, dh]), [0, 2, 1, 3]), [B, L, D]);
  return layerNorm(tf, p, `${name}/ln`, tf.add(x, dense(tf, p, `${name}/o`, ctx, D)));
}

/** Mean over valid frames: h [B, L, D], mask [B, L] -> [B, D]. */
export function maskedMean(tf: Tf, h: T, mask: T): T {
  const m = tf.expandDims(mask, 2);
  return tf.div(tf.sum(tf.mul(h, m), 1), tf.maximum(tf.sum(m, 1), 1));
}
