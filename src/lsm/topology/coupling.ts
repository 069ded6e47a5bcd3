/**
 * Input coupling builders: analog channels injected as current into random subsets of
 * neurons, or spike channels through input synapses.
 *
 * Two layouts: dense (default), where each channel reaches a random `fraction` of the target
 * neurons (so a neuron hears about `fraction * channels` channels, their number varying from
 * neuron to neuron), and sparse, where each target neuron hears exactly `inDegree` distinct
 * channels. The weight's scale is `gain` in volts, or, with `rheobase` given, `gain` times
 * each target neuron's rheobase (the drive that brings it from rest to threshold), so that a
 * gain keeps its meaning when the neuron parameters change.
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';
import type { InputCoupling, LifNetwork } from '../network.js';
import { toCsr } from '../network.js';

/** Sign layout of the input weights. */
export type InputSigns = 'positive' | 'mixed';

/** Resolved defaults of one coupling kind. */
export interface InputCouplingDefaults {
  /** Fraction of the target neurons each channel reaches (dense layout). */
  readonly fraction: number;
  /** Weight scale, in volts per unit of analog input ('current') or per input spike ('synapse'). */
  readonly gain: number;
  /** Relative jitter of the weights. */
  readonly jitter: number;
  /** Sign layout. */
  readonly signs: InputSigns;
}

/**
 * The one source of truth of the input coupling's defaults, per kind. 'current' is the analog
 * drive of the shipped LSM (the config's `reservoirs.*.input*` defaults come from here): 48 mV
 * per unit of normalized input, random signs, each channel to 30 % of the neurons (48 mV: best
 * of 4-128 mV on Emo-DB-2s LOSO, docs/results.md). 'synapse' (spike input into Ie): 5 mV per
 * input spike, excitatory.
 */
export const DEFAULT_INPUT_COUPLING: Readonly<Record<'current' | 'synapse', InputCouplingDefaults>> = Object.freeze({
  current: Object.freeze({ fraction: 0.3, gain: 0.048, jitter: 0.5, signs: 'mixed' as InputSigns }),
  synapse: Object.freeze({ fraction: 0.3, gain: 0.005, jitter: 0.5, signs: 'positive' as InputSigns }),
});

/**
 * Default analog input gain in multiples of the rheobase (when the gain is relative to it): 48,
 * the drive of the volts default (48 mV) for the Maass column's mean rheobase (15 mV threshold,
 * background 13.5-14.5 mV: 1 mV on average).
 */
export const DEFAULT_RHEOBASE_GAIN = 48;

/** Options of {@link buildInputCoupling}; defaults in {@link DEFAULT_INPUT_COUPLING} by `kind`. */
export interface InputCouplingOptions {
  /** 'current' for analog input (default), 'synapse' for spike input. */
  readonly kind?: 'current' | 'synapse';
  /** Number of input channels (required). */
  readonly channels: number;
  /** Dense layout: fraction of the target neurons each channel reaches; default 0.3. Ignored when `inDegree` is set. */
  readonly fraction?: number;
  /** Sparse layout: each target neuron hears exactly this many distinct channels (integer in [1, channels]). */
  readonly inDegree?: number;
  /**
   * Weight scale: volts per unit of analog input ('current', default 48 mV) or per input spike
   * into Ie ('synapse', default 5 mV); with `rheobase`, dimensionless: multiples of each target's rheobase.
   */
  readonly gain?: number;
  /** Per-neuron rheobase, in the network's voltage units (see {@link neuronRheobase}): weights become gain x rheobase of the target. */
  readonly rheobase?: ArrayLike<number>;
  /** Relative jitter of the weights, gain * U[1 - j, 1 + j]; default 0.5. */
  readonly jitter?: number;
  /** 'mixed' (each projection's sign drawn at random; default for 'current') or 'positive' (default for 'synapse'). */
  readonly signs?: InputSigns;
  /** Only these neurons receive input (e.g. the excitatory ones); default all. */
  readonly targets?: ArrayLike<number>;
}

/**
 * Rheobase of every neuron of `net`, in its voltage units: the constant input drive R*I that
 * brings a neuron from rest (the steady state of its background current, `bias`) to threshold,
 * `vThresh - bias[i]`. Throws a RangeError naming the first neuron whose bias already reaches
 * the threshold (it fires without input; its rheobase is not defined).
 */
export function neuronRheobase(net: Pick<LifNetwork, 'n' | 'vThresh' | 'bias'>): Float64Array {
  const out = new Float64Array(net.n);
  for (let i = 0; i < net.n; i++) {
    const r = net.vThresh - net.bias[i]!;
    if (!(r > 0))
      throw new RangeError(
        `rheobase: neuron ${i} has bias ${net.bias[i]} >= vThresh ${net.vThresh} (it fires without input); a gain relative to the rheobase needs every target below threshold at rest`,
      );
    out[i] = r;
  }
  return out;
}

/**
 * Random input projections, dense (each channel reaches round(fraction * targets) distinct
 * neurons) or sparse (each target neuron hears `inDegree` distinct channels); seeded by `rng`
 * (forks 'targets' and 'weights').
 */
export function buildInputCoupling(nNeurons: number, options: InputCouplingOptions, rng: Rng): InputCoupling {
  const kind = options.kind ?? 'current';
  if (kind !== 'current' && kind !== 'synapse') throw new RangeError(`kind: must be 'current' or 'synapse', got ${JSON.stringify(kind)}`);
  const d = DEFAULT_INPUT_COUPLING[kind];
  const ch = options.channels;
  if (!Number.isInteger(ch) || ch < 1) throw new RangeError(`channels: must be an integer >= 1, got ${ch}`);
  const fraction = options.fraction ?? d.fraction;
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fraction: must be in (0, 1], got ${fraction}`);
  const inDegree = options.inDegree;
  if (inDegree !== undefined && !(Number.isInteger(inDegree) && inDegree >= 1 && inDegree <= ch))
    throw new RangeError(`inDegree: must be an integer in [1, channels = ${ch}], got ${inDegree}`);
  const gain = options.gain ?? d.gain;
  if (!Number.isFinite(gain)) throw new RangeError(`gain: must be finite (${options.rheobase ? 'multiples of the rheobase' : 'volts'}), got ${gain}`);
  const jit = options.jitter ?? d.jitter;
  if (!(jit >= 0 && jit <= 1)) throw new RangeError(`jitter: must be in [0, 1], got ${jit}`);
  const signs = options.signs ?? d.signs;
  if (signs !== 'positive' && signs !== 'mixed') throw new RangeError(`signs: must be 'positive' or 'mixed', got ${JSON.stringify(signs)}`);
  const targets = options.targets ? Int32Array.from(options.targets) : Int32Array.from({ length: nNeurons }, (_, i) => i);
  const rheo = options.rheobase;
  if (rheo) {
    if (rheo.length !== nNeurons) throw new RangeError(`rheobase: ${rheo.length} values for ${nNeurons} neurons`);
    for (const t of targets)
      if (!(rheo[t]! > 0) || !Number.isFinite(rheo[t]!)) throw new RangeError(`rheobase: neuron ${t} has ${rheo[t]} (must be a finite drive > 0)`);
  }
  const pre: number[] = [];
  const post: number[] = [];
  const w: number[] = [];
  const rt = rng.fork('targets');
  const rw = rng.fork('weights');
  const add = (c: number, t: number) => {
    pre.push(c);
    post.push(t);
    const s = signs === 'mixed' && rw.random() < 0.5 ? -1 : 1;
    const scale = rheo ? gain * rheo[t]! : gain;
    w.push(s * scale * (1 - jit + 2 * jit * rw.random()));
  };
  if (inDegree === undefined) {
    const m = Math.max(1, Math.round(fraction * targets.length));
    for (let c = 0; c < ch; c++) for (const p of rt.sample(targets.length, m)) add(c, targets[p]!);
  } else {
    for (const t of targets) for (const c of rt.sample(ch, inDegree)) add(c, t);
  }
  const csr = toCsr(ch, pre, post, [w]);
  return { kind, channels: ch, rowPtr: csr.rowPtr, post: csr.post, weight: csr.values[0]! };
}
