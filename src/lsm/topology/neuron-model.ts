/**
 * Neuron-model additions for a built reservoir (`LifNetwork.perNeuronTau`, `adaptation`,
 * `noise`): heterogeneous time constants drawn from a distribution per neuron, an adaptive
 * threshold on a seeded fraction of the excitatory neurons, and seeded background noise. Every
 * draw comes from its own fork of the network's generator (`tauMem`, `tauExc`, `tauInh`,
 * `adaptation`, `adaptationTau`, `noise`), so switching one addition on or off never changes
 * the numbers of another, nor the synapses and initial state the builder drew before.
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';
import type { LifNetwork } from '../network.js';

/**
 * A distribution of a positive quantity (time constants, in seconds):
 * `fixed` (every neuron `value`), `uniform` on [min, max], `log-uniform` (log uniform on
 * [min, max]), `gamma` with the given mean and coefficient of variation (shape 1/cv^2).
 */
export type Distribution =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'log-uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'gamma'; readonly mean: number; readonly cv: number };

/** Spike-frequency adaptation of {@link NeuronModelOptions} (SI units). */
export interface AdaptationOptions {
  /** Threshold increment per spike, in volts (>= 0; 0 = no adaptation). */
  readonly increment: number;
  /** Adaptation time constant, in seconds. */
  readonly tau: Distribution;
  /** Fraction of the excitatory neurons that adapt, in [0, 1] (a seeded choice); inhibitory neurons never adapt. */
  readonly fraction: number;
}

/** Neuron-model additions (SI units; all optional: absent = the builder's plain LIF neuron). */
export interface NeuronModelOptions {
  /** Membrane time constant per neuron, in seconds (absent: the builder's scalar). */
  readonly tauMem?: Distribution;
  /** Excitatory / inhibitory synaptic time constant per neuron, in seconds. */
  readonly tauExc?: Distribution;
  readonly tauInh?: Distribution;
  /** Adaptive threshold (Bellec et al. 2018); absent or null = none. */
  readonly adaptation?: AdaptationOptions | null;
  /** Background noise current with standard deviation `std`, in volts (0 = none); its hash seed comes from the generator. */
  readonly noise?: { readonly std: number } | null;
}

/** Check a distribution of a positive quantity; `field` names it in the error. */
export function checkDistribution(d: Distribution, field: string): void {
  const pos = (x: number, name: string) => {
    if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${field}.${name}: must be a finite number > 0, got ${x}`);
  };
  switch (d.kind) {
    case 'fixed':
      pos(d.value, 'value');
      return;
    case 'uniform':
    case 'log-uniform':
      pos(d.min, 'min');
      pos(d.max, 'max');
      if (!(d.max >= d.min)) throw new RangeError(`${field}: max (${d.max}) must be >= min (${d.min})`);
      return;
    case 'gamma':
      pos(d.mean, 'mean');
      pos(d.cv, 'cv');
      return;
    default:
      throw new RangeError(`${field}.kind: must be 'fixed', 'uniform', 'log-uniform' or 'gamma', got ${JSON.stringify((d as { kind: unknown }).kind)}`);
  }
}

/** One draw from `d` (see {@link Distribution}). */
export function drawFrom(d: Distribution, rng: Rng): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return rng.uniform(d.min, d.max);
    case 'log-uniform':
      return Math.exp(rng.uniform(Math.log(d.min), Math.log(d.max)));
    case 'gamma': {
      const shape = 1 / (d.cv * d.cv);
      return rng.gamma(shape, d.mean / shape);
    }
    default:
      throw new RangeError(`distribution kind: must be 'fixed', 'uniform', 'log-uniform' or 'gamma', got ${JSON.stringify((d as { kind: unknown }).kind)}`);
  }
}

/**
 * `net` with the additions of `opt`: per-neuron time constants (only when a distribution is
 * not `fixed`; fixed ones set the scalar), adaptation on round(fraction * nExc) excitatory
 * neurons, and noise. Without any addition the network comes back unchanged (the plain LIF path).
 * `rng` should be the builder's network generator (or a fork of it).
 */
export function applyNeuronModel(net: LifNetwork, opt: NeuronModelOptions, rng: Rng): LifNetwork {
  const n = net.n;
  const tu = net.units.time;
  const out: { -readonly [K in keyof LifNetwork]: LifNetwork[K] } = { ...net };
  const fields = ['tauMem', 'tauExc', 'tauInh'] as const;
  for (const f of fields) if (opt[f]) checkDistribution(opt[f], f);
  if (fields.some((f) => opt[f] && opt[f].kind !== 'fixed')) {
    const [tauMem, tauExc, tauInh] = fields.map((f) => {
      const d = opt[f];
      const r = rng.fork(f);
      return Float64Array.from({ length: n }, () => (d ? drawFrom(d, r) / tu : net[f]));
    }) as [Float64Array, Float64Array, Float64Array];
    out.perNeuronTau = { tauMem, tauExc, tauInh };
  } else {
    for (const f of fields) {
      const d = opt[f];
      if (d && d.kind === 'fixed') out[f] = d.value / tu;
    }
  }
  const ad = opt.adaptation;
  if (ad) {
    if (!(ad.increment >= 0) || !Number.isFinite(ad.increment))
      throw new RangeError(`adaptation.increment: must be a finite number of volts >= 0, got ${ad.increment}`);
    if (!(ad.fraction >= 0 && ad.fraction <= 1)) throw new RangeError(`adaptation.fraction: must be in [0, 1], got ${ad.fraction}`);
    checkDistribution(ad.tau, 'adaptation.tau');
    const k = Math.round(ad.fraction * net.nExc);
    if (ad.increment > 0 && k > 0) {
      const chosen = rng.fork('adaptation').sample(net.nExc, k).sort();
      const increment = new Float64Array(n);
      const tau = new Float64Array(n).fill(1 / tu); // 1 s for the neurons that do not adapt (a stays 0)
      const rt = rng.fork('adaptationTau');
      for (const i of chosen) {
        increment[i] = ad.increment / net.units.voltage;
        tau[i] = drawFrom(ad.tau, rt) / tu;
      }
      out.adaptation = { increment, tau };
    }
  }
  const nz = opt.noise;
  if (nz) {
    if (!(nz.std >= 0) || !Number.isFinite(nz.std)) throw new RangeError(`noise.std: must be a finite number of volts >= 0, got ${nz.std}`);
    if (nz.std > 0) out.noise = { std: nz.std / net.units.voltage, seed: rng.fork('noise').nextUint32() };
  }
  return out;
}
