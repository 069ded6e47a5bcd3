/**
 * The cortical column of Maass, Natschlaeger & Markram (2002): LIF neurons on a 3-D grid,
 * 80 % excitatory, distance-dependent random connections, per-type weights, delays and
 * optional Tsodyks-Markram dynamic synapses.
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';
import { mV, ms } from '../../core/units.js';
import type { LifNetwork, StpParams } from '../network.js';
import { toCsr } from '../network.js';
import { applyNeuronModel, type NeuronModelOptions } from './neuron-model.js';

/** Connection type, presynaptic then postsynaptic: EE, EI (E -> I), IE (I -> E), II. */
export type ConnType = 'EE' | 'EI' | 'IE' | 'II';

/** Per connection type values. */
export type PerType<T> = Readonly<Record<ConnType, T>>;

/** Options of {@link buildMaassColumn} (SI units; all optional). */
export interface MaassColumnOptions {
  /** Grid size [x, y, z]; default [3, 3, 15] (135 neurons). */
  readonly grid?: readonly [number, number, number];
  /** Fraction of excitatory neurons; default 0.8. */
  readonly excitatoryFraction?: number;
  /** Connection scale C per type; default EE 0.3, EI 0.2, IE 0.4, II 0.1. */
  readonly connectivity?: Partial<PerType<number>>;
  /** Length constant lambda of the connection probability C exp(-(D/lambda)^2), in grid units; default 2. */
  readonly lambda?: number;
  /** Mean weight per type (jump of R*I per spike), in volts; default EE 30, EI 60, IE -19, II -19 mV (Maass 2002's nA with R = 1 MOhm). */
  readonly weights?: Partial<PerType<number>>;
  /** Multiplies every weight (a global scale); default 1. */
  readonly weightScale?: number;
  /** Relative weight jitter: w * U[1 - j, 1 + j]; default 0.5. */
  readonly weightJitter?: number;
  /** Delay per type, in seconds; default 1.5 ms EE, 0.8 ms otherwise. Set all to 0 for none. */
  readonly delays?: Partial<PerType<number>>;
  /** Tsodyks-Markram dynamic synapses; default false (static). */
  readonly dynamicSynapses?: boolean;
  /** TM parameters per type {U, D (s), F (s)}; default Maass 2002 (after Markram 1998 / Gupta 2000). */
  readonly stp?: Partial<PerType<{ U: number; D: number; F: number }>>;
  /** Membrane time constant, in seconds; default 30 ms. */
  readonly tauMem?: number;
  /** Synaptic time constants (from E, from I), in seconds; default 3 ms and 6 ms. */
  readonly tauExc?: number;
  readonly tauInh?: number;
  /** Threshold and reset, in volts above rest; default 15 mV and 13.5 mV. */
  readonly vThresh?: number;
  readonly vReset?: number;
  /** Refractory periods, in seconds; default 3 ms (E) and 2 ms (I). */
  readonly refractoryExc?: number;
  readonly refractoryInh?: number;
  /** Background current R*Ib ~ U[lo, hi], in volts; default [13.5, 14.5] mV. */
  readonly bias?: readonly [number, number];
  /** Initial potential ~ U[lo, hi), in volts; default [13.5, 15] mV. */
  readonly v0?: readonly [number, number];
  /** Neuron-model additions (per-neuron time constants, adaptation, noise), drawn from `rng.fork('neuron')`; default none. */
  readonly neuron?: NeuronModelOptions;
  /**
   * How synapses are drawn: 'pairs' (one draw per ordered pair of neurons, O(N^2): the
   * synapses of earlier releases), 'shells' (per neuron, per distance shell, geometric
   * skipping: O(N + synapses), the same connection probabilities, other draws), or 'auto'
   * (default: 'pairs' up to {@link MAASS_PAIRS_MAX_N} neurons, so the default 135-neuron
   * column keeps its synapses, 'shells' above).
   */
  readonly sampler?: 'auto' | 'pairs' | 'shells';
}

/** Largest column that `sampler: 'auto'` draws pair by pair (2048 neurons: ~4 M draws, tens of ms). */
export const MAASS_PAIRS_MAX_N = 2048;

/** Defaults of {@link MaassColumnOptions}. */
export const DEFAULT_MAASS_OPTIONS = Object.freeze({
  grid: [3, 3, 15] as const,
  excitatoryFraction: 0.8,
  connectivity: Object.freeze({ EE: 0.3, EI: 0.2, IE: 0.4, II: 0.1 }),
  lambda: 2,
  weights: Object.freeze({ EE: 30 * mV, EI: 60 * mV, IE: -19 * mV, II: -19 * mV }),
  weightScale: 1,
  weightJitter: 0.5,
  delays: Object.freeze({ EE: 1.5 * ms, EI: 0.8 * ms, IE: 0.8 * ms, II: 0.8 * ms }),
  dynamicSynapses: false,
  stp: Object.freeze({
    EE: { U: 0.5, D: 1.1, F: 0.05 },
    EI: { U: 0.05, D: 0.125, F: 1.2 },
    IE: { U: 0.25, D: 0.7, F: 0.02 },
    II: { U: 0.32, D: 0.144, F: 0.06 },
  }),
  tauMem: 30 * ms,
  tauExc: 3 * ms,
  tauInh: 6 * ms,
  vThresh: 15 * mV,
  vReset: 13.5 * mV,
  refractoryExc: 3 * ms,
  refractoryInh: 2 * ms,
  bias: [13.5 * mV, 14.5 * mV] as const,
  v0: [13.5 * mV, 15 * mV] as const,
});

const TYPES: ConnType[] = ['EE', 'EI', 'IE', 'II'];

/**
 * Distance shells of the grid: integer offsets (dx, dy, dz), |dx| < gx etc., grouped by
 * d2 = dx^2 + dy^2 + dz^2 (ascending, 0 excluded) up to `maxD2`.
 */
function gridShells(grid: readonly [number, number, number], maxD2: number): { d2: number; offsets: Int32Array }[] {
  const byD2 = new Map<number, number[]>();
  const r = Math.floor(Math.sqrt(maxD2));
  const [ax, ay, az] = grid.map((g) => Math.min(g - 1, r)) as [number, number, number];
  for (let dz = -az; dz <= az; dz++)
    for (let dy = -ay; dy <= ay; dy++)
      for (let dx = -ax; dx <= ax; dx++) {
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 === 0 || d2 > maxD2) continue;
        const list = byD2.get(d2) ?? byD2.set(d2, []).get(d2)!;
        list.push(dx, dy, dz);
      }
  return [...byD2.keys()].sort((a, b) => a - b).map((d2) => ({ d2, offsets: Int32Array.from(byD2.get(d2)!) }));
}

/**
 * Draw the column's synapses in O(N + synapses): for each presynaptic neuron and each distance
 * shell (all offsets at one distance), candidates are visited by geometric skipping at the
 * largest probability of the neuron's type, C_max exp(-d2/lambda^2), and thinned to the
 * postsynaptic type's C (offsets outside the grid are drawn and dropped). Every pair is thus
 * connected with probability C[type] exp(-d2/lambda^2), independently, as the pairwise loop
 * does; shells beyond the distance where C_max exp(-d2/lambda^2) < 2^-53 (below the
 * resolution of a draw) are not visited.
 */
function sampleByShells(
  grid: readonly [number, number, number],
  sites: readonly number[],
  nExc: number,
  C: PerType<number>,
  lambda: number,
  rc: Rng,
  connect: (i: number, j: number, t: ConnType) => void,
): void {
  const n = sites.length;
  const [gx, gy, gz] = grid;
  const neuronAt = new Int32Array(n);
  sites.forEach((s, i) => (neuronAt[s] = i));
  const cMax = Math.max(C.EE, C.EI, C.IE, C.II);
  if (!(cMax > 0)) return;
  const maxD2 = lambda * lambda * Math.log(cMax * 2 ** 53);
  const shells = gridShells(grid, maxD2);
  for (let i = 0; i < n; i++) {
    const si = sites[i]!;
    const x = si % gx;
    const y = Math.floor(si / gx) % gy;
    const z = Math.floor(si / (gx * gy));
    const fromE = i < nExc;
    const toE = fromE ? C.EE : C.IE;
    const toI = fromE ? C.EI : C.II;
    const c = Math.max(toE, toI);
    if (!(c > 0)) continue;
    for (const { d2, offsets } of shells) {
      const p = c * Math.exp(-d2 / (lambda * lambda));
      if (!(p > 0)) break;
      const len = offsets.length / 3;
      const logq = Math.log1p(-p);
      for (let k = -1; ; ) {
        // trials to the next success of Bernoulli(p): 1 + floor(ln U / ln(1 - p)), U in (0, 1]
        k += 1 + Math.floor(Math.log(1 - rc.random()) / logq);
        if (k >= len) break;
        const xx = x + offsets[3 * k]!;
        const yy = y + offsets[3 * k + 1]!;
        const zz = z + offsets[3 * k + 2]!;
        if (xx < 0 || yy < 0 || zz < 0 || xx >= gx || yy >= gy || zz >= gz) continue;
        const j = neuronAt[xx + gx * (yy + gy * zz)]!;
        const t: ConnType = ((fromE ? 'E' : 'I') + (j < nExc ? 'E' : 'I')) as ConnType;
        const ct = j < nExc ? toE : toI;
        if (ct === c || rc.random() < ct / c) connect(i, j, t);
      }
    }
  }
}

/** Build a Maass column; the layout, types, synapses and initial state all come from `rng`. */
export function buildMaassColumn(options: MaassColumnOptions, rng: Rng): LifNetwork {
  const d = DEFAULT_MAASS_OPTIONS;
  const grid = options.grid ?? d.grid;
  if (grid.length !== 3 || grid.some((g) => !Number.isInteger(g) || g < 1))
    throw new RangeError(`grid: must be three integers >= 1, got ${JSON.stringify(grid)}`);
  const n = grid[0] * grid[1] * grid[2];
  const fe = options.excitatoryFraction ?? d.excitatoryFraction;
  if (!(fe >= 0 && fe <= 1)) throw new RangeError(`excitatoryFraction: must be in [0, 1], got ${fe}`);
  const C = { ...d.connectivity, ...options.connectivity };
  const W = { ...d.weights, ...options.weights };
  const D = { ...d.delays, ...options.delays };
  const lambda = options.lambda ?? d.lambda;
  if (!(lambda > 0)) throw new RangeError(`lambda: must be > 0, got ${lambda}`);
  const wScale = options.weightScale ?? d.weightScale;
  const jit = options.weightJitter ?? d.weightJitter;
  if (!(jit >= 0 && jit < 1)) throw new RangeError(`weightJitter: must be in [0, 1), got ${jit}`);
  for (const t of TYPES) {
    if (!(C[t] >= 0 && C[t] <= 1)) throw new RangeError(`connectivity.${t}: must be in [0, 1], got ${C[t]}`);
    if (!(D[t] >= 0)) throw new RangeError(`delays.${t}: must be >= 0 s, got ${D[t]}`);
    if (!Number.isFinite(W[t])) throw new RangeError(`weights.${t}: must be finite, got ${W[t]}`);
  }
  const nExc = Math.round(fe * n);
  // Which grid sites are excitatory: a random subset of nExc sites. Neurons are renumbered so
  // that excitatory ones come first (the engine's convention); positions follow.
  const order = Array.from({ length: n }, (_, i) => i);
  rng.fork('types').shuffle(order);
  const sites = [...order.slice(0, nExc).sort((a, b) => a - b), ...order.slice(nExc).sort((a, b) => a - b)];
  const positions = new Float64Array(3 * n);
  sites.forEach((s, i) => {
    positions[3 * i] = s % grid[0];
    positions[3 * i + 1] = Math.floor(s / grid[0]) % grid[1];
    positions[3 * i + 2] = Math.floor(s / (grid[0] * grid[1]));
  });
  const rc = rng.fork('connections');
  const rw = rng.fork('weights');
  const pre: number[] = [];
  const post: number[] = [];
  const wt: number[] = [];
  const dl: number[] = [];
  const types: ConnType[] = [];
  const connect = (i: number, j: number, t: ConnType): void => {
    pre.push(i);
    post.push(j);
    wt.push(W[t] * wScale * (1 - jit + 2 * jit * rw.random()));
    dl.push(D[t]);
    types.push(t);
  };
  const sampler = options.sampler ?? 'auto';
  if (sampler !== 'auto' && sampler !== 'pairs' && sampler !== 'shells')
    throw new RangeError(`sampler: must be 'auto', 'pairs' or 'shells', got ${JSON.stringify(sampler)}`);
  if (sampler === 'pairs' || (sampler === 'auto' && n <= MAASS_PAIRS_MAX_N)) {
    // one draw per ordered pair, in order: O(N^2), the synapses of every earlier release
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const t: ConnType = ((i < nExc ? 'E' : 'I') + (j < nExc ? 'E' : 'I')) as ConnType;
        const dx = positions[3 * i]! - positions[3 * j]!;
        const dy = positions[3 * i + 1]! - positions[3 * j + 1]!;
        const dz = positions[3 * i + 2]! - positions[3 * j + 2]!;
        const dist2 = dx * dx + dy * dy + dz * dz;
        const p = C[t] * Math.exp(-dist2 / (lambda * lambda));
        if (rc.random() < p) connect(i, j, t);
      }
    }
  } else sampleByShells(grid, sites, nExc, C, lambda, rc, connect);
  let stp: StpParams | null = null;
  const values: number[][] = [wt, dl];
  if (options.dynamicSynapses ?? d.dynamicSynapses) {
    const P = { ...d.stp, ...options.stp };
    values.push(
      types.map((t) => P[t].U),
      types.map((t) => P[t].D),
      types.map((t) => P[t].F),
    );
  }
  const csr = toCsr(n, pre, post, values);
  if (values.length > 2) stp = { U: csr.values[2]!, D: csr.values[3]!, F: csr.values[4]! };
  const rs = rng.fork('state');
  const [b0, b1] = options.bias ?? d.bias;
  const [v00, v01] = options.v0 ?? d.v0;
  const bias = Float64Array.from({ length: n }, () => rs.uniform(b0, b1));
  const v0 = Float64Array.from({ length: n }, () => rs.uniform(v00, v01));
  const refractory = Float64Array.from({ length: n }, (_, i) =>
    i < nExc ? (options.refractoryExc ?? d.refractoryExc) : (options.refractoryInh ?? d.refractoryInh),
  );
  const delays = csr.values[1]!;
  const anyDelay = delays.some((x) => x > 0);
  const net: LifNetwork = {
    n,
    nExc,
    tauMem: options.tauMem ?? d.tauMem,
    tauExc: options.tauExc ?? d.tauExc,
    tauInh: options.tauInh ?? d.tauInh,
    vThresh: options.vThresh ?? d.vThresh,
    vReset: options.vReset ?? d.vReset,
    bias,
    v0,
    refractory,
    rowPtr: csr.rowPtr,
    post: csr.post,
    weight: csr.values[0]!,
    delay: anyDelay ? delays : null,
    stp,
    positions,
    units: { time: 1, voltage: 1 },
  };
  return options.neuron ? applyNeuronModel(net, options.neuron, rng.fork('neuron')) : net;
}
