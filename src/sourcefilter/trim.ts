/**
 * Trimming of leading and trailing silence (by default exact digital zeros, as in the
 * zero-padded Emo-DB 2-s copy).
 *
 * @module
 */
import type { Audio } from './audio.js';

/** Options of {@link trimSilence}. */
export interface TrimOptions {
  /** Samples with |x| <= threshold count as silence; default 0 (digital zeros only). */
  readonly threshold?: number;
  /** Minimum length kept, in seconds, so that all-silent audio stays analysable; default 0.05. */
  readonly minDuration?: number;
}

/** Audio without its leading and trailing silence (a view-free copy). */
export function trimSilence(audio: Audio, options: TrimOptions = {}): Audio {
  const thr = options.threshold ?? 0;
  const minDur = options.minDuration ?? 0.05;
  if (!(thr >= 0)) throw new RangeError(`threshold: must be >= 0, got ${thr}`);
  if (!(minDur >= 0)) throw new RangeError(`minDuration: must be >= 0 s, got ${minDur}`);
  const x = audio.samples;
  let a = 0;
  let b = x.length;
  while (a < b && Math.abs(x[a]!) <= thr) a++;
  while (b > a && Math.abs(x[b - 1]!) <= thr) b--;
  const minLen = Math.min(x.length, Math.round(minDur * audio.sampleRate));
  if (b - a < minLen) {
    const mid = a === b ? Math.floor(x.length / 2) : Math.floor((a + b) / 2);
    a = Math.max(0, Math.min(x.length - minLen, mid - Math.floor(minLen / 2)));
    b = a + minLen;
  }
  return { samples: x.slice(a, b), sampleRate: audio.sampleRate, source: audio.source };
}
