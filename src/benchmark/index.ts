/**
 * Benchmarks of the engine: one timing harness (warm-up, timed repeats, median), synaptic
 * event counts, the engine sweep of `lsm-ser bench engine` and its table, and the netgen
 * simulation record of `lsm-ser simulate`. Builds on core and lsm; used by the CLI and bench/.
 *
 * @module
 */
export { timeRuns } from './timing.js';
export type { TimeRunsOptions, Timing } from './timing.js';
export { synapticEvents } from './events.js';
export type { SynapticEvents } from './events.js';
export { runEngineSweep, sweepNetwork, SWEEP_BACKENDS, DEFAULT_ENGINE_SWEEP } from './engine-sweep.js';
export type { EngineSweepOptions, EngineRecord, SweepBackend } from './engine-sweep.js';
export { formatEngineTable } from './engine-table.js';
export { simulateNetgen } from './simulate-netgen.js';
export type { SimulateRecord, SimulateNetgenOptions } from './simulate-netgen.js';
