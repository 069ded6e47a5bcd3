/**
 * The per-lane bookkeeping shared by the CPU backend's JavaScript loop and its WebAssembly
 * kernel: how many steps each lane runs, when the readout samples fall, the analog drive of a
 * lane's current frame, the sampled traces and the final {@link LaneResult}s.
 *
 * State arrays are neuron-major: element `i * lanes + l` is neuron `i` in lane `l`.
 *
 * @module
 */
import type { InputCoupling, LifNetwork } from '../network.js';
import type { ReservoirInput } from '../input.js';
import { inputDuration } from '../input.js';
import type { LaneResult, ResolvedSimulationOptions } from '../run-types.js';
import { MAX_RUN_STEPS } from '../run-types.js';

type FArr = Float32Array | Float64Array;

/** Steps and readout samples of a batch of lanes. */
export interface LaneSchedule {
  /** Steps each lane is simulated and counted for (duration / dt, at least 1). */
  readonly laneSteps: Int32Array;
  /** Steps of the batch: the longest lane. */
  readonly maxSteps: number;
  /** Steps per readout sample. */
  readonly sampleEvery: number;
  /** Readout samples of each lane. */
  readonly laneSamples: Int32Array;
  /** Sampled traces of each lane, samples x N (filled by {@link sampleTraces}). */
  readonly traces: Float32Array[];
  /** decay[k] = exp(-k dt / readoutTau), k = 0..maxSteps. */
  readonly decay: Float64Array;
}

/** Schedule a batch of `inputs` through a network of `n` neurons under `opt`. */
export function laneSchedule(n: number, inputs: readonly ReservoirInput[], opt: ResolvedSimulationOptions): LaneSchedule {
  const lanes = inputs.length;
  const laneSteps = new Int32Array(lanes);
  let maxSteps = 0;
  for (let l = 0; l < lanes; l++) {
    const dur = opt.duration ?? inputDuration(inputs[l]!);
    const s = Math.max(1, Math.round(dur / opt.dt));
    if (!(s <= MAX_RUN_STEPS)) throw new RangeError(`input: lane ${l} lasts ${dur} s, more than ${MAX_RUN_STEPS} steps of dt = ${opt.dt} s`);
    laneSteps[l] = s;
    if (s > maxSteps) maxSteps = s;
  }
  const sampleEvery = Math.round(opt.readoutInterval / opt.dt);
  const laneSamples = Int32Array.from(laneSteps, (s) => Math.floor(s / sampleEvery));
  const traces = Array.from(laneSamples, (s) => new Float32Array(s * n));
  const trRate = opt.dt / opt.readoutTau;
  const decay = new Float64Array(maxSteps + 1);
  for (let k = 0; k <= maxSteps; k++) decay[k] = Math.exp(-k * trRate);
  return { laneSteps, maxSteps, sampleEvery, laneSamples, traces, decay };
}

/**
 * Analog drive: at `step`, set `Ib` of every analog lane whose frame changed to the bias plus
 * the coupled input of its new frame (bias only past the end of the input or of the lane).
 * `curFrame` holds each lane's current frame (-1 before the first, -2 past the end).
 */
export function refreshAnalogDrive(
  step: number,
  net: LifNetwork,
  coupling: InputCoupling,
  inputs: readonly ReservoirInput[],
  analogSteps: Float64Array,
  laneSteps: Int32Array,
  curFrame: Int32Array,
  Ib: FArr,
): void {
  const lanes = inputs.length;
  const N = net.n;
  const cRow = coupling.rowPtr;
  const cPost = coupling.post;
  const cW = coupling.weight;
  for (let l = 0; l < lanes; l++) {
    const inp = inputs[l]!;
    if (inp.kind !== 'analog') continue;
    let f = Math.floor((step + 1e-9) / analogSteps[l]!);
    if (f >= inp.frames || step >= laneSteps[l]!) f = -2; // past the end: no input
    if (f === curFrame[l]) continue;
    curFrame[l] = f;
    for (let i = 0; i < N; i++) Ib[i * lanes + l] = net.bias[i]!;
    if (f >= 0) {
      const base = f * inp.channels;
      for (let c = 0; c < inp.channels; c++) {
        const x = inp.data[base + c]!;
        if (x === 0) continue;
        for (let k = cRow[c]!; k < cRow[c + 1]!; k++) Ib[cPost[k]! * lanes + l]! += cW[k]! * x;
      }
    }
  }
}

/**
 * Readout sample after `step` (when `(step + 1) % sampleEvery === 0`): each lane's traces,
 * decayed from each neuron's last spike (`trLast`) to `step`, into `sched.traces`.
 */
export function sampleTraces(step: number, n: number, lanes: number, sched: LaneSchedule, tr: FArr, trLast: Int32Array): void {
  const sIdx = (step + 1) / sched.sampleEvery - 1;
  const decay = sched.decay;
  for (let l = 0; l < lanes; l++) {
    if (sIdx >= sched.laneSamples[l]!) continue;
    const out = sched.traces[l]!;
    const o = sIdx * n;
    for (let i = 0; i < n; i++) {
      const j = i * lanes + l;
      out[o + i] = tr[j]! * decay[step - trLast[j]!]!;
    }
  }
}

/** Recorded spikes and voltages of one lane. */
export interface LaneRecording {
  steps: number[];
  neurons: number[];
  volt: number[];
}

/** One {@link LaneResult} per lane from the neuron-major spike `counts` and the schedule. */
export function laneResults(
  n: number,
  lanes: number,
  sched: LaneSchedule,
  counts: Int32Array,
  opt: ResolvedSimulationOptions,
  rec?: Map<number, LaneRecording>,
): LaneResult[] {
  const results: LaneResult[] = [];
  for (let l = 0; l < lanes; l++) {
    const c = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      c[i] = counts[i * lanes + l]!;
      total += c[i]!;
    }
    const r = rec?.get(l);
    results.push({
      n,
      steps: sched.laneSteps[l]!,
      counts: c,
      spikes: total,
      trace: sched.traces[l]!,
      samples: sched.laneSamples[l]!,
      sampleInterval: opt.readoutInterval,
      ...(r ? { spikeSteps: Int32Array.from(r.steps), spikeNeurons: Int32Array.from(r.neurons) } : {}),
      ...(r && opt.recordVoltage.length ? { voltage: Float32Array.from(r.volt) } : {}),
    });
  }
  return results;
}
