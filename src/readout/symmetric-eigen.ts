/**
 * Eigen-decomposition of a real symmetric matrix: Householder tridiagonalization (tred2) and
 * the implicit QL algorithm (tql2) of EISPACK / JAMA, as ml-matrix 6.15's
 * EigenvalueDecomposition runs them for symmetric input, operation for operation: the same
 * eigenvalues and eigenvectors to the last bit (tested), without its accessor calls, and
 * returning eigenvectors as contiguous rows. PCA uses it (see pca-solvers.ts).
 *
 * @module
 */

/** sqrt(a² + b²) without overflow, as ml-matrix's `hypotenuse`. */
function hypotenuse(a: number, b: number): number {
  let r = 0;
  if (Math.abs(a) > Math.abs(b)) {
    r = b / a;
    return Math.abs(a) * Math.sqrt(1 + r * r);
  }
  if (b !== 0) {
    r = a / b;
    return Math.abs(b) * Math.sqrt(1 + r * r);
  }
  return 0;
}

/** Eigenvalues (ascending, as tql2 sorts them) and eigenvectors (`vectors[j]` belongs to `values[j]`, unit norm). */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array[];
}

/**
 * Eigen-decomposition of the symmetric n x n matrix `A` (row-major; only symmetric input is
 * meaningful, as with ml-matrix's `assumeSymmetric`). `A` is not modified.
 */
export function symmetricEigen(A: Float64Array, n: number): SymmetricEigen {
  if (!(Number.isInteger(n) && n >= 1) || A.length !== n * n) throw new RangeError(`symmetricEigen: ${A.length} values for a ${n} x ${n} matrix`);
  // V[r] is row r of ml-matrix's (transposed) storage: V[j][i] holds the logical V(i, j)
  const V: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const row = new Float64Array(n);
    for (let i = 0; i < n; i++) row[i] = A[i * n + j]!;
    V.push(row);
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(n, e, d, V);
  tql2(n, e, d, V);
  // logical column j (the j-th eigenvector) is storage row j
  return { values: d, vectors: V };
}

function tred2(n: number, e: Float64Array, d: Float64Array, V: Float64Array[]): void {
  let f: number, g: number, h: number, hh: number, scale: number;
  const last = V.map((r) => r); // row references
  for (let j = 0; j < n; j++) d[j] = last[j]![n - 1]!;
  for (let i = n - 1; i > 0; i--) {
    scale = 0;
    h = 0;
    for (let k = 0; k < i; k++) scale = scale + Math.abs(d[k]!);
    const Vi = V[i]!;
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = V[j]![i - 1]!;
        V[j]![i] = 0;
        Vi[j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k]! /= scale;
        h += d[k]! * d[k]!;
      }
      f = d[i - 1]!;
      g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h = h - f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        Vi[j] = f;
        const Vj = V[j]!;
        g = e[j]! + Vj[j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += Vj[k]! * d[k]!;
          e[k]! += Vj[k]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j]! /= h;
        f += e[j]! * d[j]!;
      }
      hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        const Vj = V[j]!;
        for (let k = j; k <= i - 1; k++) Vj[k] = Vj[k]! - (f * e[k]! + g * d[k]!);
        d[j] = Vj[i - 1]!;
        Vj[i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    const Vi = V[i]!;
    const Vi1 = V[i + 1]!;
    Vi[n - 1] = Vi[i]!;
    Vi[i] = 1;
    h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = Vi1[k]! / h;
      for (let j = 0; j <= i; j++) {
        g = 0;
        const Vj = V[j]!;
        for (let k = 0; k <= i; k++) g += Vi1[k]! * Vj[k]!;
        for (let k = 0; k <= i; k++) Vj[k] = Vj[k]! - g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) Vi1[k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[j]![n - 1]!;
    V[j]![n - 1] = 0;
  }
  V[n - 1]![n - 1] = 1;
  e[0] = 0;
}

function tql2(n: number, e: Float64Array, d: Float64Array, V: Float64Array[]): void {
  let g: number, h: number, p: number, r: number, dl1: number, c: number, c2: number, c3: number, el1: number, s: number, s2: number;
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]!) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        g = d[l]!;
        p = (d[l + 1]! - g) / (2 * e[l]!);
        r = hypotenuse(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        dl1 = d[l + 1]!;
        h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f = f + h;
        p = d[m]!;
        c = 1;
        c2 = c;
        c3 = c;
        el1 = e[l + 1]!;
        s = 0;
        s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = hypotenuse(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          const Vi = V[i]!;
          const Vi1 = V[i + 1]!;
          for (let k = 0; k < n; k++) {
            h = Vi1[k]!;
            Vi1[k] = s * Vi[k]! + c * h;
            Vi[k] = c * Vi[k]! - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    p = d[i]!;
    for (let j = i + 1; j < n; j++) {
      if (d[j]! < p) {
        k = j;
        p = d[j]!;
      }
    }
    if (k !== i) {
      d[k] = d[i]!;
      d[i] = p;
      const tmp = V[i]!;
      V[i] = V[k]!;
      V[k] = tmp;
    }
  }
}
