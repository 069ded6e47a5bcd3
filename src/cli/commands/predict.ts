/**
 * `lsm-ser predict MODEL.json FILE.wav... [--speakers a,a,b,...]`: one line per file with the
 * label and the scores. Files of one speaker are standardized together when the model uses
 * per-speaker standardization.
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
    .option('--speakers <list>', 'speaker of each file, comma-separated in file order (default: all files are one speaker); a model with per-speaker standardization (the default) standardizes each speaker\'s files together and needs at least 2 per speaker')
    .option('--json', 'one JSON line per file: file, label, scores')
    .action(async (modelPath: string, files: string[], o: { json?: boolean; speakers?: string }) => {
      const model = readModel(modelPath);
      const speakers = o.speakers?.split(',').map((s) => s.trim());
      if (speakers && (speakers.length !== files.length || speakers.some((s) => s === ''))) throw new RangeError(`--speakers: needs one non-empty speaker per file (${files.length} files), got ${JSON.stringify(o.speakers)}`);
      const res = await model.predict(files, speakers ? { speakers } : {});
      for (const r of res) {
        if (o.json) printJson(r);
        else printLine(`${r.file}\t${r.label}`);
      }
    });
}
