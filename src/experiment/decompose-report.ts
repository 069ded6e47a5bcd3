/**
 * The source-filter split of one file as a results folder: `excitation.wav` (the residual,
 * 32-bit float), `summary.json` (the {@link DecomposeSummary}) and `decomposition.svg`. Behind
 * `lsm-ser decompose` and bench/decompose-all.ts.
 *
 * @module
 */
import { join, resolve } from 'node:path';
import { writeJsonAtomic } from '../core/fsutil.js';
import { gitCommit, VERSION } from '../core/provenance.js';
import { loadAudio } from '../sourcefilter/load.js';
import { decompose, resynthesize, snrDb } from '../sourcefilter/decompose.js';
import { writeWav } from '../sourcefilter/wav.js';
import { writeSvg } from '../plot/render.js';
import { decompositionPlotSpec } from '../plot/specs/decomposition.js';

/** The summary written to `summary.json`. */
export interface DecomposeSummary {
  /** Absolute path of the input file. */
  source: string;
  /** Analysis sampling rate, in hertz (also the rate of `excitation.wav`). */
  sampleRate: number;
  /** LPC order used. */
  lpcOrder: number;
  /** Number of analysis frames. */
  frames: number;
  /** Frames per second, in hertz. */
  frameRate: number;
  /** Duration of the analysed (resampled, trimmed) audio, in seconds. */
  durationSeconds: number;
  /** SNR of the resynthesized against the pre-emphasized signal, in dB; null when exact (infinite), e.g. for silence. */
  resynthesisSnrDb: number | null;
  /** Median F0 over voiced frames, in hertz; null when no frame is voiced. */
  f0MedianHz: number | null;
  /** Fraction of voiced frames, in [0, 1]. */
  voicedFraction: number;
  /** lsm-ser version that wrote the summary. */
  version: string;
  /** Git commit of the lsm-ser checkout that wrote it (null outside a checkout). */
  commit: string | null;
}

/** Options of {@link runDecompose}. */
export interface RunDecomposeOptions {
  /** LPC order; default the front end's (16). */
  readonly order?: number;
  /** Analysis sampling rate, in hertz; default 16000. */
  readonly rate?: number;
  /** Draw `decomposition.svg`; default true. */
  readonly plot?: boolean;
}

/** Decompose one file and write `excitation.wav`, `summary.json`, `decomposition.svg` into `out`. */
export async function runDecompose(file: string, out: string, opts: RunDecomposeOptions = {}): Promise<DecomposeSummary> {
  const audio = loadAudio(file, { rate: opts.rate ?? 16000 });
  const sf = decompose(audio, { rate: opts.rate ?? 16000, ...(opts.order !== undefined ? { lpcOrder: opts.order } : {}) });
  const snr = snrDb(sf.preEmphasized, resynthesize(sf));
  const voiced = Array.from(sf.f0)
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  const summary: DecomposeSummary = {
    source: resolve(file),
    sampleRate: sf.sampleRate,
    lpcOrder: sf.options.lpcOrder,
    frames: sf.frames,
    frameRate: sf.frameRate,
    durationSeconds: sf.preEmphasized.length / sf.sampleRate,
    resynthesisSnrDb: Number.isFinite(snr) ? snr : null,
    f0MedianHz: voiced.length ? voiced[voiced.length >> 1]! : null,
    voicedFraction: voiced.length / sf.frames,
    version: VERSION,
    commit: gitCommit(),
  };
  // The residual is written as 32-bit float: it can exceed [-1, 1].
  writeWav(join(out, 'excitation.wav'), sf.excitation, sf.sampleRate, { bitDepth: '32f' });
  writeJsonAtomic(join(out, 'summary.json'), summary);
  if (opts.plot !== false) await writeSvg(join(out, 'decomposition.svg'), decompositionPlotSpec(sf, file));
  return summary;
}
