/**
 * The low-level descriptors (LLDs) of the ComParE-style brute-force set, one value per 10 ms
 * frame (Schuller et al. 2016, "The INTERSPEECH 2016 Computational Paralinguistics Challenge";
 * Eyben 2016, ch. 2): 4 energy-related (loudness, RASTA-filtered auditory-spectrum sum, RMS
 * energy, zero-crossing rate), 55 spectral (26 RASTA-filtered auditory bands, MFCC 1-14, band
 * energies 250-650 Hz and 1-4 kHz, roll-off points 25/50/75/90 %, flux, centroid, entropy,
 * variance, skewness, kurtosis, slope, psychoacoustic sharpness, harmonicity) and 6 voicing
 * related (F0, voicing probability, log HNR, jitter local and DDP, shimmer local).
 * Implemented from those published definitions, not from openSMILE's source; where a published
 * definition is period-synchronous (jitter, shimmer) this module uses a frame-level version,
 * stated at {@link COMPARE_LLD_NAMES}.
 *
 * @module
 */
import FFT from 'fft.js';
import type { Audio } from '../audio.js';
import { audioPeak } from '../audio.js';
import { decompose } from '../decompose.js';
import { applyFilterBank, hzToBark, makeFilterBank, type FilterBank } from '../melbank.js';

/** Auditory (mel) bands of the spectrum-based LLDs. */
export const AUDITORY_BANDS = 26;
/** MFCCs kept (1..14; c0 is left out as in ComParE). */
export const MFCC_COUNT = 14;
/** Analysis window, in seconds (Hamming for spectra, rectangular for energy and ZCR). */
export const LLD_WINDOW_S = 0.025;
/** Hop between frames, in seconds (the frame rate is 1 / hop). */
export const LLD_HOP_S = 0.01;

/**
 * Names of the energy and spectral LLDs (functionals over all frames), in column order:
 * `loudness` = sum over the 26 auditory bands of band power^0.3; `audspecRasta_sum` = sum of
 * the RASTA-filtered bands (as power^0.3); `rms` = RMS of the frame; `zcr` = zero crossings per
 * sample; `audspecRasta[b]` = RASTA-filtered natural-log band power (Hermansky & Morgan 1994:
 * H(z) = 0.1 (2 + z^-1 - z^-3 - 2 z^-4) / (1 - 0.98 z^-1), per band over frames); `mfcc[k]` =
 * DCT-II of the log band powers, liftered (HTK, L = 22); `energy250-650`, `energy1000-4000` in
 * dB; `rolloffP` in Hz; `flux` = squared L2 difference of consecutive magnitude spectra; `centroid` (Hz), `variance` (Hz^2), `skewness`, `kurtosis` of the power spectrum as a
 * distribution over frequency; `entropy` = Shannon entropy of that distribution / log of the
 * bin count; `slope` = least-squares slope of the magnitude spectrum over frequency (per kHz);
 * `sharpness` = Bark-weighted loudness centroid with Zwicker's weight (1 below 15 Bark,
 * 0.066 e^(0.171 z) above); `harmonicity` = mean dB of the spectral local maxima minus the mean dB
 * of the local minima between 50 Hz and 5 kHz.
 */
export const SPECTRAL_LLD_NAMES: readonly string[] = Object.freeze([
  'loudness',
  'audspecRasta_sum',
  'rms',
  'zcr',
  ...Array.from({ length: AUDITORY_BANDS }, (_, b) => `audspecRasta[${b}]`),
  ...Array.from({ length: MFCC_COUNT }, (_, k) => `mfcc[${k + 1}]`),
  'energy250-650',
  'energy1000-4000',
  'rolloff25',
  'rolloff50',
  'rolloff75',
  'rolloff90',
  'flux',
  'centroid',
  'entropy',
  'variance',
  'skewness',
  'kurtosis',
  'slope',
  'sharpness',
  'harmonicity',
]);

/**
 * Names of the voicing LLDs: `voicingProb` (NCCF peak of the source-filter front end's F0
 * tracker, all frames), and over voiced frames only: `F0` (Hz), `logHNR` = 10 log10(r / (1 - r))
 * with r the voicing NCCF (clipped to [0.01, 0.999]), `jitterLocal` = |T_t - T_(t-1)| / mean T
 * and `jitterDDP` = |T_(t+1) - 2 T_t + T_(t-1)| / mean T over consecutive voiced frames' periods
 * T = 1 / F0 (a frame-level version of the period-level definitions), `shimmerLocal` =
 * |20 log10(A_t / A_(t-1))| dB with A the frame's peak amplitude.
 */
export const VOICING_LLD_NAMES: readonly string[] = Object.freeze(['voicingProb', 'F0', 'logHNR', 'jitterLocal', 'jitterDDP', 'shimmerLocal']);

/** Every LLD name: {@link SPECTRAL_LLD_NAMES} then {@link VOICING_LLD_NAMES}. */
export const COMPARE_LLD_NAMES: readonly string[] = Object.freeze([...SPECTRAL_LLD_NAMES, ...VOICING_LLD_NAMES]);

/** The LLD contours of one utterance. */
export interface CompareLlds {
  /** Frames per second. */
  readonly frameRate: number;
  /** Number of frames. */
  readonly frames: number;
  /** One contour per {@link SPECTRAL_LLD_NAMES} entry (length `frames`). */
  readonly spectral: Float64Array[];
  /** `voicingProb` over all frames. */
  readonly voicingProb: Float64Array;
  /** F0, logHNR, jitterLocal, jitterDDP, shimmerLocal over the voiced frames only (may be empty). */
  readonly voiced: Float64Array[];
}

interface Plan {
  win: number;
  hop: number;
  nfft: number;
  window: Float64Array;
  fft: FFT;
  bank: FilterBank;
  barkOfBand: Float64Array;
  dct: Float64Array;
}
const plans = new Map<number, Plan>();

function plan(rate: number): Plan {
  let p = plans.get(rate);
  if (p) return p;
  const win = Math.round(LLD_WINDOW_S * rate);
  const hop = Math.round(LLD_HOP_S * rate);
  let nfft = 16;
  while (nfft < win) nfft *= 2;
  const window = Float64Array.from({ length: win }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (win - 1)));
  const bank = makeFilterBank(AUDITORY_BANDS, nfft, rate, 20, Math.min(8000, rate / 2), 'mel');
  const barkOfBand = bank.centers.map((f) => hzToBark(f));
  const dct = new Float64Array(MFCC_COUNT * AUDITORY_BANDS);
  for (let k = 1; k <= MFCC_COUNT; k++) {
    const lifter = 1 + 11 * Math.sin((Math.PI * k) / 22);
    for (let b = 0; b < AUDITORY_BANDS; b++)
      dct[(k - 1) * AUDITORY_BANDS + b] = lifter * Math.sqrt(2 / AUDITORY_BANDS) * Math.cos((Math.PI * k * (b + 0.5)) / AUDITORY_BANDS);
  }
  p = { win, hop, nfft, window, fft: new FFT(nfft), bank, barkOfBand, dct };
  plans.set(rate, p);
  return p;
}

/** RASTA band-pass (Hermansky & Morgan 1994) over frames of one band, zero initial state, input centred on its mean. */
export function rastaFilter(x: Float64Array): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t]!;
  mean /= Math.max(1, n);
  const b = [0.2, 0.1, 0, -0.1, -0.2];
  const y = new Float64Array(n);
  let prev = 0;
  for (let t = 0; t < n; t++) {
    let acc = 0;
    for (let j = 0; j < 5; j++) if (t - j >= 0) acc += b[j]! * (x[t - j]! - mean);
    prev = acc + 0.98 * prev;
    y[t] = prev;
  }
  return y;
}

/** Zwicker's sharpness weight at `z` Bark. */
function sharpnessWeight(z: number): number {
  return z < 15 ? 1 : 0.066 * Math.exp(0.171 * z);
}

/**
 * The LLD contours of `audio` (at its own rate, 8 kHz or more): frames of {@link LLD_WINDOW_S}
 * every {@link LLD_HOP_S}, frame f centred on samples [f hop, (f + 1) hop), zero padded at the
 * edges; F0 and voicing from {@link decompose} on the same frame grid. Empty or non-finite audio
 * throws an AudioError naming `audio.source`.
 */
export function compareLlds(audio: Audio): CompareLlds {
  audioPeak(audio); // empty or non-finite: an AudioError naming the source
  const rate = audio.sampleRate;
  const P = plan(rate);
  const x = audio.samples;
  const n = x.length;
  const frames = Math.max(1, Math.ceil(n / P.hop));
  const lead = Math.floor((P.win - P.hop) / 2);
  const nb = P.nfft / 2 + 1;
  const binHz = rate / P.nfft;
  const L = SPECTRAL_LLD_NAMES.length;
  const spectral = Array.from({ length: L }, () => new Float64Array(frames));
  const logBands = Array.from({ length: AUDITORY_BANDS }, () => new Float64Array(frames));
  const peakAmp = new Float64Array(frames);
  const buf = new Array<number>(P.nfft).fill(0);
  const spec = P.fft.createComplexArray() as number[];
  const pow = new Float64Array(nb);
  const mag = new Float64Array(nb);
  const prevMag = new Float64Array(nb);
  const bands = new Float64Array(AUDITORY_BANDS);
  const dB = new Float64Array(nb);
  const iMfcc = 4 + AUDITORY_BANDS;
  const iRest = iMfcc + MFCC_COUNT;
  const kLo = Math.max(1, Math.round(50 / binHz));
  const kHi = Math.min(nb - 2, Math.round(5000 / binHz));
  // frequency-regression constants for the slope (bins 0..nb-1, kHz)
  let fm = 0;
  for (let k = 0; k < nb; k++) fm += (k * binHz) / 1000;
  fm /= nb;
  let fvar = 0;
  for (let k = 0; k < nb; k++) fvar += ((k * binHz) / 1000 - fm) ** 2;
  for (let f = 0; f < frames; f++) {
    const s = f * P.hop - lead;
    let e = 0,
      z = 0,
      cnt = 0,
      pk = 0,
      prev = Number.NaN;
    for (let i = 0; i < P.nfft; i++) {
      const j = s + i;
      const v = i < P.win && j >= 0 && j < n ? x[j]! : 0;
      buf[i] = i < P.win ? v * P.window[i]! : 0;
      if (i < P.win && j >= 0 && j < n) {
        e += v * v;
        cnt++;
        pk = Math.max(pk, Math.abs(v));
        if (!Number.isNaN(prev) && v >= 0 !== prev >= 0) z++;
        prev = v;
      }
    }
    peakAmp[f] = pk;
    spectral[2]![f] = Math.sqrt(e / Math.max(1, cnt));
    spectral[3]![f] = cnt > 1 ? z / (cnt - 1) : 0;
    P.fft.realTransform(spec, buf);
    let total = 0;
    for (let k = 0; k < nb; k++) {
      pow[k] = (spec[2 * k]! ** 2 + spec[2 * k + 1]! ** 2) / P.nfft;
      mag[k] = Math.sqrt(pow[k]!);
      total += pow[k]!;
      dB[k] = 10 * Math.log10(pow[k]! + 1e-12);
    }
    applyFilterBank(P.bank, pow, bands);
    let loud = 0;
    for (let b = 0; b < AUDITORY_BANDS; b++) {
      loud += bands[b]! ** 0.3;
      logBands[b]![f] = Math.log(bands[b]! + 1e-10);
    }
    spectral[0]![f] = loud;
    for (let k = 0; k < MFCC_COUNT; k++) {
      let acc = 0;
      for (let b = 0; b < AUDITORY_BANDS; b++) acc += P.dct[k * AUDITORY_BANDS + b]! * logBands[b]![f]!;
      spectral[iMfcc + k]![f] = acc;
    }
    let e1 = 0,
      e2 = 0;
    for (let k = 0; k < nb; k++) {
      const hz = k * binHz;
      if (hz >= 250 && hz <= 650) e1 += pow[k]!;
      if (hz >= 1000 && hz <= 4000) e2 += pow[k]!;
    }
    let o = iRest;
    spectral[o++]![f] = 10 * Math.log10(e1 + 1e-12);
    spectral[o++]![f] = 10 * Math.log10(e2 + 1e-12);
    for (const p of [0.25, 0.5, 0.75, 0.9]) {
      let acc = 0;
      let k = 0;
      if (total > 0) for (; k < nb - 1 && acc + pow[k]! < p * total; k++) acc += pow[k]!;
      spectral[o++]![f] = total > 0 ? k * binHz : 0;
    }
    let flux = 0;
    if (f > 0) for (let k = 0; k < nb; k++) flux += (mag[k]! - prevMag[k]!) ** 2;
    prevMag.set(mag);
    spectral[o++]![f] = flux;
    let c = 0,
      ent = 0;
    if (total > 0) {
      for (let k = 0; k < nb; k++) {
        const q = pow[k]! / total;
        c += q * k * binHz;
        if (q > 0) ent -= q * Math.log(q);
      }
    }
    let m2 = 0,
      m3 = 0,
      m4 = 0;
    if (total > 0)
      for (let k = 0; k < nb; k++) {
        const q = pow[k]! / total;
        const d = k * binHz - c;
        m2 += q * d * d;
        m3 += q * d * d * d;
        m4 += q * d * d * d * d;
      }
    spectral[o++]![f] = c;
    spectral[o++]![f] = total > 0 ? ent / Math.log(nb) : 0;
    spectral[o++]![f] = m2;
    spectral[o++]![f] = m2 > 0 ? m3 / m2 ** 1.5 : 0;
    spectral[o++]![f] = m2 > 0 ? m4 / (m2 * m2) : 0;
    let dm = 0;
    for (let k = 0; k < nb; k++) dm += mag[k]!;
    dm /= nb;
    let cov = 0;
    for (let k = 0; k < nb; k++) cov += ((k * binHz) / 1000 - fm) * (mag[k]! - dm);
    spectral[o++]![f] = cov / fvar;
    let sw = 0,
      sl = 0;
    for (let b = 0; b < AUDITORY_BANDS; b++) {
      const nl = bands[b]! ** 0.3;
      sw += nl * sharpnessWeight(P.barkOfBand[b]!) * P.barkOfBand[b]!;
      sl += nl;
    }
    spectral[o++]![f] = sl > 0 ? sw / sl : 0;
    let pSum = 0,
      pN = 0,
      vSum = 0,
      vN = 0;
    for (let k = kLo; k <= kHi; k++) {
      if (dB[k]! > dB[k - 1]! && dB[k]! >= dB[k + 1]!) {
        pSum += dB[k]!;
        pN++;
      } else if (dB[k]! < dB[k - 1]! && dB[k]! <= dB[k + 1]!) {
        vSum += dB[k]!;
        vN++;
      }
    }
    spectral[o++]![f] = pN && vN ? pSum / pN - vSum / vN : 0;
  }
  // RASTA-filtered auditory bands and their sum
  for (let b = 0; b < AUDITORY_BANDS; b++) {
    const y = rastaFilter(logBands[b]!);
    spectral[4 + b]!.set(y);
    for (let f = 0; f < frames; f++) spectral[1]![f]! += Math.exp(y[f]!) ** 0.3;
  }
  // voicing
  const sf = decompose(audio, { rate, frameLength: LLD_WINDOW_S, hop: LLD_HOP_S, lpcOrder: Math.min(24, Math.round(rate / 1000) + 2), bands: 8 });
  const m = Math.min(frames, sf.frames);
  const voicingProb = new Float64Array(frames);
  voicingProb.set(sf.voicing.subarray(0, m));
  const idx: number[] = [];
  for (let f = 0; f < m; f++) if (sf.f0[f]! > 0) idx.push(f);
  const F0 = Float64Array.from(idx, (f) => sf.f0[f]!);
  const hnr = Float64Array.from(idx, (f) => {
    const r = Math.min(0.999, Math.max(0.01, sf.voicing[f]!));
    return 10 * Math.log10(r / (1 - r));
  });
  const T = F0.map((v) => 1 / v);
  let Tm = 0;
  for (const v of T) Tm += v;
  Tm /= Math.max(1, T.length);
  const jl = new Float64Array(idx.length);
  const jd = new Float64Array(idx.length);
  const sh = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const consecutivePrev = i > 0 && idx[i - 1] === idx[i]! - 1;
    const consecutiveNext = i + 1 < idx.length && idx[i + 1] === idx[i]! + 1;
    if (consecutivePrev) {
      jl[i] = Math.abs(T[i]! - T[i - 1]!) / Tm;
      const a = peakAmp[idx[i]!]!;
      const b = peakAmp[idx[i - 1]!]!;
      sh[i] = a > 0 && b > 0 ? Math.abs(20 * Math.log10(a / b)) : 0;
    }
    if (consecutivePrev && consecutiveNext) jd[i] = Math.abs(T[i + 1]! - 2 * T[i]! + T[i - 1]!) / Tm;
  }
  return { frameRate: rate / P.hop, frames, spectral, voicingProb, voiced: [F0, hnr, jl, jd, sh] };
}
