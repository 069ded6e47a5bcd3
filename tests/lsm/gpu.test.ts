import { describe, expect, it, vi } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { mV, ms } from '../../src/core/units.js';
import { BackendUnavailableError } from '../../src/core/errors.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { buildInputCoupling } from '../../src/lsm/topology/coupling.js';
import { runCpuLanes } from '../../src/lsm/backends/cpu.js';
import { gpuAvailability, runGpuLanes, runGpuLanesWithMode } from '../../src/lsm/backends/gpu.js';
import { selectBackend } from '../../src/lsm/backends/select.js';
import { resolveSimulationOptions } from '../../src/lsm/run-types.js';
import type { AnalogInput } from '../../src/lsm/input.js';

const NO_DELAYS = { EE: 0, EI: 0, IE: 0, II: 0 };

/** N = 135 Maass column (no delays, static synapses), 8-channel analog coupling, 3 lanes of 0.3 s. */
function setup(seed: number) {
  const rng = new Rng(seed);
  const net = buildMaassColumn({ delays: NO_DELAYS }, rng.fork('W'));
  const coupling = buildInputCoupling(net.n, { channels: 8, gain: 2 * mV, signs: 'positive' }, rng.fork('in'));
  const r = rng.fork('x');
  // lanes of different lengths (0.3, 0.25, 0.2 s) to check the per-lane bookkeeping
  const inputs: AnalogInput[] = [30, 25, 20].map((frames) => ({
    kind: 'analog',
    data: Float32Array.from({ length: frames * 8 }, () => r.normal()),
    frames,
    channels: 8,
    frameDuration: 0.01,
  }));
  const opts = resolveSimulationOptions({ dt: 1 * ms, precision: 'f32', recordSpikes: [1], recordVoltage: [0, 7] }, net.tauMem);
  return { net, coupling, inputs, opts };
}

describe('gpu.js backend', () => {
  it("its kernels in gpu.js 'cpu' mode match the cpu backend (f32): spike counts per lane within 1 %", async () => {
    // Measured (10 seeds x 3 lanes, 0.3 s and 1 s, gains 1-3 mV): identical counts per neuron.
    // The 1 % allows for float32 rounding differences (gpu.js sums a step's synaptic input in
    // float64 and rounds once; the cpu backend rounds after every addition).
    for (const seed of [1, 2]) {
      const { net, coupling, inputs, opts } = setup(seed);
      const ref = runCpuLanes(net, coupling, inputs, opts);
      const got = await runGpuLanesWithMode('cpu', net, coupling, inputs, opts);
      expect(got).toHaveLength(3);
      got.forEach((g, l) => {
        const r = ref[l]!;
        expect(g.steps).toBe(r.steps);
        expect(g.samples).toBe(r.samples);
        expect(r.spikes).toBeGreaterThan(100);
        expect(Math.abs(g.spikes - r.spikes) / r.spikes).toBeLessThan(0.01);
        let l1 = 0;
        for (let i = 0; i < net.n; i++) l1 += Math.abs(g.counts[i]! - r.counts[i]!);
        expect(l1 / r.spikes).toBeLessThan(0.02);
        // filtered spike trains: same grid, values within float32 rounding of repeated decay
        let worst = 0;
        for (let k = 0; k < r.trace.length; k++) worst = Math.max(worst, Math.abs(g.trace[k]! - r.trace[k]!));
        expect(worst).toBeLessThan(0.05);
      });
      // recording: lane 1's spikes and voltages
      expect(got[1]!.spikeSteps!.length).toBe(got[1]!.spikes);
      expect(Math.abs(got[1]!.spikeSteps!.length - ref[1]!.spikeSteps!.length) / ref[1]!.spikes).toBeLessThan(0.01);
      expect(got[1]!.voltage!.length).toBe(ref[1]!.voltage!.length);
    }
  });

  it('with synaptic delays (the spike-history ring) it matches the cpu backend too', async () => {
    // Default Maass column: delays 1.5 / 0.8 ms -> 2 / 1 steps at dt 1 ms, 8 / 4 steps at 0.2 ms.
    for (const dt of [1 * ms, 0.2 * ms]) {
      const { coupling, inputs } = setup(5);
      const net = buildMaassColumn({}, new Rng(5).fork('W'));
      expect(net.delay).not.toBeNull();
      const opts = resolveSimulationOptions({ dt, precision: 'f32' }, net.tauMem);
      const ref = runCpuLanes(net, coupling, inputs, opts);
      const got = await runGpuLanesWithMode('cpu', net, coupling, inputs, opts);
      // the same network without delays fires differently: the test can tell delays apart
      const flat = runCpuLanes({ ...net, delay: null }, coupling, inputs, opts);
      got.forEach((g, l) => {
        const r = ref[l]!;
        expect(r.spikes).toBeGreaterThan(100);
        let l1 = 0;
        let l1Flat = 0;
        for (let i = 0; i < net.n; i++) {
          l1 += Math.abs(g.counts[i]! - r.counts[i]!);
          l1Flat += Math.abs(flat[l]!.counts[i]! - r.counts[i]!);
        }
        expect(l1 / r.spikes).toBeLessThan(0.02);
        // measured: l1 = 0 (identical counts per neuron); without delays 0.05-0.17
        expect(l1Flat / r.spikes).toBeGreaterThan(0.03);
      });
    }
  });

  it('refuses what its kernels do not do, naming the field', async () => {
    const { net, coupling, inputs, opts } = setup(3);
    const rng = new Rng(3);
    const tm = buildMaassColumn({ delays: NO_DELAYS, dynamicSynapses: true }, rng.fork('W'));
    await expect(runGpuLanesWithMode('cpu', tm, coupling, inputs, opts)).rejects.toThrow(/^stp: .*Tsodyks-Markram/);
    const f64 = resolveSimulationOptions({ dt: 1 * ms, precision: 'f64' }, net.tauMem);
    await expect(runGpuLanesWithMode('cpu', net, coupling, inputs, f64)).rejects.toThrow(RangeError);
    await expect(runGpuLanesWithMode('vulkan' as never, net, coupling, inputs, opts)).rejects.toThrow(/^mode: /);
  });

  it('here (no GPU, no gl package) reports the GL modes unavailable, with the reason', async () => {
    const av = await gpuAvailability();
    expect(av.available).toBe(false);
    expect(av.reason).toMatch(/GL|gl/);
    const { net, coupling, inputs, opts } = setup(4);
    await expect(runGpuLanes(net, coupling, inputs, opts, { mode: 'gl' })).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(runGpuLanes(net, coupling, inputs, opts, { mode: 'vulkan' as never })).rejects.toThrow(/^gpu.mode: /);
  });

  it("selection: 'auto' picks the cpu here (no hardware adapter), 'gpu' + 'error' throws, 'gpu' + 'warn' falls back", async () => {
    // 'auto' takes WebGPU on a hardware adapter only: here there is none (at most a software one)
    const auto = await selectBackend('auto');
    expect(auto.name).toBe('cpu');
    expect(auto.used).toBe('cpu');
    expect(auto.reason).toMatch(/^auto: /);
    // the GL modes are unavailable here whatever the WebGPU environment
    await expect(selectBackend('gpu', 'error', { mode: 'gl' })).rejects.toBeInstanceOf(BackendUnavailableError);
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const fb = await selectBackend('gpu', 'warn', { mode: 'gl' });
      expect(fb.name).toBe('cpu');
      expect(fb.reason).toMatch(/^fallback: /);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0]![0])).toMatch(/backend 'gpu' is not available .*running on the CPU backend/);
    } finally {
      spy.mockRestore();
    }
    const silent = await selectBackend('gpu', 'silent', { mode: 'gl' });
    expect(silent.name).toBe('cpu');
  });
});
