import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Rng } from '../../src/core/rng.js';
import { buildMaassColumn, MAASS_PAIRS_MAX_N } from '../../src/lsm/topology/maass.js';
import type { LifNetwork } from '../../src/lsm/network.js';

const digest = (net: LifNetwork) =>
  createHash('sha256').update(Buffer.from(net.rowPtr.buffer)).update(Buffer.from(net.post.buffer)).update(Buffer.from(net.weight.buffer)).digest('hex');

/** Synapse counts per connection type and squared distance. */
function census(net: LifNetwork): Map<string, number> {
  const out = new Map<string, number>();
  const pos = net.positions!;
  for (let i = 0; i < net.n; i++) {
    for (let k = net.rowPtr[i]!; k < net.rowPtr[i + 1]!; k++) {
      const j = net.post[k]!;
      const d2 = (pos[3 * i]! - pos[3 * j]!) ** 2 + (pos[3 * i + 1]! - pos[3 * j + 1]!) ** 2 + (pos[3 * i + 2]! - pos[3 * j + 2]!) ** 2;
      const key = `${i < net.nExc ? 'E' : 'I'}${j < net.nExc ? 'E' : 'I'}${Math.min(d2, 6)}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

describe('Maass column connection sampling', () => {
  it('the default 135-neuron column keeps the synapses of earlier releases (pairwise draws)', () => {
    const net = buildMaassColumn({}, new Rng(1));
    expect(net.post.length).toBe(612);
    expect(digest(net)).toBe('be06460a6d5c1ca6720fb0ab5fc1a7f9f8477a60a4b992c789718024fc30b984');
    expect(digest(buildMaassColumn({ sampler: 'pairs' }, new Rng(1)))).toBe(digest(net));
    expect(MAASS_PAIRS_MAX_N).toBeGreaterThanOrEqual(135);
  });

  it('shell sampling draws the same connection probabilities: counts per type and distance agree with pairwise draws', () => {
    const grid: [number, number, number] = [6, 6, 24];
    const total = (sampler: 'pairs' | 'shells') => {
      const sum = new Map<string, number>();
      for (const seed of [1, 2, 3, 4]) for (const [k, v] of census(buildMaassColumn({ grid, sampler }, new Rng(seed)))) sum.set(k, (sum.get(k) ?? 0) + v);
      return sum;
    };
    const a = total('pairs');
    const b = total('shells');
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) {
      // two independent Poisson-like counts: |a - b| within 4.5 standard deviations of their difference
      expect(Math.abs(b.get(k)! - v), `${k}: ${v} vs ${b.get(k)}`).toBeLessThan(4.5 * Math.sqrt(2 * v) + 2);
    }
    // seeded: the same seed gives the same network
    expect(digest(buildMaassColumn({ grid, sampler: 'shells' }, new Rng(9)))).toBe(digest(buildMaassColumn({ grid, sampler: 'shells' }, new Rng(9))));
    expect(() => buildMaassColumn({ sampler: 'fast' as never }, new Rng(1))).toThrow(/sampler: must be 'auto', 'pairs' or 'shells'/);
  });

  it('scales with the synapses, not N^2: 24,003 neurons build in seconds (the pairwise loop took 37.5 s)', () => {
    const t = performance.now();
    const net = buildMaassColumn({ grid: [3, 3, 2667] }, new Rng(1));
    const s = (performance.now() - t) / 1000;
    expect(net.n).toBe(24003);
    expect(net.post.length / net.n).toBeGreaterThan(4); // ~5 synapses per neuron, as in the default column
    expect(s).toBeLessThan(12);
  }, 60000);
});
