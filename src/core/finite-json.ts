/**
 * Numbers read back from files (model files, libsvm model text): each must be a finite number.
 * JSON has no NaN, but `null` (what JSON.stringify writes for NaN and Infinity) would read as 0
 * through `Float64Array.from`, and text formats parse "nan" to NaN: both are refused here,
 * naming the field and the index.
 *
 * @module
 */
import { ModelFormatError } from './errors.js';

/** A finite number at `field`, else a ModelFormatError naming `file`, the field and the value. */
export function finiteNumber(v: unknown, field: string, file: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelFormatError(file, `${field} must be a finite number, got ${show(v)}`);
  return v;
}

/**
 * A Float64Array of the finite numbers in `v` (an array, or a typed array), else a
 * ModelFormatError naming `file`, `field[index]` and the value (`null` included).
 */
export function finiteArray(v: unknown, field: string, file: string, length?: number): Float64Array {
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView)))
    throw new ModelFormatError(file, `${field} must be an array of numbers, got ${show(v)}`);
  const a = v as ArrayLike<unknown>;
  if (length !== undefined && a.length !== length) throw new ModelFormatError(file, `${field} has ${a.length} values, expected ${length}`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new ModelFormatError(file, `${field}[${i}] must be a finite number, got ${show(x)}`);
    out[i] = x;
  }
  return out;
}

function show(v: unknown): string {
  return typeof v === 'number' ? String(v) : v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v));
}

/**
 * Walk a parsed JSON value: every number must be finite and no array may hold `null` (a NaN or
 * Infinity that JSON.stringify wrote out). A ModelFormatError names the path (e.g. `svm.mlsvm[0].alpha[3]`).
 */
export function assertFiniteTree(v: unknown, field: string, file: string): void {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ModelFormatError(file, `${field} must be a finite number, got ${v}`);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => {
      if (x === null) throw new ModelFormatError(file, `${field}[${i}] must be a finite number, got null`);
      assertFiniteTree(x, `${field}[${i}]`, file);
    });
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) assertFiniteTree(x, `${field}.${k}`, file);
  }
}
