import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { Mat } from '../../src/core/matrix.js';
import { decodeBsa, decodeDelta, encodeAnalog, encodeBsa, encodeDelta, encodePoisson } from '../../src/lsm/encoding/index.js';

function matFn(rows: number, cols: number, fn: (f: number, c: number) => number): Mat {
  const data = new Float64Array(rows * cols);
  for (let f = 0; f < rows; f++) for (let c = 0; c < cols; c++) data[f * cols + c] = fn(f, c);
  return { data, rows, cols };
}

describe('analog encoder', () => {
  it('holds gain * (x + offset) per frame', () => {
    const m = matFn(3, 2, (f, c) => f - c);
    const a = encodeAnalog(m, { frameRate: 100, gain: 2, offset: 0.5 });
    expect(a.frameDuration).toBeCloseTo(0.01, 12);
    expect(Array.from(a.data)).toEqual([1, -1, 3, 1, 5, 3]);
  });
  it('rejects NaN naming frame and channel, and bad options', () => {
    const m = matFn(3, 2, () => 0);
    m.data[3] = Number.NaN;
    expect(() => encodeAnalog(m, { frameRate: 100 })).toThrow(/frame 1, channel 1/);
    expect(() =>
      encodeAnalog(
        matFn(1, 1, () => 0),
        { frameRate: 0 },
      ),
    ).toThrow(/frameRate/);
  });
});

describe('Poisson encoder', () => {
  it('counts match the rates within statistical bounds and the seed fixes the spikes', () => {
    // channel c has a constant value c/3 -> rate minRate + (max - min) * c/3 over 20 s
    const frames = 2000;
    const m = matFn(frames, 4, (_, c) => c / 3);
    const opts = { frameRate: 100, maxRate: 90, minRate: 0 };
    const a = encodePoisson(m, opts, new Rng(3));
    const b = encodePoisson(m, opts, new Rng(3));
    const c = encodePoisson(m, opts, new Rng(4));
    expect(Array.from(a.times)).toEqual(Array.from(b.times));
    expect(Array.from(a.times)).not.toEqual(Array.from(c.times));
    const counts = [0, 0, 0, 0];
    for (const ch of a.channels) counts[ch]!++;
    for (let ch = 0; ch < 4; ch++) {
      const expected = ((90 * ch) / 3) * 20;
      expect(Math.abs(counts[ch]! - expected)).toBeLessThanOrEqual(5 * Math.sqrt(Math.max(expected, 1)));
    }
    // sorted times within the duration
    for (let i = 1; i < a.times.length; i++) expect(a.times[i]!).toBeGreaterThanOrEqual(a.times[i - 1]!);
    expect(a.times[a.times.length - 1]!).toBeLessThan(a.duration);
  });
  it('snapshot: a fixed input and seed give a fixed spike list', () => {
    const m = matFn(4, 2, (f, c) => f + c);
    const s = encodePoisson(m, { frameRate: 100, maxRate: 200 }, new Rng(11));
    expect(s.times.length).toBe(SNAPSHOT.length);
    s.times.forEach((t, i) => {
      expect(t).toBeCloseTo(SNAPSHOT[i]![0], 12);
      expect(s.channels[i]).toBe(SNAPSHOT[i]![1]);
    });
  });
});

// Computed once and reviewed: 9 spikes, frame 0 (rates 0/50 Hz) gives none, the busiest frame 3
// (150/200 Hz) gives 6; times inside [0, 0.04) s and sorted.
const SNAPSHOT: [number, number][] = [
  [0.01155621102, 0],
  [0.012465024826, 1],
  [0.031653385647, 0],
  [0.033425181067, 1],
  [0.033517947546, 1],
  [0.033668170793, 1],
  [0.036890576086, 1],
  [0.037900670013, 0],
  [0.038194741221, 1],
];

describe('delta encoder', () => {
  it('decoding stays within one threshold of smooth signals and random walks', () => {
    const rng = new Rng(5);
    let walk = 0;
    const m = matFn(500, 3, (f, c) => (c === 0 ? Math.sin(f / 20) * 3 : c === 1 ? Math.cos(f / 7) : (walk += rng.normal() * 0.3)));
    for (const thr of [0.05, 0.2, 0.5]) {
      const enc = encodeDelta(m, { frameRate: 100, threshold: thr });
      expect(enc.input.nChannels).toBe(6);
      const rec = decodeDelta(enc, m.rows, 100);
      for (let i = 0; i < m.data.length; i++) expect(Math.abs(rec.data[i]! - m.data[i]!)).toBeLessThan(thr + 1e-9);
    }
  });
  it('a rising ramp fires only up spikes, a falling one only down spikes', () => {
    const up = encodeDelta(
      matFn(100, 1, (f) => f * 0.01),
      { frameRate: 100, threshold: 0.1 },
    );
    expect(new Set(up.input.channels)).toEqual(new Set([0]));
    expect(up.input.times.length).toBe(9);
    const down = encodeDelta(
      matFn(100, 1, (f) => -f * 0.01),
      { frameRate: 100, threshold: 0.1 },
    );
    expect(new Set(down.input.channels)).toEqual(new Set([1]));
  });
});

describe('BSA encoder', () => {
  it('reconstructs the shape of a smooth signal (correlation > 0.95, RMS error < 20 % of the range)', () => {
    const m = matFn(600, 2, (f, c) => 0.5 + 0.3 * Math.sin(f / (25 + 10 * c)) + 0.15 * Math.sin(f / 9 + c));
    const enc = encodeBsa(m, { frameRate: 100 });
    const rec = decodeBsa(enc, m.rows, 100);
    for (let c = 0; c < 2; c++) {
      const xs: number[] = [];
      const ys: number[] = [];
      // skip the filter's start-up at the edges
      for (let f = 10; f < m.rows - 10; f++) {
        xs.push(m.data[f * 2 + c]!);
        ys.push(rec.data[f * 2 + c]!);
      }
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const mx = mean(xs);
      const my = mean(ys);
      let sxy = 0,
        sxx = 0,
        syy = 0,
        se = 0;
      xs.forEach((x, i) => {
        sxy += (x - mx) * (ys[i]! - my);
        sxx += (x - mx) ** 2;
        syy += (ys[i]! - my) ** 2;
        se += (x - ys[i]!) ** 2;
      });
      expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.95);
      expect(Math.sqrt(se / xs.length) / enc.span[c]!).toBeLessThan(0.2);
    }
  });
  it('a flat zero signal gives no spikes; a higher level gives more spikes', () => {
    const zero = encodeBsa(
      matFn(100, 1, () => 0),
      { frameRate: 100 },
    );
    expect(zero.input.times.length).toBe(0);
    const lvl = encodeBsa(
      matFn(200, 1, (f) => (f < 100 ? 0.2 : 0.8)),
      { frameRate: 100 },
    );
    const early = Array.from(lvl.input.times).filter((t) => t > 0.1 && t < 0.9).length;
    const late = Array.from(lvl.input.times).filter((t) => t > 1.1 && t < 1.9).length;
    expect(late).toBeGreaterThan(early * 1.5);
  });
  it('rejects bad filters', () => {
    expect(() =>
      encodeBsa(
        matFn(5, 1, () => 0),
        { frameRate: 100, filter: [] },
      ),
    ).toThrow(/filter/);
    expect(() =>
      encodeBsa(
        matFn(5, 1, () => 0),
        { frameRate: 100, filter: [-1] },
      ),
    ).toThrow(/filter/);
  });
});

describe('encoders refuse malformed feature matrices and impossible rates', () => {
  it('data that does not fill frames x channels, no frames, and a spike count that cannot fit in memory', () => {
    const short: Mat = { data: new Float64Array(10), rows: 4, cols: 3 };
    const empty: Mat = { data: new Float64Array(0), rows: 0, cols: 3 };
    for (const enc of [
      (m: Mat) => encodeAnalog(m, { frameRate: 100 }),
      (m: Mat) => encodeDelta(m, { frameRate: 100 }),
      (m: Mat) => encodeBsa(m, { frameRate: 100 }),
      (m: Mat) => encodePoisson(m, { frameRate: 100 }, new Rng(1)),
    ]) {
      expect(() => enc(short)).toThrow(/10 values for 4 frames x 3 channels/);
      expect(() => enc(empty)).toThrow(/needs at least 1 frame and 1 channel, got 0 x 3/);
    }
    expect(() => encodePoisson({ data: Float64Array.of(0, 1), rows: 2, cols: 1 }, { frameRate: 100, maxRate: 1e12 }, new Rng(1))).toThrow(
      /maxRate: 1000000000000 Hz would give about .* spikes/,
    );
  });
});
