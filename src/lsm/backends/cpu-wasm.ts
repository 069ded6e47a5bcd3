/**
 * The CPU backend's WebAssembly kernel (assembly/lif-kernel.ts, 128-bit SIMD): the same step,
 * arithmetic and order as the JavaScript loop of cpu.ts, so both give bit-identical spikes,
 * counts and traces in f32 and f64 (tested); 1.8-3.0x faster on the netgen networks
 * (bench/results/engine-vs-brian2.md).
 *
 * JavaScript owns the memory: every array of a run is laid out in one `WebAssembly.Memory`
 * (the network's synapses first, cached per network, then the run's state and inputs), and the
 * kernel runs the whole batch in one call: analog drive, steps, readout samples.
 *
 * The neuron-model additions (adaptation, per-neuron time constants, noise; cpu-neuron.ts)
 * run in the kernel too, with per-element f64 constants laid out per run.
 * Not covered (the JavaScript loop runs them): Tsodyks-Markram synapses and spike/voltage
 * recording.
 *
 * @module
 */
import type { InputCoupling, LifNetwork } from '../network.js';
import type { ReservoirInput } from '../input.js';
import type { LaneResult, ResolvedSimulationOptions } from '../run-types.js';
import { prepareLaneInputs } from './lane-inputs.js';
import { laneResults, laneSchedule } from './lane-schedule.js';
import { LIF_KERNEL_WASM_BASE64 } from './lif-kernel-wasm.js';
import type { NeuronConstants } from './cpu-neuron.js';

/** The kernel's exports (see assembly/lif-kernel.ts). */
interface KernelExports {
  setup(
    n: number,
    lanes: number,
    nlp: number,
    ring: number,
    flush: number,
    em: number,
    ee: number,
    ei: number,
    ce: number,
    ci: number,
    vth: number,
    vreset: number,
  ): void;
  setState(
    v: number,
    ie: number,
    ii: number,
    ib: number,
    tr: number,
    ref: number,
    trLast: number,
    counts: number,
    refSteps: number,
    laneSteps: number,
    spk: number,
    decay: number,
  ): void;
  setSynapses(
    rowPtr: number,
    post: number,
    w: number,
    tgt: number,
    delay: number,
    ring: number,
    inPtr: number,
    inLane: number,
    inChan: number,
    cRow: number,
    cPost: number,
    cW: number,
  ): void;
  run64(from: number, to: number): void;
  run32(from: number, to: number): void;
  setSampling(out: number, laneSamples: number, every: number, maxSamples: number): void;
  setNeurons(
    on: number,
    kem: number,
    kee: number,
    kei: number,
    kce: number,
    kci: number,
    kea: number,
    a: number,
    inc: number,
    noise: number,
    std: number,
    seed: number,
    lane0: number,
  ): void;
  setAnalog(bias: number, aStep: number, aFrames: number, aData: number, curFrame: number, channels: number, newFrame: number, xcol: number): void;
}

/** The part of the WebAssembly JS API used here (lib ES2022 and @types/node 20 do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: object) => { exports: unknown };
  Memory: new (d: { initial: number }) => WasmMemory;
}
type WasmModule = { readonly __wasmModule?: never };
type WasmMemory = { readonly buffer: ArrayBuffer; grow(pages: number): number };
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: { module: WasmModule | null; reason: string } | null = null;

/** Whether the WebAssembly kernel can run here (compiled once per thread), and why not. */
export function wasmKernelAvailability(): { available: boolean; reason: string } {
  if (!compiled) {
    try {
      compiled = { module: new WA.Module(Buffer.from(LIF_KERNEL_WASM_BASE64, 'base64')), reason: 'WebAssembly SIMD kernel' };
    } catch (e) {
      compiled = { module: null, reason: `the WebAssembly SIMD kernel does not compile in this runtime (${(e as Error).message})` };
    }
  }
  return { available: compiled.module !== null, reason: compiled.reason };
}

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor;
type View = Float32Array | Float64Array | Int32Array | Uint32Array;

/** Bump allocator over one memory: plan a region, then grow the memory and create the views. */
class Layout {
  private readonly items: { ctor: Ctor; length: number; offset: number }[] = [];
  constructor(private end: number) {}
  /** Reserve `length` elements (16-byte aligned, at least 16 bytes); returns the item's index. */
  add(ctor: Ctor, length: number): number {
    const offset = this.end;
    this.end += Math.max(16, Math.ceil((length * ctor.BYTES_PER_ELEMENT) / 16) * 16);
    this.items.push({ ctor, length, offset });
    return this.items.length - 1;
  }
  /** Grow `memory` to hold the region (or create it); returns it with offsets and views. */
  build(memory?: WasmMemory): { memory: WasmMemory; offsets: number[]; views: View[] } | null {
    const pages = Math.ceil((this.end + 16) / 65536);
    if (pages > MAX_PAGES) return null;
    try {
      if (!memory) memory = new WA.Memory({ initial: pages });
      else if (memory.buffer.byteLength < pages * 65536) memory.grow(pages - memory.buffer.byteLength / 65536);
    } catch (e) {
      if (e instanceof RangeError) return null; // out of memory for the kernel: the JavaScript loop runs it
      throw e;
    }
    const buf = memory.buffer;
    const offsets = this.items.map((it) => it.offset);
    const views = this.items.map((it) => new it.ctor(buf, it.offset, it.length));
    return { memory, offsets, views };
  }
  /** First byte after the region. */
  get size(): number {
    return this.end;
  }
}

/**
 * A network laid out for the kernel: its synapses (and the target offsets, which depend on the
 * lane count) in the first part of a memory that later runs reuse. Cached per network,
 * precision, lane count and time step, as Brian2 keeps its built network between runs.
 */
interface Prepared {
  key: string;
  memory: WasmMemory;
  kernel: KernelExports;
  /** First free byte after the synapse region. */
  base: number;
  rowPtr: number;
  post: number;
  w: number;
  tgt: number;
  delay: number;
}

const PREPARED_PER_NETWORK = 4;
/** WebAssembly (32-bit) memory limit in 64 KiB pages: 4 GiB. */
const MAX_PAGES = 65536;
/** A memory that grew beyond this (bytes) for a large batch is not kept for the next run. */
const KEEP_BYTES = 256 * 1024 * 1024;
const prepared = new WeakMap<LifNetwork, Map<string, Prepared>>();

/** The cached {@link Prepared} layout of `net` (built on first use). */
function prepare(net: LifNetwork, f64: boolean, lanes: number, k: KernelConstants): Prepared | null {
  const key = `${f64 ? 'f64' : 'f32'}/${lanes}/${k.dtn}`; // the delays in steps follow from dt
  let byKey = prepared.get(net);
  if (!byKey) prepared.set(net, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const F = f64 ? Float64Array : Float32Array;
  const M = net.post.length;
  const NLp = Math.ceil((net.n * lanes) / 4) * 4;
  const lay = new Layout(1024); // the first KiB is left to the module
  const iRow = lay.add(Int32Array, net.n + 1),
    iPost = lay.add(Int32Array, M),
    iW = lay.add(F, M);
  const iTgt = lay.add(Uint32Array, M);
  const iDelay = k.delaySteps ? lay.add(Int32Array, M) : -1;
  const built = lay.build();
  if (!built) return null;
  const { memory, offsets, views } = built;
  (views[iRow] as Int32Array).set(net.rowPtr);
  (views[iPost] as Int32Array).set(net.post);
  const w = views[iW] as Float32Array | Float64Array;
  w.set(net.weight);
  if (k.delaySteps) (views[iDelay] as Int32Array).set(k.delaySteps);
  synapseTargets(views[iTgt] as Uint32Array, net.post, w, NLp * F.BYTES_PER_ELEMENT, lanes * F.BYTES_PER_ELEMENT);
  const kernel = new WA.Instance(compiled!.module!, { env: { memory } }).exports as unknown as KernelExports;
  const at = (i: number) => (i < 0 ? 0 : offsets[i]!);
  const p: Prepared = { key, memory, kernel, base: lay.size, rowPtr: at(iRow), post: at(iPost), w: at(iW), tgt: at(iTgt), delay: at(iDelay) };
  if (byKey.size >= PREPARED_PER_NETWORK) byKey.delete(byKey.keys().next().value!);
  byKey.set(key, p);
  return p;
}

/**
 * Run `inputs` through `net` with the WebAssembly kernel; `null` when the kernel does not apply
 * (Tsodyks-Markram synapses, recording), cannot run here, or the batch needs more than the
 * 4 GiB of a WebAssembly memory. Arguments as {@link runCpuLanes}.
 */
export function runWasmLanes(
  net: LifNetwork,
  coupling: InputCoupling | null,
  inputs: readonly ReservoirInput[],
  opt: ResolvedSimulationOptions,
  k: KernelConstants,
): LaneResult[] | null {
  if (net.stp || opt.recordSpikes.length > 0 || !wasmKernelAvailability().available) return null;
  const lanes = inputs.length;
  const N = net.n;
  const NL = N * lanes;
  const NLp = Math.ceil(NL / 4) * 4;
  const f64 = opt.precision === 'f64';
  const F = f64 ? Float64Array : Float32Array;
  const { analogSteps, spikeStep } = prepareLaneInputs(inputs, coupling, opt.dt);
  const sched = laneSchedule(N, inputs, opt);
  const { maxSteps, sampleEvery } = sched;
  const maxSamples = Math.floor(maxSteps / sampleEvery);
  const ring = k.delaySteps !== null;
  const R = k.maxDelay + 1;
  const spikes = coupling && coupling.kind === 'synapse' ? inputSpikesByStep(inputs, spikeStep, maxSteps) : null;
  const p = prepare(net, f64, lanes, k);
  if (!p) return null; // beyond 4 GiB: the JavaScript loop runs it

  // Per-run region, after the network's synapses. Ii must follow Ie (synapse target offsets).
  const lay = new Layout(p.base);
  const iIe = lay.add(F, NLp),
    iIi = lay.add(F, NLp),
    iV = lay.add(F, NLp),
    iIb = lay.add(F, NLp),
    iTr = lay.add(F, NLp);
  const iRef = lay.add(Int32Array, NLp),
    iTrLast = lay.add(Int32Array, NLp),
    iCounts = lay.add(Int32Array, NLp);
  const iRefSteps = lay.add(Int32Array, N),
    iLaneSteps = lay.add(Int32Array, lanes),
    iSpk = lay.add(Int32Array, NLp);
  const iDecay = lay.add(Float64Array, maxSteps + 1);
  const iOut = lay.add(Float32Array, lanes * maxSamples * N),
    iLaneSamples = lay.add(Int32Array, lanes);
  const iRing = ring ? lay.add(F, 2 * R * NLp) : -1;
  const iInPtr = spikes ? lay.add(Int32Array, spikes.ptr.length) : -1;
  const iInLane = spikes ? lay.add(Int32Array, spikes.lane.length) : -1;
  const iInChan = spikes ? lay.add(Int32Array, spikes.chan.length) : -1;
  const iCRow = coupling ? lay.add(Int32Array, coupling.rowPtr.length) : -1;
  const iCPost = coupling ? lay.add(Int32Array, coupling.post.length) : -1;
  const iCW = coupling ? lay.add(Float64Array, coupling.weight.length) : -1;
  const analog = coupling !== null && coupling.kind === 'current';
  const iBias = analog ? lay.add(Float64Array, N) : -1;
  const iAStep = analog ? lay.add(Float64Array, lanes) : -1;
  const iAFrames = analog ? lay.add(Int32Array, lanes) : -1;
  const iAData = analog ? lay.add(Uint32Array, lanes) : -1;
  const iCurFrame = analog ? lay.add(Int32Array, lanes) : -1;
  const iNewFrame = analog ? lay.add(Int32Array, lanes) : -1;
  const iXcol = analog ? lay.add(Float64Array, lanes) : -1;
  const iData = analog ? inputs.map((x) => (x.kind === 'analog' ? lay.add(Float32Array, x.data.length) : -1)) : [];
  // neuron-model additions: per-element constants, adaptation state, noise scratch
  const nc = k.neuron;
  const iK = nc ? [nc.em, nc.ee, nc.ei, nc.ce, nc.ci, nc.ea].map(() => lay.add(Float64Array, NLp)) : [];
  const iA = nc?.adapt ? lay.add(F, NLp) : -1;
  const iInc = nc?.adapt ? lay.add(Float64Array, N) : -1;
  const iNoise = nc && nc.noiseStd !== 0 ? lay.add(Float64Array, NLp) : -1;
  const built = lay.build(p.memory);
  if (!built) return null;
  const { offsets, views } = built;
  const at = (i: number) => (i < 0 ? 0 : offsets[i]!);
  // A reused memory holds the last run's state: clear what the kernel accumulates into.
  for (const i of [iIe, iIi, iTr, iTrLast, iCounts, iRing]) if (i >= 0) views[i]!.fill(0);
  const Ib = views[iIb] as Float32Array | Float64Array;
  neuronMajor(views[iV] as Float32Array | Float64Array, net.v0, lanes);
  neuronMajor(Ib, net.bias, lanes);
  const refUntil = views[iRef] as Int32Array;
  refUntil.fill(-2147483647, 0, NL);
  refUntil.fill(2147483647, NL); // padding never leaves its refractory period: never spikes
  (views[iRefSteps] as Int32Array).set(k.refSteps);
  (views[iLaneSteps] as Int32Array).set(sched.laneSteps);
  (views[iLaneSamples] as Int32Array).set(sched.laneSamples);
  (views[iDecay] as Float64Array).set(sched.decay);
  if (spikes) {
    (views[iInPtr] as Int32Array).set(spikes.ptr);
    (views[iInLane] as Int32Array).set(spikes.lane);
    (views[iInChan] as Int32Array).set(spikes.chan);
  }
  if (coupling) {
    (views[iCRow] as Int32Array).set(coupling.rowPtr);
    (views[iCPost] as Int32Array).set(coupling.post);
    (views[iCW] as Float64Array).set(coupling.weight);
  }
  if (analog) {
    (views[iBias] as Float64Array).set(net.bias);
    (views[iAStep] as Float64Array).set(analogSteps);
    (views[iCurFrame] as Int32Array).fill(-1);
    inputs.forEach((x, l) => {
      if (x.kind !== 'analog') return;
      (views[iAFrames] as Int32Array)[l] = x.frames;
      (views[iAData] as Uint32Array)[l] = at(iData[l]!);
      (views[iData[l]!] as Float32Array).set(x.data);
    });
  }
  if (nc) {
    [nc.em, nc.ee, nc.ei, nc.ce, nc.ci, nc.ea].forEach((c, q) => {
      neuronMajor(views[iK[q]!] as Float64Array, c, lanes);
      views[iK[q]!]!.fill(0, NL); // padding (a reused memory holds stale values)
    });
    if (iA >= 0) views[iA]!.fill(0);
    if (iInc >= 0) (views[iInc] as Float64Array).set(nc.inc);
  }
  const kx = p.kernel;
  kx.setup(N, lanes, NLp, ring ? R : 1, k.flushEvery, k.em, k.ee, k.ei, k.ce, k.ci, net.vThresh, net.vReset);
  kx.setState(at(iV), at(iIe), at(iIi), at(iIb), at(iTr), at(iRef), at(iTrLast), at(iCounts), at(iRefSteps), at(iLaneSteps), at(iSpk), at(iDecay));
  kx.setSampling(at(iOut), at(iLaneSamples), sampleEvery, maxSamples);
  kx.setAnalog(at(iBias), at(iAStep), at(iAFrames), at(iAData), at(iCurFrame), analog ? coupling.channels : 0, at(iNewFrame), at(iXcol));
  if (nc)
    kx.setNeurons(
      1,
      at(iK[0]!),
      at(iK[1]!),
      at(iK[2]!),
      at(iK[3]!),
      at(iK[4]!),
      at(iK[5]!),
      at(iA),
      at(iInc),
      at(iNoise),
      nc.noiseStd,
      nc.noiseSeed,
      nc.firstLane >>> 0,
    );
  else kx.setNeurons(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  kx.setSynapses(p.rowPtr, p.post, p.w, p.tgt, p.delay, at(iRing), at(iInPtr), at(iInLane), at(iInChan), at(iCRow), at(iCPost), at(iCW));
  (f64 ? kx.run64 : kx.run32)(0, maxSteps);
  const out = views[iOut] as Float32Array;
  for (let l = 0; l < lanes; l++) sched.traces[l]!.set(out.subarray(l * maxSamples * N, (l * maxSamples + sched.laneSamples[l]!) * N));
  const results = laneResults(N, lanes, sched, views[iCounts] as Int32Array, opt);
  if (p.memory.buffer.byteLength > KEEP_BYTES) prepared.get(net)?.delete(p.key);
  return results;
}

/** Constants of a run that runCpuLanes has already computed (network time units / steps). */
export interface KernelConstants {
  /** The time step, in network time units. */
  dtn: number;
  em: number;
  ee: number;
  ei: number;
  ce: number;
  ci: number;
  refSteps: Int32Array;
  delaySteps: Int32Array | null;
  maxDelay: number;
  flushEvery: number;
  /** Per-neuron constants when the network has adaptation, per-neuron time constants or noise; null = plain LIF. */
  neuron: NeuronConstants | null;
}

/** dst[i * lanes + l] = src[i] for every lane (the padding after n * lanes is left as it is). */
function neuronMajor(dst: Float32Array | Float64Array, src: Float64Array, lanes: number): void {
  if (lanes === 1) dst.set(src);
  else for (let i = 0; i < src.length; i++) dst.fill(src[i]!, i * lanes, (i + 1) * lanes);
}

/** Byte offset from Ie of each synapse's target current (Ie for w > 0, else Ii, `iiAt` bytes on) at lane 0. */
function synapseTargets(tgt: Uint32Array, post: Int32Array, w: Float32Array | Float64Array, iiAt: number, stride: number): void {
  for (let q = 0; q < tgt.length; q++) tgt[q] = (w[q]! > 0 ? 0 : iiAt) + post[q]! * stride;
}

/**
 * Visit the input spikes of one lane that the JavaScript loop adds, in its order: its pointer
 * takes an event only at a step >= every earlier event's (the running maximum), inside the run.
 */
function keptSpikes(st: Int32Array, maxSteps: number, visit: (p: number, step: number) => void): void {
  let last = -1;
  for (let p = 0; p < st.length; p++) {
    const s = st[p]!;
    if (s < last) continue;
    last = s;
    if (s >= 0 && s < maxSteps) visit(p, s);
  }
}

/** Input spikes per step (CSR over steps), lane by lane in time order (see {@link keptSpikes}). */
function inputSpikesByStep(
  inputs: readonly ReservoirInput[],
  spikeStep: (Int32Array | null)[],
  maxSteps: number,
): { ptr: Int32Array; lane: Int32Array; chan: Int32Array } {
  const ptr = new Int32Array(maxSteps + 1);
  for (const st of spikeStep) if (st) keptSpikes(st, maxSteps, (_, s) => ptr[s + 1]!++);
  for (let s = 0; s < maxSteps; s++) ptr[s + 1]! += ptr[s]!;
  const fill = ptr.slice(0, maxSteps);
  const lane = new Int32Array(Math.max(1, ptr[maxSteps]!));
  const chan = new Int32Array(lane.length);
  spikeStep.forEach((st, l) => {
    if (!st) return;
    const ch = (inputs[l] as Extract<ReservoirInput, { kind: 'spikes' }>).channels;
    keptSpikes(st, maxSteps, (p, s) => {
      const e = fill[s]!++;
      lane[e] = l;
      chan[e] = ch[p]!;
    });
  });
  return { ptr, lane, chan };
}
