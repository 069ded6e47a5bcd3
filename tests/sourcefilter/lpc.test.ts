import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { autocorrelation, levinson } from '../../src/sourcefilter/lpc.js';
import { decompose, resynthesize, snrDb } from '../../src/sourcefilter/decompose.js';

describe('autocorrelation', () => {
  it('matches the direct definition for every lag', () => {
    const r = new Rng(2);
    const x = Float64Array.from({ length: 97 }, () => r.normal());
    const out = new Float64Array(21);
    autocorrelation(x, x.length, 20, out);
    for (let lag = 0; lag <= 20; lag++) {
      let s = 0;
      for (let i = lag; i < x.length; i++) s += x[i]! * x[i - lag]!;
      expect(out[lag]).toBeCloseTo(s, 10);
    }
  });
});

describe('LPC on AR processes', () => {
  // Stable AR polynomials built from known poles.
  function polyFromPoles(poles: [number, number][]): number[] {
    // each (radius, angle) gives a conjugate pair: 1 - 2 r cos(t) z^-1 + r^2 z^-2
    let a = [1];
    for (const [rad, th] of poles) {
      const sec = [1, -2 * rad * Math.cos(th), rad * rad];
      const next = new Array(a.length + 2).fill(0);
      for (let i = 0; i < a.length; i++) for (let j = 0; j < 3; j++) next[i + j] += a[i]! * sec[j]!;
      a = next;
    }
    return a;
  }
  for (const poles of [
    [
      [0.9, 0.3],
      [0.8, 1.2],
    ],
    [
      [0.95, 0.2],
      [0.85, 0.9],
      [0.7, 2.0],
    ],
    [
      [0.85, 0.25],
      [0.85, 0.8],
      [0.8, 1.6],
      [0.75, 2.5],
      [0.6, 2.9],
    ],
  ] as [number, number][][]) {
    const a = polyFromPoles(poles);
    const p = a.length - 1;
    it(`recovers AR(${p}) coefficients within 0.02`, () => {
      const rng = new Rng(100 + p);
      const n = 60000;
      const x = new Float64Array(n);
      for (let t = 0; t < n; t++) {
        let v = rng.normal();
        for (let k = 1; k <= p && k <= t; k++) v -= a[k]! * x[t - k]!;
        x[t] = v;
      }
      const r = new Float64Array(p + 1);
      autocorrelation(x, n, p, r);
      const est = levinson(r, p);
      for (let k = 1; k <= p; k++) expect(Math.abs(est.a[k]! - a[k]!)).toBeLessThan(0.02);
      // prediction error ~ unit innovation variance
      expect(est.error / n).toBeGreaterThan(0.95);
      expect(est.error / n).toBeLessThan(1.05);
      for (const k of est.k) expect(Math.abs(k)).toBeLessThan(1);
    });
  }

  it('gives the trivial predictor for silence', () => {
    const r = new Float64Array(5);
    const res = levinson(r, 4);
    expect(Array.from(res.a)).toEqual([1, 0, 0, 0, 0]);
    expect(res.error).toBe(0);
  });
});

describe('frame-wise split', () => {
  it('every frame filter is stable (|k| < 1) and resynthesis is lossless on noise and tones', () => {
    const rng = new Rng(4);
    const n = 16000;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = 0.3 * Math.sin(i * 0.05) + 0.3 * Math.sin(i * 0.71) + (i > 8000 ? 0.01 * rng.normal() : 0);
    const sf = decompose({ samples: x, sampleRate: 16000, source: 'test' });
    for (const k of sf.reflection.data) expect(Math.abs(k)).toBeLessThan(1);
    expect(snrDb(sf.preEmphasized, resynthesize(sf))).toBeGreaterThan(100);
  });
});
