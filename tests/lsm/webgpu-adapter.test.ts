import { describe, expect, it } from 'vitest';
import { classifyAdapter, dawnFlags, describeAdapter } from '../../src/lsm/backends/webgpu-dawn.js';

const info = (o: Partial<{ vendor: string; architecture: string; device: string; description: string; isFallbackAdapter: boolean }>) => ({
  vendor: '',
  architecture: '',
  device: '',
  description: '',
  isFallbackAdapter: false,
  ...o,
});

describe('WebGPU adapter classification (hardware vs software) from adapter info', () => {
  it('a hardware adapter is a gpu', () => {
    // names of the kind Dawn's Vulkan backend reports (vendor / architecture / device / driver)
    const nv = classifyAdapter(info({ vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 550.54.15 550.54.15.0' }));
    expect(nv.kind).toBe('gpu');
    expect(nv.reason).toMatch(/hardware adapter "nvidia \/ hopper \/ NVIDIA H200/);
    expect(classifyAdapter(info({ vendor: 'amd', device: 'AMD Radeon Pro W7900', description: 'radv Mesa 24.2' })).kind).toBe('gpu');
    expect(classifyAdapter(info({ vendor: 'intel', architecture: 'gen-12lp', description: 'Intel open-source Mesa driver: Mesa 23.2.1' })).kind).toBe('gpu');
  });

  it('software adapters are gpu-software: fallback flag, or a software rasterizer named anywhere', () => {
    // Mesa lavapipe through Vulkan (bookworm-backports Mesa 25): fallback flag set
    expect(
      classifyAdapter(info({ vendor: 'mesa', device: 'llvmpipe (LLVM 19.1.7, 256 bits)', description: 'Mesa 25.0.7', isFallbackAdapter: true })).kind,
    ).toBe('gpu-software');
    // Dawn's OpenGL ES backend on Mesa llvmpipe (measured here): isFallbackAdapter is FALSE
    const gles = classifyAdapter(info({ device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' }));
    expect(gles.kind).toBe('gpu-software');
    expect(gles.reason).toMatch(/^software adapter "llvmpipe/);
    expect(classifyAdapter(info({ vendor: 'google', device: 'SwiftShader Device (Subzero)' })).kind).toBe('gpu-software');
    expect(classifyAdapter(info({ vendor: 'Microsoft', description: 'Microsoft Basic Render Driver' })).kind).toBe('gpu-software');
    // a flag alone is enough, whatever the names say
    expect(classifyAdapter(info({ vendor: 'nvidia', device: 'NVIDIA H200', isFallbackAdapter: true })).kind).toBe('gpu-software');
  });

  it('an adapter that names nothing is not taken for a GPU', () => {
    const c = classifyAdapter(info({}));
    expect(c.kind).toBe('gpu-software');
    expect(c.reason).toMatch(/cannot be ruled out/);
    expect(describeAdapter(info({}))).toBe('(unnamed)');
  });

  it('Dawn flags: the given ones, else LSM_SER_DAWN_FLAGS; malformed ones are refused naming the field', () => {
    const saved = process.env.LSM_SER_DAWN_FLAGS;
    try {
      process.env.LSM_SER_DAWN_FLAGS = 'backend=opengles, adapter=x';
      expect(dawnFlags()).toEqual(['backend=opengles', 'adapter=x']);
      expect(dawnFlags(['backend=vulkan'])).toEqual(['backend=vulkan']);
      delete process.env.LSM_SER_DAWN_FLAGS;
      expect(dawnFlags()).toEqual([]);
      expect(() => dawnFlags(['backend vulkan'])).toThrow(/^gpu.dawnFlags: /);
    } finally {
      if (saved === undefined) delete process.env.LSM_SER_DAWN_FLAGS;
      else process.env.LSM_SER_DAWN_FLAGS = saved;
    }
  });
});
