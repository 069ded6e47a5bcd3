import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { classificationReport } from '../../src/readout/metrics.js';
import {
  comparePaired,
  groupDifferences,
  normalUpperTail,
  pairedBootstrapUar,
  pairedBootstrapUarRuns,
  signTest,
  unweightedAverageRecall,
  wilcoxonSignedRank,
} from '../../src/readout/statistics.js';

const labels = ['a', 'b', 'c'];

/** n utterances per class; `wrong[c]` of class c's utterances (the first ones) predicted as the next class. */
function predictions(n: number, wrong: number[]): { truth: string[]; pred: string[] } {
  const truth: string[] = [];
  const pred: string[] = [];
  labels.forEach((l, c) => {
    for (let i = 0; i < n; i++) {
      truth.push(l);
      pred.push(i < wrong[c]! ? labels[(c + 1) % labels.length]! : l);
    }
  });
  return { truth, pred };
}

describe('unweightedAverageRecall', () => {
  it('equals the classification report UAR', () => {
    const { truth, pred } = predictions(10, [1, 3, 7]);
    expect(unweightedAverageRecall(truth, pred, labels)).toBeCloseTo(classificationReport(truth, pred, labels).uar, 12);
    expect(unweightedAverageRecall(truth, pred, labels)).toBeCloseTo((0.9 + 0.7 + 0.3) / 3, 12);
  });
  it('names an unknown label', () => {
    expect(() => unweightedAverageRecall(['a'], ['z'], labels)).toThrow(/prediction: label "z"/);
  });
});

describe('pairedBootstrapUar', () => {
  it('gives [0, 0] for identical predictions', () => {
    const { truth, pred } = predictions(20, [5, 2, 9]);
    const r = pairedBootstrapUar(truth, pred, pred, labels, new Rng(1));
    expect(r.diff).toBe(0);
    expect(r.lo).toBe(0);
    expect(r.hi).toBe(0);
  });
  it('covers a known shift and excludes 0 when the shift is large', () => {
    const perfect = predictions(40, [0, 0, 0]);
    const worse = predictions(40, [8, 8, 8]); // recall 0.8 in every class
    for (const stratify of ['label', 'none'] as const) {
      const r = pairedBootstrapUar(perfect.truth, perfect.pred, worse.pred, labels, new Rng(2), { stratify });
      expect(r.diff).toBeCloseTo(0.2, 12);
      expect(r.lo).toBeLessThan(0.2);
      expect(r.hi).toBeGreaterThan(0.2);
      expect(r.lo).toBeGreaterThan(0.08);
      expect(r.fractionAbove).toBe(1);
    }
  });
  it('has the binomial width: the stratified CI of a 0.8-vs-1 recall matches +-1.96 sqrt(p(1-p)/n)/sqrt(k)', () => {
    const perfect = predictions(100, [0, 0, 0]);
    const worse = predictions(100, [20, 20, 20]);
    const r = pairedBootstrapUar(perfect.truth, perfect.pred, worse.pred, labels, new Rng(3), { resamples: 4000 });
    // UAR diff = mean of 3 independent recall differences, each with sd sqrt(0.16/100) = 0.04
    const half = 1.96 * (0.04 / Math.sqrt(3));
    expect((r.hi - r.lo) / 2).toBeGreaterThan(half * 0.85);
    expect((r.hi - r.lo) / 2).toBeLessThan(half * 1.15);
  });
  it('is deterministic for a seed and rejects bad options', () => {
    const { truth, pred } = predictions(15, [3, 4, 5]);
    const other = predictions(15, [1, 6, 2]).pred;
    expect(pairedBootstrapUar(truth, pred, other, labels, new Rng(7))).toEqual(pairedBootstrapUar(truth, pred, other, labels, new Rng(7)));
    expect(() => pairedBootstrapUar(truth, pred, other, labels, new Rng(7), { resamples: 10 })).toThrow(RangeError);
    expect(() => pairedBootstrapUar(truth, pred, other.slice(1), labels, new Rng(7))).toThrow(/44 of model B/);
  });
});

describe('signTest', () => {
  it('matches the binomial: 9 of 10 positive -> p = 2 * 11 / 1024', () => {
    const r = signTest([1, 2, 3, 4, 5, 6, 7, 8, 9, -1]);
    expect(r.p).toBeCloseTo((2 * 11) / 1024, 12);
    expect(r.statistic).toBe(9);
  });
  it('drops zeros and gives p = 1 without differences', () => {
    expect(signTest([0, 0]).p).toBe(1);
    expect(signTest([0, 1, 1, 1, 1, 1]).p).toBeCloseTo(2 / 32, 12);
  });
});

describe('wilcoxonSignedRank', () => {
  it("reproduces the exact p of Darwin's Zea mays differences (scipy.stats.wilcoxon docs: W- = 24, p = 0.041259765625)", () => {
    const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const r = wilcoxonSignedRank(d);
    expect(r.method).toBe('exact');
    expect(r.statistic).toBe(120 - 24);
    expect(r.p).toBeCloseTo(0.041259765625, 12);
  });
  it('gives 2 / 2^n when all of n differences share a sign', () => {
    expect(wilcoxonSignedRank([0.1, 0.2, 0.3, 0.4, 0.5]).p).toBeCloseTo(2 / 32, 12);
    expect(wilcoxonSignedRank([-0.1, -0.2, -0.3, -0.4, -0.5, -0.6, -0.7, -0.8]).p).toBeCloseTo(2 / 256, 12);
  });
  it('handles ties with average ranks (exact conditional distribution)', () => {
    // |d| = 1,1,2: ranks 1.5,1.5,3; W+ = 1.5 + 3 = 4.5; sign patterns: sums {0,1.5,1.5,3,3,4.5,4.5,6}
    // P(W+ >= 4.5) = 3/8, P(W+ <= 4.5) = 7/8 -> p = 0.75
    expect(wilcoxonSignedRank([1, -1, 2]).p).toBeCloseTo(0.75, 12);
  });
  it('agrees with the normal approximation for large n', () => {
    const d = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? -1 : 1) * (i + 1));
    const r = wilcoxonSignedRank(d);
    expect(r.method).toBe('normal');
    const small = wilcoxonSignedRank(d.slice(0, 45));
    expect(small.method).toBe('exact');
    // exact and normal of the same 45 values agree within 0.01
    const n = 45;
    const mean = (n * (n + 1)) / 4;
    const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
    const zp = 2 * normalUpperTail((Math.abs(small.statistic - mean) - 0.5) / sd);
    expect(Math.abs(zp - small.p)).toBeLessThan(0.01);
  });
  it('normalUpperTail matches known values', () => {
    expect(normalUpperTail(1.959963985)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 6);
    expect(normalUpperTail(-1)).toBeCloseTo(0.841344746, 6);
  });
  it('rejects non-finite differences', () => {
    expect(() => wilcoxonSignedRank([1, Number.NaN])).toThrow(/difference 1/);
  });
});

describe('groupDifferences / comparePaired', () => {
  it('gives per-group UARs in first-seen order and the tests over them', () => {
    const a = predictions(6, [0, 0, 0]);
    const b = predictions(6, [3, 0, 0]);
    const groups = a.truth.map((_, i) => (i % 2 === 0 ? 's1' : 's2'));
    const g = groupDifferences(a.truth, a.pred, b.pred, groups, labels);
    expect(g.map((x) => x.group)).toEqual(['s1', 's2']);
    // class a: wrong rows 0,1,2 -> s1 gets 0,2 (2 of 3 wrong), s2 gets 1 (1 of 3 wrong)
    expect(g[0]!.diff).toBeCloseTo(2 / 3 / 3, 12);
    expect(g[1]!.diff).toBeCloseTo(1 / 3 / 3, 12);
    const c = comparePaired(a.truth, a.pred, b.pred, groups, labels, new Rng(1));
    expect(c.sign.n).toBe(2);
    expect(c.wilcoxon.p).toBeCloseTo(0.5, 12);
  });
});

describe('pairedBootstrapUarRuns', () => {
  it('averages runs and equals the single-run interval when the runs are copies', () => {
    const { truth, pred } = predictions(20, [2, 5, 8]);
    const other = predictions(20, [6, 6, 9]).pred;
    const one = pairedBootstrapUar(truth, pred, other, labels, new Rng(4));
    const three = pairedBootstrapUarRuns(truth, [pred, pred, pred], [other], labels, new Rng(4));
    expect(three).toEqual(one);
  });
  it('gives the mean UAR over runs', () => {
    const p1 = predictions(10, [0, 0, 0]);
    const p2 = predictions(10, [10, 10, 10]);
    const r = pairedBootstrapUarRuns(p1.truth, [p1.pred, p2.pred], [p2.pred], labels, new Rng(5));
    expect(r.uarA).toBeCloseTo(0.5, 12);
    expect(r.uarB).toBe(0);
    expect(r.lo).toBeCloseTo(0.5, 12);
  });
});
