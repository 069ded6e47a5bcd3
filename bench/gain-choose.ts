/**
 * Choose one default across corpora by nested cross-validation, from `bench/gain.ts` results
 * (issue 12, round 12). For every candidate (identified by its --tag; untagged = the default) and
 * every protocol (corpus), per seed, then averaged over the seeds given:
 * - inner: the mean over the outer folds of the best speaker-grouped inner-CV UAR of that fold's
 *   readout (computed on the fold's training speakers only);
 * - outer: the pooled UAR on the held-out speakers (reported, never used for the choice);
 * - nested: per outer fold the candidate with the best inner UAR of that fold, scored on the
 *   fold's test speaker (as bench/gain-select.ts), pooled per protocol: an honest estimate of
 *   "select among these candidates, then test".
 * The chosen default is the candidate with the best mean over protocols of its inner score
 * (each protocol weighted equally: the speaker-independent mean over corpora), among the
 * candidates measured on every protocol given.
 *
 *   npx tsx bench/gain-choose.ts FILE.json [FILE2.json ...] [--models lsm,concat] [--seeds 1,2,3,4,5] [--out FILE]
 *
 * `--seed S` is `--seeds S`. With several seeds a candidate must be measured at every seed on
 * every protocol; its inner and outer scores are the means over seeds, and the nested selection
 * is made per seed (each seed's own inner scores) and its pooled UAR averaged over seeds.
 *
 * A candidate is a (model, tag) pair: 'NAME' for the LSM of config NAME, 'concat NAME' for the
 * control's features beside that LSM's (bench/gain.ts `concat`).
 */
import { readJson, writeJsonAtomic } from '../src/core/fsutil.js';
import { classificationReport } from '../src/readout/metrics.js';
import { flagValue, type GainResults, type GainRun } from './gain-results.js';

const args = process.argv.slice(2);
const flag = (name: string) => flagValue(args, name);
const files = args.filter((a, i) => a.endsWith('.json') && args[i - 1] !== '--out');
const models = (flag('--models') ?? 'lsm').split(',');
const seeds = (flag('--seeds') ?? flag('--seed') ?? '1').split(',').map(Number);
if (!seeds.length || seeds.some((x) => !Number.isInteger(x)))
  throw new RangeError(`--seeds: expected integers like 1,2,3, got ${flag('--seeds') ?? flag('--seed')}`);
const out = flag('--out');
if (files.length === 0) throw new RangeError('give results files of bench/gain.ts');

type Run = GainRun;
type Results = GainResults;
/** Per protocol: its truth, fold speakers and candidates by name (one run per seed, in `seeds` order once complete). */
const byProtocol = new Map<string, { res: Results; cands: Map<string, Map<number, Run>> }>();
for (const f of files) {
  const r = readJson(f) as Results;
  const p = byProtocol.get(r.protocol) ?? { res: r, cands: new Map<string, Map<number, Run>>() };
  if (JSON.stringify(p.res.truth) !== JSON.stringify(r.truth)) throw new RangeError(`${f}: utterance order differs from the other ${r.protocol} files`);
  for (const run of r.runs) {
    if (!models.includes(run.model) || !seeds.includes(run.seed) || run.rep !== 'stats' || !run.innerUar?.every(Number.isFinite)) continue;
    const name = `${run.model === 'lsm' ? '' : `${run.model} `}${run.tag ?? 'default'}`;
    const bySeed = p.cands.get(name) ?? new Map<number, Run>();
    bySeed.set(run.seed, run);
    p.cands.set(name, bySeed);
  }
  byProtocol.set(r.protocol, p);
}
const protocols = [...byProtocol.keys()].sort();
const names = [...new Set([...byProtocol.values()].flatMap((p) => [...p.cands.keys()]))].filter((n) =>
  protocols.every((p) => seeds.every((sd) => byProtocol.get(p)!.cands.get(n)?.has(sd))),
);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const table = names.map((n) => {
  const per = protocols.map((p) => {
    const { res, cands } = byProtocol.get(p)!;
    const runs = seeds.map((sd) => cands.get(n)!.get(sd)!);
    return {
      protocol: p,
      inner: mean(runs.map((run) => mean(run.innerUar!))),
      outer: mean(runs.map((run) => classificationReport(res.truth, run.pred, res.labels).uar)),
    };
  });
  return { name: n, per, inner: mean(per.map((x) => x.inner)), outer: mean(per.map((x) => x.outer)) };
});
table.sort((a, b) => b.inner - a.inner);
const nested = protocols.map((p) => {
  const { res, cands } = byProtocol.get(p)!;
  const order = (res.foldSpeakers ?? [...new Set(res.speakers)].sort().map((s) => [s])).map((s) => {
    if (s.length !== 1) throw new RangeError(`${p}: nested selection here supports leave-one-speaker-out results`);
    return s[0]!;
  });
  const perSeed = seeds.map((sd) => {
    const run = (n: string) => cands.get(n)!.get(sd)!;
    const pred = new Array<string>(res.truth.length).fill('');
    const chosen = order.map((spk, f) => {
      let best = names[0]!;
      for (const n of names) if (run(n).innerUar![f]! > run(best).innerUar![f]!) best = n;
      res.speakers.forEach((s, i) => {
        if (s === spk) pred[i] = run(best).pred[i]!;
      });
      return best;
    });
    return { seed: sd, chosen, uar: classificationReport(res.truth, pred, res.labels).uar };
  });
  return { protocol: p, chosen: perSeed.flatMap((x) => x.chosen), uar: mean(perSeed.map((x) => x.uar)), perSeed };
});
const pct = (x: number) => (100 * x).toFixed(1);
if (names.length === 0) throw new RangeError(`no candidate was measured at seeds ${seeds.join(',')} on every protocol (${protocols.join(', ')})`);
console.log(`models ${models.join(',')}, seeds ${seeds.join(',')}; candidates measured on all of ${protocols.join(', ')}\n`);
console.log(`| candidate | mean inner UAR | ${protocols.map((p) => `${p} inner / outer`).join(' | ')} | mean outer UAR |`);
console.log(`|---|---|${protocols.map(() => '---|').join('')}---|`);
for (const t of table) console.log(`| ${t.name} | ${pct(t.inner)} | ${t.per.map((x) => `${pct(x.inner)} / ${pct(x.outer)}`).join(' | ')} | ${pct(t.outer)} |`);
console.log(`\nchosen by the mean inner UAR over protocols: ${table[0]!.name}`);
for (const n of nested) {
  const counts = new Map<string, number>();
  for (const c of n.chosen) counts.set(c, (counts.get(c) ?? 0) + 1);
  const how = [...counts].map(([c, k]) => `${c} ${k}x`).join(', ');
  console.log(`nested per-fold selection, ${n.protocol}: pooled UAR ${pct(n.uar)} (mean over seeds; chosen over folds x seeds: ${how})`);
}
console.log(`nested per-fold selection, mean over protocols: ${pct(mean(nested.map((n) => n.uar)))}`);
if (out) writeJsonAtomic(out, { models, seeds, files, protocols, table, chosen: table[0]!.name, nested });
