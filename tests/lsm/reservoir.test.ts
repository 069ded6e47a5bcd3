import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { mV, ms } from '../../src/core/units.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { buildInputCoupling } from '../../src/lsm/topology/coupling.js';
import { LifReservoir } from '../../src/lsm/reservoir.js';
import { encodeAnalog } from '../../src/lsm/encoding/analog.js';
import { reservoirFeatures, stateFeatureLength } from '../../src/lsm/features.js';
import { selectBackend } from '../../src/lsm/backends/select.js';
import { closeCpuPool } from '../../src/lsm/backends/pool.js';
import { BackendUnavailableError } from '../../src/core/errors.js';
import type { AnalogInput } from '../../src/lsm/input.js';
import type { LaneResult } from '../../src/lsm/run-types.js';

function inputs(count: number, seed: number): AnalogInput[] {
  const r = new Rng(seed);
  return Array.from({ length: count }, (_, u) => {
    const frames = 40 + 7 * u; // different lengths
    const data = new Float64Array(frames * 8).map(() => r.normal());
    return encodeAnalog({ data, rows: frames, cols: 8 }, { frameRate: 100 });
  });
}

function reservoir(seed: number, extra: Record<string, unknown> = {}): LifReservoir {
  const rng = new Rng(seed);
  const net = buildMaassColumn({ dynamicSynapses: true }, rng.fork('W'));
  const coupling = buildInputCoupling(net.n, { channels: 8, gain: 3 * mV, signs: 'positive' }, rng.fork('in'));
  return new LifReservoir(net, coupling, { dt: 1 * ms, ...extra });
}

function same(a: LaneResult[], b: LaneResult[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((r, i) => {
    expect(Array.from(r.counts)).toEqual(Array.from(b[i]!.counts));
    expect(Array.from(r.trace)).toEqual(Array.from(b[i]!.trace));
  });
}

describe('LifReservoir', () => {
  const ins = inputs(12, 1);

  it('is deterministic: same seed, identical spikes; other seed, other spikes; input matters', async () => {
    const a = await reservoir(1).run(ins);
    const b = await reservoir(1).run(ins);
    const c = await reservoir(2).run(ins);
    same(a, b);
    expect(a.map((r) => r.spikes)).not.toEqual(c.map((r) => r.spikes));
    expect(a[0]!.spikes).not.toBe(a[1]!.spikes);
    expect(a.every((r) => r.spikes > 0)).toBe(true);
  });

  it('a lane gives identical results alone, in any batch size, and on several workers', async () => {
    const batched = await reservoir(3, { lanesPerBatch: 64 }).run(ins);
    const single = await reservoir(3, { lanesPerBatch: 1 }).run(ins);
    const odd = await reservoir(3, { lanesPerBatch: 5 }).run(ins);
    const pooled = reservoir(3, { lanesPerBatch: 4, workers: 2 });
    const workers = await pooled.run(ins);
    // second run on the warm pool: the workers reuse the network they already hold
    const again = await pooled.run(ins.slice().reverse());
    // another network on the same workers must not be confused with the first
    const other = await reservoir(4, { lanesPerBatch: 4, workers: 2 }).run(ins);
    const otherSingle = await reservoir(4, { lanesPerBatch: 64 }).run(ins);
    same(batched, single);
    same(batched, odd);
    same(batched, workers);
    same(batched, again.slice().reverse());
    same(other, otherSingle);
    expect(other.map((r) => r.spikes)).not.toEqual(batched.map((r) => r.spikes));
  });

  it('f64 and f32 agree closely', async () => {
    const a = await reservoir(4, { precision: 'f64' }).run(ins.slice(0, 4));
    const b = await reservoir(4, { precision: 'f32' }).run(ins.slice(0, 4));
    const sa = a.reduce((s, r) => s + r.spikes, 0);
    const sb = b.reduce((s, r) => s + r.spikes, 0);
    expect(Math.abs(sa - sb) / sa).toBeLessThan(0.05);
  });

  it('round-trips through JSON to identical spikes', async () => {
    const r = reservoir(5);
    const back = LifReservoir.load(JSON.parse(JSON.stringify(r.toJSON())));
    same(await r.run(ins.slice(0, 3)), await back.run(ins.slice(0, 3)));
    expect(() => LifReservoir.load({ type: 'x' }, 'model.json')).toThrow(/model\.json: not a lsm-ser\/LifReservoir record/);
    expect(() => LifReservoir.load({ ...r.toJSON(), version: 99 }, 'model.json')).toThrow(/version 99/);
  });

  it('rejects bad options naming the field', () => {
    expect(() => reservoir(1, { dt: 0.05 })).toThrow(/dt: .* smaller than tauMem/);
    expect(() => reservoir(1, { dt: -1 })).toThrow(/dt/);
    expect(() => reservoir(1, { readoutInterval: 0.0015 })).toThrow(/readoutInterval/);
    expect(() => reservoir(1, { precision: 'f16' })).toThrow(/precision/);
    expect(() => reservoir(1, { workers: 0 })).toThrow(/workers/);
  });
});

afterAll(async () => {
  await closeCpuPool();
});

describe('state features', () => {
  it('mean, std and segment means of the traces', () => {
    // 2 neurons, 8 samples: neuron 0 constant 2, neuron 1 ramps 0..7
    const trace = new Float32Array(16);
    for (let s = 0; s < 8; s++) {
      trace[2 * s] = 2;
      trace[2 * s + 1] = s;
    }
    const run: LaneResult = { n: 2, steps: 80, counts: new Int32Array(2), spikes: 0, trace, samples: 8, sampleInterval: 0.01 };
    const f = reservoirFeatures(run, { segments: 2 });
    expect(f.length).toBe(stateFeatureLength(2, { segments: 2 }));
    expect(Array.from(f.slice(0, 2))).toEqual([2, 3.5]);
    expect(f[2]).toBe(0);
    expect(f[3]).toBeCloseTo(Math.sqrt(5.25), 12);
    expect(Array.from(f.slice(4))).toEqual([2, 1.5, 2, 5.5]);
    // a lane shorter than one readout interval has no state to describe; a trace of the wrong size is an error
    expect(() => reservoirFeatures({ ...run, samples: 0, trace: new Float32Array(0) })).toThrow(/no readout sample/);
    expect(() => reservoirFeatures({ ...run, trace: trace.subarray(0, 10) })).toThrow(/trace has 10 values, samples x n = 8 x 2/);
    expect(() => stateFeatureLength(2, { segments: -1 })).toThrow(/segments/);
    expect(() => stateFeatureLength(2, { segments: 1.5 })).toThrow(/segments/);
  });
});

describe('backend selection', () => {
  it("'auto' picks the CPU here; 'gpu' falls back or throws as asked", async () => {
    const auto = await selectBackend('auto');
    if (auto.name === 'cpu') {
      // the GL modes (no display, no gl package here); a WebGPU software adapter would run 'gpu' (as 'gpu-software')
      const silent = await selectBackend('gpu', 'silent', { mode: 'gl' });
      expect(silent.name).toBe('cpu');
      expect(silent.reason).toMatch(/fallback/);
      await expect(selectBackend('gpu', 'error', { mode: 'gl' })).rejects.toBeInstanceOf(BackendUnavailableError);
    }
    await expect(selectBackend('tpu' as never)).rejects.toThrow(/backend/);
  });
});
