/**
 * Training-set augmentation policies: each augmented copy of an utterance draws one
 * transformation (additive noise, speed perturbation or source-filter prosody resynthesis) with
 * seeded random parameters.
 *
 * @module
 */
import type { Audio } from '../sourcefilter/audio.js';
import type { Rng } from '../core/rng.js';
import { babbleNoise, mixAtSnr, pinkNoise, whiteNoise, NOISE_KINDS } from './noise.js';
import { speedPerturb } from './speed.js';
import { shiftProsody } from './prosody.js';

/** Augmentation transformations. */
export type AugmentKind = 'noise' | 'speed' | 'prosody';

/** The transformations, in report order. */
export const AUGMENT_KINDS: readonly AugmentKind[] = ['noise', 'speed', 'prosody'];

/** Parameter ranges of the augmentation policy. */
export interface AugmentOptions {
  /** Transformations to draw from (uniformly); default all three. */
  readonly kinds?: readonly AugmentKind[];
  /** SNR range of additive noise, in dB; default [5, 20]. */
  readonly snrDb?: readonly [number, number];
  /** Speed factors; default [0.9, 1.1] (drawn uniformly). */
  readonly speed?: readonly [number, number];
  /** F0 shift range, in semitones; default [-3, 3]. */
  readonly semitones?: readonly [number, number];
  /** Energy change range, in dB; default [-6, 6]. */
  readonly gainDb?: readonly [number, number];
}

/** Default policy ranges. */
export const DEFAULT_AUGMENT_OPTIONS: Required<AugmentOptions> = Object.freeze({
  kinds: AUGMENT_KINDS,
  snrDb: [5, 20] as const,
  speed: [0.9, 1.1] as const,
  semitones: [-3, 3] as const,
  gainDb: [-6, 6] as const,
});

/**
 * One augmented copy of `audio`: the kind and its parameters drawn from `rng`. `babbleSources`
 * (other speakers' utterances) enable babble among the noise kinds. Returns the audio and a
 * description of what was done.
 */
export function augmentOnce(
  audio: Audio,
  rng: Rng,
  options: AugmentOptions = {},
  babbleSources: readonly Float64Array[] = [],
): { audio: Audio; kind: AugmentKind; detail: string } {
  const o = { ...DEFAULT_AUGMENT_OPTIONS, ...options };
  if (o.kinds.length === 0) throw new RangeError('augmentation kinds: at least one of noise, speed, prosody');
  const kind = o.kinds[rng.int(o.kinds.length)]!;
  if (kind === 'noise') {
    const kinds = babbleSources.length ? NOISE_KINDS : NOISE_KINDS.filter((k) => k !== 'babble');
    const nk = kinds[rng.int(kinds.length)]!;
    const snr = rng.uniform(o.snrDb[0], o.snrDb[1]);
    const n = audio.samples.length;
    const noise = nk === 'white' ? whiteNoise(n, rng) : nk === 'pink' ? pinkNoise(n, rng) : babbleNoise(babbleSources, n, rng);
    return { audio: { ...audio, samples: mixAtSnr(audio.samples, noise, snr, audio.source) }, kind, detail: `${nk} noise at ${snr.toFixed(1)} dB` };
  }
  if (kind === 'speed') {
    const f = rng.uniform(o.speed[0], o.speed[1]);
    const a = speedPerturb(audio, f);
    return { audio: a, kind, detail: `speed x${f.toFixed(3)}` };
  }
  const st = rng.uniform(o.semitones[0], o.semitones[1]);
  const g = rng.uniform(o.gainDb[0], o.gainDb[1]);
  const a = shiftProsody(audio, { f0Ratio: 2 ** (st / 12), gainDb: g });
  return { audio: a, kind, detail: `F0 ${st >= 0 ? '+' : ''}${st.toFixed(2)} st, ${g.toFixed(1)} dB` };
}
