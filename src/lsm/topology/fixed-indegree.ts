/**
 * A fixed in-degree random reservoir for large sizes (the netgen layout): every neuron gets
 * K = min(round(0.1 N), 100) inputs, 80 % from excitatory and 20 % from inhibitory neurons,
 * without replacement and without autapses; weights scale with 100 / K so the mean recurrent
 * drive does not depend on N.
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';
import { mV, ms } from '../../core/units.js';
import type { LifNetwork } from '../network.js';
import { toCsr } from '../network.js';
import { applyNeuronModel, type NeuronModelOptions } from './neuron-model.js';

/** Options of {@link buildFixedIndegree} (SI units). */
export interface FixedIndegreeOptions {
  /** Number of neurons (required). */
  readonly n: number;
  /** In-degree; default min(round(0.1 n), 100). */
  readonly k?: number;
  /** Fraction of excitatory neurons (and of excitatory inputs); default 0.8. */
  readonly excitatoryFraction?: number;
  /** Base weights EE, EI, IE, II in volts (scaled by 100 / K); default 3, 6, -5, -5 mV (netgen). */
  readonly weights?: { EE?: number; EI?: number; IE?: number; II?: number };
  /** Relative weight jitter, w * U[1 - j, 1 + j]; default 0.5. */
  readonly weightJitter?: number;
  /** Multiplies every recurrent weight; default 1. */
  readonly weightScale?: number;
  /** Neuron-model additions (per-neuron time constants, adaptation, noise), drawn from `rng.fork('neuron')`; default none. */
  readonly neuron?: NeuronModelOptions;
}

/** Build a fixed in-degree reservoir with netgen's neuron constants (tau 30 ms, threshold 15 mV...). */
export function buildFixedIndegree(options: FixedIndegreeOptions, rng: Rng): LifNetwork {
  const n = options.n;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`n: must be an integer >= 2, got ${n}`);
  const fe = options.excitatoryFraction ?? 0.8;
  const nExc = Math.round(fe * n);
  const nInh = n - nExc;
  const K = options.k ?? Math.min(Math.round(0.1 * n), 100);
  const KE = Math.min(Math.round(fe * K), nExc - 1);
  const KI = Math.min(K - KE, Math.max(0, nInh - 1));
  if (!Number.isInteger(K) || K < 1 || K >= n) throw new RangeError(`k: must be an integer in [1, n), got ${K}`);
  const w = { EE: 3 * mV, EI: 6 * mV, IE: -5 * mV, II: -5 * mV, ...options.weights };
  const jit = options.weightJitter ?? 0.5;
  const ws = options.weightScale ?? 1;
  if (!(ws >= 0) || !Number.isFinite(ws)) throw new RangeError(`weightScale: must be a finite number >= 0, got ${ws}`);
  const scale = (100 / K) * ws;
  const pre: number[] = [];
  const post: number[] = [];
  const wt: number[] = [];
  const rc = rng.fork('connections');
  const rw = rng.fork('weights');
  for (let j = 0; j < n; j++) {
    const e = rc.sample(nExc - (j < nExc ? 1 : 0), KE);
    const i = rc.sample(nInh - (j >= nExc ? 1 : 0), KI);
    for (let q = 0; q < e.length; q++) {
      let src = e[q]!;
      if (j < nExc && src >= j) src++;
      pre.push(src);
      post.push(j);
      wt.push((j < nExc ? w.EE : w.EI) * scale * (1 - jit + 2 * jit * rw.random()));
    }
    for (let q = 0; q < i.length; q++) {
      let src = i[q]!;
      if (j >= nExc && src >= j - nExc) src++;
      pre.push(nExc + src);
      post.push(j);
      wt.push((j < nExc ? w.IE : w.II) * scale * (1 - jit + 2 * jit * rw.random()));
    }
  }
  const csr = toCsr(n, pre, post, [wt]);
  const rs = rng.fork('state');
  const net: LifNetwork = {
    n,
    nExc,
    tauMem: 30 * ms,
    tauExc: 3 * ms,
    tauInh: 6 * ms,
    vThresh: 15 * mV,
    vReset: 13.5 * mV,
    bias: Float64Array.from({ length: n }, () => rs.uniform(13.5 * mV, 14.5 * mV)),
    v0: Float64Array.from({ length: n }, () => rs.uniform(13.5 * mV, 15 * mV)),
    refractory: Float64Array.from({ length: n }, (_, i) => (i < nExc ? 3 * ms : 2 * ms)),
    rowPtr: csr.rowPtr,
    post: csr.post,
    weight: csr.values[0]!,
    delay: null,
    stp: null,
    units: { time: 1, voltage: 1 },
  };
  return options.neuron ? applyNeuronModel(net, options.neuron, rng.fork('neuron')) : net;
}
