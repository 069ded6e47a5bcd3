/**
 * Synaptic currents reconstructed from recorded spikes: the recurrent current of every neuron
 * (its presynaptic spikes filtered through the exponential synaptic kernels, with delays and
 * Tsodyks-Markram dynamics as the engine applies them) and the input current (the analog input
 * times the coupling, held per frame). No engine hook: the engine records spikes, this module
 * replays them through the network's synapses.
 *
 * Both currents are in the network's voltage units (R*I), the units of `bias` and `Ie`/`Ii`.
 *
 * @module
 */
import type { AnalogInput, ReservoirInput } from '../input.js';
import type { InputCoupling, LifNetwork } from '../network.js';
import { tmNextR, tmNextU } from '../backends/cpu.js';
import type { SpikeRecord } from './firing.js';

/** Variances over time of the two currents, summed over neurons and runs. */
export interface CurrentVariance {
  /** Sum over neurons and runs of the variance over time of the recurrent current (Ie + Ii), in squared voltage units. */
  readonly recurrent: number;
  /** The same for the input current (coupling x analog input). */
  readonly input: number;
  /** recurrent / input (0 for an unconnected network; NaN when the input current does not vary). */
  readonly ratio: number;
}

/** Per-neuron synaptic decay factors for one step of `dtn` time units. */
function decays(net: LifNetwork, dtn: number): { ee: Float64Array; ei: Float64Array } {
  const n = net.n;
  const ee = new Float64Array(n);
  const ei = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const te = net.perNeuronTau ? net.perNeuronTau.tauExc[i]! : net.tauExc;
    const ti = net.perNeuronTau ? net.perNeuronTau.tauInh[i]! : net.tauInh;
    ee[i] = Math.exp(-dtn / te);
    ei[i] = Math.exp(-dtn / ti);
  }
  return { ee, ei };
}

/**
 * The recurrent current (Ie + Ii, voltage units) of every neuron at every step of one run,
 * from its recorded spikes: steps x n, row-major. Value at step t = what the neuron's update
 * at step t uses (spikes of earlier steps, arrived after their delay, decayed since).
 */
export function recurrentCurrent(net: LifNetwork, run: SpikeRecord, dt: number): Float64Array {
  const n = net.n;
  const T = run.steps;
  const dtn = dt / net.units.time;
  const { ee, ei } = decays(net, dtn);
  const dSteps = net.delay ? Float64Array.from(net.delay, (d) => Math.round(d / dtn)) : null;
  const maxD = dSteps ? dSteps.reduce((m, d) => Math.max(m, d), 0) : 0;
  const R = maxD + 1;
  const ringE = new Float64Array(R * n);
  const ringI = new Float64Array(R * n);
  const Ie = new Float64Array(n);
  const Ii = new Float64Array(n);
  const out = new Float64Array(T * n);
  const stp = net.stp;
  const uS = stp ? new Float64Array(net.post.length) : null;
  const rS = stp ? new Float64Array(net.post.length) : null;
  const lastPre = stp ? new Float64Array(n).fill(-1) : null;
  let p = 0;
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) out[t * n + i] = Ie[i]! + Ii[i]!;
    for (let i = 0; i < n; i++) {
      Ie[i] = Ie[i]! * ee[i]!;
      Ii[i] = Ii[i]! * ei[i]!;
    }
    // spikes of step t go into the ring at their arrival step
    while (p < run.spikeSteps.length && run.spikeSteps[p]! < t) p++;
    while (p < run.spikeSteps.length && run.spikeSteps[p] === t) {
      const pre = run.spikeNeurons[p]!;
      for (let k = net.rowPtr[pre]!; k < net.rowPtr[pre + 1]!; k++) {
        let w = net.weight[k]!;
        if (stp) {
          const tNow = t * dtn;
          let u: number;
          let r: number;
          if (lastPre![pre]! < 0) {
            u = stp.U[k]!;
            r = 1;
          } else {
            const d = tNow - lastPre![pre]!;
            u = tmNextU(uS![k]!, d, stp.U[k]!, stp.F[k]!);
            r = tmNextR(uS![k]!, rS![k]!, d, stp.D[k]!);
          }
          uS![k] = u;
          rS![k] = r;
          w *= u * r;
        }
        const slot = ((t + (dSteps ? dSteps[k]! : 0)) % R) * n + net.post[k]!;
        if (w > 0) ringE[slot] = ringE[slot]! + w;
        else ringI[slot] = ringI[slot]! + w;
      }
      if (stp) lastPre![pre] = t * dtn;
      p++;
    }
    // arrivals due at step t join the currents seen from step t + 1 on
    const off = (t % R) * n;
    for (let i = 0; i < n; i++) {
      Ie[i] = Ie[i]! + ringE[off + i]!;
      Ii[i] = Ii[i]! + ringI[off + i]!;
      ringE[off + i] = 0;
      ringI[off + i] = 0;
    }
  }
  return out;
}

/** The input current (coupling x analog value of the current frame, voltage units) of every neuron at every step: steps x n. */
export function inputCurrent(net: LifNetwork, coupling: InputCoupling, input: AnalogInput, steps: number, dt: number): Float64Array {
  const n = net.n;
  const out = new Float64Array(steps * n);
  const perFrame = input.frameDuration / dt;
  const drive = new Float64Array(n);
  let cur = -1;
  for (let t = 0; t < steps; t++) {
    let f = Math.floor((t + 1e-9) / perFrame);
    if (f >= input.frames) f = -2;
    if (f !== cur) {
      cur = f;
      drive.fill(0);
      if (f >= 0) {
        for (let c = 0; c < input.channels; c++) {
          const x = input.data[f * input.channels + c]!;
          if (x === 0) continue;
          for (let k = coupling.rowPtr[c]!; k < coupling.rowPtr[c + 1]!; k++) drive[coupling.post[k]!]! += coupling.weight[k]! * x;
        }
      }
    }
    out.set(drive, t * n);
  }
  return out;
}

/** Sum over columns of the variance over rows of a steps x n matrix. */
function summedVariance(m: Float64Array, steps: number, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    let s2 = 0;
    for (let t = 0; t < steps; t++) {
      const x = m[t * n + i]!;
      s += x;
      s2 += x * x;
    }
    const mu = s / steps;
    total += Math.max(0, s2 / steps - mu * mu);
  }
  return total;
}

/**
 * Variance of the recurrent synaptic current against that of the input current, summed over
 * neurons and runs: how much the recurrence shapes the state. `runs[k]` holds the recorded
 * spikes of `inputs[k]`. Analog ('current') coupling only.
 */
export function currentVarianceRatio(
  net: LifNetwork,
  coupling: InputCoupling,
  inputs: readonly ReservoirInput[],
  runs: readonly SpikeRecord[],
  dt: number,
): CurrentVariance {
  if (coupling.kind !== 'current') throw new RangeError(`coupling.kind: the current variance ratio needs analog ('current') coupling, got '${coupling.kind}'`);
  if (inputs.length !== runs.length) throw new RangeError(`runs: expected one per input (${inputs.length}), got ${runs.length}`);
  let rec = 0;
  let inp = 0;
  runs.forEach((r, k) => {
    const x = inputs[k]!;
    if (x.kind !== 'analog') throw new RangeError(`inputs[${k}]: analog input expected, got '${x.kind}'`);
    if (r.steps < 2) return;
    rec += summedVariance(recurrentCurrent(net, r, dt), r.steps, net.n);
    inp += summedVariance(inputCurrent(net, coupling, x, r.steps, dt), r.steps, net.n);
  });
  return { recurrent: rec, input: inp, ratio: inp > 0 ? rec / inp : NaN };
}
