/**
 * `LifReservoir`: a thin stateful wrapper that owns a network, its input coupling and the
 * simulation options, and runs batches of utterances (lanes) through them. Every run starts
 * from the same initial state (the network's v0, zero currents), so runs are independent and
 * can be split across workers freely.
 *
 * @module
 */
import { ModelFormatError } from '../core/errors.js';
import type { ProgressCallback } from '../core/progress.js';
import { typedFromJson, typedToJson, type TypedArrayJson } from '../core/typed-json.js';
import type { ReservoirInput } from './input.js';
import type { InputCoupling, LifNetwork } from './network.js';
import { validateCoupling, validateNetwork } from './network.js';
import type { LaneResult, ResolvedSimulationOptions, SimulationOptions } from './run-types.js';
import { checkRecording, resolveSimulationOptions } from './run-types.js';
import { autoWorkers, runCpuPool } from './backends/pool.js';
import { checkBackendChoice, selectBackend, type BackendName, type GpuSelectOptions, type OnUnavailable, type SelectedAdapter } from './backends/select.js';

/** Options of a {@link LifReservoir}. */
export interface LifReservoirOptions extends SimulationOptions {
  /** Engine; default 'cpu'. */
  readonly backend?: BackendName;
  /** What to do when 'gpu' is asked for but missing; default 'warn'. */
  readonly onUnavailable?: OnUnavailable;
  /** The gpu backend's device: `mode` 'webgpu' (default) or 'gl', `dawnFlags` for Dawn (docs/gpu.md). */
  readonly gpu?: GpuSelectOptions;
  /** Worker threads for the CPU backend: a count or 'auto' (all cores); default 1. */
  readonly workers?: number | 'auto';
  /** Lanes simulated together in one pass; default 64. */
  readonly lanesPerBatch?: number;
}

/** Which backend ran the last `run`, and why. */
export interface RunInfo {
  /** 'gpu-software' = the gpu backend on a software WebGPU adapter (not a GPU result). */
  readonly backend: 'cpu' | 'gpu' | 'gpu-software';
  /** The WebGPU adapter of a gpu run (vendor, architecture, device, description, isFallbackAdapter, kind). */
  readonly adapter?: SelectedAdapter;
  readonly reason: string;
  readonly workers: number;
}

const TYPE = 'lsm-ser/LifReservoir';
const VERSION = 1;

/**
 * A LIF reservoir with its input coupling. The network and coupling are read, never written;
 * do not edit their arrays in place once the reservoir has run (the worker pool and the
 * WebAssembly kernel keep prepared copies per network object): build a new network instead.
 */
export class LifReservoir {
  readonly network: LifNetwork;
  readonly coupling: InputCoupling | null;
  readonly options: LifReservoirOptions;
  /** Set after each `run`. */
  lastRun: RunInfo | null = null;

  constructor(network: LifNetwork, coupling: InputCoupling | null, options: LifReservoirOptions = {}) {
    validateNetwork(network);
    if (coupling) validateCoupling(coupling, network.n);
    this.network = network;
    this.coupling = coupling;
    this.options = { ...options };
    const r = this.resolved();
    const w = options.workers ?? 1;
    if (w !== 'auto' && (!Number.isInteger(w) || w < 1)) throw new RangeError(`workers: must be an integer >= 1 or 'auto', got ${w}`);
    const lpb = options.lanesPerBatch ?? 64;
    if (!Number.isInteger(lpb) || lpb < 1) throw new RangeError(`lanesPerBatch: must be an integer >= 1, got ${lpb}`);
    checkRecording(r, network.n);
    checkBackendChoice(options.backend ?? 'cpu', options.onUnavailable ?? 'warn');
  }

  /** The resolved simulation options. */
  resolved(): ResolvedSimulationOptions {
    return resolveSimulationOptions(this.options, this.network.tauMem * this.network.units.time);
  }

  /** Simulate each input as one lane; results in input order. */
  async run(inputs: readonly ReservoirInput[], options: { onProgress?: ProgressCallback } = {}): Promise<LaneResult[]> {
    const opts = this.resolved();
    checkRecording(opts, this.network.n, inputs.length); // before chunking, which would drop out-of-range lanes
    const sel = await selectBackend(this.options.backend ?? 'cpu', this.options.onUnavailable ?? 'warn', this.options.gpu ?? {});
    const onProgress = options.onProgress;
    onProgress?.({ phase: 'simulate', done: 0, total: inputs.length });
    let res: LaneResult[];
    const w = this.options.workers === 'auto' ? autoWorkers() : (this.options.workers ?? 1);
    if (sel.name === 'gpu' && sel.run) {
      res = await sel.run(this.network, this.coupling, inputs, opts);
      this.lastRun = { backend: sel.used, reason: sel.reason, workers: 1, ...(sel.adapter ? { adapter: sel.adapter } : {}) };
    } else {
      res = await runCpuPool(this.network, this.coupling, inputs, opts, w, this.options.lanesPerBatch ?? 64, (done) =>
        onProgress?.({ phase: 'simulate', done, total: inputs.length }),
      );
      this.lastRun = { backend: 'cpu', reason: sel.reason, workers: w };
    }
    onProgress?.({ phase: 'simulate', done: inputs.length, total: inputs.length });
    return res;
  }

  /** Versioned JSON with every weight (reloads to identical spikes). */
  toJSON(): Record<string, unknown> {
    const n = this.network;
    const arr = (a: Float64Array | Int32Array) => typedToJson(a);
    return {
      type: TYPE,
      version: VERSION,
      options: this.options,
      network: {
        n: n.n,
        nExc: n.nExc,
        tauMem: n.tauMem,
        tauExc: n.tauExc,
        tauInh: n.tauInh,
        vThresh: n.vThresh,
        vReset: n.vReset,
        units: n.units,
        bias: arr(n.bias),
        v0: arr(n.v0),
        refractory: arr(n.refractory),
        rowPtr: arr(n.rowPtr),
        post: arr(n.post),
        weight: arr(n.weight),
        delay: n.delay ? arr(n.delay) : null,
        stp: n.stp ? { U: arr(n.stp.U), D: arr(n.stp.D), F: arr(n.stp.F) } : null,
        positions: n.positions ? arr(n.positions) : null,
      },
      coupling: this.coupling
        ? {
            kind: this.coupling.kind,
            channels: this.coupling.channels,
            rowPtr: arr(this.coupling.rowPtr),
            post: arr(this.coupling.post),
            weight: arr(this.coupling.weight),
          }
        : null,
    };
  }

  /** Rebuild a reservoir from {@link LifReservoir.toJSON} output; `file` names the source in errors. */
  static load(json: unknown, file = 'reservoir'): LifReservoir {
    const j = json as Record<string, unknown> | null;
    if (!j || typeof j !== 'object' || j.type !== TYPE) throw new ModelFormatError(file, `not a ${TYPE} record`);
    if (j.version !== VERSION) throw new ModelFormatError(file, `${TYPE} version ${String(j.version)} is not supported (expected ${VERSION})`);
    try {
      const n = j.network as Record<string, unknown>;
      const f64 = (v: unknown, name: string) => typedFromJson(v as TypedArrayJson, name) as Float64Array;
      const i32 = (v: unknown, name: string) => typedFromJson(v as TypedArrayJson, name) as Int32Array;
      const stp = n.stp as Record<string, unknown> | null;
      const network: LifNetwork = {
        n: n.n as number,
        nExc: n.nExc as number,
        tauMem: n.tauMem as number,
        tauExc: n.tauExc as number,
        tauInh: n.tauInh as number,
        vThresh: n.vThresh as number,
        vReset: n.vReset as number,
        units: n.units as { time: number; voltage: number },
        bias: f64(n.bias, 'bias'),
        v0: f64(n.v0, 'v0'),
        refractory: f64(n.refractory, 'refractory'),
        rowPtr: i32(n.rowPtr, 'rowPtr'),
        post: i32(n.post, 'post'),
        weight: f64(n.weight, 'weight'),
        delay: n.delay ? f64(n.delay, 'delay') : null,
        stp: stp ? { U: f64(stp.U, 'stp.U'), D: f64(stp.D, 'stp.D'), F: f64(stp.F, 'stp.F') } : null,
        ...(n.positions ? { positions: f64(n.positions, 'positions') } : {}),
      };
      const c = j.coupling as Record<string, unknown> | null;
      const coupling: InputCoupling | null = c
        ? {
            kind: c.kind as 'current' | 'synapse',
            channels: c.channels as number,
            rowPtr: i32(c.rowPtr, 'coupling.rowPtr'),
            post: i32(c.post, 'coupling.post'),
            weight: f64(c.weight, 'coupling.weight'),
          }
        : null;
      return new LifReservoir(network, coupling, j.options as LifReservoirOptions);
    } catch (e) {
      if (e instanceof ModelFormatError) throw e;
      throw new ModelFormatError(file, `corrupt ${TYPE} record (${(e as Error).message})`, { cause: e });
    }
  }
}
