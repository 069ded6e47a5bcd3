import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Rng } from '../../src/core/rng.js';
import { symmetricEigen } from '../../src/readout/symmetric-eigen.js';

/** A symmetric n x n matrix B Bᵀ (rank r) plus `diag` on the diagonal. */
function symmetric(n: number, r: number, diag: number, rng: Rng): Float64Array {
  const B = Float64Array.from({ length: n * r }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = i === j ? diag : 0;
      for (let q = 0; q < r; q++) s += B[i * r + q]! * B[j * r + q]!;
      A[i * n + j] = A[j * n + i] = s;
    }
  }
  return A;
}

describe('symmetricEigen', () => {
  it('is bit-identical to ml-matrix EigenvalueDecomposition (assumeSymmetric), full rank, low rank, 1 x 1, diagonal', () => {
    const rng = new Rng(11);
    const cases: [Float64Array, number][] = [
      [symmetric(40, 40, 0.5, rng), 40],
      [symmetric(57, 6, 0, rng), 57],
      [Float64Array.from([3]), 1],
      [Float64Array.from([2, 0, 0, 0, 5, 0, 0, 0, 1]), 3],
    ];
    for (const [A, n] of cases) {
      const ours = symmetricEigen(A, n);
      const M = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, A[i * n + j]!);
      const ref = new EigenvalueDecomposition(M, { assumeSymmetric: true });
      expect(Array.from(ours.values)).toEqual(ref.realEigenvalues);
      for (let j = 0; j < n; j++) for (let a = 0; a < n; a++) expect(Object.is(ours.vectors[j]![a], ref.eigenvectorMatrix.get(a, j))).toBe(true);
    }
  });

  it('solves A v = λ v with orthonormal vectors (independent check)', () => {
    const n = 30;
    const A = symmetric(n, 10, 1, new Rng(2));
    const { values, vectors } = symmetricEigen(A, n);
    for (let j = 0; j < n; j++) {
      const v = vectors[j]!;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A[i * n + k]! * v[k]!;
        expect(s).toBeCloseTo(values[j]! * v[i]!, 8);
      }
      let dot = 0;
      for (let k = 0; k < n; k++) dot += v[k]! * vectors[(j + 1) % n]![k]!;
      expect(Math.abs(dot)).toBeLessThan(1e-10);
    }
    for (let j = 1; j < n; j++) expect(values[j]!).toBeGreaterThanOrEqual(values[j - 1]!);
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(RangeError);
  });
});
