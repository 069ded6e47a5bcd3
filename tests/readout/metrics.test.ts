import { describe, expect, it } from 'vitest';
import { classificationReport, meanStd } from '../../src/readout/metrics.js';

describe('classificationReport', () => {
  it('matches a hand-computed confusion matrix, with a zero-support class that is predicted', () => {
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
    expect(r.n).toBe(10);
    expect(r.wa).toBeCloseTo(6 / 10, 12);
    // recalls a 3/4, b 1/2, c 2/4; d has no support: excluded (balanced_accuracy_score semantics)
    expect(r.uar).toBeCloseTo((0.75 + 0.5 + 0.5) / 3, 12);
    // precisions a 3/4, b 1/2, c 2/3, d 0/1 -> F1 a 3/4, b 1/2, c 4/7; d excluded (no support)
    expect(r.macroF1).toBeCloseTo((0.75 + 0.5 + 4 / 7) / 3, 12);
    expect(r.perClass.map((c) => c.support)).toEqual([4, 2, 4, 0]);
    expect(r.perClass[2]!.precision).toBeCloseTo(2 / 3, 12);
    expect(r.perClass[3]).toEqual({ label: 'd', support: 0, recall: 0, precision: 0, f1: 0 });
  });

  it('follows the order of labels, not of appearance', () => {
    const r = classificationReport(['x', 'y', 'y'], ['y', 'y', 'x'], ['y', 'x']);
    expect(r.labels).toEqual(['y', 'x']);
    expect(r.confusion).toEqual([
      [1, 1],
      [1, 0],
    ]);
    expect(r.perClass[1]!.recall).toBe(0);
    expect(r.uar).toBeCloseTo(0.25, 12); // (1/2 + 0) / 2, as sklearn balanced_accuracy_score
  });

  it('is 1 everywhere for perfect predictions; UAR differs from WA on imbalanced data', () => {
    const t = ['a', 'a', 'a', 'b'];
    const perfect = classificationReport(t, t, ['a', 'b']);
    expect([perfect.wa, perfect.uar, perfect.macroF1]).toEqual([1, 1, 1]);
    const allA = classificationReport(t, ['a', 'a', 'a', 'a'], ['a', 'b']);
    expect(allA.wa).toBe(0.75);
    expect(allA.uar).toBe(0.5);
  });

  it('rejects unknown labels naming them, length mismatches and duplicate labels', () => {
    expect(() => classificationReport(['x'], ['a'], ['a', 'b'])).toThrow(RangeError);
    expect(() => classificationReport(['x'], ['a'], ['a', 'b'])).toThrow(/truth: label "x"/);
    expect(() => classificationReport(['a'], ['y'], ['a', 'b'])).toThrow(/prediction: label "y"/);
    expect(() => classificationReport(['a', 'b'], ['a'], ['a', 'b'])).toThrow(/2 truths but 1 predictions/);
    expect(() => classificationReport(['a'], ['a'], ['a', 'a'])).toThrow(/labels: must be distinct/);
  });
});

describe('meanStd', () => {
  it('gives the mean and the sample standard deviation', () => {
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3), n: 4 });
    expect(meanStd([7])).toEqual({ mean: 7, std: 0, n: 1 });
    expect(Number.isNaN(meanStd([]).mean)).toBe(true);
  });
});
