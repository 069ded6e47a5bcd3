/**
 * Short-time spectra for the baselines: log-mel spectrograms (the deep models' input) and
 * MFCCs (DCT-II of the log-mel energies), with regression deltas.
 *
 * @module
 */
import FFT from 'fft.js';
import type { Mat } from '../core/matrix.js';
import type { Audio } from '../sourcefilter/audio.js';
import { AudioError } from '../core/errors.js';
import { applyFilterBank, makeFilterBank, type FilterBank } from '../sourcefilter/melbank.js';

/** Options of {@link logMelSpectrogram}. */
export interface LogMelOptions {
  /** Mel bands; default 40. */
  readonly bands?: number;
  /** Window length, in seconds; default 0.025 (Hamming). */
  readonly window?: number;
  /** Hop, in seconds; default 0.010. */
  readonly hop?: number;
  /** Lowest band edge, in hertz; default 50. */
  readonly fMin?: number;
  /** Highest band edge, in hertz; default rate / 2. */
  readonly fMax?: number;
  /** Power floor before the log (full scale = 1); default 1e-10. */
  readonly floor?: number;
}

interface Plan {
  win: number;
  hop: number;
  nfft: number;
  window: Float64Array;
  fb: FilterBank;
  fft: FFT;
}
const plans = new Map<string, Plan>();

function plan(rate: number, o: Required<LogMelOptions>): Plan {
  const key = `${rate}:${o.bands}:${o.window}:${o.hop}:${o.fMin}:${o.fMax}`;
  let p = plans.get(key);
  if (!p) {
    const win = Math.round(o.window * rate);
    const hop = Math.round(o.hop * rate);
    let nfft = 16;
    while (nfft < win) nfft *= 2;
    const window = Float64Array.from({ length: win }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (win - 1)));
    p = { win, hop, nfft, window, fb: makeFilterBank(o.bands, nfft, rate, o.fMin, o.fMax, 'mel'), fft: new FFT(nfft) };
    plans.set(key, p);
  }
  return p;
}

/**
 * Natural-log mel band powers, frames x bands; frame f covers samples [f*hop, f*hop + window)
 * (zero-padded at the end). Errors name the audio's source for empty or non-finite input.
 */
export function logMelSpectrogram(audio: Audio, options: LogMelOptions = {}): Mat {
  const rate = audio.sampleRate;
  const o: Required<LogMelOptions> = { bands: 40, window: 0.025, hop: 0.01, fMin: 50, fMax: rate / 2, floor: 1e-10, ...options };
  if (o.fMax > rate / 2 || o.fMin < 0 || o.fMin >= o.fMax)
    throw new RangeError(`log-mel: band edges must satisfy 0 <= fMin < fMax <= rate/2, got ${o.fMin}..${o.fMax} Hz at ${rate} Hz`);
  const x = audio.samples;
  if (x.length === 0) throw new AudioError(audio.source, 'empty audio');
  const p = plan(rate, o);
  const frames = Math.max(1, Math.ceil(x.length / p.hop));
  const out = new Float64Array(frames * o.bands);
  const buf = new Array<number>(p.nfft).fill(0);
  const spec = p.fft.createComplexArray() as number[];
  const pow = new Float64Array(p.nfft / 2 + 1);
  const bands = new Float64Array(o.bands);
  for (let f = 0; f < frames; f++) {
    const s = f * p.hop;
    for (let i = 0; i < p.nfft; i++) {
      const v = i < p.win && s + i < x.length ? x[s + i]! : 0;
      if (!Number.isFinite(v)) throw new AudioError(audio.source, `sample ${s + i} is not finite (${v})`);
      buf[i] = i < p.win ? v * p.window[i]! : 0;
    }
    p.fft.realTransform(spec, buf);
    for (let k = 0; k <= p.nfft / 2; k++) pow[k] = (spec[2 * k]! ** 2 + spec[2 * k + 1]! ** 2) / p.nfft;
    applyFilterBank(p.fb, pow, bands);
    for (let b = 0; b < o.bands; b++) out[f * o.bands + b] = Math.log(bands[b]! + o.floor);
  }
  return { data: out, rows: frames, cols: o.bands };
}

/** The first `n` DCT-II coefficients (orthonormal) of each row. */
export function dctRows(m: Mat, n: number): Mat {
  const B = m.cols;
  if (!(n >= 1 && n <= B)) throw new RangeError(`coefficients: must be in [1, ${B}], got ${n}`);
  const basis = new Float64Array(n * B);
  for (let k = 0; k < n; k++) {
    const s = k === 0 ? Math.sqrt(1 / B) : Math.sqrt(2 / B);
    for (let b = 0; b < B; b++) basis[k * B + b] = s * Math.cos((Math.PI * k * (b + 0.5)) / B);
  }
  const out = new Float64Array(m.rows * n);
  for (let r = 0; r < m.rows; r++) {
    for (let k = 0; k < n; k++) {
      let acc = 0;
      for (let b = 0; b < B; b++) acc += basis[k * B + b]! * m.data[r * B + b]!;
      out[r * n + k] = acc;
    }
  }
  return { data: out, rows: m.rows, cols: n };
}

/** Regression deltas over +-`width` frames (edges repeated), as HTK: sum k (x[t+k] - x[t-k]) / (2 sum k^2). */
export function deltas(m: Mat, width = 2): Mat {
  const { rows, cols } = m;
  const out = new Float64Array(rows * cols);
  let den = 0;
  for (let k = 1; k <= width; k++) den += 2 * k * k;
  const at = (r: number, c: number) => m.data[Math.min(rows - 1, Math.max(0, r)) * cols + c]!;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let acc = 0;
      for (let k = 1; k <= width; k++) acc += k * (at(r + k, c) - at(r - k, c));
      out[r * cols + c] = acc / den;
    }
  }
  return { data: out, rows, cols };
}
