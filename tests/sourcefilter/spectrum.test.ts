import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { decompose } from '../../src/sourcefilter/decompose.js';
import { frameSpectrum } from '../../src/sourcefilter/spectrum.js';

const rate = 16000;

describe('frameSpectrum', () => {
  it('the envelope is G^2/|A(e^jw)|^2 evaluated directly, and the signal periodogram obeys Parseval', () => {
    const rng = new Rng(5);
    const x = Float64Array.from({ length: 8000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / rate) + 0.05 * rng.normal());
    const sf = decompose({ samples: x, sampleRate: rate, source: 'test' });
    const f = 20;
    const s = frameSpectrum(sf, f);
    const N = 2 * (s.frequency.length - 1);
    expect(N).toBe(512);
    expect(s.frequency[s.frequency.length - 1]).toBe(rate / 2);
    // direct evaluation of A(e^jw) = sum a_q e^{-jwq}
    const p = sf.lpc.cols;
    for (const b of [0, 7, 64, 200, 256]) {
      const w = (2 * Math.PI * b) / N;
      let re = 0;
      let im = 0;
      for (let q = 0; q < p; q++) {
        re += sf.lpc.data[f * p + q]! * Math.cos(w * q);
        im -= sf.lpc.data[f * p + q]! * Math.sin(w * q);
      }
      expect(s.envelopeDb[b]!).toBeCloseTo(10 * Math.log10(sf.gain[f]! ** 2 / (re * re + im * im)), 8);
    }
    // Parseval: sum over the full two-sided spectrum / N = energy of the windowed frame; / sum w^2 = mean power
    const win = 400;
    const hop = 160;
    const start = f * hop - Math.floor((win - hop) / 2);
    let e = 0;
    let wp = 0;
    for (let i = 0; i < win; i++) {
      const w = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (win - 1));
      e += (sf.preEmphasized[start + i]! * w) ** 2;
      wp += w * w;
    }
    let total = 0;
    s.signalDb.forEach((d, b) => (total += 10 ** (d / 10) * (b === 0 || b === N / 2 ? 1 : 2)));
    expect(total / N).toBeCloseTo(e / wp, 10);
    // the 440 Hz tone is the peak of the signal spectrum
    let peak = 0;
    s.signalDb.forEach((d, b) => d > s.signalDb[peak]! && (peak = b));
    expect(Math.abs(s.frequency[peak]! - 440)).toBeLessThan(rate / N);
    expect(s.time).toBeCloseTo(0.205, 12);
  });

  it('on an AR(2) resonance at 1 kHz the envelope peaks there and the residual spectrum is flat', () => {
    const rng = new Rng(2);
    const r = 0.97;
    const th = (2 * Math.PI * 1000) / rate;
    const x = new Float64Array(16000);
    for (let i = 2; i < x.length; i++) x[i] = 2 * r * Math.cos(th) * x[i - 1]! - r * r * x[i - 2]! + 0.01 * rng.normal();
    const sf = decompose({ samples: x, sampleRate: rate, source: 'ar2' }, { preEmphasis: 0 });
    const s = frameSpectrum(sf, 50, 1024);
    let peak = 0;
    s.envelopeDb.forEach((d, b) => d > s.envelopeDb[peak]! && (peak = b));
    expect(Math.abs(s.frequency[peak]! - 1000)).toBeLessThan(40);
    // the envelope spans > 25 dB; the residual's spectrum, smoothed over 32 bins, stays within +-6 dB of its mean
    const spread = (a: Float64Array) => Math.max(...a) - Math.min(...a);
    expect(spread(s.envelopeDb)).toBeGreaterThan(25);
    const sm: number[] = [];
    for (let b = 16; b + 32 <= s.excitationDb.length; b += 32) sm.push(s.excitationDb.slice(b, b + 32).reduce((a, v) => a + 10 ** (v / 10), 0) / 32);
    const m = sm.reduce((a, v) => a + v, 0) / sm.length;
    for (const v of sm) expect(Math.abs(10 * Math.log10(v / m))).toBeLessThan(6);
  });

  it('rejects a frame outside the utterance and a bad FFT length', () => {
    const sf = decompose({ samples: Float64Array.from({ length: 1600 }, (_, i) => Math.sin(i / 5)), sampleRate: rate, source: 't' });
    expect(() => frameSpectrum(sf, sf.frames)).toThrow(/frame: must be a whole number in \[0, 10\)/);
    expect(() => frameSpectrum(sf, -1)).toThrow(/frame/);
    expect(() => frameSpectrum(sf, 1.5)).toThrow(/frame/);
    expect(() => frameSpectrum(sf, 0, 256)).toThrow(/nfft/);
    expect(() => frameSpectrum(sf, 0, 1000)).toThrow(/nfft/);
  });
});
