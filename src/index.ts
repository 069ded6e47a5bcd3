/**
 * lsm-ser: liquid state machine speech emotion recognition.
 * The package surface, curated by name.
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './sourcefilter/index.js';
export * from './plot/index.js';
export * from './lsm/index.js';
export * from './readout/index.js';
export * from './experiment/index.js';
export * from './synth/index.js';
export * from './augment/index.js';
export * from './baselines/index.js';
