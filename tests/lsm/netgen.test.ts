import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNetgenNetwork } from '../../src/lsm/netgen.js';
import { runCpuLanes } from '../../src/lsm/backends/cpu.js';
import { resolveSimulationOptions } from '../../src/lsm/run-types.js';
import { PEERS_DIR, tempDir } from '../helpers.js';

const hasNumpy = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// ../shared/peers/README.md: spike counts every engine reproduces exactly (float64).
const EXPECTED: Record<string, number> = { '135/1': 5849, '135/0.1': 8522, '1000/1': 7940, '1000/0.1': 7703, '10000/1': 81956, '10000/0.1': 77795 };

describe.skipIf(!PEERS_DIR || !hasNumpy)('netgen networks: the spike counts of Brian2 and numpy', () => {
  const dir = tempDir('lsm-ser-netgen-');
  beforeAll(() => {
    for (const key of Object.keys(EXPECTED)) {
      const [N, dt] = key.split('/');
      execFileSync('/usr/bin/python3', [join(PEERS_DIR!, 'netgen.py'), N!, dt!, join(dir, `${N}_${dt}`)], { stdio: 'ignore' });
    }
  }, 120_000);

  for (const [key, count] of Object.entries(EXPECTED)) {
    it(`N=${key.replace('/', ', dt=')} ms: exactly ${count} spikes in f64 (both unit systems), within 1 % in f32`, () => {
      for (const units of ['native', 'si'] as const) {
        const imp = loadNetgenNetwork(join(dir, key.replace('/', '_')), { units });
        for (const precision of ['f64', 'f32'] as const) {
          const o = resolveSimulationOptions({ dt: imp.dt, precision, duration: imp.duration }, imp.network.tauMem * imp.network.units.time);
          const [r] = runCpuLanes(imp.network, imp.coupling, [imp.input], o);
          if (precision === 'f64') expect(r!.spikes).toBe(count);
          else expect(Math.abs(r!.spikes - count) / count).toBeLessThan(0.01);
          expect(r!.steps).toBe(Math.round(1 / imp.dt));
        }
      }
    });
  }

  it('a broken export gets an error naming the file', () => {
    const bad = join(dir, '135_1');
    const copy = tempDir();
    execFileSync('cp', ['-r', bad + '/.', copy]);
    writeFileSync(join(copy, 'w.bin'), new Uint8Array(7));
    expect(() => loadNetgenNetwork(copy)).toThrow(/w\.bin: 7 bytes, meta\.json says/);
    expect(() => loadNetgenNetwork(join(copy, 'nope'))).toThrow(/meta\.json: cannot read/);
    expect(existsSync(join(copy, 'meta.json'))).toBe(true);
  });
});
