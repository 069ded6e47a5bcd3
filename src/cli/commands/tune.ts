/**
 * `lsm-ser tune CONFIG --space SPACE.yaml --budget N [--out DIR] [--shard i/n] [--nested]`:
 * random search with successive halving over LSM config fields, scored by speaker-grouped CV
 * on training speakers only (nested in the config's protocol with --nested).
 *
 * @module
 */
import type { Command } from 'commander';
import { withToolDataset } from '../common.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigFile } from '../../experiment/config-file.js';
import { readToolConfig } from '../../experiment/tool-config.js';
import { resolveTuneSpace } from '../../experiment/tune-space.js';
import { readTrials, runTune, type SearchResult } from '../../experiment/tune.js';
import { writeTuneReport } from '../../experiment/tune-report.js';
import { makeFolds, parseProtocol } from '../../experiment/protocols.js';
import { parseShard } from '../../experiment/runner.js';
import { Rng } from '../../core/rng.js';
import { progressBar } from '../progress-bar.js';
import { parseIntFlag, printJson, printLine } from '../io.js';

/** Register `tune`. */
export function register(program: Command): void {
  withToolDataset(
    program
      .command('tune')
      .description(
        'hyperparameter search (random search + successive halving over speaker-grouped inner folds of the training speakers) over fields of the LSM config; resumable (trials.jsonl), shardable; writes tune.md, tune.svg, best-config.yaml (for `lsm-ser run`) and best-lsm.yaml',
      )
      .argument('<config>', 'experiment config (names the dataset and protocol) or LSM config (then --dataset and --data)')
      .requiredOption('--space <file>', 'search space (YAML or JSON; format: docs/research-tools.md, example: configs/tune-space-example.yaml)')
      .requiredOption('--budget <n>', 'configurations drawn (trials of the first rung)'),
  )
    .option('--out <dir>', 'output folder (resumed when it holds the same search)', 'results/tune')
    .option('--cache <dir>', 'feature cache folder (share it between shards)', '.cache/features')
    .option('--shard <i/n>', 'run only shard i of n (0-based) of every rung; a later run without --shard merges and finishes')
    .option('--nested', "nested search: one search per outer fold of the config's protocol (on that fold's training speakers), scored on its test speakers")
    .option('--protocol <p>', "outer protocol of --nested (default: the experiment config's, else loso)")
    .option('--json', 'print the summary as one JSON line')
    .action(
      async (
        file: string,
        o: {
          space: string;
          budget: string;
          dataset?: string;
          data?: string;
          out: string;
          cache: string;
          shard?: string;
          nested?: boolean;
          protocol?: string;
          json?: boolean;
        },
      ) => {
        const tc = readToolConfig(file, o);
        const space = resolveTuneSpace(readConfigFile(o.space), tc.lsm, o.space);
        const budget = parseIntFlag('--budget', o.budget, 1);
        const shard = o.shard !== undefined ? parseShard(o.shard) : undefined;
        const protocol = o.protocol ?? tc.experiment?.protocol ?? 'loso';
        const nested = o.nested ? { protocol, folds: makeFolds(tc.dataset, parseProtocol(protocol), new Rng(tc.lsm.seed).fork('folds')) } : null;
        const bar = progressBar();
        const s = await runTune(
          tc.dataset,
          tc.lsm,
          space,
          { name: tc.name, datasetRef: tc.datasetRef, protocol },
          { budget, out: o.out, cacheDir: o.cache, onProgress: bar, ...(shard ? { shard } : {}), nested },
        );
        bar.done();
        let plotted: SearchResult | null = s.search;
        if (nested && existsSync(join(o.out, 'outer'))) {
          const trials = readdirSync(join(o.out, 'outer'))
            .sort()
            .flatMap((d) => [...readTrials(join(o.out, 'outer', d)).values()]);
          plotted = { trials, best: null, bestConfig: null, rungs: s.rungs, complete: s.complete, computed: 0, innerFolds: [] };
        }
        const files = shard ? [] : await writeTuneReport(s, space, plotted);
        if (o.json) printJson({ ...s, search: s.search ? { ...s.search, bestConfig: undefined } : null, files });
        else {
          if (s.search?.best)
            printLine(
              `best: trial ${s.search.best.trial}, inner UAR ${(100 * s.search.best.score).toFixed(1)} % over ${s.search.best.folds} folds: ${JSON.stringify(s.search.best.params)}`,
            );
          if (s.outer)
            printLine(
              `nested ${s.outer.protocol}: outer UAR ${(100 * s.outer.uar.mean).toFixed(1)} +- ${(100 * s.outer.uar.std).toFixed(1)} % over ${s.outer.folds.length} folds (mean inner score of the choices ${(100 * s.outer.innerScore.mean).toFixed(1)} %)`,
            );
          printLine(
            s.complete
              ? `wrote ${[...files, s.bestConfigFile].filter(Boolean).join(', ')}`
              : `incomplete (${shard ? `shard ${shard.index}/${shard.count} did its share` : 'some trials failed'}); run without --shard to merge and finish`,
          );
        }
      },
    );
}
