import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { synthesizeUtterance } from '../../src/synth/synthesize.js';
import { readWav } from '../../src/sourcefilter/wav.js';
import { decompose } from '../../src/sourcefilter/decompose.js';
import { tempDir } from '../helpers.js';

/** Independent estimators: median F0 by autocorrelation of voiced 40 ms blocks, RMS level, duration. */
function medianF0(x: Float64Array, rate: number): number {
  const out: number[] = [];
  const W = Math.round(0.04 * rate);
  for (let s = 0; s + W + rate / 60 < x.length; s += W) {
    let e = 0;
    for (let i = 0; i < W; i++) e += x[s + i]! ** 2;
    if (e < 1e-8) continue;
    let best = 0;
    let bl = 0;
    for (let lag = Math.round(rate / 400); lag < rate / 60; lag++) {
      let c = 0;
      let e2 = 0;
      for (let i = 0; i < W; i++) {
        c += x[s + i]! * x[s + i + lag]!;
        e2 += x[s + i + lag]! ** 2;
      }
      const r = c / Math.sqrt(e * e2 + 1e-20);
      if (r > best) {
        best = r;
        bl = lag;
      }
    }
    if (best > 0.6) out.push(rate / bl);
  }
  out.sort((a, b) => a - b);
  return out[out.length >> 1] ?? 0;
}
const rms = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe('synthetic corpus', () => {
  it('is bit-identical for a seed and differs between seeds', () => {
    const a = synthesizeCorpus({ seed: 5, speakers: 2, perClass: 1 });
    const b = synthesizeCorpus({ seed: 5, speakers: 2, perClass: 1 });
    const c = synthesizeCorpus({ seed: 6, speakers: 2, perClass: 1 });
    expect(Array.from(a.utterances[3]!.samples)).toEqual(Array.from(b.utterances[3]!.samples));
    expect(Array.from(a.utterances[3]!.samples)).not.toEqual(Array.from(c.utterances[3]!.samples));
  });

  it('the F0 put in comes out (within 3 %), measured by an independent estimator and by the front end', () => {
    const spk = { id: 'x', gender: 'm' as const, f0: 120, formantScale: 1 };
    const x = synthesizeUtterance({ speaker: spk, emotion: 'boredom', duration: 1.5, sampleRate: 16000 }, new Rng(1));
    // boredom: F0 x 0.92 (+- 5 % random level), range 1 semitone
    const f = medianF0(x, 16000);
    expect(f).toBeGreaterThan(120 * 0.92 * 0.85);
    expect(f).toBeLessThan(120 * 0.92 * 1.15);
    const sf = decompose({ samples: x, sampleRate: 16000, source: 'synth' });
    const v = Array.from(sf.f0)
      .filter((q) => q > 0)
      .sort((a, b) => a - b);
    expect(Math.abs(v[v.length >> 1]! - f) / f).toBeLessThan(0.03);
  });

  it('class prosody follows the literature on average: F0 and level anger > neutral > sadness', () => {
    const c = synthesizeCorpus({ seed: 2, speakers: 4, perClass: 4, emotions: ['anger', 'neutral', 'sadness'] });
    const stat = (label: string, fn: (x: Float64Array) => number) => {
      const v = c.utterances.filter((u) => u.label === label).map((u) => fn(u.samples));
      return v.reduce((s, q) => s + q, 0) / v.length;
    };
    const f0 = (x: Float64Array) => medianF0(x, 16000);
    expect(stat('anger', f0)).toBeGreaterThan(stat('neutral', f0));
    expect(stat('neutral', f0)).toBeGreaterThan(stat('sadness', f0));
    expect(stat('anger', rms)).toBeGreaterThan(stat('neutral', rms));
    expect(stat('neutral', rms)).toBeGreaterThan(stat('sadness', rms));
  });

  it('writes WAVs and a manifest that read back (16-bit) and never clip', () => {
    const dir = tempDir();
    const c = synthesizeCorpus({ seed: 1, speakers: 2, perClass: 1 });
    writeCorpus(c, dir);
    for (const u of c.utterances) {
      for (const v of u.samples) expect(Math.abs(v)).toBeLessThan(1);
      const back = readWav(join(dir, u.file));
      expect(back.samples.length).toBe(u.samples.length);
      for (let i = 0; i < u.samples.length; i += 97) expect(Math.abs(back.samples[i]! - u.samples[i]!)).toBeLessThanOrEqual(1 / 32768 + 1e-12);
    }
  });

  it('rejects bad options', () => {
    expect(() => synthesizeCorpus({ speakers: 1 })).toThrow(/speakers/);
    expect(() => synthesizeCorpus({ emotions: ['joy'] })).toThrow(/emotions: unknown "joy"/);
  });
});
