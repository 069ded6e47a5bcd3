/**
 * gpu.js loading and device probing for the gpu backend (gpu.ts): which gpu.js mode can run the
 * LIF kernels on a real device here, and on which renderer or WebGPU adapter.
 *
 *  - GL modes ('headlessgl' in Node, 'webgl2' / 'webgl' in a browser): a context must be created,
 *    a test kernel must run, and the renderer must be identified and not be a software
 *    rasterizer. In Node, headless-gl needs an X display (GLX) and the optional `gl` package.
 *  - WebGPU ('webgpu', Dawn through webgpu-dawn.ts): an adapter must answer; it is classified
 *    as hardware ('gpu') or software ('gpu-software') from its info ({@link classifyAdapter}).
 *
 * gpu.js is imported here (lazily, on first use) and nowhere outside src/lsm/backends/.
 *
 * @module
 */
import { classifyAdapter, closeDawn, dawnFlags, describeAdapter, openDawn, SOFTWARE_ADAPTER, type AdapterInfo, type AdapterKind } from './webgpu-dawn.js';

/** Modes that run on a graphics device through GL (the others run on the CPU, or are 'webgpu'). */
export const DEVICE_MODES = ['headlessgl', 'webgl2', 'webgl'] as const;
/** A GL device mode. */
export type DeviceMode = (typeof DEVICE_MODES)[number];

// --- minimal typing of the parts of gpu.js used by the backend --------------------------------
/** A pipeline result (GL texture or WebGPU buffer) of a gpu.js kernel. */
export interface GpuTexture {
  toArray(): unknown;
  delete(): void;
}
/** A gpu.js kernel. */
export interface GpuKernel {
  (...args: unknown[]): unknown;
  setOutput(o: number[]): GpuKernel;
  setPipeline(f: boolean): GpuKernel;
  setImmutable(f: boolean): GpuKernel;
  setLoopMaxIterations(n: number): GpuKernel;
  setPrecision(p: 'single' | 'unsigned'): GpuKernel;
  setTactic(t: 'speed' | 'balanced' | 'precision'): GpuKernel;
  context?: unknown;
}
/** A gpu.js GPU instance. */
export interface GpuInstance {
  createKernel(source: string, settings?: Record<string, unknown>): GpuKernel;
  destroy(): Promise<void> | void;
  Kernel: { name: string };
}
/** The gpu.js module. */
export interface GpuJs {
  GPU: {
    new (settings?: { mode?: string }): GpuInstance;
    isHeadlessGLSupported: boolean;
    isWebGL2Supported: boolean;
    isWebGLSupported: boolean;
  };
  WebGPUContext: { acquire(): Promise<{ adapter: unknown; device: unknown }>; destroy(): Promise<void> };
}
interface GlContext {
  RENDERER: number;
  VENDOR: number;
  getParameter(p: number): unknown;
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number; UNMASKED_VENDOR_WEBGL: number } | null;
}

let gpuJs: Promise<GpuJs> | null = null;

/** Import gpu.js once (lazily). */
export function loadGpuJs(): Promise<GpuJs> {
  gpuJs ??= import('gpu.js').then((m) => {
    const mod = m as unknown as GpuJs & { default?: GpuJs };
    return mod.GPU ? mod : mod.default!;
  });
  return gpuJs;
}

/** Whether a real GPU can run the kernels, and why (not). */
export interface GpuAvailability {
  /** True when gpu.js runs on a hardware (non-software) GL renderer. */
  readonly available: boolean;
  /** Why: the renderer found, or what is missing. */
  readonly reason: string;
  /** The gpu.js mode that would run, when available. */
  readonly mode?: DeviceMode | 'webgpu';
  /** The WebGPU adapter (mode 'webgpu'), when one answered. */
  readonly adapter?: AdapterInfo & { readonly kind: AdapterKind };
  /** The renderer string reported by the GL context, when one was created. */
  readonly renderer?: string;
}

/** The renderer of a GL kernel's context: the unmasked name where the driver exposes it. */
function rendererOf(kernel: GpuKernel): string {
  const gl = kernel.context as GlContext | undefined;
  if (!gl || typeof gl.getParameter !== 'function') return '';
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  const parts = dbg
    ? [gl.getParameter(dbg.UNMASKED_VENDOR_WEBGL), gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL)]
    : [gl.getParameter(gl.VENDOR), gl.getParameter(gl.RENDERER)];
  return parts.filter((x) => typeof x === 'string' && x.length > 0).join(' / ');
}

let availability: Promise<GpuAvailability> | null = null;

/**
 * Whether a real GPU can run the kernels (cached): gpu.js must create a context in one of its
 * GL modes ('headlessgl' in Node needs the optional `gl` package and a GPU driver), run a test
 * kernel, and report a renderer that is identified and is not a software rasterizer. gpu.js's
 * own 'gpu' mode would silently fall back to its WebAssembly mode instead; this check does not.
 */
export function glAvailability(): Promise<GpuAvailability> {
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
      if (SOFTWARE_ADAPTER.test(renderer)) {
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
      reason:
        "no GL context for gpu.js (in Node its 'headlessgl' mode needs the optional 'gl' package, not installed here, and a GPU driver); gpu.js's WebAssembly and CPU modes are no substitute (much slower than the cpu backend)",
    };
  }
  return { available: false, reason: `no hardware GL renderer for gpu.js (${tried.join('; ')})` };
}

/** Open Dawn for gpu.js (navigator.gpu), destroying gpu.js's shared WebGPU device on the last close. */
export async function openWebGpu(flags: readonly string[]): Promise<{ gpuJs: GpuJs; adapter: () => AdapterInfo | null }> {
  const m = await loadGpuJs();
  const session = await openDawn(flags, () => m.WebGPUContext.destroy());
  return { gpuJs: m, adapter: session.adapter };
}

/** Release {@link openWebGpu}. */
export function closeWebGpu(): Promise<void> {
  return closeDawn();
}

const webgpuProbes = new Map<string, Promise<GpuAvailability>>();

/**
 * Whether gpu.js's WebGPU mode gets an adapter here with these Dawn flags (default: from
 * `LSM_SER_DAWN_FLAGS`), and which (cached per flag set). `available` is true for any adapter;
 * `adapter.kind` says whether it is hardware ('gpu') or software ('gpu-software'): callers that
 * want a real GPU (backend 'auto') check it. The device is destroyed again after the probe.
 */
export function webgpuAvailability(flags?: readonly string[] | null): Promise<GpuAvailability> {
  const f = dawnFlags(flags);
  const key = f.join(',');
  let p = webgpuProbes.get(key);
  if (!p) {
    p = probeWebGpu(f);
    webgpuProbes.set(key, p);
  }
  return p;
}

async function probeWebGpu(flags: string[]): Promise<GpuAvailability> {
  let open: Awaited<ReturnType<typeof openWebGpu>>;
  try {
    open = await openWebGpu(flags);
  } catch (e) {
    return { available: false, reason: `Dawn (the webgpu package's dawn.node) cannot be loaded (${(e as Error).message.split('\n')[0]})` };
  }
  try {
    await open.gpuJs.WebGPUContext.acquire();
    const info = open.adapter();
    if (!info) throw new Error('no adapter');
    const c = classifyAdapter(info);
    return {
      available: true,
      reason: `WebGPU (Dawn${flags.length ? ` ${flags.join(' ')}` : ''}): ${c.reason}`,
      mode: 'webgpu',
      adapter: { ...info, kind: c.kind },
    };
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]!;
    const why = /no adapter/i.test(msg) ? 'no adapter answered' : msg;
    return {
      available: false,
      reason: `no WebGPU adapter (Dawn${flags.length ? ` ${flags.join(' ')}` : ''}: ${why}); on Linux Dawn needs a Vulkan driver and libvulkan.so.1 (a GPU's, or Mesa lavapipe: see scripts/webgpu-software.sh), or the flag backend=opengles with EGL_PLATFORM=surfaceless`,
    };
  } finally {
    await closeWebGpu();
  }
}

/** One line naming the adapter of an availability, for messages. */
export function adapterLine(av: GpuAvailability): string {
  return av.adapter ? `${describeAdapter(av.adapter)} (${av.adapter.kind})` : av.reason;
}
