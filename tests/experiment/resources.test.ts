import { describe, expect, it } from 'vitest';
import { assertConfigFits, estimateReservoirs } from '../../src/experiment/resources.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import { resolveExperimentConfig } from '../../src/experiment/experiment-config.js';
import { buildReservoirs } from '../../src/experiment/pipeline.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { Rng } from '../../src/core/rng.js';

const GB = 2 ** 30;
const machine = { memory: 24 * GB, heap: 4 * GB, workers: 2 };

describe('resource estimates refuse what cannot fit, before anything is built', () => {
  it('the default LSM fits; its synapse estimate matches the real column within 10 %', () => {
    const est = assertConfigFits(resolveLsmConfig({}), 'config', machine);
    expect(est.map((e) => e.neurons)).toEqual([135, 135]);
    const real = [1, 2, 3, 4].map((seed) => buildMaassColumn({}, new Rng(seed)).post.length).reduce((a, b) => a + b) / 4;
    expect(Math.abs(est[0]!.synapses / real - 1)).toBeLessThan(0.1);
    expect(est[0]!.simBytesPerWorker).toBeLessThan(10 * 2 ** 20);
  });

  it('10 million neurons, grid [1000, 100, 100] and dt 1e-9 are refused with the estimate in the message', () => {
    const huge = resolveLsmConfig({ reservoirs: { excitation: { topology: 'fixed-indegree', units: 10_000_000 } } });
    expect(() => assertConfigFits(huge, 'c.yaml', machine)).toThrow(
      /c\.yaml: reservoirs\.excitation: a 1\.0e\+7-neuron reservoir \(~1\.0e\+9 synapses.*needs ~\d+\.\d GB of heap to build.*heap limit is 4\.0 GB/,
    );
    const grid = resolveLsmConfig({ reservoirs: { tract: { grid: [1000, 100, 100] } } });
    expect(() => assertConfigFits(grid, 'c.yaml', machine)).toThrow(/reservoirs\.tract: a 1\.0e\+7-neuron reservoir/);
    const fine = resolveLsmConfig({ simulation: { dt: 1e-9 } });
    expect(() => assertConfigFits(fine, 'c.yaml', machine)).toThrow(
      /dt 1e-9 s\) needs .* ~\d+(\.\d)? GB to simulate 32 lanes on 2 workers, and ~2250 CPU s per second of audio; this machine has 24\.0 GB/,
    );
    expect(estimateReservoirs(fine)[0]!.simBytesPerWorker).toBeGreaterThan(10 * GB);
  });

  it('experiment configs and reservoir building check before starting (this machine)', () => {
    expect(() => resolveExperimentConfig({ name: 'x', dataset: { name: 'emodb', path: 'e' }, lsm: { simulation: { dt: 1e-9 } } }, 'e.yaml')).toThrow(
      /e\.yaml: lsm: reservoirs\.excitation: .*GB/,
    );
    const t = performance.now();
    expect(() => buildReservoirs(resolveLsmConfig({ reservoirs: { excitation: { grid: [1000, 100, 100] } } }))).toThrow(/1\.0e\+7-neuron reservoir/);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
