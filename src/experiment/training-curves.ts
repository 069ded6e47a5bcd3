/**
 * Training curves of the compare runs: for every results record whose model reports a
 * per-epoch history (the deep models' `info.history`), an SVG per fold
 * `curves/<model>-<training>-seed<seed>-<fold>.svg` (loss, UAR and learning rate against epoch)
 * , an overview of every fold of that model, training and seed
 * `curves/<model>-<training>-seed<seed>.svg`, and one JSON line per epoch in
 * `curves/history.jsonl` (seed, model, training, fold and the epoch's numbers), so the curves
 * can be re-plotted.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/fsutil.js';
import { writeSvg } from '../plot/render.js';
import { trainingCurvesSpec, trainingOverviewSpec, type CurvePoint, type FoldCurve } from '../plot/specs/training-curves.js';
import { readCompareRecords, type CompareRecord } from './compare.js';

/** The per-epoch history of a record, or null when its model has none (or it is malformed). */
export function recordHistory(r: Pick<CompareRecord, 'info'>): CurvePoint[] | null {
  const h = r.info?.['history'];
  if (!Array.isArray(h) || h.length === 0) return null;
  const ok = h.every((e) => e && typeof e === 'object' && typeof e.epoch === 'number' && typeof e.trainLoss === 'number' && typeof e.lr === 'number');
  return ok ? (h as CurvePoint[]) : null;
}

/** File name stem of a record's curves (characters outside [A-Za-z0-9._-] replaced by '_'). */
export function curveStem(r: Pick<CompareRecord, 'model' | 'training' | 'seed' | 'fold'>): string {
  return `${r.model}-${r.training}-seed${r.seed}-${r.fold}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Write the SVG of `record` (when it has a history), the overview of its model, training and seed, and rewrite `curves/history.jsonl`, from `records` (which include `record`). */
export async function writeTrainingCurves(dir: string, records: readonly CompareRecord[], record: CompareRecord): Promise<void> {
  const h = recordHistory(record);
  if (!h) return;
  const out = join(dir, 'curves');
  mkdirSync(out, { recursive: true });
  const best = typeof record.info['bestEpoch'] === 'number' ? record.info['bestEpoch'] : undefined;
  const title = `${record.model}, ${record.training} training, seed ${record.seed}, fold ${record.fold}: clean test UAR ${(100 * (record.conditions['clean']?.uar ?? NaN)).toFixed(1)} %`;
  await writeSvg(join(out, `${curveStem(record)}.svg`), trainingCurvesSpec(title, h, best));
  const same = records.filter((r) => r.model === record.model && r.training === record.training && r.seed === record.seed);
  const folds: FoldCurve[] = same.flatMap((r) => {
    const rh = recordHistory(r);
    const b = r.info['bestEpoch'];
    return rh ? [{ fold: r.fold, points: rh, ...(typeof b === 'number' ? { bestEpoch: b } : {}) }] : [];
  });
  const stem = curveStem({ ...record, fold: '' }).replace(/-$/, '');
  await writeSvg(join(out, `${stem}.svg`), trainingOverviewSpec(`${record.model}, ${record.training} training, seed ${record.seed}: every fold`, folds));
  const lines: string[] = [];
  for (const r of records) {
    const rh = recordHistory(r);
    if (!rh) continue;
    for (const e of rh)
      lines.push(JSON.stringify({ seed: r.seed, model: r.model, training: r.training, fold: r.fold, bestEpoch: r.info['bestEpoch'] ?? null, ...e }));
  }
  writeFileAtomic(join(out, 'history.jsonl'), lines.join('\n') + '\n');
}

/** Re-plot every training curve of a compare results folder from its results files; returns the number of records with a history. */
export async function replotTrainingCurves(dir: string): Promise<number> {
  const records = readCompareRecords(dir);
  const withHistory = records.filter((r) => recordHistory(r));
  for (const r of withHistory) await writeTrainingCurves(dir, records, r);
  return withHistory.length;
}
