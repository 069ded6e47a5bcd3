import { describe, expect, it } from 'vitest';
import { hash32, noiseKey, noiseNormal, noiseNormalAt } from '../../src/lsm/noise-hash.js';

/** Mean, variance, and the standardized 3rd and 4th moments of `xs`. */
function moments(xs: Float64Array): { mean: number; variance: number; skew: number; kurt: number } {
  const n = xs.length;
  let m = 0;
  for (const x of xs) m += x;
  m /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = x - m;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  return { mean: m, variance: m2, skew: m3 / n / m2 ** 1.5, kurt: m4 / n / (m2 * m2) };
}

/** Pearson correlation of a and b. */
function corr(a: Float64Array, b: Float64Array): number {
  const ma = moments(a);
  const mb = moments(b);
  let c = 0;
  for (let k = 0; k < a.length; k++) c += (a[k]! - ma.mean) * (b[k]! - mb.mean);
  return c / a.length / Math.sqrt(ma.variance * mb.variance);
}

describe('noiseNormal: the counter-hash noise of LifNetwork.noise', () => {
  const n = 200_000;
  const at = (f: (k: number) => number) => Float64Array.from({ length: n }, (_, k) => f(k));

  it('hash32 maps 0 to 0 (lowbias32 has no constant term) and stays in uint32', () => {
    expect(hash32(0)).toBe(0);
    for (const x of [1, 0xffffffff, 123456789]) {
      const h = hash32(x);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
    }
  });

  it('has mean 0, variance 1, skewness 0 and the kurtosis of a standardized Irwin-Hall(4) sum, 2.7', () => {
    const z = at((k) => noiseNormal(7, k % 13, (k / 13) | 0, k % 101));
    const m = moments(z);
    const se = 1 / Math.sqrt(n);
    expect(Math.abs(m.mean)).toBeLessThan(5 * se);
    expect(Math.abs(m.variance - 1)).toBeLessThan(5 * Math.sqrt(2) * se);
    expect(Math.abs(m.skew)).toBeLessThan(5 * Math.sqrt(6) * se);
    expect(Math.abs(m.kurt - 2.7)).toBeLessThan(0.05);
    // support: +-2 sqrt(3)
    expect(z.every((x) => x >= -2 * Math.sqrt(3) && x < 2 * Math.sqrt(3))).toBe(true);
  });

  it('neighbouring lanes, steps, neurons and seeds are uncorrelated', () => {
    const lim = 5 / Math.sqrt(n);
    const idx = (k: number) => [k % 997, (k / 997) | 0] as const; // (a, b) pairs
    const base = at((k) => noiseNormal(3, 5, idx(k)[1], idx(k)[0]));
    expect(
      Math.abs(
        corr(
          base,
          at((k) => noiseNormal(3, 6, idx(k)[1], idx(k)[0])),
        ),
      ),
    ).toBeLessThan(lim); // next lane
    expect(
      Math.abs(
        corr(
          base,
          at((k) => noiseNormal(3, 5, idx(k)[1] + 1, idx(k)[0])),
        ),
      ),
    ).toBeLessThan(lim); // next step
    expect(
      Math.abs(
        corr(
          base,
          at((k) => noiseNormal(3, 5, idx(k)[1], idx(k)[0] + 1)),
        ),
      ),
    ).toBeLessThan(lim); // next neuron
    expect(
      Math.abs(
        corr(
          base,
          at((k) => noiseNormal(4, 5, idx(k)[1], idx(k)[0])),
        ),
      ),
    ).toBeLessThan(lim); // next seed
  });

  it('noiseKey + noiseNormalAt give noiseNormal bit for bit', () => {
    for (let k = 0; k < 5000; k++) {
      const seed = (k * 2654435761) >>> 0;
      const lane = k % 37;
      const step = k * 7;
      const neuron = k % 1001;
      expect(noiseNormalAt(noiseKey(seed, lane, step), neuron)).toBe(noiseNormal(seed, lane, step, neuron));
    }
  });
});
