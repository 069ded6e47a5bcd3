import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { SvmClassifier, scaleGamma } from '../../src/readout/svm.js';
import { formatG, rbfGram } from '../../src/readout/svm-kernel.js';
import { blobs } from './data.js';

describe('formatG (C printf %g)', () => {
  it('matches printf on known values', () => {
    // expected strings as glibc printf prints them ('%.8g' / '%g')
    expect(formatG(123456789.5, 8)).toBe('1.2345679e+08');
    expect(formatG(-3.25e-5, 8)).toBe('-3.25e-05');
    expect(formatG(1e-7, 8)).toBe('1e-07');
    expect(formatG(0.125, 8)).toBe('0.125');
    expect(formatG(0, 8)).toBe('0');
    expect(formatG(1 / 3, 6)).toBe('0.333333');
    expect(formatG(1 / 48, 6)).toBe('0.0208333');
    expect(formatG(0.0001, 6)).toBe('0.0001');
    expect(formatG(12345678, 8)).toBe('12345678');
    expect(formatG(100, 6)).toBe('100');
    expect(formatG(-1.5, 8)).toBe('-1.5');
  });
});

describe('rbfGram', () => {
  it('is exp(-gamma |xi - xj|^2) (to rounding), symmetric, 1 on the diagonal', () => {
    const { X } = blobs(12, 5, 3, 1, new Rng(1));
    const K = rbfGram(X, 0.3);
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 12; j++) {
        let d2 = 0;
        for (let q = 0; q < 5; q++) d2 += (X.data[i * 5 + q]! - X.data[j * 5 + q]!) ** 2;
        expect(K[i * 12 + j]).toBeCloseTo(Math.exp(-0.3 * d2), 12);
        expect(K[i * 12 + j]).toBe(K[j * 12 + i]);
      }
    }
  });
});

describe('SvmClassifier.fitGrid', () => {
  it('gives byte-identical models to one RBF fit per C (precomputed kernel), with zeros, 2 and 7 classes, balanced and custom weights', async () => {
    for (const [n, d, k, seed] of [
      [60, 4, 2, 1],
      [210, 24, 7, 2],
    ] as const) {
      const { X, y } = blobs(n, d, k, 0.8, new Rng(seed));
      for (let i = 0; i < n; i += 7) X.data[i * d] = 0; // exact zeros, as padded features have
      const Cs = [0.1, 1, 10, 100];
      for (const classWeight of ['balanced', { c1: 2.5 }] as const) {
        for (const gamma of ['scale', 0.37] as const) {
          const grid = await SvmClassifier.fitGrid(X, y, Cs, { gamma, classWeight });
          expect(grid).toHaveLength(Cs.length);
          for (const [c, C] of Cs.entries()) {
            const one = await SvmClassifier.fit(X, y, { C, gamma, classWeight });
            // scores first: the model built straight from the precomputed fit, before its text exists
            expect(Array.from(grid[c]!.decisionScores(X).data)).toEqual(Array.from(one.decisionScores(X).data));
            expect(JSON.stringify(grid[c]!.toJSON())).toBe(JSON.stringify(one.toJSON()));
            expect(grid[c]!.predict(X)).toEqual(one.predict(X));
          }
        }
      }
      expect(scaleGamma(X)).toBeGreaterThan(0);
    }
  });

  it('falls back to one fit per C for the linear kernel and ml-svm (the same models as fit)', async () => {
    const { X, y } = blobs(40, 3, 2, 2, new Rng(3));
    const lin = await SvmClassifier.fitGrid(X, y, [1, 10], { kernel: 'linear' });
    expect(JSON.stringify(lin[1]!.toJSON())).toBe(JSON.stringify((await SvmClassifier.fit(X, y, { kernel: 'linear', C: 10 })).toJSON()));
    const ml = await SvmClassifier.fitGrid(X, y, [1], { backend: 'ml-svm' }, (C) => new Rng(9).fork(`C${C}`));
    expect(ml[0]!.predict(X)).toEqual((await SvmClassifier.fit(X, y, { backend: 'ml-svm', C: 1 }, new Rng(9).fork('C1'))).predict(X));
  });

  it('rejects a bad C naming it', async () => {
    const { X, y } = blobs(20, 2, 2, 2, new Rng(4));
    await expect(SvmClassifier.fitGrid(X, y, [1, -1])).rejects.toThrow(/C: must be finite and > 0/);
  });
});
