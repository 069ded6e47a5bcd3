/**
 * Corruption and augmentation of audio: additive white, pink and babble noise at an exact SNR,
 * speed perturbation, and source-filter prosody resynthesis. Builds on core and sourcefilter.
 *
 * @packageDocumentation
 */
export { whiteNoise, pinkNoise, babbleNoise, mixAtSnr, power, NOISE_KINDS } from './noise.js';
export type { NoiseKind } from './noise.js';
export { changeRate } from './rate-change.js';
export { wsola } from './wsola.js';
export type { WsolaOptions } from './wsola.js';
export { speedPerturb } from './speed.js';
export { shiftProsody } from './prosody.js';
export type { ProsodyShift } from './prosody.js';
export { augmentOnce, AUGMENT_KINDS, DEFAULT_AUGMENT_OPTIONS } from './policy.js';
export type { AugmentKind, AugmentOptions } from './policy.js';
