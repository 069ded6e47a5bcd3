/**
 * `lsm-ser diagnose CONFIG [--dataset NAME --data DIR] [--out DIR] [--json]`: reservoir
 * diagnostics on a stratified sample (diagnose.json, diagnose.md, SVG plots).
 *
 * @module
 */
import type { Command } from 'commander';
import { withToolDataset } from '../common.js';
import { diagnoseReservoirs } from '../../experiment/diagnose.js';
import { writeDiagnoseReport } from '../../experiment/diagnose-report.js';
import { readToolConfig } from '../../experiment/tool-config.js';
import { progressBar } from '../progress-bar.js';
import { parseIntFlag, parseNumberFlag, parseNumberList, printJson, printLine } from '../io.js';

/** Register `diagnose`. */
export function register(program: Command): void {
  withToolDataset(
    program
      .command('diagnose')
      .description(
        'what regime each reservoir is in, on a sample stratified by speaker and label: E/I firing rates, silent/saturated neurons, ISI CV, recurrent vs input current variance, perturbation divergence, memory curve, kernel quality and generalization rank, label vs speaker spread; writes diagnose.json, diagnose.md, rates.svg, memory.svg, divergence.svg',
      )
      .argument('<config>', 'experiment config (names the dataset) or LSM config (then --dataset and --data)'),
  )
    .option('--out <dir>', 'output folder', 'results/diagnose')
    .option('--sample <n>', 'utterances in the sample', '24')
    .option('--seed <n>', "seed of the sample and the perturbations (default: the config's seed)")
    .option('--lags <list>', 'memory-curve lags in seconds, comma separated (default 0,0.01,...,1)')
    .option('--perturbation <x>', 'size of the input perturbation, in input units', '0.1')
    .option('--json', 'print the report as one JSON line')
    .action(
      async (
        file: string,
        o: { dataset?: string; data?: string; out: string; sample: string; seed?: string; lags?: string; perturbation: string; json?: boolean },
      ) => {
        const tc = readToolConfig(file, o);
        const bar = progressBar();
        const report = await diagnoseReservoirs(tc.dataset, tc.lsm, {
          sample: parseIntFlag('--sample', o.sample, 2),
          perturbation: parseNumberFlag('--perturbation', o.perturbation),
          ...(o.seed !== undefined ? { seed: parseIntFlag('--seed', o.seed, 0) } : {}),
          ...(o.lags ? { lags: parseNumberList('--lags', o.lags) } : {}),
          onProgress: bar,
        });
        bar.done();
        const paths = await writeDiagnoseReport(report, o.out);
        if (o.json) printJson(report);
        else {
          for (const r of report.roles) {
            const d = r.divergence;
            printLine(
              `${r.role}: E ${r.firing.excitatory.rates.mean.toFixed(1)} Hz, I ${r.firing.inhibitory.rates.mean.toFixed(1)} Hz, silent ${(100 * r.firing.all.silentFraction).toFixed(0)} %, current ratio ${r.currents.ratio.toFixed(3)}, divergence ${d.distance.map((x) => x.toFixed(2)).join('/')} (growth ${d.growth.toFixed(2)}), memory capacity ${(1000 * r.memory.capacity).toFixed(0)} ms, kernel rank ${r.kernelQuality.rank}, generalization rank ${r.generalizationRank.rank}, label/speaker spread ${r.spread.ratio.toFixed(2)}`,
            );
          }
          printLine(`wrote ${paths.join(', ')}`);
        }
      },
    );
}
