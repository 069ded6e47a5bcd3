import { describe, expect, it } from 'vitest';
import { ms, mV } from '../../src/core/units.js';
import type { LifNetwork } from '../../src/lsm/network.js';
import { toCsr } from '../../src/lsm/network.js';
import { runCpuLanes, tmNextR, tmNextU } from '../../src/lsm/backends/cpu.js';
import { resolveSimulationOptions } from '../../src/lsm/run-types.js';
import type { SpikeInput } from '../../src/lsm/input.js';

/** A small network from explicit synapses (SI). */
function net(n: number, nExc: number, syn: [number, number, number, number?][], o: Partial<LifNetwork> = {}): LifNetwork {
  const csr = toCsr(
    n,
    syn.map((s) => s[0]),
    syn.map((s) => s[1]),
    [syn.map((s) => s[2]), syn.map((s) => s[3] ?? 0)],
  );
  const delays = csr.values[1]!;
  return {
    n,
    nExc,
    tauMem: 30 * ms,
    tauExc: 3 * ms,
    tauInh: 6 * ms,
    vThresh: 15 * mV,
    vReset: 13.5 * mV,
    bias: new Float64Array(n),
    v0: new Float64Array(n),
    refractory: new Float64Array(n).fill(3 * ms),
    rowPtr: csr.rowPtr,
    post: csr.post,
    weight: csr.values[0]!,
    delay: delays.some((d) => d > 0) ? delays : null,
    stp: null,
    units: { time: 1, voltage: 1 },
    ...o,
  };
}

const silent: SpikeInput = { kind: 'spikes', times: new Float64Array(0), channels: new Int32Array(0), nChannels: 0, duration: 1 };

describe('single LIF neuron: f-I curve against the closed form', () => {
  for (const dt of [0.1 * ms, 1 * ms]) {
    it(`dt = ${dt * 1000} ms: inter-spike interval = refractory + ceil(T/dt) steps, T = tau ln((I - vr)/(I - vth))`, () => {
      for (const I of [15.5, 17, 20, 30, 60].map((x) => x * mV)) {
        const nw = net(1, 1, [], { bias: Float64Array.of(I), v0: Float64Array.of(13.5 * mV) });
        const o = resolveSimulationOptions({ dt, precision: 'f64', duration: 2, recordSpikes: [0] }, nw.tauMem);
        const [r] = runCpuLanes(nw, null, [silent], o);
        const st = r!.spikeSteps!;
        expect(st.length).toBeGreaterThan(5);
        const T = 30 * ms * Math.log((I - 13.5 * mV) / (I - 15 * mV));
        const refSteps = Math.round((3 * ms) / dt);
        const expected = refSteps + Math.floor(T / dt + 1e-9); // ref - 1 clamped steps, then floor(T/dt) + 1 updates
        for (let k = 2; k < st.length; k++) expect(st[k]! - st[k - 1]!).toBe(expected);
        // and the rate is the closed-form rate within the grid error
        const rate = 1 / (((st[st.length - 1]! - st[1]!) / (st.length - 2)) * dt);
        const closed = 1 / (3 * ms + T);
        expect(Math.abs(1 / rate - 1 / closed)).toBeLessThanOrEqual(dt + 1e-12);
      }
    });
  }
  it('below threshold current: no spikes, v converges to I', () => {
    const nw = net(1, 1, [], { bias: Float64Array.of(14.9 * mV) });
    const o = resolveSimulationOptions({ dt: 0.1 * ms, precision: 'f64', duration: 1, recordSpikes: [0], recordVoltage: [0] }, nw.tauMem);
    const [r] = runCpuLanes(nw, null, [silent], o);
    expect(r!.spikes).toBe(0);
    const v = r!.voltage!;
    expect(v[v.length - 1]!).toBeCloseTo(14.9 * mV * (1 - Math.exp(-1 / 0.03)), 6);
  });
  it('refractory: v is clamped at reset for the refractory period', () => {
    const nw = net(1, 1, [], { bias: Float64Array.of(40 * mV), v0: Float64Array.of(14.99 * mV), refractory: Float64Array.of(5 * ms) });
    const o = resolveSimulationOptions(
      { dt: 0.1 * ms, readoutInterval: 0.1 * ms, precision: 'f64', duration: 0.02, recordSpikes: [0], recordVoltage: [0] },
      nw.tauMem,
    );
    const [r] = runCpuLanes(nw, null, [silent], o);
    const s0 = r!.spikeSteps![0]!;
    const v = r!.voltage!;
    // samples are taken after each step: sample k = state after step k
    for (let k = s0; k < s0 + 50; k++) expect(v[k]).toBeCloseTo(13.5 * mV, 8); // recorded as float32
    expect(v[s0 + 50]!).toBeGreaterThan(13.5 * mV);
  });
});

describe('synapses', () => {
  it('a PSP follows the analytic difference of exponentials, after exactly the delay', () => {
    for (const delay of [0, 1.5 * ms, 0.8 * ms]) {
      const w = 2 * mV;
      // neuron 0 fires at step 0 (v0 above threshold and strong bias keeps it), neuron 1 listens
      const nw = net(2, 2, [[0, 1, w, delay]], { bias: Float64Array.of(20 * mV, 0), v0: Float64Array.of(16 * mV, 0), refractory: Float64Array.of(1, 1) });
      const dt = 0.1 * ms;
      const o = resolveSimulationOptions({ dt, readoutInterval: dt, precision: 'f64', duration: 0.03, recordSpikes: [0], recordVoltage: [1] }, nw.tauMem);
      const [r] = runCpuLanes(nw, null, [silent], o);
      expect(Array.from(r!.spikeSteps!)).toEqual([0]);
      const d = Math.round(delay / dt);
      const v = r!.voltage!;
      for (let k = 0; k <= d; k++) expect(v[k]).toBe(0);
      // the event lands in Ie at the end of step d; v after step d + m is w tauE/(tauE - tauM)(ee^m - em^m)
      for (let m = 1; m < 200; m++) {
        const t = m * dt;
        const analytic = ((w * 3 * ms) / (3 * ms - 30 * ms)) * (Math.exp(-t / (3 * ms)) - Math.exp(-t / (30 * ms)));
        expect(v[d + m]).toBeCloseTo(analytic, 9);
      }
    }
  });

  it('Tsodyks-Markram: amplitudes of a regular train follow the recursion and reach the steady state', () => {
    const U = 0.5,
      D = 1.1,
      F = 0.05;
    const isi = 0.02;
    let u = U;
    let R = 1;
    const amps = [u * R];
    for (let k = 1; k < 60; k++) {
      const un = tmNextU(u, isi, U, F);
      R = tmNextR(u, R, isi, D);
      u = un;
      amps.push(u * R);
    }
    // steady state of the recursion (closed form)
    const e = Math.exp(-isi / F);
    const uInf = U / (1 - (1 - U) * e);
    const d = Math.exp(-isi / D);
    const rInf = (1 - d) / (1 - (1 - uInf) * d);
    expect(u).toBeCloseTo(uInf, 10);
    expect(R).toBeCloseTo(rInf, 6);
    expect(amps[1]!).toBeLessThan(amps[0]!); // depression dominates for EE parameters

    // The kernel applies the same amplitudes: a neuron firing every 20 ms drives a passive target.
    const w = 1 * mV;
    const dt = 0.1 * ms;
    // neuron 0: huge bias and a 20 ms refractory period -> fires at steps 0, 200, 400, ...
    const nw = net(2, 2, [[0, 1, w]], {
      bias: Float64Array.of(1000 * mV, 0),
      v0: Float64Array.of(16 * mV, 0),
      refractory: Float64Array.of(isi, 1),
      stp: { U: Float64Array.of(U), D: Float64Array.of(D), F: Float64Array.of(F) },
    });
    const o = resolveSimulationOptions({ dt, readoutInterval: dt, precision: 'f64', duration: 0.2, recordSpikes: [0], recordVoltage: [1] }, nw.tauMem);
    const [r] = runCpuLanes(nw, null, [silent], o);
    const spikes = Array.from(r!.spikeSteps!).filter((_, k) => r!.spikeNeurons![k] === 0);
    expect(spikes.length).toBe(10);
    for (let k = 1; k < spikes.length; k++) expect(spikes[k]! - spikes[k - 1]!).toBe(200);
    // superposition of analytic PSPs with amplitudes w * u_n * R_n
    const v = r!.voltage!;
    const psp = (t: number) => (t <= 0 ? 0 : ((3 * ms) / (3 * ms - 30 * ms)) * (Math.exp(-t / (3 * ms)) - Math.exp(-t / (30 * ms))));
    for (let step = 0; step < v.length; step += 37) {
      let expected = 0;
      spikes.forEach((s, n) => (expected += w * amps[n]! * psp((step - s) * dt)));
      expect(v[step]).toBeCloseTo(expected, 8); // recorded as float32
    }
  });
});
