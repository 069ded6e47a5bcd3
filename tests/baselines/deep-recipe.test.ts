import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { DEEP_DEFAULTS, learningRateAt, resolveDeepOptions } from '../../src/baselines/deep/recipe.js';
import { specAugment } from '../../src/baselines/deep/spec-augment.js';
import { mixup, sampleBeta } from '../../src/baselines/deep/mixup.js';
import { EarlyStopping, replayStopping } from '../../src/baselines/deep/early-stopping.js';
import { compareConfigSchema, resolveCompareConfig } from '../../src/experiment/compare-config.js';
import { ConfigError } from '../../src/core/errors.js';

describe('deep recipe: options', () => {
  it('the compare config takes its deep defaults from DEEP_DEFAULTS (one source of truth)', () => {
    const cfg = compareConfigSchema.parse({ name: 'x', dataset: { name: 'emodb', path: 'p' } });
    const { frames: _f, ...rest } = DEEP_DEFAULTS;
    expect(cfg.deep).toEqual(rest);
    // and a partial deep section fills the other fields from the same defaults
    expect(compareConfigSchema.parse({ name: 'x', dataset: { name: 'emodb', path: 'p' }, deep: { epochs: 7 } }).deep).toEqual({ ...rest, epochs: 7 });
    expect(resolveDeepOptions()).toEqual(DEEP_DEFAULTS);
    expect(DEEP_DEFAULTS.epochs).toBeGreaterThanOrEqual(60);
  });

  it('rejects bad values naming the field', () => {
    expect(() => resolveDeepOptions({ epochs: 0 })).toThrow(/^deep\.epochs: must be a positive integer, got 0$/);
    expect(() => resolveDeepOptions({ minLearningRate: 0.1, learningRate: 0.01 })).toThrow(/deep\.minLearningRate/);
    expect(() => resolveDeepOptions({ warmupFraction: 1 })).toThrow(/deep\.warmupFraction/);
    expect(() => resolveDeepOptions({ mixupAlpha: -1 })).toThrow(/deep\.mixupAlpha/);
    expect(() => resolveDeepOptions({ timeMaskFraction: 1.5 })).toThrow(/deep\.timeMaskFraction/);
    expect(() => resolveDeepOptions({ freqMasks: 1.5 })).toThrow(/deep\.freqMasks/);
    expect(() => resolveDeepOptions({ frames: 12 })).toThrow(/deep\.frames/);
    expect(() => resolveDeepOptions({ monitor: 'acc' as 'loss' })).toThrow(/^deep\.monitor: must be 'loss' or 'uar', got acc$/);
    expect(() => resolveDeepOptions({ minEpochs: 0 })).toThrow(/^deep\.minEpochs: must be a positive integer, got 0$/);
    expect(() => resolveCompareConfig({ name: 'x', dataset: { name: 'emodb', path: 'p' }, deep: { monitor: 'acc' } }, 'c.yaml')).toThrow(/deep\.monitor/);
    expect(() => resolveCompareConfig({ name: 'x', dataset: { name: 'emodb', path: 'p' }, deep: { minEpochs: 2.5 } }, 'c.yaml')).toThrow(/deep\.minEpochs/);
    // relations between fields are checked when a compare config is resolved, as a ConfigError naming the field
    const bad = () =>
      resolveCompareConfig({ name: 'x', dataset: { name: 'emodb', path: 'p' }, deep: { learningRate: 0.001, minLearningRate: 0.01 } }, 'c.yaml');
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/^c\.yaml: deep\.minLearningRate: must be in \[0, learningRate = 0\.001\]/);
  });
});

describe('deep recipe: learning-rate schedule', () => {
  it('linear warm-up, then cosine decay from the peak to the minimum (analytic values)', () => {
    const s = { peak: 0.002, min: 1e-5, warmup: 10, total: 110, schedule: 'cosine' as const };
    expect(learningRateAt(0, s)).toBeCloseTo(0.0002, 15);
    expect(learningRateAt(4, s)).toBeCloseTo(0.001, 15);
    expect(learningRateAt(9, s)).toBeCloseTo(0.002, 15);
    expect(learningRateAt(10, s)).toBeCloseTo(0.002, 15); // cos(0) = 1
    expect(learningRateAt(60, s)).toBeCloseTo((0.002 + 1e-5) / 2, 15); // half-way: cos(pi / 2) = 0
    expect(learningRateAt(35, s)).toBeCloseTo(1e-5 + ((0.002 - 1e-5) * (1 + Math.SQRT1_2)) / 2, 15); // a quarter: cos(pi / 4)
    expect(learningRateAt(110, s)).toBe(1e-5);
    expect(learningRateAt(500, s)).toBe(1e-5);
    // monotone decay after the warm-up
    for (let k = 10; k < 110; k++) expect(learningRateAt(k + 1, s)).toBeLessThanOrEqual(learningRateAt(k, s));
    expect(learningRateAt(0, { ...s, warmup: 0 })).toBeCloseTo(0.002, 15);
    for (const k of [0, 5, 50, 200]) expect(learningRateAt(k, { ...s, schedule: 'constant' })).toBe(0.002);
  });
});

describe('deep recipe: SpecAugment masks', () => {
  const o = { freqMasks: 2, freqMaskBands: 8, timeMasks: 2, timeMaskFrames: 20, timeMaskFraction: 0.2 };
  const frames = 64;
  const bands = 40;

  it('mask counts and widths within bounds, masked cells exactly the masks, padding untouched, seeded', () => {
    const widthsF = new Set<number>();
    for (let seed = 1; seed <= 200; seed++) {
      const length = 20 + (seed % 45); // 20..64 valid frames
      const x = Float32Array.from({ length: frames * bands }, (_, i) => 1 + (i % 7));
      const pad = length * bands;
      x.fill(0, pad);
      const masks = specAugment(x, frames, bands, length, o, new Rng(seed));
      expect(masks.filter((m) => m.axis === 'frequency').length).toBe(2);
      expect(masks.filter((m) => m.axis === 'time').length).toBe(2);
      for (const m of masks) {
        if (m.axis === 'frequency') {
          expect(m.width).toBeLessThanOrEqual(8);
          expect(m.start + m.width).toBeLessThanOrEqual(bands);
          widthsF.add(m.width);
        } else {
          expect(m.width).toBeLessThanOrEqual(Math.min(20, Math.floor(0.2 * length)));
          expect(m.start + m.width).toBeLessThanOrEqual(length);
        }
        expect(m.start).toBeGreaterThanOrEqual(0);
      }
      // a cell is 0 exactly when a mask covers it (the original values are >= 1); padding stays 0
      let wrong = 0;
      for (let f = 0; f < frames; f++)
        for (let b = 0; b < bands; b++) {
          const covered =
            f >= length || masks.some((m) => (m.axis === 'frequency' ? b >= m.start && b < m.start + m.width : f >= m.start && f < m.start + m.width));
          if (x[f * bands + b] !== (covered ? 0 : 1 + ((f * bands + b) % 7))) wrong++;
        }
      expect(wrong, `seed ${seed}`).toBe(0);
      // seeded: the same generator state draws the same masks
      expect(specAugment(new Float32Array(frames * bands), frames, bands, length, o, new Rng(seed))).toEqual(masks);
    }
    // widths are drawn over the whole range 0..F
    expect([...widthsF].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('no masks when the counts are 0; a time mask never exceeds p x length; bad shapes are refused', () => {
    const x = Float32Array.from({ length: frames * bands }, () => 1);
    expect(specAugment(x, frames, bands, frames, { ...o, freqMasks: 0, timeMasks: 0 }, new Rng(1))).toEqual([]);
    expect(x.every((v) => v === 1)).toBe(true);
    for (let seed = 1; seed < 50; seed++)
      for (const m of specAugment(x.slice(), frames, bands, 9, { ...o, freqMasks: 0 }, new Rng(seed))) expect(m.width).toBeLessThanOrEqual(1);
    expect(() => specAugment(new Float32Array(10), frames, bands, 5, o, new Rng(1))).toThrow(RangeError);
    expect(() => specAugment(x, frames, bands, frames + 1, o, new Rng(1))).toThrow(/length/);
  });
});

describe('deep recipe: mixup', () => {
  it('lambda ~ Beta(alpha, alpha): sample mean and variance match the analytic moments', () => {
    for (const alpha of [0.2, 1, 4]) {
      const rng = new Rng(11).fork(`beta${alpha}`);
      const n = 40000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const l = sampleBeta(alpha, rng);
        if (!(l >= 0 && l <= 1)) throw new Error(`lambda ${l} outside [0, 1]`);
        s += l;
        s2 += l * l;
      }
      const mean = s / n;
      const variance = s2 / n - mean * mean;
      const v = 1 / (4 * (2 * alpha + 1)); // Var Beta(a, a) = a^2 / ((2a)^2 (2a + 1))
      expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(v / n));
      expect(Math.abs(variance - v) / v).toBeLessThan(0.03);
    }
    expect(() => sampleBeta(0, new Rng(1))).toThrow(RangeError);
  });

  it('inputs and one-hot targets are the same convex combination; the mask is the union', () => {
    const n = 4;
    const x = Float32Array.from({ length: n * 6 }, (_, i) => Math.sin(i) * 3);
    const y = new Float32Array(n * 3);
    [0, 2, 1, 2].forEach((c, i) => (y[i * 3 + c] = 1));
    const mask = Float32Array.from([1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0]); // rows of 3
    const perm = [2, 0, 3, 1];
    const lambda = 0.3;
    const m = mixup(x, y, mask, n, lambda, perm);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 6; k++) expect(m.x[i * 6 + k]).toBeCloseTo(lambda * x[i * 6 + k]! + (1 - lambda) * x[perm[i]! * 6 + k]!, 6);
      let sum = 0;
      for (let c = 0; c < 3; c++) {
        expect(m.y[i * 3 + c]).toBeCloseTo(lambda * y[i * 3 + c]! + (1 - lambda) * y[perm[i]! * 3 + c]!, 6);
        sum += m.y[i * 3 + c]!;
      }
      expect(sum).toBeCloseTo(1, 6); // still a distribution
      for (let k = 0; k < 3; k++) expect(m.mask[i * 3 + k]).toBe(Math.max(mask[i * 3 + k]!, mask[perm[i]! * 3 + k]!));
    }
    // lambda 1 is the identity; the inputs are untouched
    expect(mixup(x, y, mask, n, 1, perm).x).toEqual(x);
    expect(x[1]).toBeCloseTo(Math.sin(1) * 3, 6);
    expect(() => mixup(x, y, mask, n, 1.2, perm)).toThrow(/lambda/);
    expect(() => mixup(x, y, mask, n, 0.5, [0, 1, 2, 7])).toThrow(/partner 7/);
  });
});

describe('deep recipe: early stopping', () => {
  it('keeps the best epoch (the first of ties) and stops after `patience` epochs without a better one', () => {
    const es = new EarlyStopping<number>(3);
    const scores = [0.3, 0.5, 0.4, 0.5, 0.6, 0.2, 0.6, 0.59, 0.1, 0.9];
    let stoppedAt = 0;
    for (const [k, s] of scores.entries()) {
      if (es.update(k + 1, s, () => (k + 1) * 100)) {
        stoppedAt = k + 1;
        break;
      }
    }
    expect(stoppedAt).toBe(8); // the tie at epoch 4 does not reset the count from epoch 2; epochs 6-8 after the best
    expect(es.bestEpoch).toBe(5);
    expect(es.best).toBe(0.6);
    expect(es.snapshot).toBe(500);
    expect(() => new EarlyStopping(0)).toThrow(/patience/);
  });

  // Hand-made validation curves (12 epochs) with the shape of the round-12 folds 03, 12 and 13: a
  // lucky UAR peak at epoch 2 (tied again at epoch 9) while the loss keeps falling to epoch 8.
  const uar = [0.2, 0.7, 0.5, 0.5, 0.6, 0.6, 0.65, 0.69, 0.7, 0.68, 0.66, 0.6];
  const loss = [1.9, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.95, 0.97, 0.99, 1.0, 1.1];
  const history = uar.map((u, k) => ({ valUar: u, valLoss: loss[k]! }));

  it('each rule stops where its definition says on hand-made curves', () => {
    // UAR: best at 2 (the tie at 9 is not better), 3 epochs without a better one -> stops after 5
    expect(replayStopping(history, { monitor: 'uar', patience: 3, minEpochs: 1 })).toEqual({ keptEpoch: 2, stoppedAt: 5 });
    // minEpochs 8 holds the stop back to epoch 8, but the UAR monitor still keeps the early peak
    expect(replayStopping(history, { monitor: 'uar', patience: 3, minEpochs: 8 })).toEqual({ keptEpoch: 2, stoppedAt: 8 });
    // loss: best at 8 (0.95), epochs 9-11 not lower -> stops after 11
    expect(replayStopping(history, { monitor: 'loss', patience: 3, minEpochs: 1 })).toEqual({ keptEpoch: 8, stoppedAt: 11 });
    // minEpochs 12: no stop before epoch 12 even though patience ran out at 11
    expect(replayStopping(history, { monitor: 'loss', patience: 3, minEpochs: 12 })).toEqual({ keptEpoch: 8, stoppedAt: 12 });
    // patience larger than what the history holds: still running at its end, best so far kept
    expect(replayStopping(history, { monitor: 'loss', patience: 6, minEpochs: 1 })).toEqual({ keptEpoch: 8, stoppedAt: null });
    expect(replayStopping(history.slice(0, 10), { monitor: 'loss', patience: 3, minEpochs: 1 })).toEqual({ keptEpoch: 8, stoppedAt: null });
    expect(() => replayStopping([{ valUar: 0.5, valLoss: null }], { monitor: 'loss', patience: 3, minEpochs: 1 })).toThrow(/epoch 1: no valLoss/);
  });

  it("the loss monitor keeps the lowest loss (the first of ties) and restores that epoch's snapshot; minEpochs is respected", () => {
    const es = new EarlyStopping<string>(2, { mode: 'min', minEpochs: 6 });
    expect(es.best).toBe(Infinity);
    const scores = [1.0, 0.8, 0.9, 0.8, 0.85, 0.95, 0.7];
    const stops = scores.map((s, k) => es.update(k + 1, s, () => `weights of epoch ${k + 1}`));
    // patience ran out at epoch 4 (2 epochs after the best, epoch 2; the tie at 4 is not better) but minEpochs is 6
    expect(stops).toEqual([false, false, false, false, false, true, false]);
    expect(es.bestEpoch).toBe(7);
    expect(es.snapshot).toBe('weights of epoch 7');
    const es2 = new EarlyStopping<string>(2, { mode: 'min' });
    const at = [1.0, 0.8, 0.9, 0.8, 0.85].findIndex((s, k) => es2.update(k + 1, s, () => `weights of epoch ${k + 1}`));
    expect(at + 1).toBe(4);
    expect([es2.bestEpoch, es2.best, es2.snapshot]).toEqual([2, 0.8, 'weights of epoch 2']);
    expect(() => new EarlyStopping(2, { minEpochs: 0 })).toThrow(/minEpochs/);
    expect(() => new EarlyStopping(2, { mode: 'up' as 'max' })).toThrow(/mode/);
  });
});
