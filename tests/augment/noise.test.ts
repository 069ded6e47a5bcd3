import { describe, expect, it } from 'vitest';
import FFT from 'fft.js';
import { Rng } from '../../src/core/rng.js';
import { babbleNoise, mixAtSnr, pinkNoise, power, whiteNoise } from '../../src/augment/noise.js';
import { AudioError } from '../../src/core/errors.js';

/** Power per octave band [lo, 2 lo) of a periodogram, in dB. */
function octavePowers(x: Float64Array, los: number[]): number[] {
  const n = x.length;
  const f = new FFT(n);
  const out = f.createComplexArray() as number[];
  f.realTransform(out, Array.from(x));
  return los.map((lo) => {
    let p = 0;
    for (let k = lo; k < 2 * lo; k++) p += out[2 * k]! ** 2 + out[2 * k + 1]! ** 2;
    return 10 * Math.log10(p);
  });
}

describe('noise', () => {
  it('mixes at exactly the requested SNR', () => {
    const rng = new Rng(1);
    const clean = Float64Array.from({ length: 8000 }, (_, i) => 0.3 * Math.sin(i / 7));
    for (const snr of [20, 10, 5, 0, -5]) {
      const noisy = mixAtSnr(clean, whiteNoise(3000, rng), snr);
      const resid = noisy.map((v, i) => v - clean[i]!);
      expect(10 * Math.log10(power(clean) / power(resid))).toBeCloseTo(snr, 9);
    }
  });

  it('refuses silent audio and bad SNRs with clear errors', () => {
    expect(() => mixAtSnr(new Float64Array(100), whiteNoise(100, new Rng(1)), 10, 'x.wav')).toThrow(AudioError);
    expect(() => mixAtSnr(new Float64Array(100), whiteNoise(100, new Rng(1)), 10, 'x.wav')).toThrow(/x\.wav.*silent/);
    expect(() => mixAtSnr(Float64Array.of(1, 2), Float64Array.of(1), NaN)).toThrow(/snrDb/);
  });

  it('white noise: unit variance, flat spectrum (equal power per bin: +3 dB per octave)', () => {
    const x = whiteNoise(1 << 16, new Rng(2));
    expect(power(x)).toBeCloseTo(1, 1);
    const p = octavePowers(x, [64, 128, 256, 512, 1024, 2048]);
    for (let i = 1; i < p.length; i++) expect(p[i]! - p[i - 1]!).toBeGreaterThan(2);
  });

  it('pink noise: unit variance, equal power per octave', () => {
    const x = pinkNoise(1 << 16, new Rng(3));
    expect(power(x)).toBeCloseTo(1, 6);
    const p = octavePowers(x, [64, 128, 256, 512, 1024, 2048, 4096]);
    for (let i = 1; i < p.length; i++) expect(Math.abs(p[i]! - p[i - 1]!)).toBeLessThan(1);
  });

  it('seeded: the same seed gives the same noise', () => {
    expect(pinkNoise(1000, new Rng(5))).toEqual(pinkNoise(1000, new Rng(5)));
    expect(pinkNoise(1000, new Rng(5))).not.toEqual(pinkNoise(1000, new Rng(6)));
  });

  it('babble: unit power, made of the sources, and an error for silent sources', () => {
    const rng = new Rng(4);
    const srcs = [1, 2, 3, 4, 5].map((k) => Float64Array.from({ length: 500 + 100 * k }, (_, i) => Math.sin((i * k) / 10)));
    const b = babbleNoise(srcs, 4000, rng, 3);
    expect(b.length).toBe(4000);
    expect(power(b)).toBeCloseTo(1, 9);
    // a single talker is one source looped and scaled to unit power
    const one = babbleNoise([srcs[0]!], 1200, new Rng(1), 1);
    const ratio = one[10]! / srcs[0]![0]!;
    expect(Math.abs(ratio)).toBeGreaterThan(0);
    expect(() => babbleNoise([new Float64Array(10)], 100, rng)).toThrow(/no non-silent/);
  });
});
