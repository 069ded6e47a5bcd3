/**
 * The gpu.js backend: the same LIF step as the CPU reference (cpu.ts, BACKENDS.md) written as
 * data-parallel gpu.js kernels over a [lanes x neurons] grid, for many utterances at once on a
 * GPU. gpu.js is imported here only, lazily (`import('gpu.js')` on first use).
 *
 * Kernels, one thread per (lane, neuron); per step, in the reference order:
 *  1. `spike`: exact-propagator update `vn = Ib + (v - Ib) em + Ie ce + Ii ci` of the
 *     non-refractory neurons and threshold `vn > vThresh` (1 or 0);
 *  2. `v`: vn, or v kept while refractory, or vReset after a spike; `refUntil`: the step from
 *     which the neuron updates again (`step + round(refractory / dt)` after a spike);
 *  3. `Ie` / `Ii`: decay, then the synaptic input of this step: per target, the sum over its
 *     incoming synapses (a CSR-by-post copy of the network, split by sign) of the weights of
 *     the presynaptic neurons that spiked in that lane `d` steps ago (`d = round(delay / dt)`
 *     per synapse), in presynaptic order; input spikes of this step ('synapse' coupling) go
 *     into Ie after the recurrent ones. With delays, the spikes of the last `maxDelay + 1`
 *     steps are kept on the device in a spike-history ring ([lanes x (maxDelay + 1) N], slot
 *     `step mod (maxDelay + 1)` rewritten each step by the `hist` kernel); without delays the
 *     kernel reads this step's spikes directly;
 *  4. `trace`: the filtered spike train `tr exp(-dt / readoutTau) + spike`; `counts`.
 * The analog input current ('current' coupling) is one more kernel, `Ib = bias + sum_c w x_c`
 * over the lane's current frame (channel order), run only when some lane enters a new frame.
 *
 * State stays on the device between steps (`pipeline: true`, `immutable: true`, textures on a
 * GL device); only the readout traces are read back, every `readoutInterval`, plus the counts
 * at the end (and the spikes / voltages of lanes whose recording is requested).
 *
 * Limits: gpu.js stores every kernel output as float32, so only `precision: 'f32'` is
 * accepted; Tsodyks-Markram (dynamic) synapses are not supported (RangeError naming the
 * field): use the cpu backend for those networks, or build them with static synapses.
 *
 * Modes: {@link runGpuLanes} runs on a real GPU only (`gpuAvailability()`: gpu.js in a
 * 'headlessgl' / 'webgl2' / 'webgl' mode on a renderer that is not a software one);
 * {@link runGpuLanesWithMode} runs the same kernels in any gpu.js mode, e.g. 'cpu' (kernels
 * as plain JS in float64, outputs stored as Float32Array) for tests on machines without a GPU.
 * Without a GPU, gpu.js's 'cpu' and 'webasm' modes are much slower than the CPU backend
 * (they touch every synapse of every neuron every step): never a fallback.
 *
 * @module
 */
import { BackendUnavailableError } from '../../core/errors.js';
import type { InputCoupling, LifNetwork } from '../network.js';
import type { ReservoirInput } from '../input.js';
import type { LaneResult, ResolvedSimulationOptions } from '../run-types.js';
import { checkRecording } from '../run-types.js';
import { prepareLaneInputs } from './lane-inputs.js';
import { laneSchedule } from './lane-schedule.js';

/** gpu.js modes the kernels can run in. 'gpu' = the detected real GPU (see {@link gpuAvailability}). */
export type GpuMode = 'gpu' | 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';

/** Modes that run on a graphics device (the others run on the CPU). */
const DEVICE_MODES = ['headlessgl', 'webgl2', 'webgl'] as const;
type DeviceMode = (typeof DEVICE_MODES)[number];

/** Whether a real GPU can run the kernels, and why (not). */
export interface GpuAvailability {
  /** True when gpu.js runs on a hardware (non-software) GL renderer. */
  readonly available: boolean;
  /** Why: the renderer found, or what is missing. */
  readonly reason: string;
  /** The gpu.js mode that would run, when available. */
  readonly mode?: DeviceMode;
  /** The renderer string reported by the GL context, when one was created. */
  readonly renderer?: string;
}

/** Renderer names of software rasterizers (Mesa llvmpipe/softpipe/swrast, SwiftShader, WARP...). */
const SOFTWARE_RENDERER = /llvmpipe|softpipe|swrast|swiftshader|software|lavapipe|basic render|mesa offscreen/i;

// --- minimal typing of the parts of gpu.js used here ---------------------------------------
interface GpuTexture {
  toArray(): unknown;
  delete(): void;
}
interface GpuKernel {
  (...args: unknown[]): unknown;
  setOutput(o: number[]): GpuKernel;
  setPipeline(f: boolean): GpuKernel;
  setImmutable(f: boolean): GpuKernel;
  setLoopMaxIterations(n: number): GpuKernel;
  setPrecision(p: 'single' | 'unsigned'): GpuKernel;
  setTactic(t: 'speed' | 'balanced' | 'precision'): GpuKernel;
  context?: unknown;
}
interface GpuInstance {
  createKernel(source: string, settings?: Record<string, unknown>): GpuKernel;
  destroy(): Promise<void> | void;
  Kernel: { name: string };
}
interface GpuJs {
  GPU: {
    new (settings?: { mode?: string }): GpuInstance;
    isHeadlessGLSupported: boolean;
    isWebGL2Supported: boolean;
    isWebGLSupported: boolean;
  };
}
interface GlContext {
  RENDERER: number;
  VENDOR: number;
  getParameter(p: number): unknown;
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number; UNMASKED_VENDOR_WEBGL: number } | null;
}

let gpuJs: Promise<GpuJs> | null = null;

/** Import gpu.js once (lazily). */
function loadGpuJs(): Promise<GpuJs> {
  gpuJs ??= import('gpu.js').then((m) => {
    const mod = m as unknown as GpuJs & { default?: GpuJs };
    return mod.GPU ? mod : mod.default!;
  });
  return gpuJs;
}

/** The renderer of a GL kernel's context: the unmasked name where the driver exposes it. */
function rendererOf(kernel: GpuKernel): string {
  const gl = kernel.context as GlContext | undefined;
  if (!gl || typeof gl.getParameter !== 'function') return '';
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  const parts = dbg ? [gl.getParameter(dbg.UNMASKED_VENDOR_WEBGL), gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL)] : [gl.getParameter(gl.VENDOR), gl.getParameter(gl.RENDERER)];
  return parts.filter((x) => typeof x === 'string' && x.length > 0).join(' / ');
}

let availability: Promise<GpuAvailability> | null = null;

/**
 * Whether a real GPU can run the kernels (cached): gpu.js must create a context in one of its
 * GL modes ('headlessgl' in Node needs the optional `gl` package and a GPU driver), run a test
 * kernel, and report a renderer that is identified and is not a software rasterizer. gpu.js's
 * own 'gpu' mode would silently fall back to its WebAssembly mode instead; this check does not.
 */
export function gpuAvailability(): Promise<GpuAvailability> {
  availability ??= probeGpu();
  return availability;
}

async function probeGpu(): Promise<GpuAvailability> {
  let m: GpuJs;
  try {
    m = await loadGpuJs();
  } catch (e) {
    return { available: false, reason: `gpu.js cannot be loaded (${(e as Error).message.split('\n')[0]})` };
  }
  const supported: Record<DeviceMode, boolean> = { headlessgl: m.GPU.isHeadlessGLSupported, webgl2: m.GPU.isWebGL2Supported, webgl: m.GPU.isWebGLSupported };
  const tried: string[] = [];
  for (const mode of DEVICE_MODES) {
    if (!supported[mode]) continue;
    let gpu: GpuInstance | null = null;
    try {
      gpu = new m.GPU({ mode });
      const k = gpu.createKernel('function (a) { return a[this.thread.x] * 2; }').setOutput([4]).setPrecision('single');
      const out = k(Float32Array.of(1, 2, 3, 4)) as Float32Array;
      if (out[3] !== 8) throw new Error(`test kernel returned ${Array.from(out).join(',')}`);
      const renderer = rendererOf(k);
      if (!renderer || /^(angle|webkit webgl|mozilla|stack-?gl)$/i.test(renderer.trim())) {
        tried.push(`${mode}: the renderer cannot be identified ("${renderer}"), so a software one cannot be ruled out`);
        continue;
      }
      if (SOFTWARE_RENDERER.test(renderer)) {
        tried.push(`${mode}: software renderer "${renderer}"`);
        continue;
      }
      return { available: true, reason: `gpu.js ${mode} on "${renderer}"`, mode, renderer };
    } catch (e) {
      tried.push(`${mode}: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      try {
        await gpu?.destroy();
      } catch {
        /* a context that failed to start may fail to stop */
      }
    }
  }
  if (tried.length === 0) {
    return {
      available: false,
      reason: "no GL context for gpu.js (in Node its 'headlessgl' mode needs the optional 'gl' package, not installed here, and a GPU driver); gpu.js's WebAssembly and CPU modes are no substitute (much slower than the cpu backend)",
    };
  }
  return { available: false, reason: `no hardware GL renderer for gpu.js (${tried.join('; ')})` };
}

/** Check what the kernels cannot do; throws RangeError naming the field. */
function checkSupported(net: LifNetwork, opts: ResolvedSimulationOptions): void {
  if (net.stp) throw new RangeError('stp: the gpu backend does not support Tsodyks-Markram (dynamic) synapses; use the cpu backend or a network with static synapses');
  if (opts.precision !== 'f32') throw new RangeError(`precision: the gpu backend stores its state in float32 (gpu.js kernel outputs); pass 'f32', got ${JSON.stringify(opts.precision)}`);
}

/** Round to 15 significant digits (as the CPU backend does with dt / time unit). */
function clean(x: number): number {
  return Number(x.toPrecision(15));
}

/**
 * Incoming synapses per target (CSR by post), split into w > 0 and w < 0, in presynaptic
 * order, with each synapse's delay in steps (`delaySteps`, indexed like `weight`; null = 0).
 */
function byPost(n: number, rowPtr: Int32Array, post: Int32Array, weight: Float64Array, keep: (w: number) => boolean, delaySteps: Int32Array | null = null): { ptr: Float32Array; pre: Float32Array; w: Float32Array; del: Float32Array; maxDeg: number } {
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

// --- kernel sources (gpu.js JavaScript subset; x = neuron, y = lane) ------------------------
const K_INIT_ROW = `function (a) { return a[this.thread.x]; }`;
const K_FILL = `function (x) { return x; }`;
const K_SPIKE = `function (v, Ie, Ii, Ib, refUntil, step, em, ce, ci, vth) {
  const i = this.thread.x; const l = this.thread.y;
  if (step < refUntil[l][i]) return 0;
  const ib = Ib[l][i];
  const vn = ib + (v[l][i] - ib) * em + Ie[l][i] * ce + Ii[l][i] * ci;
  if (vn > vth) return 1;
  return 0;
}`;
const K_V = `function (v, Ie, Ii, Ib, refUntil, spike, step, em, ce, ci, vreset) {
  const i = this.thread.x; const l = this.thread.y;
  if (spike[l][i] > 0.5) return vreset;
  if (step < refUntil[l][i]) return v[l][i];
  const ib = Ib[l][i];
  return ib + (v[l][i] - ib) * em + Ie[l][i] * ce + Ii[l][i] * ci;
}`;
const K_REF = `function (refUntil, spike, refSteps, step) {
  const i = this.thread.x; const l = this.thread.y;
  if (spike[l][i] > 0.5) return step + refSteps[i];
  return refUntil[l][i];
}`;
/**
 * Ie or Ii: decay, then the incoming weights of the presynaptic spikes due now (+ input
 * spikes). Without delays `spike` is this step's [lanes][N] spikes; with delays it is the
 * history ring [lanes][R N] and a synapse of delay d reads slot (slotNow - d) mod R.
 */
function currentKernel(withInput: boolean, withDelays: boolean): string {
  const read = withDelays
    ? `let s = slotNow - del[k];
    if (s < 0) s += R;
    if (spike[l][s * nN + pre[k]] > 0.5) acc += w[k];`
    : `if (spike[l][pre[k]] > 0.5) acc += w[k];`;
  return `function (I, spike, ptr, pre, w, decay${withDelays ? ', del, slotNow, R, nN' : ''}${withInput ? ', inCount, inPtr, inCh, inW' : ''}) {
  const i = this.thread.x; const l = this.thread.y;
  let acc = I[l][i] * decay;
  const k0 = ptr[i]; const k1 = ptr[i + 1];
  for (let k = k0; k < k1; k++) {
    ${read}
  }${withInput ? `
  const q0 = inPtr[i]; const q1 = inPtr[i + 1];
  for (let q = q0; q < q1; q++) {
    acc += inCount[l][inCh[q]] * inW[q];
  }` : ''}
  return acc;
}`;
}
/** Spike-history ring [lanes][R N]: slot `slotNow` (x in [slotNow N, slotNow N + N)) takes this step's spikes. */
const K_HIST = `function (hist, spike, slotNow, nN) {
  const x = this.thread.x; const l = this.thread.y;
  const s = Math.floor(x / nN);
  if (s === slotNow) return spike[l][x - s * nN];
  return hist[l][x];
}`;
const K_TRACE = `function (tr, spike, d) {
  const i = this.thread.x; const l = this.thread.y;
  return tr[l][i] * d + spike[l][i];
}`;
const K_COUNT = `function (c, spike, laneSteps, step) {
  const i = this.thread.x; const l = this.thread.y;
  if (step < laneSteps[l]) return c[l][i] + spike[l][i];
  return c[l][i];
}`;
/** Ib = bias + sum over the neuron's input projections of weight * the lane's frame value. */
const K_IB = `function (bias, x, ptr, ch, w) {
  const i = this.thread.x; const l = this.thread.y;
  let acc = bias[i];
  const k0 = ptr[i]; const k1 = ptr[i + 1];
  for (let k = k0; k < k1; k++) {
    acc += w[k] * x[l][ch[k]];
  }
  return acc;
}`;

/** Rows of a 2-D kernel result (array of Float32Array) from a texture or a CPU-mode array. */
function rows(x: unknown): Float32Array[] {
  const a = typeof (x as GpuTexture).toArray === 'function' ? (x as GpuTexture).toArray() : x;
  return a as Float32Array[];
}

/**
 * Simulate every input as one lane on the real GPU found by {@link gpuAvailability};
 * throws BackendUnavailableError when there is none. Same contract as the CPU backend
 * (BACKENDS.md) with the limits of the module doc.
 */
export async function runGpuLanes(net: LifNetwork, coupling: InputCoupling | null, inputs: readonly ReservoirInput[], opts: ResolvedSimulationOptions): Promise<LaneResult[]> {
  return runGpuLanesWithMode('gpu', net, coupling, inputs, opts);
}

/**
 * {@link runGpuLanes} in a chosen gpu.js mode: 'gpu' = the real GPU (BackendUnavailableError
 * when missing), 'headlessgl' / 'webgl2' / 'webgl' = that GL mode even on a software
 * renderer, 'webasm' / 'cpu' = gpu.js's WebAssembly / plain-JS execution of the same kernels
 * (for tests and comparisons; slow). Throws BackendUnavailableError when gpu.js cannot run
 * the mode here, RangeError for what the kernels do not support (module doc).
 */
export async function runGpuLanesWithMode(mode: GpuMode, net: LifNetwork, coupling: InputCoupling | null, inputs: readonly ReservoirInput[], opts: ResolvedSimulationOptions): Promise<LaneResult[]> {
  const modes: readonly GpuMode[] = ['gpu', 'headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'];
  if (!modes.includes(mode)) throw new RangeError(`mode: must be one of ${modes.join(', ')}, got ${JSON.stringify(mode)}`);
  const lanes = inputs.length;
  const dtn = clean(opts.dt / net.units.time);
  checkSupported(net, opts);
  if (lanes === 0) return [];
  let gpuMode: string = mode;
  if (mode === 'gpu') {
    const av = await gpuAvailability();
    if (!av.available || !av.mode) throw new BackendUnavailableError(`backend 'gpu' is not available: ${av.reason}`);
    gpuMode = av.mode;
  }
  const { GPU } = await loadGpuJs();
  let gpu: GpuInstance;
  try {
    gpu = new GPU({ mode: gpuMode });
  } catch (e) {
    throw new BackendUnavailableError(`gpu.js mode '${gpuMode}' cannot run here (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
  try {
    return simulate(gpu, gpuMode, net, coupling, inputs, opts, dtn);
  } finally {
    await gpu.destroy();
  }
}

function simulate(gpu: GpuInstance, gpuMode: string, net: LifNetwork, coupling: InputCoupling | null, inputs: readonly ReservoirInput[], opts: ResolvedSimulationOptions, dtn: number): LaneResult[] {
  const lanes = inputs.length;
  const N = net.n;
  const em = Math.exp(-dtn / net.tauMem);
  const ee = Math.exp(-dtn / net.tauExc);
  const ei = Math.exp(-dtn / net.tauInh);
  const ce = (net.tauExc / (net.tauExc - net.tauMem)) * (ee - em);
  const ci = (net.tauInh / (net.tauInh - net.tauMem)) * (ei - em);
  const onDevice = (DEVICE_MODES as readonly string[]).includes(gpuMode);

  // Per-lane lengths, readout grid, input bookkeeping (as the CPU backend).
  const dtSec = opts.dt;
  const { analogSteps, spikeStep, anyAnalog, anySpikes } = prepareLaneInputs(inputs, coupling, dtSec);
  const { laneSteps, maxSteps, sampleEvery, laneSamples, traces } = laneSchedule(N, inputs, opts);
  const trDecay = Math.exp(-dtSec / opts.readoutTau);
  const spikePtr = new Int32Array(lanes);
  const analog = coupling !== null && coupling.kind === 'current' && anyAnalog;
  const spikeIn = coupling !== null && coupling.kind === 'synapse' && anySpikes;
  const C = coupling?.channels ?? 1;

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

  // Device copies of the network (CSR by post, split by sign) and of the coupling.
  const exc = byPost(N, net.rowPtr, net.post, net.weight, (w) => w > 0, delaySteps);
  const inh = byPost(N, net.rowPtr, net.post, net.weight, (w) => !(w > 0), delaySteps);
  const coup = coupling ? byPost(N, coupling.rowPtr, coupling.post, coupling.weight, () => true) : null;
  // byPost treats rows as presynaptic indices: for the coupling they are channels.
  const refSteps = Float32Array.from(net.refractory, (r) => Math.round(clean(r / dtn)));
  const laneStepsF = Float32Array.from(laneSteps);
  const loopMax = Math.max(1, exc.maxDeg, inh.maxDeg, coup?.maxDeg ?? 0) + 1;

  const out = [N, lanes];
  const mk = (src: string, loops = false, output: number[] = out): GpuKernel => {
    const k = gpu.createKernel(src).setOutput(output).setPipeline(true).setImmutable(true).setTactic('precision');
    if (onDevice) k.setPrecision('single');
    if (loops) k.setLoopMaxIterations(loopMax);
    return k;
  };
  const kInitRow = mk(K_INIT_ROW);
  const kFill = mk(K_FILL);
  const kSpike = mk(K_SPIKE);
  const kV = mk(K_V);
  const kRef = mk(K_REF);
  const kIe = mk(currentKernel(spikeIn, delayed), true);
  const kIi = mk(currentKernel(false, delayed), true);
  const kHist = delayed ? mk(K_HIST, false, [R * N, lanes]) : null;
  const kHistInit = delayed ? mk(K_FILL, false, [R * N, lanes]) : null;
  const kTrace = mk(K_TRACE);
  const kCount = mk(K_COUNT);
  const kIb = analog ? mk(K_IB, true) : null;

  const live = new Set<unknown>();
  const keep = <T>(x: T): T => {
    live.add(x);
    return x;
  };
  /** Replace a state value, freeing the old texture on a device. */
  const swap = (old: unknown, next: unknown): unknown => {
    if (onDevice && old !== next && typeof (old as GpuTexture).delete === 'function') {
      (old as GpuTexture).delete();
      live.delete(old);
    }
    return keep(next);
  };

  const biasF = Float32Array.from(net.bias);
  let v = keep(kInitRow(Float32Array.from(net.v0)));
  let Ie = keep(kFill(0));
  let Ii = keep(kFill(0));
  let Ib = keep(kInitRow(biasF));
  let refUntil = keep(kFill(-1e9));
  let tr = keep(kFill(0));
  let cnt = keep(kFill(0));
  let hist: unknown = kHistInit ? keep(kHistInit(0)) : null;

  // Analog frames: one [lanes][channels] matrix, rebuilt when some lane enters a new frame.
  const curFrame = new Int32Array(lanes).fill(-1);
  const frameX = Array.from({ length: lanes }, () => new Float32Array(C));
  // Input spike counts of this step: [lanes][channels]; a shared zero matrix on quiet steps.
  const zeroCounts = Array.from({ length: lanes }, () => new Float32Array(C));
  const inCounts = Array.from({ length: lanes }, () => new Float32Array(C));

  const rec = new Map<number, { steps: number[]; neurons: number[]; volt: number[] }>();
  checkRecording(opts, N, lanes);
  for (const l of opts.recordSpikes) rec.set(l, { steps: [], neurons: [], volt: [] });
  const recV = opts.recordVoltage;

  try {
    for (let step = 0; step < maxSteps; step++) {
      if (analog && kIb) {
        let changed = false;
        for (let l = 0; l < lanes; l++) {
          const inp = inputs[l]!;
          if (inp.kind !== 'analog') continue;
          let f = Math.floor((step + 1e-9) / analogSteps[l]!);
          if (f >= inp.frames || step >= laneSteps[l]!) f = -2;
          if (f === curFrame[l]) continue;
          curFrame[l] = f;
          changed = true;
          const row = frameX[l]!;
          if (f >= 0) row.set(inp.data.subarray(f * inp.channels, (f + 1) * inp.channels));
          else row.fill(0);
        }
        if (changed) Ib = swap(Ib, kIb(biasF, frameX, coup!.ptr, coup!.pre, coup!.w));
      }
      let counts = zeroCounts;
      if (spikeIn) {
        let any = false;
        for (let l = 0; l < lanes; l++) {
          const st = spikeStep[l];
          const row = inCounts[l]!;
          row.fill(0);
          if (!st) continue;
          const inp = inputs[l] as Extract<ReservoirInput, { kind: 'spikes' }>;
          let p = spikePtr[l]!;
          while (p < st.length && st[p]! < step) p++;
          while (p < st.length && st[p] === step) {
            row[inp.channels[p]!]! += 1;
            any = true;
            p++;
          }
          spikePtr[l] = p;
        }
        if (any) counts = inCounts;
      }
      const spike = keep(kSpike(v, Ie, Ii, Ib, refUntil, step, em, ce, ci, net.vThresh));
      const vNext = kV(v, Ie, Ii, Ib, refUntil, spike, step, em, ce, ci, net.vReset);
      const refNext = kRef(refUntil, spike, refSteps, step);
      const slotNow = step % R;
      if (kHist) hist = swap(hist, kHist(hist, spike, slotNow, N));
      const src = kHist ? hist : spike;
      const dArgs = kHist ? [slotNow, R, N] : [];
      const IeNext = spikeIn
        ? kIe(Ie, src, exc.ptr, exc.pre, exc.w, ee, ...(kHist ? [exc.del, ...dArgs] : []), counts, coup!.ptr, coup!.pre, coup!.w)
        : kIe(Ie, src, exc.ptr, exc.pre, exc.w, ee, ...(kHist ? [exc.del, ...dArgs] : []));
      const IiNext = kIi(Ii, src, inh.ptr, inh.pre, inh.w, ei, ...(kHist ? [inh.del, ...dArgs] : []));
      const trNext = kTrace(tr, spike, trDecay);
      const cntNext = kCount(cnt, spike, laneStepsF, step);
      v = swap(v, vNext);
      refUntil = swap(refUntil, refNext);
      Ie = swap(Ie, IeNext);
      Ii = swap(Ii, IiNext);
      tr = swap(tr, trNext);
      cnt = swap(cnt, cntNext);
      if (rec.size > 0) {
        const s = rows(spike);
        for (const [l, r] of rec) {
          if (step >= laneSteps[l]!) continue;
          const row = s[l]!;
          for (let i = 0; i < N; i++) {
            if (row[i]! > 0.5 && r.steps.length < opts.maxRecordedSpikes) {
              r.steps.push(step);
              r.neurons.push(i);
            }
          }
        }
      }
      if (onDevice) {
        (spike as GpuTexture).delete();
        live.delete(spike);
      }
      if ((step + 1) % sampleEvery === 0) {
        const sIdx = (step + 1) / sampleEvery - 1;
        const t = rows(tr);
        const vRows = rec.size > 0 && recV.length > 0 ? rows(v) : null;
        for (let l = 0; l < lanes; l++) {
          if (sIdx >= laneSamples[l]!) continue;
          traces[l]!.set(t[l]!.subarray(0, N), sIdx * N);
          const r = rec.get(l);
          if (r && vRows) for (const i of recV) r.volt.push(vRows[l]![i]!);
        }
      }
    }
    const c = rows(cnt);
    return inputs.map((_, l) => {
      const counts = Int32Array.from(c[l]!.subarray(0, N), (x) => Math.round(x));
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
    if (onDevice) for (const x of live) if (x && typeof (x as GpuTexture).delete === 'function') (x as GpuTexture).delete();
  }
}
