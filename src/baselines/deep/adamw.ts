/**
 * AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", Algorithm 2) on
 * TensorFlow.js variables, with the learning rate given per step (for the schedule): for each
 * parameter theta with gradient g at step t,
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, m^ = m / (1 - b1^t), v^ = v / (1 - b2^t),
 * theta = theta (1 - lr wd) - lr m^ / (sqrt(v^) + eps)  (PyTorch's AdamW form). Decay applies
 * only to the parameters `decays(name)` selects (the baselines: weights, not biases or
 * layer-norm gains).
 *
 * @module
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from './tf.js';

/** AdamW settings. */
export interface AdamWOptions {
  /** Decoupled weight decay per unit learning rate (0: plain Adam). */
  readonly weightDecay: number;
  /** First-moment decay; default 0.9. */
  readonly beta1?: number;
  /** Second-moment decay; default 0.999. */
  readonly beta2?: number;
  /** Denominator offset; default 1e-8. */
  readonly epsilon?: number;
  /** Which parameters (by name) are decayed; default all. */
  readonly decays?: (name: string) => boolean;
}

/** The parameters the baselines decay: every weight, no bias (`.../b`) or layer-norm gain (`.../g`). */
export const decayWeightsOnly = (name: string): boolean => !/\/(b|g)$/.test(name);

/** AdamW over a fixed set of named variables. */
export class AdamW {
  private readonly m = new Map<string, tfTypes.Variable>();
  private readonly v = new Map<string, tfTypes.Variable>();
  private t = 0;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;

  /**
   * @param tf - TensorFlow.js.
   * @param vars - the trained variables by name.
   * @param o - settings.
   */
  constructor(
    private readonly tf: Tf,
    private readonly vars: ReadonlyMap<string, tfTypes.Variable>,
    private readonly o: AdamWOptions,
  ) {
    this.b1 = o.beta1 ?? 0.9;
    this.b2 = o.beta2 ?? 0.999;
    this.eps = o.epsilon ?? 1e-8;
    if (!(o.weightDecay >= 0)) throw new RangeError(`AdamW: weightDecay must be >= 0, got ${o.weightDecay}`);
    for (const [k, x] of vars) {
      this.m.set(k, tf.variable(tf.zerosLike(x), false));
      this.v.set(k, tf.variable(tf.zerosLike(x), false));
    }
  }

  /** Steps taken. */
  get steps(): number {
    return this.t;
  }

  /** One update with learning rate `lr`; `grads` by variable name (a missing gradient counts as zero). */
  step(grads: ReadonlyMap<string, tfTypes.Tensor>, lr: number): void {
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new RangeError(`AdamW: learning rate must be finite and >= 0, got ${lr}`);
    const tf = this.tf;
    this.t++;
    const c1 = 1 - this.b1 ** this.t;
    const c2 = 1 - this.b2 ** this.t;
    const decays = this.o.decays ?? (() => true);
    tf.tidy(() => {
      for (const [k, p] of this.vars) {
        const g = grads.get(k) ?? tf.zerosLike(p);
        const m = this.m.get(k)!;
        const v = this.v.get(k)!;
        m.assign(tf.add(tf.mul(m, this.b1), tf.mul(g, 1 - this.b1)));
        v.assign(tf.add(tf.mul(v, this.b2), tf.mul(tf.square(g), 1 - this.b2)));
        const upd = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.eps));
        const kept = decays(k) && this.o.weightDecay > 0 ? tf.mul(p, 1 - lr * this.o.weightDecay) : p;
        p.assign(tf.sub(kept, tf.mul(upd, lr)));
      }
    });
  }

  /** Release the moment estimates. */
  dispose(): void {
    for (const x of [...this.m.values(), ...this.v.values()]) x.dispose();
    this.m.clear();
    this.v.clear();
  }
}
