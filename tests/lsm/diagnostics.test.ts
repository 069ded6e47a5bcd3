import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { mV, ms } from '../../src/core/units.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { buildInputCoupling } from '../../src/lsm/topology/coupling.js';
import { LifReservoir } from '../../src/lsm/reservoir.js';
import { encodeAnalog } from '../../src/lsm/encoding/analog.js';
import type { AnalogInput } from '../../src/lsm/input.js';
import type { InputCoupling, LifNetwork } from '../../src/lsm/network.js';
import type { LaneResult } from '../../src/lsm/run-types.js';
import {
  currentVarianceRatio,
  firingStatistics,
  labelSpeakerSpread,
  memoryCurve,
  numericalRank,
  perturbInput,
  recurrentCurrent,
  stateDistances,
  type SpikeRecord,
} from '../../src/lsm/diagnostics/index.js';

const C = 4;
function noiseInputs(count: number, frames: number, seed: number): AnalogInput[] {
  const r = new Rng(seed);
  return Array.from({ length: count }, () =>
    encodeAnalog({ data: new Float64Array(frames * C).map(() => r.normal()), rows: frames, cols: C }, { frameRate: 100 }),
  );
}
function unconnected(net: LifNetwork): LifNetwork {
  return { ...net, rowPtr: new Int32Array(net.n + 1), post: new Int32Array(0), weight: new Float64Array(0), delay: null, stp: null };
}
function spikes(r: LaneResult): SpikeRecord {
  return { spikeSteps: r.spikeSteps!, spikeNeurons: r.spikeNeurons!, steps: r.steps };
}
/** Memory trials: the traces and the input value held at each sample time (10 ms frames = 10 ms samples). */
function trials(runs: LaneResult[], ins: AnalogInput[]) {
  return runs.map((r, k) => ({ state: r.trace, input: ins[k]!.data.subarray(0, r.samples * C), samples: r.samples }));
}

describe('reservoir diagnostics: known answers', () => {
  const rng = new Rng(5);
  const column = buildMaassColumn({}, rng.fork('W'));
  const coupling = buildInputCoupling(column.n, { channels: C, gain: 20 * mV, fraction: 0.5, signs: 'positive' }, rng.fork('in'));
  const ins = noiseInputs(10, 80, 3);

  it('an unconnected reservoir has a recurrent current ratio of exactly 0; a connected one does not', async () => {
    const free = unconnected(column);
    const rec = Array.from({ length: ins.length }, (_, k) => k);
    const runs = await new LifReservoir(free, coupling, { dt: 1 * ms, recordSpikes: rec }).run(ins);
    const r = currentVarianceRatio(free, coupling, ins, runs.map(spikes), 1e-3);
    expect(r.input).toBeGreaterThan(0);
    expect(r.recurrent).toBe(0);
    expect(r.ratio).toBe(0);
    const runs2 = await new LifReservoir(column, coupling, { dt: 1 * ms, recordSpikes: rec }).run(ins);
    expect(currentVarianceRatio(column, coupling, ins, runs2.map(spikes), 1e-3).ratio).toBeGreaterThan(0.01);
  });

  it('the reconstructed recurrent current of one spike is the weight decaying with tauExc / tauInh', () => {
    const net: LifNetwork = {
      ...unconnected(column),
      rowPtr: Int32Array.from({ length: column.n + 1 }, (_, i) => (i === 0 ? 0 : 2)),
      post: Int32Array.of(1, 2),
      weight: Float64Array.of(3e-3, -2e-3),
    };
    const cur = recurrentCurrent(net, { spikeSteps: Int32Array.of(10), spikeNeurons: Int32Array.of(0), steps: 40 }, 1e-3);
    const n = net.n;
    expect(cur[10 * n + 1]).toBe(0); // seen from the next step on
    expect(cur[11 * n + 1]).toBeCloseTo(3e-3, 12);
    expect(cur[30 * n + 1]).toBeCloseTo(3e-3 * Math.exp(-19e-3 / net.tauExc), 12);
    expect(cur[30 * n + 2]).toBeCloseTo(-2e-3 * Math.exp(-19e-3 / net.tauInh), 12);
  });

  it('the memory curve of an unconnected reservoir equals that of its neurons simulated one by one (the single-neuron filter), and is short', async () => {
    const small = buildMaassColumn({ grid: [3, 3, 5] }, new Rng(5).fork('W'));
    const free = unconnected(small);
    const coupling = buildInputCoupling(small.n, { channels: C, gain: 20 * mV, fraction: 0.5, signs: 'positive' }, rng.fork('in'));
    const ins = noiseInputs(8, 300, 3);
    const runs = await new LifReservoir(free, coupling, { dt: 1 * ms }).run(ins);
    const lags = [0, 1, 2, 3, 5, 10, 20, 40];
    const whole = memoryCurve(trials(runs, ins), free.n, C, lags);
    // every neuron alone: a one-neuron network fed through its own coupling row
    const alone: Float32Array[] = ins.map((_, k) => new Float32Array(runs[k]!.samples * free.n));
    for (let i = 0; i < free.n; i++) {
      const one: LifNetwork = {
        ...free,
        n: 1,
        nExc: i < free.nExc ? 1 : 0,
        bias: free.bias.subarray(i, i + 1),
        v0: free.v0.subarray(i, i + 1),
        refractory: free.refractory.subarray(i, i + 1),
        rowPtr: new Int32Array(2),
      };
      const rowPtr = new Int32Array(C + 1);
      const w: number[] = [];
      for (let c = 0; c < C; c++) {
        for (let k = coupling.rowPtr[c]!; k < coupling.rowPtr[c + 1]!; k++) if (coupling.post[k] === i) w.push(coupling.weight[k]!);
        rowPtr[c + 1] = w.length;
      }
      const cp: InputCoupling = { kind: 'current', channels: C, rowPtr, post: new Int32Array(w.length), weight: Float64Array.from(w) };
      const r1 = await new LifReservoir(one, cp, { dt: 1 * ms }).run(ins);
      r1.forEach((r, k) => {
        for (let s = 0; s < r.samples; s++) alone[k]![s * free.n + i] = r.trace[s]!;
      });
    }
    const single = memoryCurve(
      ins.map((x, k) => ({ state: alone[k]!, input: x.data.subarray(0, runs[k]!.samples * C), samples: runs[k]!.samples })),
      free.n,
      C,
      lags,
    );
    expect(single.r2).toEqual(whole.r2);
    expect(Math.max(...whole.r2.slice(0, 3))).toBeGreaterThan(0.1); // reads the recent input
    expect(whole.r2[6]!).toBeLessThan(0.03);
    expect(whole.r2[7]!).toBeLessThan(0.03); // 200 ms back: beyond the neurons' time constants, white input is gone
  });

  it('memory curve of a linear filter x_t = a x_(t-1) + u_t of white noise is a^(2k) (1 - a^2)', () => {
    const a = 0.8;
    const r = new Rng(11);
    const ts = Array.from({ length: 8 }, () => {
      const T = 3000;
      const u = new Float64Array(T).map(() => r.normal());
      const x = new Float64Array(T);
      for (let t = 0; t < T; t++) x[t] = (t ? a * x[t - 1]! : 0) + u[t]!;
      return { state: x, input: u, samples: T };
    });
    const m = memoryCurve(ts, 1, 1, [0, 1, 2, 4, 8], { ridge: 1e-6 });
    m.r2.forEach((v, k) => {
      expect(v).toBeCloseTo(a ** (2 * m.lags[k]!) * (1 - a * a), 1.5);
    });
    expect(Math.abs(m.r2[1]! - 0.2304)).toBeLessThan(0.02);
  });

  it('a reservoir scaled into chaos shows perturbation divergence growing with time; a weak one lets it fade', async () => {
    const dist = async (scale: number) => {
      const net = buildMaassColumn({ weightScale: scale }, new Rng(5).fork('W'));
      const res = new LifReservoir(net, coupling, { dt: 1 * ms, duration: 0.7 });
      const base = noiseInputs(6, 20, 8);
      const pert = base.map((x, k) => perturbInput(x, 0.1, k % C, 0.5));
      const runs = await res.run([...base, ...pert]);
      const d = base.map((_, k) => stateDistances(runs[k]!, runs[k + base.length]!, [0.15, 0.3, 0.6]));
      return [0, 1, 2].map((j) => d.reduce((s, x) => s + x[j]!, 0) / d.length);
    };
    const chaos = await dist(4);
    expect(chaos[0]).toBeGreaterThan(0);
    expect(chaos[2]!).toBeGreaterThan(1.5 * chaos[0]!);
    const weak = await dist(0.2);
    expect(weak[2]!).toBeLessThan(0.5 * weak[0]!);
  });

  it('the state of a linear system has the rank of its reachable subspace', () => {
    // x_(t+1) = A x_t + b u_t, A diagonal with 5 distinct values over 20 dimensions, b = 1: reachable subspace of dimension 5
    const n = 20;
    const eig = Array.from({ length: n }, (_, i) => [0.1, 0.3, 0.5, 0.7, 0.9][i % 5]!);
    const r = new Rng(2);
    const m = 40;
    const X = new Float64Array(m * n);
    for (let k = 0; k < m; k++) {
      const x = new Float64Array(n);
      for (let t = 0; t < 30; t++) {
        const u = r.normal();
        for (let i = 0; i < n; i++) x[i] = eig[i]! * x[i]! + u;
      }
      X.set(x, k * n);
    }
    const rank = numericalRank(X, m, n, 1e-9);
    expect(rank.rank).toBe(5);
    expect(rank.maxRank).toBe(20);
    // random full-rank states: rank min(m, n)
    expect(
      numericalRank(
        new Float64Array(12 * 7).map(() => r.normal()),
        12,
        7,
      ).rank,
    ).toBe(7);
    expect(numericalRank(new Float64Array(6), 2, 3).rank).toBe(0);
  });

  it('firing statistics: rates, silent and saturated fractions and ISI CV of known spike trains', () => {
    // neuron 0 regular at 100 Hz (CV 0), neuron 1 silent, neuron 2 fires every step (saturated at refractory 0), neuron 3 (I) irregular
    const steps = 1000;
    const st: number[] = [];
    const ne: number[] = [];
    for (let t = 0; t < steps; t++) {
      if (t % 10 === 0) st.push(t), ne.push(0);
      st.push(t), ne.push(2);
      if ([5, 6, 100, 400].includes(t)) st.push(t), ne.push(3);
    }
    const f = firingStatistics([{ spikeSteps: Int32Array.from(st), spikeNeurons: Int32Array.from(ne), steps }], 4, 3, {
      dt: 1e-3,
      refractory: [2e-3, 2e-3, 0, 2e-3],
    });
    expect(f.rateOfNeuron[0]).toBeCloseTo(100, 9);
    expect(f.rateOfNeuron[1]).toBe(0);
    expect(f.excitatory.silentFraction).toBeCloseTo(1 / 3, 12);
    expect(f.excitatory.saturatedFraction).toBeCloseTo(1 / 3, 12);
    expect(f.excitatory.isiCv.mean).toBeCloseTo(0, 9);
    const isi = [1, 94, 300];
    const mu = isi.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(isi.reduce((a, b) => a + (b - mu) ** 2, 0) / 3);
    expect(f.inhibitory.isiCv.mean).toBeCloseTo(sd / mu, 9);
    expect(f.inhibitory.rates.mean).toBeCloseTo(4, 9);
  });

  it('label vs speaker spread: features that move with the label have a ratio > 1, with the speaker < 1', () => {
    const r = new Rng(4);
    const labels: string[] = [];
    const speakers: string[] = [];
    const a: number[] = [];
    const b: number[] = [];
    for (let s = 0; s < 4; s++)
      for (let l = 0; l < 3; l++)
        for (let k = 0; k < 5; k++) {
          labels.push(`L${l}`);
          speakers.push(`S${s}`);
          a.push(3 * l + r.normal(), r.normal());
          b.push(3 * s + r.normal(), r.normal());
        }
    const byLabel = labelSpeakerSpread(a, 60, 2, labels, speakers);
    const bySpeaker = labelSpeakerSpread(b, 60, 2, labels, speakers);
    expect(byLabel.ratio).toBeGreaterThan(5);
    expect(bySpeaker.ratio).toBeLessThan(0.2);
    expect(byLabel.label).toBeGreaterThan(0.3);
    expect(byLabel.label).toBeLessThanOrEqual(1);
  });
});
