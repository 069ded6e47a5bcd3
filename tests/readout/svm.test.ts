import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { Mat } from '../../src/core/matrix.js';
import { ModelFormatError } from '../../src/core/errors.js';
import { DEFAULT_SVM_OPTIONS, SvmClassifier, loadLibsvm, resolveSvmOptions, scaleGamma } from '../../src/readout/svm.js';
import { classificationReport } from '../../src/readout/metrics.js';
import { libsvmDecision, parseLibsvmModel } from '../../src/readout/svm-model.js';
import { accuracy, blobs, slice, viaJson, xor } from './data.js';

const rowsOf = (X: Mat) => Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));

describe('SvmClassifier', () => {
  it('classifies linearly separable blobs perfectly (both kernels, both backends)', async () => {
    const { X, y } = blobs(120, 4, 2, 8, new Rng(2));
    for (const backend of ['libsvm', 'ml-svm'] as const) {
      for (const kernel of ['linear', 'rbf'] as const) {
        const m = await SvmClassifier.fit(slice(X, 0, 80), y.slice(0, 80), { backend, kernel }, new Rng(1));
        expect(accuracy(m.predict(slice(X, 80, 120)), y.slice(80))).toBe(1);
      }
    }
  });

  it('separates 7-class blobs (> 95 %) with libsvm and ml-svm and round-trips through JSON', async () => {
    const rng = new Rng(4);
    const { X, y } = blobs(280, 20, 7, 3, rng);
    const test = blobs(140, 20, 7, 3, rng);
    for (const backend of ['libsvm', 'ml-svm'] as const) {
      const m = await SvmClassifier.fit(X, y, { backend }, new Rng(1));
      const p = m.predict(test.X);
      expect(accuracy(p, test.y)).toBeGreaterThan(0.95);
      const back = SvmClassifier.load(viaJson(m));
      expect(back.predict(test.X)).toEqual(p);
      expect(Array.from(back.decisionScores(test.X).data)).toEqual(Array.from(m.decisionScores(test.X).data));
    }
  });

  it('predicts as libsvm itself except that vote ties go to the larger summed margin; scores are votes + margin fraction', async () => {
    const rng = new Rng(4);
    const { X, y } = blobs(210, 10, 7, 2, rng);
    const test = blobs(70, 10, 7, 2, rng);
    const ours = await SvmClassifier.fit(X, y, { C: 1, gamma: 0.05, classWeight: 'none' });
    const text = (ours.toJSON() as { libsvm: string }).libsvm;
    const model = parseLibsvmModel(text, 10);
    const SVM = await loadLibsvm();
    const native = SVM.load(text);
    const p = ours.predict(test.X);
    let ties = 0;
    rowsOf(test.X).forEach((row, i) => {
      const { votes, margin } = libsvmDecision(model, row);
      const top = Math.max(...votes);
      const tied = [...votes.keys()].filter((c) => votes[c] === top);
      if (tied.length === 1) expect(p[i]).toBe(`c${native.predictOne(row)}`);
      else {
        ties++;
        const best = tied.reduce((a, c) => (margin[c]! > margin[a]! ? c : a));
        expect(p[i]).toBe(`c${model.labels[best]}`);
      }
    });
    expect(ties).toBeGreaterThan(0); // the tie rule was exercised
    native.free();
    const s = ours.decisionScores(test.X);
    for (let i = 0; i < s.rows; i++) {
      const row = Array.from(s.data.subarray(i * 7, i * 7 + 7));
      expect(row.reduce((a, v) => a + Math.round(v), 0)).toBe(21); // 7 * 6 / 2 pairwise votes
      expect(ours.labels[row.indexOf(Math.max(...row))]).toBe(p[i]);
    }
  });

  it('is deterministic with libsvm, and with ml-svm for a given Rng', async () => {
    const { X, y } = blobs(90, 6, 3, 1.5, new Rng(7));
    const a = await SvmClassifier.fit(X, y, {});
    const b = await SvmClassifier.fit(X, y, {});
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = await SvmClassifier.fit(X, y, { backend: 'ml-svm' }, new Rng(5));
    const d = await SvmClassifier.fit(X, y, { backend: 'ml-svm' }, new Rng(5));
    expect(JSON.stringify(c)).toBe(JSON.stringify(d));
  });

  it('RBF solves XOR where a linear kernel cannot', async () => {
    const { X, y } = xor(200, new Rng(5));
    const acc = async (kernel: 'rbf' | 'linear') => accuracy((await SvmClassifier.fit(X, y, { kernel, C: 100, gamma: 2 })).predict(X), y);
    expect(await acc('rbf')).toBeGreaterThan(0.9);
    expect(await acc('linear')).toBeLessThan(0.7);
  });

  it('class weights shift the decision towards the up-weighted class', async () => {
    const rng = new Rng(6);
    const n = 300;
    const X: Mat = { data: new Float64Array(n), rows: n, cols: 1 };
    const y: string[] = [];
    for (let i = 0; i < n; i++) {
      const minority = i % 10 === 0;
      X.data[i] = rng.normal() + (minority ? 1.2 : 0);
      y.push(minority ? 'rare' : 'common');
    }
    const recallRare = async (classWeight: 'balanced' | 'none' | Record<string, number>) => {
      const p = (await SvmClassifier.fit(X, y, { kernel: 'linear', classWeight })).predict(X);
      return classificationReport(y, p, ['common', 'rare']).perClass[1]!.recall;
    };
    const none = await recallRare('none');
    expect(await recallRare('balanced')).toBeGreaterThan(none + 0.2);
    expect(await recallRare({ rare: 9 })).toBeGreaterThan(none + 0.2);
    expect(await recallRare({ common: 9 })).toBeLessThanOrEqual(none);
  });

  it('computes libsvm probabilities exactly as libsvm does', async () => {
    const rng = new Rng(11);
    const { X, y } = blobs(150, 4, 3, 1.2, rng);
    const test = blobs(30, 4, 3, 1.2, rng);
    const m = await SvmClassifier.fit(X, y, { probability: true, classWeight: 'none' });
    expect(m.hasProbabilities).toBe(true);
    const P = m.predictProbabilities(test.X);
    const SVM = await loadLibsvm();
    const native = SVM.load((m.toJSON() as { libsvm: string }).libsvm);
    rowsOf(test.X).forEach((row, i) => {
      const est = native.predictOneProbability(row).estimates;
      let sum = 0;
      for (const e of est) {
        expect(P.data[i * 3 + e.label]).toBeCloseTo(e.probability, 10);
        sum += P.data[i * 3 + e.label]!;
      }
      expect(sum).toBeCloseTo(1, 10);
    });
    native.free();
    expect(Array.from(SvmClassifier.load(viaJson(m)).predictProbabilities(test.X).data)).toEqual(Array.from(P.data));
    const plain = await SvmClassifier.fit(X, y, {});
    expect(plain.hasProbabilities).toBe(false);
    expect(() => plain.predictProbabilities(test.X)).toThrow(/probability: true/);
  });

  it('gamma "scale" is 1 / (d * variance of all values)', async () => {
    const X: Mat = { data: Float64Array.of(0, 2, 0, 2, 4, 6, 4, 6), rows: 4, cols: 2 }; // mean 3, variance 5
    expect(scaleGamma(X)).toBeCloseTo(1 / 10, 14);
    const m = await SvmClassifier.fit(X, ['a', 'a', 'b', 'b']);
    expect(m.options.gamma).toBeCloseTo(0.1, 14);
  });

  it('rejects bad options naming the field, NaN features naming the cell, and bad model files', async () => {
    const { X, y } = blobs(20, 3, 2, 3, new Rng(1));
    expect(resolveSvmOptions({})).toEqual(DEFAULT_SVM_OPTIONS);
    await expect(SvmClassifier.fit(X, y, { C: 0 })).rejects.toThrow(/C: must be finite and > 0, got 0/);
    await expect(SvmClassifier.fit(X, y, { gamma: -1 })).rejects.toThrow(/gamma: .*got -1/);
    await expect(SvmClassifier.fit(X, y, { kernel: 'poly' as never })).rejects.toThrow(/kernel: .*"poly"/);
    await expect(SvmClassifier.fit(X, y, { backend: 'sklearn' as never })).rejects.toThrow(/backend:/);
    await expect(SvmClassifier.fit(X, y, { classWeight: { c0: -2 } })).rejects.toThrow(/classWeight.c0: .*-2/);
    await expect(SvmClassifier.fit(X, y, { C: '1' as never })).rejects.toThrow(TypeError);
    await expect(SvmClassifier.fit(X, y, { backend: 'ml-svm', probability: true }, new Rng(1))).rejects.toThrow(/probability: only/);
    await expect(SvmClassifier.fit(X, y, { backend: 'ml-svm' })).rejects.toThrow(/rng:/);
    await expect(
      SvmClassifier.fit(
        X,
        y.map(() => 'one'),
      ),
    ).rejects.toThrow(/at least 2 classes/);
    await expect(SvmClassifier.fit(X, y.slice(1))).rejects.toThrow(/19 labels for 20 rows/);
    const bad = slice(X, 0, 20);
    bad.data[3 * 4 + 2] = Number.NaN;
    await expect(SvmClassifier.fit(bad, y)).rejects.toThrow(/row 4, column 2 is NaN/);
    const m = await SvmClassifier.fit(X, y);
    expect(() => m.predict(bad)).toThrow(/row 4, column 2 is NaN/);
    expect(() => m.predict(slice(blobs(2, 4, 2, 1, new Rng(1)).X, 0, 2))).toThrow(/4 features, trained on 3/);
    expect(() => SvmClassifier.load({ type: 'lsm-ser/SvmClassifier', version: 2 }, 'x.json')).toThrow(ModelFormatError);
    expect(() => SvmClassifier.load({ ...(viaJson(m) as object), libsvm: 'garbage' }, 'x.json')).toThrow(/x.json.*corrupt SVM model/);
  });
});

describe('SvmClassifier.fit: bad arguments are errors, not silently ignored', () => {
  it('a classWeight label that is not a training label, no feature columns, a malformed matrix', async () => {
    const { X, y } = blobs(60, 4, 3, 4, new Rng(3));
    await expect(SvmClassifier.fit(X, y, { classWeight: { nope: 3 } })).rejects.toThrow(/classWeight: label "nope" is not among the training labels/);
    await expect(SvmClassifier.fit({ rows: 60, cols: 0, data: new Float64Array(0) }, y)).rejects.toThrow(/no feature columns/);
    await expect(SvmClassifier.fit({ rows: 60, cols: 4, data: X.data.subarray(0, 200) }, y)).rejects.toThrow(/200 values for 60 x 4/);
    // a weight for a real label is taken
    const labels = [...new Set(y)].sort();
    const m = await SvmClassifier.fit(X, y, { classWeight: { [labels[0]!]: 2 } });
    expect(m.predict(X).length).toBe(60);
  });
});
