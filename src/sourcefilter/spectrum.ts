/**
 * One analysis frame of a {@link SourceFilter}, seen in frequency: the power spectrum of the
 * windowed pre-emphasized signal, of the windowed excitation, and the LPC envelope G^2/|A|^2
 * that the tract bands are computed from, on one frequency grid and in one unit (power per
 * sample, in dB; full scale = 0 dB), so that the envelope lies on the signal's spectrum.
 *
 * @module
 */
import FFT from 'fft.js';
import type { SourceFilter } from './decompose.js';

/** The result of {@link frameSpectrum}: `nfft / 2 + 1` bins from 0 Hz to the Nyquist frequency. */
export interface FrameSpectrum {
  /** The frame's index. */
  readonly frame: number;
  /** Centre of the frame, in seconds from the start. */
  readonly time: number;
  /** Frequency of each bin, in hertz. */
  readonly frequency: Float64Array;
  /** Power spectrum of the windowed pre-emphasized signal, in dB. */
  readonly signalDb: Float64Array;
  /** Power spectrum of the windowed excitation (the LPC residual), in dB. */
  readonly excitationDb: Float64Array;
  /** The LPC envelope G^2 / |A(e^jw)|^2 of the frame, in dB. */
  readonly envelopeDb: Float64Array;
}

/**
 * The spectra of frame `frame` of `sf` with the analysis's own framing (Hamming window of
 * `frameLength`, centred on the frame's hop segment, zero padded at the edges) and FFT length
 * (the next power of two >= the window, or `nfft`, a power of two >= the window). Periodograms
 * are |X|^2 / sum(w^2), the scale of the band energies. Throws a RangeError for a frame outside
 * [0, frames) or a bad `nfft`.
 */
export function frameSpectrum(sf: SourceFilter, frame: number, nfft?: number): FrameSpectrum {
  if (!Number.isInteger(frame) || frame < 0 || frame >= sf.frames) throw new RangeError(`frame: must be a whole number in [0, ${sf.frames}), got ${frame}`);
  const rate = sf.sampleRate;
  const win = Math.round(sf.options.frameLength * rate);
  const hop = sf.hopSamples;
  let size = 16;
  while (size < win) size *= 2;
  const N = nfft ?? size;
  if (!Number.isInteger(N) || N < win || (N & (N - 1)) !== 0) throw new RangeError(`nfft: must be a power of two >= the window (${win} samples), got ${nfft}`);
  const w = Float64Array.from({ length: win }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (win - 1)));
  let wp = 0;
  for (const v of w) wp += v * v;
  const start = frame * hop - Math.floor((win - hop) / 2);
  const fft = new FFT(N);
  const input = new Float64Array(N);
  const out = new Float64Array(2 * N);
  const half = N / 2;
  const db = (p: number) => 10 * Math.log10(Math.max(p, 1e-30));
  const periodogram = (x: Float64Array): Float64Array => {
    input.fill(0);
    for (let i = 0; i < win; i++) {
      const j = start + i;
      input[i] = j >= 0 && j < x.length ? x[j]! * w[i]! : 0;
    }
    fft.realTransform(out, input);
    return Float64Array.from({ length: half + 1 }, (_, b) => db((out[2 * b]! ** 2 + out[2 * b + 1]! ** 2) / wp));
  };
  const signalDb = periodogram(sf.preEmphasized);
  const excitationDb = periodogram(sf.excitation);
  const p = sf.lpc.cols;
  input.fill(0);
  for (let q = 0; q < p; q++) input[q] = sf.lpc.data[frame * p + q]!;
  fft.realTransform(out, input);
  const g2 = sf.gain[frame]! ** 2;
  const envelopeDb = Float64Array.from({ length: half + 1 }, (_, b) => db(g2 / Math.max(out[2 * b]! ** 2 + out[2 * b + 1]! ** 2, 1e-30)));
  return {
    frame,
    time: (frame + 0.5) / sf.frameRate,
    frequency: Float64Array.from({ length: half + 1 }, (_, b) => (b * rate) / N),
    signalDb,
    excitationDb,
    envelopeDb,
  };
}
