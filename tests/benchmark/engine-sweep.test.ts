import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { runEngineSweep, sweepNetwork } from '../../src/benchmark/engine-sweep.js';
import { outDegree, synapseCount } from '../../src/lsm/network.js';
import { runCli } from '../run-cli.js';

describe('engine sweep (lsm-ser bench engine)', () => {
  it('records consistent figures, the same spikes on the cpu backend and the gpu.js kernels, and skips the absent GPU', async () => {
    const recs = await runEngineSweep({
      units: [135],
      dt: [1e-3],
      batch: [1, 3],
      backends: ['cpu', 'gpujs-cpu', 'gpu'],
      input: 'analog',
      duration: 0.1,
      repeats: 1,
      warmup: 0,
    });
    expect(recs).toHaveLength(6); // 2 batches x 3 engines
    for (const batch of [1, 3]) {
      const [cpu, gjs, gpu] = recs.filter((r) => r.batch === batch);
      expect(cpu!.backend).toBe('cpu');
      expect(cpu!.topology).toBe('maass');
      expect(cpu!.steps).toBe(100);
      // derived figures agree with the raw ones (no timing is asserted)
      expect(cpu!.wall_per_sim_s).toBeCloseTo(cpu!.run_s / (0.1 * batch), 12);
      expect(cpu!.neuron_updates_per_s * cpu!.run_s).toBeCloseTo(135 * 100 * batch, 6);
      expect(cpu!.rate_hz).toBeCloseTo(cpu!.spikes / (135 * 0.1 * batch), 12);
      expect(cpu!.spikes).toBeGreaterThan(0);
      // the gpu.js kernels (cpu mode) simulate the same thing: same spikes (f32, measured equal)
      expect(gjs!.spikes).toBe(cpu!.spikes);
      expect(gpu!.skipped).toMatch(/GL/);
      expect(Number.isNaN(gpu!.run_s)).toBe(true);
    }
    // batch 3 = lanes 0..2; its first lane is batch 1's lane, so it fires at least as much in total
    expect(recs[3]!.spikes).toBeGreaterThanOrEqual(recs[0]!.spikes);
  });

  it('counts synaptic events as spikes x out-degree (+ input spike fan-out)', async () => {
    // analog input: events are recurrent only, so events = sum over neurons of count x out-degree
    const [r] = await runEngineSweep({ units: [135], dt: [1e-3], input: 'analog', duration: 0.1, repeats: 1, warmup: 0 });
    const { net } = sweepNetwork(135, 'auto', new Rng(1).fork('N135'));
    expect(r!.synapses).toBe(synapseCount(net));
    const deg = outDegree(net);
    let mean = 0;
    for (let i = 0; i < net.n; i++) mean += deg[i]! / net.n;
    const events = r!.syn_events_per_s * r!.run_s;
    // bounded by the spikes times the smallest / largest out-degree, near spikes x mean degree
    expect(events).toBeGreaterThanOrEqual(r!.spikes * Math.min(...deg) - 1e-6);
    expect(events).toBeLessThanOrEqual(r!.spikes * Math.max(...deg) + 1e-6);
    expect(events / r!.spikes).toBeGreaterThan(mean / 3);
  });

  it('validates its options, naming the field', async () => {
    await expect(runEngineSweep({ units: [0] })).rejects.toThrow(/^units: /);
    await expect(runEngineSweep({ units: [100], topology: 'maass', repeats: 1, warmup: 0 })).rejects.toThrow(/multiple of 9/);
    await expect(runEngineSweep({ dt: [] })).rejects.toThrow(/^dt: empty/);
    await expect(runEngineSweep({ precision: ['f16' as never] })).rejects.toThrow(/^precision: /);
    await expect(runEngineSweep({ repeats: 0 })).rejects.toThrow(/^repeats: /);
  });

  it('CLI: --json prints one JSON record per configuration; bad flags name the flag', async () => {
    const r = await runCli([
      'bench',
      'engine',
      '--units',
      '135',
      '--dt',
      '1',
      '--precision',
      'f32,f64',
      '--backend',
      'cpu,cpu-js',
      '--duration',
      '0.05',
      '--repeats',
      '1',
      '--warmup',
      '0',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => `${l.backend}/${l.precision}`))).toEqual(new Set(['cpu/f32', 'cpu/f64', 'cpu-js/f32', 'cpu-js/f64']));
    for (const l of lines) {
      expect(l.N).toBe(135);
      expect(l.dt_ms).toBe(1);
      expect(l.steps).toBe(50);
      expect(typeof l.wall_per_sim_s).toBe('number');
      expect(l.seed).toBe(1);
      expect(typeof l.version).toBe('string');
      expect(l).toHaveProperty('commit');
      expect((l.machine as { cores: number }).cores).toBeGreaterThan(0);
    }
    // the two CPU kernels give the same spikes
    for (const p of ['f32', 'f64'])
      expect(lines.find((l) => l.backend === 'cpu' && l.precision === p)!.spikes).toBe(lines.find((l) => l.backend === 'cpu-js' && l.precision === p)!.spikes);
    const table = await runCli(['bench', 'engine', '--units', '135', '--dt', '1', '--duration', '0.05', '--repeats', '1', '--warmup', '0']);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^\| backend \| topology \| N \|/);
    expect(table.out.trim().split('\n')).toHaveLength(3);
    const bad = await runCli(['bench', 'engine', '--precision', 'f16']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--precision/);
  });
});
