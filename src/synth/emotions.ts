/**
 * Prosody and voice-quality profiles of the synthetic emotions, after the directions reported
 * in the emotional-speech literature (Murray & Arnott 1993; Banse & Scherer 1996; Scherer
 * 2003): anger and happiness raise F0 level and range, tempo and intensity, anger with a tense
 * (flat-tilt) voice; fear raises F0 and tempo with irregular (jittery) phonation; sadness
 * lowers F0, range, tempo and intensity with a breathy, steep-tilt voice; boredom is low and
 * monotonous and slow.
 *
 * @module
 */

/** One emotion's profile (relative to the speaker's neutral voice). */
export interface EmotionProfile {
  /** F0 level multiplier. */
  readonly f0: number;
  /** F0 range (excursion of accents and declination), in semitones. */
  readonly range: number;
  /** Syllables per second. */
  readonly rate: number;
  /** Level change, in dB. */
  readonly gainDb: number;
  /** Spectral tilt: one-pole low-pass coefficient in [0, 1) (higher = steeper, softer). */
  readonly tilt: number;
  /** Period jitter, relative standard deviation. */
  readonly jitter: number;
  /** Amplitude shimmer, relative standard deviation. */
  readonly shimmer: number;
  /** Aspiration noise level relative to the pulses. */
  readonly breath: number;
}

/** The built-in profiles. */
export const EMOTION_PROFILES: Readonly<Record<string, EmotionProfile>> = Object.freeze({
  neutral: { f0: 1.0, range: 3, rate: 4.5, gainDb: 0, tilt: 0.55, jitter: 0.006, shimmer: 0.03, breath: 0.04 },
  anger: { f0: 1.25, range: 6, rate: 5.3, gainDb: 6, tilt: 0.3, jitter: 0.01, shimmer: 0.05, breath: 0.02 },
  happiness: { f0: 1.3, range: 8, rate: 5.0, gainDb: 3, tilt: 0.45, jitter: 0.008, shimmer: 0.04, breath: 0.05 },
  sadness: { f0: 0.9, range: 1.5, rate: 3.5, gainDb: -5, tilt: 0.75, jitter: 0.01, shimmer: 0.05, breath: 0.18 },
  fear: { f0: 1.35, range: 4, rate: 5.8, gainDb: 1, tilt: 0.5, jitter: 0.025, shimmer: 0.08, breath: 0.12 },
  boredom: { f0: 0.92, range: 1, rate: 3.8, gainDb: -3, tilt: 0.65, jitter: 0.007, shimmer: 0.03, breath: 0.08 },
});

/** Vowel formants (F1, F2, F3 in hertz, adult male reference, Peterson & Barney 1952). */
export const VOWELS: readonly (readonly [number, number, number])[] = [
  [730, 1090, 2440], // a
  [530, 1840, 2480], // e
  [270, 2290, 3010], // i
  [570, 840, 2410], // o
  [300, 870, 2240], // u
];
