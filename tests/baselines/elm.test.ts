import { describe, expect, it } from 'vitest';
import { ElmClassifier } from '../../src/baselines/elm.js';
import { Rng } from '../../src/core/rng.js';

function blobs(n: number, rng: Rng, sep: number) {
  const data = new Float64Array(n * 2 * 5);
  const y: string[] = [];
  const g: string[] = [];
  for (let i = 0; i < 2 * n; i++) {
    const c = i % 2;
    for (let j = 0; j < 5; j++) data[i * 5 + j] = rng.normal() + (j === 0 ? (c ? sep : -sep) : 0);
    y.push(c ? 'b' : 'a');
    g.push(`s${i % 4}`);
  }
  return { X: { data, rows: 2 * n, cols: 5 }, y, g };
}

describe('extreme learning machine', () => {
  it('separates two Gaussian blobs (Bayes accuracy ~98 %) and is deterministic for a seed', () => {
    const tr = blobs(200, new Rng(1), 2);
    const te = blobs(200, new Rng(2), 2);
    const m = ElmClassifier.fit(tr.X, tr.y, { hidden: 100 }, new Rng(3), tr.g);
    const pred = m.predict(te.X);
    const acc = pred.filter((p, i) => p === te.y[i]).length / pred.length;
    expect(acc).toBeGreaterThan(0.94);
    expect(m.trainableParameters).toBe(200);
    expect(ElmClassifier.fit(tr.X, tr.y, { hidden: 100 }, new Rng(3), tr.g).predict(te.X)).toEqual(pred);
  });
  it('is at chance on unrelated labels and rejects bad options', () => {
    const tr = blobs(100, new Rng(4), 0);
    const te = blobs(200, new Rng(5), 0);
    const acc =
      ElmClassifier.fit(tr.X, tr.y, { hidden: 50 }, new Rng(1))
        .predict(te.X)
        .filter((p, i) => p === te.y[i]).length / 400;
    expect(acc).toBeGreaterThan(0.4);
    expect(acc).toBeLessThan(0.6);
    expect(() => ElmClassifier.fit(tr.X, tr.y, { hidden: 0 }, new Rng(1))).toThrow(/hidden/);
    expect(() => ElmClassifier.fit(tr.X, tr.y, { ridge: [-1] }, new Rng(1))).toThrow(/ridge/);
  });
});
