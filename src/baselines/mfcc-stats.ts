/**
 * The classic utterance-level baseline features: 20 MFCCs with deltas and delta-deltas, mean
 * and standard deviation over the speech frames, plus frame energy, F0, voicing and
 * zero-crossing statistics and the duration: 133 numbers per utterance.
 *
 * @module
 */
import type { Audio } from '../sourcefilter/audio.js';
import { decompose } from '../sourcefilter/decompose.js';
import { dctRows, deltas, logMelSpectrogram } from './spectrogram.js';

/** Length of {@link mfccStatistics}' vector. */
export const MFCC_STATS_LENGTH = 133;

/** Names of the 133 features, in order. */
export const MFCC_STATS_NAMES: readonly string[] = Object.freeze([
  ...['mfcc', 'd', 'dd'].flatMap((p) => ['mean', 'std'].flatMap((s) => Array.from({ length: 20 }, (_, i) => `${p}${i}_${s}`))),
  'energy_mean',
  'energy_std',
  'energy_max',
  'energy_range',
  'f0_mean',
  'f0_std',
  'f0_min',
  'f0_max',
  'f0_range',
  'voiced_fraction',
  'zcr_mean',
  'zcr_std',
  'duration_s',
]);

function meanStdOf(values: ArrayLike<number>, idx: readonly number[]): [number, number] {
  if (idx.length === 0) return [0, 0];
  let m = 0;
  for (const i of idx) m += values[i]!;
  m /= idx.length;
  let v = 0;
  for (const i of idx) v += (values[i]! - m) ** 2;
  return [m, Math.sqrt(v / idx.length)];
}

/**
 * The 133 statistics of one utterance (see {@link MFCC_STATS_NAMES}). Frames quieter than the
 * loudest by more than 50 dB (silence, padding) are left out of the statistics. F0 in octaves
 * re 100 Hz, over voiced frames; energy in dB; zero-crossing rate per sample.
 */
export function mfccStatistics(audio: Audio): Float64Array {
  const lm = logMelSpectrogram(audio, { bands: 40 });
  const c = dctRows(lm, 20);
  const d = deltas(c);
  const dd = deltas(d);
  const frames = lm.rows;
  const hop = Math.round(0.01 * audio.sampleRate);
  const energy = new Float64Array(frames);
  const zcr = new Float64Array(frames);
  const x = audio.samples;
  for (let f = 0; f < frames; f++) {
    let e = 0;
    let z = 0;
    const s = f * hop;
    const end = Math.min(x.length, s + 2 * hop);
    for (let i = s; i < end; i++) {
      e += x[i]! * x[i]!;
      if (i > s && x[i]! >= 0 !== x[i - 1]! >= 0) z++;
    }
    energy[f] = 10 * Math.log10(e / Math.max(1, end - s) + 1e-12);
    zcr[f] = z / Math.max(1, end - s - 1);
  }
  const emax = energy.reduce((m, v) => Math.max(m, v), -Infinity);
  let active = Array.from({ length: frames }, (_, f) => f).filter((f) => energy[f]! > emax - 50);
  if (active.length < 3) active = Array.from({ length: frames }, (_, f) => f);
  const out = new Float64Array(MFCC_STATS_LENGTH);
  let o = 0;
  for (const m of [c, d, dd]) {
    const means: number[] = [];
    const stds: number[] = [];
    for (let k = 0; k < 20; k++) {
      const col = Array.from({ length: frames }, (_, f) => m.data[f * 20 + k]!);
      const [mu, sd] = meanStdOf(col, active);
      means.push(mu);
      stds.push(sd);
    }
    out.set(means, o);
    out.set(stds, o + 20);
    o += 40;
  }
  const [em, es] = meanStdOf(energy, active);
  const emin = active.reduce((m, f) => Math.min(m, energy[f]!), Infinity);
  out.set([em, es, emax, emax - emin], o);
  o += 4;
  const sf = decompose(audio, { rate: audio.sampleRate, lpcOrder: Math.min(24, Math.round(audio.sampleRate / 1000) + 2), bands: 8 });
  const voiced: number[] = [];
  for (let f = 0; f < sf.frames; f++) if (sf.f0[f]! > 0) voiced.push(Math.log2(sf.f0[f]! / 100));
  const [fm, fs] = meanStdOf(
    voiced,
    voiced.map((_, i) => i),
  );
  const fmin = voiced.length ? Math.min(...voiced) : 0;
  const fmax = voiced.length ? Math.max(...voiced) : 0;
  out.set([fm, fs, fmin, fmax, fmax - fmin, voiced.length / sf.frames], o);
  o += 6;
  const [zm, zs] = meanStdOf(zcr, active);
  out.set([zm, zs, x.length / audio.sampleRate], o);
  return out;
}
