/**
 * Resource estimates from an LSM config, before anything is built: neurons, synapses, the
 * memory to build and to simulate the reservoirs, and CPU time per second of audio; and a
 * check that refuses what cannot fit this machine with the estimate in the message.
 *
 * @module
 */
import { availableParallelism, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { ConfigError } from '../core/errors.js';
import { DEFAULT_MAASS_OPTIONS } from '../lsm/topology/maass.js';
import { reservoirUnits, type LsmConfig, type ReservoirMemberConfig } from './lsm-config.js';

/** Bytes per synapse while a topology is built (JS arrays of pre, post, weight, delay, type; the CSR sort; the typed arrays). */
export const BUILD_BYTES_PER_SYNAPSE = 100;
/** Lanes a worker simulates at once (LifReservoir's lanesPerBatch of the pipeline). */
export const LANES_PER_WORKER = 32;
/** Neuron updates per second and worker assumed for the time estimate (measured 6e7 to 1e8 at N = 135, docs/status.md). */
export const NEURON_UPDATES_PER_S = 6e7;
/** Fraction of the machine's memory a run may plan to use. */
export const MEMORY_FRACTION = 0.75;
/** In-degree of a fixed in-degree reservoir of n neurons (its builder's default, min(round(0.1 n), 100)). */
const fixedIndegreeK = (n: number): number => Math.min(Math.round(0.1 * n), 100);

/** The estimate of one reservoir. */
export interface ReservoirEstimate {
  readonly role: string;
  readonly neurons: number;
  /** Expected synapses. */
  readonly synapses: number;
  /** Bytes on the V8 heap while building. */
  readonly buildBytes: number;
  /** Bytes of simulation state per worker (LANES_PER_WORKER lanes, delay ring buffers, dynamic synapse state). */
  readonly simBytesPerWorker: number;
  /** CPU seconds per second of audio (one worker). */
  readonly cpuSecondsPerAudioSecond: number;
}

/** Expected out-degree of a neuron of a Maass column (averaged over positions, borders included; default connectivity). */
function maassDegree(rc: ReservoirMemberConfig): number {
  const d = DEFAULT_MAASS_OPTIONS;
  const fe = d.excitatoryFraction;
  const c = d.connectivity;
  const cMean = fe * (fe * c.EE + (1 - fe) * c.EI) + (1 - fe) * (fe * c.IE + (1 - fe) * c.II);
  const lambda = rc.lambda ?? d.lambda;
  const r = Math.ceil(4 * lambda);
  const [ax, ay, az] = rc.grid.map((g) => Math.min(g - 1, r));
  let sum = 0;
  const [gx, gy, gz] = rc.grid;
  // each offset weighted by the fraction of neurons that have a neighbour there (grid borders)
  for (let dz = -az!; dz <= az!; dz++)
    for (let dy = -ay!; dy <= ay!; dy++)
      for (let dx = -ax!; dx <= ax!; dx++)
        if (dx || dy || dz)
          sum +=
            Math.exp(-(dx * dx + dy * dy + dz * dz) / (lambda * lambda)) * ((gx - Math.abs(dx)) / gx) * ((gy - Math.abs(dy)) / gy) * ((gz - Math.abs(dz)) / gz);
  return cMean * sum;
}

/** Estimates of every reservoir a config builds (none for front-end features). */
export function estimateReservoirs(config: LsmConfig): ReservoirEstimate[] {
  if (config.features.source !== 'reservoir') return [];
  const out: ReservoirEstimate[] = [];
  const dt = config.simulation.dt;
  const maxDelay = Math.max(...Object.values(DEFAULT_MAASS_OPTIONS.delays));
  const bytes = config.simulation.precision === 'f64' ? 8 : 4;
  // one estimate per simulated reservoir: a role's, or each member of its ensemble ('excitation/0', ...)
  for (const { name: role, config: rc } of reservoirUnits(config)) {
    const maass = rc.topology === 'maass';
    const neurons = maass ? rc.grid[0] * rc.grid[1] * rc.grid[2] : (rc.units ?? 135);
    const synapses = Math.round(neurons * (maass ? maassDegree(rc) : fixedIndegreeK(neurons)));
    const ring = maass ? 2 * (Math.round(maxDelay / dt) + 1) * bytes : 0;
    const perLaneNeuron = 5 * bytes + 3 * 4 + ring;
    const perLaneSynapse = rc.dynamicSynapses ? 16 : 0;
    out.push({
      role,
      neurons,
      synapses,
      buildBytes: synapses * BUILD_BYTES_PER_SYNAPSE + neurons * 64,
      simBytesPerWorker: LANES_PER_WORKER * (neurons * perLaneNeuron + synapses * perLaneSynapse) + synapses * 12,
      cpuSecondsPerAudioSecond: neurons / dt / NEURON_UPDATES_PER_S,
    });
  }
  return out;
}

/** The machine an estimate is checked against (defaults: this one). */
export interface MachineLimits {
  /** Bytes of memory. */
  readonly memory?: number;
  /** Bytes the V8 heap may grow to. */
  readonly heap?: number;
  /** Simulation workers. */
  readonly workers?: number;
}

const gb = (b: number) => `${(b / 2 ** 30).toFixed(b < 2 ** 30 ? 2 : 1)} GB`;
const big = (x: number) => (x >= 1e6 ? x.toExponential(1) : String(Math.round(x)));

/**
 * Refuse (ConfigError naming `source`, the reservoir and the estimate) a config whose
 * reservoirs cannot be built within the V8 heap or simulated within {@link MEMORY_FRACTION}
 * of the machine's memory; returns the estimates otherwise.
 */
export function assertConfigFits(config: LsmConfig, source = 'config', machine: MachineLimits = {}): ReservoirEstimate[] {
  const est = estimateReservoirs(config);
  const memory = machine.memory ?? totalmem();
  const heap = machine.heap ?? getHeapStatistics().heap_size_limit;
  const w = config.simulation.workers;
  const workers = machine.workers ?? (w === 'auto' ? availableParallelism() : w);
  for (const e of est) {
    const sim = e.simBytesPerWorker * workers;
    const what = `a ${big(e.neurons)}-neuron reservoir (~${big(e.synapses)} synapses, dt ${config.simulation.dt} s) needs ~${gb(e.buildBytes)} of heap to build and ~${gb(sim)} to simulate ${LANES_PER_WORKER} lanes on ${workers} worker${workers === 1 ? '' : 's'}, and ~${big(e.cpuSecondsPerAudioSecond)} CPU s per second of audio`;
    const fix = 'use a smaller grid or units, a larger simulation.dt, or fewer workers';
    const field = e.role.replace(/\/(\d+)$/, '.ensemble.members.$1');
    if (e.buildBytes > 0.9 * heap) throw new ConfigError(`${source}: reservoirs.${field}`, `${what}; this process's heap limit is ${gb(heap)}: ${fix}`);
    if (e.buildBytes + sim > MEMORY_FRACTION * memory)
      throw new ConfigError(`${source}: reservoirs.${field}`, `${what}; this machine has ${gb(memory)} of memory: ${fix}`);
  }
  return est;
}
