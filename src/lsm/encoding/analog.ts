/**
 * Analog current injection (the default encoder): features are held per frame and injected
 * as currents; the reservoir's input coupling turns them into volts.
 *
 * @module
 */
import type { Mat } from '../../core/matrix.js';
import type { AnalogInput } from '../input.js';
import { assertFiniteFeatures, positive } from './common.js';

/** Options of {@link encodeAnalog}. */
export interface AnalogEncoderOptions {
  /** Frames per second of the feature matrix, in hertz (e.g. 100). Required. */
  readonly frameRate: number;
  /** Dimensionless gain applied to every value; default 1. */
  readonly gain?: number;
  /** Dimensionless offset added before the gain; default 0. */
  readonly offset?: number;
}

/** `gain * (features + offset)` as an {@link AnalogInput} (frames x channels). */
export function encodeAnalog(features: Mat, options: AnalogEncoderOptions): AnalogInput {
  const frameRate = positive('frameRate', options.frameRate);
  const gain = options.gain ?? 1;
  const offset = options.offset ?? 0;
  if (!Number.isFinite(gain)) throw new RangeError(`gain: must be finite, got ${gain}`);
  if (!Number.isFinite(offset)) throw new RangeError(`offset: must be finite, got ${offset}`);
  assertFiniteFeatures(features);
  const data = new Float32Array(features.data.length);
  for (let i = 0; i < data.length; i++) data[i] = gain * (features.data[i]! + offset);
  return { kind: 'analog', data, frames: features.rows, channels: features.cols, frameDuration: 1 / frameRate };
}
