import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { mV } from '../../src/core/units.js';
import { buildFixedIndegree } from '../../src/lsm/topology/fixed-indegree.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { buildInputCoupling } from '../../src/lsm/topology/coupling.js';
import { closeCpuPool } from '../../src/lsm/backends/pool.js';
import { LifReservoir } from '../../src/lsm/reservoir.js';
import type { InputCoupling, LifNetwork } from '../../src/lsm/network.js';
import type { AnalogInput, ReservoirInput, SpikeInput } from '../../src/lsm/input.js';

afterAll(closeCpuPool);

const rng = new Rng(77);
const net = buildFixedIndegree({ n: 40 }, rng.fork('net'));
const current = buildInputCoupling(net.n, { channels: 3, gain: 2 * mV, signs: 'positive' }, rng.fork('in'));
const synapse = buildInputCoupling(net.n, { kind: 'synapse', channels: 3, gain: 2 * mV }, rng.fork('syn'));

function analog(frames: number, seed: number): AnalogInput {
  const r = new Rng(seed);
  return { kind: 'analog', data: Float32Array.from({ length: frames * 3 }, () => r.normal()), frames, channels: 3, frameDuration: 0.01 };
}

function spikes(o: Partial<SpikeInput> = {}): SpikeInput {
  return { kind: 'spikes', times: Float64Array.of(0.001, 0.004, 0.004, 0.02), channels: Int32Array.of(0, 2, 1, 0), nChannels: 3, duration: 0.05, ...o };
}

describe('recording does not depend on how lanes are split into passes and workers', () => {
  it('recordSpikes / recordVoltage name lanes of the whole run', async () => {
    const inputs = Array.from({ length: 9 }, (_, u) => analog(20 + 3 * u, u));
    const rec = { recordSpikes: [0, 3, 8], recordVoltage: [1, 2] };
    const ref = await new LifReservoir(net, current, { ...rec, lanesPerBatch: 64 }).run(inputs);
    for (const o of [{ lanesPerBatch: 2 }, { lanesPerBatch: 2, workers: 2 }, { lanesPerBatch: 4, workers: 2 }]) {
      const res = await new LifReservoir(net, current, { ...rec, ...o }).run(inputs);
      for (let l = 0; l < inputs.length; l++) {
        const recorded = rec.recordSpikes.includes(l);
        expect(res[l]!.spikeSteps !== undefined, `lane ${l} ${JSON.stringify(o)}`).toBe(recorded);
        expect(res[l]!.voltage !== undefined).toBe(recorded);
        if (recorded) {
          expect(Array.from(res[l]!.spikeSteps!)).toEqual(Array.from(ref[l]!.spikeSteps!));
          expect(Array.from(res[l]!.spikeNeurons!)).toEqual(Array.from(ref[l]!.spikeNeurons!));
          expect(Array.from(res[l]!.voltage!)).toEqual(Array.from(ref[l]!.voltage!));
          expect(res[l]!.spikeSteps!.length).toBe(res[l]!.spikes); // every spike recorded
        }
        expect(Array.from(res[l]!.counts)).toEqual(Array.from(ref[l]!.counts));
      }
    }
  });

  it('recording requests outside the run or the network are errors', async () => {
    const inputs = [analog(20, 1), analog(20, 2)];
    await expect(new LifReservoir(net, current, { recordSpikes: [2] }).run(inputs)).rejects.toThrow('recordSpikes: lane 2 is not in this run (2 inputs)');
    expect(() => new LifReservoir(net, current, { recordSpikes: [0], recordVoltage: [40] })).toThrow(
      'recordVoltage: neuron 40 is not in the network (40 neurons)',
    );
    expect(() => new LifReservoir(net, current, { recordSpikes: [0.5] })).toThrow(/recordSpikes: lane indices must be whole numbers/);
    expect(() => new LifReservoir(net, current, { recordVoltage: [1] })).toThrow(/recordSpikes, which is empty/);
    expect(() => new LifReservoir(net, current, { maxRecordedSpikes: -5 })).toThrow(/maxRecordedSpikes/);
    expect(() => new LifReservoir(net, current, { maxRecordedSpikes: NaN })).toThrow(/maxRecordedSpikes/);
  });
});

describe('malformed inputs are rejected, naming the lane and the problem (both kernels)', () => {
  const bad: [string, ReservoirInput, InputCoupling, RegExp][] = [
    [
      'NaN value',
      {
        ...analog(30, 1),
        data: (() => {
          const d = analog(30, 1).data.slice();
          d[3 * 3 + 1] = NaN;
          return d;
        })(),
      },
      current,
      /lane 1: frame 3, channel 1 is NaN/,
    ],
    [
      'Infinity value',
      {
        ...analog(30, 1),
        data: (() => {
          const d = analog(30, 1).data.slice();
          d[0] = Infinity;
          return d;
        })(),
      },
      current,
      /lane 1: frame 0, channel 0 is Infinity/,
    ],
    [
      'data shorter than frames x channels',
      { ...analog(30, 1), data: analog(20, 1).data },
      current,
      /lane 1: data has 60 values, frames x channels = 30 x 3 = 90/,
    ],
    ['frameDuration 0', { ...analog(30, 1), frameDuration: 0 }, current, /lane 1: frameDuration must be a finite number of seconds > 0/],
    ['frameDuration NaN', { ...analog(30, 1), frameDuration: NaN }, current, /lane 1: frameDuration/],
    ['no frames', { ...analog(30, 1), frames: 0, data: new Float32Array(0) }, current, /lane 1: frames must be a whole number >= 1/],
    ['unsorted spike times', spikes({ times: Float64Array.of(0.001, 0.004, 0.003, 0.02) }), synapse, /lane 1: spike 2 at 0.003 s is before the previous spike/],
    ['negative spike time', spikes({ times: Float64Array.of(-0.001, 0.004, 0.004, 0.02) }), synapse, /lane 1: spike 0 at -0.001 s is negative/],
    ['NaN spike time', spikes({ times: Float64Array.of(0.001, NaN, 0.004, 0.02) }), synapse, /lane 1: spike 1 at NaN s is not finite/],
    ['spike past the duration', spikes({ duration: 0.01 }), synapse, /lane 1: spike 3 at 0.02 s is past the duration/],
    ['channel outside nChannels', spikes({ channels: Int32Array.of(0, 2, 3, 0) }), synapse, /lane 1: spike 2 is on channel 3, outside \[0, nChannels = 3\)/],
    ['times and channels of different lengths', spikes({ channels: Int32Array.of(0, 1) }), synapse, /lane 1: 4 spike times but 2 channels/],
    [
      'duration 0',
      spikes({ times: new Float64Array(0), channels: new Int32Array(0), duration: 0 }),
      synapse,
      /lane 1: duration must be a finite number of seconds > 0/,
    ],
  ];
  for (const [what, input, coupling, msg] of bad) {
    it(what, async () => {
      const good: ReservoirInput = coupling === current ? analog(30, 9) : spikes();
      for (const kernel of ['wasm', 'js'] as const) {
        await expect(new LifReservoir(net, coupling, { kernel }).run([good, input]), kernel).rejects.toThrow(msg);
      }
    });
  }

  it('option values that would leave no readout or overflow the step counter', async () => {
    expect(() => new LifReservoir(net, current, { readoutInterval: Infinity })).toThrow(/readoutInterval: must be a finite number/);
    expect(() => new LifReservoir(net, current, { readoutTau: Infinity })).toThrow(/readoutTau/);
    expect(() => new LifReservoir(net, current, { duration: Infinity })).toThrow(/duration: must be a finite number/);
    expect(() => new LifReservoir(net, current, { duration: 1e12 })).toThrow(/duration: 1000000000000 s is more than/);
    await expect(new LifReservoir(net, current).run([{ ...analog(2, 1), frameDuration: 1e9 }])).rejects.toThrow(/lane 0 lasts 2000000000 s, more than/);
    expect(() => new LifReservoir(net, current, { onUnavailable: 'nope' as never })).toThrow(/onUnavailable: must be/);
    expect(() => new LifReservoir(net, current, { backend: 'tpu' as never })).toThrow(/backend: must be/);
  });
});

describe('malformed networks and couplings are rejected, naming the field', () => {
  const maass = buildMaassColumn({ dynamicSynapses: true }, new Rng(5));
  const withDelay = buildMaassColumn({}, new Rng(5));
  const cases: [string, LifNetwork, RegExp][] = [
    ['NaN bias', { ...net, bias: net.bias.map((x, i) => (i === 3 ? NaN : x)) }, /bias: value 3 is NaN/],
    ['NaN v0', { ...net, v0: net.v0.map((x, i) => (i === 0 ? NaN : x)) }, /v0: value 0 is NaN/],
    [
      'negative refractory period',
      { ...net, refractory: net.refractory.map((x, i) => (i === 1 ? -1e-3 : x)) },
      /refractory: value 1 is -0.001 \(must be finite and >= 0\)/,
    ],
    ['NaN weight', { ...net, weight: net.weight.map((x, i) => (i === 7 ? NaN : x)) }, /weight: value 7 is NaN/],
    ['negative delay', { ...withDelay, delay: withDelay.delay!.map((x, i) => (i === 0 ? -1e-3 : x)) }, /delay: value 0 is -0.001/],
    ['rowPtr decreasing', { ...net, rowPtr: net.rowPtr.map((x, i) => (i === 5 ? net.rowPtr[7]! : x)) }, /rowPtr: decreases at row 5/],
    ['infinite tauMem', { ...net, tauMem: Infinity }, /tauMem: must be a finite number > 0/],
    ['infinite vThresh', { ...net, vThresh: Infinity }, /vThresh\/vReset: must be finite/],
    ['stp.U of the wrong length', { ...maass, stp: { ...maass.stp!, U: maass.stp!.U.subarray(1) } }, /stp.U: one value per synapse needed/],
    ['stp.U = 0', { ...maass, stp: { ...maass.stp!, U: maass.stp!.U.map((x, i) => (i === 2 ? 0 : x)) } }, /stp.U: synapse 2 has U = 0, outside \(0, 1\]/],
  ];
  for (const [what, n, msg] of cases) it(what, () => expect(() => new LifReservoir(n, null)).toThrow(msg));

  it('couplings', () => {
    const m = current.post.length;
    expect(() => new LifReservoir(net, { ...current, rowPtr: current.rowPtr.map((x, i) => (i === 3 ? m + 5 : x)) })).toThrow(
      /coupling.rowPtr: must run from 0 to the number of entries/,
    );
    expect(() => new LifReservoir(net, { ...current, weight: current.weight.subarray(1) })).toThrow(/coupling.weight: one value per projection needed/);
    expect(() => new LifReservoir(net, { ...current, weight: current.weight.map((x, i) => (i === 0 ? NaN : x)) })).toThrow(/coupling.weight: value 0 is NaN/);
    expect(() => new LifReservoir(net, { ...current, post: current.post.map((x, i) => (i === 0 ? 40 : x)) })).toThrow(/coupling.post: projection 0 targets 40/);
  });

  it('a valid network still runs, with bias only and no input channels', async () => {
    const [r] = await new LifReservoir(net, null).run([
      { kind: 'spikes', times: new Float64Array(0), channels: new Int32Array(0), nChannels: 0, duration: 0.05 },
    ]);
    expect(r!.steps).toBe(50);
    expect(r!.samples).toBe(5);
  });
});
