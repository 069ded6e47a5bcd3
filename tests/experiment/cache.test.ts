import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeatureCache, cacheKey } from '../../src/experiment/cache.js';
import { tempDir } from '../helpers.js';

describe('feature cache', () => {
  it('round-trips vectors; a corrupted or truncated entry is a miss', () => {
    const dir = tempDir();
    const c = new FeatureCache(dir);
    const v = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i) * 1e3);
    const k = cacheKey({ audioHash: 'abc', config: { a: 1 }, seed: 1, version: '0.1.0' });
    expect(c.get(k)).toBeNull();
    c.put(k, v);
    expect(Array.from(c.get(k)!)).toEqual(Array.from(v));
    const sub = readdirSync(dir)[0]!;
    const file = join(dir, sub, readdirSync(join(dir, sub))[0]!);
    const bytes = readFileSync(file);
    bytes[100]! ^= 0xff;
    writeFileSync(file, bytes);
    expect(c.get(k)).toBeNull();
    writeFileSync(file, bytes.subarray(0, 60));
    expect(c.get(k)).toBeNull();
    c.put(k, v);
    expect(Array.from(c.get(k)!)).toEqual(Array.from(v));
  });
  it('keys change with every part but not with config key order', () => {
    const base = { audioHash: 'h', config: { a: 1, b: { c: 2, d: 3 } }, seed: 1, version: '1' };
    const k = cacheKey(base);
    expect(cacheKey({ ...base, config: { b: { d: 3, c: 2 }, a: 1 } })).toBe(k);
    expect(cacheKey({ ...base, audioHash: 'h2' })).not.toBe(k);
    expect(cacheKey({ ...base, config: { a: 2, b: { c: 2, d: 3 } } })).not.toBe(k);
    expect(cacheKey({ ...base, seed: 2 })).not.toBe(k);
    expect(cacheKey({ ...base, version: '2' })).not.toBe(k);
  });
});
