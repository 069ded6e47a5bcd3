/**
 * Paired comparison statistics for two classifiers scored on the same utterances: a seeded
 * paired bootstrap confidence interval of the UAR difference, per-speaker (per-group)
 * differences, and the sign test and Wilcoxon signed-rank test over those groups (exact for
 * small samples).
 *
 * Resampling design of {@link pairedBootstrapUar}: one resample draws utterances with
 * replacement, the same draw for both models (that is what makes it paired), and recomputes
 * the UAR of each model on the resample. With `stratify: 'label'` (the default) each true class
 * is resampled within itself, keeping its count, so that every class keeps its support and the
 * UAR (a mean of per-class recalls) stays defined in every resample; `'none'` draws from all
 * utterances at once (a class may then vanish from a resample, and the UAR is taken over the
 * classes present, as {@link classificationReport} does). The UAR here is the pooled UAR over
 * all utterances given (e.g. all test folds of a leave-one-speaker-out run), not the mean of
 * per-fold UARs. The interval is the percentile interval of the resampled differences.
 *
 * @module
 */
import type { Rng } from '../core/rng.js';

/** Integer codes of `labels` for `values`; RangeError naming `what` for an unknown label. */
function codes(values: readonly string[], labels: readonly string[], what: string): Int32Array {
  const idx = new Map(labels.map((l, i) => [l, i]));
  const out = new Int32Array(values.length);
  values.forEach((v, i) => {
    const c = idx.get(v);
    if (c === undefined) throw new RangeError(`${what}: label ${JSON.stringify(v)} (row ${i}) is not in labels [${labels.join(', ')}]`);
    out[i] = c;
  });
  return out;
}

/** Check that truth and both predictions are equally long and non-empty. */
function checkPaired(truth: readonly string[], predA: readonly string[], predB: readonly string[]): void {
  if (truth.length === 0) throw new RangeError('paired comparison: no utterances');
  if (predA.length !== truth.length || predB.length !== truth.length)
    throw new RangeError(`paired comparison: ${truth.length} truths, ${predA.length} predictions of model A, ${predB.length} of model B (must be equal)`);
}

/**
 * UAR (unweighted average recall over the classes present among the rows `rows`) from integer
 * codes; `rows` indexes into `truth` and `pred` (duplicates allowed, as in a bootstrap draw).
 */
function uarOfRows(truth: Int32Array, pred: Int32Array, rows: Int32Array, k: number, support: Float64Array, hits: Float64Array): number {
  support.fill(0);
  hits.fill(0);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    const t = truth[i]!;
    support[t]!++;
    if (pred[i] === t) hits[t]!++;
  }
  let s = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    if (support[c]! > 0) {
      s += hits[c]! / support[c]!;
      present++;
    }
  }
  return present ? s / present : 0;
}

/** UAR of `pred` against `truth` over the classes present (labels in `labels`). */
export function unweightedAverageRecall(truth: readonly string[], pred: readonly string[], labels: readonly string[]): number {
  if (truth.length !== pred.length) throw new RangeError(`unweightedAverageRecall: ${truth.length} truths but ${pred.length} predictions`);
  const t = codes(truth, labels, 'truth');
  const p = codes(pred, labels, 'prediction');
  const rows = Int32Array.from(t, (_, i) => i);
  return uarOfRows(t, p, rows, labels.length, new Float64Array(labels.length), new Float64Array(labels.length));
}

/** Options of {@link pairedBootstrapUar}. */
export interface PairedBootstrapOptions {
  /** Number of resamples (integer >= 100); default 2000. */
  readonly resamples?: number;
  /** Confidence level in (0, 1); default 0.95. */
  readonly level?: number;
  /** Resample within each true class ('label', default) or over all utterances ('none'). */
  readonly stratify?: 'label' | 'none';
}

/** The result of {@link pairedBootstrapUar} (UAR as fractions, not percent). */
export interface PairedBootstrapResult {
  /** UAR of model A on all the utterances given. */
  readonly uarA: number;
  /** UAR of model B on all the utterances given. */
  readonly uarB: number;
  /** uarA - uarB. */
  readonly diff: number;
  /** Lower end of the percentile interval of the resampled differences. */
  readonly lo: number;
  /** Upper end of the percentile interval. */
  readonly hi: number;
  /** Confidence level of [lo, hi]. */
  readonly level: number;
  readonly resamples: number;
  readonly stratify: 'label' | 'none';
  /** Fraction of resamples in which A's UAR exceeds B's (a one-sided bootstrap support). */
  readonly fractionAbove: number;
}

/** Quantile (linear interpolation between order statistics, type 7) of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Paired bootstrap percentile interval of UAR(A) - UAR(B) over the same utterances (see the
 * module comment for the resampling design). Deterministic for a given `rng`.
 */
export function pairedBootstrapUar(
  truth: readonly string[],
  predA: readonly string[],
  predB: readonly string[],
  labels: readonly string[],
  rng: Rng,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  return pairedBootstrapUarRuns(truth, [predA], [predB], labels, rng, options);
}

/**
 * {@link pairedBootstrapUar} for models run several times on the same utterances (e.g. one
 * prediction set per reservoir seed): each model's UAR is the mean over its runs, and one
 * resample draws utterances once for all runs of both models, so that the interval reflects the
 * sampling of utterances, not the number of runs. Model B may have one run (e.g. a baseline
 * without seeds) or as many as A.
 */
export function pairedBootstrapUarRuns(
  truth: readonly string[],
  predsA: readonly (readonly string[])[],
  predsB: readonly (readonly string[])[],
  labels: readonly string[],
  rng: Rng,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  if (predsA.length === 0 || predsB.length === 0)
    throw new RangeError(`paired comparison: model A has ${predsA.length} runs, model B ${predsB.length} (at least 1 each)`);
  for (const p of predsA) checkPaired(truth, p, truth);
  for (const p of predsB) checkPaired(truth, truth, p);
  const B = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  const stratify = options.stratify ?? 'label';
  if (!Number.isInteger(B) || B < 100) throw new RangeError(`resamples: must be an integer >= 100, got ${B}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level: must be in (0, 1), got ${level}`);
  if (stratify !== 'label' && stratify !== 'none') throw new RangeError(`stratify: must be 'label' or 'none', got ${JSON.stringify(stratify)}`);
  const k = labels.length;
  const t = codes(truth, labels, 'truth');
  const a = predsA.map((p) => codes(p, labels, 'predictions of model A'));
  const b = predsB.map((p) => codes(p, labels, 'predictions of model B'));
  const n = t.length;
  const support = new Float64Array(k);
  const hits = new Float64Array(k);
  const meanUar = (runs: Int32Array[], rows: Int32Array) => runs.reduce((s, p) => s + uarOfRows(t, p, rows, k, support, hits), 0) / runs.length;
  const all = Int32Array.from(t, (_, i) => i);
  const uarA = meanUar(a, all);
  const uarB = meanUar(b, all);
  const strata: Int32Array[] = stratify === 'label' ? labels.map((_, c) => all.filter((i) => t[i] === c)).filter((s) => s.length > 0) : [all];
  const rows = new Int32Array(n);
  const diffs = new Float64Array(B);
  let above = 0;
  for (let r = 0; r < B; r++) {
    let j = 0;
    for (const s of strata) for (let m = 0; m < s.length; m++) rows[j++] = s[rng.int(s.length)]!;
    const d = meanUar(a, rows) - meanUar(b, rows);
    diffs[r] = d;
    if (d > 0) above++;
  }
  diffs.sort();
  const alpha = (1 - level) / 2;
  return {
    uarA,
    uarB,
    diff: uarA - uarB,
    lo: quantileSorted(diffs, alpha),
    hi: quantileSorted(diffs, 1 - alpha),
    level,
    resamples: B,
    stratify,
    fractionAbove: above / B,
  };
}

/** One group's (speaker's) paired figures. */
export interface GroupDifference {
  readonly group: string;
  /** Utterances of the group. */
  readonly n: number;
  readonly uarA: number;
  readonly uarB: number;
  /** uarA - uarB. */
  readonly diff: number;
}

/** UAR of both models per group (e.g. per test speaker), groups in first-seen order. */
export function groupDifferences(
  truth: readonly string[],
  predA: readonly string[],
  predB: readonly string[],
  groups: readonly string[],
  labels: readonly string[],
): GroupDifference[] {
  checkPaired(truth, predA, predB);
  if (groups.length !== truth.length) throw new RangeError(`groups: ${groups.length} groups for ${truth.length} utterances`);
  const t = codes(truth, labels, 'truth');
  const a = codes(predA, labels, 'predictions of model A');
  const b = codes(predB, labels, 'predictions of model B');
  const order: string[] = [];
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    if (!members.has(g)) {
      members.set(g, []);
      order.push(g);
    }
    members.get(g)!.push(i);
  });
  const support = new Float64Array(labels.length);
  const hits = new Float64Array(labels.length);
  return order.map((g) => {
    const rows = Int32Array.from(members.get(g)!);
    const uarA = uarOfRows(t, a, rows, labels.length, support, hits);
    const uarB = uarOfRows(t, b, rows, labels.length, support, hits);
    return { group: g, n: rows.length, uarA, uarB, diff: uarA - uarB };
  });
}

/** Result of a paired test over differences. */
export interface PairedTestResult {
  /** Non-zero differences used (zeros are dropped). */
  readonly n: number;
  /** Sign test: positive differences; Wilcoxon: W+, the rank sum of the positive differences. */
  readonly statistic: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** 'exact' (enumerated null distribution) or 'normal' (approximation with continuity and tie corrections). */
  readonly method: 'exact' | 'normal';
}

/** Differences (and differences of magnitudes) at most this far apart count as equal in the sign and Wilcoxon tests. */
export const TIE_TOLERANCE = 1e-12;

/** log of n choose k. */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** Check that `d` holds finite numbers. */
function checkDiffs(d: readonly number[], what: string): void {
  d.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new RangeError(`${what}: difference ${i} is not a finite number (${String(x)})`);
  });
}

/** Exact two-sided sign test of the differences (zeros dropped): p = min(1, 2 P(Bin(n, 1/2) <= min(n+, n-))). */
export function signTest(differences: readonly number[]): PairedTestResult {
  checkDiffs(differences, 'signTest');
  const pos = differences.filter((x) => x > TIE_TOLERANCE).length;
  const neg = differences.filter((x) => x < -TIE_TOLERANCE).length;
  const n = pos + neg;
  if (n === 0) return { n, statistic: 0, p: 1, method: 'exact' };
  const m = Math.min(pos, neg);
  let tail = 0;
  for (let k = 0; k <= m; k++) tail += Math.exp(logChoose(n, k) - n * Math.LN2);
  return { n, statistic: pos, p: Math.min(1, 2 * tail), method: 'exact' };
}

/** Largest number of non-zero differences for which {@link wilcoxonSignedRank} enumerates the exact null distribution. */
export const WILCOXON_EXACT_MAX_N = 50;

/**
 * Wilcoxon signed-rank test (two-sided) of paired differences: zeros dropped (Wilcoxon's
 * method), |d| ranked with average ranks for ties, statistic W+ (rank sum of the positive
 * differences). Exact for n <= {@link WILCOXON_EXACT_MAX_N} (the permutation distribution of
 * the signs over the observed, possibly tied, ranks), else the normal approximation with tie
 * and continuity corrections. p = min(1, 2 min(P(W+ <= w), P(W+ >= w))).
 */
export function wilcoxonSignedRank(differences: readonly number[]): PairedTestResult {
  checkDiffs(differences, 'wilcoxonSignedRank');
  // differences within TIE_TOLERANCE count as equal (and as zero), so that rounding in e.g. per-speaker UARs does not break ties
  const d = differences.filter((x) => Math.abs(x) > TIE_TOLERANCE);
  const n = d.length;
  if (n === 0) return { n, statistic: 0, p: 1, method: 'exact' };
  const order = d.map((_x, i) => i).sort((i, j) => Math.abs(d[i]!) - Math.abs(d[j]!));
  const rank = new Float64Array(n);
  for (let s = 0; s < n; ) {
    let e = s;
    while (e + 1 < n && Math.abs(d[order[e + 1]!]!) - Math.abs(d[order[s]!]!) <= TIE_TOLERANCE) e++;
    const r = (s + e + 2) / 2; // average of ranks s+1 .. e+1
    for (let q = s; q <= e; q++) rank[order[q]!] = r;
    s = e + 1;
  }
  let wPlus = 0;
  for (let i = 0; i < n; i++) if (d[i]! > 0) wPlus += rank[i]!;
  if (n <= WILCOXON_EXACT_MAX_N) {
    // doubled ranks are integers; count sign assignments per doubled rank sum
    const r2 = Array.from(rank, (r) => Math.round(2 * r));
    const max = r2.reduce((s, v) => s + v, 0);
    let dist = new Float64Array(max + 1);
    dist[0] = 1;
    for (const r of r2) {
      const next = new Float64Array(max + 1);
      for (let s = 0; s <= max; s++) {
        const c = dist[s]!;
        if (c === 0) continue;
        next[s]! += c * 0.5;
        if (s + r <= max) next[s + r]! += c * 0.5;
      }
      dist = next;
    }
    const w = Math.round(2 * wPlus);
    let lower = 0;
    let upper = 0;
    for (let s = 0; s <= max; s++) {
      if (s <= w) lower += dist[s]!;
      if (s >= w) upper += dist[s]!;
    }
    return { n, statistic: wPlus, p: Math.min(1, 2 * Math.min(lower, upper)), method: 'exact' };
  }
  const mean = (n * (n + 1)) / 4;
  // tie correction: subtract sum(t^3 - t) / 48 over tie groups
  const counts = new Map<number, number>();
  for (const r of rank) counts.set(r, (counts.get(r) ?? 0) + 1);
  let tie = 0;
  for (const t of counts.values()) tie += t * t * t - t;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tie / 48);
  const z = (Math.abs(wPlus - mean) - 0.5) / sd;
  return { n, statistic: wPlus, p: Math.min(1, 2 * normalUpperTail(Math.max(0, z))), method: 'normal' };
}

/** P(Z > z) of the standard normal (Abramowitz & Stegun 7.1.26 via erfc; absolute error < 1.5e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Everything {@link comparePaired} reports. */
export interface PairedComparison {
  readonly bootstrap: PairedBootstrapResult;
  /** Per-group differences (present when groups were given). */
  readonly groups: GroupDifference[];
  /** Sign test over the per-group differences. */
  readonly sign: PairedTestResult;
  /** Wilcoxon signed-rank test over the per-group differences. */
  readonly wilcoxon: PairedTestResult;
}

/** Bootstrap CI over utterances plus per-group differences and the sign and Wilcoxon tests over groups. */
export function comparePaired(
  truth: readonly string[],
  predA: readonly string[],
  predB: readonly string[],
  groups: readonly string[],
  labels: readonly string[],
  rng: Rng,
  options: PairedBootstrapOptions = {},
): PairedComparison {
  const bootstrap = pairedBootstrapUar(truth, predA, predB, labels, rng, options);
  const g = groupDifferences(truth, predA, predB, groups, labels);
  const diffs = g.map((x) => x.diff);
  return { bootstrap, groups: g, sign: signTest(diffs), wilcoxon: wilcoxonSignedRank(diffs) };
}
