/**
 * What a simulation run takes and returns, shared by every backend.
 *
 * @module
 */

/** Numeric precision of neuron state. */
export type Precision = 'f32' | 'f64';

/** Options of one simulation run (SI units). */
export interface SimulationOptions {
  /** Time step, in seconds; default 0.001. */
  readonly dt?: number;
  /** Numeric precision of the neuron state; default 'f32'. */
  readonly precision?: Precision;
  /** Time constant of the filtered spike trains read out, in seconds; default 0.03. */
  readonly readoutTau?: number;
  /** Interval between readout samples, in seconds; default 0.01. */
  readonly readoutInterval?: number;
  /** Simulated duration per lane, in seconds; default: the lane's input duration. */
  readonly duration?: number;
  /** Record spikes (step, neuron) of these lanes (indices into the batch), capped at `maxRecordedSpikes`. */
  readonly recordSpikes?: readonly number[];
  /** Cap of recorded spikes per lane; default 200000. */
  readonly maxRecordedSpikes?: number;
  /** Record the membrane potential of these neurons in every lane of `recordSpikes`, every readout interval. */
  readonly recordVoltage?: readonly number[];
  /**
   * CPU backend only: 'wasm' (default) runs the WebAssembly SIMD kernel, 'js' the plain
   * JavaScript loop. Both give identical results; the JavaScript loop also runs whatever the
   * kernel does not cover (Tsodyks-Markram synapses, spike/voltage recording) or when
   * WebAssembly SIMD is missing.
   */
  readonly kernel?: CpuKernel;
  /**
   * Index in the whole run of this call's lane 0 (default 0): a chunk of a larger run (the
   * worker pool's) passes its offset, so that each lane draws the background noise of its index
   * in the whole run (`LifNetwork.noise`) and results do not depend on the chunking.
   */
  readonly firstLane?: number;
}

/** Implementation of the CPU backend's step loop. */
export type CpuKernel = 'wasm' | 'js';

/** Fully resolved simulation options. */
export interface ResolvedSimulationOptions {
  readonly dt: number;
  readonly precision: Precision;
  readonly readoutTau: number;
  readonly readoutInterval: number;
  readonly duration: number | null;
  readonly recordSpikes: readonly number[];
  readonly maxRecordedSpikes: number;
  readonly recordVoltage: readonly number[];
  readonly kernel: CpuKernel;
  /** See {@link SimulationOptions.firstLane}; absent = 0. */
  readonly firstLane?: number;
}

/** What one lane (one utterance) produced. */
export interface LaneResult {
  /** Number of neurons. */
  readonly n: number;
  /** Time steps simulated. */
  readonly steps: number;
  /** Spike count per neuron. */
  readonly counts: Int32Array;
  /** Total spikes. */
  readonly spikes: number;
  /** Filtered spike trains sampled every `sampleInterval`: samples x n, row-major. */
  readonly trace: Float32Array;
  /** Number of readout samples. */
  readonly samples: number;
  /** Interval between readout samples, in seconds. */
  readonly sampleInterval: number;
  /** Recorded spikes when requested: step index and neuron index, in time order. */
  readonly spikeSteps?: Int32Array;
  readonly spikeNeurons?: Int32Array;
  /** Recorded voltages when requested: samples x recorded neurons, in volts (network voltage units). */
  readonly voltage?: Float32Array;
}

/** Defaults of {@link SimulationOptions}. */
export const DEFAULT_SIMULATION_OPTIONS = Object.freeze({
  dt: 0.001,
  precision: 'f32' as Precision,
  readoutTau: 0.03,
  readoutInterval: 0.01,
  maxRecordedSpikes: 200000,
});

/** Merge and validate simulation options; `tauMem` (seconds) is used to check dt. */
export function resolveSimulationOptions(o: SimulationOptions, tauMemSeconds: number): ResolvedSimulationOptions {
  const d = DEFAULT_SIMULATION_OPTIONS;
  const dt = o.dt ?? d.dt;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`dt: must be a positive number of seconds, got ${dt}`);
  if (!(dt < tauMemSeconds)) throw new RangeError(`dt: ${dt} s must be smaller than tauMem (${tauMemSeconds} s)`);
  const precision = o.precision ?? d.precision;
  if (precision !== 'f32' && precision !== 'f64') throw new RangeError(`precision: must be 'f32' or 'f64', got ${JSON.stringify(precision)}`);
  const readoutTau = o.readoutTau ?? d.readoutTau;
  if (!(readoutTau > 0) || !Number.isFinite(readoutTau)) throw new RangeError(`readoutTau: must be a finite number of seconds > 0, got ${readoutTau}`);
  const readoutInterval = o.readoutInterval ?? d.readoutInterval;
  if (!(readoutInterval >= dt) || !Number.isFinite(readoutInterval))
    throw new RangeError(`readoutInterval: must be a finite number of seconds >= dt (${dt} s), got ${readoutInterval}`);
  const ratio = readoutInterval / dt;
  if (Math.abs(ratio - Math.round(ratio)) > 1e-6)
    throw new RangeError(`readoutInterval: must be a whole number of steps (dt = ${dt} s), got ${readoutInterval}`);
  const duration = o.duration ?? null;
  if (duration !== null && (!(duration > 0) || !Number.isFinite(duration)))
    throw new RangeError(`duration: must be a finite number of seconds > 0, got ${duration}`);
  if (duration !== null && duration / dt > MAX_RUN_STEPS) throw new RangeError(`duration: ${duration} s is more than ${MAX_RUN_STEPS} steps of dt = ${dt} s`);
  const maxRecordedSpikes = o.maxRecordedSpikes ?? d.maxRecordedSpikes;
  if (!Number.isInteger(maxRecordedSpikes) || maxRecordedSpikes < 0)
    throw new RangeError(`maxRecordedSpikes: must be a whole number >= 0, got ${maxRecordedSpikes}`);
  const recordSpikes = o.recordSpikes ?? [];
  const recordVoltage = o.recordVoltage ?? [];
  for (const [name, list, what] of [
    ['recordSpikes', recordSpikes, 'lane'],
    ['recordVoltage', recordVoltage, 'neuron'],
  ] as const) {
    if (!Array.isArray(list)) throw new RangeError(`${name}: must be an array of ${what} indices, got ${JSON.stringify(list)}`);
    for (const x of list) if (!Number.isInteger(x) || x < 0) throw new RangeError(`${name}: ${what} indices must be whole numbers >= 0, got ${x}`);
  }
  if (recordVoltage.length > 0 && recordSpikes.length === 0)
    throw new RangeError('recordVoltage: voltages are recorded in the lanes of recordSpikes, which is empty');
  const kernel = o.kernel ?? 'wasm';
  if (kernel !== 'wasm' && kernel !== 'js') throw new RangeError(`kernel: must be 'wasm' or 'js', got ${JSON.stringify(kernel)}`);
  const firstLane = o.firstLane ?? 0;
  if (!Number.isInteger(firstLane) || firstLane < 0 || firstLane > 0xffffffff)
    throw new RangeError(`firstLane: must be a whole number in [0, 2^32), got ${firstLane}`);
  return { firstLane, kernel, dt, precision, readoutTau, readoutInterval, duration, recordSpikes, maxRecordedSpikes, recordVoltage };
}

/** Largest number of steps one run may take (the step index is a 32-bit integer). */
export const MAX_RUN_STEPS = 2 ** 31 - 2;

/**
 * Check the recording requests of `opt` against a run of `lanes` lanes (when given) through `n`
 * neurons: every index of `recordSpikes` is a lane of the run, every index of `recordVoltage` a
 * neuron.
 */
export function checkRecording(opt: ResolvedSimulationOptions, n: number, lanes?: number): void {
  if (lanes !== undefined)
    for (const l of opt.recordSpikes)
      if (l >= lanes) throw new RangeError(`recordSpikes: lane ${l} is not in this run (${lanes} input${lanes === 1 ? '' : 's'})`);
  for (const i of opt.recordVoltage) if (i >= n) throw new RangeError(`recordVoltage: neuron ${i} is not in the network (${n} neurons)`);
}
