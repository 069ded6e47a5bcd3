/**
 * Re-plot the training curves of a compare results folder (per-fold SVGs, per-model overviews,
 * curves/history.jsonl) from its results files, e.g. after a run made by an older lsm-ser.
 *
 *   npx tsx bench/deep-curves.ts bench/results/compare-emodb-loso-deep-cnn-seed1
 */
import { replotTrainingCurves } from '../src/experiment/training-curves.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npx tsx bench/deep-curves.ts <compare results folder>');
  process.exit(2);
}
console.log(`${await replotTrainingCurves(dir)} records with training curves re-plotted in ${dir}/curves`);
