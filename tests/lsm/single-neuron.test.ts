import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { ms, mV } from '../../src/core/units.js';
import { lifNeurons, lifRate, simulateLifRates } from '../../src/lsm/single-neuron.js';
import { validateNetwork } from '../../src/lsm/network.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { connectionProfile } from '../../src/lsm/topology/profile.js';

describe('lone LIF neuron: closed-form f-I curve and the simulated one', () => {
  it('lifRate is 1 / (t_ref + tau ln((I - v_r)/(I - theta))) above threshold and 0 at or below it', () => {
    // hand-computed: I = 20 mV, v_r = 13.5, theta = 15, tau 30 ms, t_ref 3 ms: T = 0.03 ln(6.5/5)
    expect(lifRate(20 * mV)).toBeCloseTo(1 / (0.003 + 0.03 * Math.log(6.5 / 5)), 10);
    // reset to 0: the textbook form 1 / (t_ref + tau ln(RI / (RI - theta)))
    expect(lifRate(30 * mV, { vReset: 0, refractory: 2 * ms, tauMem: 20 * ms })).toBeCloseTo(1 / (0.002 + 0.02 * Math.log(30 / 15)), 10);
    expect(lifRate(15 * mV)).toBe(0);
    expect(lifRate(10 * mV)).toBe(0);
    // large drive: the rate approaches 1 / t_ref
    expect(lifRate(1e3)).toBeGreaterThan(0.99 / 0.003);
    expect(lifRate(1e3)).toBeLessThan(1 / 0.003);
  });

  for (const [dt, o] of [
    [0.1 * ms, {}],
    [0.05 * ms, { tauMem: 10 * ms, refractory: 1 * ms, vReset: 0 }],
    [1 * ms, { tauMem: 50 * ms, refractory: 0 }],
  ] as const) {
    it(`simulated period = closed-form period within one step, rounded down with a refractory period (dt = ${dt * 1000} ms, ${JSON.stringify(o)})`, () => {
      const drives = Array.from({ length: 25 }, (_, k) => 15.2 * mV + k * 3 * mV);
      const sim = simulateLifRates(drives, { ...o, dt, duration: 1.5 });
      drives.forEach((I, k) => {
        const f = lifRate(I, o);
        expect(f).toBeGreaterThan(0);
        expect(Math.abs(1 / sim[k]! - 1 / f), `drive ${I}`).toBeLessThan(dt * (1 + 1e-9));
        // with a refractory period the period is t_ref + floor(T/dt) dt: never longer than the closed form's
        const tRef = 'refractory' in o ? o.refractory : 3 * ms;
        if (tRef >= dt) expect(1 / sim[k]! - 1 / f, `drive ${I}`).toBeLessThanOrEqual(1e-9);
      });
    });
  }

  it('below threshold: no spikes (rate 0); one neuron per drive, each starting at the reset', () => {
    const sim = simulateLifRates([0, 10 * mV, 14.9 * mV], { duration: 1 });
    expect(Array.from(sim)).toEqual([0, 0, 0]);
    const net = lifNeurons([1, 2, 3]);
    validateNetwork(net);
    expect(net.n).toBe(3);
    expect(Array.from(net.v0)).toEqual([13.5 * mV, 13.5 * mV, 13.5 * mV]);
    expect(net.post.length).toBe(0);
  });

  it('an adaptive threshold lowers the steady rate, more with a larger increment, and matches the periodic orbit', () => {
    const drives = [20 * mV, 40 * mV, 80 * mV];
    const plain = simulateLifRates(drives, { duration: 3 });
    const small = simulateLifRates(drives, { duration: 3, adaptation: { increment: 0.5 * mV, tau: 0.2 } });
    const big = simulateLifRates(drives, { duration: 3, adaptation: { increment: 2 * mV, tau: 0.2 } });
    drives.forEach((_, k) => {
      expect(small[k]!).toBeLessThan(plain[k]!);
      expect(big[k]!).toBeLessThan(small[k]!);
    });
    // the periodic orbit: B + (vr - B) e^{-(T - tref)/tm} = vth + a* e^{-T/ta}, a* = inc / (1 - e^{-T/ta})
    const B = 40 * mV,
      inc = 2 * mV,
      ta = 0.2,
      tm = 0.03,
      tref = 0.003,
      vr = 13.5 * mV,
      vth = 15 * mV;
    const g = (T: number) => B + (vr - B) * Math.exp(-(T - tref) / tm) - vth - (inc / (1 - Math.exp(-T / ta))) * Math.exp(-T / ta);
    let lo = tref + 1e-9,
      hi = 1;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (g(mid) > 0) hi = mid;
      else lo = mid;
    }
    expect(Math.abs(1 / big[1]! - lo)).toBeLessThanOrEqual(2e-4);
  });

  it('rejects bad input naming the field', () => {
    expect(() => lifRate(Number.NaN)).toThrow(/drive/);
    expect(() => lifRate(20 * mV, { adaptation: { increment: 1 * mV, tau: 0.1 } })).toThrow(/adaptation/);
    expect(() => lifRate(20 * mV, { tauMem: 0 })).toThrow(/tauMem/);
    expect(() => lifRate(20 * mV, { vThresh: 10 * mV })).toThrow(/vThresh/);
    expect(() => lifRate(20 * mV, { refractory: -1 })).toThrow(/refractory/);
    expect(() => lifNeurons([])).toThrow(/drives/);
    expect(() => lifNeurons([1, Number.POSITIVE_INFINITY])).toThrow(/drives: value 1/);
    expect(() => simulateLifRates([20 * mV], { adaptation: { increment: -1, tau: 0.1 } })).toThrow(/adaptation.increment/);
    expect(() => simulateLifRates([20 * mV], { dt: 0.05 })).toThrow(/dt/);
  });
});

describe('connectionProfile', () => {
  it('connected fractions per type and distance agree with C exp(-(D/lambda)^2); counts add up to the synapses', () => {
    const C = { EE: 0.3, EI: 0.2, IE: 0.4, II: 0.1 } as const;
    const net = buildMaassColumn({ grid: [6, 6, 15], lambda: 2 }, new Rng(3));
    const rows = connectionProfile(net);
    expect(rows.reduce((s, r) => s + r.connected, 0)).toBe(net.post.length);
    expect(rows.reduce((s, r) => s + r.pairs, 0)).toBe(net.n * (net.n - 1));
    let checked = 0;
    for (const r of rows) {
      const p = C[r.type] * Math.exp(-r.d2 / 4);
      expect(r.distance).toBeCloseTo(Math.sqrt(r.d2), 12);
      if (r.pairs * p < 10) continue;
      const sd = Math.sqrt((p * (1 - p)) / r.pairs);
      expect(Math.abs(r.fraction - p), `${r.type} d2=${r.d2}: ${r.connected}/${r.pairs}`).toBeLessThan(4.5 * sd);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    // a wider lambda connects farther: at d2 = 4 EE the fraction rises toward C exp(-4/16)
    const wide = connectionProfile(buildMaassColumn({ grid: [6, 6, 15], lambda: 4 }, new Rng(3))).find((r) => r.type === 'EE' && r.d2 === 4)!;
    const pw = 0.3 * Math.exp(-0.25);
    expect(wide.fraction).toBeGreaterThan(0.3 * Math.exp(-1) + 0.05);
    expect(Math.abs(wide.fraction - pw)).toBeLessThan(4.5 * Math.sqrt((pw * (1 - pw)) / wide.pairs));
  });

  it('needs positions', () => {
    expect(() => connectionProfile({ ...lifNeurons([1]), positions: undefined })).toThrow(/positions/);
  });
});
