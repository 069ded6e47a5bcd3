/**
 * lsm-ser: liquid state machine speech emotion recognition.
 *
 * The package surface. Each folder's `index.ts` curates its public API by name (an
 * `export *` there only passes on a sub-folder's own curated `index.ts`, or `core/units.ts`'s
 * unit constants); this file re-exports each folder's curated surface, one line per folder,
 * so that adding an export is a one-line change in the folder that owns it.
 * tests/architecture.test.ts checks both rules.
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './sourcefilter/index.js';
export * from './plot/index.js';
export * from './lsm/index.js';
export * from './benchmark/index.js';
export * from './readout/index.js';
export * from './experiment/index.js';
export * from './synth/index.js';
export * from './augment/index.js';
export * from './baselines/index.js';
