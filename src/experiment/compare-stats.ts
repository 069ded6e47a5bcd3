/**
 * Paired statistics of a comparison: for every pair of models (each unordered pair once, in
 * config order, within the same training: clean or augmented), the pooled-UAR difference with
 * a paired bootstrap 95 % interval over utterances (utterances resampled within each true
 * class, the same draw for every seed of both models; see `readout/statistics`), and the sign
 * and Wilcoxon signed-rank tests over the per-speaker UAR differences (mean over seeds).
 *
 * Pairing: a model's predictions of one seed are the clean test predictions of all its folds
 * of that seed (stored per record since 2026-12-05); a pair uses the seeds both models have and
 * the utterances both models predicted in every one of those seeds. Records without stored
 * predictions (older results) leave their model out of the pairs.
 *
 * @module
 */
import { Rng } from '../core/rng.js';
import { groupDifferences, pairedBootstrapUarRuns, signTest, wilcoxonSignedRank, type PairedTestResult } from '../readout/statistics.js';
import type { TopLevelSpec } from '../plot/render.js';
import type { CompareRecord } from './compare.js';

/** Number of bootstrap resamples of every paired comparison of a report. */
export const COMPARE_BOOTSTRAP_RESAMPLES = 2000;

/** One pair of models in a comparison report (UAR as fractions). */
export interface PairedRow {
  readonly training: 'clean' | 'augmented';
  readonly modelA: string;
  readonly modelB: string;
  /** Seeds both models have predictions for. */
  readonly seeds: number[];
  /** Utterances paired (predicted by both models in every one of those seeds). */
  readonly utterances: number;
  /** Pooled UAR over the utterances, mean over seeds. */
  readonly uarA: number;
  readonly uarB: number;
  /** uarA - uarB. */
  readonly diff: number;
  /** Paired bootstrap percentile interval of diff (level 0.95, utterances resampled within class). */
  readonly lo: number;
  readonly hi: number;
  /** Speakers (groups) of the per-speaker tests. */
  readonly speakers: number;
  /** Speakers where A's UAR (mean over seeds) beats B's / loses to it. */
  readonly speakersAbove: number;
  readonly speakersBelow: number;
  readonly sign: PairedTestResult;
  readonly wilcoxon: PairedTestResult;
}

/** The clean test predictions of one model and training: seed -> utterance id -> {truth, pred, speaker}. */
type PredictionsBySeed = Map<number, Map<string, { truth: string; pred: string; speaker: string }>>;

function predictionsOf(records: readonly CompareRecord[], model: string, training: string): PredictionsBySeed | null {
  const rs = records.filter((r) => r.model === model && r.training === training);
  if (rs.length === 0 || rs.some((r) => !r.predictions)) return null;
  const out: PredictionsBySeed = new Map();
  for (const r of rs) {
    const p = r.predictions!;
    if (p.ids.length !== p.truth.length || p.ids.length !== p.pred.length || p.ids.length !== p.speakers.length)
      throw new RangeError(`results: predictions of ${model} (${training}, seed ${r.seed}, fold ${r.fold}) have arrays of unequal length`);
    let m = out.get(r.seed);
    if (!m) out.set(r.seed, (m = new Map()));
    p.ids.forEach((id, i) => m!.set(id, { truth: p.truth[i]!, pred: p.pred[i]!, speaker: p.speakers[i]! }));
  }
  return out;
}

/** Models of `records` for one training, in `order`, whose records all carry predictions. */
function modelsWithPredictions(records: readonly CompareRecord[], order: readonly string[], training: string): string[] {
  return order.filter((m) => predictionsOf(records, m, training) !== null);
}

/** Paired comparison of two models' predictions (see the module comment); null when they share no seed or utterance. */
export function pairModels(a: PredictionsBySeed, b: PredictionsBySeed, rng: Rng): Omit<PairedRow, 'training' | 'modelA' | 'modelB'> | null {
  const seeds = [...a.keys()].filter((s) => b.has(s)).sort((x, y) => x - y);
  if (seeds.length === 0) return null;
  const first = a.get(seeds[0]!)!;
  const ids = [...first.keys()].filter((id) => seeds.every((s) => a.get(s)!.has(id) && b.get(s)!.has(id))).sort();
  if (ids.length === 0) return null;
  for (const s of seeds)
    for (const id of ids)
      if (a.get(s)!.get(id)!.truth !== first.get(id)!.truth || b.get(s)!.get(id)!.truth !== first.get(id)!.truth)
        throw new RangeError(`results: utterance ${id} has different true labels in different records`);
  const truth = ids.map((id) => first.get(id)!.truth);
  const speakers = ids.map((id) => first.get(id)!.speaker);
  const predsA = seeds.map((s) => ids.map((id) => a.get(s)!.get(id)!.pred));
  const predsB = seeds.map((s) => ids.map((id) => b.get(s)!.get(id)!.pred));
  const labels = [...new Set([...truth, ...predsA.flat(), ...predsB.flat()])].sort();
  const boot = pairedBootstrapUarRuns(truth, predsA, predsB, labels, rng, { resamples: COMPARE_BOOTSTRAP_RESAMPLES, level: 0.95 });
  // per-speaker differences, mean over seeds
  const bySpeaker = new Map<string, number>();
  seeds.forEach((_, k) => {
    for (const g of groupDifferences(truth, predsA[k]!, predsB[k]!, speakers, labels))
      bySpeaker.set(g.group, (bySpeaker.get(g.group) ?? 0) + g.diff / seeds.length);
  });
  const diffs = [...bySpeaker.values()];
  const sign = signTest(diffs);
  return {
    seeds,
    utterances: ids.length,
    uarA: boot.uarA,
    uarB: boot.uarB,
    diff: boot.diff,
    lo: boot.lo,
    hi: boot.hi,
    speakers: diffs.length,
    speakersAbove: sign.statistic,
    speakersBelow: sign.n - sign.statistic,
    sign,
    wilcoxon: wilcoxonSignedRank(diffs),
  };
}

/**
 * Every pair of models of `order` (each unordered pair once, A before B in config order), per
 * training, whose records carry predictions. Deterministic: the bootstrap of a pair draws from
 * `Rng(0).fork('paired/<training>/<A>/<B>')`.
 */
export function pairedRows(records: readonly CompareRecord[], order: readonly string[]): PairedRow[] {
  const rows: PairedRow[] = [];
  for (const training of ['clean', 'augmented'] as const) {
    const models = modelsWithPredictions(records, [...new Set(order)], training);
    const preds = new Map(models.map((m) => [m, predictionsOf(records, m, training)!]));
    for (let i = 0; i < models.length; i++)
      for (let j = i + 1; j < models.length; j++) {
        const [A, B] = [models[i]!, models[j]!];
        const p = pairModels(preds.get(A)!, preds.get(B)!, new Rng(0).fork(`paired/${training}/${A}/${B}`));
        if (p) rows.push({ training, modelA: A, modelB: B, ...p });
      }
  }
  return rows;
}

/** Models of a training without stored predictions (left out of the pairs), for the report. */
export function modelsWithoutPredictions(records: readonly CompareRecord[], order: readonly string[]): string[] {
  const out: string[] = [];
  for (const training of ['clean', 'augmented'] as const)
    for (const m of order) if (records.some((r) => r.model === m && r.training === training && !r.predictions)) out.push(`${m} (${training})`);
  return out;
}

/** One point of the ranked-interval plot: a model's pooled UAR and the interval of its difference to the best model, placed at the best model's UAR. */
export interface RankedInterval {
  readonly training: 'clean' | 'augmented';
  readonly model: string;
  /** Pooled UAR % (mean over seeds). */
  readonly uar: number;
  /** best UAR % + lower / upper end of the 95 % interval of (model - best); equal to uar for the best model itself. */
  readonly lo: number;
  readonly hi: number;
  /** Whether this is the best model of its training. */
  readonly best: boolean;
}

/** Ranked intervals per training: the best model by pooled UAR, and every other model against it (from the pair rows). */
export function rankedIntervals(pairs: readonly PairedRow[]): RankedInterval[] {
  const out: RankedInterval[] = [];
  for (const training of ['clean', 'augmented'] as const) {
    const ps = pairs.filter((p) => p.training === training);
    const uar = new Map<string, number>();
    for (const p of ps) {
      if (!uar.has(p.modelA)) uar.set(p.modelA, p.uarA);
      if (!uar.has(p.modelB)) uar.set(p.modelB, p.uarB);
    }
    if (uar.size === 0) continue;
    const best = [...uar.entries()].reduce((x, y) => (y[1] > x[1] ? y : x))[0];
    const r1 = (v: number) => Math.round(1000 * v) / 10;
    for (const [m, u] of uar) {
      if (m === best) {
        out.push({ training, model: m, uar: r1(u), lo: r1(u), hi: r1(u), best: true });
        continue;
      }
      const p = ps.find((x) => (x.modelA === m && x.modelB === best) || (x.modelA === best && x.modelB === m))!;
      // interval of (m - best)
      const [lo, hi] = p.modelA === m ? [p.lo, p.hi] : [-p.hi, -p.lo];
      const ub = p.modelA === best ? p.uarA : p.uarB;
      out.push({ training, model: m, uar: r1(u), lo: r1(ub + lo), hi: r1(ub + hi), best: false });
    }
  }
  return out.sort((a, b) => (a.training < b.training ? -1 : a.training > b.training ? 1 : b.uar - a.uar));
}

/**
 * Ranked-interval plot: per training, each model's pooled UAR (point) and the paired bootstrap
 * 95 % interval of its difference to the best model drawn at the best model's UAR (bar); a bar
 * that does not reach the dashed line of the best model marks a significant difference.
 */
export function rankedIntervalSpec(intervals: readonly RankedInterval[], title: string): TopLevelSpec {
  const best = intervals.filter((r) => r.best).map((r) => ({ training: r.training, uar: r.uar }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'bar: best UAR + 95 % paired bootstrap interval of (model - best); dashed: best model' },
    facet: { row: { field: 'training', type: 'nominal', title: 'training' } },
    data: { values: intervals.map((r) => ({ ...r, bestUar: best.find((b) => b.training === r.training)!.uar })) },
    spec: {
      width: 420,
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y: { field: 'model', type: 'nominal', sort: { field: 'uar', order: 'descending' }, title: null },
            x: { field: 'lo', type: 'quantitative', title: 'UAR % (pooled, mean over seeds)', scale: { zero: false } },
            x2: { field: 'hi' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 60 },
          encoding: {
            y: { field: 'model', type: 'nominal', sort: { field: 'uar', order: 'descending' } },
            x: { field: 'uar', type: 'quantitative' },
            color: { field: 'best', type: 'nominal', title: 'best model' },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 3], color: 'gray' }, encoding: { x: { field: 'bestUar', type: 'quantitative', aggregate: 'max' } } },
      ],
    },
  } as unknown as TopLevelSpec;
}

/** p-value as text. */
const pText = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

/** The Markdown section "Paired comparisons". */
export function pairedMarkdown(pairs: readonly PairedRow[], missing: readonly string[]): string[] {
  const L: string[] = ['## Paired comparisons', ''];
  L.push(
    `Per pair of models (same training): pooled UAR over the paired test utterances (mean over the seeds both have), the difference A - B with a paired bootstrap 95 % interval over utterances (${COMPARE_BOOTSTRAP_RESAMPLES} resamples within each true class, one draw for all seeds of both models), and two-sided sign and Wilcoxon signed-rank tests over the per-speaker UAR differences (mean over seeds; zero differences dropped; exact for <= 50 speakers). The pooled UAR differs from the mean-over-folds UAR of the table above. See ranked.svg.`,
    '',
  );
  if (pairs.length === 0) L.push('No pairs: fewer than two models with stored per-utterance predictions.', '');
  else {
    L.push('| training | model A | model B | seeds | utt. | UAR A % | UAR B % | A - B (95 % CI) pp | speakers A>B / A<B | sign p | Wilcoxon p |');
    L.push('|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|');
    const f = (v: number) => (100 * v).toFixed(1);
    for (const p of pairs)
      L.push(
        `| ${p.training} | ${p.modelA} | ${p.modelB} | ${p.seeds.length} | ${p.utterances} | ${f(p.uarA)} | ${f(p.uarB)} | ${p.diff >= 0 ? '+' : ''}${f(p.diff)} [${f(p.lo)}, ${f(p.hi)}] | ${p.speakersAbove} / ${p.speakersBelow} of ${p.speakers} | ${pText(p.sign.p)} | ${pText(p.wilcoxon.p)} |`,
      );
    L.push('');
  }
  if (missing.length) L.push(`Left out (results written without per-utterance predictions; rerun them): ${missing.join(', ')}.`, '');
  return L;
}
