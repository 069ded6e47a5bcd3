import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extractFeatures, channelStatistics, configChannels } from '../../src/experiment/features.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import type { Audio } from '../../src/sourcefilter/audio.js';
import { PLAIN_DRIVE, tempDir } from '../helpers.js';

function tone(f: number, seconds = 0.4, rate = 16000): Audio {
  return {
    samples: Float64Array.from(
      { length: Math.round(seconds * rate) },
      (_, i) => 0.2 * Math.sin((2 * Math.PI * f * i) / rate) + 0.05 * Math.sin((2 * Math.PI * 3.1 * f * i) / rate),
    ),
    sampleRate: rate,
    source: `tone-${f}`,
  };
}

function entries(dir: string): number {
  return readdirSync(dir).reduce((s, d) => s + readdirSync(join(dir, d)).length, 0);
}

describe('extractFeatures: one cached row per utterance and role', () => {
  it("the control gives the trace statistics of the front-end channels; dropping a role reuses the other role's cached block", async () => {
    const clips = [tone(140), tone(220), tone(310)];
    const dir = tempDir();
    const both = resolveLsmConfig({ features: { source: 'frontend' }, frontEnd: PLAIN_DRIVE });
    const [e, t] = await extractFeatures(clips, both, {}, { cacheDir: dir });
    expect(entries(dir)).toBe(6);
    const ch = configChannels(clips[1]!, both);
    expect(Array.from(e!.data.subarray(e!.cols, 2 * e!.cols))).toEqual(Array.from(channelStatistics(ch.excitation, ch.frameRate, both)));
    expect(Array.from(t!.data.subarray(t!.cols, 2 * t!.cols))).toEqual(Array.from(channelStatistics(ch.tract, ch.frameRate, both)));
    const excOnly = resolveLsmConfig({ features: { source: 'frontend' }, frontEnd: PLAIN_DRIVE, reservoirs: { tract: null } });
    const [e2, ...rest] = await extractFeatures(clips, excOnly, {}, { cacheDir: dir });
    expect(rest.length).toBe(0);
    expect(entries(dir)).toBe(6); // nothing new computed or stored
    expect(Array.from(e2!.data)).toEqual(Array.from(e!.data));
  });
  it("per-speaker channel normalization: each speaker's channels have mean 0 over its frames; the control sees the same input options", async () => {
    const clips = [tone(140, 0.3), tone(220, 0.5), tone(310, 0.4), tone(180, 0.3)];
    const speakers = ['a', 'a', 'b', 'b'];
    const cfg = resolveLsmConfig({
      features: { source: 'frontend', segments: 0 },
      frontEnd: { ...PLAIN_DRIVE, channelNormalization: 'speaker', onOff: true },
      reservoirs: { tract: null },
    });
    const [e] = await extractFeatures(clips, cfg, {}, { speakers });
    const C = e!.cols / 2; // mean, std per channel
    expect(C).toBe(32 + 3 + 64);
    const frames = clips.map((c) => configChannels(c, cfg).excitation.rows);
    for (const sp of ['a', 'b']) {
      const idx = speakers.flatMap((s, i) => (s === sp ? [i] : []));
      const total = idx.reduce((s, i) => s + frames[i]!, 0);
      for (let c = 0; c < C; c++) {
        const m = idx.reduce((s, i) => s + frames[i]! * e!.data[i * e!.cols + c]!, 0) / total;
        expect(Math.abs(m)).toBeLessThan(1e-5); // float32 rounding of the channels
      }
    }
    // without speakers all inputs are one speaker: other statistics
    const [one] = await extractFeatures(clips, cfg, {});
    expect(Array.from(one!.data)).not.toEqual(Array.from(e!.data));
    await expect(extractFeatures(clips, cfg, {}, { speakers: ['a'] })).rejects.toThrow(/speakers: 1 speakers for 4 inputs/);
    // the cache key holds the speaker's set of inputs
    const dir = tempDir();
    await extractFeatures(clips, cfg, {}, { speakers, cacheDir: dir });
    const [again] = await extractFeatures(clips.slice(0, 3), cfg, {}, { speakers: speakers.slice(0, 3), cacheDir: dir });
    expect(Array.from(again!.data.subarray(0, 2 * e!.cols))).toEqual(Array.from(e!.data.subarray(0, 2 * e!.cols))); // speaker a unchanged
    expect(Array.from(again!.data.subarray(2 * e!.cols, 3 * e!.cols))).not.toEqual(Array.from(e!.data.subarray(2 * e!.cols, 3 * e!.cols))); // b lost an utterance
  });
  it("rate 'auto' follows 8-kHz audio; a sparse in-degree above the channel count is a config error", async () => {
    const c8 = [tone(150, 0.4, 8000), tone(200, 0.4, 8000)];
    const auto = resolveLsmConfig({ features: { source: 'frontend' } });
    expect(auto.frontEnd.rate).toBe('auto');
    const [a] = await extractFeatures(c8, auto, {});
    const [b] = await extractFeatures(c8, resolveLsmConfig({ features: { source: 'frontend' }, frontEnd: { rate: 8000 } }), {});
    expect(Array.from(a!.data)).toEqual(Array.from(b!.data));
    expect(() => resolveLsmConfig({ frontEnd: PLAIN_DRIVE, reservoirs: { tract: { inputInDegree: 33 } } })).toThrow(
      /reservoirs\.tract\.inputInDegree.*33 channels per neuron, but the tract input has 32 channels/,
    );
    expect(resolveLsmConfig({ frontEnd: { ...PLAIN_DRIVE, onOff: true }, reservoirs: { tract: { inputInDegree: 33 } } }).reservoirs.tract!.inputInDegree).toBe(
      33,
    );
    expect(resolveLsmConfig({ reservoirs: { tract: { inputGainUnit: 'rheobase' } } }).reservoirs.tract!.inputGain).toBe(48);
  });
});

describe('extractFeatures with a noisy reservoir', () => {
  it('gives the same rows whatever the cache holds (noise is drawn by lane index, so noisy rows are always recomputed)', async () => {
    const { buildReservoirs } = await import('../../src/experiment/pipeline.js');
    const clips = [tone(140), tone(220), tone(310)];
    const cfg = resolveLsmConfig({ reservoirs: { tract: null, excitation: { neuron: { noise: { std: 0.002 } } } } });
    const res = buildReservoirs(cfg);
    const fresh = await extractFeatures(clips, cfg, res, {});
    const dir = tempDir();
    await extractFeatures([clips[2]!], cfg, res, { cacheDir: dir }); // the cache now holds clip 2's row, simulated in lane 0
    const cached = await extractFeatures(clips, cfg, res, { cacheDir: dir });
    expect(Array.from(cached[0]!.data)).toEqual(Array.from(fresh[0]!.data));
  });
});

describe('ChannelMemo: one front-end pass per file shared by extractions', () => {
  it('returns the same channels as configChannels, computes each file once within its budget, and changes no row', async () => {
    const { ChannelMemo } = await import('../../src/experiment/features.js');
    const { writeWav } = await import('../../src/sourcefilter/wav.js');
    const dir = tempDir();
    const files = [140, 220, 310].map((f, i) => {
      const p = join(dir, `t${i}.wav`);
      const t = tone(f);
      writeWav(p, t.samples, t.sampleRate);
      return p;
    });
    const cfg = resolveLsmConfig({ features: { source: 'frontend' } });
    const memo = new ChannelMemo();
    const a = memo.channels(files[0]!, cfg);
    expect(memo.channels(files[0]!, cfg)).toBe(a); // the kept object, not a second pass
    expect(Array.from(a.tract.data)).toEqual(Array.from(configChannels(files[0]!, cfg).tract.data));
    // another front end is another entry
    const other = resolveLsmConfig({ features: { source: 'frontend' }, frontEnd: { bands: 16 } });
    expect(memo.channels(files[0]!, other).tract.cols).not.toBe(a.tract.cols);
    // a zero budget keeps nothing: a fresh, equal computation each time
    const none = new ChannelMemo(0);
    const b = none.channels(files[1]!, cfg);
    expect(none.channels(files[1]!, cfg)).not.toBe(b);
    expect(Array.from(none.channels(files[1]!, cfg).excitation.data)).toEqual(Array.from(b.excitation.data));
    // rows through a shared memo equal rows without one (default drive: per-speaker z-scoring, eGeMAPS)
    const speakers = ['a', 'a', 'b'];
    const plain = await extractFeatures(files, cfg, {}, { speakers });
    const shared = await extractFeatures(files, cfg, {}, { speakers, memo: new ChannelMemo() });
    expect(shared.map((m) => Array.from(m.data))).toEqual(plain.map((m) => Array.from(m.data)));
  });
});
