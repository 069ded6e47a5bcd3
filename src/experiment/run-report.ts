/**
 * The pictures of an experiment run and of a reservoir-size sweep, written by the library
 * (runExperiment, runSweep) so that library callers and the CLI get the same results folder:
 * `confusion.svg` (summed confusion over folds and seeds) and `folds.svg` (UAR and WA per fold,
 * mean over seeds) for a run; `uar-vs-units.svg` and `time-vs-units.svg` for a sweep.
 *
 * @module
 */
import { join } from 'node:path';
import { writeSvg } from '../plot/render.js';
import { barChartSpec, lineChartSpec, matrixHeatmapSpec } from '../plot/specs/common.js';
import type { ExperimentSummary } from './runner.js';
import type { SweepRow } from './sweep.js';

/** Write `confusion.svg` and `folds.svg` of a run into its folder (`summary.dir`). */
export async function writeRunReports(s: ExperimentSummary): Promise<void> {
  await writeSvg(
    join(s.dir, 'confusion.svg'),
    matrixHeatmapSpec(`${s.name}: ${s.protocol}, UAR ${(s.uar.mean * 100).toFixed(1)} %`, s.confusion, s.labels, s.labels),
  );
  await writeSvg(
    join(s.dir, 'folds.svg'),
    barChartSpec(
      `${s.name}: per fold (mean over seeds)`,
      s.perFold.flatMap((f) => [
        { category: f.fold, series: 'UAR', value: 100 * f.uar },
        { category: f.fold, series: 'WA', value: 100 * f.wa },
      ]),
      'fold (test speaker for LOSO)',
      '%',
    ),
  );
}

/** Write `uar-vs-units.svg` (UAR in %, mean +- std) and `time-vs-units.svg` (feature and readout seconds) of a sweep into `dir`. */
export async function writeSweepReports(name: string, rows: readonly SweepRow[], dir: string): Promise<void> {
  await writeSvg(
    join(dir, 'uar-vs-units.svg'),
    lineChartSpec(
      `${name}: UAR vs reservoir size`,
      rows.map((r) => ({ x: r.units, y: 100 * r.uar.mean, err: 100 * r.uar.std, series: 'UAR %' })),
      'neurons per reservoir',
      'UAR (%)',
      true,
    ),
  );
  await writeSvg(
    join(dir, 'time-vs-units.svg'),
    lineChartSpec(
      `${name}: time vs reservoir size`,
      rows.flatMap((r) => [
        { x: r.units, y: r.featureSeconds, series: 'features' },
        { x: r.units, y: r.readoutSeconds, series: 'readout' },
      ]),
      'neurons per reservoir',
      'time (s)',
      true,
    ),
  );
}
