import { describe, expect, it } from 'vitest';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import { buildRoleReservoir } from '../../src/experiment/features.js';

describe('config: reservoirs.<role>.neuron (adaptation, heterogeneous time constants, noise)', () => {
  it('defaults to the plain LIF neuron: the built network has no additions', () => {
    const c = resolveLsmConfig({});
    expect(c.reservoirs.excitation!.neuron).toEqual({ adaptation: null, noise: null });
    const net = buildRoleReservoir(c, 'excitation', c.reservoirs.excitation!).network;
    expect(net.perNeuronTau ?? null).toBeNull();
    expect(net.adaptation ?? null).toBeNull();
    expect(net.noise ?? null).toBeNull();
  });

  it('builds what it says: gamma membrane time constants, adaptation on half the excitatory neurons, noise; seeded', () => {
    const input = {
      reservoirs: {
        excitation: {
          neuron: {
            tauMem: { kind: 'gamma', mean: 0.03, cv: 0.5 },
            tauInh: 0.008,
            adaptation: { increment: 0.002, tau: { kind: 'log-uniform', min: 0.1, max: 1 }, fraction: 0.5 },
            noise: { std: 0.001 },
          },
        },
      },
    };
    const c = resolveLsmConfig(input);
    const net = buildRoleReservoir(c, 'excitation', c.reservoirs.excitation!).network;
    expect(net.perNeuronTau!.tauMem.length).toBe(net.n);
    expect(new Set(net.perNeuronTau!.tauMem).size).toBe(net.n);
    expect(net.perNeuronTau!.tauInh.every((x) => x === 0.008)).toBe(true);
    expect(net.adaptation!.increment.filter((x) => x === 0.002).length).toBe(Math.round(0.5 * net.nExc));
    expect(net.noise!.std).toBe(0.001);
    const again = buildRoleReservoir(c, 'excitation', c.reservoirs.excitation!).network;
    expect(Array.from(again.perNeuronTau!.tauMem)).toEqual(Array.from(net.perNeuronTau!.tauMem));
    expect(again.noise!.seed).toBe(net.noise!.seed);
    // the tract reservoir keeps the plain neuron
    expect(buildRoleReservoir(c, 'tract', c.reservoirs.tract!).network.adaptation ?? null).toBeNull();
  });

  it('bad values name the field', () => {
    expect(() => resolveLsmConfig({ reservoirs: { tract: { neuron: { tauMem: { kind: 'uniform', min: 0.05, max: 0.01 } } } } })).toThrow(
      /reservoirs.tract.neuron.tauMem/,
    );
    expect(() => resolveLsmConfig({ reservoirs: { tract: { neuron: { adaptation: { increment: -1, tau: 0.1 } } } } })).toThrow(
      /reservoirs.tract.neuron.adaptation.increment/,
    );
    expect(() => resolveLsmConfig({ reservoirs: { tract: { neuron: { noise: { sd: 0.001 } } } } })).toThrow(/neuron.noise/);
    expect(() => resolveLsmConfig({ reservoirs: { tract: { neuron: { tauExc: { kind: 'normal', mean: 0.003 } } } } })).toThrow(/neuron.tauExc/);
  });
});
