/**
 * Dense row-major matrices as plain records `{ data, rows, cols }`.
 *
 * @module
 */

/** A dense row-major matrix of float64 values: element (i, j) is `data[i * cols + j]`. */
export interface Mat {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** A dense row-major matrix of float32 values. */
export interface Mat32 {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/** A zero-filled `rows x cols` float64 matrix. */
export function zerosMat(rows: number, cols: number): Mat {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`zerosMat: rows must be an integer >= 0, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 0) throw new RangeError(`zerosMat: cols must be an integer >= 0, got ${cols}`);
  return { data: new Float64Array(rows * cols), rows, cols };
}

/** Build a float64 matrix from an array of equal-length rows (copies). */
export function matFromRows(rows: ArrayLike<number>[]): Mat {
  const r = rows.length;
  const c = r > 0 ? rows[0]!.length : 0;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) throw new RangeError(`matFromRows: row ${i} has ${row.length} values, expected ${c}`);
    for (let j = 0; j < c; j++) data[i * c + j] = row[j]!;
  }
  return { data, rows: r, cols: c };
}

/** Row `i` of `m` as a view (no copy). */
export function matRow(m: Mat, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** The rows of `m` as an array of plain number arrays (copies). */
export function matToRows(m: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(matRow(m, i)));
  return out;
}

/** A new matrix holding the rows of `m` listed in `idx`, in that order. */
export function selectRows(m: Mat, idx: ArrayLike<number>): Mat {
  const out = new Float64Array(idx.length * m.cols);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return { data: out, rows: idx.length, cols: m.cols };
}

/** Horizontal concatenation `[a b ...]` of matrices with equal row counts. */
export function hconcat(mats: Mat[]): Mat {
  if (mats.length === 0) return zerosMat(0, 0);
  const rows = mats[0]!.rows;
  let cols = 0;
  for (const m of mats) {
    if (m.rows !== rows) throw new RangeError(`hconcat: row counts differ (${rows} vs ${m.rows})`);
    cols += m.cols;
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let off = i * cols;
    for (const m of mats) {
      out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), off);
      off += m.cols;
    }
  }
  return { data: out, rows, cols };
}
