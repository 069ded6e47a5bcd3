import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { Mat } from '../../src/core/matrix.js';
import { StandardScaler } from '../../src/readout/scaler.js';
import { Pca } from '../../src/readout/pca.js';
import { SvmClassifier, loadLibsvm } from '../../src/readout/svm.js';
import { classificationReport, meanStd } from '../../src/readout/metrics.js';
import { innerFolds } from '../../src/readout/model-selection.js';
import { Readout } from '../../src/readout/readout.js';

function randn(rows: number, cols: number, rng: Rng): Mat {
  return { data: Float64Array.from({ length: rows * cols }, () => rng.normal()), rows, cols };
}

function blobs(n: number, d: number, k: number, sep: number, rng: Rng): { X: Mat; y: string[] } {
  const X = randn(n, d, rng);
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y.push(`c${c}`);
    for (let j = 0; j < d; j++) if (j % k === c) X.data[i * d + j]! += sep;
  }
  return { X, y };
}

const json = <T>(o: { toJSON(): unknown }): T => JSON.parse(JSON.stringify(o.toJSON())) as T;

describe('metrics', () => {
  it('WA, UAR, macro-F1 and the confusion matrix match hand computation', () => {
    const labels = ['a', 'b', 'c', 'd'];
    const truth = ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'c'];
    const pred = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'd', 'a'];
    const r = classificationReport(truth, pred, labels);
    expect(r.confusion).toEqual([
      [3, 1, 0, 0],
      [0, 1, 1, 0],
      [1, 0, 2, 1],
      [0, 0, 0, 0],
    ]);
    expect(r.wa).toBeCloseTo(6 / 10, 12);
    // recalls a 3/4, b 1/2, c 2/4; d has no support and is excluded
    expect(r.uar).toBeCloseTo((0.75 + 0.5 + 0.5) / 3, 12);
    // precisions a 3/4, b 1/2, c 2/3 -> F1 a .75, b .5, c 4/7
    expect(r.macroF1).toBeCloseTo((0.75 + 0.5 + 4 / 7) / 3, 12);
    expect(() => classificationReport(['x'], ['a'], labels)).toThrow(/truth: label "x"/);
    expect(() => classificationReport(['a'], ['y'], labels)).toThrow(/prediction: label "y"/);
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3), n: 4 });
  });
});

describe('StandardScaler', () => {
  it('z-scores columns; constant columns stay finite; NaN is rejected naming the cell', () => {
    const X: Mat = { data: Float64Array.of(1, 5, 3, 5, 5, 5), rows: 3, cols: 2 };
    const s = StandardScaler.fit(X);
    const z = s.transform(X);
    expect(Array.from(z.data).map((v) => +v.toFixed(6))).toEqual([-1.224745, 0, 0, 0, 1.224745, 0]);
    const back = StandardScaler.load(json(s));
    expect(Array.from(back.transform(X).data)).toEqual(Array.from(z.data));
    expect(() => StandardScaler.fit({ data: Float64Array.of(1, Number.NaN), rows: 1, cols: 2 })).toThrow(/row 0, column 1/);
  });
});

describe('PCA', () => {
  it('Gram, covariance and ml-pca fits span the same subspace with the same variances, wide and narrow', () => {
    const rng = new Rng(3);
    for (const [n, d] of [
      [40, 120],
      [150, 30],
    ] as const) {
      // low-rank + noise so the leading eigenvalues are well separated
      const A = randn(n, 5, rng);
      const B = randn(5, d, rng);
      const X: Mat = { data: new Float64Array(n * d), rows: n, cols: d };
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) {
        let s = 0.05 * rng.normal();
        for (let q = 0; q < 5; q++) s += A.data[i * 5 + q]! * B.data[q * d + j]! * (5 - q);
        X.data[i * d + j] = s;
      }
      const fits = (['gram', 'covariance', 'ml-pca'] as const).map((method) => Pca.fit(X, { components: 5, method }));
      for (const f of fits.slice(1)) {
        for (let j = 0; j < 5; j++) expect(f.explainedVariance[j]! / fits[0]!.explainedVariance[j]!).toBeCloseTo(1, 6);
        // same components up to sign: |<u, v>| = 1
        for (let j = 0; j < 5; j++) {
          let dot = 0;
          for (let q = 0; q < d; q++) dot += f.components.data[q * 5 + j]! * fits[0]!.components.data[q * 5 + j]!;
          expect(Math.abs(dot)).toBeCloseTo(1, 6);
        }
      }
      // rank 5: 5 components keep nearly all variance; the fraction form picks <= 5
      const frac = Pca.fit(X, { components: 0.99 });
      expect(frac.k).toBeLessThanOrEqual(5);
      // whitened projections have unit variance
      const w = Pca.fit(X, { components: 3, whiten: true });
      const T = w.transform(X);
      for (let j = 0; j < 3; j++) {
        let s2 = 0;
        for (let i = 0; i < n; i++) s2 += T.data[i * 3 + j]! ** 2;
        expect(s2 / (n - 1)).toBeCloseTo(1, 6);
      }
      const back = Pca.load(json(w));
      expect(Array.from(back.transform(X).data)).toEqual(Array.from(T.data));
    }
  });
});

describe('SVM', () => {
  it('separates 7-class blobs with libsvm and ml-svm; the JS decision function agrees with libsvm itself', async () => {
    const rng = new Rng(4);
    const { X, y } = blobs(280, 20, 7, 3, rng);
    const test = blobs(140, 20, 7, 3, rng);
    for (const backend of ['libsvm', 'ml-svm'] as const) {
      const m = await SvmClassifier.fit(X, y, { backend, C: 1 }, new Rng(1));
      const p = m.predict(test.X);
      const acc = p.filter((v, i) => v === test.y[i]).length / p.length;
      expect(acc).toBeGreaterThan(0.95);
      const back = SvmClassifier.load(json(m));
      expect(back.predict(test.X)).toEqual(p);
    }
    // libsvm's own predictOne vs our parsed model
    const SVM = await loadLibsvm();
    const native = new SVM({ type: SVM.SVM_TYPES.C_SVC, kernel: SVM.KERNEL_TYPES.RBF, gamma: 0.05, cost: 1, quiet: true });
    const yi = y.map((l) => Number(l.slice(1)));
    const rows = Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * 20, (i + 1) * 20)));
    native.train(rows, yi);
    const ours = await SvmClassifier.fit(X, y, { C: 1, gamma: 0.05, classWeight: 'none' });
    const p = ours.predict(test.X);
    for (let i = 0; i < test.X.rows; i++) expect(p[i]).toBe(`c${native.predictOne(Array.from(test.X.data.subarray(i * 20, (i + 1) * 20)))}`);
    native.free();
  });

  it('RBF solves XOR where a linear kernel cannot', async () => {
    const rng = new Rng(5);
    const n = 200;
    const X: Mat = { data: new Float64Array(n * 2), rows: n, cols: 2 };
    const y: string[] = [];
    for (let i = 0; i < n; i++) {
      const a = rng.uniform(-1, 1);
      const b = rng.uniform(-1, 1);
      X.data[2 * i] = a;
      X.data[2 * i + 1] = b;
      y.push(a * b > 0 ? 'same' : 'diff');
    }
    const acc = (m: SvmClassifier) => m.predict(X).filter((v, i) => v === y[i]).length / n;
    expect(acc(await SvmClassifier.fit(X, y, { kernel: 'rbf', C: 100, gamma: 2 }))).toBeGreaterThan(0.9);
    expect(acc(await SvmClassifier.fit(X, y, { kernel: 'linear', C: 1 }))).toBeLessThan(0.7);
  });

  it('balanced class weights raise the recall of a minority class', async () => {
    const rng = new Rng(6);
    const n = 300;
    const X: Mat = { data: new Float64Array(n), rows: n, cols: 1 };
    const y: string[] = [];
    for (let i = 0; i < n; i++) {
      const minority = i % 10 === 0;
      X.data[i] = rng.normal() + (minority ? 1.2 : 0);
      y.push(minority ? 'rare' : 'common');
    }
    const recallRare = async (classWeight: 'balanced' | 'none') => {
      const p = (await SvmClassifier.fit(X, y, { kernel: 'linear', C: 1, classWeight })).predict(X);
      return classificationReport(y, p, ['common', 'rare']).perClass[1]!.recall;
    };
    expect(await recallRare('balanced')).toBeGreaterThan((await recallRare('none')) + 0.2);
  });

  it('rejects bad options naming the field', async () => {
    const { X, y } = blobs(20, 3, 2, 3, new Rng(1));
    await expect(SvmClassifier.fit(X, y, { C: 0 })).rejects.toThrow(/C:/);
    await expect(SvmClassifier.fit(X, y, { gamma: -1 })).rejects.toThrow(/gamma/);
    await expect(SvmClassifier.fit(X, y, { kernel: 'poly' as never })).rejects.toThrow(/kernel/);
  });
});

describe('model selection and the composite readout', () => {
  it('grouped inner folds never split a group', () => {
    const groups = Array.from({ length: 60 }, (_, i) => `s${i % 6}`);
    const y = Array.from({ length: 60 }, (_, i) => `c${i % 3}`);
    const folds = innerFolds(y, 3, new Rng(1), groups);
    const seen = new Map<string, number>();
    folds.forEach((f, k) => f.forEach((i) => {
      const g = groups[i]!;
      expect(seen.get(g) ?? k).toBe(k);
      seen.set(g, k);
    }));
    expect(folds.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('fits two blocks with PCA + searched SVM, predicts held-out data and round-trips', async () => {
    const rng = new Rng(8);
    const a = blobs(210, 60, 3, 1.5, rng);
    const b = blobs(210, 40, 3, 1.0, rng);
    const train = { blocks: [a.X, b.X].map((m) => ({ data: m.data.slice(0, 150 * m.cols), rows: 150, cols: m.cols })), y: a.y.slice(0, 150) };
    const test = { blocks: [a.X, b.X].map((m) => ({ data: m.data.slice(150 * m.cols), rows: 60, cols: m.cols })), y: a.y.slice(150) };
    const groups = train.y.map((_, i) => `spk${i % 5}`);
    const r = await Readout.fit(train.blocks, train.y, { pca: 10, C: [0.1, 1, 10], gamma: ['scale', 0.01] }, new Rng(1), { groups });
    expect(r.search.length).toBe(6);
    const p = r.predict(test.blocks);
    expect(p.filter((v, i) => v === test.y[i]).length / p.length).toBeGreaterThan(0.9);
    const back = Readout.load(json(r));
    expect(back.predict(test.blocks)).toEqual(p);
    expect(Array.from(back.decisionScores(test.blocks).data)).toEqual(Array.from(r.decisionScores(test.blocks).data));
  });
});
