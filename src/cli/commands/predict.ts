/**
 * `lsm-ser predict MODEL.json FILE.wav... [--speakers a,a,b,...] [--enroll DIR]`: one line per
 * file with the label (and, with --json, the scores and the standardization used). Without
 * --speakers or --enroll each file is predicted alone (training-set statistics stand in for
 * the speaker's: the features' and, under `frontEnd.channelNormalization: speaker`, the input
 * channels'); models with `features.combine: input+reservoir | input+residual` predict alike. A file that cannot be read is reported on stderr with its error, the others
 * are predicted, and the exit status is 1 at the end.
 *
 * @module
 */
import type { Command } from 'commander';
import { listWavs } from '../../experiment/datasets/walk.js';
import { join } from 'node:path';
import type { LsmModel, Prediction } from '../../experiment/pipeline.js';
import { ExperimentError } from '../../core/errors.js';
import { readModel } from '../common.js';
import { printError, printJson, printLine } from '../io.js';

/** The file a failed prediction names (an lsm-ser error's `file`, or a system error's `path`), if it is one of `files`. */
function failedFile(e: unknown, files: readonly string[]): string | null {
  const f = (e as { file?: unknown; path?: unknown } | null)?.file ?? (e as { path?: unknown } | null)?.path;
  return typeof f === 'string' && files.includes(f) ? f : null;
}

/**
 * Predict `files`, leaving out each file that fails with an error naming it (reported through
 * `onBad`) and predicting the rest; an error naming no file of the list (or an enrolment file) is thrown.
 */
export async function predictSkippingBad(
  model: LsmModel,
  files: readonly string[],
  options: Parameters<LsmModel['predict']>[1],
  onBad: (file: string, error: Error) => void,
): Promise<Prediction[]> {
  let left = [...files];
  let speakers = options?.speakers ? [...options.speakers] : undefined;
  for (;;) {
    if (left.length === 0) return [];
    try {
      return await model.predict(left, { ...options, ...(speakers ? { speakers } : {}) });
    } catch (e) {
      const f = failedFile(e, left);
      if (!f) throw e;
      onBad(f, e as Error);
      const k = left.indexOf(f);
      left = left.filter((_, i) => i !== k);
      speakers = speakers?.filter((_, i) => i !== k);
    }
  }
}

/** Register `predict`. */
export function register(program: Command): void {
  program
    .command('predict')
    .description(
      'predict the emotion of WAV files with a model file; a file that cannot be read is reported on stderr and the others are predicted (exit 1 at the end). A file predicted alone (no --speakers/--enroll, or the only file of its speaker) is standardized with the training-set statistics the model stores: its features and, for a model trained with frontEnd.channelNormalization: speaker, its input channels (a model file written before those moments were stored refuses lone files)',
    )
    .argument('<model>', 'model file written by `lsm-ser train`')
    .argument('<files...>', 'WAV files')
    .option(
      '--speakers <list>',
      "speaker of each file, comma-separated in file order: a speaker's files (2 or more) are standardized together, features and (channelNormalization: speaker) input channels (per-speaker mode, as in evaluation); a speaker with one file uses the training-set statistics",
    )
    .option(
      '--enroll <dir>',
      'folder of other utterances (WAV, no labels) of the one speaker of all the files: standardized together with them (per-speaker mode)',
    )
    .option('--cache <dir>', 'feature cache folder (none by default)')
    .option('--json', 'one JSON line per file: file, label, scores, standardization (speaker | training-set | none)')
    .action(async (modelPath: string, files: string[], o: { json?: boolean; speakers?: string; enroll?: string; cache?: string }) => {
      const model = readModel(modelPath);
      const speakers = o.speakers?.split(',').map((s) => s.trim());
      if (speakers && (speakers.length !== files.length || speakers.some((s) => s === '')))
        throw new RangeError(`--speakers: needs one non-empty speaker per file (${files.length} files), got ${JSON.stringify(o.speakers)}`);
      if (speakers && o.enroll)
        throw new RangeError('--speakers and --enroll: give one of them (enrolment utterances belong to the one speaker of all the files)');
      const enroll = o.enroll ? listWavs(o.enroll).map((f) => join(o.enroll!, f)) : undefined;
      if (enroll && enroll.length === 0) throw new RangeError(`--enroll: no WAV files in ${o.enroll}`);
      const bad: string[] = [];
      const res = await predictSkippingBad(
        model,
        files,
        { ...(speakers ? { speakers } : {}), ...(enroll ? { enroll } : {}), ...(o.cache ? { cacheDir: o.cache } : {}) },
        (f, e) => {
          bad.push(f);
          printError(`lsm-ser predict: ${e.message}`);
        },
      );
      for (const r of res) {
        if (o.json) printJson(r);
        else printLine(`${r.file}\t${r.label}`);
      }
      if (bad.length) throw new ExperimentError(`${bad.length} of ${files.length} files could not be predicted: ${bad.join(', ')}`);
    });
}
