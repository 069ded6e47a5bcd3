/**
 * Short-time magnitude spectra for eGeMAPS: frames start every `hop` samples (frame k covers
 * samples [k*hop, k*hop + length), zero beyond the end of the signal), a Hamming or Gaussian
 * window, and the FFT magnitude of the next power of two.
 *
 * @module
 */
import FFT from 'fft.js';

/** Window shapes used by eGeMAPS: Hamming (20-ms spectral frames) and Gaussian, sigma 0.4 (60-ms pitch frames). */
export type WindowShape = 'hamming' | 'gauss';

/** Magnitude spectra of one framing of a signal. */
export interface FrameSpectra {
  /** Number of frames. */
  readonly frames: number;
  /** Samples per frame (window length). */
  readonly length: number;
  /** FFT size (power of two >= length). */
  readonly nfft: number;
  /** Bins per frame, nfft / 2 + 1. */
  readonly bins: number;
  /** Bin spacing, in hertz. */
  readonly binHz: number;
  /** Magnitudes |X(k)| (window-weighted, full scale 1), frames x bins, row-major. */
  readonly mag: Float64Array;
  /** Sum of squared windowed samples per frame (the frame's energy, full scale 1). */
  readonly energy: Float64Array;
}

/** The window of `shape` and `length` samples (Gaussian: sigma 0.4 of the half length). */
export function makeWindow(shape: WindowShape, length: number): Float64Array {
  const w = new Float64Array(length);
  const m = (length - 1) / 2;
  for (let i = 0; i < length; i++) {
    if (shape === 'hamming') w[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (length - 1));
    else w[i] = Math.exp(-0.5 * ((i - m) / (0.4 * m)) ** 2);
  }
  return w;
}

/** Smallest power of two >= n. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Magnitude spectra of `frames` frames of `x`, each `length` samples long, starting every `hop`
 * samples, windowed by `shape`.
 */
export function frameSpectra(x: Float64Array, sampleRate: number, hop: number, frames: number, length: number, shape: WindowShape): FrameSpectra {
  const nfft = nextPow2(length);
  const bins = nfft / 2 + 1;
  const win = makeWindow(shape, length);
  const fft = new FFT(nfft);
  const buf = new Array<number>(nfft).fill(0);
  const spec = fft.createComplexArray() as number[];
  const mag = new Float64Array(frames * bins);
  const energy = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    const s = f * hop;
    let e = 0;
    for (let i = 0; i < nfft; i++) {
      const v = i < length && s + i < x.length ? x[s + i]! * win[i]! : 0;
      buf[i] = v;
      e += v * v;
    }
    energy[f] = e;
    fft.realTransform(spec, buf);
    const o = f * bins;
    for (let k = 0; k < bins; k++) mag[o + k] = Math.hypot(spec[2 * k]!, spec[2 * k + 1]!);
  }
  return { frames, length, nfft, bins, binHz: sampleRate / nfft, mag, energy };
}
