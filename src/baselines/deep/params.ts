/**
 * Trainable parameters of the deep baselines, initialized from the project's seeded generator
 * (Glorot-uniform weights, zero biases) so that the same seed gives the same network.
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';
import type { Tf } from './tf.js';
import type * as tfTypes from '@tensorflow/tfjs';

let uid = 0;

/** A named set of tf.Variables. */
export class Params {
  readonly vars = new Map<string, tfTypes.Variable>();
  constructor(
    private readonly tf: Tf,
    private readonly rng: Rng,
  ) {}

  /** Glorot-uniform weights: U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
  glorot(name: string, shape: number[], fanIn: number, fanOut: number): tfTypes.Variable {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    const r = this.rng.fork(name);
    const n = shape.reduce((p, q) => p * q, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = r.uniform(-a, a);
    return this.add(name, this.tf.tensor(v, shape));
  }

  /** A constant-filled variable (biases, layer-norm gains). */
  fill(name: string, shape: number[], value = 0): tfTypes.Variable {
    return this.add(name, this.tf.fill(shape, value));
  }

  private add(name: string, t: tfTypes.Tensor): tfTypes.Variable {
    if (this.vars.has(name)) throw new Error(`parameter ${name} defined twice`);
    const v = this.tf.variable(t, true, `${name}_${++uid}`);
    t.dispose();
    this.vars.set(name, v);
    return v;
  }

  /** Number of trainable numbers. */
  get count(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  /** A copy of every value (for restoring the best epoch). */
  snapshot(): Map<string, Float32Array> {
    return new Map([...this.vars].map(([k, v]) => [k, v.dataSync() as Float32Array]));
  }

  /** Restore values from {@link Params.snapshot}. */
  restore(s: Map<string, Float32Array>): void {
    for (const [k, v] of this.vars) v.assign(this.tf.tensor(s.get(k)!, v.shape));
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
