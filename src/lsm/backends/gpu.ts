/**
 * The gpu.js backend: the same LIF step as the CPU reference (cpu.ts, BACKENDS.md) written as
 * data-parallel gpu.js kernels over a [lanes x neurons] grid, for many utterances at once on a
 * GPU. gpu.js is imported only in src/lsm/backends/, lazily (gpu-probe.ts).
 *
 * One set of kernel sources runs in every gpu.js mode: 'webgpu' (WGSL compute shaders on Dawn,
 * webgpu-dawn.ts), the GL modes ('headlessgl' / 'webgl2' / 'webgl') and gpu.js's 'cpu' /
 * 'webasm' modes. They avoid what gpu.js's WebGPU mode lacks: no kernel maps (several state rows
 * are packed into one kernel output instead); every call returns a Promise (each call is
 * awaited, which costs a microtask, not a device round trip: a pipeline call resolves at
 * submit); a kernel fed its own output throws (state kernels come in ping-pong pairs used on
 * alternate steps, each reading the other's output: no allocation per step, the same bind
 * groups every step).
 *
 * Per-neuron constants travel as one array `P` of {@link P_ROWS} rows of N values (row r of
 * neuron i at `P[r N + i]`): the exact propagator (em, ce, ci, ee, ei; per neuron with
 * `perNeuronTau`, else the scalars repeated), the refractory period in steps, and the adaptation
 * decay and increment (1 and 0 without `adaptation`).
 *
 * Kernels, one thread per (lane, column); per step, in the reference order (3 calls, 4 with delays):
 *  1. `state` S ([lanes x 4N]: v, refUntil, a, spike): exact-propagator update
 *     `vn = b + (v - b) em + Ie ce + Ii ci` (b = Ib + z, z the noise current of this step, 0
 *     without `noise`) of the non-refractory neurons; threshold `vn > vThresh + a exp(-dt / tauA)`;
 *     v = vn, or kept while refractory, or vReset after a spike; refUntil = the step from which
 *     the neuron updates again (`step + round(refractory / dt)` after a spike);
 *     a = `a exp(-dt / tauA) + increment * spike`;
 *  2. with delays, `hist`: the spike-history ring ([lanes x (maxDelay + 1) N], slot
 *     `step mod (maxDelay + 1)` takes this step's spikes);
 *  3. `currents` C ([lanes x 2N]: Ie, Ii): decay, then the synaptic input of this step: per
 *     target, the sum over its incoming synapses (a CSR-by-post copy of the network, excitatory
 *     rows then inhibitory rows) of the weights of the presynaptic neurons that spiked in that
 *     lane `d` steps ago (`d = round(delay / dt)` per synapse), in presynaptic order; input
 *     spikes of this step ('synapse' coupling) go into Ie after the recurrent ones;
 *  4. `readout` O ([lanes x 2N]): the filtered spike train `tr exp(-dt / readoutTau) + spike`
 *     and the spike counts.
 * The analog input current ('current' coupling) is one more kernel, `Ib = bias + sum_c w x_c`
 * over the lane's current frame (channel order), run only when some lane enters a new frame.
 *
 * Noise (`LifNetwork.noise`): gpu.js's GL modes compute bitwise operators in float and its WGSL
 * has no 32-bit unsigned multiply, so the counter hash of noise-hash.ts cannot run exactly in
 * every mode; the noise of each step is computed on the CPU (`std * noiseNormal(seed, lane,
 * step, neuron)`, lane = index in this run) and uploaded as one [lanes x N] array per step. That
 * upload costs lanes * N * 4 bytes per step: noise makes the GPU backend much slower.
 *
 * State stays on the device between steps (`pipeline: true`); only the
 * readout traces are read back, every `readoutInterval` (in WebGPU mode without waiting: up to
 * a few readbacks are in flight while the next steps are submitted), plus the counts at the end
 * (and the spikes / voltages of lanes whose recording is requested: per step, slow).
 *
 * Limits: gpu.js stores every kernel output as float32, so only `precision: 'f32'` is
 * accepted; Tsodyks-Markram (dynamic) synapses are not supported (RangeError naming the
 * field): use the cpu backend for those networks, or build them with static synapses.
 *
 * Modes: {@link runGpuLanes} runs on a real device: WebGPU (any adapter, which the result
 * names; `auto` selection takes hardware adapters only) or, with `mode: 'gl'`, a hardware GL
 * renderer ({@link gpuAvailability}); {@link runGpuLanesWithMode} runs the same kernels in any
 * gpu.js mode, e.g. 'cpu' (kernels as plain JS in float64, outputs stored as Float32Array) for
 * tests on machines without a GPU. Without a GPU, gpu.js's 'cpu' and 'webasm' modes are much
 * slower than the CPU backend (they touch every synapse of every neuron every step): never a
 * fallback.
 *
 * @module
 */
import { BackendUnavailableError } from '../../core/errors.js';
import type { InputCoupling, LifNetwork } from '../network.js';
import type { ReservoirInput } from '../input.js';
import { noiseNormal } from '../noise-hash.js';
import type { LaneResult, ResolvedSimulationOptions } from '../run-types.js';
import { checkRecording } from '../run-types.js';
import { propagator } from './cpu.js';
import {
  closeWebGpu,
  DEVICE_MODES,
  glAvailability,
  loadGpuJs,
  openWebGpu,
  webgpuAvailability,
  type GpuAvailability,
  type GpuInstance,
  type GpuKernel,
  type GpuTexture,
} from './gpu-probe.js';
import { prepareLaneInputs } from './lane-inputs.js';
import { laneSchedule } from './lane-schedule.js';
import { clean } from './steps.js';
import { classifyAdapter, type AdapterInfo, type AdapterKind } from './webgpu-dawn.js';

export type { GpuAvailability } from './gpu-probe.js';
export { classifyAdapter, describeAdapter, type AdapterInfo, type AdapterKind } from './webgpu-dawn.js';

/** gpu.js modes the kernels can run in. 'gpu' = the detected real GL GPU (see {@link gpuAvailability}). */
export type GpuMode = 'gpu' | 'webgpu' | 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';

/** Options of the gpu backend (config `gpu:`). */
export interface GpuOptions {
  /** 'webgpu' (default: WGSL compute shaders on Dawn) or 'gl' (gpu.js's GL modes: a display and a hardware renderer needed). */
  readonly mode?: 'webgpu' | 'gl';
  /** Dawn flags for 'webgpu' (e.g. ['backend=vulkan']); default: `LSM_SER_DAWN_FLAGS`, else none. */
  readonly dawnFlags?: readonly string[];
}

/** Rows of the per-neuron constant array P (see the module doc). */
export const P_ROWS = ['em', 'ce', 'ci', 'ee', 'ei', 'refSteps', 'adaptDecay', 'adaptIncrement'] as const;

/**
 * Whether a real GL GPU can run the kernels (gpu.js's GL modes, cached; see gpu-probe.ts).
 * Kept for the 'gl' mode; WebGPU: {@link webgpuAvailability}.
 */
export function gpuAvailability(): Promise<GpuAvailability> {
  return glAvailability();
}

/**
 * Whether the gpu backend can run with `options`: WebGPU (default) with any adapter (its
 * `adapter.kind` says hardware or software), or the GL modes on a hardware renderer.
 */
export function gpuBackendAvailability(options: GpuOptions = {}): Promise<GpuAvailability> {
  checkGpuOptions(options);
  return options.mode === 'gl' ? glAvailability() : webgpuAvailability(options.dawnFlags);
}

/** Throw RangeError naming the field unless `options` are valid gpu options. */
export function checkGpuOptions(options: GpuOptions): void {
  if (options.mode !== undefined && options.mode !== 'webgpu' && options.mode !== 'gl')
    throw new RangeError(`gpu.mode: must be 'webgpu' or 'gl', got ${JSON.stringify(options.mode)}`);
  if (options.dawnFlags !== undefined && !Array.isArray(options.dawnFlags)) throw new TypeError('gpu.dawnFlags: must be an array of strings');
}

export { webgpuAvailability } from './gpu-probe.js';

/** Check what the kernels cannot do; throws RangeError naming the field. */
function checkSupported(net: LifNetwork, opts: ResolvedSimulationOptions): void {
  if (net.stp)
    throw new RangeError('stp: the gpu backend does not support Tsodyks-Markram (dynamic) synapses; use the cpu backend or a network with static synapses');
  if (opts.precision !== 'f32')
    throw new RangeError(`precision: the gpu backend stores its state in float32 (gpu.js kernel outputs); pass 'f32', got ${JSON.stringify(opts.precision)}`);
}

/** The per-neuron constant array P ({@link P_ROWS} rows of N values) for step `dtn` (network time units). */
export function neuronConstants(net: LifNetwork, dtn: number): Float32Array {
  const N = net.n;
  const P = new Float32Array(P_ROWS.length * N);
  const scalar = propagator(net, dtn);
  const tau = net.perNeuronTau ?? null;
  for (let i = 0; i < N; i++) {
    const c = tau ? propagator({ tauMem: tau.tauMem[i]!, tauExc: tau.tauExc[i]!, tauInh: tau.tauInh[i]! }, dtn) : scalar;
    P[i] = c.em;
    P[N + i] = c.ce;
    P[2 * N + i] = c.ci;
    P[3 * N + i] = c.ee;
    P[4 * N + i] = c.ei;
    P[5 * N + i] = Math.round(clean(net.refractory[i]! / dtn));
    P[6 * N + i] = net.adaptation ? Math.exp(-dtn / net.adaptation.tau[i]!) : 1;
    P[7 * N + i] = net.adaptation ? net.adaptation.increment[i]! : 0;
  }
  return P;
}

/**
 * Incoming synapses per target (CSR by post), split into w > 0 and w < 0, in presynaptic
 * order, with each synapse's delay in steps (`delaySteps`, indexed like `weight`; null = 0).
 */
function byPost(
  n: number,
  rowPtr: Int32Array,
  post: Int32Array,
  weight: Float64Array,
  keep: (w: number) => boolean,
  delaySteps: Int32Array | null = null,
): { ptr: Float32Array; pre: Float32Array; w: Float32Array; del: Float32Array; maxDeg: number } {
  const deg = new Int32Array(n);
  for (let i = 0; i < rowPtr.length - 1; i++) for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) if (keep(weight[k]!)) deg[post[k]!]!++;
  const ptr = new Float32Array(n + 1);
  let maxDeg = 0;
  for (let i = 0; i < n; i++) {
    ptr[i + 1] = ptr[i]! + deg[i]!;
    if (deg[i]! > maxDeg) maxDeg = deg[i]!;
  }
  const m = ptr[n]!;
  const pre = new Float32Array(Math.max(1, m));
  const w = new Float32Array(Math.max(1, m));
  const del = new Float32Array(Math.max(1, m));
  const fill = new Int32Array(n);
  // rows are visited in presynaptic order, so each target's list is sorted by pre
  for (let i = 0; i < rowPtr.length - 1; i++) {
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
      if (!keep(weight[k]!)) continue;
      const t = post[k]!;
      const at = ptr[t]! + fill[t]!++;
      pre[at] = i;
      w[at] = weight[k]!;
      del[at] = delaySteps ? delaySteps[k]! : 0;
    }
  }
  return { ptr, pre, w, del, maxDeg };
}

/** Two CSR-by-post lists of N targets stacked into one of 2N rows (row N + t = the second list's target t). */
function stackCsr(a: ReturnType<typeof byPost>, b: ReturnType<typeof byPost>, n: number): ReturnType<typeof byPost> {
  const ma = a.ptr[n]!;
  const mb = b.ptr[n]!;
  const ptr = new Float32Array(2 * n + 1);
  ptr.set(a.ptr.subarray(0, n + 1));
  for (let t = 1; t <= n; t++) ptr[n + t] = ma + b.ptr[t]!;
  const cat = (x: Float32Array, y: Float32Array) => {
    const out = new Float32Array(Math.max(1, ma + mb));
    out.set(x.subarray(0, ma));
    out.set(y.subarray(0, mb), ma);
    return out;
  };
  return { ptr, pre: cat(a.pre, b.pre), w: cat(a.w, b.w), del: cat(a.del, b.del), maxDeg: Math.max(a.maxDeg, b.maxDeg) };
}

// --- kernel sources (gpu.js JavaScript subset; x = column, y = lane; P row r at r * nN + i) --
// State arrays pack several rows of N per lane (row r of neuron i at column r * nN + i), so that
// one kernel call updates all of them: fewer calls per step (gpu.js has no kernel maps in
// WebGPU mode, and each call is a submit).
const K_INIT_ROW = `function (a) { return a[this.thread.x]; }`;
const K_COPY = `function (a) { return a[this.thread.y][this.thread.x]; }`;
const K_FILL = `function (x) { return x; }`;
/**
 * Neuron state S, [lanes][4 N]: rows v, refUntil (step from which the neuron updates again), a
 * (adaptation), spike (1 or 0, this step). Every thread recomputes its neuron's update and
 * threshold (cheap) and returns its row. C = synaptic currents [lanes][2 N] (rows Ie, Ii).
 */
const K_STATE = `function (S, C, Ib, Z, step, P, nN, vth, vreset) {
  const x = this.thread.x; const l = this.thread.y;
  let r = 0;
  if (x >= nN) r = 1;
  if (x >= 2 * nN) r = 2;
  if (x >= 3 * nN) r = 3;
  const i = x - r * nN;
  const v = S[l][i]; const ru = S[l][nN + i];
  const a = S[l][2 * nN + i] * P[6 * nN + i];
  let sp = 0;
  let vn = v;
  if (step >= ru) {
    const ib = Ib[l][i] + Z[l][i];
    vn = ib + (v - ib) * P[i] + C[l][i] * P[nN + i] + C[l][nN + i] * P[2 * nN + i];
    if (vn > vth + a) sp = 1;
  }
  if (r === 0) {
    if (sp > 0) return vreset;
    return vn;
  }
  if (r === 1) {
    if (sp > 0) return step + P[5 * nN + i];
    return ru;
  }
  if (r === 2) return a + sp * P[7 * nN + i];
  return sp;
}`;
/**
 * Synaptic currents C, [lanes][2 N] (rows Ie, Ii): decay (P rows ee, ei), then the incoming
 * weights of the presynaptic spikes due now (one stacked CSR by post: row j < N lists the
 * excitatory synapses onto j, row N + t the inhibitory ones onto t), then, for Ie, the input
 * spikes of this step. Without delays the spikes are row 3 of the state S; with delays `src` is
 * the history ring [lanes][R N] and a synapse of delay d reads slot (slotNow - d) mod R.
 */
function currentKernel(withInput: boolean, withDelays: boolean): string {
  const read = withDelays
    ? `let s = slotNow - del[k];
    if (s < 0) s += R;
    if (src[l][s * nN + pre[k]] > 0.5) acc += w[k];`
    : `if (src[l][3 * nN + pre[k]] > 0.5) acc += w[k];`;
  return `function (C, src, ptr, pre, w, P, nN${withDelays ? ', del, slotNow, R' : ''}${withInput ? ', inCount, inPtr, inCh, inW' : ''}) {
  const j = this.thread.x; const l = this.thread.y;
  let r = 0;
  if (j >= nN) r = 1;
  const i = j - r * nN;
  let acc = C[l][j] * P[(3 + r) * nN + i];
  const k0 = ptr[j]; const k1 = ptr[j + 1];
  for (let k = k0; k < k1; k = k + 1) {
    ${read}
  }${
    withInput
      ? `
  if (r === 0) {
    const q0 = inPtr[i]; const q1 = inPtr[i + 1];
    for (let q = q0; q < q1; q = q + 1) {
      acc += inCount[l][inCh[q]] * inW[q];
    }
  }`
      : ''
  }
  return acc;
}`;
}
/** Spike-history ring [lanes][R N]: slot `slotNow` takes this step's spikes (row 3 of S). */
const K_HIST = `function (hist, S, slotNow, nN) {
  const x = this.thread.x; const l = this.thread.y;
  const lo = slotNow * nN;
  if (x >= lo && x < lo + nN) return S[l][3 * nN + x - lo];
  return hist[l][x];
}`;
/** Readout O, [lanes][2 N]: rows trace (`tr d + spike`) and spike count (steps inside the lane). */
const K_OUT = `function (O, S, d, laneSteps, step, nN) {
  const x = this.thread.x; const l = this.thread.y;
  if (x < nN) return O[l][x] * d + S[l][3 * nN + x];
  if (step < laneSteps[l]) return O[l][x] + S[l][2 * nN + x];
  return O[l][x];
}`;
/** Ib = bias + sum over the neuron's input projections of weight * the lane's frame value. */
const K_IB = `function (bias, x, ptr, ch, w) {
  const i = this.thread.x; const l = this.thread.y;
  let acc = bias[i];
  const k0 = ptr[i]; const k1 = ptr[i + 1];
  for (let k = k0; k < k1; k = k + 1) {
    acc += w[k] * x[l][ch[k]];
  }
  return acc;
}`;

/** Rows of a 2-D kernel result (array of Float32Array) from a texture, a WebGPU buffer (a Promise) or a CPU-mode array. */
async function rows(x: unknown): Promise<Float32Array[]> {
  const a = typeof (x as GpuTexture).toArray === 'function' ? await (x as GpuTexture).toArray() : x;
  return a as Float32Array[];
}

/** Which device ran a gpu-backend run: the gpu.js mode and, for WebGPU, the adapter. */
export interface GpuRunInfo {
  /** The gpu.js mode the kernels ran in. */
  readonly mode: string;
  /** The WebGPU adapter with its classification (mode 'webgpu' only). */
  readonly adapter?: AdapterInfo & { readonly kind: AdapterKind };
  /** Wall seconds of the whole run (device opening, kernel compilation, steps, readbacks). */
  readonly totalSeconds: number;
  /** Wall seconds of the step loop alone (including its readbacks). */
  readonly stepSeconds: number;
  /** Steps simulated (the longest lane). */
  readonly steps: number;
}

/** Step-loop timing of the last {@link simulate}. */
let loopTiming = { seconds: 0, steps: 0 };

let lastInfo: GpuRunInfo | null = null;

/** The device of the last finished gpu-backend run in this process (null before the first). */
export function lastGpuRun(): GpuRunInfo | null {
  return lastInfo;
}

/**
 * Simulate every input as one lane on the gpu backend's device: WebGPU by default (any
 * adapter; {@link lastGpuRun} names it), or the hardware GL renderer found by
 * {@link gpuAvailability} with `gpu.mode: 'gl'`. Throws BackendUnavailableError when there is
 * none. Same contract as the CPU backend (BACKENDS.md) with the limits of the module doc.
 */
export async function runGpuLanes(
  net: LifNetwork,
  coupling: InputCoupling | null,
  inputs: readonly ReservoirInput[],
  opts: ResolvedSimulationOptions,
  gpu: GpuOptions = {},
): Promise<LaneResult[]> {
  checkGpuOptions(gpu);
  return runGpuLanesWithMode(gpu.mode === 'gl' ? 'gpu' : 'webgpu', net, coupling, inputs, opts, gpu.dawnFlags);
}

/**
 * {@link runGpuLanes} in a chosen gpu.js mode: 'webgpu' = WebGPU on Dawn (any adapter; Dawn
 * flags as in webgpu-dawn.ts), 'gpu' = the real GL GPU (BackendUnavailableError when missing),
 * 'headlessgl' / 'webgl2' / 'webgl' = that GL mode even on a software renderer, 'webasm' /
 * 'cpu' = gpu.js's WebAssembly / plain-JS execution of the same kernels (for tests and
 * comparisons; slow). Throws BackendUnavailableError when gpu.js cannot run the mode here,
 * RangeError for what the kernels do not support (module doc).
 */
export async function runGpuLanesWithMode(
  mode: GpuMode,
  net: LifNetwork,
  coupling: InputCoupling | null,
  inputs: readonly ReservoirInput[],
  opts: ResolvedSimulationOptions,
  dawnFlagList?: readonly string[],
): Promise<LaneResult[]> {
  const modes: readonly GpuMode[] = ['gpu', 'webgpu', 'headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'];
  if (!modes.includes(mode)) throw new RangeError(`mode: must be one of ${modes.join(', ')}, got ${JSON.stringify(mode)}`);
  const dtn = clean(opts.dt / net.units.time);
  checkSupported(net, opts);
  if (inputs.length === 0) return [];
  const t0 = performance.now();
  const timing = () => ({ totalSeconds: (performance.now() - t0) / 1000, stepSeconds: loopTiming.seconds, steps: loopTiming.steps });
  let gpuMode: string = mode;
  if (mode === 'gpu') {
    const av = await glAvailability();
    if (!av.available || !av.mode) throw new BackendUnavailableError(`backend 'gpu' is not available: ${av.reason}`);
    gpuMode = av.mode;
  }
  if (gpuMode === 'webgpu') {
    const av = await webgpuAvailability(dawnFlagList);
    if (!av.available) throw new BackendUnavailableError(`backend 'gpu' (WebGPU) is not available: ${av.reason}`);
    const open = await openWebGpu(av.adapter?.dawnFlags ?? []);
    try {
      const gpu = new open.gpuJs.GPU({ mode: 'webgpu' });
      try {
        const res = await simulate(gpu, 'webgpu', net, coupling, inputs, opts, dtn);
        const info = open.adapter();
        lastInfo = { mode: 'webgpu', ...(info ? { adapter: { ...info, kind: classifyAdapter(info).kind } } : {}), ...timing() };
        return res;
      } finally {
        await gpu.destroy();
      }
    } finally {
      await closeWebGpu();
    }
  }
  const { GPU } = await loadGpuJs();
  let gpu: GpuInstance;
  try {
    gpu = new GPU({ mode: gpuMode });
  } catch (e) {
    throw new BackendUnavailableError(`gpu.js mode '${gpuMode}' cannot run here (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
  try {
    const res = await simulate(gpu, gpuMode, net, coupling, inputs, opts, dtn);
    lastInfo = { mode: gpuMode, ...timing() };
    return res;
  } finally {
    await gpu.destroy();
  }
}

/** Host-side inputs of one step: analog frames (-> Ib) and input-spike counts per lane. */
class StepInputs {
  readonly curFrame: Int32Array;
  readonly frameX: Float32Array[];
  readonly zeroCounts: Float32Array[];
  readonly inCounts: Float32Array[];
  readonly spikePtr: Int32Array;
  constructor(
    readonly inputs: readonly ReservoirInput[],
    readonly channels: number,
    readonly analogSteps: Float64Array | number[],
    readonly spikeStep: (Int32Array | null)[],
    readonly laneSteps: Int32Array | number[],
  ) {
    const lanes = inputs.length;
    this.curFrame = new Int32Array(lanes).fill(-1);
    this.frameX = Array.from({ length: lanes }, () => new Float32Array(channels));
    this.zeroCounts = Array.from({ length: lanes }, () => new Float32Array(channels));
    this.inCounts = Array.from({ length: lanes }, () => new Float32Array(channels));
    this.spikePtr = new Int32Array(lanes);
  }
  /** Update the frame matrix for `step`; true when some lane entered a new frame. */
  frames(step: number): boolean {
    let changed = false;
    for (let l = 0; l < this.inputs.length; l++) {
      const inp = this.inputs[l]!;
      if (inp.kind !== 'analog') continue;
      let f = Math.floor((step + 1e-9) / this.analogSteps[l]!);
      if (f >= inp.frames || step >= this.laneSteps[l]!) f = -2;
      if (f === this.curFrame[l]) continue;
      this.curFrame[l] = f;
      changed = true;
      const row = this.frameX[l]!;
      if (f >= 0) row.set(inp.data.subarray(f * inp.channels, (f + 1) * inp.channels));
      else row.fill(0);
    }
    return changed;
  }
  /** Input spike counts of `step` per lane and channel (a shared zero matrix on quiet steps). */
  counts(step: number): Float32Array[] {
    let any = false;
    for (let l = 0; l < this.inputs.length; l++) {
      const st = this.spikeStep[l];
      const row = this.inCounts[l]!;
      row.fill(0);
      if (!st) continue;
      const inp = this.inputs[l] as Extract<ReservoirInput, { kind: 'spikes' }>;
      let p = this.spikePtr[l]!;
      while (p < st.length && st[p]! < step) p++;
      while (p < st.length && st[p] === step) {
        row[inp.channels[p]!]! += 1;
        any = true;
        p++;
      }
      this.spikePtr[l] = p;
    }
    return any ? this.inCounts : this.zeroCounts;
  }
}

/** The noise current of one step, [lanes][N] (voltage units): std * noiseNormal(seed, lane, step, neuron). */
function noiseRows(noise: { std: number; seed: number }, lanes: number, N: number, step: number, out: Float32Array[]): Float32Array[] {
  for (let l = 0; l < lanes; l++) {
    const row = out[l]!;
    for (let i = 0; i < N; i++) row[i] = noise.std * noiseNormal(noise.seed, l, step, i);
  }
  return out;
}

async function simulate(
  gpu: GpuInstance,
  gpuMode: string,
  net: LifNetwork,
  coupling: InputCoupling | null,
  inputs: readonly ReservoirInput[],
  opts: ResolvedSimulationOptions,
  dtn: number,
): Promise<LaneResult[]> {
  const lanes = inputs.length;
  const N = net.n;
  const onDevice = gpuMode === 'webgpu' || (DEVICE_MODES as readonly string[]).includes(gpuMode);

  // Per-lane lengths, readout grid, input bookkeeping (as the CPU backend).
  const { analogSteps, spikeStep, anyAnalog, anySpikes } = prepareLaneInputs(inputs, coupling, opts.dt);
  const { laneSteps, maxSteps, sampleEvery, laneSamples, traces } = laneSchedule(N, inputs, opts);
  const trDecay = Math.exp(-opts.dt / opts.readoutTau);
  const analog = coupling !== null && coupling.kind === 'current' && anyAnalog;
  const spikeIn = coupling !== null && coupling.kind === 'synapse' && anySpikes;
  const host = new StepInputs(inputs, coupling?.channels ?? 1, analogSteps, spikeStep as (Int32Array | null)[], laneSteps);

  // Delays in steps (as the CPU backend); R = length of the spike-history ring.
  let delaySteps: Int32Array | null = null;
  let maxDelay = 0;
  if (net.delay) {
    delaySteps = Int32Array.from(net.delay, (d) => Math.round(clean(d / dtn)));
    for (const d of delaySteps) if (d > maxDelay) maxDelay = d;
    if (maxDelay === 0) delaySteps = null;
  }
  const R = maxDelay + 1;
  const delayed = delaySteps !== null;

  // Device copies of the network (CSR by post: excitatory rows, then inhibitory), the coupling, the neuron constants.
  const syn = stackCsr(
    byPost(N, net.rowPtr, net.post, net.weight, (w) => w > 0, delaySteps),
    byPost(N, net.rowPtr, net.post, net.weight, (w) => !(w > 0), delaySteps),
    N,
  );
  const coup = coupling ? byPost(N, coupling.rowPtr, coupling.post, coupling.weight, () => true) : null;
  // byPost treats rows as presynaptic indices: for the coupling they are channels.
  const P = neuronConstants(net, dtn);
  const laneStepsF = Float32Array.from(laneSteps);
  const loopMax = Math.max(1, syn.maxDeg, coup?.maxDeg ?? 0) + 1;
  const noise = net.noise && net.noise.std > 0 ? net.noise : null;

  // State kernels come in pairs used on alternate steps (ping-pong): each reads the other's
  // output and rewrites its own buffer, so a step allocates nothing and binds the same buffers.
  const mk = (src: string, output: number[], loops = false): GpuKernel => {
    const k = gpu.createKernel(src).setOutput(output).setPipeline(true).setTactic('precision');
    if (onDevice) k.setPrecision('single');
    if (loops) k.setLoopMaxIterations(loopMax);
    return k;
  };
  const pair = (src: string, output: number[], loops = false): [GpuKernel, GpuKernel] => [mk(src, output, loops), mk(src, output, loops)];
  const kState = pair(K_STATE, [4 * N, lanes]);
  const kCur = pair(currentKernel(spikeIn, delayed), [2 * N, lanes], true);
  const kOut = pair(K_OUT, [2 * N, lanes]);
  const kHist = delayed ? pair(K_HIST, [R * N, lanes]) : null;
  const kIb = mk(analog ? K_IB : K_INIT_ROW, [N, lanes], analog);
  const kCopy = noise ? mk(K_COPY, [N, lanes]) : null;
  const kZeros = mk(K_FILL, [N, lanes]);
  const init = (width: number, rowsOf: (l: number) => Float32Array) => mk(K_COPY, [width, lanes])(Array.from({ length: lanes }, (_, l) => rowsOf(l)));

  const s0 = new Float32Array(4 * N);
  s0.set(Float32Array.from(net.v0));
  s0.fill(-1e9, N, 2 * N);
  let S = await init(4 * N, () => s0);
  let C = await init(2 * N, () => new Float32Array(2 * N));
  let O = await init(2 * N, () => new Float32Array(2 * N));
  let hist: unknown = delayed ? await init(R * N, () => new Float32Array(R * N)) : null;
  const biasF = Float32Array.from(net.bias);
  let Ib = analog ? null : await kIb(biasF);
  const zeros = await kZeros(0);
  const noiseBuf = noise ? Array.from({ length: lanes }, () => new Float32Array(N)) : null;

  const rec = new Map<number, { steps: number[]; neurons: number[]; volt: number[] }>();
  checkRecording(opts, N, lanes);
  for (const l of opts.recordSpikes) rec.set(l, { steps: [], neurons: [], volt: [] });
  const recV = opts.recordVoltage;
  // Trace readbacks in flight (WebGPU: the copy is queued at once, the wait overlaps the next steps).
  const pending: Promise<void>[] = [];
  const MAX_PENDING = 4;

  const tLoop = performance.now();
  try {
    for (let step = 0; step < maxSteps; step++) {
      const p = step & 1;
      if (analog && host.frames(step)) Ib = await kIb(biasF, host.frameX, coup!.ptr, coup!.pre, coup!.w);
      const Z = kCopy && noiseBuf ? await kCopy(noiseRows(noise!, lanes, N, step, noiseBuf)) : zeros;
      S = await kState[p]!(S, C, Ib, Z, step, P, N, net.vThresh, net.vReset);
      const slotNow = step % R;
      if (kHist) hist = await kHist[p]!(hist, S, slotNow, N);
      const synArgs = [syn.ptr, syn.pre, syn.w, P, N, ...(kHist ? [syn.del, slotNow, R] : [])];
      C = spikeIn
        ? await kCur[p]!(C, kHist ? hist : S, ...synArgs, host.counts(step), coup!.ptr, coup!.pre, coup!.w)
        : await kCur[p]!(C, kHist ? hist : S, ...synArgs);
      O = await kOut[p]!(O, S, trDecay, laneStepsF, step, N);
      if (rec.size > 0) {
        const s = await rows(S);
        for (const [l, r] of rec) {
          if (step >= laneSteps[l]!) continue;
          const row = s[l]!;
          for (let i = 0; i < N; i++) {
            if (row[3 * N + i]! > 0.5 && r.steps.length < opts.maxRecordedSpikes) {
              r.steps.push(step);
              r.neurons.push(i);
            }
          }
        }
      }
      if ((step + 1) % sampleEvery === 0) {
        const sIdx = (step + 1) / sampleEvery - 1;
        const sRows = rec.size > 0 && recV.length > 0 ? await rows(S) : null;
        if (sRows) for (const [l, r] of rec) if (sIdx < laneSamples[l]!) for (const i of recV) r.volt.push(sRows[l]![i]!);
        pending.push(
          rows(O).then((t) => {
            for (let l = 0; l < lanes; l++) if (sIdx < laneSamples[l]!) traces[l]!.set(t[l]!.subarray(0, N), sIdx * N);
          }),
        );
        if (pending.length >= MAX_PENDING) await pending.shift();
      }
    }
    await Promise.all(pending);
    const c = await rows(O);
    loopTiming = { seconds: (performance.now() - tLoop) / 1000, steps: maxSteps };
    return inputs.map((_, l) => {
      const counts = Int32Array.from(c[l]!.subarray(N, 2 * N), (x) => Math.round(x));
      let total = 0;
      for (let i = 0; i < N; i++) total += counts[i]!;
      const r = rec.get(l);
      return {
        n: N,
        steps: laneSteps[l]!,
        counts,
        spikes: total,
        trace: traces[l]!,
        samples: laneSamples[l]!,
        sampleInterval: opts.readoutInterval,
        ...(r ? { spikeSteps: Int32Array.from(r.steps), spikeNeurons: Int32Array.from(r.neurons) } : {}),
        ...(r && recV.length ? { voltage: Float32Array.from(r.volt) } : {}),
      };
    });
  } finally {
    await Promise.allSettled(pending);
  }
}
