/**
 * The CPU backend's neuron-model additions (adaptive threshold, per-neuron time constants,
 * background noise; `LifNetwork.adaptation`, `perNeuronTau`, `noise`): per-neuron constants of
 * a run and the state update + threshold of the JavaScript loop when any of them is present.
 * A plain LIF network never comes here (cpu.ts keeps its own update), and the WebAssembly
 * kernel (assembly/lif-kernel.ts) computes the same f64 expressions in the same order.
 *
 * Per element j = neuron i, lane l, step order (after cpu.ts steps 1-2):
 *  1. delayed currents due now are added; `Ie *= ee[i]`, `Ii *= ei[i]` (using the values before);
 *  2. adaptation: `a <- a * ea[i]` (every step, refractory or not);
 *  3. if not refractory: `ib = Ib + std * noiseNormal(seed, firstLane + l, step, i)` (no noise
 *     term when std is 0), `vn = ib + (v - ib) em[i] + ie ce[i] + ii ci[i]`, and a spike when
 *     `vn > vThresh + a` (both compared unrounded, before the f32 store);
 *  4. (cpu.ts, after reset) `a <- a + inc[i]` for each neuron that spiked.
 *
 * @module
 */
import type { LifNetwork } from '../network.js';
import { noiseKey, noiseNormalAt } from '../noise-hash.js';

type FArr = Float32Array | Float64Array;

/** Per-neuron constants of a run (length n each; time constants already turned into factors per step). */
export interface NeuronConstants {
  /** Exact propagator per neuron: exp(-dt/tauMem), exp(-dt/tauExc), exp(-dt/tauInh) and the current-to-voltage factors (dimensionless). */
  readonly em: Float64Array;
  readonly ee: Float64Array;
  readonly ei: Float64Array;
  readonly ce: Float64Array;
  readonly ci: Float64Array;
  /** Whether the network adapts; then `ea` = exp(-dt / tau_a) and `inc` = threshold increment (voltage units). */
  readonly adapt: boolean;
  readonly ea: Float64Array;
  readonly inc: Float64Array;
  /** Noise standard deviation (voltage units; 0 = none), hash seed, and the run's index of lane 0. */
  readonly noiseStd: number;
  readonly noiseSeed: number;
  readonly firstLane: number;
  /** Scratch: each lane's noise key of the current step ({@link noiseKey}). */
  readonly noiseKeys: Uint32Array;
  /** Smallest synaptic time constant of any neuron (time units), for the flush interval. */
  readonly minTauSyn: number;
}

/**
 * Per-neuron constants for a step `dtn` (network time units), or null when `net` is plain LIF
 * (no adaptation, no per-neuron time constants, no noise). Each neuron's propagator is the one
 * `propagator()` of cpu.ts gives for its own time constants (the same expressions).
 */
export function neuronConstants(net: LifNetwork, dtn: number, firstLane: number, lanes: number): NeuronConstants | null {
  const pt = net.perNeuronTau ?? null;
  const ad = net.adaptation ?? null;
  const nz = net.noise ?? null;
  if (!pt && !ad && !nz) return null;
  const n = net.n;
  const em = new Float64Array(n),
    ee = new Float64Array(n),
    ei = new Float64Array(n),
    ce = new Float64Array(n),
    ci = new Float64Array(n);
  let minTauSyn = Infinity;
  for (let i = 0; i < n; i++) {
    const tm = pt ? pt.tauMem[i]! : net.tauMem;
    const te = pt ? pt.tauExc[i]! : net.tauExc;
    const tin = pt ? pt.tauInh[i]! : net.tauInh;
    em[i] = Math.exp(-dtn / tm);
    ee[i] = Math.exp(-dtn / te);
    ei[i] = Math.exp(-dtn / tin);
    ce[i] = (te / (te - tm)) * (ee[i]! - em[i]!);
    ci[i] = (tin / (tin - tm)) * (ei[i]! - em[i]!);
    minTauSyn = Math.min(minTauSyn, te, tin);
  }
  const ea = new Float64Array(n);
  const inc = new Float64Array(n);
  if (ad) {
    for (let i = 0; i < n; i++) {
      ea[i] = Math.exp(-dtn / ad.tau[i]!);
      inc[i] = ad.increment[i]!;
    }
  }
  return {
    em,
    ee,
    ei,
    ce,
    ci,
    adapt: ad !== null,
    ea,
    inc,
    noiseStd: nz ? nz.std : 0,
    noiseSeed: nz ? nz.seed >>> 0 : 0,
    firstLane,
    noiseKeys: new Uint32Array(lanes),
    minTauSyn,
  };
}

/**
 * State update + threshold of every lane with per-neuron constants (step order in the module
 * doc); returns the number of spikes written to spkN / spkL, in increasing neuron-major order.
 * `A` holds the adaptation variable (null without adaptation); ring and `off` as in cpu.ts.
 */
export function updateNeurons(
  N: number,
  lanes: number,
  step: number,
  v: FArr,
  Ie: FArr,
  Ii: FArr,
  Ib: FArr,
  A: FArr | null,
  refUntil: Int32Array,
  nc: NeuronConstants,
  vth: number,
  spkN: Int32Array,
  spkL: Int32Array,
  ringE: FArr | null,
  ringI: FArr | null,
  off: number,
): number {
  const { em: EM, ee: EE, ei: EI, ce: CE, ci: CI, ea: EA, noiseStd: std, noiseSeed: seed, firstLane } = nc;
  const noisy = std !== 0;
  const keys = nc.noiseKeys;
  if (noisy) {
    for (let l = 0; l < lanes; l++) keys[l] = noiseKey(seed, firstLane + l, step);
  }
  let nsp = 0;
  for (let i = 0; i < N; i++) {
    const em = EM[i]!,
      ee = EE[i]!,
      ei = EI[i]!,
      ce = CE[i]!,
      ci = CI[i]!,
      ea = EA[i]!;
    const j0 = i * lanes;
    for (let l = 0; l < lanes; l++) {
      const j = j0 + l;
      let ie = Ie[j]!;
      let ii = Ii[j]!;
      if (ringE && ringI) {
        ie = ie + ringE[off + j]!;
        ii = ii + ringI[off + j]!;
        ringE[off + j] = 0;
        ringI[off + j] = 0;
      }
      Ie[j] = ie * ee;
      Ii[j] = ii * ei;
      let th = vth;
      if (A) {
        const an = A[j]! * ea;
        A[j] = an;
        th = vth + an;
      }
      if (step >= refUntil[j]!) {
        let ib = Ib[j]!;
        if (noisy) ib = ib + std * noiseNormalAt(keys[l]!, i);
        const vn = ib + (v[j]! - ib) * em + ie * ce + ii * ci;
        v[j] = vn;
        if (vn > th) {
          spkN[nsp] = i;
          spkL[nsp] = l;
          nsp++;
        }
      }
    }
  }
  return nsp;
}
