import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { Mat } from '../../src/core/matrix.js';
import { ModelFormatError } from '../../src/core/errors.js';
import type { ProgressEvent } from '../../src/core/progress.js';
import { DEFAULT_READOUT_OPTIONS, Readout, resolveReadoutOptions } from '../../src/readout/readout.js';
import { accuracy, blobs, slice, viaJson } from './data.js';

/** Two blocks of the same 210 utterances (3 classes): a wide one (60 columns) and a narrower one (40). */
function twoBlocks(): { train: Mat[]; test: Mat[]; ytr: string[]; yte: string[] } {
  const rng = new Rng(8);
  const a = blobs(210, 60, 3, 1.5, rng);
  const b = blobs(210, 40, 3, 1.0, rng);
  return { train: [slice(a.X, 0, 150), slice(b.X, 0, 150)], test: [slice(a.X, 150, 210), slice(b.X, 150, 210)], ytr: a.y.slice(0, 150), yte: a.y.slice(150) };
}

describe('Readout', () => {
  it('fits two blocks with scaler + PCA per block and a speaker-grouped searched SVM; round-trips', async () => {
    const { train, test, ytr, yte } = twoBlocks();
    const groups = ytr.map((_, i) => `spk${i % 5}`);
    const events: ProgressEvent[] = [];
    const r = await Readout.fit(train, ytr, { pca: 10, C: [0.1, 1, 10], gamma: ['scale', 0.01] }, new Rng(1), { groups, onProgress: (e) => events.push(e) });
    expect(r.labels).toEqual(['c0', 'c1', 'c2']);
    expect(r.pcas.map((p) => p?.k)).toEqual([10, 10]);
    expect(r.search.length).toBe(6);
    expect(r.features(test).cols).toBe(20);
    expect(events.some((e) => e.phase === 'grid search' && e.done === 6)).toBe(true);
    const p = r.predict(test);
    expect(accuracy(p, yte)).toBeGreaterThan(0.9);
    const back = Readout.load(viaJson(r));
    expect(back.predict(test)).toEqual(p);
    expect(Array.from(back.decisionScores(test).data)).toEqual(Array.from(r.decisionScores(test).data));
    // deterministic
    const again = await Readout.fit(train, ytr, { pca: 10, C: [0.1, 1, 10], gamma: ['scale', 0.01] }, new Rng(1), { groups });
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
  });

  it('takes a single block, a variance-fraction PCA, a second scaler, no search, and ml-svm', async () => {
    const { train, test, ytr, yte } = twoBlocks();
    const r = await Readout.fit([train[0]!], ytr, { pca: 0.5, whiten: false, secondScaler: true, C: [1], svm: 'ml-svm' }, new Rng(2));
    expect(r.search).toEqual([]);
    expect(r.scaler2).not.toBeNull();
    const F = r.features([test[0]!]);
    expect(F.cols).toBe(r.pcas[0]!.k);
    expect(accuracy(r.predict([test[0]!]), yte)).toBeGreaterThan(0.85);
    expect(Readout.load(viaJson(r)).predict([test[0]!])).toEqual(r.predict([test[0]!]));
    // pca: 0 passes the standardized block straight through
    const raw = await Readout.fit([train[1]!], ytr, { pca: 0, C: [1] }, new Rng(2));
    expect(raw.pcas).toEqual([null]);
    expect(raw.features([test[1]!]).cols).toBe(40);
  });

  it('validates options naming the field and rejects NaN naming block, row and column', async () => {
    const { train, ytr } = twoBlocks();
    expect(resolveReadoutOptions()).toEqual(DEFAULT_READOUT_OPTIONS);
    expect(() => resolveReadoutOptions({ pca: -1 })).toThrow(/pca: .*got -1/);
    expect(() => resolveReadoutOptions({ pca: 2.5 })).toThrow(/pca:/);
    expect(() => resolveReadoutOptions({ innerFolds: 1 })).toThrow(/folds: must be an integer >= 2, got 1/);
    expect(() => resolveReadoutOptions({ C: [] })).toThrow(/Cs: must be a non-empty array/);
    expect(() => resolveReadoutOptions({ kernel: 'poly' as never })).toThrow(/kernel:/);
    expect(() => resolveReadoutOptions({ whiten: 'yes' as never })).toThrow(TypeError);
    await expect(Readout.fit([], ytr, {}, new Rng(1))).rejects.toThrow(/no feature blocks/);
    await expect(Readout.fit(train, ytr.slice(1), {}, new Rng(1))).rejects.toThrow(/block 0 has 150 rows for 149 labels/);
    const bad = slice(train[1]!, 0, 150);
    bad.data[7 * 40 + 3] = Number.NaN;
    await expect(Readout.fit([train[0]!, bad], ytr, { C: [1] }, new Rng(1))).rejects.toThrow(/block 1: features: row 7, column 3 is NaN/);
    const r = await Readout.fit(train, ytr, { pca: 5, C: [1] }, new Rng(1));
    expect(() => r.predict([train[0]!])).toThrow(/1 blocks, fitted on 2/);
    expect(() => Readout.load({ type: 'lsm-ser/Readout', version: 1, scalers: [], pcas: [null] }, 'model.json')).toThrow(ModelFormatError);
  });
});

describe('Readout.fit argument checks', () => {
  it('groups must match the rows with or without a grid search', async () => {
    const rng = new Rng(4);
    const { X, y } = blobs(30, 5, 2, 3, rng);
    const groups = Array.from({ length: 29 }, (_, i) => `g${i % 5}`);
    await expect(Readout.fit([X], y, { pca: 0, C: [1] }, new Rng(1), { groups })).rejects.toThrow('groups: 29 groups for 30 rows');
    await expect(Readout.fit([X], y, { pca: 0, C: [1, 10] }, new Rng(1), { groups })).rejects.toThrow('groups: 29 groups for 30 rows');
  });
});
