import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { prepareAudio, loadAudio, analysisRate, recordingRate } from '../../src/sourcefilter/load.js';
import { readWav, writeWav } from '../../src/sourcefilter/wav.js';
import { decompose } from '../../src/sourcefilter/decompose.js';
import {
  channelMoments,
  frontEndChannels,
  normalizeChannels,
  onOffChannels,
  prosodyChannels,
  streamChannelCount,
  streamChannels,
  PROSODY_CHANNELS,
} from '../../src/sourcefilter/channels.js';
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
    expect(() => prepareAudio({ samples: new Float64Array(1600).fill(0.1), sampleRate: 16000.5, source: 'odd.wav' })).toThrow(
      /^odd\.wav: sample rate must be a whole number/,
    );
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

describe('input-drive channels', () => {
  it('ON/OFF channels of a step: ON carries the rise at the step frame, OFF the fall, zero elsewhere', () => {
    // two bands: band 0 steps up 0 -> 2 at frame 3 and back down to 0.5 at frame 6; band 1 constant
    const rows = 8;
    const x = new Float64Array(rows * 2);
    for (let f = 0; f < rows; f++) {
      x[f * 2] = f < 3 ? 0 : f < 6 ? 2 : 0.5;
      x[f * 2 + 1] = -1;
    }
    const oo = onOffChannels({ data: x, rows, cols: 2 });
    expect(oo.cols).toBe(4);
    const on0 = Array.from({ length: rows }, (_, f) => oo.data[f * 4]!);
    const off0 = Array.from({ length: rows }, (_, f) => oo.data[f * 4 + 2]!);
    expect(on0).toEqual([0, 0, 0, 2, 0, 0, 0, 0]);
    expect(off0).toEqual([0, 0, 0, 0, 0, 0, 1.5, 0]);
    for (let f = 0; f < rows; f++) expect([oo.data[f * 4 + 1], oo.data[f * 4 + 3]]).toEqual([0, 0]);
    // ON - OFF integrates back to the signal
    let acc = x[0]!;
    for (let f = 1; f < rows; f++) {
      acc += on0[f]! - off0[f]!;
      expect(acc).toBe(x[f * 2]);
    }
  });
  it('streams with onOff append 2 x bands channels after bands and prosody', () => {
    const sf = decompose(vowel(16000, 0.3), { bands: 16 });
    const e = streamChannels(sf, 'excitation', { onOff: true });
    expect(e.cols).toBe(16 + 3 + 32);
    expect(e.cols).toBe(streamChannelCount('excitation', 16, { onOff: true }));
    const t = streamChannels(sf, 'tract', { onOff: true });
    expect(t.cols).toBe(48);
    const oo = onOffChannels(sf.tractBands);
    for (let f = 0; f < sf.frames; f++)
      expect(Array.from(t.data.subarray(f * 48 + 16, (f + 1) * 48))).toEqual(Array.from(oo.data.subarray(f * 32, (f + 1) * 32)));
  });
  it('channel moments pool the frames of several utterances; normalized channels have mean 0 and std 1', () => {
    const a = { data: Float64Array.of(1, 10, 3, 10, 5, 10), rows: 3, cols: 2 };
    const b = { data: Float64Array.of(7, 10), rows: 1, cols: 2 };
    const m = channelMoments([a, b]);
    expect(m.frames).toBe(4);
    expect(Array.from(m.mean)).toEqual([4, 10]);
    expect(m.std[0]).toBeCloseTo(Math.sqrt((9 + 1 + 1 + 9) / 4), 15);
    expect(m.std[1]).toBe(0);
    const na = normalizeChannels(a, m);
    const nb = normalizeChannels(b, m);
    const col0 = [na.data[0]!, na.data[2]!, na.data[4]!, nb.data[0]!];
    expect(col0.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 14);
    expect(col0.reduce((s, v) => s + v * v, 0) / 4).toBeCloseTo(1, 14);
    expect([na.data[1], nb.data[1]]).toEqual([0, 0]); // constant channel: centred only
    const u = frontEndChannels(vowel(16000, 0.4), { channelNormalization: 'utterance' });
    const mu = channelMoments([u.excitation]);
    for (let c = 0; c < u.excitation.cols; c++) {
      expect(Math.abs(mu.mean[c]!)).toBeLessThan(1e-12);
      if (mu.std[c]! > 0) expect(mu.std[c]).toBeCloseTo(1, 12);
    }
  });
  it("analysis rate 'auto': an 8-kHz file is analysed at 8 kHz, 22.05 kHz at 16 kHz, a mix at its lowest rate", () => {
    const dir = tempDir();
    const p8 = join(dir, 'eight.wav');
    const a8 = vowel(8000, 0.4);
    writeWav(p8, a8.samples, 8000);
    expect(recordingRate(p8)).toBe(8000);
    expect(analysisRate('auto', [recordingRate(p8)])).toBe(8000);
    expect(analysisRate('auto', [22050])).toBe(16000);
    expect(analysisRate('auto', [22050, 8000, 16000])).toBe(8000);
    expect(analysisRate(16000, [8000])).toBe(16000); // an explicit rate is kept
    expect(() => analysisRate('auto', [])).toThrow(/no recordings/);
    const ch = frontEndChannels(p8, { rate: analysisRate('auto', [recordingRate(p8)]) });
    const sf = decompose(prepareAudio(p8, { rate: 8000 }), { rate: 8000 });
    expect(ch.frameRate).toBe(100);
    expect(Array.from(ch.tract.data)).toEqual(Array.from(sf.tractBands.data)); // no resampling
  });
});
