import { describe, expect, it } from 'vitest';
import { Rng, lgamma } from '../../src/core/rng.js';

describe('Rng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 8 }, () => a.nextUint32());
    const xb = Array.from({ length: 8 }, () => b.nextUint32());
    const xc = Array.from({ length: 8 }, () => c.nextUint32());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('forks depend on the path only, not on draws of the parent', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    for (let i = 0; i < 100; i++) b.random();
    expect(a.fork('excitation/W').random()).toBe(b.fork('excitation/W').random());
    expect(a.fork('x').fork('y').random()).toBe(a.fork('x/y').random());
    expect(a.fork('excitation').random()).not.toBe(a.fork('tract').random());
  });

  it('uniform doubles have the right mean and variance and stay in [0,1)', () => {
    const r = new Rng(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.random();
      expect(x >= 0 && x < 1).toBe(true);
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    // standard error of the mean: sqrt(1/12/n) = 6.5e-4 -> 5 sigma
    expect(Math.abs(mean - 0.5)).toBeLessThan(3.3e-3);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(2e-3);
  });

  it('int(n) is unbiased over a small range (chi-square)', () => {
    const r = new Rng(3);
    const k = 7;
    const n = 70_000;
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) counts[r.int(k)]!++;
    const e = n / k;
    const chi2 = counts.reduce((acc, c) => acc + ((c - e) * (c - e)) / e, 0);
    expect(chi2).toBeLessThan(22.46); // p = 0.001 at 6 dof
  });

  it('normal deviates have mean 0, variance 1', () => {
    const r = new Rng(5);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.016);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });

  it('poisson deviates have mean and variance lambda (small and large lambda)', () => {
    for (const lambda of [0.5, 4, 50, 400]) {
      const r = new Rng(11);
      const n = 40_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const k = r.poisson(lambda);
        expect(Number.isInteger(k) && k >= 0).toBe(true);
        s += k;
        s2 += k * k;
      }
      const m = s / n;
      const v = s2 / n - m * m;
      expect(Math.abs(m - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
      expect(Math.abs(v / lambda - 1)).toBeLessThan(0.05);
    }
  });

  it('sample draws k distinct values in range', () => {
    const r = new Rng(9);
    for (const [n, k] of [
      [10, 10],
      [1000, 30],
      [50, 40],
    ] as const) {
      const s = r.sample(n, k);
      expect(new Set(s).size).toBe(k);
      for (const x of s) expect(x >= 0 && x < n).toBe(true);
    }
    expect(() => r.sample(3, 4)).toThrow(RangeError);
  });

  it('rejects bad seeds', () => {
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
    expect(() => new Rng(1.5)).toThrow(RangeError);
  });

  it('lgamma matches log factorials', () => {
    let lf = 0;
    for (let k = 1; k < 30; k++) {
      lf += Math.log(k);
      expect(lgamma(k + 1)).toBeCloseTo(lf, 9);
    }
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
  it('gamma (Marsaglia-Tsang): mean k theta and variance k theta^2 for shapes below and above 1; seeded', () => {
    for (const [k, theta] of [
      [0.5, 2],
      [1, 1],
      [2.5, 0.01],
      [16, 3],
    ] as const) {
      const r = new Rng(11).fork(`gamma${k}`);
      const n = 40000;
      const xs = Float64Array.from({ length: n }, () => r.gamma(k, theta));
      expect(xs.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
      const sd = Math.sqrt(k) * theta;
      expect(Math.abs(mean - k * theta)).toBeLessThan((5 * sd) / Math.sqrt(n));
      // Var of the sample variance: (mu4 - sigma^4) / n, with mu4 = 3 k (k + 2) theta^4 for a gamma
      const seVar = Math.sqrt((3 * k * (k + 2) - k * k) / n) * theta * theta;
      expect(Math.abs(variance - k * theta * theta)).toBeLessThan(5 * seVar);
    }
    expect(new Rng(5).gamma(2, 1)).toBe(new Rng(5).gamma(2, 1));
    expect(() => new Rng(1).gamma(0)).toThrow(/shape must be finite and > 0/);
    expect(() => new Rng(1).gamma(1, -1)).toThrow(/scale must be finite and > 0/);
  });
});
