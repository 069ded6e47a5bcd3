/**
 * Reservoir diagnostics that are pure reservoir math (no datasets): firing statistics,
 * reconstructed synaptic currents, perturbation divergence, memory curves, ranks, spreads.
 *
 * @module
 */
export {
  distribution,
  firingStatistics,
  type Distribution,
  type FiringOptions,
  type FiringStatistics,
  type PopulationFiring,
  type SpikeRecord,
} from './firing.js';
export { currentVarianceRatio, inputCurrent, recurrentCurrent, type CurrentVariance } from './currents.js';
export { memoryCapacity, memoryCurve, type MemoryCurve, type MemoryCurveOptions, type MemoryTrial } from './memory.js';
export { numericalRank, singularValues, choleskySolveInPlace, type RankResult } from './linalg.js';
export { labelSpeakerSpread, type SpreadResult } from './spread.js';
export { perturbInput, stateDistances } from './divergence.js';
