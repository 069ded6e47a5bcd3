/**
 * `lsm-ser sweep CONFIG --units 135,270,540,1080,2160`: accuracy, time and memory per reservoir
 * size, as a table and two plots (UAR vs units, time vs units).
 *
 * @module
 */
import type { Command } from 'commander';
import { dirname } from 'node:path';
import { readConfigFile } from '../../experiment/config-file.js';
import { resolveExperimentConfig } from '../../experiment/experiment-config.js';
import { runSweep } from '../../experiment/sweep.js';
import { progressBar } from '../progress-bar.js';
import { parseNumberList, printJson, printLine } from '../io.js';

/** Register `sweep`. */
export function register(program: Command): void {
  program
    .command('sweep')
    .description('run an experiment config at several reservoir sizes: UAR, time and memory per size (table + plots)')
    .argument('<config>', 'experiment config file')
    .requiredOption('--units <list>', 'neurons per reservoir, e.g. 135,270,540,1080,2160')
    .option('--seeds <list>', 'seeds (overrides the config)')
    .option('--out <dir>', 'results root', 'results')
    .option('--data <dir>', "folder that relative dataset paths are resolved against (default: $LSM_SER_DATA, else the config file's folder)")
    .option('--cache <dir>', 'feature cache folder', '.cache/features')
    .option('--json', 'print one JSON line per size')
    .action(async (file: string, o: { units: string; seeds?: string; out: string; data?: string; cache: string; json?: boolean }) => {
      const raw = readConfigFile(file) as Record<string, unknown>;
      const seeds = o.seeds ? parseNumberList('--seeds', o.seeds) : null;
      if (seeds) for (const x of seeds) if (!Number.isInteger(x) || x < 0) throw new RangeError(`--seeds: seeds must be integers >= 0, got ${x}`);
      const cfg = resolveExperimentConfig(seeds ? { ...(raw as object), seeds } : raw, file);
      const units = parseNumberList('--units', o.units);
      const bar = progressBar();
      const { rows, dir } = await runSweep(cfg, units, {
        out: o.out,
        dataRoot: o.data ?? process.env.LSM_SER_DATA ?? dirname(file),
        cacheDir: o.cache,
        onProgress: bar,
      });
      bar.done();
      for (const r of rows) {
        if (o.json) printJson(r);
        else
          printLine(
            `${String(r.units).padStart(6)} units: UAR ${(100 * r.uar.mean).toFixed(1)} +- ${(100 * r.uar.std).toFixed(1)} %, features ${r.featureSeconds.toFixed(1)} s, readout ${r.readoutSeconds.toFixed(1)} s, peak ${r.peakRssMiB.toFixed(0)} MiB`,
          );
      }
      if (!o.json) printLine(`wrote ${dir}/sweep.md, uar-vs-units.svg, time-vs-units.svg`);
    });
}
