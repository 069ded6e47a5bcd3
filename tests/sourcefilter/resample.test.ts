import { describe, expect, it } from 'vitest';
import { resample } from '../../src/sourcefilter/resample.js';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float64Array {
  const n = Math.round(rate * seconds);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

/** RMS over the middle half (away from edge effects). */
function midRms(x: Float64Array): number {
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  let s = 0;
  for (let i = a; i < b; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / (b - a));
}

describe('resample', () => {
  for (const from of [22050, 8000, 44100, 48000, 11025]) {
    it(`keeps a 1 kHz tone within 0.1 dB (${from} -> 16000 Hz)`, () => {
      const x = tone(1000, from, 0.5);
      const y = resample(x, from, 16000);
      expect(y.length).toBe(Math.round((x.length * 16000) / from));
      const db = 20 * Math.log10(midRms(y) / midRms(x));
      expect(Math.abs(db)).toBeLessThan(0.1);
      // and it is still a 1 kHz tone: compare with the ideal sampled tone
      const ideal = tone(1000, 16000, y.length / 16000);
      let err = 0;
      let ref = 0;
      for (let i = Math.floor(y.length / 4); i < (3 * y.length) / 4; i++) {
        err += (y[i]! - ideal[i]!) ** 2;
        ref += ideal[i]! ** 2;
      }
      expect(10 * Math.log10(ref / err)).toBeGreaterThan(50);
    });
  }

  for (const f of [8500, 9000, 10000]) {
    it(`attenuates a ${f} Hz tone above the new Nyquist by >= 50 dB (22050 -> 16000)`, () => {
      const x = tone(f, 22050, 0.5);
      const y = resample(x, 22050, 16000);
      const db = 20 * Math.log10(midRms(y) / midRms(x));
      expect(db).toBeLessThan(-50);
    });
  }

  it('is the identity at equal rates and rejects bad rates', () => {
    const x = tone(440, 16000, 0.1);
    expect(Array.from(resample(x, 16000, 16000))).toEqual(Array.from(x));
    expect(() => resample(x, 0, 16000)).toThrow(/fromRate/);
    expect(() => resample(x, 16000, 1.5)).toThrow(/toRate/);
  });

  it('upsampling 8 kHz -> 16 kHz interpolates a band-limited signal exactly enough', () => {
    const x = tone(3000, 8000, 0.25, 0.9);
    const y = resample(x, 8000, 16000);
    // every other output sample sits on an input sample
    for (let i = 200; i < 800; i++) expect(Math.abs(y[2 * i]! - x[i]!)).toBeLessThan(2e-3);
  });
});
