import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import {
  EGEMAPS_FUNCTIONAL_COUNT,
  EGEMAPS_FUNCTIONAL_NAMES,
  EGEMAPS_LLD_NAMES,
  agreement,
  egemapsFrameCount,
  egemapsFunctionals,
  egemapsLlds,
  parseOpenSmileCsv,
  smoothedLlds,
} from '../../src/sourcefilter/egemaps/index.js';
import { alphaRatio, hammarbergIndex, spectralSlope } from '../../src/sourcefilter/egemaps/spectral-shape.js';
import { framePerturbation, trackedPerturbation } from '../../src/sourcefilter/egemaps/periods.js';
import { polynomialRoots } from '../../src/sourcefilter/egemaps/roots.js';
import { meanAndCv, peakSlopes, percentile, runLengths } from '../../src/sourcefilter/egemaps/contour-stats.js';
import { smooth3 } from '../../src/sourcefilter/egemaps/smoothing.js';

const rate = 22050;
const col = (name: string) => EGEMAPS_LLD_NAMES.indexOf(name);
const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
};

/** Two-pole resonator cascade driven by `pulses` (time in samples -> amplitude), normalized to peak 0.5. */
function resonate(n: number, pulses: [number, number][], formants: [number, number][]): Float64Array {
  let x = new Float64Array(n);
  for (const [t, a] of pulses) if (t < n) x[t] = a;
  for (const [fc, bw] of formants) {
    const r = Math.exp((-Math.PI * bw) / rate);
    const a1 = -2 * r * Math.cos((2 * Math.PI * fc) / rate);
    const a2 = r * r;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = x[i]! - a1 * (i > 0 ? y[i - 1]! : 0) - a2 * (i > 1 ? y[i - 2]! : 0);
    x = y;
  }
  let p = 0;
  for (const v of x) p = Math.max(p, Math.abs(v));
  return x.map((v) => (0.5 * v) / p);
}
/** A 1-s synthetic vowel: impulse train at `f0` Hz through resonators at `formants` ([Hz, bandwidth Hz]). */
function vowel(f0: number, formants: [number, number][]): Float64Array {
  const pulses: [number, number][] = [];
  for (let t = 0; t < rate; t += rate / f0) pulses.push([Math.round(t), 1]);
  return resonate(rate, pulses, formants);
}
const audioOf = (samples: Float64Array) => ({ samples, sampleRate: rate, source: 'synthetic' });

/**
 * Pulse trains through a 600-Hz resonator: `alternating` has periods of 150 / 144 samples (mean
 * 147: local jitter 6 / 147) and amplitudes 1 / 0.8; `steady` the same number of pulses every 147
 * samples at amplitude 1 (no perturbation).
 */
function perturbedTrains(): { alternating: Float64Array; steady: Float64Array } {
  const pulses: [number, number][] = [];
  for (let t = 0, i = 0; t < rate; t += i % 2 === 0 ? 150 : 144, i++) pulses.push([t, i % 2 === 0 ? 1 : 0.8]);
  return {
    alternating: resonate(rate, pulses, [[600, 150]]),
    steady: resonate(
      rate,
      pulses.map((_, i) => [i * 147, 1] as [number, number]),
      [[600, 150]],
    ),
  };
}
function tone(f: number, amp: number, seconds = 0.5): Float64Array {
  return Float64Array.from({ length: Math.round(rate * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / rate));
}
const meanLld = (samples: Float64Array, name: string) => {
  const l = egemapsLlds(audioOf(samples));
  const c = col(name);
  let s = 0;
  for (let f = 5; f < l.frames - 5; f++) s += l.raw[f * 25 + c]!;
  return s / (l.frames - 10);
};

describe('eGeMAPS LLDs on known signals', () => {
  const F0 = 150;
  const x = vowel(F0, [
    [700, 80],
    [1200, 100],
    [2600, 120],
  ]);
  const l = egemapsLlds(audioOf(x));
  const voicedFrames = Array.from({ length: l.frames }, (_, f) => f).filter((f) => l.f0[f]! > 0);

  it('frames every 10 ms, counted as openSMILE does (60-ms windows that fit, plus one)', () => {
    expect(egemapsFrameCount(44100, 22050)).toBe(195); // openSMILE: 195 rows for a 2-s file at 22.05 kHz
    expect(egemapsFrameCount(30372, 16000)).toBe(185);
    expect(egemapsFrameCount(2384, 8000)).toBe(25);
    expect(l.frames).toBe(egemapsFrameCount(x.length, rate));
  });

  it('synthetic vowel: voiced throughout, F0 = 150 Hz in semitones re 27.5 Hz', () => {
    expect(voicedFrames.length).toBeGreaterThan(0.9 * l.frames);
    const st = voicedFrames.map((f) => l.raw[f * 25 + col('F0semitoneFrom27.5Hz')]!);
    expect(median(st)).toBeCloseTo(12 * Math.log2(F0 / 27.5), 0);
    for (const v of st) expect(Math.abs(v - 12 * Math.log2(F0 / 27.5))).toBeLessThan(0.5);
  });

  it('synthetic vowel: HNR high, no jitter or shimmer (formants: egemaps-conventions.test.ts)', () => {
    expect(median(voicedFrames.map((f) => l.raw[f * 25 + col('HNRdBACF')]!))).toBeGreaterThan(8);
    expect(median(voicedFrames.map((f) => l.raw[f * 25 + col('jitterLocal')]!))).toBeLessThan(0.005);
    expect(median(voicedFrames.map((f) => l.raw[f * 25 + col('shimmerLocaldB')]!))).toBeLessThan(0.1);
  });

  it('H1-H2 and the F1/F2 amplitudes match the analytic harmonic levels of the synthetic vowel', () => {
    // |H(f)| of the resonator cascade at the harmonics of 150 Hz (the pulse train is flat).
    const H = (f: number) => {
      let re = 1;
      let im = 0;
      for (const [fc, bw] of [
        [700, 80],
        [1200, 100],
        [2600, 120],
      ] as const) {
        const r = Math.exp((-Math.PI * bw) / rate);
        const a1 = -2 * r * Math.cos((2 * Math.PI * fc) / rate);
        const w = (2 * Math.PI * f) / rate;
        // 1 / (1 + a1 z^-1 + r^2 z^-2) at z = e^{jw}
        const dr = 1 + a1 * Math.cos(w) + r * r * Math.cos(2 * w);
        const di = -a1 * Math.sin(w) - r * r * Math.sin(2 * w);
        const d2 = dr * dr + di * di;
        [re, im] = [(re * dr + im * di) / d2, (im * dr - re * di) / d2];
      }
      return Math.hypot(re, im);
    };
    const db = (a: number, b: number) => 20 * Math.log10(a / b);
    const at = (name: string) => median(voicedFrames.map((f) => l.raw[f * 25 + col(name)]!));
    expect(Math.abs(at('logRelF0-H1-H2') - db(H(150), H(300)))).toBeLessThan(0.5);
    // strongest harmonic within F1's bandwidth: 4 x 150 or 5 x 150 Hz
    expect(Math.abs(at('F1amplitudeLogRelF0') - db(Math.max(H(600), H(750)), H(150)))).toBeLessThan(1.5);
    expect(Math.abs(at('F2amplitudeLogRelF0') - db(H(1200), H(150)))).toBeLessThan(1.5);
  });

  it('H1-H2 follows the harmonic levels: negative when F1 boosts H2, positive for a low F1 near H1', () => {
    const hi = egemapsLlds(audioOf(vowel(150, [[300, 60]])));
    const v = Array.from({ length: hi.frames }, (_, f) => f).filter((f) => hi.f0[f]! > 0);
    // F1 at 300 Hz = H2 of 150 Hz: H2 far above H1.
    expect(median(v.map((f) => hi.raw[f * 25 + col('logRelF0-H1-H2')]!))).toBeLessThan(-6);
    const lo = egemapsLlds(audioOf(vowel(150, [[150, 60]])));
    const w = Array.from({ length: lo.frames }, (_, f) => f).filter((f) => lo.f0[f]! > 0);
    expect(median(w.map((f) => lo.raw[f * 25 + col('logRelF0-H1-H2')]!))).toBeGreaterThan(6);
  });

  it('jitter and shimmer of a pulse train with known period and amplitude perturbation', () => {
    // Periods alternate 150 / 144 samples (mean 147): local jitter = 6 / 147. Amplitudes
    // alternate 1 / 0.8.
    const { alternating: y, steady } = perturbedTrains();
    const start = Math.round(0.3 * rate);
    const p = framePerturbation(y, rate, start, Math.round(0.06 * rate), rate / 147);
    expect(p.periods).toBeGreaterThanOrEqual(6);
    expect(p.jitter).toBeCloseTo(6 / 147, 2);
    expect(Math.abs(p.jitter - 6 / 147) / (6 / 147)).toBeLessThan(0.1);
    // shimmer S = mean |dA| / mean A = 0.2 / 0.9 for the pulses, in dB 20 log10(1 + S) = 1.74;
    // the waveform's peaks (the resonator's ringing adds to them) give 1.62 dB, which is also
    // what openSMILE 3.0.1 reports on this signal (1.622 dB in every frame)
    expect(Math.abs(p.shimmerDb - 1.622)).toBeLessThan(0.05 * 1.622);
    expect(Math.abs(p.shimmerDb - 20 * Math.log10(1 + 0.2 / 0.9))).toBeLessThan(0.1 * 1.74);
    const q = framePerturbation(steady, rate, start, Math.round(0.06 * rate), rate / 147);
    expect(q.jitter).toBeLessThan(0.002);
    expect(q.shimmerDb).toBeLessThan(0.05);
  });

  it('tracked jitter and shimmer: one chain of periods through the signal recovers the known perturbation in every frame', () => {
    const { alternating: y, steady } = perturbedTrains();
    const hop = Math.round(0.01 * rate);
    const frames = Math.floor(rate / hop);
    // voiced from frame 5 to frames - 10, unvoiced around
    const f0 = Float64Array.from({ length: frames }, (_, f) => (f >= 5 && f < frames - 10 ? rate / 147 : 0));
    const t = trackedPerturbation(y, rate, f0, hop);
    const voiced = Array.from({ length: frames }, (_, f) => f).filter((f) => f0[f]! > 0);
    // about 1.5 periods end in each 220-sample frame: every frame after the chain's first has a value
    // The correlation of the ringing waveform pulls alternating periods towards their mean: 0.0375
    // here (true 6 / 147 = 0.0408; openSMILE 3.0.1 reports 0.0355-0.0373 on this signal).
    for (const f of voiced.slice(2)) {
      expect(Math.abs(t.jitter[f]! - 6 / 147) / (6 / 147)).toBeLessThan(0.12);
      expect(t.jitter[f]).toBeGreaterThan(0.0355);
      // peaks of the ringing waveform, as framePerturbation's 1.62 dB
      expect(Math.abs(t.shimmerDb[f]! - 1.622)).toBeLessThan(0.1 * 1.622);
    }
    expect(voiced.reduce((a, f) => a + t.periods[f]!, 0)).toBeGreaterThan(((voiced.length - 1) * hop) / 147 - 2);
    for (let f = 0; f < frames; f++) if (!(f0[f]! > 0)) expect([t.jitter[f], t.shimmerDb[f], t.periods[f]]).toEqual([0, 0, 0]);
    // a steady train: no perturbation
    const q = trackedPerturbation(steady, rate, f0, hop);
    for (const f of voiced.slice(2)) {
      expect(q.jitter[f]).toBeLessThan(0.002);
      expect(q.shimmerDb[f]).toBeLessThan(0.05);
    }
  });

  it('tracked jitter: a frame in which no period ends repeats its predecessor; egemapsLlds uses the chain when asked', () => {
    // F0 60 Hz: one period (367.5 samples) per 1.67 frames, so some frames find none
    const T = rate / 60;
    const pulses: [number, number][] = [];
    for (let i = 0; i * T < rate; i++) pulses.push([Math.round(i * T + (i % 2 === 0 ? 0 : 4)), i % 3 === 0 ? 1 : 0.7]);
    const y = resonate(rate, pulses, [[500, 120]]);
    const hop = Math.round(0.01 * rate);
    const f0 = new Float64Array(Math.floor(rate / hop)).fill(60);
    const t = trackedPerturbation(y, rate, f0, hop);
    const empty = Array.from({ length: f0.length }, (_, f) => f).filter((f) => f > 4 && t.periods[f] === 0);
    expect(empty.length).toBeGreaterThan(f0.length / 4);
    for (const f of empty) {
      expect(t.jitter[f]).toBe(t.jitter[f - 1]);
      expect(t.shimmerDb[f]).toBe(t.shimmerDb[f - 1]);
    }
    expect(t.jitter[60]).toBeGreaterThan(0.005);
    expect(() => trackedPerturbation(y, rate, f0, 0)).toThrow(/hop/);
    // through egemapsLlds: the tracked columns are the chain's values on the LLDs' own F0 track
    const audio = audioOf(y);
    const l = egemapsLlds(audio, { perturbation: 'tracked' });
    const ref = trackedPerturbation(y, rate, l.f0, hop);
    const plain = egemapsLlds(audio);
    let differs = 0;
    for (let f = 0; f < l.frames; f++) {
      if (!(l.f0[f]! > 0)) continue;
      expect(l.raw[f * 25 + col('jitterLocal')]).toBe(ref.jitter[f]);
      expect(l.raw[f * 25 + col('shimmerLocaldB')]).toBe(ref.shimmerDb[f]);
      if (plain.raw[f * 25 + col('jitterLocal')] !== l.raw[f * 25 + col('jitterLocal')]) differs++;
      // every other column is unchanged
      expect(l.raw[f * 25 + col('HNRdBACF')]).toBe(plain.raw[f * 25 + col('HNRdBACF')]);
    }
    expect(differs).toBeGreaterThan(10);
  });

  it('loudness: doubling the amplitude scales it by 4^0.33; 1 kHz is louder than 100 Hz at equal level', () => {
    const a = meanLld(tone(1000, 0.1), 'Loudness');
    const b = meanLld(tone(1000, 0.2), 'Loudness');
    expect(b / a).toBeCloseTo(4 ** 0.33, 2);
    expect(meanLld(tone(100, 0.1), 'Loudness')).toBeLessThan(0.5 * a);
    expect(meanLld(new Float64Array(rate), 'Loudness')).toBe(0);
  });

  it('unvoiced input (white noise, silence) has no F0 and zero source descriptors', () => {
    const rng = new Rng(3);
    const n = Float64Array.from({ length: rate }, () => 0.1 * rng.normal());
    const ln = egemapsLlds(audioOf(n));
    expect(Array.from(ln.f0).filter((v) => v > 0).length).toBeLessThan(0.05 * ln.frames);
    const ls = egemapsLlds(audioOf(new Float64Array(rate)));
    expect(Array.from(ls.f0).every((v) => v === 0)).toBe(true);
    const fs = egemapsFunctionals(ls);
    expect(fs.length).toBe(EGEMAPS_FUNCTIONAL_COUNT);
    expect(Array.from(fs).every(Number.isFinite)).toBe(true);
  });

  it('rejects empty audio, non-finite samples and rates below 8 kHz, naming the source', () => {
    expect(() => egemapsLlds({ samples: new Float64Array(0), sampleRate: rate, source: 'a.wav' })).toThrow(/a\.wav.*empty/);
    expect(() => egemapsLlds({ samples: Float64Array.from([0, Number.NaN, 0]), sampleRate: rate, source: 'b.wav' })).toThrow(/b\.wav.*not finite/);
    expect(() => egemapsLlds({ samples: new Float64Array(100), sampleRate: 4000, source: 'c.wav' })).toThrow(/c\.wav.*8000/);
  });
});

describe('spectral balance on known spectra', () => {
  const binHz = 20;
  const bins = 513;
  it('alpha ratio of a flat spectrum is 10 log10 of the bin-count ratio (1-5 kHz over 0-1 kHz)', () => {
    const p = new Float64Array(bins).fill(2);
    expect(alphaRatio(p, binHz)).toBeCloseTo(10 * Math.log10(200 / 51), 9); // bins 51..250 vs 0..50
  });
  it('Hammarberg index is the ratio of the band maxima in dB', () => {
    const p = new Float64Array(bins).fill(1e-6);
    p[25] = 4; // 500 Hz
    p[150] = 0.04; // 3 kHz
    expect(hammarbergIndex(p, binHz)).toBeCloseTo(20, 9);
  });
  it('spectral slope recovers a straight line in dB', () => {
    const p = Float64Array.from({ length: bins }, (_, k) => 10 ** ((-3 - 0.02 * k * binHz) / 10));
    expect(spectralSlope(p, binHz, 0, 500)).toBeCloseTo(-0.02, 9);
    expect(spectralSlope(p, binHz, 500, 1500)).toBeCloseTo(-0.02, 9);
  });
});

describe('functional building blocks', () => {
  it('polynomial roots of a known cubic', () => {
    const r = polynomialRoots([1, -6, 11, -6]); // (z-1)(z-2)(z-3)
    expect(Array.from(r.re).sort()).toEqual([expect.closeTo(1, 9), expect.closeTo(2, 9), expect.closeTo(3, 9)]);
    for (const v of r.im) expect(Math.abs(v)).toBeLessThan(1e-9);
  });
  it('mean, CV, percentiles, run lengths', () => {
    expect(meanAndCv([2, 4, 4, 4, 5, 5, 7, 9])).toEqual([5, 0.4]);
    expect(percentile([1, 2, 3, 4, 5], 0.2)).toBeCloseTo(1.8, 12);
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(runLengths([0, 1, 1, 0, 0, 0, 2, 0])).toEqual({ voiced: [2, 1], unvoiced: [1, 3, 1] });
  });
  it('peaks and slopes of a triangle wave', () => {
    // rises 1 per frame for 10 frames, falls 2 per frame for 5 frames, 4 periods; 10-ms frames
    const v: number[] = [];
    for (let p = 0; p < 4; p++) {
      for (let i = 0; i < 10; i++) v.push(i);
      for (let i = 0; i < 5; i++) v.push(10 - 2 * i);
    }
    v.push(0);
    const s = peakSlopes(v, 0.01);
    expect(s.peaks).toBe(4);
    for (const r of s.rising) expect(r).toBeCloseTo(100, 9);
    for (const f of s.falling) expect(f).toBeCloseTo(200, 9);
  });
  it('sma3 averages three frames; sma3nz leaves zeros alone', () => {
    const a = Float64Array.from([3, 0, 3, 6, 9]);
    const b = a.slice();
    smooth3(a, 5, 1, 0, false);
    expect(Array.from(a)).toEqual([1.5, 2, 3, 6, 7.5]);
    smooth3(b, 5, 1, 0, true);
    expect(Array.from(b)).toEqual([3, 0, 4.5, 6, 7.5]);
  });
  it('88 functional names, unique; agreement statistics; CSV parsing errors name the source', () => {
    expect(EGEMAPS_FUNCTIONAL_NAMES.length).toBe(88);
    expect(new Set(EGEMAPS_FUNCTIONAL_NAMES).size).toBe(88);
    const a = agreement([1, 2, 3, 4], [2, 4, 6, 8]);
    expect(a.r).toBeCloseTo(1, 12);
    expect(a.mad).toBe(2.5);
    const csv = parseOpenSmileCsv("name;frameTime;a;b\n'x';0.0;1;2\n'x';0.01;3;4\n", 't.csv');
    expect(csv.names).toEqual(['a', 'b']);
    expect(csv.rows.get('x')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => parseOpenSmileCsv('a;b\n', 'bad.csv')).toThrow(/bad\.csv/);
    expect(() => parseOpenSmileCsv("name;frameTime;a\n'x';0;1;2\n", 'short.csv')).toThrow(/short\.csv: line 2/);
    expect(smoothedLlds).toBeTypeOf('function');
  });
});
