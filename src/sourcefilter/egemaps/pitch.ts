/**
 * F0 for eGeMAPS by subharmonic summation (SHS, Hermes 1988), as the GeMAPS paper prescribes:
 * the magnitude spectrum of a 60-ms Gaussian-windowed frame is peak-enhanced, smoothed and
 * weighted by an auditory sensitivity curve; each candidate F0 on a log grid (55-1000 Hz) scores
 * the sum of the spectrum at its first 15 harmonics, compressed by 0.85 per harmonic. A frame is
 * voiced when its normalized autocorrelation at the best candidate's period reaches a threshold
 * and the frame is not near-silent; the candidate path through each voiced run is chosen by
 * dynamic programming (Viterbi) that trades SHS score against octave jumps.
 *
 * @module
 */
import type { FrameSpectra } from './spectrum.js';

/** Options of {@link shsPitch}. */
export interface ShsPitchOptions {
  /** Lowest F0, in hertz; default 55. */
  readonly fMin?: number;
  /** Highest F0, in hertz; default 1000. */
  readonly fMax?: number;
  /** Harmonics summed; default 15. */
  readonly harmonics?: number;
  /** Weight factor per harmonic (weight of harmonic h is c^(h-1)); default 0.85. */
  readonly compression?: number;
  /** Minimum normalized autocorrelation at the period for a voiced frame; default 0.45. */
  readonly voicingThreshold?: number;
  /** Minimum RMS of the Gaussian-windowed frame for a voiced frame (full scale 1); default 0.001. */
  readonly minRms?: number;
}

/** Per-frame F0 from {@link shsPitch}. */
export interface PitchTrack {
  /** F0 in hertz, 0 where unvoiced. */
  readonly f0: Float64Array;
  /** Normalized autocorrelation at the chosen period, in [-1, 1] (0 for silent frames). */
  readonly voicing: Float64Array;
}

const STEPS_PER_OCTAVE = 48;
const CANDIDATES = 6;

/** Auditory sensitivity (Hermes 1988): 0.5 + atan(3 (log2 f - log2 65)) / pi. */
function auditoryWeight(f: number): number {
  return 0.5 + Math.atan(3 * (Math.log2(Math.max(f, 1)) - Math.log2(65))) / Math.PI;
}

/** Autocorrelation of the windowed frame `xw` at `lag` samples over its energy `r0` (fractional lags interpolate linearly). */
function nacf(xw: Float64Array, r0: number, lag: number): number {
  const L = Math.floor(lag);
  const fr = lag - L;
  const n = xw.length;
  let a = 0;
  let b = 0;
  for (let i = 0; i + L + 1 < n; i++) {
    a += xw[i]! * xw[i + L]!;
    b += xw[i]! * xw[i + L + 1]!;
  }
  return r0 > 0 ? ((1 - fr) * a + fr * b) / r0 : 0;
}

/**
 * SHS pitch of every frame of `spec` (60-ms Gaussian frames of `x`, hop `hop` samples).
 * `windowed(f)` must return frame f's windowed samples (for the autocorrelation).
 */
export function shsPitch(spec: FrameSpectra, sampleRate: number, windowed: (f: number) => Float64Array, options: ShsPitchOptions = {}): PitchTrack {
  const fMin = options.fMin ?? 55;
  const fMax = options.fMax ?? 1000;
  const H = options.harmonics ?? 15;
  const comp = options.compression ?? 0.85;
  const thr = options.voicingThreshold ?? 0.45;
  const minRms = options.minRms ?? 0.001;
  const { frames, bins, binHz } = spec;
  const nCand = Math.floor(STEPS_PER_OCTAVE * Math.log2(fMax / fMin)) + 1;
  const grid = Float64Array.from({ length: nCand }, (_, i) => fMin * 2 ** (i / STEPS_PER_OCTAVE));
  const weight = Float64Array.from({ length: bins }, (_, k) => auditoryWeight(k * binHz));
  const hw = Float64Array.from({ length: H }, (_, h) => comp ** h);
  const enhanced = new Float64Array(bins);
  const smooth = new Float64Array(bins);
  const score = new Float64Array(nCand);
  const candF = new Float64Array(frames * CANDIDATES);
  const candS = new Float64Array(frames * CANDIDATES);
  const voicing = new Float64Array(frames);
  const voiced = new Uint8Array(frames);
  for (let f = 0; f < frames; f++) {
    const m = spec.mag.subarray(f * bins, (f + 1) * bins);
    // Peak enhancement: keep values within two bins of a local maximum, zero elsewhere.
    enhanced.fill(0);
    for (let k = 1; k < bins - 1; k++) {
      if (m[k]! > m[k - 1]! && m[k]! >= m[k + 1]!) {
        for (let j = Math.max(0, k - 2); j <= Math.min(bins - 1, k + 2); j++) enhanced[j] = m[j]!;
      }
    }
    for (let k = 0; k < bins; k++) {
      const l = enhanced[Math.max(0, k - 1)]!;
      const r = enhanced[Math.min(bins - 1, k + 1)]!;
      smooth[k] = (0.25 * l + 0.5 * enhanced[k]! + 0.25 * r) * weight[k]!;
    }
    for (let c = 0; c < nCand; c++) {
      let s = 0;
      for (let h = 0; h < H; h++) {
        const pos = ((h + 1) * grid[c]!) / binHz;
        const k = Math.floor(pos);
        if (k + 1 >= bins) break;
        const fr = pos - k;
        s += hw[h]! * ((1 - fr) * smooth[k]! + fr * smooth[k + 1]!);
      }
      score[c] = s;
    }
    // The best local maxima of the score, refined by a parabola in log frequency.
    const found: [number, number][] = [];
    for (let c = 0; c < nCand; c++) {
      const l = c > 0 ? score[c - 1]! : -Infinity;
      const r = c < nCand - 1 ? score[c + 1]! : -Infinity;
      if (score[c]! > 0 && score[c]! >= l && score[c]! > r) {
        let off = 0;
        if (Number.isFinite(l) && Number.isFinite(r)) {
          const den = l - 2 * score[c]! + r;
          if (den < 0) off = (0.5 * (l - r)) / den;
        }
        found.push([fMin * 2 ** ((c + off) / STEPS_PER_OCTAVE), score[c]!]);
      }
    }
    found.sort((a, b) => b[1] - a[1]);
    const best = found[0]?.[1] ?? 0;
    for (let i = 0; i < CANDIDATES; i++) {
      candF[f * CANDIDATES + i] = found[i]?.[0] ?? 0;
      candS[f * CANDIDATES + i] = best > 0 ? (found[i]?.[1] ?? 0) / best : 0;
    }
    const rms = Math.sqrt(spec.energy[f]! / spec.length);
    if (!(best > 0) || rms < minRms) continue;
    const xw = windowed(f);
    let r0 = 0;
    for (let i = 0; i < xw.length; i++) r0 += xw[i]! * xw[i]!;
    const f0 = found[0]![0];
    // Autocorrelation peak within +-5 % of the best candidate's period.
    const T = sampleRate / f0;
    let v = -1;
    for (let lag = Math.max(2, Math.floor(T * 0.95)); lag <= Math.ceil(T * 1.05); lag++) v = Math.max(v, nacf(xw, r0, lag));
    voicing[f] = v;
    voiced[f] = v >= thr ? 1 : 0;
  }
  // Voicing continuity: fill one- and two-frame unvoiced gaps inside voiced speech, then drop
  // voiced runs shorter than three frames (isolated decisions).
  for (let t = 1; t < frames - 1; t++) {
    if (voiced[t] || !voiced[t - 1]) continue;
    if (voiced[t + 1] && voicing[t]! > 0) voiced[t] = 1;
    else if (t + 2 < frames && !voiced[t + 1] && voiced[t + 2] && voicing[t]! > 0 && voicing[t + 1]! > 0) {
      voiced[t] = 1;
      voiced[t + 1] = 1;
    }
  }
  for (let t = 0; t < frames; ) {
    if (!voiced[t]) {
      t++;
      continue;
    }
    let e = t;
    while (e < frames && voiced[e]) e++;
    if (e - t < 3) voiced.fill(0, t, e);
    t = e;
  }
  // Viterbi over candidates within each voiced run: cost = (1 - relative score) + octave jumps.
  const f0 = new Float64Array(frames);
  const cost = new Float64Array(frames * CANDIDATES);
  const back = new Int32Array(frames * CANDIDATES);
  let f = 0;
  while (f < frames) {
    if (!voiced[f]) {
      f++;
      continue;
    }
    const start = f;
    while (f < frames && voiced[f]) f++;
    const end = f;
    for (let t = start; t < end; t++) {
      for (let i = 0; i < CANDIDATES; i++) {
        const fi = candF[t * CANDIDATES + i]!;
        const local = fi > 0 ? 2 * (1 - candS[t * CANDIDATES + i]!) : Infinity;
        if (t === start) {
          cost[t * CANDIDATES + i] = local;
          continue;
        }
        let bc = Infinity;
        let bj = 0;
        for (let j = 0; j < CANDIDATES; j++) {
          const fj = candF[(t - 1) * CANDIDATES + j]!;
          if (!(fj > 0)) continue;
          const c = cost[(t - 1) * CANDIDATES + j]! + 4 * Math.abs(Math.log2(fi / fj));
          if (c < bc) {
            bc = c;
            bj = j;
          }
        }
        cost[t * CANDIDATES + i] = local + bc;
        back[t * CANDIDATES + i] = bj;
      }
    }
    let bi = 0;
    for (let i = 1; i < CANDIDATES; i++) if (cost[(end - 1) * CANDIDATES + i]! < cost[(end - 1) * CANDIDATES + bi]!) bi = i;
    for (let t = end - 1; t >= start; t--) {
      f0[t] = candF[t * CANDIDATES + bi]!;
      bi = back[t * CANDIDATES + bi]!;
    }
  }
  return { f0, voicing };
}
