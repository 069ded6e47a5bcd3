/**
 * Reservoir-size sweeps: the same experiment at several reservoir sizes, with accuracy, time
 * and memory per size. Sizes divisible by 15 use a Maass column of grid [x, y, 15] (x * y =
 * size / 15, as square as possible; 135 = 3x3x15 as in the paper); other sizes use a fixed
 * in-degree reservoir. Each size is an ordinary resumable experiment named `<name>-units<N>`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../core/fsutil.js';
import { provenance } from '../core/provenance.js';
import type { ExperimentConfig } from './experiment-config.js';
import { runExperiment, type RunExperimentOptions } from './runner.js';
import type { MeanStd } from '../readout/metrics.js';
import { writeSweepReports } from './run-report.js';

/** The reservoir settings for a size: a Maass grid when the size allows one. */
export function reservoirForUnits(units: number): { topology: 'maass'; grid: [number, number, number] } | { topology: 'fixed-indegree'; units: number } {
  if (!Number.isInteger(units) || units < 2) throw new RangeError(`units: must be an integer >= 2, got ${units}`);
  if (units % 15 === 0) {
    const a = units / 15;
    let x = Math.floor(Math.sqrt(a));
    while (a % x !== 0) x--;
    return { topology: 'maass', grid: [x, a / x, 15] };
  }
  return { topology: 'fixed-indegree', units };
}

/** One size's results. */
export interface SweepRow {
  readonly units: number;
  readonly uar: MeanStd;
  readonly wa: MeanStd;
  /** Seconds spent on features and readouts in this invocation (0 when everything was resumed). */
  readonly seconds: number;
  /** Of which features (front end + reservoirs; small on cache hits), in seconds. */
  readonly featureSeconds: number;
  /** Of which readouts (PCA + SVM search and fits of every fold), in seconds. */
  readonly readoutSeconds: number;
  /** Peak resident memory seen during this size, in MiB. */
  readonly peakRssMiB: number;
  readonly folds: number;
  readonly failedFolds: number;
  /**
   * Where the timings come from: 'measured' (every fold computed in this invocation),
   * 'earlier' (everything resumed: the figures of the invocation that computed them, from
   * sweep.json), 'partial' (some folds resumed: this invocation's share only), 'unknown'
   * (everything resumed and no earlier figures: times are 0, not measured).
   */
  readonly timing: 'measured' | 'earlier' | 'partial' | 'unknown';
}

/** Rows of an earlier sweep.json in `dir`, by size ([] when none or unreadable). */
function earlierRows(dir: string): Map<number, SweepRow> {
  try {
    const j = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as { rows?: SweepRow[] };
    return new Map(
      (j.rows ?? [])
        .filter((r) => r && typeof r.units === 'number' && (r.timing === undefined || r.timing === 'measured' || r.timing === 'earlier'))
        .map((r) => [r.units, r]),
    );
  } catch {
    return new Map();
  }
}

const TIMING_NOTE: Record<SweepRow['timing'], string> = {
  measured: 'measured in this run',
  earlier: 'from the run that computed it (resumed now)',
  partial: "this run's share only (some folds resumed)",
  unknown: 'resumed, never timed',
};

/** Run the experiment at each size; writes `<out>/<name>-sweep/sweep.json`, `sweep.md`, `uar-vs-units.svg` and `time-vs-units.svg`. */
export async function runSweep(
  cfg: ExperimentConfig,
  units: readonly number[],
  options: RunExperimentOptions = {},
): Promise<{ rows: SweepRow[]; dir: string }> {
  const rows: SweepRow[] = [];
  const dir = join(options.out ?? 'results', `${cfg.name}-sweep`);
  for (const n of units) reservoirForUnits(n); // every size checked before the first runs
  const earlier = earlierRows(dir);
  for (const n of units) {
    const res = reservoirForUnits(n);
    // the size decides the topology: drop the other topology's size field of the base config
    const sized = (base: object | undefined) => {
      const { grid: _g, units: _u, ...rest } = (base ?? {}) as { grid?: unknown; units?: unknown };
      return { ...rest, ...res };
    };
    const lsm = {
      ...cfg.lsm,
      reservoirs: {
        excitation: cfg.lsm.reservoirs?.excitation === null ? null : sized(cfg.lsm.reservoirs?.excitation),
        tract: cfg.lsm.reservoirs?.tract === null ? null : sized(cfg.lsm.reservoirs?.tract),
      },
    };
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
    timer.unref();
    const t0 = performance.now();
    try {
      const s = await runExperiment({ ...cfg, name: `${cfg.name}-units${n}`, lsm: lsm as ExperimentConfig['lsm'] }, options);
      const base = { units: n, uar: s.uar, wa: s.wa, folds: s.folds, failedFolds: s.failedFolds.length };
      const before = earlier.get(n);
      if (s.recomputedFolds === 0 && before)
        rows.push({
          ...base,
          seconds: before.seconds,
          featureSeconds: before.featureSeconds,
          readoutSeconds: before.readoutSeconds,
          peakRssMiB: before.peakRssMiB,
          timing: 'earlier',
        });
      else {
        const timing = s.recomputedFolds === 0 ? 'unknown' : s.recomputedFolds < s.folds ? 'partial' : 'measured';
        rows.push({
          ...base,
          seconds: (performance.now() - t0) / 1000,
          featureSeconds: s.featureSeconds,
          readoutSeconds: s.readoutSeconds,
          peakRssMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
          timing,
        });
      }
    } finally {
      clearInterval(timer);
    }
    writeJsonAtomic(join(dir, 'sweep.json'), { name: cfg.name, protocol: cfg.protocol, seeds: cfg.seeds, rows, provenance: provenance() });
  }
  const p = (x: number) => (100 * x).toFixed(1);
  writeFileAtomic(
    join(dir, 'sweep.md'),
    [
      `# ${cfg.name}: reservoir-size sweep (${cfg.protocol}, seeds ${cfg.seeds.join(', ')})`,
      '',
      '| units per reservoir | UAR % | WA % | features s | readout s | peak RSS MiB | timing |',
      '|---:|---:|---:|---:|---:|---:|---|',
      ...rows.map((r) => {
        const t = (x: number, d: number) => (r.timing === 'unknown' ? 'n/a' : x.toFixed(d));
        return `| ${r.units} | ${p(r.uar.mean)} +- ${p(r.uar.std)} | ${p(r.wa.mean)} +- ${p(r.wa.std)} | ${t(r.featureSeconds, 1)} | ${t(r.readoutSeconds, 1)} | ${t(r.peakRssMiB, 0)} | ${TIMING_NOTE[r.timing]} |`;
      }),
    ].join('\n') + '\n',
  );
  await writeSweepReports(cfg.name, rows, dir);
  return { rows, dir };
}
