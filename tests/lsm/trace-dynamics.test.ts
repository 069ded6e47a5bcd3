import { describe, expect, it } from 'vitest';
import { traceAutocorrelation, traceSlopes } from '../../src/lsm/trace-dynamics.js';
import { reservoirFeatures, stateFeatureLength } from '../../src/lsm/features.js';
import type { LaneResult } from '../../src/lsm/run-types.js';

/** samples x 2 trace: channel 0 = sin(2 pi s / period), channel 1 = a + b * s/(S-1). */
function trace(S: number, period: number, a: number, b: number): Float32Array {
  const t = new Float32Array(S * 2);
  for (let s = 0; s < S; s++) {
    t[2 * s] = Math.sin((2 * Math.PI * s) / period);
    t[2 * s + 1] = a + (b * s) / (S - 1);
  }
  return t;
}

describe('traceSlopes', () => {
  it('recovers the slope of a line over normalized time, and 0 for a constant', () => {
    expect(traceSlopes(trace(200, 20, 3, -2.5), 200, 2)[1]).toBeCloseTo(-2.5, 5);
    expect(traceSlopes(trace(37, 20, 3, 0), 37, 2)[1]).toBeCloseTo(0, 9);
  });
  it('equals the two-point slope for two samples', () => {
    expect(Array.from(traceSlopes([1, 5, 4, -1], 2, 2))).toEqual([3, -6]);
  });
  it('is 0 for one sample and checks the trace length', () => {
    expect(Array.from(traceSlopes([1, 2], 1, 2))).toEqual([0, 0]);
    expect(() => traceSlopes([1, 2, 3], 2, 2)).toThrow(/trace has 3 values/);
  });
});

describe('traceAutocorrelation', () => {
  it("of a sinusoid of period P is ~cos(2 pi L / P) (times the biased estimator's (S - L) / S)", () => {
    const S = 400;
    const P = 40;
    const lags = [1, 5, 10, 20];
    const r = traceAutocorrelation(trace(S, P, 0, 1), S, 2, lags);
    // the discrete sum over S - L products deviates from the continuous (S - L) / S cos by O(1 / S)
    lags.forEach((L, k) => {
      expect(Math.abs(r[k * 2]! - (Math.cos((2 * Math.PI * L) / P) * (S - L)) / S)).toBeLessThan(0.02);
    });
    // at half a period the sign flips
    expect(traceAutocorrelation(trace(S, P, 0, 1), S, 2, [P / 2])[0]).toBeLessThan(-0.9);
  });
  it('gives 0 for a constant channel and rejects bad lags', () => {
    const r = traceAutocorrelation(trace(50, 10, 1, 0), 50, 2, [1]);
    expect(r[1]).toBe(0);
    expect(() => traceAutocorrelation(trace(50, 10, 1, 0), 50, 2, [0])).toThrow(/lags/);
  });
});

describe('reservoirFeatures with slopes and lags', () => {
  it('appends slopes and autocorrelations after the segments, and the length matches', () => {
    const S = 100;
    const tr = trace(S, 25, 0, 4);
    const run = { n: 2, steps: S * 10, counts: new Int32Array(2), spikes: 0, trace: tr, samples: S, sampleInterval: 0.01 } as unknown as LaneResult;
    const opts = { segments: 2, slopes: true, lags: [25] };
    const f = reservoirFeatures(run, opts);
    expect(f.length).toBe(stateFeatureLength(2, opts));
    expect(f.length).toBe(2 * (2 + 2 + 1 + 1));
    expect(f[8 + 1]).toBeCloseTo(4, 4); // slope of channel 1
    expect(f[10]).toBeCloseTo((S - 25) / S, 2); // full-period lag of the sine
    // without the new options the vector is what it was
    expect(reservoirFeatures(run, { segments: 2 })).toEqual(f.subarray(0, 8));
  });
});
