import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE_FILTER_OPTIONS, resolveSourceFilterOptions } from '../../src/sourcefilter/index.js';

describe('resolveSourceFilterOptions', () => {
  it('defaults are frozen and resolve to the documented values', () => {
    expect(Object.isFrozen(DEFAULT_SOURCE_FILTER_OPTIONS)).toBe(true);
    const o = resolveSourceFilterOptions();
    expect(o).toMatchObject({
      rate: 16000,
      lpcOrder: 16,
      frameLength: 0.025,
      hop: 0.01,
      preEmphasis: 0.97,
      bands: 32,
      scale: 'mel',
      fMax: 8000,
      normalization: 'utterance',
    });
    expect(resolveSourceFilterOptions({ rate: 8000 }).fMax).toBe(4000);
  });

  it('RangeErrors name the field, the value and the rule', () => {
    const cases: [object, RegExp][] = [
      [{ rate: 3000 }, /^rate: 3000 .*4000/],
      [{ lpcOrder: 400 }, /^lpcOrder: 400 .*399/], // 25 ms at 16 kHz = 400 samples
      [{ lpcOrder: 2.5 }, /^lpcOrder/],
      [{ hop: 0.05 }, /^hop: 0.05/],
      [{ frameLength: 0 }, /^frameLength/],
      [{ preEmphasis: 1 }, /^preEmphasis: 1/],
      [{ fMax: 9000 }, /^fMax: 9000 .*8000/],
      [{ fMin: 5000, fMax: 4000 }, /^fMax/],
      [{ bands: 0 }, /^bands/],
      [{ scale: 'erb' }, /^scale: "erb"/],
      [{ normalization: 'global' }, /^normalization/],
      [{ logFloor: 0 }, /^logFloor/],
      [{ f0: { fMax: 9000 } }, /^f0.fMax/],
      [{ f0: { voicingThreshold: 2 } }, /^f0.voicingThreshold/],
      [{ rate: NaN }, /^rate/],
    ];
    for (const [opts, re] of cases) expect(() => resolveSourceFilterOptions(opts as never)).toThrow(re);
    for (const [opts] of cases) expect(() => resolveSourceFilterOptions(opts as never)).toThrow(RangeError);
  });

  it('TypeErrors for values of the wrong kind', () => {
    expect(() => resolveSourceFilterOptions({ rate: '16000' } as never)).toThrow(TypeError);
    expect(() => resolveSourceFilterOptions({ rate: '16000' } as never)).toThrow(/^rate: expected a number/);
    expect(() => resolveSourceFilterOptions({ pitch: 'yes' } as never)).toThrow(/^pitch: expected a boolean/);
    expect(() => resolveSourceFilterOptions({ f0: { fMin: '50' } } as never)).toThrow(/^f0.fMin/);
  });
});
