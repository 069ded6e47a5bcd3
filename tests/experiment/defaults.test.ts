import { describe, expect, it } from 'vitest';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import { buildRoleReservoir, roleChannelCount } from '../../src/experiment/features.js';
import { DEFAULT_READOUT_OPTIONS } from '../../src/readout/readout.js';
import { DEFAULT_INPUT_COUPLING, buildInputCoupling } from '../../src/lsm/topology/coupling.js';
import { DEFAULT_SOURCE_FILTER_OPTIONS } from '../../src/sourcefilter/options.js';
import { DEFAULT_SIMULATION_OPTIONS } from '../../src/lsm/run-types.js';
import { Rng } from '../../src/core/rng.js';

describe('one default per setting', () => {
  it("the config defaults are the modules' defaults (readout, input coupling, front end, simulation)", () => {
    const c = resolveLsmConfig({});
    expect(c.readout.pca).toBe(DEFAULT_READOUT_OPTIONS.pca);
    expect(c.readout.innerFolds).toBe(DEFAULT_READOUT_OPTIONS.innerFolds);
    expect(c.readout.C).toEqual([...DEFAULT_READOUT_OPTIONS.C]);
    expect(c.readout.gamma).toEqual([...DEFAULT_READOUT_OPTIONS.gamma]);
    const r = c.reservoirs.excitation!;
    expect([r.inputGain, r.inputSigns, r.inputFraction]).toEqual([
      DEFAULT_INPUT_COUPLING.current.gain,
      DEFAULT_INPUT_COUPLING.current.signs,
      DEFAULT_INPUT_COUPLING.current.fraction,
    ]);
    expect(c.frontEnd.rate).toBe('auto'); // = DEFAULT_SOURCE_FILTER_OPTIONS.rate capped at the recordings' rate (analysisRate)
    expect([c.frontEnd.lpcOrder, c.frontEnd.bands, c.frontEnd.scale, c.frontEnd.normalization]).toEqual([
      DEFAULT_SOURCE_FILTER_OPTIONS.lpcOrder,
      DEFAULT_SOURCE_FILTER_OPTIONS.bands,
      DEFAULT_SOURCE_FILTER_OPTIONS.scale,
      DEFAULT_SOURCE_FILTER_OPTIONS.normalization,
    ]);
    expect([c.simulation.dt, c.simulation.readoutTau, c.simulation.readoutInterval]).toEqual([
      DEFAULT_SIMULATION_OPTIONS.dt,
      DEFAULT_SIMULATION_OPTIONS.readoutTau,
      DEFAULT_SIMULATION_OPTIONS.readoutInterval,
    ]);
  });
  it('buildInputCoupling without options builds the coupling of the default config', () => {
    const c = resolveLsmConfig({});
    const res = buildRoleReservoir(c, 'tract', c.reservoirs.tract!);
    // the tract's channels under the default drive: bands, ON/OFF (2 x bands), eGeMAPS tract LLDs
    const channels = roleChannelCount(c, 'tract');
    expect(channels).toBe(3 * c.frontEnd.bands + 18);
    const plain = buildInputCoupling(res.network.n, { channels }, new Rng(c.seed).fork('tract').fork('input'));
    expect(Array.from(plain.weight)).toEqual(Array.from(res.coupling!.weight));
    expect(Array.from(plain.post)).toEqual(Array.from(res.coupling!.post));
    expect(Math.max(...Array.from(plain.weight, Math.abs))).toBeGreaterThan(0.03); // 48 mV scale, not the old 5 mV
    expect(Math.min(...plain.weight)).toBeLessThan(0); // mixed signs
  });
  it("the removed encoder.gain is folded into each reservoir's inputGain (1 = no change) and dropped", () => {
    const base = resolveLsmConfig({});
    expect(resolveLsmConfig({ encoder: { kind: 'analog', gain: 1, offset: 0 } })).toEqual(base);
    const old = resolveLsmConfig({ encoder: { gain: 2 }, reservoirs: { tract: { inputGain: 0.01 }, excitation: null } });
    expect(old.reservoirs.tract!.inputGain).toBeCloseTo(0.02, 15);
    expect(old.reservoirs.excitation).toBeNull();
    expect('gain' in old.encoder).toBe(false);
    expect(resolveLsmConfig({ encoder: { gain: 0.5 } }).reservoirs.excitation!.inputGain).toBeCloseTo(0.024, 15);
  });
});
