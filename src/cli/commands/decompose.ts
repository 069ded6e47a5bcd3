/**
 * `lsm-ser decompose IN.wav --out DIR`: the source-filter split of one file, with a summary,
 * the excitation as WAV and a picture (written by src/experiment/decompose-report.ts).
 *
 * @module
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { runDecompose } from '../../experiment/decompose-report.js';
import { parseIntFlag, printJson, printLine } from '../io.js';

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
        printLine(
          `resynthesis SNR ${summary.resynthesisSnrDb === null ? 'inf' : summary.resynthesisSnrDb.toFixed(1)} dB, median F0 ${summary.f0MedianHz === null ? 'n/a' : summary.f0MedianHz.toFixed(1) + ' Hz'}`,
        );
        printLine(`wrote ${join(o.out, 'excitation.wav')}, summary.json${o.plot ? ', decomposition.svg' : ''}`);
      }
    });
}
