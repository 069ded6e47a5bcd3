/**
 * libsvm models in plain TypeScript: parsing of libsvm's text model format and the one-vs-one
 * decision function (svm_predict_values), so a saved model predicts without WASM and every
 * prediction comes with per-class scores.
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
}

/** Parse libsvm's serialized text model; `d` is the feature dimension. */
export function parseLibsvmModel(text: string, d: number): LibsvmModel {
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
  const kernelType = head.kernel_type?.[0];
  if (kernelType !== 'rbf' && kernelType !== 'linear') throw new Error(`libsvm model: unsupported kernel ${kernelType}`);
  const k = Number(head.nr_class?.[0]);
  const labels = (head.label ?? []).map(Number);
  const nSV = (head.nr_sv ?? []).map(Number);
  const rho = (head.rho ?? []).map(Number);
  const total = Number(head.total_sv?.[0]);
  const sv: Float64Array[] = [];
  const coef: Float64Array[] = Array.from({ length: Math.max(1, k - 1) }, () => new Float64Array(total));
  for (let s = 0; s < total; s++, i++) {
    const parts = lines[i]!.trim().split(/\s+/);
    const v = new Float64Array(d);
    for (let c = 0; c < k - 1; c++) coef[c]![s] = Number(parts[c]);
    for (let p = k - 1; p < parts.length; p++) {
      const [idx, val] = parts[p]!.split(':');
      const q = Number(idx) - 1;
      if (q >= 0 && q < d) v[q] = Number(val);
    }
    sv.push(v);
  }
  if (labels.length !== k || nSV.length !== k || rho.length !== (k * (k - 1)) / 2) throw new Error('libsvm model: inconsistent header');
  return { kernel: kernelType, gamma: Number(head.gamma?.[0] ?? 0), labels, nSV, rho, sv, coef };
}

/**
 * One-vs-one decision of `x`: returns votes per class (libsvm's label order) and the summed
 * decision values (positive = for the class) per class.
 */
export function libsvmDecision(m: LibsvmModel, x: ArrayLike<number>): { votes: Int32Array; margin: Float64Array } {
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
  let p = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++, p++) {
      let sum = 0;
      const ca = m.coef[b - 1]!;
      const cb = m.coef[a]!;
      for (let s = start[a]!; s < start[a]! + m.nSV[a]!; s++) sum += ca[s]! * kv[s]!;
      for (let s = start[b]!; s < start[b]! + m.nSV[b]!; s++) sum += cb[s]! * kv[s]!;
      sum -= m.rho[p]!;
      if (sum > 0) votes[a]!++;
      else votes[b]!++;
      margin[a]! += sum;
      margin[b]! -= sum;
    }
  }
  return { votes, margin };
}
