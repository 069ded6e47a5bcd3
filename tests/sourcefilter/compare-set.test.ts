import { describe, expect, it } from 'vitest';
import {
  COMPARE_FEATURE_COUNT,
  COMPARE_FEATURE_NAMES,
  COMPARE_LLD_NAMES,
  FUNCTIONAL_COUNT,
  FUNCTIONAL_NAMES,
  SPECTRAL_LLD_NAMES,
  compareFeatures,
  compareLlds,
  contourDelta,
  contourFunctionals,
  rastaFilter,
} from '../../src/sourcefilter/compare-set/index.js';
import type { Audio } from '../../src/sourcefilter/audio.js';
import { Rng } from '../../src/core/rng.js';
import { compareSvmModel } from '../../src/baselines/compare-svm.js';

function fun(x: number[], frameRate = 100): Record<string, number> {
  const out = new Float64Array(FUNCTIONAL_COUNT);
  contourFunctionals(Float64Array.from(x), frameRate, out);
  return Object.fromEntries(FUNCTIONAL_NAMES.map((n, i) => [n, out[i]!]));
}

const audio = (samples: Float64Array, sampleRate = 16000): Audio => ({ samples, sampleRate, source: 'test signal' });
const sine = (hz: number, amp: number, seconds: number, rate = 16000) =>
  Float64Array.from({ length: Math.round(seconds * rate) }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate));
const col = (name: string) => SPECTRAL_LLD_NAMES.indexOf(name);
const interiorMean = (c: Float64Array) => {
  const v = c.subarray(5, c.length - 5);
  return v.reduce((s, x) => s + x, 0) / v.length;
};

describe('ComParE-style functionals on known contours', () => {
  it('a ramp 1..5: moments, percentiles, times, regressions, centroid (analytic)', () => {
    const f = fun([1, 2, 3, 4, 5]);
    expect(f.mean).toBeCloseTo(3, 12);
    expect(f.stddev).toBeCloseTo(Math.SQRT2, 12);
    expect(f.skewness).toBeCloseTo(0, 12);
    expect(f.kurtosis).toBeCloseTo(1.7, 12); // m4 = 6.8, m2 = 2
    expect(f.quadraticMean).toBeCloseTo(Math.sqrt(11), 12);
    expect([f.min, f.max, f.range, f.posMin, f.posMax]).toEqual([1, 5, 4, 0, 1]);
    expect([f.quartile1, f.quartile2, f.quartile3, f['iqr1-2'], f['iqr2-3'], f['iqr1-3']]).toEqual([2, 3, 4, 1, 1, 2]);
    expect(f.percentile1).toBeCloseTo(1.04, 12);
    expect(f.percentile99).toBeCloseTo(4.96, 12);
    expect(f['pctlrange1-99']).toBeCloseTo(3.92, 12);
    expect([f.upleveltime25, f.upleveltime50, f.upleveltime75, f.upleveltime90]).toEqual([0.6, 0.4, 0.2, 0.2]);
    expect([f.risetime, f.falltime, f.leftctime, f.rightctime]).toEqual([1, 0, 0, 0]);
    expect(f.linregc1).toBeCloseTo(4, 10); // x = 4 u + 1 over relative time u
    expect(f.linregc2).toBeCloseTo(1, 10);
    expect(f.linregerrQ).toBeCloseTo(0, 10);
    expect(f.qregc1).toBeCloseTo(0, 8);
    expect(f.qregc2).toBeCloseTo(4, 8);
    expect(f.qregc3).toBeCloseTo(1, 8);
    expect(f.temporalCentroid).toBeCloseTo(10 / 15, 12);
    expect(f.meanAbsDelta).toBe(1);
    expect(f.peakRate).toBe(0);
  });

  it('a parabola 3u^2 - 2u + 0.5 is recovered by the quadratic regression; the line fit has the analytic error', () => {
    const n = 11;
    const x = Array.from({ length: n }, (_, t) => 3 * (t / 10) ** 2 - 2 * (t / 10) + 0.5);
    const f = fun(x);
    expect(f.qregc1).toBeCloseTo(3, 9);
    expect(f.qregc2).toBeCloseTo(-2, 9);
    expect(f.qregc3).toBeCloseTo(0.5, 9);
    expect(f.qregerrQ).toBeCloseTo(0, 12);
    // the best line through 3u^2 - 2u + 0.5 has slope 3 - 2 = 1 (u^2 projects on u with slope 1 for u uniform on the grid)
    expect(f.linregc1).toBeCloseTo(1, 9);
    expect(f.leftctime).toBe(1); // convex everywhere
  });

  it('a sine of period 20 frames: peaks, valleys, distances, slopes and a 2nd-order predictor', () => {
    const x = Array.from({ length: 200 }, (_, t) => Math.sin((2 * Math.PI * t) / 20 + 0.3)); // no two equal samples at a peak
    const f = fun(x, 100);
    expect(f.peakRate).toBeCloseTo(10 / 2, 12); // 10 peaks in 2 s
    expect(f.meanPeakDist).toBeCloseTo(0.2, 12);
    expect(f.peakDistStddev).toBeCloseTo(0, 12);
    const peak = Math.max(...x); // the sampled maximum, the same in every period
    expect(Math.min(...x)).toBeCloseTo(-peak, 12);
    expect(f.peakMean).toBeCloseTo(peak, 12);
    expect(f.valleyMean).toBeCloseTo(-peak, 12);
    expect(f.peakValleyRange).toBeCloseTo(2 * peak, 12);
    expect(f.meanRisingSlope).toBeCloseTo((2 * peak) / 0.1, 9); // valley to peak: 10 frames = 0.1 s
    expect(f.meanFallingSlope).toBeCloseTo((-2 * peak) / 0.1, 9);
    expect(f.lpgain).toBeLessThan(0.02);
    // a sine is predictable from its past, white noise is not: the prediction gain tells them apart
    const rng = new Rng(5);
    expect(fun(Array.from({ length: 2000 }, () => rng.normal())).lpgain).toBeGreaterThan(0.97);
    expect(f.skewness).toBeCloseTo(0, 9);
    expect(f.kurtosis).toBeCloseTo(1.5, 6); // a sine's kurtosis
  });

  it('constant and empty contours give finite values (0 where undefined)', () => {
    const f = fun([2, 2, 2, 2]);
    expect([f.mean, f.stddev, f.skewness, f.kurtosis, f.range, f.upleveltime50, f.flatness]).toEqual([2, 0, 0, 0, 0, 0, 1]);
    expect(Object.values(fun([])).every((v) => v === 0)).toBe(true);
    expect(Object.values(fun([1])).every(Number.isFinite)).toBe(true);
  });

  it('regression deltas of a ramp are its slope inside, less at the repeated edges; RASTA removes a constant', () => {
    const d = contourDelta(Float64Array.from({ length: 10 }, (_, t) => 3 * t));
    expect(Array.from(d.subarray(2, 8))).toEqual([3, 3, 3, 3, 3, 3]);
    expect(d[0]).toBeLessThan(3);
    expect(Array.from(rastaFilter(new Float64Array(20).fill(-4))).every((v) => Math.abs(v) < 1e-12)).toBe(true);
  });
});

describe('ComParE-style LLDs on known signals', () => {
  it('a 1 kHz sine: RMS, ZCR, centroid, roll-off, band energies, flux', () => {
    const l = compareLlds(audio(sine(1000, 0.5, 0.5)));
    expect(l.frameRate).toBe(100);
    expect(l.frames).toBe(50);
    expect(interiorMean(l.spectral[col('rms')]!)).toBeCloseTo(0.5 / Math.SQRT2, 3);
    expect(interiorMean(l.spectral[col('zcr')]!)).toBeCloseTo(2000 / 16000, 2);
    expect(Math.abs(interiorMean(l.spectral[col('centroid')]!) - 1000)).toBeLessThan(40);
    expect(Math.abs(interiorMean(l.spectral[col('rolloff50')]!) - 1000)).toBeLessThan(40);
    expect(interiorMean(l.spectral[col('energy1000-4000')]!) - interiorMean(l.spectral[col('energy250-650')]!)).toBeGreaterThan(30); // Hamming side lobes
    expect(interiorMean(l.spectral[col('flux')]!)).toBeLessThan(1e-6);
  });

  it('a 4 kHz sine is sharper and higher than a 500 Hz one; white noise has a flatter (higher-entropy) spectrum than a sine', () => {
    const lo = compareLlds(audio(sine(500, 0.3, 0.3)));
    const hi = compareLlds(audio(sine(4000, 0.3, 0.3)));
    expect(interiorMean(hi.spectral[col('sharpness')]!)).toBeGreaterThan(interiorMean(lo.spectral[col('sharpness')]!) + 5);
    const rng = new Rng(3);
    const noise = compareLlds(audio(Float64Array.from({ length: 4800 }, () => 0.1 * rng.normal())));
    expect(interiorMean(noise.spectral[col('entropy')]!)).toBeGreaterThan(0.85);
    expect(interiorMean(lo.spectral[col('entropy')]!)).toBeLessThan(0.5);
  });

  it('a 150 Hz pulse train: F0 near 150 Hz on voiced frames, strong voicing, jitter and shimmer near 0', () => {
    const rate = 16000;
    const x = new Float64Array(rate); // 1 s
    const period = rate / 150;
    for (let k = 0; k * period < x.length; k++) {
      const i = Math.round(k * period);
      for (let j = 0; j < 60 && i + j < x.length; j++) x[i + j] = x[i + j]! + 0.5 * Math.exp(-j / 8) * Math.cos((2 * Math.PI * 700 * j) / rate);
    }
    const l = compareLlds(audio(x, rate));
    const [F0, , jl, , sh] = l.voiced;
    expect(F0!.length).toBeGreaterThan(0.8 * l.frames);
    const sorted = Float64Array.from(F0!).sort();
    expect(Math.abs(sorted[sorted.length >> 1]! - 150)).toBeLessThan(3);
    expect(interiorMean(l.voicingProb)).toBeGreaterThan(0.8);
    expect(Float64Array.from(jl!).sort()[jl!.length >> 1]).toBeLessThan(0.02);
    expect(Float64Array.from(sh!).sort()[sh!.length >> 1]).toBeLessThan(0.5);
  });
});

describe('ComParE-style feature vector', () => {
  it('has (59 + 6) LLDs x 2 x 54 functionals = 7020 uniquely named features', () => {
    expect(SPECTRAL_LLD_NAMES.length).toBe(59);
    expect(COMPARE_LLD_NAMES.length).toBe(65);
    expect(FUNCTIONAL_COUNT).toBe(54);
    expect(COMPARE_FEATURE_COUNT).toBe(7020);
    expect(new Set(COMPARE_FEATURE_NAMES).size).toBe(7020);
    expect(COMPARE_FEATURE_NAMES[0]).toBe('loudness_mean');
  });

  it('is deterministic and finite; empty or non-finite audio is an AudioError naming the source', () => {
    const rng = new Rng(9);
    const x = Float64Array.from({ length: 8000 }, (_, i) => 0.2 * Math.sin(i / 7) + 0.05 * rng.normal());
    const a = compareFeatures(audio(x));
    const b = compareFeatures(audio(x.slice()));
    expect(a.length).toBe(7020);
    expect(Array.from(a).every(Number.isFinite)).toBe(true);
    expect(Array.from(b)).toEqual(Array.from(a));
    // at 8 kHz (FSDD) too: the bands stop at the Nyquist frequency
    const at8k = compareFeatures(
      audio(
        x.filter((_, i) => i % 2 === 0),
        8000,
      ),
    );
    expect(Array.from(at8k).every(Number.isFinite)).toBe(true);
    expect(() => compareFeatures(audio(new Float64Array(0)))).toThrow(/test signal: empty audio/);
    expect(() => compareFeatures(audio(Float64Array.of(0, Number.NaN, 0)))).toThrow(/test signal: sample 1/);
  });

  it('compare-svm refuses a training clip whose label is not among the labels, naming the clip', async () => {
    const clip = { id: 'spk1/a', audio: audio(sine(200, 0.2, 0.3)), label: 'joy', speaker: 'spk1' };
    await expect(compareSvmModel().fit([clip], { labels: ['anger', 'sadness'], rng: new Rng(1) })).rejects.toThrow(
      /compare-svm: training clip spk1\/a has label "joy"/,
    );
  });
});
