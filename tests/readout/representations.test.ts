import { describe, expect, it } from 'vitest';
import type { Mat } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/rng.js';
import { choleskySolve, fitRidge, predictRidge } from '../../src/readout/ridge.js';
import { oneStepPredictor, StateProjection, modelSpaceLength, resolveModelSpaceOptions } from '../../src/readout/model-space.js';
import { BlockResidualizer } from '../../src/readout/residualize.js';
import { FrameReadout, argmaxLabels, fuseScores } from '../../src/readout/frame-readout.js';

/** A 2-D linear system x(t+1) = A x(t) + noise observed through n channels (a random mixing). */
function linearSystem(A: number[][], S: number, n: number, rng: Rng, noise = 0.1): { trace: Mat; mixing: Float64Array } {
  const d = A.length;
  const mixing = Float64Array.from({ length: d * n }, () => rng.normal());
  let x = Array.from({ length: d }, () => rng.normal());
  const data = new Float64Array(S * n);
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < n; j++) for (let i = 0; i < d; i++) data[s * n + j]! += x[i]! * mixing[i * n + j]!;
    x = A.map((row) => row.reduce((acc, a, k) => acc + a * x[k]!, 0) + noise * rng.normal());
  }
  return { trace: { data, rows: S, cols: n }, mixing };
}

describe('ridge', () => {
  it('choleskySolve solves an SPD system', () => {
    const x = choleskySolve(Float64Array.from([4, 2, 2, 3]), 2, Float64Array.from([2, 1]), 1);
    // 4a + 2b = 2, 2a + 3b = 1 -> a = 0.5, b = 0
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
    expect(() => choleskySolve(Float64Array.from([1, 2, 2, 1]), 2, Float64Array.from([1, 1]), 1)).toThrow(/not positive definite/);
  });
  it('recovers a noiseless linear map with its intercept', () => {
    const rng = new Rng(1);
    const X: Mat = { data: Float64Array.from({ length: 50 * 3 }, () => rng.normal()), rows: 50, cols: 3 };
    const Y: Mat = { data: new Float64Array(50), rows: 50, cols: 1 };
    for (let i = 0; i < 50; i++) Y.data[i] = 1.5 * X.data[3 * i]! - 2 * X.data[3 * i + 2]! + 0.7;
    const fit = fitRidge(X, Y, 0);
    expect(Array.from(fit.W).map((v) => Number(v.toFixed(9)))).toEqual([1.5, 0, -2]);
    expect(fit.b[0]).toBeCloseTo(0.7, 9);
    expect(predictRidge(fit, X).data[7]).toBeCloseTo(Y.data[7]!, 9);
  });
});

describe('model space', () => {
  it('recovers the coefficient of an AR(1) state', () => {
    const rng = new Rng(2);
    const S = 4000;
    const z = new Float64Array(S);
    for (let s = 1; s < S; s++) z[s] = 0.8 * z[s - 1]! + rng.normal();
    const f = oneStepPredictor({ data: z, rows: S, cols: 1 }, 0);
    expect(f.length).toBe(modelSpaceLength(1));
    expect(f[0]).toBeCloseTo(0.8, 1);
    expect(Math.abs(f[1]!)).toBeLessThan(0.1);
  });
  it('through the state PCA recovers the trace and determinant of a 2-D rotation-decay system seen through 10 mixed channels', () => {
    const rng = new Rng(3);
    const th = 0.3;
    const r = 0.9;
    const A = [
      [r * Math.cos(th), -r * Math.sin(th)],
      [r * Math.sin(th), r * Math.cos(th)],
    ];
    const sys = linearSystem(A, 3000, 10, rng, 0.2);
    const proj = StateProjection.fit([sys.trace], { components: 2, stride: 1, ridge: 0 });
    expect(proj.components).toBe(2);
    const f = proj.features(sys.trace);
    // W is similar to A^T (a change of basis): trace and determinant are invariant
    const tr = f[0]! + f[3]!;
    const det = f[0]! * f[3]! - f[1]! * f[2]!;
    expect(tr).toBeCloseTo(2 * r * Math.cos(th), 1);
    expect(det).toBeCloseTo(r * r, 1);
    expect(proj.featureMat([sys.trace, sys.trace]).rows).toBe(2);
  });
  it('validates its options', () => {
    expect(() => resolveModelSpaceOptions({ components: 0 })).toThrow(/modelSpace.components/);
    expect(() => oneStepPredictor({ data: new Float64Array(2), rows: 1, cols: 2 }, 0)).toThrow(/at least 2/);
  });
});

describe('BlockResidualizer', () => {
  it('leaves a reservoir block orthogonal to the reduced input block on the training rows, and keeps what the input lacks', () => {
    const rng = new Rng(4);
    const n = 120;
    const input: Mat = { data: Float64Array.from({ length: n * 6 }, () => rng.normal()), rows: n, cols: 6 };
    const hidden = Float64Array.from({ length: n }, () => rng.normal()); // information not in the input
    const res: Mat = { data: new Float64Array(n * 3), rows: n, cols: 3 };
    for (let i = 0; i < n; i++) {
      res.data[3 * i] = 2 * input.data[6 * i]! - input.data[6 * i + 3]! + 5; // a linear function of the input
      res.data[3 * i + 1] = hidden[i]!;
      res.data[3 * i + 2] = input.data[6 * i + 1]! + hidden[i]!;
    }
    const r = BlockResidualizer.fit([input], [res], { inputComponents: 6, ridge: 0 });
    const [out] = r.transform([input], [res]);
    const Z = r.inputFeatures([input]);
    // orthogonal to every input component and to the constant
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += out!.data[3 * i + c]!;
      expect(Math.abs(sum / n)).toBeLessThan(1e-9);
      for (let k = 0; k < Z.cols; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += out!.data[3 * i + c]! * Z.data[i * Z.cols + k]!;
        expect(Math.abs(dot / n)).toBeLessThan(1e-9);
      }
    }
    // the input-explained column vanishes; the hidden part survives
    let e0 = 0;
    let corr = 0;
    for (let i = 0; i < n; i++) {
      e0 += out!.data[3 * i]! ** 2;
      corr += out!.data[3 * i + 2]! * hidden[i]!;
    }
    expect(e0 / n).toBeLessThan(1e-18);
    expect(corr / n).toBeGreaterThan(0.7);
  });
  it('rejects mismatched blocks', () => {
    const m: Mat = { data: new Float64Array(12), rows: 4, cols: 3 };
    const m5: Mat = { data: new Float64Array(15), rows: 5, cols: 3 };
    expect(() => BlockResidualizer.fit([m], [m5])).toThrow(/rows/);
  });
  it('round-trips through JSON.stringify to identical residuals, and a broken record is refused naming the file and field', () => {
    const rng = new Rng(9);
    const mat = (rows: number, cols: number): Mat => ({ data: Float64Array.from({ length: rows * cols }, () => rng.normal()), rows, cols });
    const inputs = [mat(40, 7), mat(40, 5)];
    const res = [mat(40, 4), mat(40, 3), mat(40, 2)];
    const r = BlockResidualizer.fit(inputs, res, { inputComponents: 3 });
    const json = JSON.parse(JSON.stringify(r.toJSON()));
    expect(json).toMatchObject({ type: 'lsm-ser/BlockResidualizer', version: 1 });
    const back = BlockResidualizer.load(json, 'r.json');
    const newIn = [mat(6, 7), mat(6, 5)];
    const newRes = [mat(6, 4), mat(6, 3), mat(6, 2)];
    expect(back.transform(newIn, newRes)).toEqual(r.transform(newIn, newRes));
    const broken = (f: (j: typeof json) => void) => {
      const j = JSON.parse(JSON.stringify(json));
      f(j);
      return () => BlockResidualizer.load(j, 'r.json');
    };
    expect(broken((j) => (j.fits[2].W[5] = null))).toThrow(/^r\.json: BlockResidualizer\.fits\[2\]\.W\[5\] must be a finite number, got null/);
    expect(broken((j) => (j.fits[0].m = 0))).toThrow(/r\.json: BlockResidualizer\.fits\[0\]\.m must be an integer >= 1, got 0/);
    expect(broken((j) => j.pcas.pop())).toThrow(/r\.json: BlockResidualizer has 2 scalers and 1 pcas/);
    expect(broken((j) => (j.pcas[1] = j.pcas[0]))).toThrow(/r\.json: BlockResidualizer\.pcas\[1\] takes 7 features, scalers\[1\] gives 5/);
    expect(broken((j) => (j.fits = []))).toThrow(/r\.json: BlockResidualizer\.fits must be a non-empty array/);
    expect(broken((j) => (j.scalers[0].scale[1] = 0))).toThrow(/r\.json: BlockResidualizer\.scalers\[0\]: StandardScaler\.scale\[1\] must be > 0/);
    expect(() => BlockResidualizer.load(null, 'r.json')).toThrow(/r\.json: not an lsm-ser\/BlockResidualizer record/);
  });
});

describe('FrameReadout', () => {
  it('classifies utterances whose frames carry the class in one channel, with averaged scores summing to 1', () => {
    const rng = new Rng(6);
    const labels = ['x', 'y', 'z'];
    const make = (c: number): Mat => {
      const S = 30;
      const data = new Float64Array(S * 5);
      for (let s = 0; s < S; s++) for (let j = 0; j < 5; j++) data[s * 5 + j] = rng.normal() + (j === c ? 1.5 : 0);
      return { data, rows: S, cols: 5 };
    };
    const y = Array.from({ length: 60 }, (_, i) => labels[i % 3]!);
    const fr = FrameReadout.fit(
      y.map((l) => make(labels.indexOf(l))),
      y,
      labels,
    );
    const testY = Array.from({ length: 30 }, (_, i) => labels[i % 3]!);
    const s = fr.scores(testY.map((l) => make(labels.indexOf(l))));
    for (let i = 0; i < s.rows; i++) expect(s.data[i * 3]! + s.data[i * 3 + 1]! + s.data[i * 3 + 2]!).toBeCloseTo(1, 9);
    expect(argmaxLabels(s, labels)).toEqual(testY);
  });
  it('fuseScores averages normalized distributions', () => {
    const f = fuseScores(
      { data: Float64Array.from([2, 0, 0, -1, -1, -1]), rows: 2, cols: 3 },
      { data: Float64Array.from([0, 1, 0, 0, 0, 3]), rows: 2, cols: 3 },
    );
    expect(Array.from(f.data)).toEqual([0.5, 0.5, 0, 1 / 6, 1 / 6, 1 / 6 + 0.5]);
    expect(() => fuseScores({ data: new Float64Array(3), rows: 1, cols: 3 }, { data: new Float64Array(2), rows: 1, cols: 2 })).toThrow(RangeError);
  });
  it('fuseScores with a weight mixes the distributions as (1 - w) a + w b', () => {
    const a = { data: Float64Array.from([3, 1, 0]), rows: 1, cols: 3 };
    const b = { data: Float64Array.from([0, 0, 2]), rows: 1, cols: 3 };
    const f = fuseScores(a, b, 0.2);
    [0.8 * 0.75, 0.8 * 0.25, 0.2].forEach((x, c) => expect(f.data[c]).toBeCloseTo(x, 12));
    expect(Array.from(fuseScores(a, b, 1).data)).toEqual([0, 0, 1]);
    expect(() => fuseScores(a, b, 1.5)).toThrow(/weightB must be in \[0, 1\], got 1.5/);
  });
});
