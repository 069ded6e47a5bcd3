/**
 * A lone LIF neuron under constant drive: the closed-form firing rate (the f-I curve) and the
 * same curve measured by the simulator, for tutorials and checks of the exact propagator.
 *
 * Below threshold a LIF neuron with constant drive R*I relaxes to R*I with time constant
 * tau_m; from the reset potential v_r it reaches the threshold theta after
 * T = tau_m ln((R I - v_r) / (R I - theta)), then stays refractory for t_ref. Its rate is
 * f(I) = 1 / (t_ref + T) for R I > theta and 0 otherwise; with v_r = 0 this is the textbook
 * f(I) = 1 / (t_ref + tau_m ln(R I / (R I - theta))).
 *
 * @module
 */
import { DEFAULT_MAASS_OPTIONS } from './topology/maass.js';
import type { LifNetwork } from './network.js';
import { runCpuLanes } from './backends/cpu.js';
import { resolveSimulationOptions, type Precision } from './run-types.js';
import type { SpikeInput } from './input.js';

/** Parameters of a lone LIF neuron (SI units; defaults: the Maass column's excitatory neuron). */
export interface LifNeuronOptions {
  /** Membrane time constant, in seconds; default 30 ms. */
  readonly tauMem?: number;
  /** Threshold above rest, in volts; default 15 mV. */
  readonly vThresh?: number;
  /** Reset potential above rest, in volts; default 13.5 mV. */
  readonly vReset?: number;
  /** Refractory period, in seconds; default 3 ms. */
  readonly refractory?: number;
  /** Adaptive threshold: `increment` in volts per spike, `tau` in seconds; default none (no closed form then). */
  readonly adaptation?: { readonly increment: number; readonly tau: number };
}

/** Resolved {@link LifNeuronOptions}. */
export interface ResolvedLifNeuronOptions {
  /** Membrane time constant, in seconds. */
  readonly tauMem: number;
  /** Threshold above rest, in volts. */
  readonly vThresh: number;
  /** Reset potential above rest, in volts. */
  readonly vReset: number;
  /** Refractory period, in seconds. */
  readonly refractory: number;
  /** Adaptive threshold (volts per spike, seconds), or null. */
  readonly adaptation: { readonly increment: number; readonly tau: number } | null;
}

/** Merge with the defaults (the Maass column's) and validate; RangeError naming the field. */
export function resolveLifNeuronOptions(o: LifNeuronOptions = {}): ResolvedLifNeuronOptions {
  const d = DEFAULT_MAASS_OPTIONS;
  const r = {
    tauMem: o.tauMem ?? d.tauMem,
    vThresh: o.vThresh ?? d.vThresh,
    vReset: o.vReset ?? d.vReset,
    refractory: o.refractory ?? d.refractoryExc,
    adaptation: o.adaptation ?? null,
  };
  if (!(r.tauMem > 0) || !Number.isFinite(r.tauMem)) throw new RangeError(`tauMem: must be a finite number of seconds > 0, got ${r.tauMem}`);
  if (!(r.refractory >= 0) || !Number.isFinite(r.refractory)) throw new RangeError(`refractory: must be a finite number of seconds >= 0, got ${r.refractory}`);
  if (!Number.isFinite(r.vThresh) || !Number.isFinite(r.vReset) || !(r.vThresh > r.vReset))
    throw new RangeError(`vThresh: must be finite and exceed vReset (${r.vReset} V), got ${r.vThresh}`);
  if (r.adaptation) {
    const { increment, tau } = r.adaptation;
    if (!(increment >= 0) || !Number.isFinite(increment)) throw new RangeError(`adaptation.increment: must be a finite number of volts >= 0, got ${increment}`);
    if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`adaptation.tau: must be a finite number of seconds > 0, got ${tau}`);
  }
  return r;
}

/**
 * Closed-form steady firing rate, in hertz, of a plain LIF neuron under the constant drive
 * `drive` = R*I (volts above rest): 0 when `drive <= vThresh`, else
 * 1 / (refractory + tauMem ln((drive - vReset) / (drive - vThresh))). Throws a RangeError
 * for a non-finite drive, or when `options.adaptation` is set (no closed form: simulate).
 */
export function lifRate(drive: number, options: LifNeuronOptions = {}): number {
  const o = resolveLifNeuronOptions(options);
  if (o.adaptation) throw new RangeError('adaptation: the closed-form rate is for a plain LIF neuron; measure an adapting one with simulateLifRates');
  if (!Number.isFinite(drive)) throw new RangeError(`drive: must be a finite number of volts, got ${drive}`);
  if (drive <= o.vThresh) return 0;
  return 1 / (o.refractory + o.tauMem * Math.log((drive - o.vReset) / (drive - o.vThresh)));
}

/**
 * A network of `drives.length` unconnected LIF neurons, neuron k under the constant drive
 * `drives[k]` (its background current R*I, volts), each starting at `vReset`. The synaptic time
 * constants (tauMem / 10 and tauMem / 5) play no part: there are no synapses.
 */
export function lifNeurons(drives: ArrayLike<number>, options: LifNeuronOptions = {}): LifNetwork {
  const o = resolveLifNeuronOptions(options);
  const n = drives.length;
  if (n < 1) throw new RangeError('drives: at least one drive value is needed');
  for (let k = 0; k < n; k++) if (!Number.isFinite(drives[k]!)) throw new RangeError(`drives: value ${k} is ${drives[k]} (must be a finite number of volts)`);
  return {
    n,
    nExc: n,
    tauMem: o.tauMem,
    tauExc: o.tauMem / 10,
    tauInh: o.tauMem / 5,
    vThresh: o.vThresh,
    vReset: o.vReset,
    bias: Float64Array.from(drives),
    v0: new Float64Array(n).fill(o.vReset),
    refractory: new Float64Array(n).fill(o.refractory),
    rowPtr: new Int32Array(n + 1),
    post: new Int32Array(0),
    weight: new Float64Array(0),
    delay: null,
    stp: null,
    ...(o.adaptation ? { adaptation: { increment: new Float64Array(n).fill(o.adaptation.increment), tau: new Float64Array(n).fill(o.adaptation.tau) } } : {}),
    units: { time: 1, voltage: 1 },
  };
}

/** Options of {@link simulateLifRates}: the neuron plus the simulation's step, length and precision. */
export interface LifRateSimulationOptions extends LifNeuronOptions {
  /** Time step, in seconds; default 0.1 ms. */
  readonly dt?: number;
  /** Simulated time, in seconds; default 2 s. */
  readonly duration?: number;
  /** Numeric precision of the neuron state; default 'f64'. */
  readonly precision?: Precision;
}

/**
 * The f-I curve as the simulator gives it: the steady firing rate, in hertz, of a lone LIF
 * neuron under each constant drive of `drives` (volts), simulated with the CPU backend's
 * exact propagator. The rate is measured over the second half of the run (after any
 * adaptation has settled): (spikes - 1) / (last - first spike time) when the second half holds
 * two spikes or more, else its spike count divided by its length. On the time grid an
 * inter-spike interval is a whole number of steps, within one step `dt` of the closed form's
 * period: with a refractory period of at least one step it is t_ref + floor(T / dt) dt (the
 * closed form's rounded down: the refractory count starts on the step of the spike).
 */
export function simulateLifRates(drives: ArrayLike<number>, options: LifRateSimulationOptions = {}): Float64Array {
  const net = lifNeurons(drives, options);
  const dt = options.dt ?? 1e-4;
  const duration = options.duration ?? 2;
  const maxRecordedSpikes = Math.max(1000, Math.ceil((duration / Math.max(dt, net.refractory[0]!)) * net.n) + net.n);
  const opt = resolveSimulationOptions(
    { dt, duration, precision: options.precision ?? 'f64', recordSpikes: [0], maxRecordedSpikes, readoutInterval: dt * Math.max(1, Math.round(0.01 / dt)) },
    net.tauMem,
  );
  const silent: SpikeInput = { kind: 'spikes', times: new Float64Array(0), channels: new Int32Array(0), nChannels: 0, duration };
  const [run] = runCpuLanes(net, null, [silent], opt);
  const steps = run!.spikeSteps!;
  const who = run!.spikeNeurons!;
  const half = Math.floor(run!.steps / 2);
  const first = new Float64Array(net.n).fill(-1);
  const last = new Float64Array(net.n);
  const count = new Float64Array(net.n);
  for (let k = 0; k < steps.length; k++) {
    const s = steps[k]!;
    if (s < half) continue;
    const i = who[k]!;
    if (first[i]! < 0) first[i] = s;
    last[i] = s;
    count[i]!++;
  }
  const halfSeconds = (run!.steps - half) * dt;
  return Float64Array.from({ length: net.n }, (_, i) => (count[i]! >= 2 ? (count[i]! - 1) / ((last[i]! - first[i]!) * dt) : count[i]! / halfSeconds));
}
