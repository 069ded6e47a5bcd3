/**
 * Nested selection of a default among candidate configurations, from `bench/gain.ts` results
 * of one protocol: in every outer fold, each candidate's readout already ran a speaker-grouped
 * inner cross-validation on that fold's training speakers only (its best inner UAR is stored as
 * `innerUar`); the candidate with the best inner UAR is selected for that fold, and its
 * predictions on the fold's test speaker are what the selection procedure scores. The test
 * speaker never takes part in the choice, so the pooled UAR of the selected predictions is an
 * honest estimate of "tune, then test" (unlike the best candidate's outer UAR, which is
 * optimistic by the selection). Reported per seed, with the choices per fold.
 *
 *   npx tsx bench/gain-select.ts FILE.json [FILE2.json ...] [--models lsm] [--out FILE]
 *
 * Candidates: every run of the given models (default: lsm) found in the files, identified by
 * model, representation and tag; runs of one seed are compared with each other.
 */
import { readJson, writeJsonAtomic } from '../src/core/fsutil.js';
import { classificationReport, meanStd } from '../src/readout/metrics.js';
import { flagValue, type GainResults, type GainRun } from './gain-results.js';

const args = process.argv.slice(2);
const flag = (name: string) => flagValue(args, name);
const files = args.filter((a, i) => a.endsWith('.json') && args[i - 1] !== '--out');
const models = (flag('--models') ?? 'lsm').split(',');
const out = flag('--out');
if (files.length === 0) throw new RangeError('give at least one results file of bench/gain.ts');

type Run = GainRun & { readonly foldUar: number[] };
type Results = Omit<GainResults, 'runs'> & { readonly runs: Run[] };
const results = files.map((f) => readJson(f) as Results);
const first = results[0]!;
for (const [i, r] of results.entries()) {
  if (r.protocol !== first.protocol || JSON.stringify(r.truth) !== JSON.stringify(first.truth))
    throw new RangeError(`${files[i]}: protocol ${r.protocol} or utterance order differs from ${files[0]}`);
}
const name = (r: Run) => `${r.model}${r.rep ? `:${r.rep}` : ''}${r.tag ? `@${r.tag}` : ''}`;
const runs = results.flatMap((r) => r.runs).filter((r) => models.includes(r.model) && r.innerUar?.every((x) => Number.isFinite(x)));
// the test rows of each fold, recovered from the speakers (LOSO: one speaker per fold, in first-seen order of makeFolds)
const speakerOrder = first.foldSpeakers
  ? first.foldSpeakers.map((s) => {
      if (s.length !== 1) throw new RangeError('nested selection here supports leave-one-speaker-out results');
      return s[0]!;
    })
  : [...new Set(first.speakers)].sort();
const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
const report: { seed: number; candidates: string[]; chosen: string[]; selectedUar: number; bestOuter: { name: string; uar: number } }[] = [];
for (const seed of seeds) {
  const cands = runs.filter((r) => r.seed === seed);
  const folds = cands[0]!.innerUar!.length;
  if (folds !== speakerOrder.length)
    throw new RangeError(`nested selection here supports leave-one-speaker-out results (${folds} folds, ${speakerOrder.length} speakers)`);
  const pred = new Array<string>(first.truth.length).fill('');
  const chosen: string[] = [];
  for (let f = 0; f < folds; f++) {
    let best = cands[0]!;
    for (const c of cands) if (c.innerUar![f]! > best.innerUar![f]!) best = c;
    chosen.push(name(best));
    first.speakers.forEach((s, i) => {
      if (s === speakerOrder[f]) pred[i] = best.pred[i]!;
    });
  }
  const selectedUar = classificationReport(first.truth, pred, first.labels).uar;
  const outer = cands.map((c) => ({ name: name(c), uar: classificationReport(first.truth, c.pred, first.labels).uar })).sort((a, b) => b.uar - a.uar);
  report.push({ seed, candidates: cands.map(name), chosen, selectedUar, bestOuter: outer[0]! });
  console.log(
    `seed ${seed}: nested-selected pooled UAR ${(100 * selectedUar).toFixed(1)} % (best candidate by outer UAR: ${outer[0]!.name} ${(100 * outer[0]!.uar).toFixed(1)} %); chosen per fold: ${chosen.join(', ')}`,
  );
}
console.log(`mean over seeds: nested-selected ${(100 * meanStd(report.map((r) => r.selectedUar)).mean).toFixed(1)} %`);
if (out) writeJsonAtomic(out, { protocol: first.protocol, files, models, report });
