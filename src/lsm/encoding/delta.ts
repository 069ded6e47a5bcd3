/**
 * Threshold (send-on-delta) coding with up and down channels: channel 2c fires when feature c
 * rose by `threshold` since the last spike of c, channel 2c + 1 when it fell by it.
 * Decoding (cumulative sum of +-threshold from the initial value) stays within one threshold
 * of the signal at every frame.
 *
 * @module
 */
import type { Mat } from '../../core/matrix.js';
import type { SpikeInput } from '../input.js';
import { assertFiniteFeatures, positive, sortSpikes } from './common.js';

/** Options of {@link encodeDelta}. */
export interface DeltaEncoderOptions {
  /** Frames per second, in hertz. Required. */
  readonly frameRate: number;
  /** Change that triggers a spike, in feature units; default 0.25. */
  readonly threshold?: number;
}

/** Spike input plus the initial value of each feature (needed to decode). */
export interface DeltaEncoding {
  readonly input: SpikeInput;
  /** Value of each feature at frame 0. */
  readonly initial: Float64Array;
  readonly threshold: number;
}

/** Encode each feature column into an up and a down spike channel. */
export function encodeDelta(features: Mat, options: DeltaEncoderOptions): DeltaEncoding {
  const frameRate = positive('frameRate', options.frameRate);
  const thr = positive('threshold', options.threshold ?? 0.25);
  assertFiniteFeatures(features);
  const T = 1 / frameRate;
  const { rows, cols } = features;
  const initial = new Float64Array(cols);
  const times: number[] = [];
  const chans: number[] = [];
  for (let c = 0; c < cols; c++) {
    let ref = rows > 0 ? features.data[c]! : 0;
    initial[c] = ref;
    for (let f = 1; f < rows; f++) {
      const x = features.data[f * cols + c]!;
      const diff = x - ref;
      const n = Math.floor(Math.abs(diff) / thr);
      // n spikes spread evenly inside frame f
      for (let k = 0; k < n; k++) {
        times.push((f + k / n) * T);
        chans.push(diff > 0 ? 2 * c : 2 * c + 1);
      }
      ref += Math.sign(diff) * n * thr;
    }
  }
  const s = sortSpikes(times, chans);
  return { input: { kind: 'spikes', times: s.times, channels: s.channels, nChannels: 2 * cols, duration: rows * T }, initial, threshold: thr };
}

/** Reconstruct the features (frames x channels) from a {@link DeltaEncoding}. */
export function decodeDelta(enc: DeltaEncoding, frames: number, frameRate: number): Mat {
  const cols = enc.initial.length;
  const steps = new Float64Array(frames * cols);
  for (let k = 0; k < enc.input.times.length; k++) {
    const f = Math.min(frames - 1, Math.floor(enc.input.times[k]! * frameRate + 1e-9));
    const ch = enc.input.channels[k]!;
    steps[f * cols + (ch >> 1)]! += ch & 1 ? -enc.threshold : enc.threshold;
  }
  const out = new Float64Array(frames * cols);
  for (let c = 0; c < cols; c++) {
    let v = enc.initial[c]!;
    for (let f = 0; f < frames; f++) {
      v += steps[f * cols + c]!;
      out[f * cols + c] = v;
    }
  }
  return { data: out, rows: frames, cols };
}
