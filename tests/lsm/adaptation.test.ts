import { describe, expect, it } from 'vitest';
import { ms, mV } from '../../src/core/units.js';
import type { InputCoupling, LifNetwork } from '../../src/lsm/network.js';
import { runCpuLanes } from '../../src/lsm/backends/cpu.js';
import { resolveSimulationOptions, type SimulationOptions } from '../../src/lsm/run-types.js';
import type { AnalogInput } from '../../src/lsm/input.js';

/** One unconnected neuron (SI units) with an adaptive threshold. */
function neuron(o: Partial<LifNetwork>, inc: number, tauA: number): LifNetwork {
  return {
    n: 1,
    nExc: 1,
    tauMem: 20 * ms,
    tauExc: 3 * ms,
    tauInh: 6 * ms,
    vThresh: 15 * mV,
    vReset: 0,
    bias: new Float64Array(1),
    v0: new Float64Array(1),
    refractory: Float64Array.of(2 * ms),
    rowPtr: new Int32Array(2),
    post: new Int32Array(0),
    weight: new Float64Array(0),
    delay: null,
    stp: null,
    adaptation: { increment: Float64Array.of(inc), tau: Float64Array.of(tauA) },
    units: { time: 1, voltage: 1 },
    ...o,
  };
}

/** The drive `x` volts per frame into the neuron (weight 1). */
const drive: InputCoupling = { kind: 'current', channels: 1, rowPtr: Int32Array.of(0, 1), post: Int32Array.of(0), weight: Float64Array.of(1) };
const frames = (xs: number[], frameDuration: number): AnalogInput => ({
  kind: 'analog',
  data: Float32Array.from(xs),
  frames: xs.length,
  channels: 1,
  frameDuration,
});

function spikeSteps(net: LifNetwork, inputs: AnalogInput[], o: SimulationOptions): Int32Array[] {
  const opt = resolveSimulationOptions({ precision: 'f64', ...o, recordSpikes: inputs.map((_, l) => l) }, 0.02);
  return runCpuLanes(net, inputs.length ? drive : null, inputs, opt).map((r) => r.spikeSteps!);
}

describe('adaptive threshold: the recursion of a for a regular spike train', () => {
  it('after k spikes of period T, a = inc (1 - q^k) / (1 - q) with q = exp(-T / tau_a): the next spike under a weak drive comes when a has decayed below drive - vThresh', () => {
    // A membrane time constant far below dt: v reaches the drive in one step. Under a 1 V drive
    // the neuron fires at the first step after each refractory period (period 1 ms), whatever a;
    // then a drive just above threshold (16 mV) lets it fire again only once a < 1 mV.
    const dt = 0.1 * ms;
    const inc = 2 * mV;
    const tauA = 20 * ms;
    const net = neuron(
      {
        perNeuronTau: { tauMem: Float64Array.of(dt / 50), tauExc: Float64Array.of(3 * ms), tauInh: Float64Array.of(6 * ms) },
        refractory: Float64Array.of(1 * ms),
      },
      inc,
      tauA,
    );
    const B2 = Math.fround(16 * mV);
    const P = 10; // steps per forced period
    const ks = [1, 2, 3, 5, 10, 40];
    const steps = spikeSteps(
      net,
      ks.map((k) => frames([...new Array(k).fill(1), ...new Array(150).fill(B2)], 1 * ms)),
      { dt },
    );
    const q = Math.exp((-P * dt) / tauA);
    ks.forEach((k, lane) => {
      const st = steps[lane]!;
      // the forced train: spikes at 0, P, 2P, ... (k of them)
      expect(Array.from(st.subarray(0, k))).toEqual(Array.from({ length: k }, (_, s) => s * P));
      const ak = (inc * (1 - q ** k)) / (1 - q);
      // first m (>= P, the refractory period) with B2 > vThresh + a_k exp(-m dt / tau_a)
      let m = P;
      while (!(B2 > 15 * mV + ak * Math.exp((-m * dt) / tauA))) m++;
      const margin = Math.abs((B2 - 15 * mV) / (ak * Math.exp((-m * dt) / tauA)) - 1);
      expect(margin).toBeGreaterThan(1e-9); // no rounding tie at the predicted step
      expect(st[k]! - st[k - 1]!).toBe(m);
    });
    // sanity: the waits differ (a grows with k towards inc / (1 - q))
    expect(new Set(ks.map((k, l) => steps[l]![k]! - steps[l]![k - 1]!)).size).toBe(ks.length);
  });
});

describe('adaptive neuron under constant drive: steady-state rate against the periodic orbit solved numerically', () => {
  /**
   * Continuous-time periodic orbit: after a spike v = vReset (clamped for tref), a = a*; the next
   * spike at T with B + (vr - B) exp(-(T - tref) / tm) = vth + a* exp(-T / ta) and
   * a* = a* exp(-T / ta) + inc. Solved for T by bisection.
   */
  function period(B: number, vth: number, vr: number, tm: number, tref: number, inc: number, ta: number): number {
    const f = (T: number) => {
      const aStar = inc / (1 - Math.exp(-T / ta));
      return B + (vr - B) * Math.exp(-(T - tref) / tm) - (vth + aStar * Math.exp(-T / ta));
    };
    let lo = tref + 1e-9;
    let hi = 10;
    expect(f(lo)).toBeLessThan(0);
    expect(f(hi)).toBeGreaterThan(0);
    for (let it = 0; it < 200; it++) {
      const mid = (lo + hi) / 2;
      if (f(mid) > 0) hi = mid;
      else lo = mid;
    }
    return (lo + hi) / 2;
  }

  for (const [B, inc, tauA] of [
    [20 * mV, 1 * mV, 100 * ms],
    [25 * mV, 3 * mV, 300 * ms],
    [18 * mV, 1.5 * mV, 50 * ms],
  ] as const) {
    it(`drive ${B / mV} mV, increment ${inc / mV} mV, tau_a ${tauA / ms} ms: mean inter-spike interval within 1 dt of the orbit's period`, () => {
      const dt = 0.1 * ms;
      const net = neuron({ bias: Float64Array.of(B) }, inc, tauA);
      const st = spikeSteps(net, [frames([0], 4)], { dt, duration: 4 })[0]!;
      const late = Array.from(st).filter((s) => s * dt > 1.5); // steady state after > 5 tau_a
      const isi = ((late[late.length - 1]! - late[0]!) / (late.length - 1)) * dt;
      const T = period(B, 15 * mV, 0, 20 * ms, 2 * ms, inc, tauA);
      const Tplain = 2 * ms + 20 * ms * Math.log(B / (B - 15 * mV));
      expect(T).toBeGreaterThan(Tplain * 1.1); // adaptation slows the neuron markedly
      expect(Math.abs(isi - T)).toBeLessThan(dt);
    });
  }
});
