/** Spike encoders: analog current (default), Poisson rate, send-on-delta, BSA. @module */
export { encodeAnalog } from './analog.js';
export type { AnalogEncoderOptions } from './analog.js';
export { encodePoisson, poissonRates } from './poisson.js';
export type { PoissonEncoderOptions } from './poisson.js';
export { encodeDelta, decodeDelta } from './delta.js';
export type { DeltaEncoderOptions, DeltaEncoding } from './delta.js';
export { encodeBsa, decodeBsa, defaultBsaFilter } from './bsa.js';
export type { BsaEncoderOptions, BsaEncoding } from './bsa.js';
