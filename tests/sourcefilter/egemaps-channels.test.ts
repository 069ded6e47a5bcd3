import { describe, expect, it } from 'vitest';
import { frontEndChannels, streamChannelCount } from '../../src/sourcefilter/index.js';
import {
  EGEMAPS_CHANNEL_SCALES,
  EGEMAPS_REVISION,
  EGEMAPS_SOURCE_LLDS,
  EGEMAPS_STREAM_CHANNELS,
  EGEMAPS_TRACT_LLDS,
} from '../../src/sourcefilter/egemaps/index.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import { featureConfigKey, roleChannelCount } from '../../src/experiment/features.js';

const rate = 16000;
/** 1 s of a synthetic vowel (impulse train at 150 Hz through resonators at 700/1200/2600 Hz) between 0.2-s silences. */
function vowelAudio() {
  const n = Math.round(1.4 * rate);
  let x = new Float64Array(n);
  for (let t = 0.2 * rate; t < 1.2 * rate; t += rate / 150) x[Math.round(t)] = 1;
  for (const [fc, bw] of [
    [700, 80],
    [1200, 100],
    [2600, 120],
  ] as const) {
    const r = Math.exp((-Math.PI * bw) / rate);
    const a1 = -2 * r * Math.cos((2 * Math.PI * fc) / rate);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = x[i]! - a1 * (i > 0 ? y[i - 1]! : 0) - r * r * (i > 1 ? y[i - 2]! : 0);
    x = y;
  }
  const p = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return { samples: x.map((v) => (0.3 * v) / p), sampleRate: rate, source: 'vowel' };
}

describe('eGeMAPS LLDs as reservoir input (frontEnd.egemaps)', () => {
  it('splits the 25 LLDs between the streams: 7 source LLDs + voicing, 18 formant/spectral LLDs', () => {
    expect(EGEMAPS_SOURCE_LLDS.length + EGEMAPS_TRACT_LLDS.length).toBe(25);
    expect(EGEMAPS_STREAM_CHANNELS).toEqual({ excitation: 8, tract: 18 });
    expect(EGEMAPS_TRACT_LLDS).toContain('F1frequency');
    expect(EGEMAPS_SOURCE_LLDS).toContain('F0semitoneFrom27.5Hz');
    expect(streamChannelCount('excitation', 32, { egemaps: 'only' })).toBe(8);
    expect(streamChannelCount('tract', 32, { egemaps: 'only', onOff: true })).toBe(18);
    expect(streamChannelCount('excitation', 32, { egemaps: 'append' })).toBe(32 + 3 + 8);
    expect(streamChannelCount('tract', 32, { egemaps: 'append', onOff: true })).toBe(32 + 64 + 18);
    expect(streamChannelCount('tract', 32, {})).toBe(32);
  });

  it("'only' and 'append' channels of a synthetic vowel: shapes, voicing, F0 level, bounded values", () => {
    const a = vowelAudio();
    const off = frontEndChannels(a, { rate, trim: false });
    const only = frontEndChannels(a, { rate, trim: false, egemaps: 'only' });
    const app = frontEndChannels(a, { rate, trim: false, egemaps: 'append' });
    expect(only.excitation.cols).toBe(8);
    expect(only.tract.cols).toBe(18);
    expect(only.excitation.rows).toBe(off.excitation.rows);
    expect(app.excitation.cols).toBe(off.excitation.cols + 8);
    expect(app.tract.cols).toBe(off.tract.cols + 18);
    // 'append' keeps the other channels unchanged in front
    expect(app.tract.data[5 * app.tract.cols + 3]).toBe(off.tract.data[5 * off.tract.cols + 3]);
    for (const m of [only.excitation, only.tract]) for (const v of m.data) expect(Math.abs(v)).toBeLessThanOrEqual(4);
    const voicedCol = 7;
    const f0Col = EGEMAPS_SOURCE_LLDS.indexOf('F0semitoneFrom27.5Hz');
    const mid = Math.round(0.7 * only.frameRate);
    expect(only.excitation.data[mid * 8 + voicedCol]).toBe(1);
    expect(only.excitation.data[5 * 8 + voicedCol]).toBe(-1); // leading silence
    const [c, s] = EGEMAPS_CHANNEL_SCALES['F0semitoneFrom27.5Hz']!;
    expect(only.excitation.data[mid * 8 + f0Col]).toBeCloseTo((12 * Math.log2(150 / 27.5) - c) / s, 1);
    expect(only.excitation.data[5 * 8 + f0Col]).toBe(0);
  });

  it('rejects an unknown mode; the config field sets the channel counts and changes the feature cache key', () => {
    expect(() => frontEndChannels(vowelAudio(), { rate, egemaps: 'on' as never })).toThrow(RangeError);
    // the default drive appends them (DEFAULT_INPUT_DRIVE, with ON/OFF: 2 x bands more per stream)
    expect(resolveLsmConfig({}).frontEnd.egemaps).toBe('append');
    expect(roleChannelCount(resolveLsmConfig({}), 'tract')).toBe(3 * 32 + 18);
    const base = resolveLsmConfig({ frontEnd: { egemaps: 'off', onOff: false } });
    const only = resolveLsmConfig({ frontEnd: { egemaps: 'only', onOff: false } });
    const app = resolveLsmConfig({ frontEnd: { egemaps: 'append', onOff: false } });
    expect(roleChannelCount(base, 'tract')).toBe(32);
    expect(roleChannelCount(only, 'tract')).toBe(18);
    expect(roleChannelCount(app, 'excitation')).toBe(base.frontEnd.bands + 3 + 8);
    const key = (c: typeof base) => JSON.stringify(featureConfigKey(c, 'tract'));
    expect(key(only)).not.toBe(key(base));
    expect(key(app)).not.toBe(key(only));
    // 'off' keeps the key of configs written before the option existed
    expect(key(base)).not.toContain('egemaps');
    // with eGeMAPS on, the LLD code's revision is in the key: no cache serves rows of older LLDs
    expect(JSON.parse(key(only)).frontEnd.egemapsRevision).toBe(EGEMAPS_REVISION);
    expect(() => resolveLsmConfig({ frontEnd: { egemaps: 'yes' } })).toThrow(/egemaps/);
  });
});
