import { describe, expect, it } from 'vitest';
import { changeRate } from '../../src/augment/rate-change.js';
import { wsola } from '../../src/augment/wsola.js';
import { speedPerturb } from '../../src/augment/speed.js';
import { shiftProsody } from '../../src/augment/prosody.js';
import { augmentOnce } from '../../src/augment/policy.js';
import { decompose, snrDb } from '../../src/sourcefilter/decompose.js';
import { Rng } from '../../src/core/rng.js';
import type { Audio } from '../../src/sourcefilter/audio.js';

const FS = 16000;

/** Zero-crossing frequency estimate of a sinusoid, in Hz. */
function zcFreq(x: Float64Array, fs: number, skip = 400): number {
  let z = 0;
  for (let i = skip + 1; i < x.length - skip; i++) if (x[i - 1]! < 0 && x[i]! >= 0) z++;
  return (z * fs) / (x.length - 2 * skip);
}

/** A vowel: a pulse train at f0 through two resonances (500 and 1500 Hz). */
function vowel(f0: number, seconds = 1): Audio {
  const n = Math.round(seconds * FS);
  const e = new Float64Array(n);
  for (let t = 0; t < seconds; t += 1 / f0) e[Math.round(t * FS)] = 1;
  let y = e;
  for (const [fc, bw] of [
    [500, 80],
    [1500, 120],
  ] as const) {
    const r = Math.exp((-Math.PI * bw) / FS);
    const a1 = -2 * r * Math.cos((2 * Math.PI * fc) / FS);
    const a2 = r * r;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = y[i]! - a1 * (out[i - 1] ?? 0) - a2 * (out[i - 2] ?? 0);
    y = out;
  }
  const peak = y.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return { samples: y.map((v) => (0.5 * v) / peak), sampleRate: FS, source: 'vowel' };
}

function medianF0(a: Audio): number {
  const sf = decompose(a, { rate: FS });
  const v = Array.from(sf.f0)
    .filter((f) => f > 0)
    .sort((p, q) => p - q);
  return v[v.length >> 1]!;
}

describe('rate change and speed perturbation', () => {
  it('scales duration by 1/factor and frequency by factor', () => {
    const x = Float64Array.from({ length: FS }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / FS));
    const r = changeRate(x, FS, 1.1);
    expect(r.factor).toBeCloseTo(1.1, 9);
    expect(r.samples.length).toBe(Math.round(FS / 1.1));
    expect(zcFreq(r.samples, FS)).toBeCloseTo(484, -0.5);
    const a = speedPerturb({ samples: x, sampleRate: FS, source: 's' }, 0.9);
    expect(a.samples.length).toBe(Math.round(FS / 0.9));
    expect(zcFreq(a.samples, FS)).toBeCloseTo(396, -0.5);
    expect(() => changeRate(x, FS, 0)).toThrow(/factor/);
  });
});

describe('wsola', () => {
  it('stretches to the requested length and keeps the frequency', () => {
    const x = Float64Array.from({ length: FS }, (_, i) => Math.sin((2 * Math.PI * 200 * i) / FS));
    for (const len of [Math.round(FS * 1.5), Math.round(FS * 0.7)]) {
      const y = wsola(x, len);
      expect(y.length).toBe(len);
      expect(Math.abs(zcFreq(y, FS, 800) / 200 - 1)).toBeLessThan(0.02); // +-1 crossing
      const rms = Math.sqrt(y.slice(800, -800).reduce((s, v) => s + v * v, 0) / (len - 1600));
      expect(rms).toBeGreaterThan(0.6); // a coherent overlap-add keeps the amplitude (0.707)
    }
  });

  it('is the identity at ratio 1, also when the level changes (no pull towards louder frames)', () => {
    // a 200 Hz tone whose amplitude ramps 0.1 -> 1, and a chirp-like decaying vowel stand-in
    const ramp = Float64Array.from({ length: FS }, (_, i) => (0.1 + (0.9 * i) / FS) * Math.sin((2 * Math.PI * 200 * i) / FS));
    const decay = Float64Array.from(
      { length: FS },
      (_, i) => Math.exp(-3 * (i / FS)) * (Math.sin((2 * Math.PI * 140 * i) / FS) + 0.5 * Math.sin((2 * Math.PI * 420 * i) / FS + 1)),
    );
    for (const x of [ramp, decay]) {
      const y = wsola(x, x.length);
      // away from the first and last frame (no overlap partner there)
      expect(snrDb(x.slice(640, -640), y.slice(640, -640))).toBeGreaterThan(60);
    }
  });
});

describe('source-filter prosody resynthesis', () => {
  it('is lossless with no change', () => {
    const a = vowel(120);
    const b = shiftProsody(a, {});
    expect(snrDb(a.samples, b.samples)).toBeGreaterThan(100);
  });

  it('shifts F0 by the ratio and keeps duration and vocal tract', () => {
    const a = vowel(120);
    const f0a = medianF0(a);
    expect(f0a).toBeCloseTo(120, -0.5);
    for (const ratio of [1.25, 0.8]) {
      const b = shiftProsody(a, { f0Ratio: ratio });
      expect(b.samples.length).toBe(a.samples.length);
      expect(Math.abs(medianF0(b) / (f0a * ratio) - 1)).toBeLessThan(0.03);
      // the vocal tract: mean tract band profile barely moves (same resonances)
      const ta = decompose(a, { rate: FS, normalization: 'none' }).tractBands;
      const tb = decompose(b, { rate: FS, normalization: 'none' }).tractBands;
      const prof = (m: typeof ta) =>
        Array.from({ length: m.cols }, (_, c) => {
          let s = 0;
          for (let r = 0; r < m.rows; r++) s += m.data[r * m.cols + c]!;
          return s / m.rows;
        });
      const pa = prof(ta),
        pb = prof(tb);
      const ma = pa.reduce((s, v) => s + v, 0) / pa.length,
        mb = pb.reduce((s, v) => s + v, 0) / pb.length;
      let sab = 0,
        saa = 0,
        sbb = 0;
      pa.forEach((v, i) => {
        sab += (v - ma) * (pb[i]! - mb);
        saa += (v - ma) ** 2;
        sbb += (pb[i]! - mb) ** 2;
      });
      expect(sab / Math.sqrt(saa * sbb)).toBeGreaterThan(0.95);
    }
  });

  it('scales energy by the gain', () => {
    const a = vowel(150, 0.5);
    const b = shiftProsody(a, { gainDb: 6 });
    const p = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);
    expect(10 * Math.log10(p(b.samples) / p(a.samples))).toBeCloseTo(6, 6);
    expect(() => shiftProsody(a, { gainDb: 100 })).toThrow(/gainDb/);
  });
});

describe('augmentation policy', () => {
  it('draws each kind, seeded, and records what it did', () => {
    const a = vowel(140, 0.5);
    const kinds = new Set<string>();
    for (let s = 0; s < 12; s++) {
      const r = augmentOnce(a, new Rng(s));
      kinds.add(r.kind);
      const again = augmentOnce(a, new Rng(s));
      expect(again.audio.samples).toEqual(r.audio.samples);
      expect(r.detail.length).toBeGreaterThan(3);
      expect(r.audio.samples.every(Number.isFinite)).toBe(true);
    }
    expect([...kinds].sort()).toEqual(['noise', 'prosody', 'speed']);
  });
});
