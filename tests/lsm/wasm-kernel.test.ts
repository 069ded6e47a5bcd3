import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { Rng } from '../../src/core/rng.js';
import { mV, ms } from '../../src/core/units.js';
import { buildMaassColumn } from '../../src/lsm/topology/maass.js';
import { buildFixedIndegree } from '../../src/lsm/topology/fixed-indegree.js';
import { buildInputCoupling } from '../../src/lsm/topology/coupling.js';
import { encodeAnalog } from '../../src/lsm/encoding/analog.js';
import { encodePoisson } from '../../src/lsm/encoding/poisson.js';
import { runCpuLanes } from '../../src/lsm/backends/cpu.js';
import { closeCpuPool } from '../../src/lsm/backends/pool.js';
import { LifReservoir } from '../../src/lsm/reservoir.js';
import { wasmKernelAvailability } from '../../src/lsm/backends/cpu-wasm.js';
import { resolveSimulationOptions, type SimulationOptions } from '../../src/lsm/run-types.js';
import type { InputCoupling, LifNetwork } from '../../src/lsm/network.js';
import type { ReservoirInput } from '../../src/lsm/input.js';
import type { LaneResult } from '../../src/lsm/run-types.js';
import { applyNeuronModel, type NeuronModelOptions } from '../../src/lsm/topology/neuron-model.js';

function analogInputs(count: number, channels: number, seed: number): ReservoirInput[] {
  const r = new Rng(seed);
  return Array.from({ length: count }, (_, u) => {
    const frames = 30 + 11 * u; // different lengths: lanes end at different steps
    const data = new Float64Array(frames * channels).map(() => r.normal());
    return encodeAnalog({ data, rows: frames, cols: channels }, { frameRate: 100 });
  });
}

function spikeInputs(count: number, channels: number, seed: number): ReservoirInput[] {
  const r = new Rng(seed);
  return Array.from({ length: count }, (_, u) => {
    const frames = 25 + 9 * u;
    const data = new Float64Array(frames * channels).map(() => r.uniform());
    return encodePoisson({ data, rows: frames, cols: channels }, { frameRate: 100, maxRate: 200 }, r.fork(`u${u}`));
  });
}

function run(net: LifNetwork, coupling: InputCoupling | null, ins: readonly ReservoirInput[], o: SimulationOptions): LaneResult[] {
  return runCpuLanes(net, coupling, ins, resolveSimulationOptions(o, net.tauMem * net.units.time));
}

/** Bit-identical counts and traces (the traces compared as raw float bits). */
function identical(a: LaneResult[], b: LaneResult[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((r, i) => {
    const s = b[i]!;
    expect(r.steps).toBe(s.steps);
    expect(r.samples).toBe(s.samples);
    expect(Array.from(r.counts)).toEqual(Array.from(s.counts));
    expect(
      Buffer.from(r.trace.buffer, r.trace.byteOffset, r.trace.byteLength).equals(Buffer.from(s.trace.buffer, s.trace.byteOffset, s.trace.byteLength)),
    ).toBe(true);
  });
}

describe('the WebAssembly SIMD kernel of the cpu backend', () => {
  it('compiles in this runtime', () => {
    expect(wasmKernelAvailability()).toEqual({ available: true, reason: 'WebAssembly SIMD kernel' });
  });

  const maass = buildMaassColumn({}, new Rng(7).fork('W')); // delays 1.5 / 0.8 ms: the ring path
  const fixed = buildFixedIndegree({ n: 203 }, new Rng(8).fork('W')); // no delays: the direct path
  const cases: [string, LifNetwork][] = [
    ['Maass column with delays', maass],
    ['fixed in-degree network without delays', fixed],
  ];
  for (const [name, net] of cases) {
    for (const precision of ['f64', 'f32'] as const) {
      for (const dt of [1 * ms, 0.1 * ms]) {
        it(`${name}, ${precision}, dt ${dt * 1000} ms: analog input, identical to the JavaScript loop for 1 and 5 lanes`, () => {
          const coupling = buildInputCoupling(net.n, { channels: 6, gain: 4 * mV, signs: 'mixed' }, new Rng(3).fork('in'));
          const ins = analogInputs(5, 6, 11);
          const o = { dt, precision, readoutTau: 0.02, readoutInterval: 0.005 };
          const js = run(net, coupling, ins, { ...o, kernel: 'js' });
          expect(js.every((r) => r.spikes > 0)).toBe(true);
          identical(run(net, coupling, ins, { ...o, kernel: 'wasm' }), js);
          identical(
            ins.map((x) => run(net, coupling, [x], { ...o, kernel: 'wasm' })[0]!),
            js,
          );
        });
      }
      it(`${name}, ${precision}: spike input through input synapses, identical to the JavaScript loop`, () => {
        const coupling = buildInputCoupling(net.n, { kind: 'synapse', channels: 10, gain: 6 * mV }, new Rng(4).fork('in'));
        const ins = spikeInputs(3, 10, 12);
        const o = { dt: 0.5 * ms, precision };
        const js = run(net, coupling, ins, { ...o, kernel: 'js' });
        expect(js.every((r) => r.spikes > 0)).toBe(true);
        identical(run(net, coupling, ins, { ...o, kernel: 'wasm' }), js);
      });
    }
  }

  it('a network reused across runs, lane counts and precisions (the cached layout) gives the same results', () => {
    const coupling = buildInputCoupling(maass.n, { channels: 6, gain: 4 * mV, signs: 'positive' }, new Rng(5).fork('in'));
    const ins = analogInputs(6, 6, 13);
    const ref = run(maass, coupling, ins, { kernel: 'js' });
    for (let k = 0; k < 2; k++) {
      identical(run(maass, coupling, ins, {}), ref);
      identical(run(maass, coupling, ins.slice(0, 2), {}), ref.slice(0, 2));
      identical(run(maass, coupling, ins.slice(2), { precision: 'f32' }), ref.slice(2));
      run(maass, coupling, ins, { precision: 'f64' });
      // a longer run after shorter ones grows the memory and must not see stale state
      const long = analogInputs(1, 6, 14).map((x) => ({ ...x, frames: 200, data: new Float32Array(200 * 6).fill(0.5) }));
      identical(run(maass, coupling, long, {}), run(maass, coupling, long, { kernel: 'js' }));
    }
  });

  it('lanes of different frame rates, a duration that cuts inputs mid-frame, and f64 lanes refresh their drive one by one, identically', () => {
    const coupling = buildInputCoupling(maass.n, { channels: 6, gain: 4 * mV, signs: 'mixed' }, new Rng(3).fork('in'));
    const ins = analogInputs(6, 6, 16).map((x, u) => (u % 2 ? { ...x, frameDuration: 0.0137 } : x));
    for (const precision of ['f32', 'f64'] as const) {
      for (const o of [{ precision }, { precision, duration: 0.2345 }])
        identical(run(maass, coupling, ins, o), run(maass, coupling, ins, { ...o, kernel: 'js' }));
    }
  });

  it('the cached layout of a network is not reused for another dt whose delays round to the same set of steps', () => {
    // delays 1, 2, 3 ms: at dt 1.6 ms they are (1, 1, 2) steps, at dt 1.3 ms (1, 2, 2)
    const delay = Float64Array.from(maass.delay!, (_, q) => (((q % 3) + 1) * ms) / maass.units.time);
    const net = { ...maass, delay };
    const coupling = buildInputCoupling(net.n, { channels: 6, gain: 4 * mV, signs: 'positive' }, new Rng(5).fork('in'));
    const ins = analogInputs(2, 6, 18);
    const at = (dt: number, kernel: 'wasm' | 'js') => run(net, coupling, ins, { dt: dt * ms, readoutInterval: 10 * dt * ms, kernel });
    identical(at(1.6, 'wasm'), at(1.6, 'js'));
    identical(at(1.3, 'wasm'), at(1.3, 'js'));
  });

  it('a run without input (bias only) and a silent network match too', () => {
    const ins: ReservoirInput[] = [{ kind: 'analog', data: new Float32Array(50 * 2), frames: 50, channels: 2, frameDuration: 0.01 }];
    const coupling = buildInputCoupling(fixed.n, { channels: 2, gain: 5 * mV, signs: 'positive' }, new Rng(6));
    identical(run(fixed, coupling, ins, {}), run(fixed, coupling, ins, { kernel: 'js' }));
    identical(run(fixed, null, ins, { duration: 0.3 }), run(fixed, null, ins, { duration: 0.3, kernel: 'js' }));
  });

  it('what the kernel does not cover runs on the JavaScript loop: Tsodyks-Markram synapses, recording', () => {
    const stp = buildMaassColumn({ dynamicSynapses: true }, new Rng(9).fork('W'));
    const coupling = buildInputCoupling(stp.n, { channels: 6, gain: 4 * mV, signs: 'positive' }, new Rng(3).fork('in'));
    const ins = analogInputs(2, 6, 15);
    identical(run(stp, coupling, ins, {}), run(stp, coupling, ins, { kernel: 'js' }));
    const rec = run(maass, coupling, ins, { recordSpikes: [1], recordVoltage: [0, 5] });
    expect(rec[1]!.spikeSteps!.length).toBe(rec[1]!.spikes);
    identical(rec, run(maass, coupling, ins, {}));
  });

  it('on the worker pool (each worker runs its own kernel) a lane gives the same results as alone on the JavaScript loop', async () => {
    const coupling = buildInputCoupling(maass.n, { channels: 6, gain: 4 * mV, signs: 'positive' }, new Rng(5).fork('in'));
    const ins = analogInputs(9, 6, 17);
    const pooled = await new LifReservoir(maass, coupling, { lanesPerBatch: 3, workers: 2 }).run(ins);
    await closeCpuPool();
    identical(
      pooled,
      ins.map((x) => run(maass, coupling, [x], { kernel: 'js' })[0]!),
    );
  }, 60_000);

  it('rejects an unknown kernel by name', () => {
    expect(() => resolveSimulationOptions({ kernel: 'simd' as never }, 0.03)).toThrow(/kernel: must be 'wasm' or 'js', got "simd"/);
  });

  it('the compiled kernel in src/ is up to date with assembly/lif-kernel.ts', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});

describe('the neuron-model additions (adaptation, per-neuron time constants, noise) in both CPU kernels', () => {
  const full: NeuronModelOptions = {
    tauMem: { kind: 'log-uniform', min: 10 * ms, max: 100 * ms },
    tauExc: { kind: 'gamma', mean: 3 * ms, cv: 0.3 },
    tauInh: { kind: 'uniform', min: 4 * ms, max: 8 * ms },
    adaptation: { increment: 1.5 * mV, tau: { kind: 'log-uniform', min: 50 * ms, max: 500 * ms }, fraction: 0.6 },
    noise: { std: 1 * mV },
  };
  const maass = applyNeuronModel(buildMaassColumn({}, new Rng(7).fork('W')), full, new Rng(7).fork('neuron'));
  const fixed = applyNeuronModel(buildFixedIndegree({ n: 203 }, new Rng(8).fork('W')), full, new Rng(8).fork('neuron'));
  const cases: [string, LifNetwork][] = [
    ['Maass column with delays', maass],
    ['fixed in-degree network without delays', fixed],
  ];
  for (const [name, net] of cases) {
    for (const precision of ['f64', 'f32'] as const) {
      it(`${name}, ${precision}: identical to the JavaScript loop for 1 and 5 lanes, and a lane alone (at its firstLane) as in the batch`, () => {
        expect(net.perNeuronTau && net.adaptation && net.noise).toBeTruthy();
        const coupling = buildInputCoupling(net.n, { channels: 6, gain: 4 * mV, signs: 'mixed' }, new Rng(3).fork('in'));
        const ins = analogInputs(5, 6, 11);
        const o = { dt: 0.5 * ms, precision, readoutTau: 0.02, readoutInterval: 0.005 };
        const js = run(net, coupling, ins, { ...o, kernel: 'js' });
        expect(js.every((r) => r.spikes > 0)).toBe(true);
        identical(run(net, coupling, ins, { ...o, kernel: 'wasm' }), js);
        identical(
          ins.map((x, l) => run(net, coupling, [x], { ...o, kernel: 'wasm', firstLane: l })[0]!),
          js,
        );
        identical(
          ins.map((x, l) => run(net, coupling, [x], { ...o, kernel: 'js', firstLane: l })[0]!),
          js,
        );
        // the noise follows the lane index: lane 1 run at firstLane 0 differs
        expect(Array.from(run(net, coupling, [ins[1]!], { ...o, kernel: 'wasm' })[0]!.counts)).not.toEqual(Array.from(js[1]!.counts));
      });
    }
  }

  it("lane counts of 2, 4 and 8 (the kernel splats each neuron's constants over its lanes) are identical to the JavaScript loop too", () => {
    for (const net of [maass, fixed]) {
      const coupling = buildInputCoupling(net.n, { channels: 6, gain: 4 * mV, signs: 'mixed' }, new Rng(3).fork('in'));
      const ins = analogInputs(8, 6, 21);
      for (const precision of ['f32', 'f64'] as const) {
        for (const lanes of [2, 4, 8]) {
          const o = { dt: 0.5 * ms, precision, duration: 0.3 };
          identical(run(net, coupling, ins.slice(0, lanes), { ...o, kernel: 'wasm' }), run(net, coupling, ins.slice(0, lanes), { ...o, kernel: 'js' }));
        }
      }
    }
  });

  for (const [feature, opt] of [
    ['adaptation only', { adaptation: full.adaptation }],
    ['per-neuron time constants only', { tauMem: full.tauMem, tauExc: full.tauExc, tauInh: full.tauInh }],
    ['noise only', { noise: full.noise }],
  ] as [string, NeuronModelOptions][]) {
    it(`${feature}: identical between the kernels (f32, spike input, with and without delays), and different from plain LIF`, () => {
      for (const base of [buildMaassColumn({}, new Rng(7).fork('W')), buildFixedIndegree({ n: 150 }, new Rng(8).fork('W'))]) {
        const net = applyNeuronModel(base, opt, new Rng(2).fork('neuron'));
        const coupling = buildInputCoupling(net.n, { kind: 'synapse', channels: 10, gain: 6 * mV }, new Rng(4).fork('in'));
        const ins = spikeInputs(3, 10, 12);
        const js = run(net, coupling, ins, { kernel: 'js' });
        identical(run(net, coupling, ins, { kernel: 'wasm' }), js);
        const plain = run(base, coupling, ins, { kernel: 'js' });
        expect(js.map((r) => Array.from(r.counts))).not.toEqual(plain.map((r) => Array.from(r.counts)));
      }
    });
  }

  it('trivial additions (per-neuron tau equal to the scalars, increment 0, noise std 0) give the plain LIF results bit for bit, in both kernels', () => {
    const base = buildMaassColumn({}, new Rng(7).fork('W'));
    const n = base.n;
    const trivial: LifNetwork = {
      ...base,
      perNeuronTau: {
        tauMem: new Float64Array(n).fill(base.tauMem),
        tauExc: new Float64Array(n).fill(base.tauExc),
        tauInh: new Float64Array(n).fill(base.tauInh),
      },
      adaptation: { increment: new Float64Array(n), tau: new Float64Array(n).fill(0.1) },
      noise: { std: 0, seed: 5 },
    };
    const coupling = buildInputCoupling(n, { channels: 6, gain: 4 * mV, signs: 'mixed' }, new Rng(3).fork('in'));
    const ins = analogInputs(3, 6, 19);
    for (const precision of ['f32', 'f64'] as const) {
      const plain = run(base, coupling, ins, { precision, kernel: 'js' });
      for (const kernel of ['js', 'wasm'] as const) identical(run(trivial, coupling, ins, { precision, kernel }), plain);
    }
  });

  it('after a featured run, a plain run of the same network layout (the cached kernel instance) is plain again', () => {
    const base = buildFixedIndegree({ n: 150 }, new Rng(8).fork('W'));
    const coupling = buildInputCoupling(base.n, { channels: 6, gain: 4 * mV }, new Rng(3).fork('in'));
    const ins = analogInputs(2, 6, 20);
    const featured = applyNeuronModel(base, full, new Rng(1));
    run(featured, coupling, ins, {});
    identical(run(base, coupling, ins, {}), run(base, coupling, ins, { kernel: 'js' }));
  });

  it('on the worker pool, chunks draw the noise of their lanes in the whole run: the result does not depend on the chunking', async () => {
    const coupling = buildInputCoupling(maass.n, { channels: 6, gain: 4 * mV }, new Rng(5).fork('in'));
    const ins = analogInputs(7, 6, 17);
    const pooled = await new LifReservoir(maass, coupling, { lanesPerBatch: 2, workers: 2 }).run(ins);
    const single = await new LifReservoir(maass, coupling, { lanesPerBatch: 3, workers: 1 }).run(ins);
    await closeCpuPool();
    const whole = run(maass, coupling, ins, { kernel: 'js' });
    identical(pooled, whole);
    identical(single, whole);
  }, 60_000);
});
