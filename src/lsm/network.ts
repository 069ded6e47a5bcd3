/**
 * The network record every backend simulates: LIF neuron constants, per-neuron background
 * current, initial voltage and refractory period, and synapses in CSR form by presynaptic
 * neuron (optionally with delays and Tsodyks-Markram dynamics). Plain typed arrays, so a
 * network moves to workers or the GPU without copies of objects.
 *
 * Units: SI (seconds, volts) for networks built by lsm-ser. A network imported from another
 * simulator may keep that simulator's units (netgen: ms and mV) to reproduce its arithmetic
 * bit for bit; `units` says how to convert (`time` seconds per unit, `voltage` volts per unit).
 *
 * @module
 */

/** Tsodyks-Markram parameters per synapse (Markram, Wang & Tsodyks 1998). */
export interface StpParams {
  /** Utilization U in (0, 1]. */
  readonly U: Float64Array;
  /** Recovery time constant from depression D, in time units (>= 0; 0 = recovers at once). */
  readonly D: Float64Array;
  /** Facilitation time constant F, in time units (>= 0; 0 = no facilitation). */
  readonly F: Float64Array;
}

/** Per-neuron time constants, in time units (length n each, all > 0, tauExc/tauInh != tauMem). */
export interface PerNeuronTau {
  readonly tauMem: Float64Array;
  readonly tauExc: Float64Array;
  readonly tauInh: Float64Array;
}

/**
 * Adaptive threshold per neuron (Bellec et al. 2018, "Long short-term memory and learning-to-learn
 * in networks of spiking neurons"). Step order, per neuron and step (after the sub-threshold
 * update, before the threshold test): `a <- a * exp(-dt / tau)`; spike when `v > vThresh + a`
 * (and not refractory); after a spike `a <- a + increment`. `a` starts at 0 in every lane.
 * A neuron with `increment` 0 does not adapt.
 */
export interface AdaptationParams {
  /** Threshold increment per spike, in voltage units (>= 0). */
  readonly increment: Float64Array;
  /** Adaptation time constant, in time units (> 0). */
  readonly tau: Float64Array;
}

/**
 * Background noise current (voltage units, R*I), constant within a step and added to the
 * neuron's drive (like `bias`). Its value for (lane, step, neuron) is `std * z`, where z is
 * `noiseNormal(seed, lane, step, neuron)` of `src/lsm/noise-hash.ts` (a sum of four counter-hash
 * uniforms, centred and scaled to unit variance: arithmetic only, identical in JavaScript,
 * WebAssembly and WGSL). Lane = the lane's index in the whole run, step from 0.
 */
export interface NoiseParams {
  /** Standard deviation of the noise current, in voltage units (>= 0). */
  readonly std: number;
  /** Seed of the hash (a 32-bit unsigned integer). */
  readonly seed: number;
}

/** A LIF reservoir. Neurons 0..nExc-1 are excitatory, the rest inhibitory. */
export interface LifNetwork {
  /** Number of neurons. */
  readonly n: number;
  /** Number of excitatory neurons (indices 0..nExc-1). */
  readonly nExc: number;
  /** Membrane time constant, in time units (seconds for SI). */
  readonly tauMem: number;
  /** Time constant of the excitatory synaptic current Ie, in time units. */
  readonly tauExc: number;
  /** Time constant of the inhibitory synaptic current Ii, in time units. */
  readonly tauInh: number;
  /** Threshold, in voltage units, measured from rest. */
  readonly vThresh: number;
  /** Reset potential, in voltage units, measured from rest. */
  readonly vReset: number;
  /** Background current R*Ib per neuron, in voltage units. */
  readonly bias: Float64Array;
  /** Initial membrane potential per neuron, in voltage units. */
  readonly v0: Float64Array;
  /** Refractory period per neuron, in time units. */
  readonly refractory: Float64Array;
  /** CSR row pointers by presynaptic neuron (length n + 1). */
  readonly rowPtr: Int32Array;
  /** Postsynaptic neuron of each synapse. */
  readonly post: Int32Array;
  /** Jump of the target's Ie (w > 0) or Ii (w < 0) per presynaptic spike, in voltage units. */
  readonly weight: Float64Array;
  /** Transmission delay per synapse, in time units; null = no delay (same-step delivery). */
  readonly delay: Float64Array | null;
  /** Tsodyks-Markram dynamics per synapse; null = static synapses. */
  readonly stp: StpParams | null;
  /**
   * Heterogeneous time constants: per-neuron membrane / synaptic time constants in time units
   * (length n each). When present they replace `tauMem` / `tauExc` / `tauInh` for that neuron,
   * and each neuron gets its own exact propagator; absent (undefined or null) = the scalars.
   */
  readonly perNeuronTau?: PerNeuronTau | null;
  /**
   * Spike-frequency adaptation (adaptive LIF, Bellec et al. 2018); absent = plain LIF. Per neuron:
   * the effective threshold is `vThresh + a`, with `a` decaying by exp(-dt / tau) every step and
   * jumping by `increment` after each spike of the neuron (step order: see `AdaptationParams`).
   */
  readonly adaptation?: AdaptationParams | null;
  /**
   * Seeded background noise current; absent = none. Drawn per (lane, step, neuron) from a
   * counter-based hash (no generator state), so every backend and kernel draws the same numbers.
   */
  readonly noise?: NoiseParams | null;
  /** Neuron positions (n x 3, grid units) when the topology has them. */
  readonly positions?: Float64Array;
  /** Units of the numbers above: seconds per time unit, volts per voltage unit. */
  readonly units: { readonly time: number; readonly voltage: number };
}

/**
 * How input channels reach the neurons, CSR by channel. `'current'`: analog values times the
 * weight are added to the neuron's background current (held per frame); `'synapse'`: each
 * input spike adds the weight to the target's Ie.
 */
export interface InputCoupling {
  readonly kind: 'current' | 'synapse';
  /** Number of input channels. */
  readonly channels: number;
  /** CSR row pointers by channel (length channels + 1). */
  readonly rowPtr: Int32Array;
  /** Target neuron of each projection. */
  readonly post: Int32Array;
  /** Weight of each projection, in voltage units (per unit of input for 'current'). */
  readonly weight: Float64Array;
}

/** Build CSR arrays from (pre, post, value...) triples, sorted by pre then post (stable). */
export function toCsr(
  n: number,
  pre: ArrayLike<number>,
  post: ArrayLike<number>,
  values: ArrayLike<number>[],
): { rowPtr: Int32Array; post: Int32Array; values: Float64Array[] } {
  const m = pre.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pre[a]! - pre[b]! || post[a]! - post[b]! || a - b);
  const rowPtr = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    const p = pre[k]!;
    if (!(p >= 0 && p < n)) throw new RangeError(`synapse ${k}: presynaptic index ${p} outside [0, ${n})`);
    rowPtr[p + 1]!++;
  }
  for (let i = 0; i < n; i++) rowPtr[i + 1]! += rowPtr[i]!;
  const postOut = new Int32Array(m);
  const vals = values.map(() => new Float64Array(m));
  order.forEach((k, j) => {
    postOut[j] = post[k]!;
    values.forEach((v, q) => (vals[q]![j] = v[k]!));
  });
  return { rowPtr, post: postOut, values: vals };
}

/** Number of synapses of a network. */
export function synapseCount(net: LifNetwork): number {
  return net.post.length;
}

/** Out-degree of every neuron. */
export function outDegree(net: Pick<LifNetwork, 'rowPtr' | 'n'>): Int32Array {
  const d = new Int32Array(net.n);
  for (let i = 0; i < net.n; i++) d[i] = net.rowPtr[i + 1]! - net.rowPtr[i]!;
  return d;
}

/** Check the structural invariants of a network; throws RangeError naming the field. */
export function validateNetwork(net: LifNetwork): void {
  const { n } = net;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n: must be an integer >= 1, got ${n}`);
  if (!Number.isInteger(net.nExc) || net.nExc < 0 || net.nExc > n) throw new RangeError(`nExc: must be in [0, n=${n}], got ${net.nExc}`);
  for (const f of ['tauMem', 'tauExc', 'tauInh'] as const) {
    if (!(net[f] > 0) || !Number.isFinite(net[f])) throw new RangeError(`${f}: must be a finite number > 0, got ${net[f]}`);
  }
  if (net.tauExc === net.tauMem || net.tauInh === net.tauMem)
    throw new RangeError('tauExc/tauInh: must differ from tauMem (the exact propagator divides by their difference)');
  if (!Number.isFinite(net.vThresh) || !Number.isFinite(net.vReset)) throw new RangeError(`vThresh/vReset: must be finite, got ${net.vThresh} / ${net.vReset}`);
  if (!(net.vThresh > net.vReset)) throw new RangeError(`vThresh: must exceed vReset (${net.vReset}), got ${net.vThresh}`);
  for (const f of ['bias', 'v0', 'refractory'] as const) {
    if (net[f].length !== n) throw new RangeError(`${f}: needs ${n} values, got ${net[f].length}`);
    checkValues(f, net[f], f === 'refractory' ? 0 : -Infinity);
  }
  if (net.perNeuronTau) {
    for (const f of ['tauMem', 'tauExc', 'tauInh'] as const) {
      const a = net.perNeuronTau[f];
      if (a.length !== n) throw new RangeError(`perNeuronTau.${f}: needs ${n} values, got ${a.length}`);
      for (let i = 0; i < n; i++)
        if (!(a[i]! > 0) || !Number.isFinite(a[i]!)) throw new RangeError(`perNeuronTau.${f}: neuron ${i} has ${a[i]} (must be finite and > 0)`);
    }
    const { tauMem, tauExc, tauInh } = net.perNeuronTau;
    for (let i = 0; i < n; i++) {
      if (tauExc[i] === tauMem[i] || tauInh[i] === tauMem[i])
        throw new RangeError(
          `perNeuronTau: neuron ${i} has a synaptic time constant equal to its membrane time constant (${tauMem[i]}); the exact propagator divides by their difference`,
        );
    }
  }
  if (net.adaptation) {
    const { increment, tau } = net.adaptation;
    if (increment.length !== n) throw new RangeError(`adaptation.increment: needs ${n} values, got ${increment.length}`);
    if (tau.length !== n) throw new RangeError(`adaptation.tau: needs ${n} values, got ${tau.length}`);
    checkValues('adaptation.increment', increment, 0);
    for (let i = 0; i < n; i++)
      if (!(tau[i]! > 0) || !Number.isFinite(tau[i]!)) throw new RangeError(`adaptation.tau: neuron ${i} has ${tau[i]} (must be finite and > 0)`);
  }
  if (net.noise) {
    if (!(net.noise.std >= 0) || !Number.isFinite(net.noise.std)) throw new RangeError(`noise.std: must be finite and >= 0, got ${net.noise.std}`);
    if (!Number.isInteger(net.noise.seed) || net.noise.seed < 0 || net.noise.seed > 0xffffffff)
      throw new RangeError(`noise.seed: must be a 32-bit unsigned integer, got ${net.noise.seed}`);
  }
  const m = net.post.length;
  checkRowPtr('rowPtr', net.rowPtr, n, m);
  if (net.weight.length !== m) throw new RangeError(`weight: one value per synapse needed (${m}), got ${net.weight.length}`);
  checkValues('weight', net.weight, -Infinity);
  if (net.delay) {
    if (net.delay.length !== m) throw new RangeError(`delay: one value per synapse needed (${m}), got ${net.delay.length}`);
    checkValues('delay', net.delay, 0);
  }
  if (net.stp) {
    for (const f of ['U', 'D', 'F'] as const) {
      const a = net.stp[f];
      if (a.length !== m) throw new RangeError(`stp.${f}: one value per synapse needed (${m}), got ${a.length}`);
      checkValues(`stp.${f}`, a, 0);
    }
    for (let k = 0; k < m; k++) {
      const u = net.stp.U[k]!;
      if (!(u > 0 && u <= 1)) throw new RangeError(`stp.U: synapse ${k} has U = ${u}, outside (0, 1]`);
    }
  }
  for (let k = 0; k < m; k++) {
    const p = net.post[k]!;
    if (!(p >= 0 && p < n)) throw new RangeError(`post: synapse ${k} targets ${p}, outside [0, ${n})`);
  }
}

/**
 * Check an input coupling of a network of `n` neurons; throws RangeError naming the field:
 * `channels` a whole number >= 1, `rowPtr` monotone from 0 to the number of projections,
 * targets in [0, n), finite weights.
 */
export function validateCoupling(c: InputCoupling, n: number): void {
  if (c.kind !== 'current' && c.kind !== 'synapse') throw new RangeError(`coupling.kind: must be 'current' or 'synapse', got ${JSON.stringify(c.kind)}`);
  if (!Number.isInteger(c.channels) || c.channels < 1) throw new RangeError(`coupling.channels: must be a whole number >= 1, got ${c.channels}`);
  const m = c.post.length;
  checkRowPtr('coupling.rowPtr', c.rowPtr, c.channels, m);
  if (c.weight.length !== m) throw new RangeError(`coupling.weight: one value per projection needed (${m}), got ${c.weight.length}`);
  checkValues('coupling.weight', c.weight, -Infinity);
  for (let k = 0; k < m; k++) {
    const p = c.post[k]!;
    if (!(p >= 0 && p < n)) throw new RangeError(`coupling.post: projection ${k} targets ${p}, outside [0, ${n})`);
  }
}

/** CSR row pointers of `rows` rows over `m` entries: rowPtr[0] = 0, non-decreasing, rowPtr[rows] = m. */
function checkRowPtr(name: string, rowPtr: Int32Array, rows: number, m: number): void {
  if (rowPtr.length !== rows + 1) throw new RangeError(`${name}: needs ${rows + 1} entries, got ${rowPtr.length}`);
  if (rowPtr[0] !== 0 || rowPtr[rows] !== m)
    throw new RangeError(`${name}: must run from 0 to the number of entries (${m}), got ${rowPtr[0]} .. ${rowPtr[rows]}`);
  for (let i = 0; i < rows; i++) if (rowPtr[i + 1]! < rowPtr[i]!) throw new RangeError(`${name}: decreases at row ${i} (${rowPtr[i]} -> ${rowPtr[i + 1]})`);
}

/** Every value finite and >= `min`. */
function checkValues(name: string, a: ArrayLike<number>, min: number): void {
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    if (!Number.isFinite(x) || x < min) throw new RangeError(`${name}: value ${k} is ${x} (must be finite${min === -Infinity ? '' : ` and >= ${min}`})`);
  }
}
