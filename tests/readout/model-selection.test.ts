import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { gridSearchSvm, innerFolds } from '../../src/readout/model-selection.js';
import type { ProgressEvent } from '../../src/core/progress.js';
import { blobs, xor } from './data.js';

describe('innerFolds', () => {
  it('grouped folds never split a group and partition the rows', () => {
    const groups = Array.from({ length: 60 }, (_, i) => `s${(i * 7) % 6}`);
    const y = Array.from({ length: 60 }, (_, i) => `c${i % 3}`);
    const folds = innerFolds(y, 3, new Rng(1), groups);
    expect(folds.length).toBe(3);
    const foldOf = new Map<string, number>();
    folds.forEach((f, k) =>
      f.forEach((i) => {
        const g = groups[i]!;
        expect(foldOf.get(g) ?? k).toBe(k);
        foldOf.set(g, k);
      }),
    );
    expect(folds.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // more folds than groups: empty folds are dropped
    expect(innerFolds(y, 8, new Rng(1), groups).length).toBe(6);
  });

  it('ungrouped folds are stratified, a partition, and depend only on the Rng', () => {
    const y = Array.from({ length: 50 }, (_, i) => (i < 30 ? 'a' : 'b'));
    const folds = innerFolds(y, 5, new Rng(2));
    expect(folds.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    for (const f of folds) {
      expect(f.filter((i) => y[i] === 'a').length).toBe(6);
      expect(f.filter((i) => y[i] === 'b').length).toBe(4);
    }
    expect(innerFolds(y, 5, new Rng(2))).toEqual(folds);
    expect(innerFolds(y, 5, new Rng(3))).not.toEqual(folds);
  });
});

describe('gridSearchSvm', () => {
  it('finds the good gamma on XOR (too small underfits, too large memorizes), grouped by speaker', async () => {
    const { X, y } = xor(160, new Rng(5));
    const groups = y.map((_, i) => `spk${i % 4}`);
    const events: ProgressEvent[] = [];
    const r = await gridSearchSvm(X, y, { Cs: [1, 100], gammas: [1e-4, 2, 1e4], folds: 4, groups, onProgress: (e) => events.push(e) }, new Rng(1));
    expect(r.table.map((p) => [p.C, p.gamma])).toEqual([
      [1, 1e-4],
      [1, 2],
      [1, 1e4],
      [100, 1e-4],
      [100, 2],
      [100, 1e4],
    ]);
    expect(r.best.gamma).toBe(2);
    expect(r.best.score).toBeGreaterThan(0.85);
    for (const p of r.table) if (p.gamma !== 2) expect(p.score).toBeLessThan(0.75);
    expect(events.at(-1)).toMatchObject({ done: 6, total: 6 });
    // deterministic
    expect((await gridSearchSvm(X, y, { Cs: [1, 100], gammas: [1e-4, 2, 1e4], folds: 4, groups }, new Rng(1))).table).toEqual(r.table);
  });

  it('breaks ties towards the smaller C, then the smaller gamma', async () => {
    const { X, y } = blobs(60, 4, 2, 10, new Rng(3)); // every setting is perfect
    const r = await gridSearchSvm(X, y, { Cs: [10, 1, 100], gammas: [0.05, 0.01], folds: 3 }, new Rng(1));
    expect(r.table.every((p) => p.score === 1)).toBe(true);
    expect(r.best).toEqual({ C: 1, gamma: 0.01, score: 1 });
  });

  it('rejects bad options naming the field', async () => {
    const { X, y } = blobs(20, 2, 2, 3, new Rng(1));
    await expect(gridSearchSvm(X, y, { Cs: [] }, new Rng(1))).rejects.toThrow(/Cs: must be a non-empty array/);
    await expect(gridSearchSvm(X, y, { Cs: [1, -1] }, new Rng(1))).rejects.toThrow(/Cs\[1\]: .*got -1/);
    await expect(gridSearchSvm(X, y, { gammas: [0] }, new Rng(1))).rejects.toThrow(/gammas\[0\]/);
    await expect(gridSearchSvm(X, y, { folds: 1 }, new Rng(1))).rejects.toThrow(/folds: must be an integer >= 2, got 1/);
    await expect(gridSearchSvm(X, y, { metric: 'f1' as never }, new Rng(1))).rejects.toThrow(/metric:/);
    await expect(gridSearchSvm(X, y, { groups: ['a'] }, new Rng(1))).rejects.toThrow(/groups: 1 groups for 20 rows/);
  });

  it('one group (a one-speaker training fold) falls back to stratified folds over the rows, and says so', async () => {
    const { X, y } = blobs(40, 4, 2, 6, new Rng(4));
    const one = await gridSearchSvm(X, y, { Cs: [1, 10], gammas: ['scale'], folds: 4, groups: y.map(() => 'OAF') }, new Rng(1));
    const plain = await gridSearchSvm(X, y, { Cs: [1, 10], gammas: ['scale'], folds: 4 }, new Rng(1));
    expect(one.innerCv).toBe('stratified-one-group');
    expect(plain.innerCv).toBe('stratified');
    expect(one.table).toEqual(plain.table); // the same stratified folds
    expect(one.best.score).toBeGreaterThan(0.9);
    const grouped = await gridSearchSvm(X, y, { Cs: [1, 10], gammas: ['scale'], folds: 4, groups: y.map((_, i) => `s${i % 4}`) }, new Rng(1));
    expect(grouped.innerCv).toBe('groups');
  });
});
