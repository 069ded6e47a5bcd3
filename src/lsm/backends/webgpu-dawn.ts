/**
 * Dawn (the `webgpu` npm package's `dawn.node`) for gpu.js's WebGPU mode in Node: this module is
 * the only place that creates the WebGPU entry point, installs it as `navigator.gpu` (where
 * gpu.js looks for it), wraps `requestAdapter` for the routes that need it, records which
 * adapter answered, and destroys the device at the end so that the Node process can exit.
 *
 * Dawn flags (its `create([...])` toggles, e.g. `backend=opengles` or `backend=vulkan`) come
 * from the caller (`gpu.dawnFlags` in configs) or else from the environment variable
 * `LSM_SER_DAWN_FLAGS` (comma separated). With `backend=opengles` (Dawn's OpenGL ES backend on
 * Mesa, `EGL_PLATFORM=surfaceless`: the zero-install software route) only a request with
 * `featureLevel: 'compatibility'` gets an adapter, so the wrapper adds it; every device request
 * also asks for all the storage buffers per shader stage the adapter offers (the compatibility
 * default is lower than what the LIF kernels bind).
 *
 * `dawn.node` is loaded from `LSM_SER_DAWN_NODE` (absolute path of a lone `dawn.node`, as
 * bench/gpu-check.sh carries it to a server) or else from the `webgpu` package.
 *
 * @module
 */
import { createRequire } from 'node:module';

/** What the adapter says about itself (WebGPU `GPUAdapterInfo`), as recorded with every result. */
export interface AdapterInfo {
  /** Vendor name ('nvidia', 'mesa', ... ; may be empty). */
  readonly vendor: string;
  /** Architecture name (may be empty). */
  readonly architecture: string;
  /** Device name (e.g. 'llvmpipe ...', 'NVIDIA H200'; may be empty). */
  readonly device: string;
  /** Driver description (e.g. 'Mesa 25.0.7', 'OpenGL ES 3.2 Mesa 22.3.6'). */
  readonly description: string;
  /** True when the adapter says it is a fallback (software) adapter. */
  readonly isFallbackAdapter: boolean;
  /** Dawn flags the entry point was created with (e.g. ['backend=opengles']). */
  readonly dawnFlags: readonly string[];
}

/** Hardware adapter ('gpu') or a software rasterizer ('gpu-software', never reported as a GPU result). */
export type AdapterKind = 'gpu' | 'gpu-software';

/** Device / driver names of software implementations (Mesa llvmpipe / lavapipe / softpipe, SwiftShader, WARP...). */
export const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|softpipe|swrast|swiftshader|software|basic render|microsoft basic|mesa offscreen/i;

/**
 * Classify an adapter from its info: 'gpu-software' when it calls itself a fallback adapter or
 * any of its names matches {@link SOFTWARE_ADAPTER} (Dawn's OpenGL ES route on Mesa llvmpipe
 * reports `isFallbackAdapter: false`, so the names are checked too), or when it names nothing at
 * all (a software one cannot be ruled out); 'gpu' otherwise. `reason` says which.
 */
export function classifyAdapter(info: Pick<AdapterInfo, 'vendor' | 'architecture' | 'device' | 'description' | 'isFallbackAdapter'>): {
  kind: AdapterKind;
  reason: string;
} {
  const name = describeAdapter(info);
  if (info.isFallbackAdapter) return { kind: 'gpu-software', reason: `fallback adapter "${name}"` };
  const hit = [info.device, info.description, info.architecture, info.vendor].find((s) => SOFTWARE_ADAPTER.test(s ?? ''));
  if (hit !== undefined) return { kind: 'gpu-software', reason: `software adapter "${name}"` };
  if (![info.vendor, info.architecture, info.device, info.description].some((s) => (s ?? '').trim().length > 0))
    return { kind: 'gpu-software', reason: 'the adapter names neither vendor, device nor driver, so a software one cannot be ruled out' };
  return { kind: 'gpu', reason: `hardware adapter "${name}"` };
}

/** One line naming an adapter: vendor / architecture / device / description, the non-empty ones. */
export function describeAdapter(info: Pick<AdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'>): string {
  return [info.vendor, info.architecture, info.device, info.description].filter((s) => typeof s === 'string' && s.trim().length > 0).join(' / ') || '(unnamed)';
}

/** The Dawn flags to use: the given ones, else `LSM_SER_DAWN_FLAGS` (comma separated), else none. */
export function dawnFlags(flags?: readonly string[] | null): string[] {
  if (flags && flags.length > 0) {
    for (const f of flags)
      if (typeof f !== 'string' || !/^[A-Za-z0-9_]+=[^,]*$|^[A-Za-z0-9_]+$/.test(f))
        throw new RangeError(`gpu.dawnFlags: each flag must look like 'name=value' (e.g. 'backend=vulkan'), got ${JSON.stringify(f)}`);
    return [...flags];
  }
  const env = process.env.LSM_SER_DAWN_FLAGS ?? '';
  return env
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

// --- minimal typing of the WebGPU objects used here ------------------------------------------
interface WgpuAdapter {
  readonly info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean };
  readonly limits: Record<string, number>;
  requestDevice(desc?: { requiredLimits?: Record<string, number>; [k: string]: unknown }): Promise<unknown>;
}
interface WgpuEntry {
  requestAdapter(opts?: Record<string, unknown>): Promise<WgpuAdapter | null>;
}
interface DawnModule {
  create(flags: string[]): WgpuEntry;
}

let dawn: DawnModule | null = null;

/** Load dawn.node (from `LSM_SER_DAWN_NODE`, else the `webgpu` package); throws with the reason. */
async function loadDawn(): Promise<DawnModule> {
  if (dawn) return dawn;
  const lone = process.env.LSM_SER_DAWN_NODE;
  if (lone) {
    const req = createRequire(import.meta.url);
    dawn = req(lone) as DawnModule;
  } else {
    const spec = 'webgpu';
    dawn = (await import(/* @vite-ignore */ spec)) as DawnModule;
  }
  return dawn;
}

/** An open Dawn entry point installed as `navigator.gpu`; see {@link openDawn}. */
export interface DawnSession {
  /** The adapter gpu.js got (null until gpu.js asks for one, or when none answered). */
  adapter(): AdapterInfo | null;
  /** Flags the entry point was created with. */
  readonly flags: readonly string[];
}

interface Holder {
  session: DawnSession;
  users: number;
  hadNavigator: boolean;
  previousNavigator: unknown;
  destroyDevice: () => Promise<void>;
}
let holder: Holder | null = null;
let opening: Promise<Holder> | null = null;

/**
 * Open Dawn with `flags` (see {@link dawnFlags}) and install it as `navigator.gpu`, or join the
 * open one (reference counted; the flags of the first opener win). Every {@link openDawn} needs
 * one {@link closeDawn}. Throws Error with the reason when dawn.node cannot be loaded.
 */
export async function openDawn(flags: readonly string[], destroyDevice: () => Promise<void>): Promise<DawnSession> {
  if (holder) {
    holder.users++;
    return holder.session;
  }
  opening ??= (async () => {
    const mod = await loadDawn();
    const entry = mod.create([...flags]);
    const compat = flags.some((f) => /^backend=opengles$|^backend=opengl$/i.test(f));
    let got: AdapterInfo | null = null;
    const wrapped = {
      async requestAdapter(opts?: Record<string, unknown>): Promise<WgpuAdapter | null> {
        const a = await entry.requestAdapter(compat ? { featureLevel: 'compatibility', ...opts } : opts);
        if (!a) return null;
        const i = a.info;
        got = Object.freeze({
          vendor: i.vendor ?? '',
          architecture: i.architecture ?? '',
          device: i.device ?? '',
          description: i.description ?? '',
          isFallbackAdapter: Boolean(i.isFallbackAdapter),
          dawnFlags: Object.freeze([...flags]),
        });
        const request = a.requestDevice.bind(a);
        const want: Record<string, number> = {};
        for (const k of ['maxStorageBuffersPerShaderStage', 'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension'])
          if (typeof a.limits[k] === 'number') want[k] = a.limits[k]!;
        // A wrapper object: gpu.js reads `limits` and calls `requestDevice` only.
        return {
          info: a.info,
          limits: a.limits,
          requestDevice: (desc?: { requiredLimits?: Record<string, number> }) => request({ ...desc, requiredLimits: { ...want, ...desc?.requiredLimits } }),
        } as WgpuAdapter;
      },
    };
    const g = globalThis as { navigator?: unknown };
    const hadNavigator = Object.hasOwn(g, 'navigator');
    const previousNavigator = g.navigator;
    Object.defineProperty(g, 'navigator', { value: { gpu: wrapped }, configurable: true, writable: true });
    const session: DawnSession = { adapter: () => got, flags: Object.freeze([...flags]) };
    return { session, users: 0, hadNavigator, previousNavigator, destroyDevice };
  })();
  try {
    holder = await opening;
  } finally {
    opening = null;
  }
  holder.users++;
  return holder.session;
}

/** Release one {@link openDawn}; the last one destroys the device and restores `navigator`. */
export async function closeDawn(): Promise<void> {
  if (!holder) return;
  if (--holder.users > 0) return;
  const h = holder;
  holder = null;
  await h.destroyDevice();
  const g = globalThis as { navigator?: unknown };
  if (h.hadNavigator) Object.defineProperty(g, 'navigator', { value: h.previousNavigator, configurable: true, writable: true });
  else delete g.navigator;
}
