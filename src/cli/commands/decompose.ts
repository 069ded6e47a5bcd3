/**
 * `lsm-ser decompose IN.wav --out DIR`: the source-filter split of one file, with a summary,
 * the excitation as WAV and a picture.
 *
 * @module
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { writeJsonAtomic } from '../../core/fsutil.js';
import { gitCommit, VERSION } from '../../core/provenance.js';
import { loadAudio } from '../../sourcefilter/load.js';
import { decompose, resynthesize, snrDb } from '../../sourcefilter/decompose.js';
import { writeWav } from '../../sourcefilter/wav.js';
import { writeSvg } from '../../plot/render.js';
import { decompositionPlotSpec } from '../../plot/specs/decomposition.js';
import { parseIntFlag, printJson, printLine } from '../io.js';

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

/** Decompose one file and write `excitation.wav`, `summary.json`, `decomposition.svg` into `out`. */
export async function runDecompose(file: string, out: string, opts: { order?: number; rate?: number; plot?: boolean }): Promise<DecomposeSummary> {
  const audio = loadAudio(file, { rate: opts.rate ?? 16000 });
  const sf = decompose(audio, { rate: opts.rate ?? 16000, ...(opts.order !== undefined ? { lpcOrder: opts.order } : {}) });
  const snr = snrDb(sf.preEmphasized, resynthesize(sf));
  const voiced = Array.from(sf.f0).filter((v) => v > 0).sort((a, b) => a - b);
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

/** Register `decompose`. */
export function register(program: Command): void {
  program
    .command('decompose')
    .description('split a WAV file into LPC excitation and vocal tract; writes excitation.wav, summary.json, decomposition.svg')
    .argument('<in>', 'input WAV file')
    .requiredOption('--out <dir>', 'output folder')
    .option('--order <n>', 'LPC order (default 16)')
    .option('--rate <hz>', 'analysis sampling rate in Hz (default 16000)')
    .option('--no-plot', 'skip the SVG picture')
    .option('--json', 'print the summary as one JSON line')
    .action(async (input: string, o: { out: string; order?: string; rate?: string; plot: boolean; json?: boolean }) => {
      const summary = await runDecompose(input, o.out, {
        ...(o.order !== undefined ? { order: parseIntFlag('--order', o.order, 1, 100) } : {}),
        ...(o.rate !== undefined ? { rate: parseIntFlag('--rate', o.rate, 4000, 192000) } : {}),
        plot: o.plot,
      });
      if (o.json) printJson(summary);
      else {
        printLine(`${input}: ${summary.frames} frames, ${summary.durationSeconds.toFixed(2)} s at ${summary.sampleRate} Hz, LPC order ${summary.lpcOrder}`);
        printLine(`resynthesis SNR ${summary.resynthesisSnrDb === null ? 'inf' : summary.resynthesisSnrDb.toFixed(1)} dB, median F0 ${summary.f0MedianHz === null ? 'n/a' : summary.f0MedianHz.toFixed(1) + ' Hz'}`);
        printLine(`wrote ${join(o.out, 'excitation.wav')}, summary.json${o.plot ? ', decomposition.svg' : ''}`);
      }
    });
}
