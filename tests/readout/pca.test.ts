import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { Mat } from '../../src/core/matrix.js';
import { DEFAULT_PCA_OPTIONS, Pca, resolvePcaOptions } from '../../src/readout/pca.js';
import { randn, viaJson } from './data.js';

const METHODS = ['gram', 'covariance', 'ml-pca', 'auto'] as const;

/**
 * X = 1 m^T + U S V^T with zero-mean orthonormal U (Walsh vectors over 8 rows), singular values
 * 10, 5, 2 and known orthonormal V whose largest-|value| loadings are positive (the sign
 * convention), so the PCA must return exactly V, s^2 / (n - 1) and m.
 */
function knownMatrix(d: number): { X: Mat; V: number[][]; s: number[]; m: number[] } {
  const n = 8;
  const r8 = 1 / Math.sqrt(8);
  const U = [
    [1, -1, 1, -1, 1, -1, 1, -1],
    [1, 1, -1, -1, 1, 1, -1, -1],
    [1, 1, 1, 1, -1, -1, -1, -1],
  ].map((u) => u.map((v) => v * r8));
  const s = [10, 5, 2];
  const V = [new Array<number>(d).fill(0), new Array<number>(d).fill(0), new Array<number>(d).fill(0)];
  V[0]![0] = 0.6;
  V[0]![1] = 0.8;
  V[1]![2] = 0.8;
  V[1]![3] = -0.6;
  V[2]![d - 2] = -0.6;
  V[2]![d - 1] = 0.8;
  const m = Array.from({ length: d }, (_, j) => j - 2.5);
  const X: Mat = { data: new Float64Array(n * d), rows: n, cols: d };
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X.data[i * d + j] = m[j]! + s.reduce((acc, sk, k) => acc + U[k]![i]! * sk * V[k]![j]!, 0);
  return { X, V, s, m };
}

describe('Pca', () => {
  for (const [shape, d] of [
    ['wide (8 x 12)', 12],
    ['narrow (8 x 6)', 6],
  ] as const) {
    it(`recovers known components, variances and mean and reconstructs exactly: ${shape}`, () => {
      const { X, V, s, m } = knownMatrix(d);
      for (const method of METHODS) {
        const p = Pca.fit(X, { nComponents: 3, method });
        expect(p.k).toBe(3);
        m.forEach((v, j) => expect(p.mean[j]).toBeCloseTo(v, 10));
        for (let k = 0; k < 3; k++) {
          expect(p.explainedVariance[k]).toBeCloseTo(s[k]! ** 2 / 7, 9);
          for (let j = 0; j < d; j++) expect(p.components.data[j * 3 + k]).toBeCloseTo(V[k]![j]!, 9);
        }
        expect(p.totalVariance).toBeCloseTo(129 / 7, 9);
        const back = p.inverseTransform(p.transform(X));
        for (let q = 0; q < X.data.length; q++) expect(back.data[q]).toBeCloseTo(X.data[q]!, 9);
      }
    });
  }

  it('varianceFraction picks the smallest count reaching the fraction', () => {
    const { X } = knownMatrix(12); // variances 100 : 25 : 4 of 129
    const k = (varianceFraction: number) => Pca.fit(X, { varianceFraction }).k;
    expect(k(0.77)).toBe(1); // 100/129 = 0.775
    expect(k(0.78)).toBe(2); // 125/129 = 0.969
    expect(k(0.97)).toBe(3);
    expect(k(1)).toBe(3); // rank 3: never more components than the rank
    expect(Pca.fit(X).k).toBe(2); // default 0.95
    expect(Pca.fit(X, { nComponents: 7 }).k).toBe(3);
  });

  it('Gram, covariance and ml-pca fits give the same components and variances on random data, wide and narrow', () => {
    const rng = new Rng(3);
    for (const [n, d] of [
      [40, 120],
      [150, 30],
    ] as const) {
      // rank-5 signal with distinct scales + noise: well separated leading eigenvalues
      const A = randn(n, 5, rng);
      const B = randn(5, d, rng);
      const X: Mat = { data: new Float64Array(n * d), rows: n, cols: d };
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) {
          let s = 0.05 * rng.normal();
          for (let q = 0; q < 5; q++) s += A.data[i * 5 + q]! * B.data[q * d + j]! * (5 - q);
          X.data[i * d + j] = s;
        }
      }
      const fits = (['gram', 'covariance', 'ml-pca'] as const).map((method) => Pca.fit(X, { nComponents: 5, method }));
      for (const f of fits.slice(1)) {
        for (let j = 0; j < 5; j++) {
          expect(f.explainedVariance[j]! / fits[0]!.explainedVariance[j]!).toBeCloseTo(1, 8);
          // same sign convention -> identical unit vectors (cosine of the principal angle = 1)
          let dot = 0;
          for (let q = 0; q < d; q++) dot += f.components.data[q * 5 + j]! * fits[0]!.components.data[q * 5 + j]!;
          expect(dot).toBeCloseTo(1, 8);
        }
      }
      // the largest-|value| loading of each component is positive
      const W = fits[0]!.components;
      for (let j = 0; j < 5; j++) {
        let big = 0;
        for (let q = 1; q < d; q++) if (Math.abs(W.data[q * 5 + j]!) > Math.abs(W.data[big * 5 + j]!)) big = q;
        expect(W.data[big * 5 + j]).toBeGreaterThan(0);
      }
      // whitened projections have unit sample variance and round-trip through JSON exactly
      const w = Pca.fit(X, { nComponents: 3, whiten: true });
      const T = w.transform(X);
      for (let j = 0; j < 3; j++) {
        let s2 = 0;
        for (let i = 0; i < n; i++) s2 += T.data[i * 3 + j]! ** 2;
        expect(s2 / (n - 1)).toBeCloseTo(1, 8);
      }
      expect(Array.from(Pca.load(viaJson(w)).transform(X).data)).toEqual(Array.from(T.data));
    }
  });

  it('is deterministic', () => {
    const X = randn(30, 50, new Rng(9));
    expect(JSON.stringify(Pca.fit(X, { nComponents: 4 }))).toBe(JSON.stringify(Pca.fit(X, { nComponents: 4 })));
  });

  it('validates options naming the field, and rejects NaN naming the cell', () => {
    expect(resolvePcaOptions({})).toEqual(DEFAULT_PCA_OPTIONS);
    expect(resolvePcaOptions({ nComponents: 4 })).toMatchObject({ nComponents: 4, varianceFraction: null });
    expect(() => resolvePcaOptions({ nComponents: 0 })).toThrow(/nComponents: must be an integer >= 1, got 0/);
    expect(() => resolvePcaOptions({ nComponents: 2.5 })).toThrow(RangeError);
    expect(() => resolvePcaOptions({ varianceFraction: 1.5 })).toThrow(/varianceFraction: must be in \(0, 1\], got 1.5/);
    expect(() => resolvePcaOptions({ nComponents: 3, varianceFraction: 0.9 })).toThrow(/give only one/);
    expect(() => resolvePcaOptions({ method: 'svd' as never })).toThrow(/method:/);
    expect(() => resolvePcaOptions({ nComponents: '3' as never })).toThrow(TypeError);
    const X = randn(5, 3, new Rng(1));
    X.data[7] = Number.NaN;
    expect(() => Pca.fit(X)).toThrow(/row 2, column 1 is NaN/);
    expect(() => Pca.fit(randn(1, 3, new Rng(1)))).toThrow(/at least 2 rows/);
    expect(() => Pca.fit(randn(5, 3, new Rng(1)), { nComponents: 2 }).transform(randn(2, 4, new Rng(2)))).toThrow(/4 columns, fitted on 3/);
  });
});

describe('Pca rank truncation', () => {
  it('never keeps more components than the rank, whatever the method', () => {
    const { X } = (() => {
      const d = 6;
      const X: Mat = { data: new Float64Array(8 * d), rows: 8, cols: d };
      for (let i = 0; i < 8; i++) for (let j = 0; j < d; j++) X.data[i * d + j] = (i - 3.5) * (j + 1) + ((i % 2) - 0.5) * (j % 3);
      return { X };
    })();
    for (const method of METHODS) expect(Pca.fit(X, { nComponents: 5, method }).k).toBe(2);
    expect(() => Pca.fit({ data: new Float64Array(12).fill(3), rows: 4, cols: 3 })).toThrow(/zero variance/);
  });
});
