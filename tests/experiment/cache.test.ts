import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeatureCache, cacheKey } from '../../src/experiment/cache.js';
import { featureConfigKey } from '../../src/experiment/features.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
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

  it('the feature key holds what changes features: reservoir settings and seed for reservoir features, not for front-end statistics', () => {
    const key = (c: object, role: 'excitation' | 'tract' = 'excitation') => JSON.stringify(featureConfigKey(resolveLsmConfig(c), role));
    const fe = { features: { source: 'frontend' } };
    expect(key({ ...fe, simulation: { dt: 0.0005 }, reservoirs: { excitation: { inputGain: 0.01 } } })).toBe(key(fe));
    expect(key(fe, 'tract')).not.toBe(key(fe)); // one key per role's block
    expect(key({ ...fe, reservoirs: { tract: null } })).toBe(key(fe)); // a block does not depend on the other role
    expect(key({ ...fe, frontEnd: { bands: 24 } })).not.toBe(key(fe));
    expect(key({ simulation: { dt: 0.0005 } })).not.toBe(key({}));
    expect(key({ reservoirs: { excitation: { topology: 'fixed-indegree', units: 100, weightScale: 0.5 } } })).not.toBe(key({ reservoirs: { excitation: { topology: 'fixed-indegree', units: 100 } } }));
    expect(key({ reservoirs: { tract: { weightScale: 0.5 } } })).toBe(key({})); // the excitation block ignores the tract reservoir
    expect(key({ reservoirs: { tract: { weightScale: 0.5 } } }, 'tract')).not.toBe(key({}, 'tract'));
    expect(key({ simulation: { workers: 1, backend: 'auto' } })).toBe(key({}));
  });
});
