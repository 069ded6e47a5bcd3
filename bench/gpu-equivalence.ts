/**
 * Truth for the gpu backend's equivalence checks (tests/lsm/webgpu.test.ts and
 * bench/gpu-check.ts): test inputs, a Maass column with heterogeneous time constants and an
 * adaptive threshold, and an independent float64 loop of the LIF step written from the
 * contract of src/lsm/network.ts (not from a backend).
 *
 * @module
 */
import { Rng } from '../src/core/rng.js';
import { mV, ms } from '../src/core/units.js';
import { buildMaassColumn } from '../src/lsm/topology/maass.js';
import { propagator } from '../src/lsm/backends/cpu.js';
import { noiseNormal } from '../src/lsm/noise-hash.js';
import type { AnalogInput } from '../src/lsm/input.js';
import type { InputCoupling, LifNetwork } from '../src/lsm/network.js';

/** Delays of none of the Maass column's four connection kinds. */
export const NO_DELAYS = { EE: 0, EI: 0, IE: 0, II: 0 };

/** `lanes` analog inputs of 8 channels, 10 ms frames, lengths cycling 0.2 / 0.15 / 0.1 s. */
export function analogInputs(lanes: number, seed: number): AnalogInput[] {
  const r = new Rng(seed).fork('x');
  return Array.from({ length: lanes }, (_, l) => {
    const frames = [20, 15, 10][l % 3]!;
    return { kind: 'analog', data: Float32Array.from({ length: frames * 8 }, () => r.normal()), frames, channels: 8, frameDuration: 0.01 };
  });
}

/**
 * Independent float64 loop of the LIF step (no delays, analog current coupling, 1 ms steps,
 * 10 ms frames), written from the contract of src/lsm/network.ts: exact propagator per neuron,
 * threshold vThresh + a with a decayed first, a += increment after a spike, noise added to the
 * drive. Returns spike counts per lane.
 */
export function referenceLoop(net: LifNetwork, c: InputCoupling, inputs: AnalogInput[], dt: number): { spikes: number; steps: number }[] {
  const N = net.n;
  const tau = net.perNeuronTau;
  const pr = Array.from({ length: N }, (_, i) => propagator(tau ? { tauMem: tau.tauMem[i]!, tauExc: tau.tauExc[i]!, tauInh: tau.tauInh[i]! } : net, dt));
  const refSteps = Array.from(net.refractory, (r) => Math.round(r / dt));
  return inputs.map((inp, lane) => {
    const steps = Math.round((inp.frames * inp.frameDuration) / dt);
    const v = Float64Array.from(net.v0);
    const Ie = new Float64Array(N);
    const Ii = new Float64Array(N);
    const a = new Float64Array(N);
    const refUntil = new Float64Array(N).fill(-1);
    const fired = new Uint8Array(N);
    let spikes = 0;
    for (let step = 0; step < steps; step++) {
      const f = Math.floor(step / Math.round(inp.frameDuration / dt));
      const ib = Float64Array.from(net.bias);
      for (let ch = 0; ch < c.channels; ch++)
        for (let k = c.rowPtr[ch]!; k < c.rowPtr[ch + 1]!; k++) ib[c.post[k]!]! += c.weight[k]! * inp.data[f * inp.channels + ch]!;
      for (let i = 0; i < N; i++) {
        const z = net.noise ? net.noise.std * noiseNormal(net.noise.seed, lane, step, i) : 0;
        const b = ib[i]! + z;
        const ad = net.adaptation ? Math.exp(-dt / net.adaptation.tau[i]!) : 1;
        a[i] = a[i]! * ad;
        fired[i] = 0;
        if (step >= refUntil[i]!) {
          v[i] = b + (v[i]! - b) * pr[i]!.em + Ie[i]! * pr[i]!.ce + Ii[i]! * pr[i]!.ci;
          if (v[i]! > net.vThresh + a[i]!) fired[i] = 1;
        }
        Ie[i] = Ie[i]! * pr[i]!.ee;
        Ii[i] = Ii[i]! * pr[i]!.ei;
      }
      for (let j = 0; j < N; j++) {
        if (!fired[j]) continue;
        for (let k = net.rowPtr[j]!; k < net.rowPtr[j + 1]!; k++) {
          const w = net.weight[k]!;
          if (w > 0) Ie[net.post[k]!]! += w;
          else Ii[net.post[k]!]! += w;
        }
        v[j] = net.vReset;
        refUntil[j] = step + refSteps[j]!;
        if (net.adaptation) a[j] = a[j]! + net.adaptation.increment[j]!;
        spikes++;
      }
    }
    return { spikes, steps };
  });
}

/** The Maass column with heterogeneous time constants and an adaptive threshold. */
export function featureNet(seed: number, gain = 1): LifNetwork {
  const rng = new Rng(seed);
  const base = buildMaassColumn({ delays: NO_DELAYS }, rng.fork('W'));
  const r = rng.fork('tau');
  const N = base.n;
  const u = (lo: number, hi: number) => Float64Array.from({ length: N }, () => lo + (hi - lo) * r.uniform());
  return {
    ...base,
    perNeuronTau: { tauMem: u(20 * ms, 40 * ms), tauExc: u(2 * ms, 4 * ms), tauInh: u(5 * ms, 8 * ms) },
    adaptation: { increment: u(0.5 * mV * gain, 2 * mV * gain), tau: u(50 * ms, 300 * ms) },
  };
}
