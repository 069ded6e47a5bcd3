/**
 * Backend selection: `'cpu'`, `'gpu'` (gpu.js, imported lazily; WebGPU on Dawn by default, any
 * adapter, a software one reported as `'gpu-software'`; `gpu.mode: 'gl'`: gpu.js's GL modes on a
 * hardware renderer) or `'auto'` (WebGPU on a hardware adapter, else the CPU: gpu.js's
 * CPU/WASM modes and software adapters are slower than the CPU engine).
 * When the GPU is asked for but missing, `onUnavailable` decides: `'warn'` falls back to the
 * CPU with one process warning saying why, `'error'` throws, `'silent'` falls back quietly.
 *
 * @module
 */
import { BackendUnavailableError } from '../../core/errors.js';
import type { InputCoupling, LifNetwork } from '../network.js';
import type { ReservoirInput } from '../input.js';
import type { LaneResult, ResolvedSimulationOptions } from '../run-types.js';

/** Which engine simulates. */
export type BackendName = 'cpu' | 'gpu' | 'auto';
/** What happens when the GPU is requested but not available. */
export type OnUnavailable = 'warn' | 'error' | 'silent';

/** A backend's run function (see BACKENDS.md). */
export type BackendRun = (
  net: LifNetwork,
  coupling: InputCoupling | null,
  inputs: readonly ReservoirInput[],
  opts: ResolvedSimulationOptions,
) => LaneResult[] | Promise<LaneResult[]>;

/** The WebGPU adapter a gpu run uses (see webgpu-dawn.ts), with its class. */
export interface SelectedAdapter {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
  /** 'gpu' (hardware) or 'gpu-software' (a software rasterizer: never a GPU result). */
  readonly kind: 'gpu' | 'gpu-software';
}

/** Options of the gpu backend (gpu.ts GpuOptions). */
export interface GpuSelectOptions {
  readonly mode?: 'webgpu' | 'gl';
  readonly dawnFlags?: readonly string[];
}

/** The GPU module's surface (src/lsm/backends/gpu.ts). */
export interface GpuModule {
  gpuBackendAvailability(options?: GpuSelectOptions): Promise<{ available: boolean; reason: string; adapter?: SelectedAdapter }>;
  runGpuLanes(...args: [...Parameters<BackendRun>, GpuSelectOptions?]): Promise<LaneResult[]>;
}

/** The outcome of {@link selectBackend}. */
export interface SelectedBackend {
  /** The backend that will run. */
  readonly name: 'cpu' | 'gpu';
  /** Why it was chosen (e.g. the reason the GPU is missing). */
  readonly reason: string;
  /** The GPU run function when `name` is 'gpu'. */
  readonly run?: BackendRun;
  /** What ran, for reports: 'cpu', 'gpu' or 'gpu-software' (a gpu run on a software WebGPU adapter). */
  readonly used: 'cpu' | 'gpu' | 'gpu-software';
  /** The WebGPU adapter, when the gpu backend runs WebGPU. */
  readonly adapter?: SelectedAdapter;
}

let warned = false;

async function loadGpu(): Promise<GpuModule | string> {
  try {
    const spec = './gpu.js';
    return (await import(/* @vite-ignore */ spec)) as GpuModule;
  } catch (e) {
    return `the gpu.js backend could not be loaded (${(e as Error).message.split('\n')[0]})`;
  }
}

/** Throw a RangeError unless `requested` and `onUnavailable` are among their allowed values. */
export function checkBackendChoice(requested: BackendName, onUnavailable: OnUnavailable): void {
  if (requested !== 'cpu' && requested !== 'gpu' && requested !== 'auto')
    throw new RangeError(`backend: must be 'cpu' | 'gpu' | 'auto', got ${JSON.stringify(requested)}`);
  if (!['warn', 'error', 'silent'].includes(onUnavailable))
    throw new RangeError(`onUnavailable: must be 'warn' | 'error' | 'silent', got ${JSON.stringify(onUnavailable)}`);
}

/** Decide which backend runs, following the rules in the module doc. */
export async function selectBackend(requested: BackendName, onUnavailable: OnUnavailable = 'warn', gpu: GpuSelectOptions = {}): Promise<SelectedBackend> {
  checkBackendChoice(requested, onUnavailable);
  if (requested === 'cpu') return { name: 'cpu', reason: 'requested', used: 'cpu' };
  const mod = await loadGpu();
  let reason: string;
  if (typeof mod === 'string') reason = mod;
  else {
    const av = await mod.gpuBackendAvailability(gpu);
    const software = av.adapter?.kind === 'gpu-software';
    const run: BackendRun = (net, coupling, inputs, opts) => mod.runGpuLanes(net, coupling, inputs, opts, gpu);
    if (av.available && !(requested === 'auto' && software))
      return { name: 'gpu', reason: av.reason, run, used: software ? 'gpu-software' : 'gpu', ...(av.adapter ? { adapter: av.adapter } : {}) };
    reason = av.available ? `${av.reason}: 'auto' takes a hardware adapter only` : av.reason;
  }
  if (requested === 'auto') return { name: 'cpu', reason: `auto: ${reason}`, used: 'cpu' };
  if (onUnavailable === 'error') throw new BackendUnavailableError(`backend 'gpu' is not available: ${reason}`);
  if (onUnavailable === 'warn' && !warned) {
    warned = true;
    process.emitWarning(
      `lsm-ser: backend 'gpu' is not available (${reason}); running on the CPU backend. Set onUnavailable to 'silent' to silence this, or 'error' to stop instead (API: LifReservoir option onUnavailable; config files: simulation.onUnavailable, under lsm: in experiment configs; lsm-ser simulate: --on-unavailable).`,
      'BackendFallbackWarning',
    );
  }
  return { name: 'cpu', reason: `fallback: ${reason}`, used: 'cpu' };
}
