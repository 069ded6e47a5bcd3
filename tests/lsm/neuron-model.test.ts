import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { ms, mV } from '../../src/core/units.js';
import type { LifNetwork } from '../../src/lsm/network.js';
import { toCsr, validateNetwork } from '../../src/lsm/network.js';
import { runCpuLanes } from '../../src/lsm/backends/cpu.js';
import { resolveSimulationOptions } from '../../src/lsm/run-types.js';
import type { SpikeInput } from '../../src/lsm/input.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { buildFixedIndegree } from '../../src/lsm/topology/fixed-indegree.js';
import { applyNeuronModel, drawFrom } from '../../src/lsm/topology/neuron-model.js';

const silent = (duration: number): SpikeInput => ({ kind: 'spikes', times: new Float64Array(0), channels: new Int32Array(0), nChannels: 0, duration });

describe('per-neuron time constants: each neuron against the single-neuron closed form', () => {
  it('PSPs of an excitatory and an inhibitory pulse at t = 0, with each neuron its own tauMem, tauExc, tauInh (f64, recorded voltage)', () => {
    // neurons 0 (excitatory) and 1 (inhibitory) are pacemakers: above threshold at t = 0, then
    // refractory for the run; they project with wE > 0 and wI < 0 onto the test neurons 2..9.
    const nT = 8;
    const n = 2 + nT;
    const wE = 2 * mV;
    const wI = -3 * mV;
    const pre: number[] = [];
    const post: number[] = [];
    const w: number[] = [];
    for (let j = 2; j < n; j++) {
      pre.push(0, 1);
      post.push(j, j);
      w.push(wE, wI);
    }
    const csr = toCsr(n, pre, post, [w]);
    const r = new Rng(3);
    const tauMem = Float64Array.from({ length: n }, () => r.uniform(5, 80) * ms);
    const tauExc = Float64Array.from({ length: n }, () => r.uniform(1, 10) * ms);
    const tauInh = Float64Array.from({ length: n }, () => r.uniform(2, 20) * ms);
    const net: LifNetwork = {
      n,
      nExc: 1,
      tauMem: 30 * ms,
      tauExc: 3 * ms,
      tauInh: 6 * ms,
      vThresh: 15 * mV,
      vReset: 0,
      bias: Float64Array.from({ length: n }, (_, i) => (i < 2 ? 20 * mV : 0)),
      v0: Float64Array.from({ length: n }, (_, i) => (i < 2 ? 16 * mV : 0)),
      refractory: new Float64Array(n).fill(10),
      rowPtr: csr.rowPtr,
      post: csr.post,
      weight: csr.values[0]!,
      delay: null,
      stp: null,
      perNeuronTau: { tauMem, tauExc, tauInh },
      units: { time: 1, voltage: 1 },
    };
    validateNetwork(net);
    const dt = 0.1 * ms;
    const test = Array.from({ length: nT }, (_, q) => q + 2);
    const o = resolveSimulationOptions({ dt, precision: 'f64', readoutInterval: 1 * ms, recordSpikes: [0], recordVoltage: test }, 0.03);
    const [res] = runCpuLanes(net, null, [silent(0.15)], o);
    expect(Array.from(res!.spikeNeurons!)).toEqual([0, 1]);
    expect(Array.from(res!.spikeSteps!)).toEqual([0, 0]);
    const volt = res!.voltage!;
    const psp = (w: number, ts: number, tm: number, t: number) => ((w * ts) / (ts - tm)) * (Math.exp(-t / ts) - Math.exp(-t / tm));
    let maxV = 0;
    for (let s = 0; s < res!.samples; s++) {
      const t = ((s + 1) * 10 - 1) * dt; // the voltage after step (s + 1) * 10 - 1
      test.forEach((i, q) => {
        const want = psp(wE, tauExc[i]!, tauMem[i]!, t) + psp(wI, tauInh[i]!, tauMem[i]!, t);
        expect(Math.abs(volt[s * nT + q]! - want)).toBeLessThan(1e-6 * mV + 1e-9 * Math.abs(want));
        maxV = Math.max(maxV, Math.abs(want));
      });
    }
    expect(maxV).toBeGreaterThan(0.3 * mV); // the PSPs are real
  });
});

describe('background noise in the engine', () => {
  it('a sub-threshold neuron under noise: stationary mean = bias and variance = std^2 (1 - em) / (1 + em) (the exact AR(1) of the step)', () => {
    const n = 60;
    const std = 2 * mV;
    const B = 5 * mV;
    const tm = 3 * ms;
    const net: LifNetwork = {
      n,
      nExc: n,
      tauMem: tm,
      tauExc: 1 * ms,
      tauInh: 2 * ms,
      vThresh: 1, // never reached
      vReset: 0,
      bias: new Float64Array(n).fill(B),
      v0: new Float64Array(n).fill(B),
      refractory: new Float64Array(n),
      rowPtr: new Int32Array(n + 1),
      post: new Int32Array(0),
      weight: new Float64Array(0),
      delay: null,
      stp: null,
      noise: { std, seed: 12345 },
      units: { time: 1, voltage: 1 },
    };
    const dt = 1 * ms;
    const o = resolveSimulationOptions(
      { dt, precision: 'f64', readoutInterval: 10 * ms, recordSpikes: [0], recordVoltage: Array.from({ length: n }, (_, i) => i) },
      tm,
    );
    const [res] = runCpuLanes(net, null, [silent(20)], o);
    const v = res!.voltage!;
    let s1 = 0;
    let s2 = 0;
    for (const x of v) s1 += x;
    const mean = s1 / v.length;
    for (const x of v) s2 += (x - mean) ** 2;
    const variance = s2 / (v.length - 1);
    const em = Math.exp(-dt / tm);
    const want = (std * std * (1 - em)) / (1 + em);
    expect(v.length).toBe(2000 * n);
    expect(Math.abs(mean - B)).toBeLessThan(5 * Math.sqrt(want / v.length));
    expect(Math.abs(variance / want - 1)).toBeLessThan(0.03);
    // noise std 0: no noise (v stays at the bias)
    const [quiet] = runCpuLanes({ ...net, noise: { std: 0, seed: 12345 } }, null, [silent(0.5)], o);
    expect(quiet!.voltage!.every((x) => x === Math.fround(B))).toBe(true); // recorded as f32
  });
});

describe('applyNeuronModel: seeded draws from the distributions', () => {
  const base = buildFixedIndegree({ n: 400 }, new Rng(1).fork('net'));
  it('log-uniform, uniform and gamma per-neuron time constants: bounds, medians and moments; fixed ones set the scalar', () => {
    const net = applyNeuronModel(
      base,
      {
        tauMem: { kind: 'log-uniform', min: 10 * ms, max: 160 * ms },
        tauExc: { kind: 'uniform', min: 2 * ms, max: 4 * ms },
        tauInh: { kind: 'gamma', mean: 6 * ms, cv: 0.5 },
      },
      new Rng(2),
    );
    const { tauMem, tauExc, tauInh } = net.perNeuronTau!;
    const sorted = Float64Array.from(tauMem).sort();
    expect(sorted[0]!).toBeGreaterThanOrEqual(10 * ms);
    expect(sorted[399]!).toBeLessThanOrEqual(160 * ms);
    expect(sorted[200]! / (40 * ms)).toBeGreaterThan(0.8); // median of log-uniform = geometric mean 40 ms
    expect(sorted[200]! / (40 * ms)).toBeLessThan(1.25);
    expect(Math.min(...tauExc)).toBeGreaterThanOrEqual(2 * ms);
    expect(Math.max(...tauExc)).toBeLessThanOrEqual(4 * ms);
    const m = tauInh.reduce((a, b) => a + b, 0) / 400;
    expect(Math.abs(m / (6 * ms) - 1)).toBeLessThan(0.1); // SE 2.5 %
    validateNetwork(net);
    const fixed = applyNeuronModel(base, { tauMem: { kind: 'fixed', value: 50 * ms } }, new Rng(2));
    expect(fixed.perNeuronTau).toBeUndefined();
    expect(fixed.tauMem).toBe(50 * ms);
  });

  it('adaptation on round(fraction * nExc) excitatory neurons only; noise seed from the generator; each addition has its own fork', () => {
    const opt = { adaptation: { increment: 1 * mV, tau: { kind: 'uniform' as const, min: 100 * ms, max: 300 * ms }, fraction: 0.25 } };
    const a = applyNeuronModel(base, opt, new Rng(2));
    const inc = a.adaptation!.increment;
    const adapting = Array.from(inc.keys()).filter((i) => inc[i]! > 0);
    expect(adapting.length).toBe(Math.round(0.25 * base.nExc));
    expect(adapting.every((i) => i < base.nExc && inc[i] === 1 * mV)).toBe(true);
    expect(adapting.every((i) => a.adaptation!.tau[i]! >= 100 * ms && a.adaptation!.tau[i]! <= 300 * ms)).toBe(true);
    const b = applyNeuronModel(base, { ...opt, noise: { std: 1 * mV }, tauMem: { kind: 'uniform', min: 20 * ms, max: 40 * ms } }, new Rng(2));
    expect(Array.from(b.adaptation!.increment)).toEqual(Array.from(inc)); // switching others on changes nothing here
    expect(Array.from(b.adaptation!.tau)).toEqual(Array.from(a.adaptation!.tau));
    expect(b.noise!.std).toBe(1 * mV);
    expect(applyNeuronModel(base, { noise: { std: 1 * mV } }, new Rng(3)).noise!.seed).not.toBe(b.noise!.seed);
    // nothing asked: the plain network comes back (the plain LIF path)
    const plain = applyNeuronModel(base, { adaptation: { ...opt.adaptation, increment: 0 }, noise: { std: 0 } }, new Rng(2));
    expect(plain.adaptation ?? null).toBeNull();
    expect(plain.noise ?? null).toBeNull();
  });

  it('bad distributions and fields get errors naming them', () => {
    expect(() => applyNeuronModel(base, { tauMem: { kind: 'uniform', min: 0.05, max: 0.01 } }, new Rng(1))).toThrow(
      /tauMem: max \(0.01\) must be >= min \(0.05\)/,
    );
    expect(() => applyNeuronModel(base, { tauExc: { kind: 'gamma', mean: 0.003, cv: 0 } }, new Rng(1))).toThrow(/tauExc.cv: must be a finite number > 0/);
    expect(() => applyNeuronModel(base, { adaptation: { increment: 1e-3, tau: { kind: 'fixed', value: 0.1 }, fraction: 1.5 } }, new Rng(1))).toThrow(
      /adaptation.fraction/,
    );
    expect(() => drawFrom({ kind: 'normal' } as never, new Rng(1))).toThrow();
  });

  it('the Maass column takes the additions through its options', () => {
    const net = buildMaassColumn(
      { neuron: { adaptation: { increment: 2 * mV, tau: { kind: 'fixed', value: 0.2 }, fraction: 1 }, noise: { std: 1 * mV } } },
      new Rng(4),
    );
    expect(net.adaptation!.increment.filter((x) => x > 0).length).toBe(net.nExc);
    expect(net.noise!.std).toBe(1 * mV);
    // the synapses and state are those of the plain column
    const plain = buildMaassColumn({}, new Rng(4));
    expect(Array.from(net.weight)).toEqual(Array.from(plain.weight));
    expect(Array.from(net.v0)).toEqual(Array.from(plain.v0));
  });
});
