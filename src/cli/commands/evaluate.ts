/**
 * `lsm-ser evaluate MODEL.json --dataset NAME --data DIR`: accuracy of a trained model.
 *
 * @module
 */
import type { Command } from 'commander';
import { DatasetError } from '../../core/errors.js';
import { classificationReport } from '../../readout/metrics.js';
import { datasetFromFlags, readModel } from '../common.js';
import { progressBar } from '../progress-bar.js';
import { printError, printJson, printLine } from '../io.js';
import { datasetNotes } from '../../experiment/manifest.js';

/** Format a confusion matrix as aligned text (rows = truth). */
export function formatConfusion(labels: readonly string[], m: readonly (readonly number[])[]): string {
  const w = Math.max(5, ...labels.map((l) => l.length)) + 1;
  const head = ' '.repeat(w) + labels.map((l) => l.slice(0, 6).padStart(7)).join('');
  return [head + '   <- predicted', ...m.map((row, i) => labels[i]!.padEnd(w) + row.map((v) => String(v).padStart(7)).join(''))].join('\n');
}

/** Register `evaluate`. */
export function register(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate a model file on a dataset: UAR, WA, macro-F1, confusion matrix')
    .argument('<model>', 'model file written by `lsm-ser train`')
    .requiredOption('--dataset <name>', 'dataset name')
    .requiredOption('--data <dir>', 'dataset folder')
    .option('--speakers <list>', 'evaluate on these speakers only (comma separated)')
    .option('--strict', 'refuse files that do not fit the naming scheme (default: skip them and list them on stderr)')
    .option('--duplicates <policy>', 'identical audio under two paths: refuse (default) or keep-first')
    .option('--cache <dir>', 'feature cache folder', '.cache/features')
    .option('--json', 'print one JSON line: uar, wa, macroF1, n, labels, confusion')
    .action(
      async (
        modelPath: string,
        o: { dataset: string; data: string; speakers?: string; strict?: boolean; duplicates?: string; cache: string; json?: boolean },
      ) => {
        const model = readModel(modelPath);
        const ds = datasetFromFlags(o);
        for (const note of datasetNotes(ds)) printError(`lsm-ser: ${note}`);
        const unknown = [...new Set(ds.utterances.map((u) => u.label))].filter((l) => !model.labels.includes(l));
        if (unknown.length) throw new DatasetError(o.data, `labels ${unknown.join(', ')} are unknown to the model (it knows ${model.labels.join(', ')})`);
        const bar = progressBar();
        const pred = await model.predict(
          ds.utterances.map((u) => u.file),
          { cacheDir: o.cache, onProgress: bar, speakers: ds.utterances.map((u) => u.speaker) },
        );
        bar.done();
        const labels = model.labels;
        const rep = classificationReport(
          ds.utterances.map((u) => u.label),
          pred.map((p) => p.label),
          labels,
        );
        const out = { uar: rep.uar, wa: rep.wa, macroF1: rep.macroF1, n: rep.n, labels, confusion: rep.confusion };
        if (o.json) printJson(out);
        else {
          printLine(`n = ${rep.n}: UAR ${(rep.uar * 100).toFixed(1)} %, WA ${(rep.wa * 100).toFixed(1)} %, macro-F1 ${(rep.macroF1 * 100).toFixed(1)} %`);
          printLine(formatConfusion(labels, rep.confusion));
        }
      },
    );
}
