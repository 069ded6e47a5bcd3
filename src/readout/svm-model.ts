/**
 * libsvm models in plain TypeScript: parsing of libsvm's text model format and the one-vs-one
 * decision function (svm_predict_values), so a saved model predicts without WASM and every
 * prediction comes with per-class scores. The text format rounds (rho and probA/probB to 6
 * significant digits, as libsvm's svm_save_model); SvmClassifier always predicts from the text,
 * so a fitted model and its reloaded copy agree exactly (and agree with libsvm's own
 * predictions from the same text, see the tests).
 *
 * @module
 */

/** A parsed C-SVC model (libsvm text format). */
export interface LibsvmModel {
  readonly kernel: 'rbf' | 'linear';
  readonly gamma: number;
  /** Class labels in libsvm's order (integers as used in training). */
  readonly labels: number[];
  /** Support vectors per class, in order. */
  readonly nSV: number[];
  /** rho per class pair (i < j), length k(k-1)/2. */
  readonly rho: number[];
  /** Dense support vectors (totalSV x d). */
  readonly sv: Float64Array[];
  /** Coefficients: (k - 1) rows of totalSV values. */
  readonly coef: Float64Array[];
  /** Platt sigmoid parameters per class pair (probability models only). */
  readonly probA?: number[];
  /** Platt sigmoid offsets per class pair (probability models only). */
  readonly probB?: number[];
}

/**
 * The header of libsvm's text model: its lines, the `key values...` header fields, and the index
 * of the first support-vector line (after the `SV` line; the line count when there is none).
 */
export function libsvmHeader(text: string): { lines: string[]; head: Record<string, string[]>; sv: number } {
  const lines = text.split('\n');
  const head: Record<string, string[]> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === 'SV') {
      i++;
      break;
    }
    const [key, ...rest] = l.split(/\s+/);
    if (key) head[key] = rest;
  }
  return { lines, head, sv: i };
}

/** Parse libsvm's serialized text model; `d` is the feature dimension. */
export function parseLibsvmModel(text: string, d: number): LibsvmModel {
  const { lines, head, sv: firstSv } = libsvmHeader(text);
  let i = firstSv;
  const kernelType = head.kernel_type?.[0];
  if (kernelType !== 'rbf' && kernelType !== 'linear') throw new Error(`libsvm model: unsupported kernel ${kernelType}`);
  // every number is checked: a NaN (libsvm writes "nan") or a missing value names its field
  const num = (x: string | undefined, field: string): number => {
    const v = x === undefined ? NaN : Number(x);
    if (!Number.isFinite(v)) throw new Error(`libsvm model: ${field} must be a finite number, got ${x ?? 'nothing'}`);
    return v;
  };
  const int = (x: string | undefined, field: string, min: number): number => {
    const v = num(x, field);
    if (!Number.isInteger(v) || v < min) throw new Error(`libsvm model: ${field} must be an integer >= ${min}, got ${x}`);
    return v;
  };
  const k = int(head.nr_class?.[0], 'nr_class', 1);
  const labels = (head.label ?? []).map((x, j) => int(x, `label[${j}]`, -2147483648));
  const nSV = (head.nr_sv ?? []).map((x, j) => int(x, `nr_sv[${j}]`, 0));
  const rho = (head.rho ?? []).map((x, j) => num(x, `rho[${j}]`));
  const total = int(head.total_sv?.[0], 'total_sv', 0);
  if (labels.length !== k || nSV.length !== k || rho.length !== (k * (k - 1)) / 2 || nSV.reduce((a, b) => a + b, 0) !== total)
    throw new Error('libsvm model: inconsistent header');
  if (i + total > lines.length) throw new Error(`libsvm model: ${total} support vectors announced, ${Math.max(0, lines.length - i)} lines present`);
  const sv: Float64Array[] = [];
  const coef: Float64Array[] = Array.from({ length: Math.max(1, k - 1) }, () => new Float64Array(total));
  for (let s = 0; s < total; s++, i++) {
    const parts = lines[i]!.trim().split(/\s+/);
    const v = new Float64Array(d);
    for (let c = 0; c < k - 1; c++) coef[c]![s] = num(parts[c], `coefficient ${c} of support vector ${s}`);
    for (let p = k - 1; p < parts.length; p++) {
      const [idx, val] = parts[p]!.split(':');
      const q = Number(idx) - 1;
      if (q >= 0 && q < d) v[q] = num(val, `support vector ${s}, feature ${q + 1}`);
    }
    sv.push(v);
  }
  const gamma = kernelType === 'rbf' ? num(head.gamma?.[0], 'gamma') : Number(head.gamma?.[0] ?? 0);
  if (kernelType === 'rbf' && !(gamma > 0)) throw new Error(`libsvm model: gamma must be > 0, got ${gamma}`);
  const model: LibsvmModel = { kernel: kernelType, gamma, labels, nSV, rho, sv, coef };
  if (head.probA && head.probB) {
    const probA = head.probA.map((x, j) => num(x, `probA[${j}]`));
    const probB = head.probB.map((x, j) => num(x, `probB[${j}]`));
    if (probA.length !== rho.length || probB.length !== rho.length) throw new Error('libsvm model: inconsistent probA/probB');
    return { ...model, probA, probB };
  }
  return model;
}

/**
 * One-vs-one decision of `x`: votes, summed margins and the raw pairwise decision values
 * (pairs (a, b), a < b, in libsvm's order; positive = for a).
 */
function decide(m: LibsvmModel, x: ArrayLike<number>): { votes: Int32Array; margin: Float64Array; dec: Float64Array } {
  const k = m.labels.length;
  const total = m.sv.length;
  const kv = new Float64Array(total);
  for (let s = 0; s < total; s++) {
    const v = m.sv[s]!;
    if (m.kernel === 'linear') {
      let dot = 0;
      for (let q = 0; q < v.length; q++) dot += v[q]! * x[q]!;
      kv[s] = dot;
    } else {
      let d2 = 0;
      for (let q = 0; q < v.length; q++) {
        const t = v[q]! - x[q]!;
        d2 += t * t;
      }
      kv[s] = Math.exp(-m.gamma * d2);
    }
  }
  const start = new Int32Array(k);
  for (let c = 1; c < k; c++) start[c] = start[c - 1]! + m.nSV[c - 1]!;
  const votes = new Int32Array(k);
  const margin = new Float64Array(k);
  const dec = new Float64Array((k * (k - 1)) / 2);
  let p = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++, p++) {
      let sum = 0;
      const ca = m.coef[b - 1]!;
      const cb = m.coef[a]!;
      for (let s = start[a]!; s < start[a]! + m.nSV[a]!; s++) sum += ca[s]! * kv[s]!;
      for (let s = start[b]!; s < start[b]! + m.nSV[b]!; s++) sum += cb[s]! * kv[s]!;
      sum -= m.rho[p]!;
      dec[p] = sum;
      if (sum > 0) votes[a]!++;
      else votes[b]!++;
      margin[a]! += sum;
      margin[b]! -= sum;
    }
  }
  return { votes, margin, dec };
}

/**
 * Class probabilities of `x` (libsvm's label order) as libsvm's svm_predict_probability: Platt
 * sigmoids of the pairwise decisions, clipped to [1e-7, 1 - 1e-7], coupled by Wu, Lin & Weng's
 * method 2 (the iterative solver of libsvm's multiclass_probability). Needs probA/probB.
 */
export function libsvmProbability(m: LibsvmModel, x: ArrayLike<number>): Float64Array {
  if (!m.probA || !m.probB) throw new RangeError('libsvmProbability: model has no probability parameters');
  const k = m.labels.length;
  const { dec } = decide(m, x);
  const r = Array.from({ length: k }, () => new Float64Array(k));
  let p = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++, p++) {
      const f = dec[p]! * m.probA[p]! + m.probB[p]!;
      const sig = f >= 0 ? Math.exp(-f) / (1 + Math.exp(-f)) : 1 / (1 + Math.exp(f));
      const v = Math.min(Math.max(sig, 1e-7), 1 - 1e-7);
      r[a]![b] = v;
      r[b]![a] = 1 - v;
    }
  }
  const out = new Float64Array(k);
  if (k === 2) {
    out[0] = r[0]![1]!;
    out[1] = r[1]![0]!;
    return out;
  }
  const Q = Array.from({ length: k }, () => new Float64Array(k));
  const Qp = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    out[t] = 1 / k;
    for (let j = 0; j < t; j++) {
      Q[t]![t]! += r[j]![t]! * r[j]![t]!;
      Q[t]![j] = Q[j]![t]!;
    }
    for (let j = t + 1; j < k; j++) {
      Q[t]![t]! += r[j]![t]! * r[j]![t]!;
      Q[t]![j] = -r[j]![t]! * r[t]![j]!;
    }
  }
  const eps = 0.005 / k;
  for (let iter = 0; iter < Math.max(100, k); iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += Q[t]![j]! * out[j]!;
      Qp[t] = s;
      pQp += out[t]! * s;
    }
    let maxErr = 0;
    for (let t = 0; t < k; t++) maxErr = Math.max(maxErr, Math.abs(Qp[t]! - pQp));
    if (maxErr < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t]! + pQp) / Q[t]![t]!;
      out[t]! += diff;
      pQp = (pQp + diff * (diff * Q[t]![t]! + 2 * Qp[t]!)) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j]! + diff * Q[t]![j]!) / (1 + diff);
        out[j]! /= 1 + diff;
      }
    }
  }
  return out;
}

/**
 * One-vs-one decision of `x`: returns votes per class (libsvm's label order) and the summed
 * decision values (positive = for the class) per class.
 */
export function libsvmDecision(m: LibsvmModel, x: ArrayLike<number>): { votes: Int32Array; margin: Float64Array } {
  const { votes, margin } = decide(m, x);
  return { votes, margin };
}
