import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { mV } from '../../src/core/units.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { buildFixedIndegree } from '../../src/lsm/topology/fixed-indegree.js';
import { buildInputCoupling } from '../../src/lsm/topology/coupling.js';
import { validateNetwork } from '../../src/lsm/network.js';

describe('Maass column', () => {
  it('connection counts per type and distance match C exp(-(D/lambda)^2) within sampling error', () => {
    const C: Record<string, number> = { EE: 0.3, EI: 0.2, IE: 0.4, II: 0.1 };
    const pairs = new Map<string, { n: number; k: number; p: number }>();
    for (const seed of [1, 2, 3]) {
      const net = buildMaassColumn({ grid: [5, 5, 8] }, new Rng(seed));
      validateNetwork(net);
      const pos = net.positions!;
      const connected = new Set<number>();
      for (let i = 0; i < net.n; i++) for (let k = net.rowPtr[i]!; k < net.rowPtr[i + 1]!; k++) connected.add(i * net.n + net.post[k]!);
      for (let i = 0; i < net.n; i++) {
        for (let j = 0; j < net.n; j++) {
          if (i === j) continue;
          const t = (i < net.nExc ? 'E' : 'I') + (j < net.nExc ? 'E' : 'I');
          const d2 = (pos[3 * i]! - pos[3 * j]!) ** 2 + (pos[3 * i + 1]! - pos[3 * j + 1]!) ** 2 + (pos[3 * i + 2]! - pos[3 * j + 2]!) ** 2;
          const key = `${t}/${d2}`;
          const e = pairs.get(key) ?? { n: 0, k: 0, p: C[t]! * Math.exp(-d2 / 4) };
          e.n++;
          if (connected.has(i * net.n + j)) e.k++;
          pairs.set(key, e);
        }
      }
    }
    let checked = 0;
    for (const [key, { n, k, p }] of pairs) {
      const mean = n * p;
      if (mean < 5) {
        if (p < 1e-4) expect(k, key).toBeLessThanOrEqual(2);
        continue;
      }
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(k - mean), `${key}: ${k} of ${n}, expected ${mean.toFixed(1)}`).toBeLessThan(4.5 * sd);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('80 % excitatory, excitatory first, Dale signs, no autapses, delays per type, same seed same network', () => {
    const a = buildMaassColumn({}, new Rng(7));
    const b = buildMaassColumn({}, new Rng(7));
    const c = buildMaassColumn({}, new Rng(8));
    expect(a.n).toBe(135);
    expect(a.nExc).toBe(108);
    expect(Array.from(a.weight)).toEqual(Array.from(b.weight));
    expect(Array.from(a.post)).not.toEqual(Array.from(c.post));
    for (let i = 0; i < a.n; i++) {
      for (let k = a.rowPtr[i]!; k < a.rowPtr[i + 1]!; k++) {
        expect(a.post[k]).not.toBe(i);
        expect(Math.sign(a.weight[k]!)).toBe(i < a.nExc ? 1 : -1);
        const ee = i < a.nExc && a.post[k]! < a.nExc;
        expect(a.delay![k]).toBeCloseTo(ee ? 1.5e-3 : 0.8e-3, 12);
      }
    }
    const tm = buildMaassColumn({ dynamicSynapses: true }, new Rng(7));
    expect(tm.stp).not.toBeNull();
    expect(Array.from(tm.post)).toEqual(Array.from(a.post)); // same connections: forks are independent
  });

  it('rejects bad options naming the field', () => {
    expect(() => buildMaassColumn({ grid: [3, 0, 2] }, new Rng(1))).toThrow(/grid/);
    expect(() => buildMaassColumn({ lambda: -1 }, new Rng(1))).toThrow(/lambda/);
    expect(() => buildMaassColumn({ connectivity: { EE: 2 } }, new Rng(1))).toThrow(/connectivity\.EE/);
    expect(() => buildMaassColumn({ weightJitter: 1 }, new Rng(1))).toThrow(/weightJitter/);
  });
});

describe('fixed in-degree', () => {
  it('every neuron has K inputs (80 % excitatory), weights scaled by 100/K', () => {
    const net = buildFixedIndegree({ n: 500 }, new Rng(3));
    const K = 50;
    const indeg = new Int32Array(net.n);
    const inE = new Int32Array(net.n);
    for (let i = 0; i < net.n; i++) {
      for (let k = net.rowPtr[i]!; k < net.rowPtr[i + 1]!; k++) {
        indeg[net.post[k]!]!++;
        if (i < net.nExc) inE[net.post[k]!]!++;
        expect(net.post[k]).not.toBe(i);
      }
    }
    for (let j = 0; j < net.n; j++) {
      expect(indeg[j]).toBe(K);
      expect(inE[j]).toBe(40);
    }
    const eeMax = Math.max(...Array.from(net.weight).filter((w) => w > 0));
    expect(eeMax).toBeLessThanOrEqual(6 * mV * 1.5 * (100 / K) + 1e-12);
  });

  it('weightScale multiplies every weight and changes nothing else', () => {
    const a = buildFixedIndegree({ n: 200 }, new Rng(4));
    const b = buildFixedIndegree({ n: 200, weightScale: 2.5 }, new Rng(4));
    expect(Array.from(b.post)).toEqual(Array.from(a.post));
    expect(Array.from(b.bias)).toEqual(Array.from(a.bias));
    for (let k = 0; k < a.weight.length; k++) expect(b.weight[k]! / a.weight[k]!).toBeCloseTo(2.5, 12);
    expect(() => buildFixedIndegree({ n: 200, weightScale: -1 }, new Rng(4))).toThrow(/weightScale/);
  });
});

describe('input coupling', () => {
  it('each channel reaches round(fraction * n) distinct neurons with weights in the jitter range', () => {
    const c = buildInputCoupling(135, { channels: 32, fraction: 0.3, gain: 10 * mV, jitter: 0.5, signs: 'positive' }, new Rng(1));
    for (let ch = 0; ch < 32; ch++) {
      const targets = Array.from(c.post.subarray(c.rowPtr[ch]!, c.rowPtr[ch + 1]!));
      expect(targets.length).toBe(41);
      expect(new Set(targets).size).toBe(41);
    }
    for (const w of c.weight) {
      expect(w).toBeGreaterThanOrEqual(5 * mV - 1e-15);
      expect(w).toBeLessThanOrEqual(15 * mV + 1e-15);
    }
    const mixed = buildInputCoupling(135, { channels: 32, signs: 'mixed' }, new Rng(1));
    const neg = Array.from(mixed.weight).filter((w) => w < 0).length / mixed.weight.length;
    expect(neg).toBeGreaterThan(0.4);
    expect(neg).toBeLessThan(0.6);
    expect(() => buildInputCoupling(10, { channels: 0 }, new Rng(1))).toThrow(/channels/);
    expect(() => buildInputCoupling(10, { channels: 2, fraction: 0 }, new Rng(1))).toThrow(/fraction/);
  });
});
