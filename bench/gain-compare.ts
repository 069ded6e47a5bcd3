/**
 * Paired comparison of two models stored in (possibly different) `bench/gain.ts` results files
 * of one protocol and utterance order, e.g. a candidate's LSM against the default run's
 * `mfcc-svm` (whose predictions do not depend on the LSM config): pooled UAR of each (mean over
 * seeds), the paired bootstrap 95 % CI of the difference over utterances (2000 label-stratified
 * resamples, the same draw for every seed), per-speaker differences (mean over seeds), sign and
 * Wilcoxon tests over speakers (src/readout/statistics.ts).
 *
 *   npx tsx bench/gain-compare.ts A.json MODEL_A B.json MODEL_B [--seeds 1,2,3,4,5]
 *
 * MODEL is a model name of the file (lsm, control, concat, input+lsm, mfcc-svm; representation 'stats').
 * Every run of MODEL_A in A.json (of the given seeds) is paired against every run of MODEL_B in B.json.
 */
import { readJson } from '../src/core/fsutil.js';
import { Rng } from '../src/core/rng.js';
import { meanStd } from '../src/readout/metrics.js';
import { groupDifferences, pairedBootstrapUarRuns, signTest, wilcoxonSignedRank } from '../src/readout/statistics.js';
import type { GainResults, GainRun } from './gain-results.js';

const args = process.argv.slice(2);
const i = args.indexOf('--seeds');
const seeds = i >= 0 ? args[i + 1]!.split(',').map(Number) : null;
const [fileA, modelA, fileB, modelB] = i >= 0 ? args.filter((_, k) => k !== i && k !== i + 1) : args;
if (!fileA || !modelA || !fileB || !modelB) throw new RangeError('usage: gain-compare.ts A.json MODEL_A B.json MODEL_B [--seeds 1,2,3]');

type Results = GainResults;
type Run = GainRun;
const a = readJson(fileA) as Results;
const b = readJson(fileB) as Results;
if (a.protocol !== b.protocol || JSON.stringify(a.truth) !== JSON.stringify(b.truth) || JSON.stringify(a.speakers) !== JSON.stringify(b.speakers))
  throw new RangeError(`${fileA} and ${fileB}: different protocol or utterance order`);
const pick = (r: Results, m: string, f: string) => {
  const rs = r.runs.filter(
    (x) => x.model === m && (m === 'mfcc-svm' || x.rep === 'stats') && (m === 'mfcc-svm' || m === 'control' || !seeds || seeds.includes(x.seed)),
  );
  if (rs.length === 0) throw new RangeError(`${f}: no run of model ${m}${seeds ? ` for seeds ${seeds.join(',')}` : ''}`);
  return rs;
};
const ra = pick(a, modelA, fileA);
const rb = pick(b, modelB, fileB);
const boot = pairedBootstrapUarRuns(
  a.truth,
  ra.map((r) => r.pred),
  rb.map((r) => r.pred),
  a.labels,
  new Rng(1).fork(`bootstrap/${modelA}-${modelB}`),
  { resamples: 2000 },
);
const per = (rs: Run[]) => rs.map((r) => groupDifferences(a.truth, r.pred, r.pred, a.speakers, a.labels));
const ga = per(ra);
const gb = per(rb);
const diffs = ga[0]!.map((g, k) => ({ speaker: g.group, diff: meanStd(ga.map((x) => x[k]!.uarA)).mean - meanStd(gb.map((x) => x[k]!.uarA)).mean }));
const pct = (x: number) => (100 * x).toFixed(1);
console.log(
  `${a.protocol}: ${modelA} (${fileA}, seeds ${ra.map((r) => r.seed).join(',')}) ${pct(boot.uarA)} - ${modelB} (${fileB}, seeds ${rb.map((r) => r.seed).join(',')}) ${pct(boot.uarB)} = ${pct(boot.diff)} [${pct(boot.lo)}, ${pct(boot.hi)}]; per speaker ${diffs.map((d) => `${d.speaker}: ${(100 * d.diff).toFixed(0)}`).join(', ')}; sign p ${signTest(diffs.map((d) => d.diff)).p.toFixed(3)}, Wilcoxon p ${wilcoxonSignedRank(diffs.map((d) => d.diff)).p.toFixed(3)}`,
);
