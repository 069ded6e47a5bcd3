import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { prepareAudio, loadAudio } from '../../src/sourcefilter/load.js';
import { readWav, writeWav } from '../../src/sourcefilter/wav.js';
import { decompose } from '../../src/sourcefilter/decompose.js';
import { frontEndChannels, prosodyChannels, streamChannelCount, streamChannels, PROSODY_CHANNELS } from '../../src/sourcefilter/channels.js';
import type { Audio } from '../../src/sourcefilter/audio.js';
import { tempDir } from '../helpers.js';

/** A 150-Hz pulse-like vowel of `seconds` at `rate`, with `pad` seconds of digital zeros on each side. */
function vowel(rate: number, seconds: number, pad = 0, f0 = 150): Audio {
  const n = Math.round(seconds * rate);
  const p = Math.round(pad * rate);
  const x = new Float64Array(n + 2 * p);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    x[p + i] = 0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.1 * Math.sin(2 * Math.PI * 2 * f0 * t) + 0.05 * Math.sin(2 * Math.PI * 5 * f0 * t);
  }
  return { samples: x, sampleRate: rate, source: 'vowel' };
}

describe('prepareAudio: one path for files and in-memory audio', () => {
  it('a file and its decoded samples give identical audio (trimmed, resampled)', () => {
    const dir = tempDir();
    const path = join(dir, 'v.wav');
    const a = vowel(22050, 0.5, 0.1);
    writeWav(path, a.samples, a.sampleRate, { bitDepth: '32f' });
    const fromFile = prepareAudio(path, { rate: 16000 });
    const fromMemory = prepareAudio(readWav(path), { rate: 16000 });
    expect(fromFile.sampleRate).toBe(16000);
    expect(Array.from(fromMemory.samples)).toEqual(Array.from(fromFile.samples));
    expect(Array.from(loadAudio(path, { rate: 16000 }).samples)).toEqual(Array.from(fromFile.samples));
    // the 0.1-s zero pads are trimmed: 0.5 s at 16 kHz remain
    expect(Math.abs(fromFile.samples.length - 8000)).toBeLessThanOrEqual(1);
    expect(prepareAudio(readWav(path), { rate: 16000, trim: false }).samples.length).toBe(Math.round(0.7 * 16000));
  });
  it('rejects silent, short and non-finite in-memory audio naming its source', () => {
    expect(() => prepareAudio({ samples: new Float64Array(1600), sampleRate: 16000, source: 'quiet.wav' })).toThrow(/^quiet\.wav: audio is silent/);
    expect(() => prepareAudio({ samples: new Float64Array(100).fill(0.1), sampleRate: 16000, source: 'short.wav' })).toThrow(/^short\.wav: audio too short/);
    expect(() => prepareAudio({ samples: Float64Array.from([0.1, NaN, 0.1]), sampleRate: 16000, source: 'nan.wav' })).toThrow(/^nan\.wav: sample 1 is NaN/);
    expect(() => prepareAudio({ samples: new Float64Array(1600).fill(0.1), sampleRate: 16000.5, source: 'odd.wav' })).toThrow(/^odd\.wav: sample rate must be a whole number/);
  });
});

describe('front-end channels', () => {
  it('prosody channels: log F0 at 2 units per octave around 150 Hz, voicing in [-1, 1], energy around its median', () => {
    const sf = decompose(vowel(16000, 0.6, 0, 300));
    const p = prosodyChannels(sf);
    expect(p.cols).toBe(PROSODY_CHANNELS);
    expect(p.rows).toBe(sf.frames);
    const mid = Math.floor(sf.frames / 2);
    expect(sf.f0[mid]).toBeGreaterThan(0);
    expect(p.data[mid * 3]).toBeCloseTo(2 * Math.log2(sf.f0[mid]! / 150), 12);
    expect(p.data[mid * 3]).toBeCloseTo(2, 1); // one octave above 150 Hz
    expect(p.data[mid * 3 + 1]).toBeCloseTo(2 * sf.voicing[mid]! - 1, 12);
    const energies = Array.from({ length: sf.frames }, (_, f) => p.data[f * 3 + 2]!);
    expect(Math.min(...energies)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...energies)).toBeLessThanOrEqual(3);
    expect(energies.filter((e) => e === 0).length).toBeGreaterThanOrEqual(1); // the median frame
  });
  it('the excitation stream is its bands then prosody; the tract stream its bands; counts agree', () => {
    const sf = decompose(vowel(16000, 0.3), { bands: 20 });
    const e = streamChannels(sf, 'excitation');
    const t = streamChannels(sf, 'tract', { prosody: true });
    expect(e.cols).toBe(streamChannelCount('excitation', 20));
    expect(e.cols).toBe(23);
    expect(t.cols).toBe(streamChannelCount('tract', 20));
    expect(t.cols).toBe(20);
    expect(streamChannels(sf, 'excitation', { prosody: false }).cols).toBe(streamChannelCount('excitation', 20, { prosody: false }));
    const p = prosodyChannels(sf);
    for (let f = 0; f < sf.frames; f++) {
      expect(Array.from(e.data.subarray(f * 23, f * 23 + 20))).toEqual(Array.from(sf.excitationBands.data.subarray(f * 20, (f + 1) * 20)));
      expect(Array.from(e.data.subarray(f * 23 + 20, (f + 1) * 23))).toEqual(Array.from(p.data.subarray(f * 3, (f + 1) * 3)));
    }
  });
  it('frontEndChannels = prepareAudio + decompose + streamChannels', () => {
    const a = vowel(22050, 0.4, 0.05);
    const ch = frontEndChannels(a, { rate: 16000, bands: 24 });
    const sf = decompose(prepareAudio(a, { rate: 16000 }), { rate: 16000, bands: 24 });
    expect(ch.frameRate).toBe(100);
    expect(Array.from(ch.excitation.data)).toEqual(Array.from(streamChannels(sf, 'excitation').data));
    expect(Array.from(ch.tract.data)).toEqual(Array.from(sf.tractBands.data));
  });
});
