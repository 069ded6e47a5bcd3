/**
 * Speed perturbation (Ko et al. 2015): the utterance played faster or slower, so that its
 * duration, F0 and formants all scale together.
 *
 * @module
 */
import type { Audio } from '../sourcefilter/audio.js';
import { changeRate } from './rate-change.js';

/** `audio` played `factor` times faster (0.9 = 10 % slower and lower); `factor` quantized to ~1 %. */
export function speedPerturb(audio: Audio, factor: number): Audio {
  const r = changeRate(audio.samples, audio.sampleRate, factor);
  return { samples: r.samples, sampleRate: audio.sampleRate, source: `${audio.source} (speed x${r.factor.toFixed(3)})` };
}
