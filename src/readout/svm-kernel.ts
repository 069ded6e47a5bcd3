/**
 * RBF fits through libsvm's precomputed-kernel mode, bit for bit the same models as its RBF
 * mode: {@link rbfGram} computes the Gram matrix with libsvm's own arithmetic (Kernel::kernel_rbf:
 * exp(-gamma (|x_i|² + |x_j|² - 2 x_i·x_j)), dot products summed in feature order), so the
 * solver sees the same kernel values, takes the same steps and ends at the same support vectors,
 * coefficients and rho; {@link rbfModelText} then writes the model as libsvm's RBF mode would
 * have saved it (gamma as `%g`, support-vector values as `%.8g`), so predictions, saved models
 * and everything downstream are unchanged. One Gram matrix serves every C of a grid (the
 * kernel does not depend on C), which is where model selection saves its time.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { libsvmHeader, type LibsvmModel } from './svm-model.js';

/**
 * The RBF Gram matrix of the rows of X (n x n, row-major, symmetric), computed as libsvm's
 * training kernel computes it: K_ij = exp(-gamma (sq_i + sq_j - 2 dot(x_i, x_j))) with
 * sq_i = dot(x_i, x_i) and every dot product summed over the features in order.
 */
export function rbfGram(X: Mat, gamma: number): Float64Array {
  const { rows: n, cols: d, data } = X;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * d;
    for (let q = 0; q < d; q++) s += data[o + q]! * data[o + q]!;
    sq[i] = s;
  }
  const K = new Float64Array(n * n);
  const ng = -gamma;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i; j < n; j++) {
      const oj = j * d;
      let dot = 0;
      for (let q = 0; q < d; q++) dot += data[oi + q]! * data[oj + q]!;
      const v = Math.exp(ng * (sq[i]! + sq[j]! - 2 * dot));
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
  }
  return K;
}

/** The rows libsvm's precomputed mode takes: row i = [i + 1 (its serial number), K_i0, ..., K_i(n-1)]. */
export function precomputedRows(K: Float64Array, n: number): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const r = new Float64Array(n + 1);
    r[0] = i + 1;
    r.set(K.subarray(i * n, (i + 1) * n), 1);
    rows.push(r);
  }
  return rows;
}

/**
 * C's `printf("%.<p>g", v)` for finite v: p significant digits, trailing zeros dropped,
 * exponent form (at least two exponent digits) when the exponent is < -4 or >= p. Rounds as
 * JavaScript's toPrecision does (to nearest; an exact decimal tie, which needs a value with at
 * most p + 1 significant digits ending in 5, would round up where glibc rounds to even).
 */
export function formatG(v: number, p: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, expStr] = v.toExponential(p - 1).split('e') as [string, string];
  const exp = Number(expStr);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= p) return `${strip(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(v.toFixed(Math.max(0, p - 1 - exp)));
}

/** X with every value rounded to 8 significant digits, as libsvm's `%.8g` writes support vectors (Number(v.toPrecision(8)) is the value `%.8g` prints). */
export function roundRows8(X: Mat): Mat {
  const out = new Float64Array(X.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = X.data[i]!;
    out[i] = v === 0 ? v : Number(v.toPrecision(8));
  }
  return { data: out, rows: X.rows, cols: X.cols };
}

/**
 * The parsed RBF model ({@link parseLibsvmModel} of {@link rbfModelText}) straight from the
 * precomputed-mode text, without writing and reading the support vectors as text: `Xr` holds
 * the training rows rounded as libsvm writes them ({@link roundRows8}), gamma is read as `%g`.
 */
export function rbfModelFromPrecomputed(text: string, Xr: Mat, gamma: number): LibsvmModel {
  const { lines, head, sv: firstSv } = libsvmHeader(text);
  let i = firstSv;
  if (head.kernel_type?.[0] !== 'precomputed') throw new Error(`precomputed model: kernel_type is ${head.kernel_type?.[0]}`);
  const k = Number(head.nr_class?.[0]);
  const labels = (head.label ?? []).map(Number);
  const nSV = (head.nr_sv ?? []).map(Number);
  const rho = (head.rho ?? []).map(Number);
  const total = Number(head.total_sv?.[0]);
  if (labels.length !== k || nSV.length !== k || rho.length !== (k * (k - 1)) / 2) throw new Error('precomputed model: inconsistent header');
  const d = Xr.cols;
  const sv: Float64Array[] = [];
  const coef: Float64Array[] = Array.from({ length: Math.max(1, k - 1) }, () => new Float64Array(total));
  for (let s = 0; s < total; s++, i++) {
    const parts = lines[i]!.trim().split(/\s+/);
    for (let c = 0; c < k - 1; c++) coef[c]![s] = Number(parts[c]);
    const last = parts[parts.length - 1]!;
    if (!last.startsWith('0:')) throw new Error(`precomputed model: support vector line without a serial number: ${lines[i]!.slice(0, 80)}`);
    const serial = Number(last.slice(2));
    if (!(Number.isInteger(serial) && serial >= 1 && serial <= Xr.rows))
      throw new Error(`precomputed model: serial number ${serial} out of range 1..${Xr.rows}`);
    sv.push(Xr.data.slice((serial - 1) * d, serial * d));
  }
  return { kernel: 'rbf', gamma: Number(formatG(gamma, 6)), labels, nSV, rho, sv, coef };
}

/**
 * libsvm's saved RBF model, rebuilt from the saved model of the same problem fitted on
 * {@link precomputedRows} (its support vectors are serial numbers "0:<i+1>"): the header gets
 * `kernel_type rbf` and `gamma %g`, and each support vector its feature values from X (`%.8g`),
 * the coefficients are kept as written. Byte-identical to what the RBF fit saves.
 */
export function rbfModelText(precomputedText: string, X: Mat, gamma: number): string {
  const lines = precomputedText.split('\n');
  const out: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('kernel_type ')) {
      out.push('kernel_type rbf', `gamma ${formatG(gamma, 6)}`);
      continue;
    }
    out.push(l);
    if (l === 'SV') break;
  }
  const d = X.cols;
  for (i++; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '') {
      out.push(l);
      continue;
    }
    const colon = l.indexOf(':');
    const at = l.lastIndexOf(' ', colon) + 1;
    if (colon < 0 || l.slice(at, colon) !== '0') throw new Error(`precomputed model: support vector line without a serial number: ${l.slice(0, 80)}`);
    const serial = Number(l.slice(colon + 1));
    if (!(Number.isInteger(serial) && serial >= 1 && serial <= X.rows)) throw new Error(`precomputed model: serial number ${serial} out of range 1..${X.rows}`);
    const o = (serial - 1) * d;
    let s = l.slice(0, at);
    for (let q = 0; q < d; q++) s += `${q + 1}:${formatG(X.data[o + q]!, 8)} `;
    out.push(s);
  }
  return out.join('\n');
}
