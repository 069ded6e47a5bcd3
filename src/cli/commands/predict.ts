/**
 * `lsm-ser predict MODEL.json FILE.wav...`: one line per file with the label and the scores.
 *
 * @module
 */
import type { Command } from 'commander';
import { readModel } from '../common.js';
import { printJson, printLine } from '../io.js';

/** Register `predict`. */
export function register(program: Command): void {
  program
    .command('predict')
    .description('predict the emotion of WAV files with a model file')
    .argument('<model>', 'model file written by `lsm-ser train`')
    .argument('<files...>', 'WAV files')
    .option('--json', 'one JSON line per file: file, label, scores')
    .action(async (modelPath: string, files: string[], o: { json?: boolean }) => {
      const model = readModel(modelPath);
      const res = await model.predict(files);
      for (const r of res) {
        if (o.json) printJson(r);
        else printLine(`${r.file}\t${r.label}`);
      }
    });
}
