/**
 * Backend selection: `'cpu'`, `'gpu'` (gpu.js, imported lazily) or `'auto'` (the CPU unless a
 * real GPU is present: gpu.js's CPU/WASM fallbacks are 10-30x slower than the CPU engine).
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
export type BackendRun = (net: LifNetwork, coupling: InputCoupling | null, inputs: readonly ReservoirInput[], opts: ResolvedSimulationOptions) => LaneResult[] | Promise<LaneResult[]>;

/** The GPU module's surface (src/lsm/backends/gpu.ts). */
export interface GpuModule {
  gpuAvailability(): { available: boolean; reason: string } | Promise<{ available: boolean; reason: string }>;
  runGpuLanes: BackendRun;
}

/** The outcome of {@link selectBackend}. */
export interface SelectedBackend {
  /** The backend that will run. */
  readonly name: 'cpu' | 'gpu';
  /** Why it was chosen (e.g. the reason the GPU is missing). */
  readonly reason: string;
  /** The GPU run function when `name` is 'gpu'. */
  readonly run?: BackendRun;
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
  if (requested !== 'cpu' && requested !== 'gpu' && requested !== 'auto') throw new RangeError(`backend: must be 'cpu' | 'gpu' | 'auto', got ${JSON.stringify(requested)}`);
  if (!['warn', 'error', 'silent'].includes(onUnavailable)) throw new RangeError(`onUnavailable: must be 'warn' | 'error' | 'silent', got ${JSON.stringify(onUnavailable)}`);
}

/** Decide which backend runs, following the rules in the module doc. */
export async function selectBackend(requested: BackendName, onUnavailable: OnUnavailable = 'warn'): Promise<SelectedBackend> {
  checkBackendChoice(requested, onUnavailable);
  if (requested === 'cpu') return { name: 'cpu', reason: 'requested' };
  const mod = await loadGpu();
  let reason: string;
  if (typeof mod === 'string') reason = mod;
  else {
    const av = await mod.gpuAvailability();
    if (av.available) return { name: 'gpu', reason: av.reason, run: mod.runGpuLanes };
    reason = av.reason;
  }
  if (requested === 'auto') return { name: 'cpu', reason: `auto: ${reason}` };
  if (onUnavailable === 'error') throw new BackendUnavailableError(`backend 'gpu' is not available: ${reason}`);
  if (onUnavailable === 'warn' && !warned) {
    warned = true;
    process.emitWarning(`lsm-ser: backend 'gpu' is not available (${reason}); running on the CPU backend. Set onUnavailable to 'silent' to silence this, or 'error' to stop instead (API: LifReservoir option onUnavailable; config files: simulation.onUnavailable, under lsm: in experiment configs; lsm-ser simulate: --on-unavailable).`, 'BackendFallbackWarning');
  }
  return { name: 'cpu', reason: `fallback: ${reason}` };
}
