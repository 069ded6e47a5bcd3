import { describe, expect, it } from 'vitest';
import { dctRows, deltas, logMelSpectrogram } from '../../src/baselines/spectrogram.js';
import { mfccStatistics, MFCC_STATS_LENGTH, MFCC_STATS_NAMES } from '../../src/baselines/mfcc-stats.js';
import { standardizeRowsByGroup } from '../../src/baselines/model.js';
import { AudioError } from '../../src/core/errors.js';

const FS = 16000;
const tone = (f: number, s = 0.5) => ({
  samples: Float64Array.from({ length: Math.round(s * FS) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / FS)),
  sampleRate: FS,
  source: `tone ${f}`,
});

describe('log-mel spectrogram', () => {
  it('puts a pure tone in the band centred nearest its frequency, 100 frames per second', () => {
    for (const f of [300, 1000, 3000]) {
      const m = logMelSpectrogram(tone(f), { bands: 40 });
      expect(m.rows).toBe(50);
      const mid = 25;
      let best = 0;
      for (let b = 1; b < 40; b++) if (m.data[mid * 40 + b]! > m.data[mid * 40 + best]!) best = b;
      // centre of band b: mel-spaced between 50 Hz and 8 kHz
      const mel = (h: number) => 2595 * Math.log10(1 + h / 700);
      const lo = mel(50),
        hi = mel(8000);
      const centre = 700 * (10 ** ((lo + ((best + 1) * (hi - lo)) / 41) / 2595) - 1);
      expect(Math.abs(Math.log2(centre / f))).toBeLessThan(0.12);
    }
  });
  it('rejects empty and non-finite audio naming the source', () => {
    expect(() => logMelSpectrogram({ samples: new Float64Array(0), sampleRate: FS, source: 'e.wav' })).toThrow(AudioError);
    const bad = tone(200);
    bad.samples[100] = NaN;
    expect(() => logMelSpectrogram(bad)).toThrow(/tone 200.*sample 100/);
  });
});

describe('DCT and deltas', () => {
  it('orthonormal DCT-II: a constant row has only c0 = sqrt(B) x value; energy preserved', () => {
    const B = 40;
    const c = dctRows({ data: new Float64Array(B).fill(2), rows: 1, cols: B }, B);
    expect(c.data[0]).toBeCloseTo(2 * Math.sqrt(B), 10);
    for (let k = 1; k < B; k++) expect(Math.abs(c.data[k]!)).toBeLessThan(1e-12);
    const x = Float64Array.from({ length: B }, (_, i) => Math.sin(i * 1.3) + i / 10);
    const y = dctRows({ data: x, rows: 1, cols: B }, B);
    expect(y.data.reduce((s, v) => s + v * v, 0)).toBeCloseTo(
      x.reduce((s, v) => s + v * v, 0),
      9,
    );
  });
  it('regression deltas of a ramp are its slope (away from the edges)', () => {
    const m = { data: Float64Array.from({ length: 20 }, (_, i) => 3 * i + 1), rows: 20, cols: 1 };
    const d = deltas(m, 2);
    for (let r = 2; r < 18; r++) expect(d.data[r]).toBeCloseTo(3, 12);
  });
});

describe('MFCC statistics', () => {
  it('has 133 named features; F0 and duration of a pulse train are right', () => {
    expect(MFCC_STATS_NAMES.length).toBe(MFCC_STATS_LENGTH);
    const n = FS;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i += FS / 200) x[i] = 0.8;
    let y = 0;
    const s = x.map((v) => (y = v + 0.9 * y)); // a one-pole "vocal tract"
    const f = mfccStatistics({ samples: s, sampleRate: FS, source: 'pulses' });
    expect(f.length).toBe(133);
    expect(f.every(Number.isFinite)).toBe(true);
    const at = (name: string) => f[MFCC_STATS_NAMES.indexOf(name)]!;
    expect(at('f0_mean')).toBeCloseTo(1, 1); // log2(200 / 100)
    expect(at('voiced_fraction')).toBeGreaterThan(0.8);
    expect(at('duration_s')).toBeCloseTo(1, 9);
  });
});

describe('per-speaker standardization', () => {
  it('gives every group zero mean and unit std per column', () => {
    const rows = [
      [1, 5],
      [3, 9],
      [10, 0],
      [14, 2],
      [12, 4],
    ].map((r) => Float64Array.from(r));
    const z = standardizeRowsByGroup(rows, ['a', 'a', 'b', 'b', 'b']);
    for (const idx of [
      [0, 1],
      [2, 3, 4],
    ]) {
      for (let j = 0; j < 2; j++) {
        const v = idx.map((i) => z[i]![j]!);
        const m = v.reduce((s, x) => s + x, 0) / v.length;
        expect(m).toBeCloseTo(0, 12);
        expect(Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length)).toBeCloseTo(1, 12);
      }
    }
  });
});
