import { describe, expect, it } from 'vitest';
import { stateFeatureLength, traceStatistics } from '../../src/lsm/trace-stats.js';
import { reservoirFeatures } from '../../src/lsm/features.js';

describe('traceStatistics', () => {
  it('per channel: mean, std and K segment means of a known trace (a ramp and a constant)', () => {
    const S = 12;
    const data = new Float64Array(S * 2);
    for (let s = 0; s < S; s++) {
      data[s * 2] = s;
      data[s * 2 + 1] = 3;
    }
    const v = traceStatistics({ data, rows: S, cols: 2, interval: 0.01 }, { segments: 3 });
    expect(v.length).toBe(stateFeatureLength(2, { segments: 3 }));
    expect(v[0]).toBeCloseTo((S - 1) / 2, 12);
    expect(v[1]).toBe(3);
    expect(v[2]).toBeCloseTo(Math.sqrt((S * S - 1) / 12), 12); // std of 0..S-1
    expect(v[3]).toBe(0);
    // segments of 4 samples: means 1.5, 5.5, 9.5
    expect([v[4], v[6], v[8]]).toEqual([1.5, 5.5, 9.5]);
    expect([v[5], v[7], v[9]]).toEqual([3, 3, 3]);
  });
  it('float32 and float64 traces of the same values agree; a reservoir lane gives the same vector', () => {
    const data = Float32Array.from({ length: 40 }, (_, i) => Math.fround(Math.sin(i)));
    const a = traceStatistics({ data, rows: 10, cols: 4, interval: 0.01 });
    const b = traceStatistics({ data: Float64Array.from(data), rows: 10, cols: 4, interval: 0.01 });
    expect(Array.from(a)).toEqual(Array.from(b));
    const lane = { n: 4, steps: 100, counts: new Int32Array(4), spikes: 0, trace: data, samples: 10, sampleInterval: 0.01 };
    expect(Array.from(reservoirFeatures(lane))).toEqual(Array.from(a));
  });
  it('rejects an empty trace, a bad interval and a size mismatch', () => {
    expect(() => traceStatistics({ data: new Float64Array(0), rows: 0, cols: 3, interval: 0.01 })).toThrow(/no sample/);
    expect(() => traceStatistics({ data: new Float64Array(6), rows: 2, cols: 3, interval: 0 })).toThrow(/interval/);
    expect(() => traceStatistics({ data: new Float64Array(5), rows: 2, cols: 3, interval: 0.01 })).toThrow(/5 values/);
  });
});
