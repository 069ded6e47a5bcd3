import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { mV } from '../../src/core/units.js';
import { buildFixedIndegree } from '../../src/lsm/topology/fixed-indegree.js';
import { buildInputCoupling, neuronRheobase } from '../../src/lsm/topology/coupling.js';
import { closeCpuPool } from '../../src/lsm/backends/pool.js';
import { LifReservoir } from '../../src/lsm/reservoir.js';
import type { AnalogInput } from '../../src/lsm/input.js';

afterAll(closeCpuPool);

describe('sparse input coupling', () => {
  it('every target neuron hears exactly k distinct channels; same seed same coupling, other seed other', () => {
    const k = 3;
    const c = buildInputCoupling(135, { channels: 35, inDegree: k, signs: 'positive', gain: 10 * mV }, new Rng(5));
    const inDeg = new Map<number, Set<number>>();
    for (let ch = 0; ch < 35; ch++) {
      for (let q = c.rowPtr[ch]!; q < c.rowPtr[ch + 1]!; q++) {
        const t = c.post[q]!;
        if (!inDeg.has(t)) inDeg.set(t, new Set());
        const s = inDeg.get(t)!;
        expect(s.has(ch)).toBe(false); // distinct channels
        s.add(ch);
      }
    }
    expect(inDeg.size).toBe(135);
    for (const s of inDeg.values()) expect(s.size).toBe(k);
    expect(c.weight.length).toBe(135 * k);
    const again = buildInputCoupling(135, { channels: 35, inDegree: k, signs: 'positive', gain: 10 * mV }, new Rng(5));
    expect(Array.from(again.post)).toEqual(Array.from(c.post));
    expect(Array.from(again.weight)).toEqual(Array.from(c.weight));
    const other = buildInputCoupling(135, { channels: 35, inDegree: k, signs: 'positive', gain: 10 * mV }, new Rng(6));
    expect(Array.from(other.post)).not.toEqual(Array.from(c.post));
    // only the targets get input
    const sub = buildInputCoupling(135, { channels: 35, inDegree: 2, targets: [0, 5, 7] }, new Rng(5));
    expect([...new Set(sub.post)].sort((a, b) => a - b)).toEqual([0, 5, 7]);
    expect(sub.post.length).toBe(6);
    expect(() => buildInputCoupling(135, { channels: 4, inDegree: 5 }, new Rng(1))).toThrow(/inDegree: must be an integer in \[1, channels = 4\]/);
    expect(() => buildInputCoupling(135, { channels: 4, inDegree: 0 }, new Rng(1))).toThrow(/inDegree/);
  });
});

describe('input gain relative to the rheobase', () => {
  it('gain 1 is the threshold drive of a neuron at rest: the LIF steady state lands just below / above threshold at gain 0.98 / 1.02', async () => {
    const base = buildFixedIndegree({ n: 20, weightScale: 0 }, new Rng(9).fork('net'));
    const net = { ...base, v0: Float64Array.from(base.bias) }; // every neuron at rest
    const rheo = neuronRheobase(net);
    for (let i = 0; i < net.n; i++) expect(rheo[i]).toBeCloseTo(net.vThresh - net.bias[i]!, 15);
    expect(Math.min(...rheo)).toBeGreaterThan(0.5 * mV - 1e-12);
    expect(Math.max(...rheo)).toBeLessThan(1.5 * mV + 1e-12);
    const input: AnalogInput = { kind: 'analog', data: Float32Array.of(1, ...Array(99).fill(1)), frames: 100, channels: 1, frameDuration: 0.01 };
    const all = Array.from({ length: net.n }, (_, i) => i);
    for (const g of [0.98, 1.02]) {
      const coupling = buildInputCoupling(net.n, { channels: 1, fraction: 1, gain: g, rheobase: rheo, jitter: 0, signs: 'positive' }, new Rng(1));
      for (let q = 0; q < coupling.weight.length; q++) expect(coupling.weight[q]).toBeCloseTo(g * rheo[coupling.post[q]!]!, 15);
      const [lane] = await new LifReservoir(net, coupling, { precision: 'f64', recordSpikes: [0], recordVoltage: all, workers: 1 }).run([input]);
      if (g < 1) {
        expect(lane!.spikes).toBe(0);
        // after 1 s (33 membrane time constants) V = bias + g * rheobase: the closed-form steady state
        const last = lane!.voltage!.subarray((lane!.samples - 1) * net.n);
        for (let i = 0; i < net.n; i++) expect(last[i]! / (net.bias[i]! + g * rheo[i]!)).toBeCloseTo(1, 5);
      } else {
        for (let i = 0; i < net.n; i++) expect(lane!.counts[i]).toBeGreaterThan(0);
      }
    }
  });
  it('the same relative gain means the same drive when the neuron parameters change', () => {
    const a = buildFixedIndegree({ n: 30 }, new Rng(2));
    const b = { ...a, bias: Float64Array.from(a.bias, (x) => x - 2 * mV) }; // 2 mV further from threshold
    const ca = buildInputCoupling(a.n, { channels: 4, gain: 1, rheobase: neuronRheobase(a), jitter: 0, signs: 'positive' }, new Rng(3));
    const cb = buildInputCoupling(b.n, { channels: 4, gain: 1, rheobase: neuronRheobase(b), jitter: 0, signs: 'positive' }, new Rng(3));
    for (let q = 0; q < ca.weight.length; q++) {
      const t = ca.post[q]!;
      expect(a.bias[t]! + ca.weight[q]!).toBeCloseTo(a.vThresh, 15);
      expect(b.bias[t]! + cb.weight[q]!).toBeCloseTo(b.vThresh, 15);
    }
    const firing = { ...a, bias: Float64Array.from(a.bias, (x, i) => (i === 4 ? a.vThresh : x)) };
    expect(() => neuronRheobase(firing)).toThrow(/neuron 4 has bias/);
  });
});
