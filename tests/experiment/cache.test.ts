import { describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeatureCache, cacheKey, reservoirsDigest } from '../../src/experiment/cache.js';
import { extractFeatures, featureConfigKey } from '../../src/experiment/features.js';
import { buildReservoirs } from '../../src/experiment/pipeline.js';
import { LifReservoir } from '../../src/lsm/reservoir.js';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
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
    expect(key({ reservoirs: { excitation: { topology: 'fixed-indegree', units: 100, weightScale: 0.5 } } })).not.toBe(
      key({ reservoirs: { excitation: { topology: 'fixed-indegree', units: 100 } } }),
    );
    expect(key({ reservoirs: { tract: { weightScale: 0.5 } } })).toBe(key({})); // the excitation block ignores the tract reservoir
    expect(key({ reservoirs: { tract: { weightScale: 0.5 } } }, 'tract')).not.toBe(key({}, 'tract'));
    expect(key({ simulation: { workers: 1, backend: 'auto' } })).toBe(key({}));
  });
});

describe('feature cache: entries bound to their key, keys bound to the simulated networks', () => {
  it('an entry swapped under another key is a miss (its checksum covers the key)', () => {
    const dir = tempDir();
    const c = new FeatureCache(dir);
    const k1 = cacheKey({ audioHash: 'a', config: {}, seed: 1, version: '1' });
    const k2 = cacheKey({ audioHash: 'b', config: {}, seed: 1, version: '1' });
    c.put(k1, Float64Array.from([1, 2, 3]));
    c.put(k2, Float64Array.from([4, 5, 6]));
    const path = (k: string) => join(dir, k.slice(0, 2), `${k}.bin`);
    copyFileSync(path(k1), path(k2));
    expect(c.get(k2)).toBeNull();
    expect(Array.from(c.get(k1)!)).toEqual([1, 2, 3]);
  });

  it('a reservoir whose network differs from what the config builds gets its own features, not the cached ones', async () => {
    const dir = tempDir('lsm-ser-cache-net-');
    const corpus = synthesizeCorpus({ seed: 2, speakers: 2, perClass: 1, emotions: ['anger', 'sadness'] });
    writeCorpus(corpus, dir);
    const files = corpus.utterances.map((u) => join(dir, u.file));
    const config = resolveLsmConfig({ reservoirs: { excitation: { grid: [3, 3, 3] }, tract: null }, simulation: { workers: 1 } });
    const cacheDir = join(dir, 'cache');
    const built = buildReservoirs(config);
    const a = await extractFeatures(files, config, built, { cacheDir });
    // an edited model file: the same config, a different stored network (every weight doubled)
    const j = JSON.parse(JSON.stringify(built.excitation!.toJSON()));
    const edited = LifReservoir.load(j);
    edited.network.weight.forEach((w, i) => (edited.network.weight[i] = 2 * w));
    const fresh = await extractFeatures(files, config, { excitation: LifReservoir.load(JSON.parse(JSON.stringify(edited.toJSON()))) });
    const viaCache = await extractFeatures(files, config, { excitation: edited }, { cacheDir });
    expect(Array.from(viaCache[0]!.data)).toEqual(Array.from(fresh[0]!.data));
    expect(Array.from(viaCache[0]!.data)).not.toEqual(Array.from(a[0]!.data));
    // the digest is per network content, not per object: a rebuilt identical network hits the cache
    expect(reservoirsDigest(buildReservoirs(config))).toBe(reservoirsDigest(built));
    expect(reservoirsDigest({ excitation: edited })).not.toBe(reservoirsDigest(built));
  });
});
