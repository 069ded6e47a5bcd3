import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extractFeatures, channelStatistics, configChannels } from '../../src/experiment/features.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import type { Audio } from '../../src/sourcefilter/audio.js';
import { tempDir } from '../helpers.js';

function tone(f: number, seconds = 0.4, rate = 16000): Audio {
  return { samples: Float64Array.from({ length: Math.round(seconds * rate) }, (_, i) => 0.2 * Math.sin((2 * Math.PI * f * i) / rate) + 0.05 * Math.sin((2 * Math.PI * 3.1 * f * i) / rate)), sampleRate: rate, source: `tone-${f}` };
}

function entries(dir: string): number {
  return readdirSync(dir).reduce((s, d) => s + readdirSync(join(dir, d)).length, 0);
}

describe('extractFeatures: one cached row per utterance and role', () => {
  it('the control gives the trace statistics of the front-end channels; dropping a role reuses the other role\'s cached block', async () => {
    const clips = [tone(140), tone(220), tone(310)];
    const dir = tempDir();
    const both = resolveLsmConfig({ features: { source: 'frontend' } });
    const [e, t] = await extractFeatures(clips, both, {}, { cacheDir: dir });
    expect(entries(dir)).toBe(6);
    const ch = configChannels(clips[1]!, both);
    expect(Array.from(e!.data.subarray(e!.cols, 2 * e!.cols))).toEqual(Array.from(channelStatistics(ch.excitation, ch.frameRate, both)));
    expect(Array.from(t!.data.subarray(t!.cols, 2 * t!.cols))).toEqual(Array.from(channelStatistics(ch.tract, ch.frameRate, both)));
    const excOnly = resolveLsmConfig({ features: { source: 'frontend' }, reservoirs: { tract: null } });
    const [e2, ...rest] = await extractFeatures(clips, excOnly, {}, { cacheDir: dir });
    expect(rest.length).toBe(0);
    expect(entries(dir)).toBe(6); // nothing new computed or stored
    expect(Array.from(e2!.data)).toEqual(Array.from(e!.data));
  });
});
