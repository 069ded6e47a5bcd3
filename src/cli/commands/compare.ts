/**
 * `lsm-ser compare CONFIG [--out DIR]`: the LSM against classic and deep baselines on the same
 * folds, with the noise-robustness test and optional augmentation (see experiment/compare).
 *
 * @module
 */
import { datasetNotes } from '../../experiment/manifest.js';
import type { Command } from 'commander';
import { dirname } from 'node:path';
import { readConfigFile } from '../../experiment/config-file.js';
import { resolveCompareConfig } from '../../experiment/compare-config.js';
import { runCompare } from '../../experiment/compare.js';
import { parseShard } from '../../experiment/runner.js';
import { writeCompareReport } from '../../experiment/compare-report.js';
import { provenance } from '../../core/provenance.js';
import { progressBar } from '../progress-bar.js';
import { printJson, printLine } from '../io.js';

/** Register `compare`. */
export function register(program: Command): void {
  program
    .command('compare')
    .description(
      'compare the LSM with MFCC+SVM, ELM, CNN-BiGRU-attention and ACNN (self-attention) on the same folds and seeds, under noise, optionally with augmentation: results/<name>/results.jsonl (resumable), compare.md, compare.json, compare.svg, noise.svg',
    )
    .argument('<config>', 'comparison config file (JSON or YAML; see configs/compare-*.yaml)')
    .option('--out <dir>', 'results root', 'results')
    .option('--data <dir>', "folder that relative dataset paths are resolved against (default: $LSM_SER_DATA, else the config file's folder)")
    .option('--cache <dir>', 'LSM feature cache folder', '.cache/features')
    .option('--shard <i/n>', 'run only the folds f with f % n == i (0-based) into their own results file; a later run without --shard merges and reports')
    .option('--json', 'print the table rows as one JSON line')
    .action(async (file: string, o: { out: string; data?: string; cache: string; shard?: string; json?: boolean }) => {
      const cfg = resolveCompareConfig(readConfigFile(file), file);
      const bar = progressBar();
      const quiet = o.json || !process.stderr.isTTY;
      const r = await runCompare(cfg, {
        out: o.out,
        dataRoot: o.data ?? process.env.LSM_SER_DATA ?? dirname(file),
        cacheDir: o.cache,
        onProgress: bar,
        ...(o.shard !== undefined ? { shard: parseShard(o.shard) } : {}),
        log: (line) => {
          if (!quiet) process.stderr.write(`\r\x1b[K${line}\n`);
        },
      });
      bar.done();
      const rep = await writeCompareReport(r.dir, r.records, cfg, r.dataset.name, {
        babbleSource: r.babbleSource,
        folds: r.folds,
        provenance: provenance(),
        notes: datasetNotes(r.dataset),
      });
      if (o.json) printJson({ name: cfg.name, dir: r.dir, rows: rep.rows, pairs: rep.pairs });
      else {
        for (const row of rep.rows)
          printLine(
            `${row.model.padEnd(14)} ${row.training.padEnd(9)} UAR ${(100 * row.uar.mean).toFixed(1)} +- ${(100 * row.uar.std).toFixed(1)} %  WA ${(100 * row.wa.mean).toFixed(1)} %  train ${row.trainSeconds.toFixed(1)} s/fold`,
          );
        for (const p of rep.pairs)
          printLine(
            `${p.training.padEnd(9)} ${p.modelA} - ${p.modelB}: ${(100 * p.diff).toFixed(1)} pp [${(100 * p.lo).toFixed(1)}, ${(100 * p.hi).toFixed(1)}], Wilcoxon p ${p.wilcoxon.p.toFixed(3)} (${p.speakers} speakers)`,
          );
        printLine(`wrote ${r.dir}/compare.md, compare.json, compare.svg${rep.pairs.length ? ', ranked.svg' : ''}${cfg.noise ? ', noise.svg' : ''}`);
      }
    });
}
