import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { barkToHz, decompose, deemphasize, hzToBark, hzToMel, makeFilterBank, melToHz, preEmphasize, trimSilence } from '../../src/sourcefilter/index.js';

const rate = 16000;
function tone(f: number, amp: number, seconds: number): Float64Array {
  const x = new Float64Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * f * i) / rate);
  return x;
}
function noise(seed: number, seconds: number, amp = 0.1): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: Math.round(rate * seconds) }, () => amp * rng.normal());
}
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

describe('frequency scales and filter banks', () => {
  it('mel and Bark formulas match published values and invert', () => {
    expect(hzToMel(1000)).toBeCloseTo(1000, 0); // HTK mel: 1000 Hz = 1000 mel
    expect(hzToMel(700)).toBeCloseTo(2595 * Math.log10(2), 9);
    expect(hzToBark(1000)).toBeCloseTo(8.527, 2); // Traunmueller 1990
    for (const f of [0, 50, 440, 1000, 3999, 8000]) {
      expect(melToHz(hzToMel(f))).toBeCloseTo(f, 6);
      expect(barkToHz(hzToBark(f))).toBeCloseTo(f, 6);
    }
  });

  for (const scale of ['mel', 'bark'] as const) {
    it(`${scale} bank: triangles with unit peak, centres equally spaced on the scale`, () => {
      const fb = makeFilterBank(24, 512, rate, 100, 7000, scale);
      const fwd = scale === 'mel' ? hzToMel : hzToBark;
      const step = (fwd(7000) - fwd(100)) / 25;
      for (let b = 0; b < 24; b++) {
        expect(fwd(fb.centers[b]!)).toBeCloseTo(fwd(100) + step * (b + 1), 6);
        const w = fb.weights[b]!;
        const peak = Math.max(...w);
        expect(peak).toBeLessThanOrEqual(1);
        expect(peak).toBeGreaterThan(0.5); // bins are 31.25 Hz apart: the apex is near a bin
        // the heaviest bin is the one nearest the centre
        const kPeak = fb.start[b]! + w.indexOf(peak);
        expect(Math.abs(kPeak * (rate / 512) - fb.centers[b]!)).toBeLessThanOrEqual(rate / 512);
      }
    });
  }
});

describe('pre-emphasis and trimming', () => {
  it('deemphasize inverts preEmphasize', () => {
    const x = noise(1, 0.1);
    const y = deemphasize(preEmphasize(x, 0.97), 0.97);
    for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i]!, 12);
    expect(preEmphasize(Float64Array.of(1, 1, 1), 0.5)).toEqual(Float64Array.of(1, 0.5, 0.5));
  });

  it('trimSilence removes exactly the leading and trailing zeros', () => {
    const x = new Float64Array(1000);
    x[100] = 0.5;
    x[300] = -0.25;
    x[200] = 0;
    const t = trimSilence({ samples: x, sampleRate: 1000, source: 's' }, { minDuration: 0 });
    expect(t.samples.length).toBe(201);
    expect(t.samples[0]).toBe(0.5);
    expect(t.samples[200]).toBe(-0.25);
    // a threshold treats small values as silence
    const y = Float64Array.from(x);
    y[50] = 1e-4;
    expect(trimSilence({ samples: y, sampleRate: 1000, source: 's' }, { threshold: 1e-3, minDuration: 0 }).samples.length).toBe(201);
    expect(trimSilence({ samples: y, sampleRate: 1000, source: 's' }, { minDuration: 0 }).samples.length).toBe(251);
    // all-silent audio keeps minDuration of zeros
    const z = trimSilence({ samples: new Float64Array(1000), sampleRate: 1000, source: 's' }, { minDuration: 0.05 });
    expect(z.samples.length).toBe(50);
    expect(() => trimSilence({ samples: x, sampleRate: 1000, source: 's' }, { threshold: -1 })).toThrow(RangeError);
  });
});

describe('band representations', () => {
  it('frame energy is the window-normalized power in dB', () => {
    const sf = decompose({ samples: tone(1000, 0.5, 0.3), sampleRate: rate, source: 't' }, { preEmphasis: 0 });
    // a sine of amplitude A has power A^2 / 2: -9.03 dB for A = 0.5
    for (let f = 5; f < sf.frames - 5; f++) expect(sf.energy[f]).toBeCloseTo(10 * Math.log10(0.125), 1);
    expect(sf.frameRate).toBe(100);
    expect(sf.frames).toBe(30);
  });

  it('the vocal-tract bands of a tone peak in the band that holds the tone', () => {
    for (const f of [300, 1000, 2500, 5000]) {
      const x = tone(f, 0.5, 0.3);
      const n = noise(2, 0.3, 1e-3);
      for (let i = 0; i < x.length; i++) x[i]! += n[i]!;
      const sf = decompose({ samples: x, sampleRate: rate, source: 't' }, { normalization: 'none', pitch: false });
      const fb = makeFilterBank(32, 512, rate, 50, 8000, 'mel');
      const fr = Math.floor(sf.frames / 2);
      const row = Array.from(sf.tractBands.data.subarray(fr * 32, fr * 32 + 32));
      const best = row.indexOf(Math.max(...row));
      // the tone lies within the support of the winning band's triangle
      const lo = fb.start[best]! * (rate / 512);
      const hi = (fb.start[best]! + fb.weights[best]!.length - 1) * (rate / 512);
      expect(f).toBeGreaterThanOrEqual(lo - rate / 512);
      expect(f).toBeLessThanOrEqual(hi + rate / 512);
    }
  });

  it('white noise: excitation band energies are proportional to the filter widths', () => {
    const sf = decompose({ samples: noise(3, 1), sampleRate: rate, source: 'n' }, { normalization: 'none', pitch: false, preEmphasis: 0 });
    const fb = makeFilterBank(32, 512, rate, 50, 8000, 'mel');
    const dev: number[] = [];
    for (let b = 4; b < 32; b++) {
      const col = Array.from({ length: sf.frames - 4 }, (_, f) => Math.exp(sf.excitationBands.data[(f + 2) * 32 + b]!));
      const width = fb.weights[b]!.reduce((s, v) => s + v, 0);
      dev.push(Math.log(mean(col) / width));
    }
    // the same power density in every band (within 1 dB): log-ratio spread < 0.23
    expect(Math.max(...dev) - Math.min(...dev)).toBeLessThan(0.23);
    // and that density is the noise variance per bin: E|X_k|^2 = sigma^2 sum(w^2), and the
    // power spectrum is divided by the window power sum(w^2); sigma^2 = 0.01
    expect(Math.abs(mean(dev) - Math.log(0.01))).toBeLessThan(0.15);
  });

  it("normalization 'utterance' is one affine map of 'none'; 'band' z-scores each band", () => {
    const audio = { samples: noise(4, 0.5), sampleRate: rate, source: 'n' };
    const none = decompose(audio, { normalization: 'none', pitch: false });
    const utt = decompose(audio, { normalization: 'utterance', pitch: false });
    const band = decompose(audio, { normalization: 'band', pitch: false });
    for (const [raw, m] of [
      [none.tractBands, utt.tractBands],
      [none.excitationBands, utt.excitationBands],
    ] as const) {
      const mu = mean(raw.data);
      const sd = Math.sqrt(mean(Array.from(raw.data, (v) => (v - mu) ** 2)));
      for (let i = 0; i < m.data.length; i += 7) expect(m.data[i]).toBeCloseTo((raw.data[i]! - mu) / sd, 9);
    }
    for (let b = 0; b < 32; b++) {
      const col = Array.from({ length: band.frames }, (_, f) => band.excitationBands.data[f * 32 + b]!);
      expect(mean(col)).toBeCloseTo(0, 9);
      expect(Math.sqrt(mean(col.map((v) => v * v)))).toBeCloseTo(1, 6);
    }
  });
});
