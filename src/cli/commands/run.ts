/**
 * `lsm-ser run CONFIG [--out DIR]`: run (or resume) an experiment config.
 *
 * @module
 */
import type { Command } from 'commander';
import { dirname, join } from 'node:path';
import { readConfigFile } from '../../experiment/config-file.js';
import { resolveExperimentConfig } from '../../experiment/experiment-config.js';
import { parseShard, runExperiment } from '../../experiment/runner.js';
import { progressBar } from '../progress-bar.js';
import { printJson, printLine } from '../io.js';
import { ExperimentError } from '../../core/errors.js';

/** Register `run`. */
export function register(program: Command): void {
  program
    .command('run')
    .description(
      'run or resume an experiment config (JSON or YAML): results/<name>/<seed>/{config.json, folds.jsonl, summary.json}; over all seeds results/<name>/{summary.json, summary.md, confusion.svg, folds.svg (per fold)}; exit 1 when a fold failed (after writing everything)',
    )
    .argument('<config>', 'experiment config file')
    .option('--out <dir>', 'results root', 'results')
    .option('--data <dir>', "folder that relative dataset paths are resolved against (default: $LSM_SER_DATA, else the config file's folder)")
    .option('--cache <dir>', 'feature cache folder (share it between shards)', '.cache/features')
    .option(
      '--shard <i/n>',
      'run only shard i of n (0-based; e.g. Slurm: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT); a later run without --shard merges',
    )
    .option('--json', 'print the summary as one JSON line')
    .action(async (file: string, o: { out: string; data?: string; cache: string; shard?: string; json?: boolean }) => {
      const cfg = resolveExperimentConfig(readConfigFile(file), file);
      const shard = o.shard !== undefined ? parseShard(o.shard) : undefined;
      const bar = progressBar();
      const s = await runExperiment(cfg, {
        out: o.out,
        dataRoot: o.data ?? process.env.LSM_SER_DATA ?? dirname(file),
        cacheDir: o.cache,
        onProgress: bar,
        ...(shard ? { shard } : {}),
      });
      bar.done();
      if (o.json) printJson(s);
      else {
        printLine(`${s.name}: ${s.folds} folds over seeds ${s.seeds.join(',')} (${s.recomputedFolds} computed now, ${s.failedFolds.length} failed)`);
        printLine(
          `UAR ${(s.uar.mean * 100).toFixed(1)} +- ${(s.uar.std * 100).toFixed(1)} %, WA ${(s.wa.mean * 100).toFixed(1)} +- ${(s.wa.std * 100).toFixed(1)} %; wrote ${s.dir}/summary.md`,
        );
      }
      // everything is written; a failed fold still makes the exit status non-zero for scripts
      if (s.failedFolds.length > 0) {
        const f = s.failedFolds[0]!;
        throw new ExperimentError(
          `${s.failedFolds.length} of ${s.folds} folds failed (listed in ${join(s.dir, 'summary.json')}); first: seed ${f.seed}, fold ${f.fold}: ${f.error}`,
        );
      }
    });
}
