/**
 * Options of the source-filter front end, their defaults and their validation.
 *
 * @module
 */
import type { F0Options } from './f0.js';

/** How band energies are normalized per utterance. */
export type BandNormalization = 'utterance' | 'band' | 'none';

/** Options of {@link decompose} (all optional; see {@link DEFAULT_SOURCE_FILTER_OPTIONS}). */
export interface SourceFilterOptions {
  /** Analysis sampling rate, in hertz (input is resampled to it); default 16000. */
  readonly rate?: number;
  /** LPC order; default 16 (at 16 kHz). */
  readonly lpcOrder?: number;
  /** Analysis window length, in seconds; default 0.025. */
  readonly frameLength?: number;
  /** Hop between frames, in seconds; default 0.010 (100 frames/s). */
  readonly hop?: number;
  /** Pre-emphasis coefficient in [0, 1); default 0.97. */
  readonly preEmphasis?: number;
  /** Gaussian lag-window bandwidth, in hertz (0 = none); default 60. */
  readonly lagWindowHz?: number;
  /** White-noise correction: r[0] is multiplied by (1 + this); default 1e-4 (-40 dB). */
  readonly whiteNoise?: number;
  /** Number of perceptual bands of each representation; default 32. */
  readonly bands?: number;
  /** Band scale; default 'mel'. */
  readonly scale?: 'mel' | 'bark';
  /** Lowest band edge, in hertz; default 50. */
  readonly fMin?: number;
  /** Highest band edge, in hertz; default rate / 2. */
  readonly fMax?: number;
  /** Floor added to band energies before the log (power, full scale = 1); default 1e-10. */
  readonly logFloor?: number;
  /** Per-utterance normalization of the log band energies; default 'utterance' (one mean/std over all bands and frames). */
  readonly normalization?: BandNormalization;
  /** Estimate F0 and voicing from the residual; default true. */
  readonly pitch?: boolean;
  /** Options of the F0 estimator. */
  readonly f0?: F0Options;
}

/** Fully resolved options. */
export interface ResolvedSourceFilterOptions {
  /** Analysis sampling rate, in hertz. */
  readonly rate: number;
  /** LPC order. */
  readonly lpcOrder: number;
  /** Analysis window length, in seconds. */
  readonly frameLength: number;
  /** Hop between frames, in seconds. */
  readonly hop: number;
  /** Pre-emphasis coefficient. */
  readonly preEmphasis: number;
  /** Gaussian lag-window bandwidth, in hertz. */
  readonly lagWindowHz: number;
  /** White-noise correction factor on r[0]. */
  readonly whiteNoise: number;
  /** Number of perceptual bands. */
  readonly bands: number;
  /** Band scale. */
  readonly scale: 'mel' | 'bark';
  /** Lowest band edge, in hertz. */
  readonly fMin: number;
  /** Highest band edge, in hertz. */
  readonly fMax: number;
  /** Floor added before the log (power, full scale = 1). */
  readonly logFloor: number;
  /** Normalization of the log band energies. */
  readonly normalization: BandNormalization;
  /** Whether F0 and voicing are estimated. */
  readonly pitch: boolean;
  /** Options of the F0 estimator (validated). */
  readonly f0: F0Options;
}

/** Defaults of the front end. */
export const DEFAULT_SOURCE_FILTER_OPTIONS: Readonly<Omit<ResolvedSourceFilterOptions, 'fMax'> & { fMax: number | null }> = Object.freeze({
  rate: 16000,
  lpcOrder: 16,
  frameLength: 0.025,
  hop: 0.01,
  preEmphasis: 0.97,
  lagWindowHz: 60,
  whiteNoise: 1e-4,
  bands: 32,
  scale: 'mel',
  fMin: 50,
  fMax: null,
  logFloor: 1e-10,
  normalization: 'utterance',
  pitch: true,
  f0: Object.freeze({}),
});

function check(cond: boolean, field: string, value: unknown, rule: string): void {
  if (!cond) throw new RangeError(`${field}: ${JSON.stringify(value)} is not allowed (${rule})`);
}

/** TypeError unless every named field that is present has the expected kind. */
function kinds(o: object, kind: 'number' | 'string' | 'boolean' | 'object', fields: string[], prefix = ''): void {
  for (const f of fields) {
    const v = (o as Record<string, unknown>)[f];
    if (v !== undefined && (typeof v !== kind || v === null))
      throw new TypeError(`${prefix}${f}: expected a ${kind}, got ${v === null ? 'null' : typeof v} (${JSON.stringify(v)})`);
  }
}

/** Merge `options` over the defaults and validate every field and their relations. */
export function resolveSourceFilterOptions(options: SourceFilterOptions = {}): ResolvedSourceFilterOptions {
  const d = DEFAULT_SOURCE_FILTER_OPTIONS;
  kinds(options, 'number', ['rate', 'lpcOrder', 'frameLength', 'hop', 'preEmphasis', 'lagWindowHz', 'whiteNoise', 'bands', 'fMin', 'fMax', 'logFloor']);
  kinds(options, 'string', ['scale', 'normalization']);
  kinds(options, 'boolean', ['pitch']);
  kinds(options, 'object', ['f0']);
  const rate = options.rate ?? d.rate;
  check(Number.isInteger(rate) && rate >= 4000 && rate <= 192000, 'rate', rate, 'an integer number of hertz in [4000, 192000]');
  const lpcOrder = options.lpcOrder ?? d.lpcOrder;
  const frameLength = options.frameLength ?? d.frameLength;
  const hop = options.hop ?? d.hop;
  check(frameLength > 0 && frameLength <= 0.2, 'frameLength', frameLength, 'seconds in (0, 0.2]');
  check(hop > 0 && hop <= frameLength, 'hop', hop, `seconds in (0, frameLength = ${frameLength}]`);
  const winSamples = Math.round(frameLength * rate);
  check(
    Number.isInteger(lpcOrder) && lpcOrder >= 1 && lpcOrder < winSamples,
    'lpcOrder',
    lpcOrder,
    `an integer in [1, ${winSamples - 1}] (below the frame length in samples)`,
  );
  const preEmphasis = options.preEmphasis ?? d.preEmphasis;
  check(preEmphasis >= 0 && preEmphasis < 1, 'preEmphasis', preEmphasis, 'in [0, 1)');
  const lagWindowHz = options.lagWindowHz ?? d.lagWindowHz;
  check(lagWindowHz >= 0 && lagWindowHz < rate / 4, 'lagWindowHz', lagWindowHz, 'hertz in [0, rate/4)');
  const whiteNoise = options.whiteNoise ?? d.whiteNoise;
  check(whiteNoise >= 0 && whiteNoise < 1, 'whiteNoise', whiteNoise, 'in [0, 1)');
  const bands = options.bands ?? d.bands;
  check(Number.isInteger(bands) && bands >= 1 && bands <= 256, 'bands', bands, 'an integer in [1, 256]');
  const scale = options.scale ?? d.scale;
  check(scale === 'mel' || scale === 'bark', 'scale', scale, "'mel' or 'bark'");
  const fMin = options.fMin ?? d.fMin;
  const fMax = options.fMax ?? rate / 2;
  check(fMin >= 0, 'fMin', fMin, 'hertz >= 0');
  check(fMax > fMin && fMax <= rate / 2, 'fMax', fMax, `hertz in (fMin, rate/2 = ${rate / 2}]`);
  const logFloor = options.logFloor ?? d.logFloor;
  check(logFloor > 0, 'logFloor', logFloor, '> 0');
  const normalization = options.normalization ?? d.normalization;
  check(['utterance', 'band', 'none'].includes(normalization), 'normalization', normalization, "'utterance' | 'band' | 'none'");
  const pitch = options.pitch ?? d.pitch;
  const f0: F0Options = { ...(options.f0 ?? {}) };
  kinds(f0, 'number', ['fMin', 'fMax', 'window', 'voicingThreshold', 'silenceDb'], 'f0.');
  const f0Min = f0.fMin ?? 50;
  const f0Max = f0.fMax ?? 500;
  check(f0Min > 0, 'f0.fMin', f0Min, 'hertz > 0');
  check(f0Max > f0Min && f0Max < rate / 2, 'f0.fMax', f0Max, `hertz in (f0.fMin, rate/2 = ${rate / 2})`);
  if (f0.window !== undefined) check(f0.window > 0 && f0.window <= 0.1, 'f0.window', f0.window, 'seconds in (0, 0.1]');
  if (f0.voicingThreshold !== undefined) check(f0.voicingThreshold >= 0 && f0.voicingThreshold <= 1, 'f0.voicingThreshold', f0.voicingThreshold, 'in [0, 1]');
  if (f0.silenceDb !== undefined) check(f0.silenceDb > 0, 'f0.silenceDb', f0.silenceDb, 'dB > 0');
  return { rate, lpcOrder, frameLength, hop, preEmphasis, lagWindowHz, whiteNoise, bands, scale, fMin, fMax, logFloor, normalization, pitch, f0 };
}
