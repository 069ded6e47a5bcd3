import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateNetgen } from '../../src/benchmark/simulate-netgen.js';
import { loadNetgenNetwork } from '../../src/lsm/netgen.js';
import { runCpuLanes } from '../../src/lsm/backends/cpu.js';
import { resolveSimulationOptions } from '../../src/lsm/run-types.js';
import { runCli } from '../run-cli.js';
import { tempDir } from '../helpers.js';

/** A small export in netgen's format: 4 neurons (3 excitatory), 2 input channels, 100 steps of 1 ms, driven above threshold. */
function writeExport(): string {
  const dir = tempDir('lsm-ser-simulate-');
  const arrays: Record<string, Int32Array | Float64Array> = {
    pre: Int32Array.of(0, 1, 3),
    post: Int32Array.of(1, 2, 0),
    w: Float64Array.of(2, 2, -3),
    Ib: Float64Array.of(20, 18, 16, 20),
    v0: Float64Array.of(0, 5, 10, 14),
    ref: Float64Array.of(3, 3, 3, 2),
    in_pre: Int32Array.of(0, 1),
    in_post: Int32Array.of(0, 3),
    in_w: Float64Array.of(5, 5),
    in_step: Int32Array.of(1, 4, 9, 50),
    in_chan: Int32Array.of(0, 1, 0, 0),
  };
  const meta = { N: 4, NE: 3, dt_ms: 1, T_ms: 100, tau_m: 30, tau_e: 3, tau_i: 6, v_th: 15, v_reset: 13.5, n_in: 2 };
  const files: Record<string, unknown> = {};
  for (const [name, a] of Object.entries(arrays)) {
    files[name] = { file: `${name}.bin`, dtype: a instanceof Int32Array ? '<i4' : '<f8', length: a.length };
    writeFileSync(join(dir, `${name}.bin`), new Uint8Array(a.buffer));
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, files }));
  return dir;
}

describe('simulateNetgen (lsm-ser simulate)', () => {
  it('records the spikes of the CPU backend, events as spikes x out-degree + input fan-out, and consistent times', async () => {
    const dir = writeExport();
    const rec = await simulateNetgen(dir, { precision: 'f64', backend: 'cpu', onUnavailable: 'silent', warmup: 2, kernel: 'js' });
    const imp = loadNetgenNetwork(dir);
    const [r] = runCpuLanes(
      imp.network,
      imp.coupling,
      [imp.input],
      resolveSimulationOptions({ dt: imp.dt, precision: 'f64', duration: imp.duration, kernel: 'js' }, imp.network.tauMem * imp.network.units.time),
    );
    expect(rec).toMatchObject({ engine: 'lsm-ser-cpu-js-f64', N: 4, dt: 1, steps: 100, kernel: 'js', spikes: r!.spikes });
    expect(rec.spikes).toBeGreaterThan(4);
    // out-degrees 1, 1, 0, 1 (pre = 0, 1, 3); input events: 4 input spikes, each channel fans out to one neuron
    expect(rec.rec_events).toBe(r!.counts[0]! + r!.counts[1]! + r!.counts[3]!);
    expect(rec.in_events).toBe(4);
    expect(rec.rate_hz).toBeCloseTo(rec.spikes / 4 / 0.1, 12);
    expect(rec.total_s).toBeCloseTo(rec.build_s + rec.warmup_s + rec.run_s, 12);
    expect(rec.first_run_s).toBeLessThanOrEqual(rec.warmup_s);
    expect(rec.run_s).toBeGreaterThan(0);
  });

  it('CLI: --json prints one record per repeat, with first_run_s null without warm-up', async () => {
    const dir = writeExport();
    const r = await runCli(['simulate', '--network', dir, '--repeats', '2', '--warmup', '0', '--json']);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]!)).toEqual([
      'engine',
      'N',
      'dt',
      'steps',
      'run_s',
      'build_s',
      'warmup_s',
      'first_run_s',
      'kernel',
      'total_s',
      'spikes',
      'rec_events',
      'in_events',
      'rate_hz',
      'backend_reason',
      'version',
    ]);
    expect(lines[0]!.first_run_s).toBeNull();
    expect(lines[0]!.spikes).toBe(lines[1]!.spikes);
    const text = await runCli(['simulate', '--network', dir, '--warmup', '0']);
    expect(text.out).toMatch(/^lsm-ser-cpu-wasm-f64: N=4 dt=1 ms, 100 steps, \d+ spikes \(\d+\.\d\d Hz\), loop \d+\.\d ms, total \d+\.\d ms\n$/);
  });
});
