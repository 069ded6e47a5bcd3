/**
 * The gpu backend's kernels in gpu.js's WebGPU mode (Dawn) against the CPU backend and against an
 * independent float64 loop written from the contract of src/lsm/network.ts (per-neuron time
 * constants, adaptive threshold, noise). Needs a WebGPU adapter: CI gets a software one from
 * scripts/webgpu-software.sh (.ci/run sets LSM_SER_REQUIRE_WEBGPU=1, so there a missing adapter
 * fails instead of skipping); elsewhere the tests are skipped with the reason printed.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { mV, ms } from '../../src/core/units.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { buildInputCoupling } from '../../src/lsm/topology/coupling.js';
import { runCpuLanes } from '../../src/lsm/backends/cpu.js';
import { lastGpuRun, runGpuLanes, runGpuLanesWithMode, webgpuAvailability } from '../../src/lsm/backends/gpu.js';
import { resolveSimulationOptions } from '../../src/lsm/run-types.js';
import type { LifNetwork } from '../../src/lsm/network.js';
import type { LaneResult } from '../../src/lsm/run-types.js';
import { analogInputs, featureNet, NO_DELAYS, referenceLoop } from '../../bench/gpu-equivalence.js';

const av = await webgpuAvailability();
if (!av.available) {
  if (process.env.LSM_SER_REQUIRE_WEBGPU === '1') throw new Error(`LSM_SER_REQUIRE_WEBGPU=1 but ${av.reason}`);
  console.warn(`tests/lsm/webgpu.test.ts skipped: ${av.reason} (eval "$(scripts/webgpu-software.sh)" provides a software adapter)`);
}

/** Spike counts per lane within 1 % (float32 vs float64 rounding may flip a spike at threshold). */
function expectCounts(got: LaneResult[], ref: { spikes: number; steps: number }[], minSpikes = 100): void {
  expect(got).toHaveLength(ref.length);
  got.forEach((g, l) => {
    expect(g.steps).toBe(ref[l]!.steps);
    expect(ref[l]!.spikes).toBeGreaterThan(minSpikes);
    expect(Math.abs(g.spikes - ref[l]!.spikes) / ref[l]!.spikes).toBeLessThanOrEqual(0.01);
  });
}

describe.skipIf(!av.available)(
  `gpu backend, WebGPU mode (${av.available ? `${av.adapter?.device || av.adapter?.description} [${av.adapter?.kind}]` : 'no adapter'})`,
  () => {
    const coupling = (n: number, seed: number) => buildInputCoupling(n, { channels: 8, gain: 2 * mV, signs: 'positive' }, new Rng(seed).fork('in'));

    it('matches the cpu backend without delays: spike counts per lane within 1 %, 1 and 16 lanes; traces agree', async () => {
      const net = buildMaassColumn({ delays: NO_DELAYS }, new Rng(1).fork('W'));
      const c = coupling(net.n, 1);
      const opts = resolveSimulationOptions({ dt: 1 * ms, precision: 'f32' }, net.tauMem);
      for (const lanes of [1, 16]) {
        const inputs = analogInputs(lanes, 1);
        const ref = runCpuLanes(net, c, inputs, opts);
        const got = await runGpuLanesWithMode('webgpu', net, c, inputs, opts);
        expectCounts(got, ref);
        for (let l = 0; l < lanes; l++) {
          expect(got[l]!.samples).toBe(ref[l]!.samples);
          let worst = 0;
          for (let k = 0; k < ref[l]!.trace.length; k++) worst = Math.max(worst, Math.abs(got[l]!.trace[k]! - ref[l]!.trace[k]!));
          expect(worst).toBeLessThan(0.05);
        }
      }
      const info = lastGpuRun();
      expect(info?.mode).toBe('webgpu');
      expect(info?.adapter?.kind).toBe(av.adapter?.kind);
    });

    it('matches the cpu backend with synaptic delays (spike-history ring), 1 and 16 lanes', async () => {
      const net = buildMaassColumn({}, new Rng(5).fork('W'));
      expect(net.delay).not.toBeNull();
      const c = coupling(net.n, 5);
      const opts = resolveSimulationOptions({ dt: 1 * ms, precision: 'f32' }, net.tauMem);
      for (const lanes of [1, 16]) {
        const inputs = analogInputs(lanes, 5);
        const ref = runCpuLanes(net, c, inputs, opts);
        const got = await runGpuLanesWithMode('webgpu', net, c, inputs, opts);
        expectCounts(got, ref);
        // the network without delays fires differently, so the comparison can tell delays apart
        const flat = runCpuLanes({ ...net, delay: null }, c, inputs, opts);
        const differs = flat.some((f, l) => Math.abs(f.spikes - ref[l]!.spikes) / ref[l]!.spikes > 0.01);
        expect(differs).toBe(true);
      }
    });

    it('with adaptation and heterogeneous time constants matches an independent float64 loop, 1 and 16 lanes', async () => {
      // the reference loop itself agrees with the cpu backend on the plain network
      const plain = buildMaassColumn({ delays: NO_DELAYS }, new Rng(2).fork('W'));
      const c = coupling(plain.n, 2);
      const opts = resolveSimulationOptions({ dt: 1 * ms, precision: 'f32' }, plain.tauMem);
      const inputs3 = analogInputs(3, 2);
      expectCounts(
        runCpuLanes(plain, c, inputs3, resolveSimulationOptions({ dt: 1 * ms, precision: 'f64' }, plain.tauMem)),
        referenceLoop(plain, c, inputs3, 1 * ms),
      );

      const net = featureNet(2);
      for (const lanes of [1, 16]) {
        const inputs = analogInputs(lanes, 3);
        const ref = referenceLoop(net, c, inputs, 1 * ms);
        const got = await runGpuLanesWithMode('webgpu', net, c, inputs, opts);
        expectCounts(got, ref);
        // adaptation matters: without it the same network fires clearly more
        const noAdapt = referenceLoop({ ...net, adaptation: null }, c, inputs, 1 * ms);
        noAdapt.forEach((r, l) => {
          expect(r.spikes).toBeGreaterThan(ref[l]!.spikes * 1.1);
        });
      }
    });

    it('with noise (computed per step on the CPU, the counter hash) matches the float64 loop', async () => {
      const base = buildMaassColumn({ delays: NO_DELAYS }, new Rng(4).fork('W'));
      const net: LifNetwork = { ...base, noise: { std: 3 * mV, seed: 12345 } };
      const c = coupling(net.n, 4);
      const opts = resolveSimulationOptions({ dt: 1 * ms, precision: 'f32' }, net.tauMem);
      const inputs = analogInputs(4, 4);
      const ref = referenceLoop(net, c, inputs, 1 * ms);
      expectCounts(await runGpuLanesWithMode('webgpu', net, c, inputs, opts), ref);
      const quiet = referenceLoop(base, c, inputs, 1 * ms);
      expect(quiet.some((q, l) => Math.abs(q.spikes - ref[l]!.spikes) / ref[l]!.spikes > 0.02)).toBe(true);
    });

    it("the same kernels in gpu.js's 'cpu' mode agree with WebGPU (one source for every mode)", async () => {
      const net = featureNet(6);
      const c = coupling(net.n, 6);
      const opts = resolveSimulationOptions({ dt: 1 * ms, precision: 'f32' }, net.tauMem);
      const inputs = analogInputs(2, 6);
      expectCounts(await runGpuLanesWithMode('cpu', net, c, inputs, opts), await runGpuLanesWithMode('webgpu', net, c, inputs, opts));
    });

    it('runGpuLanes (the backend entry) runs WebGPU by default and names the adapter', async () => {
      const net = buildMaassColumn({ delays: NO_DELAYS }, new Rng(7).fork('W'));
      const c = coupling(net.n, 7);
      const opts = resolveSimulationOptions({ dt: 1 * ms, precision: 'f32' }, net.tauMem);
      const got = await runGpuLanes(net, c, analogInputs(1, 7), opts);
      expect(got[0]!.spikes).toBeGreaterThan(0);
      const info = lastGpuRun()!;
      expect(info.mode).toBe('webgpu');
      expect(info.adapter!.dawnFlags).toEqual(av.adapter!.dawnFlags);
      expect(typeof info.adapter!.isFallbackAdapter).toBe('boolean');
    });
  },
);

describe.skipIf(!av.available)('backend selection with a WebGPU adapter', () => {
  it("'gpu' runs on it and reports its class ('gpu-software' for a software adapter); 'auto' takes hardware only", async () => {
    const { selectBackend } = await import('../../src/lsm/backends/select.js');
    const sel = await selectBackend('gpu', 'error');
    expect(sel.name).toBe('gpu');
    expect(sel.used).toBe(av.adapter!.kind);
    expect(sel.adapter!.kind).toBe(av.adapter!.kind);
    const auto = await selectBackend('auto');
    expect(auto.name).toBe(av.adapter!.kind === 'gpu' ? 'gpu' : 'cpu');
    if (av.adapter!.kind === 'gpu-software') expect(auto.reason).toMatch(/^auto: .*hardware adapter only/);
  });
});

describe.skipIf(!av.available)('the adapter in run records', () => {
  it('LifReservoir.lastRun and the experiment backend report (summary.json) carry the adapter and its class', async () => {
    const { LifReservoir } = await import('../../src/lsm/reservoir.js');
    const { backendReport } = await import('../../src/experiment/pipeline.js');
    const net = buildMaassColumn({ delays: NO_DELAYS }, new Rng(8).fork('W'));
    const c = buildInputCoupling(net.n, { channels: 8, gain: 2 * mV, signs: 'positive' }, new Rng(8).fork('in'));
    const res = new LifReservoir(net, c, { dt: 1 * ms, precision: 'f32', backend: 'gpu', onUnavailable: 'error' });
    const out = await res.run(analogInputs(2, 8));
    expect(out[0]!.spikes).toBeGreaterThan(0);
    expect(res.lastRun!.backend).toBe(av.adapter!.kind);
    expect(res.lastRun!.adapter!.device).toBe(av.adapter!.device);
    const report = backendReport({ simulation: { backend: 'gpu' } } as never, { excitation: res });
    expect(report.used).toBe(av.adapter!.kind);
    expect(report.adapter).toEqual(res.lastRun!.adapter);
    // JSON round trip as summary.json stores it
    expect(JSON.parse(JSON.stringify(report)).adapter.isFallbackAdapter).toBe(av.adapter!.isFallbackAdapter);
  });
});
