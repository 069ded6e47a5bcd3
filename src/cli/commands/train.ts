/**
 * `lsm-ser train --dataset NAME --data DIR --out MODEL.json`: train the dual-reservoir LSM.
 *
 * @module
 */
import type { Command } from 'commander';
import { writeJsonAtomic } from '../../core/fsutil.js';
import { LsmModel } from '../../experiment/pipeline.js';
import { configFromFlags, datasetFromFlags } from '../common.js';
import { progressBar } from '../progress-bar.js';
import { printError, printJson, printLine } from '../io.js';
import { datasetNotes } from '../../experiment/manifest.js';

/** Register `train`. */
export function register(program: Command): void {
  program
    .command('train')
    .description('train the default dual-reservoir LSM (or the configured one) and write a model file')
    .requiredOption('--dataset <name>', 'emodb | fsdd | ravdess | tess | cremad | savee | iemocap | synth | csv')
    .requiredOption('--data <dir>', 'dataset folder (or manifest for csv)')
    .requiredOption('--out <model>', 'model file to write (JSON)')
    .option('--speakers <list>', 'train on these speakers only (comma separated)')
    .option('--strict', 'refuse files that do not fit the naming scheme (default: skip them and list them on stderr)')
    .option('--duplicates <policy>', 'identical audio under two paths: refuse (default) or keep-first')
    .option('--config <file>', 'LSM config (JSON or YAML)')
    .option('--seed <n>', 'seed (overrides the config)')
    .option('--cache <dir>', 'feature cache folder', '.cache/features')
    .option('--json', 'print a JSON summary line')
    .action(
      async (o: {
        dataset: string;
        data: string;
        out: string;
        speakers?: string;
        strict?: boolean;
        duplicates?: string;
        config?: string;
        seed?: string;
        cache: string;
        json?: boolean;
      }) => {
        const ds = datasetFromFlags(o);
        for (const note of datasetNotes(ds)) printError(`lsm-ser: ${note}`);
        const bar = progressBar();
        const t0 = performance.now();
        const model = await LsmModel.train(ds, configFromFlags(o), { cacheDir: o.cache, onProgress: bar });
        bar.done();
        writeJsonAtomic(o.out, model.toJSON());
        const summary = {
          out: o.out,
          dataset: ds.name,
          utterances: ds.utterances.length,
          speakers: model.trainedOn.speakers,
          labels: model.labels,
          seed: model.config.seed,
          seconds: (performance.now() - t0) / 1000,
        };
        if (o.json) printJson(summary);
        else
          printLine(
            `trained on ${summary.utterances} utterances of ${summary.speakers.length} speakers (${summary.labels.join(', ')}) in ${summary.seconds.toFixed(1)} s; wrote ${o.out}`,
          );
      },
    );
}
