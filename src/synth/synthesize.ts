/**
 * A seeded source-filter speech synthesizer: Rosenberg glottal pulses with jitter, shimmer and
 * aspiration noise, an F0 contour (declination plus accents), syllables of vowels separated by
 * unvoiced noise bursts, three formant resonators scaled by the speaker's vocal-tract length,
 * spectral tilt and lip radiation.
 *
 * @module
 */
import type { Rng } from '../core/rng.js';
import { EMOTION_PROFILES, VOWELS, type EmotionProfile } from './emotions.js';

/** A virtual speaker. */
export interface VirtualSpeaker {
  readonly id: string;
  readonly gender: 'f' | 'm';
  /** Neutral F0, in hertz. */
  readonly f0: number;
  /** Formant scale (inverse vocal-tract length ratio; > 1 = shorter tract). */
  readonly formantScale: number;
}

/** Parameters of one utterance. */
export interface UtteranceParams {
  readonly speaker: VirtualSpeaker;
  readonly emotion: string;
  /** Duration, in seconds. */
  readonly duration: number;
  /** Sampling rate, in hertz. */
  readonly sampleRate: number;
}

function resonate(x: Float64Array, f: Float64Array, bw: number, rate: number): Float64Array {
  const y = new Float64Array(x.length);
  let y1 = 0;
  let y2 = 0;
  const r = Math.exp((-Math.PI * bw) / rate);
  for (let n = 0; n < x.length; n++) {
    const c = 2 * r * Math.cos((2 * Math.PI * f[n]!) / rate);
    const g = 1 - c + r * r; // unit gain at DC
    const v = g * x[n]! + c * y1 - r * r * y2;
    y2 = y1;
    y1 = v;
    y[n] = v;
  }
  return y;
}

/** Synthesize one utterance (samples, unnormalized but of a fixed overall scale). */
export function synthesizeUtterance(p: UtteranceParams, rng: Rng): Float64Array {
  const prof: EmotionProfile | undefined = EMOTION_PROFILES[p.emotion];
  if (!prof) throw new RangeError(`emotion: unknown "${p.emotion}" (known: ${Object.keys(EMOTION_PROFILES).join(', ')})`);
  if (!(p.duration > 0.1 && p.duration < 30)) throw new RangeError(`duration: must be in (0.1, 30) s, got ${p.duration}`);
  const rate = p.sampleRate;
  const n = Math.round(p.duration * rate);
  // within-class variation
  const vary = (x: number, rel: number) => x * (1 + rel * rng.normal());
  const f0Base = vary(p.speaker.f0 * prof.f0, 0.05);
  const range = Math.max(0.3, vary(prof.range, 0.2));
  const sylRate = Math.max(2, vary(prof.rate, 0.08));
  const gain = 10 ** (vary(prof.gainDb, 0) / 20) * 10 ** ((rng.normal() * 1.5) / 20);
  const jitter = Math.max(0, vary(prof.jitter, 0.2));
  const shimmer = Math.max(0, vary(prof.shimmer, 0.2));
  const breath = Math.max(0, vary(prof.breath, 0.2));
  const tilt = Math.min(0.95, Math.max(0, prof.tilt + 0.05 * rng.normal()));
  // syllable plan
  const nSyl = Math.max(1, Math.round(p.duration * sylRate));
  const sylLen = n / nSyl;
  const vowelOf = Int32Array.from({ length: nSyl }, () => rng.int(VOWELS.length));
  const accent = Float64Array.from({ length: nSyl }, () => (rng.random() < 0.35 ? 1 : 0));
  // per-sample F0 (semitones around base), voicing gate and formant tracks
  const f0 = new Float64Array(n);
  const voiced = new Float64Array(n);
  const F = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let t = 0; t < n; t++) {
    const s = Math.min(nSyl - 1, Math.floor(t / sylLen));
    const ph = t / sylLen - s; // phase in the syllable
    const decl = range * (0.5 - t / n); // declination over the utterance
    const acc = accent[s]! * range * Math.sin(Math.PI * Math.min(1, ph / 0.7));
    const flutter = p.emotion === 'fear' ? 0.6 * Math.sin((2 * Math.PI * 7 * t) / rate) : 0;
    f0[t] = f0Base * 2 ** ((decl + acc + flutter) / 12);
    voiced[t] = ph < 0.72 ? 1 : 0;
    const v = VOWELS[vowelOf[s]!]!;
    const next = VOWELS[vowelOf[Math.min(nSyl - 1, s + 1)]!]!;
    const w = ph > 0.6 ? Math.min(1, (ph - 0.6) / 0.4) : 0; // coarticulation towards the next vowel
    for (let k = 0; k < 3; k++) F[k]![t] = p.speaker.formantScale * ((1 - w) * v[k]! + w * next[k]!);
  }
  // source: Rosenberg pulses + aspiration, noise bursts between syllables
  const src = new Float64Array(n);
  let t = 0;
  while (t < n) {
    const period = (rate / f0[Math.floor(t)]!) * (1 + jitter * rng.normal());
    const T = Math.max(8, period);
    const amp = 1 + shimmer * rng.normal();
    const open = 0.6 * T;
    const tp = 0.4 * T;
    const start = Math.floor(t);
    for (let k = 0; k < T && start + k < n; k++) {
      const i = start + k;
      let g = 0;
      if (k < tp) g = 0.5 * (1 - Math.cos((Math.PI * k) / tp));
      else if (k < open) g = Math.cos((Math.PI * (k - tp)) / (2 * (open - tp)));
      const asp = breath * rng.normal() * (k < open ? 1 : 0.3);
      src[i] = voiced[i]! * (amp * g + asp) + (1 - voiced[i]!) * 0.08 * rng.normal();
    }
    t += T;
  }
  // filter: three resonators (bandwidths 80, 100, 140 Hz), tilt, radiation
  let y = resonate(src, F[0]!, 80, rate);
  y = resonate(y, F[1]!, 100, rate);
  y = resonate(y, F[2]!, 140, rate);
  const out = new Float64Array(n);
  let lp = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    lp = (1 - tilt) * y[i]! + tilt * lp;
    out[i] = gain * 0.02 * (lp - prev);
    prev = lp;
  }
  // short fades
  const fade = Math.min(n >> 2, Math.round(0.01 * rate));
  for (let i = 0; i < fade; i++) {
    out[i]! *= i / fade;
    out[n - 1 - i]! *= i / fade;
  }
  return out;
}
