import { describe, expect, it } from 'vitest';
import { loadTf } from '../../src/baselines/deep/tf.js';
import { Params } from '../../src/baselines/deep/params.js';
import { biGru, conv2d } from '../../src/baselines/deep/layers.js';
import { Rng } from '../../src/core/rng.js';

describe('deep layers', () => {
  it('conv2d: value and gradients equal TensorFlow.js conv2d with its own gradients (reference on the CPU backend, ours on CPU and WASM)', async () => {
    const rng = new Rng(1);
    const rel = (u: ArrayLike<number>, v: ArrayLike<number>) => {
      let m = 0;
      let s = 0;
      for (let i = 0; i < u.length; i++) {
        m = Math.max(m, Math.abs(u[i]! - v[i]!));
        s = Math.max(s, Math.abs(v[i]!));
      }
      return m / Math.max(1e-6, s);
    };
    for (const [kh, kw, c, f] of [
      [3, 3, 2, 4],
      [9, 1, 1, 3],
      [1, 9, 3, 2],
    ] as const) {
      const xs = Float32Array.from({ length: 2 * 12 * 10 * c }, () => rng.normal());
      const rs = Float32Array.from({ length: 2 * 12 * 10 * f }, () => rng.normal());
      const ws = Float32Array.from({ length: kh * kw * c * f }, () => rng.normal());
      const bs = Float32Array.from({ length: f }, () => rng.normal());
      // reference: tfjs conv2d and its registered gradients, CPU backend
      let tf = await loadTf('cpu');
      const r = tf.tensor4d(rs, [2, 12, 10, f]);
      const ref = tf.grads((xx, ww) => tf.sum(tf.mul(tf.relu(tf.add(tf.conv2d(xx as never, ww as never, 1, 'same'), tf.tensor1d(bs))), r)));
      const [rgx, rgw] = ref([tf.tensor4d(xs, [2, 12, 10, c]), tf.tensor4d(ws, [kh, kw, c, f])]).map((t) => t.dataSync());
      const rv = tf.relu(tf.add(tf.conv2d(tf.tensor4d(xs, [2, 12, 10, c]), tf.tensor4d(ws, [kh, kw, c, f]), 1, 'same'), tf.tensor1d(bs))).dataSync();
      for (const backend of ['cpu', 'wasm'] as const) {
        tf = await loadTf(backend);
        const p = new Params(tf, rng.fork(`${kh}${kw}${backend}`));
        const x = tf.tensor4d(xs, [2, 12, 10, c]);
        const rr = tf.tensor4d(rs, [2, 12, 10, f]);
        conv2d(tf, p, 'c', x, kh, kw, f); // creates the variables
        const W = p.vars.get('c/w')!;
        W.assign(tf.tensor4d(ws, [kh, kw, c, f]));
        p.vars.get('c/b')!.assign(tf.tensor1d(bs));
        const gw = tf.variableGrads(() => tf.sum(tf.mul(conv2d(tf, p, 'c', x, kh, kw, f), rr)) as never, [W]).grads[W.name]!.dataSync();
        const gx = tf
          .grad((xx) => tf.sum(tf.mul(conv2d(tf, p, 'c', xx as never, kh, kw, f), rr)))(x)
          .dataSync();
        expect(rel(conv2d(tf, p, 'c', x, kh, kw, f).dataSync(), rv), `value ${backend}`).toBeLessThan(1e-5);
        expect(rel(gw, rgw!), `filter gradient ${backend}`).toBeLessThan(1e-4);
        expect(rel(gx, rgx!), `input gradient ${backend}`).toBeLessThan(1e-4);
        p.dispose();
      }
    }
  });

  it('BiGRU with a padding mask: a padded sequence gives the same states on its real frames as the unpadded one', async () => {
    const tf = await loadTf('cpu');
    const rng = new Rng(2);
    const p = new Params(tf, rng);
    const L = 7;
    const valid = 5;
    const data = Float32Array.from({ length: L * 3 }, () => rng.normal());
    for (let i = valid * 3; i < L * 3; i++) data[i] = 9; // garbage in the padding
    const x = tf.tensor3d(data, [1, L, 3]);
    const mask = tf.tensor2d([[1, 1, 1, 1, 1, 0, 0]]);
    const h = biGru(tf, p, 'g', x, 4, mask).arraySync() as number[][][];
    const x2 = tf.tensor3d(data.slice(0, valid * 3), [1, valid, 3]);
    const h2 = biGru(tf, p, 'g', x2, 4, tf.ones([1, valid])).arraySync() as number[][][];
    for (let t = 0; t < valid; t++) for (let k = 0; k < 8; k++) expect(h[0]![t]![k]).toBeCloseTo(h2[0]![t]![k]!, 5);
    p.dispose();
  });
});
