/**
 * Input coupling builders: analog channels injected as current into random subsets of
 * neurons, or spike channels through input synapses.
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';
import type { InputCoupling } from '../network.js';
import { toCsr } from '../network.js';

/** Options of {@link buildInputCoupling}. */
export interface InputCouplingOptions {
  /** 'current' for analog input (default), 'synapse' for spike input. */
  readonly kind?: 'current' | 'synapse';
  /** Number of input channels (required). */
  readonly channels: number;
  /** Fraction of the neurons each channel reaches; default 0.3. */
  readonly fraction?: number;
  /** Weight in volts: per unit of analog input ('current') or per input spike into Ie ('synapse'); default 5 mV. */
  readonly gain?: number;
  /** Relative jitter of the weights, gain * U[1 - j, 1 + j]; default 0.5. */
  readonly jitter?: number;
  /** 'positive' (default) or 'mixed' (each projection's sign drawn at random). */
  readonly signs?: 'positive' | 'mixed';
  /** Only these neurons receive input (e.g. the excitatory ones); default all. */
  readonly targets?: ArrayLike<number>;
}

/** Random input projections: each channel reaches round(fraction * targets) distinct neurons. */
export function buildInputCoupling(nNeurons: number, options: InputCouplingOptions, rng: Rng): InputCoupling {
  const ch = options.channels;
  if (!Number.isInteger(ch) || ch < 1) throw new RangeError(`channels: must be an integer >= 1, got ${ch}`);
  const fraction = options.fraction ?? 0.3;
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fraction: must be in (0, 1], got ${fraction}`);
  const gain = options.gain ?? 0.005;
  if (!Number.isFinite(gain)) throw new RangeError(`gain: must be finite (volts), got ${gain}`);
  const jit = options.jitter ?? 0.5;
  if (!(jit >= 0 && jit <= 1)) throw new RangeError(`jitter: must be in [0, 1], got ${jit}`);
  const signs = options.signs ?? 'positive';
  if (signs !== 'positive' && signs !== 'mixed') throw new RangeError(`signs: must be 'positive' or 'mixed', got ${JSON.stringify(signs)}`);
  const targets = options.targets ? Int32Array.from(options.targets) : Int32Array.from({ length: nNeurons }, (_, i) => i);
  const m = Math.max(1, Math.round(fraction * targets.length));
  const pre: number[] = [];
  const post: number[] = [];
  const w: number[] = [];
  const rt = rng.fork('targets');
  const rw = rng.fork('weights');
  for (let c = 0; c < ch; c++) {
    const pick = rt.sample(targets.length, m);
    for (const p of pick) {
      pre.push(c);
      post.push(targets[p]!);
      const s = signs === 'mixed' && rw.random() < 0.5 ? -1 : 1;
      w.push(s * gain * (1 - jit + 2 * jit * rw.random()));
    }
  }
  const csr = toCsr(ch, pre, post, [w]);
  return { kind: options.kind ?? 'current', channels: ch, rowPtr: csr.rowPtr, post: csr.post, weight: csr.values[0]! };
}
