import { describe, expect, it } from 'vitest';
import type { Mat } from '../../src/core/matrix.js';
import { ModelFormatError } from '../../src/core/errors.js';
import { StandardScaler, standardizeByGroup } from '../../src/readout/scaler.js';
import { viaJson } from './data.js';

describe('StandardScaler', () => {
  it('z-scores columns with the population std; a constant column maps to 0, never NaN', () => {
    const X: Mat = { data: Float64Array.of(1, 5, 3, 5, 5, 5), rows: 3, cols: 2 };
    const s = StandardScaler.fit(X);
    expect(Array.from(s.mean)).toEqual([3, 5]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 14);
    expect(s.scale[1]).toBe(1);
    const z = s.transform(X);
    const k = Math.sqrt(3 / 2);
    [-k, 0, 0, 0, k, 0].forEach((v, i) => expect(z.data[i]).toBeCloseTo(v, 14));
    // new data uses the training statistics
    expect(Array.from(s.transform({ data: Float64Array.of(3, 6), rows: 1, cols: 2 }).data)).toEqual([0, 1]);
  });

  it('round-trips through JSON to identical outputs', () => {
    const X: Mat = { data: Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7) * 3 + i), rows: 10, cols: 4 };
    const s = StandardScaler.fit(X);
    expect(Array.from(StandardScaler.load(viaJson(s)).transform(X).data)).toEqual(Array.from(s.transform(X).data));
    expect(() => StandardScaler.load({ type: 'lsm-ser/Pca', version: 1 }, 'm.json')).toThrow(ModelFormatError);
  });

  it('rejects non-finite values naming row and column, and a wrong column count', () => {
    expect(() => StandardScaler.fit({ data: Float64Array.of(1, 2, 3, Number.NaN), rows: 2, cols: 2 })).toThrow(/row 1, column 1 is NaN/);
    const s = StandardScaler.fit({ data: Float64Array.of(1, 2, 3, 4), rows: 2, cols: 2 });
    expect(() => s.transform({ data: Float64Array.of(Infinity, 0), rows: 1, cols: 2 })).toThrow(/row 0, column 0 is Infinity/);
    expect(() => s.transform({ data: Float64Array.of(1, 2, 3), rows: 1, cols: 3 })).toThrow(/3 columns, fitted on 2/);
    expect(() => StandardScaler.fit({ data: new Float64Array(0), rows: 0, cols: 2 })).toThrow(/no rows/);
  });
});

describe('standardizeByGroup', () => {
  it('z-scores each group on its own; a one-row group is an error, not a row of zeros', () => {
    const m: Mat = { rows: 5, cols: 2, data: Float64Array.of(1, 10, 3, 10, 100, 7, 200, 9, 300, 11) };
    const z = standardizeByGroup(m, ['a', 'a', 'b', 'b', 'b']);
    expect(Array.from(z.data.subarray(0, 4))).toEqual([-1, 0, 1, 0]); // column 2 constant in a: centred only
    const sd = Math.sqrt(20000 / 3);
    expect(z.data[4]).toBeCloseTo(-100 / sd, 12);
    expect(z.data[9]).toBeCloseTo(2 / Math.sqrt(8 / 3), 12);
    expect(() => standardizeByGroup(m, ['a', 'a', 'b', 'b', 'c'])).toThrow(/group "c" has 1 row/);
  });
});
