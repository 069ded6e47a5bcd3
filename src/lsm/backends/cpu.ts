/**
 * The reference CPU backend: hand-written typed-array loops, event-driven propagation over
 * CSR synapses, no allocation per step, many lanes (utterances) per pass.
 *
 * By default (`kernel: 'wasm'`) a run goes to the WebAssembly SIMD kernel (cpu-wasm.ts), which
 * computes the same step bit for bit; the JavaScript loop below runs `kernel: 'js'` and what
 * the kernel does not cover (Tsodyks-Markram synapses, recording).
 *
 * State is neuron-major (`[neuron * lanes + lane]`), so a presynaptic neuron's synapse row is
 * read once per step for every lane in which it spiked. Each lane's arithmetic does not depend
 * on the other lanes: a lane gives bit-identical results alone or in any batch.
 *
 * Step order (Brian2's default schedule, as in ../shared/peers/netgen.py):
 *  1. state update with the exact propagator of the linear sub-threshold system (neurons in
 *     their refractory period keep v clamped); synaptic currents decay;
 *  2. threshold: v > vThresh (and not refractory) -> spike;
 *  3. propagation: this step's spikes (recurrent with zero delay, and input spikes) add their
 *     weights into Ie (w > 0) / Ii (w < 0); delayed events due now are added too;
 *  4. reset of the neurons that spiked; readout traces decay and add the spikes.
 *
 * With the neuron-model additions (adaptation, per-neuron time constants, noise) steps 1-2 run
 * in cpu-neuron.ts (the order is in its module doc) and step 4 adds the adaptation increment;
 * a plain LIF network runs the update below unchanged. The loop's seams are named functions:
 * {@link propagateStatic} / {@link propagateDynamic} (zero-delay static synapses / delayed or
 * Tsodyks-Markram ones), {@link deliverInputSpikes}, {@link resetAndTrace}.
 *
 * @module
 */
import { clean } from './steps.js';
import type { InputCoupling, LifNetwork } from '../network.js';
import type { ReservoirInput } from '../input.js';
import type { LaneResult, ResolvedSimulationOptions } from '../run-types.js';
import { checkRecording } from '../run-types.js';
import { prepareLaneInputs } from './lane-inputs.js';
import { runWasmLanes, type KernelConstants } from './cpu-wasm.js';
import { neuronConstants, updateNeurons, type NeuronConstants } from './cpu-neuron.js';
import { laneResults, laneSchedule, refreshAnalogDrive, sampleTraces, type LaneRecording } from './lane-schedule.js';

/**
 * Tsodyks-Markram facilitation (Markram, Wang & Tsodyks 1998): utilization of the next spike
 * after an interval `dt` (same time units as `F`): u' = U + u (1 - U) exp(-dt / F).
 */
export function tmNextU(u: number, dt: number, U: number, F: number): number {
  return U + u * (1 - U) * Math.exp(-dt / F);
}

/** Tsodyks-Markram depression: available resources R' = 1 + (R - u R - 1) exp(-dt / D). */
export function tmNextR(u: number, R: number, dt: number, D: number): number {
  return 1 + (R - u * R - 1) * Math.exp(-dt / D);
}

/**
 * Durations (network time units) to whole steps of `dtn`, memoized: networks have few distinct
 * refractory periods and delays, and clean() costs about a microsecond.
 */
function stepsOf(dtn: number): (x: number) => number {
  const memo = new Map<number, number>();
  return (x) => {
    let s = memo.get(x);
    if (s === undefined) memo.set(x, (s = Math.round(clean(x / dtn))));
    return s;
  };
}

/** Exact-propagator constants for a time step `dt` in network time units. */
export function propagator(net: Pick<LifNetwork, 'tauMem' | 'tauExc' | 'tauInh'>, dt: number): { em: number; ee: number; ei: number; ce: number; ci: number } {
  const em = Math.exp(-dt / net.tauMem);
  const ee = Math.exp(-dt / net.tauExc);
  const ei = Math.exp(-dt / net.tauInh);
  const ce = (net.tauExc / (net.tauExc - net.tauMem)) * (ee - em);
  const ci = (net.tauInh / (net.tauInh - net.tauMem)) * (ei - em);
  return { em, ee, ei, ce, ci };
}

/** Step, refractory periods, delays in steps and the flush interval of a run of `net` at `dt` seconds. */
function runSetup(net: LifNetwork, dt: number, firstLane: number, lanes: number): KernelConstants {
  const N = net.n;
  const dtn = clean(dt / net.units.time);
  const { em, ee, ei, ce, ci } = propagator(net, dtn);
  const refSteps = new Int32Array(N);
  const toSteps = stepsOf(dtn);
  for (let i = 0; i < N; i++) refSteps[i] = toSteps(net.refractory[i]!);
  // Delays in steps (a ring buffer holds the pending currents).
  let maxDelay = 0;
  let delaySteps: Int32Array | null = null;
  if (net.delay) {
    delaySteps = new Int32Array(net.delay.length);
    for (let k = 0; k < delaySteps.length; k++) {
      const d = toSteps(net.delay[k]!);
      delaySteps[k] = d;
      if (d > maxDelay) maxDelay = d;
    }
    if (maxDelay === 0) delaySteps = null;
  }
  const neuron = neuronConstants(net, dtn, firstLane, lanes);
  // Flush tiny currents every ~10 synaptic time constants (see flushTiny).
  const tauSyn = neuron ? neuron.minTauSyn : Math.min(net.tauExc, net.tauInh);
  const flushEvery = Math.max(1, Math.floor((10 * tauSyn) / dtn));
  return { dtn, em, ee, ei, ce, ci, refSteps, delaySteps, maxDelay, flushEvery, neuron };
}

/** Simulate every input as one lane through `net`; see the module doc for the step order. */
export function runCpuLanes(net: LifNetwork, coupling: InputCoupling | null, inputs: readonly ReservoirInput[], opt: ResolvedSimulationOptions): LaneResult[] {
  const lanes = inputs.length;
  if (lanes === 0) return [];
  const N = net.n;
  const setup = runSetup(net, opt.dt, opt.firstLane ?? 0, lanes);
  const { em, ee, ei, ce, ci, refSteps, delaySteps, maxDelay, flushEvery, neuron } = setup;
  if (opt.kernel === 'wasm') {
    const r = runWasmLanes(net, coupling, inputs, opt, setup);
    if (r) return r;
  }
  const F = opt.precision === 'f64' ? Float64Array : Float32Array;
  const NL = N * lanes;
  const v = new F(NL);
  const Ie = new F(NL);
  const Ii = new F(NL);
  const Ib = new F(NL); // background + analog input, per lane
  const tr = new F(NL); // readout traces
  const A = neuron?.adapt ? new F(NL) : null; // adaptive threshold increments, from 0
  const refUntil = new Int32Array(NL).fill(-2147483647);
  const counts = new Int32Array(NL);
  for (let i = 0; i < N; i++) {
    for (let l = 0; l < lanes; l++) {
      v[i * lanes + l] = net.v0[i]!;
      Ib[i * lanes + l] = net.bias[i]!;
    }
  }
  const w = opt.precision === 'f64' ? net.weight : Float32Array.from(net.weight);
  const R = maxDelay + 1;
  const ringE = delaySteps ? new F(R * NL) : null;
  const ringI = delaySteps ? new F(R * NL) : null;
  const dyn: DynamicState | null = net.stp || delaySteps ? dynamicState(net, lanes, delaySteps, R, ringE, ringI) : null;
  // Per-lane lengths, readout samples and the analog / spike input pointers.
  const { analogSteps, spikeStep } = prepareLaneInputs(inputs, coupling, opt.dt);
  const sched = laneSchedule(N, inputs, opt);
  const { maxSteps, sampleEvery } = sched;
  const trLast = new Int32Array(NL);
  const curFrame = new Int32Array(lanes).fill(-1);
  const spikePtr = new Int32Array(lanes);
  // Recording.
  const rec = new Map<number, LaneRecording>();
  checkRecording(opt, N, lanes);
  for (const l of opt.recordSpikes) rec.set(l, { steps: [], neurons: [], volt: [] });
  const recV = opt.recordVoltage;
  const K = Float64Array.of(em, ee, ei, ce, ci, net.vThresh);
  // Spikes of the current step, grouped by neuron (neuron-major loop).
  const spkN = new Int32Array(NL);
  const spkL = new Int32Array(NL);
  const st: SpikeState = {
    v,
    refUntil,
    counts,
    tr,
    trLast,
    A,
    vReset: net.vReset,
    refSteps,
    laneSteps: sched.laneSteps,
    decay: sched.decay,
    rec,
    maxRecorded: opt.maxRecordedSpikes,
  };

  for (let step = 0; step < maxSteps; step++) {
    // --- analog input: refresh the per-lane drive at frame boundaries ---
    if (coupling && coupling.kind === 'current') refreshAnalogDrive(step, net, coupling, inputs, analogSteps, sched.laneSteps, curFrame, Ib);
    // --- 1-2. state update (with last step's delayed currents due now) and threshold ---
    const off = ((step + R - 1) % R) * NL;
    const nsp = neuron
      ? updateNeurons(N, lanes, step, v, Ie, Ii, Ib, A, refUntil, neuron, net.vThresh, spkN, spkL, ringE, ringI, off)
      : lanes === 1
        ? updateOneLane(N, step, v, Ie, Ii, Ib, refUntil, K, spkN, ringE, ringI, off)
        : updateLanes(N, lanes, step, v, Ie, Ii, Ib, refUntil, K, spkN, spkL, ringE, ringI, off);
    if (step % flushEvery === flushEvery - 1) {
      flushTiny(Ie);
      flushTiny(Ii);
      if (A) flushTiny(A);
    }
    // --- 3. propagation of this step's spikes, then the input spikes of this step ---
    if (dyn) propagateDynamic(step, setup.dtn, nsp, lanes, spkN, spkL, w, Ie, Ii, dyn);
    else propagateStatic(nsp, lanes, spkN, spkL, net.rowPtr, net.post, w, Ie, Ii);
    if (coupling && coupling.kind === 'synapse') deliverInputSpikes(step, lanes, coupling, inputs, spikeStep, spikePtr, Ie);
    // delayed events due now: added at the start of the next update (same sum, same order)
    // --- 4. reset, counts, adaptation, readout traces ---
    resetAndTrace(step, nsp, lanes, spkN, spkL, st, neuron);
    if ((step + 1) % sampleEvery === 0) {
      sampleTraces(step, N, lanes, sched, tr, trLast);
      if (rec.size > 0 && recV.length) {
        const sIdx = (step + 1) / sampleEvery - 1;
        for (const [l, r] of rec) if (sIdx < sched.laneSamples[l]!) for (const i of recV) r.volt.push(v[i * lanes + l]!);
      }
    }
  }
  return laneResults(N, lanes, sched, counts, opt, rec);
}

/** State of delayed and Tsodyks-Markram synapses of a run (see {@link propagateDynamic}). */
interface DynamicState {
  readonly rowPtr: Int32Array;
  readonly post: Int32Array;
  readonly stp: LifNetwork['stp'];
  readonly delaySteps: Int32Array | null;
  /** Ring slots (max delay in steps + 1) and the pending currents, slot-major. */
  readonly R: number;
  readonly ringE: FArr | null;
  readonly ringI: FArr | null;
  /** Tsodyks-Markram utilization and resources per synapse and lane. */
  readonly stpU: Float64Array | null;
  readonly stpR: Float64Array | null;
  /** Last spike time of each presynaptic neuron and lane (time units), -1 = none. */
  readonly lastPre: Float64Array | null;
}

function dynamicState(net: LifNetwork, lanes: number, delaySteps: Int32Array | null, R: number, ringE: FArr | null, ringI: FArr | null): DynamicState {
  const stp = net.stp;
  const M = net.post.length;
  return {
    rowPtr: net.rowPtr,
    post: net.post,
    stp,
    delaySteps,
    R,
    ringE,
    ringI,
    stpU: stp ? new Float64Array(M * lanes) : null,
    stpR: stp ? new Float64Array(M * lanes) : null,
    lastPre: stp ? new Float64Array(net.n * lanes).fill(-1) : null,
  };
}

/**
 * Propagation through delayed and/or Tsodyks-Markram synapses: each spike's row, lane by lane;
 * zero-delay currents go into Ie/Ii at once, delayed ones into the ring slot `d` steps ahead.
 */
function propagateDynamic(
  step: number,
  dtn: number,
  nsp: number,
  lanes: number,
  spkN: Int32Array,
  spkL: Int32Array,
  w: FArr,
  Ie: FArr,
  Ii: FArr,
  dyn: DynamicState,
): void {
  const { rowPtr, post, stp, delaySteps, R, ringE, ringI, stpU, stpR, lastPre } = dyn;
  const NL = Ie.length;
  const tNow = step * dtn;
  for (let s = 0; s < nsp; ) {
    const i = spkN[s]!;
    let e = s + 1;
    while (e < nsp && spkN[e] === i) e++;
    const k0 = rowPtr[i]!;
    const k1 = rowPtr[i + 1]!;
    for (let q = s; q < e; q++) {
      const l = spkL[q]!;
      let fac = 1;
      for (let k = k0; k < k1; k++) {
        let wk = w[k]!;
        if (stp) {
          const sl = k * lanes + l;
          const last = lastPre![i * lanes + l]!;
          let u: number;
          let r: number;
          if (last < 0) {
            u = stp.U[k]!;
            r = 1;
          } else {
            const dtSpk = tNow - last;
            const u0 = stpU![sl]!;
            const r0 = stpR![sl]!;
            u = tmNextU(u0, dtSpk, stp.U[k]!, stp.F[k]!);
            r = tmNextR(u0, r0, dtSpk, stp.D[k]!);
          }
          stpU![sl] = u;
          stpR![sl] = r;
          fac = u * r;
          wk = wk * fac;
        }
        const d = delaySteps ? delaySteps[k]! : 0;
        const tgt = post[k]! * lanes + l;
        if (d === 0) {
          if (wk > 0) Ie[tgt] = Ie[tgt]! + wk;
          else Ii[tgt] = Ii[tgt]! + wk;
        } else {
          const slot = ((step + d) % R) * NL + tgt;
          if (wk > 0) ringE![slot] = ringE![slot]! + wk;
          else ringI![slot] = ringI![slot]! + wk;
        }
      }
      if (stp) lastPre![i * lanes + l] = tNow;
    }
    s = e;
  }
}

/** Input spikes of `step` (synapse coupling) into Ie, lane by lane; `spikePtr` walks each lane's events. */
function deliverInputSpikes(
  step: number,
  lanes: number,
  coupling: InputCoupling,
  inputs: readonly ReservoirInput[],
  spikeStep: (Int32Array | null)[],
  spikePtr: Int32Array,
  Ie: FArr,
): void {
  const cRow = coupling.rowPtr;
  const cPost = coupling.post;
  const cW = coupling.weight;
  for (let l = 0; l < lanes; l++) {
    const st = spikeStep[l];
    if (!st) continue;
    const inp = inputs[l] as Extract<ReservoirInput, { kind: 'spikes' }>;
    let p = spikePtr[l]!;
    while (p < st.length && st[p]! < step) p++;
    while (p < st.length && st[p] === step) {
      const c = inp.channels[p]!;
      for (let k = cRow[c]!; k < cRow[c + 1]!; k++) {
        const tgt = cPost[k]! * lanes + l;
        Ie[tgt] = Ie[tgt]! + cW[k]!;
      }
      p++;
    }
    spikePtr[l] = p;
  }
}

/** Per-element state that the spikes of a step change (see {@link resetAndTrace}). */
interface SpikeState {
  readonly v: FArr;
  readonly refUntil: Int32Array;
  readonly counts: Int32Array;
  readonly tr: FArr;
  readonly trLast: Int32Array;
  /** Adaptive threshold increments (null without adaptation). */
  readonly A: FArr | null;
  readonly vReset: number;
  readonly refSteps: Int32Array;
  readonly laneSteps: Int32Array;
  readonly decay: Float64Array;
  readonly rec: Map<number, LaneRecording>;
  readonly maxRecorded: number;
}

/**
 * Step 4 for this step's spikes: reset to vReset, refractory period, counts and recording
 * (inside the lane's length), the adaptation increment, and the readout traces (kept lazily:
 * value at the neuron's last spike step, decayed on demand).
 */
function resetAndTrace(step: number, nsp: number, lanes: number, spkN: Int32Array, spkL: Int32Array, st: SpikeState, neuron: NeuronConstants | null): void {
  const { v, refUntil, counts, rec } = st;
  const recording = rec.size > 0;
  for (let s = 0; s < nsp; s++) {
    const i = spkN[s]!;
    const l = spkL[s]!;
    const j = i * lanes + l;
    v[j] = st.vReset;
    refUntil[j] = step + st.refSteps[i]!;
    if (step < st.laneSteps[l]!) {
      counts[j]!++;
      const r = recording ? rec.get(l) : undefined;
      if (r && r.steps.length < st.maxRecorded) {
        r.steps.push(step);
        r.neurons.push(i);
      }
    }
  }
  const A = st.A;
  if (A) {
    const inc = neuron!.inc;
    for (let s = 0; s < nsp; s++) {
      const j = spkN[s]! * lanes + spkL[s]!;
      A[j] = A[j]! + inc[spkN[s]!]!;
    }
  }
  const { tr, trLast, decay } = st;
  for (let s = 0; s < nsp; s++) {
    const j = spkN[s]! * lanes + spkL[s]!;
    tr[j] = tr[j]! * decay[step - trLast[j]!]! + 1;
    trLast[j] = step;
  }
}

type FArr = Float32Array | Float64Array;

/**
 * State update + threshold for one lane; returns the number of spikes written to spkN.
 * `K` = [em, ee, ei, ce, ci, vThresh] (constants read from a typed array stay unboxed in the
 * loop, about 1.5x faster than number parameters). When `ringE` is given, the delayed
 * currents of slot `off` are added to Ie/Ii first (and the slot cleared): the same sum, in
 * the same order, as adding them at the end of the previous step's propagation.
 */
function updateOneLane(
  N: number,
  step: number,
  v: FArr,
  Ie: FArr,
  Ii: FArr,
  Ib: FArr,
  refUntil: Int32Array,
  K: Float64Array,
  spkN: Int32Array,
  ringE: FArr | null,
  ringI: FArr | null,
  off: number,
): number {
  const em = K[0]!,
    ee = K[1]!,
    ei = K[2]!,
    ce = K[3]!,
    ci = K[4]!,
    vth = K[5]!;
  let nsp = 0;
  if (ringE && ringI) {
    for (let i = 0; i < N; i++) {
      const re = ringE[off + i]!;
      const ri = ringI[off + i]!;
      const ie = Ie[i]! + re; // x + 0 === x: adding an empty slot changes nothing
      const ii = Ii[i]! + ri;
      ringE[off + i] = 0;
      ringI[off + i] = 0;
      Ie[i] = ie * ee;
      Ii[i] = ii * ei;
      if (step >= refUntil[i]!) {
        const ib = Ib[i]!;
        const vn = ib + (v[i]! - ib) * em + ie * ce + ii * ci;
        v[i] = vn;
        if (vn > vth) spkN[nsp++] = i;
      }
    }
    return nsp;
  }
  for (let i = 0; i < N; i++) {
    const ie = Ie[i]!;
    const ii = Ii[i]!;
    Ie[i] = ie * ee;
    Ii[i] = ii * ei;
    if (step >= refUntil[i]!) {
      const ib = Ib[i]!;
      const vn = ib + (v[i]! - ib) * em + ie * ce + ii * ci;
      v[i] = vn;
      if (vn > vth) spkN[nsp++] = i;
    }
  }
  return nsp;
}

/** State update + threshold for many lanes (neuron-major layout); as {@link updateOneLane}. */
function updateLanes(
  N: number,
  lanes: number,
  step: number,
  v: FArr,
  Ie: FArr,
  Ii: FArr,
  Ib: FArr,
  refUntil: Int32Array,
  K: Float64Array,
  spkN: Int32Array,
  spkL: Int32Array,
  ringE: FArr | null,
  ringI: FArr | null,
  off: number,
): number {
  const em = K[0]!,
    ee = K[1]!,
    ei = K[2]!,
    ce = K[3]!,
    ci = K[4]!,
    vth = K[5]!;
  const NL = N * lanes;
  let nsp = 0;
  for (let j = 0; j < NL; j++) {
    let ie = Ie[j]!;
    let ii = Ii[j]!;
    if (ringE && ringI) {
      const re = ringE[off + j]!;
      const ri = ringI[off + j]!;
      ie = ie + re;
      ii = ii + ri;
      ringE[off + j] = 0;
      ringI[off + j] = 0;
    }
    Ie[j] = ie * ee;
    Ii[j] = ii * ei;
    if (step >= refUntil[j]!) {
      const ib = Ib[j]!;
      const vn = ib + (v[j]! - ib) * em + ie * ce + ii * ci;
      v[j] = vn;
      if (vn > vth) {
        spkN[nsp] = (j / lanes) | 0;
        spkL[nsp] = j % lanes;
        nsp++;
      }
    }
  }
  return nsp;
}

/**
 * Flush currents below 1e-30 to zero. Run every few time constants: subnormal arithmetic is
 * ~10x slower, and such a current cannot change v or a sum with any real weight (far below
 * one ulp), so flushing never changes a result.
 */
function flushTiny(a: FArr): void {
  for (let j = 0; j < a.length; j++) {
    const x = a[j]!;
    if (x !== 0 && x < 1e-30 && x > -1e-30) a[j] = 0;
  }
}

/** Zero-delay static synapses: scatter each spiking neuron's row into its spiking lanes. */
function propagateStatic(
  nsp: number,
  lanes: number,
  spkN: Int32Array,
  spkL: Int32Array,
  rowPtr: Int32Array,
  post: Int32Array,
  w: FArr,
  Ie: FArr,
  Ii: FArr,
): void {
  for (let s = 0; s < nsp; ) {
    const i = spkN[s]!;
    let e = s + 1;
    while (e < nsp && spkN[e] === i) e++;
    const k0 = rowPtr[i]!;
    const k1 = rowPtr[i + 1]!;
    if (e === s + 1) {
      const l = spkL[s]!;
      for (let k = k0; k < k1; k++) {
        const wk = w[k]!;
        const tgt = post[k]! * lanes + l;
        if (wk > 0) Ie[tgt] = Ie[tgt]! + wk;
        else Ii[tgt] = Ii[tgt]! + wk;
      }
    } else {
      for (let k = k0; k < k1; k++) {
        const wk = w[k]!;
        const base = post[k]! * lanes;
        const tgtArr = wk > 0 ? Ie : Ii;
        for (let q = s; q < e; q++) {
          const tgt = base + spkL[q]!;
          tgtArr[tgt] = tgtArr[tgt]! + wk;
        }
      }
    }
    s = e;
  }
}
