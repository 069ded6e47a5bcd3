/**
 * `lsm-ser synth --out DIR`: write the built-in synthetic emotional speech corpus.
 *
 * @module
 */
import type { Command } from 'commander';
import { synthesizeCorpus, writeCorpus } from '../../synth/corpus.js';
import { parseIntFlag, printJson, printLine } from '../io.js';

/** Register `synth`. */
export function register(program: Command): void {
  program
    .command('synth')
    .description('write the built-in synthetic emotional speech corpus (WAV files + manifest.csv)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--seed <n>', 'seed', '1')
    .option('--speakers <n>', 'virtual speakers', '6')
    .option('--per-class <n>', 'utterances per emotion per speaker', '8')
    .option('--json', 'print a JSON summary line')
    .action((o: { out: string; seed: string; speakers: string; perClass: string; json?: boolean }) => {
      const t0 = performance.now();
      const corpus = synthesizeCorpus({
        seed: parseIntFlag('--seed', o.seed, 0),
        speakers: parseIntFlag('--speakers', o.speakers, 2, 100),
        perClass: parseIntFlag('--per-class', o.perClass, 1, 1000),
      });
      writeCorpus(corpus, o.out);
      const seconds = (performance.now() - t0) / 1000;
      const summary = {
        out: o.out,
        files: corpus.utterances.length,
        labels: corpus.labels,
        speakers: corpus.speakers.map((s) => s.id),
        seed: corpus.options.seed,
        seconds,
      };
      if (o.json) printJson(summary);
      else
        printLine(
          `wrote ${summary.files} utterances (${summary.labels.join(', ')}; ${summary.speakers.length} speakers) to ${o.out} in ${seconds.toFixed(1)} s`,
        );
    });
}
