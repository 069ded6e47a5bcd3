import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { loadTf } from '../../src/baselines/deep/tf.js';
import { AdamW, decayWeightsOnly } from '../../src/baselines/deep/adamw.js';
import { deepModel, validationSplit, type TrainingEpoch } from '../../src/baselines/deep/deep-model.js';
import { learningRateAt } from '../../src/baselines/deep/recipe.js';
import { replayStopping } from '../../src/baselines/deep/early-stopping.js';
import type { Clip } from '../../src/baselines/model.js';
import { classificationReport } from '../../src/readout/metrics.js';

describe('deep recipe: AdamW', () => {
  it('a weight with zero gradient decays by exactly the factor 1 - lr x wd per step; biases are not decayed', async () => {
    const tf = await loadTf('wasm');
    const w = tf.variable(tf.tensor1d([2, -4, 0.5]), true, 'adamw-test-w');
    const b = tf.variable(tf.tensor1d([3]), true, 'adamw-test-b');
    const opt = new AdamW(
      tf,
      new Map([
        ['x/w', w],
        ['x/b', b],
      ]),
      { weightDecay: 0.1, decays: decayWeightsOnly },
    );
    const lrs = [0.01, 0.05, 0.002];
    let factor = 1;
    for (const lr of lrs) {
      opt.step(new Map(), lr); // no gradients: all zero
      factor *= 1 - lr * 0.1;
    }
    const got = w.dataSync();
    [2, -4, 0.5].forEach((v, i) => expect(got[i]).toBeCloseTo(v * factor, 6));
    expect(b.dataSync()[0]).toBe(3);
    expect(opt.steps).toBe(3);
    opt.dispose();
    w.dispose();
    b.dispose();
  });

  it("the gradient step is Adam's: the first step moves each weight by lr x g / (|g| + eps), later steps by the bias-corrected moments", async () => {
    const tf = await loadTf('wasm');
    const w = tf.variable(tf.tensor1d([1, 1]), true, 'adamw-test-w2');
    const opt = new AdamW(tf, new Map([['w', w]]), { weightDecay: 0 });
    const g1 = [0.5, -2];
    opt.step(new Map([['w', tf.tensor1d(g1)]]), 0.1);
    const after1 = [...w.dataSync()];
    g1.forEach((g, i) => expect(after1[i]).toBeCloseTo(1 - (0.1 * g) / (Math.abs(g) + 1e-8), 6));
    const g2 = [1, 1];
    opt.step(new Map([['w', tf.tensor1d(g2)]]), 0.1);
    const after2 = w.dataSync();
    g1.forEach((ga, i) => {
      const m = (0.9 * 0.1 * ga + 0.1 * g2[i]!) / (1 - 0.9 ** 2);
      const v = (0.999 * 0.001 * ga * ga + 0.001 * g2[i]! ** 2) / (1 - 0.999 ** 2);
      expect(after2[i]).toBeCloseTo(after1[i]! - (0.1 * m) / (Math.sqrt(v) + 1e-8), 5);
    });
    opt.dispose();
    w.dispose();
  });
});

/** Tone clips: class 'low' a 400 Hz tone, 'high' a 2.4 kHz tone, both in noise; per-speaker level and detuning. */
function toneClips(speakers: string[], perClass: number, seed: number): Clip[] {
  const rng = new Rng(seed);
  const rate = 16000;
  const out: Clip[] = [];
  for (const [si, s] of speakers.entries())
    for (const [label, f0] of [
      ['low', 400],
      ['high', 2400],
    ] as const)
      for (let k = 0; k < perClass; k++) {
        const n = Math.round(rate * (0.28 + 0.06 * rng.random()));
        const f = f0 * (1 + 0.05 * (si - 2) + 0.02 * rng.normal());
        const amp = 0.3 * (1 + 0.3 * si);
        const samples = Float64Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / rate) + 0.05 * rng.normal());
        out.push({ id: `${s}-${label}-${k}`, label, speaker: s, audio: { samples, sampleRate: rate, source: `${s}-${label}-${k}` } });
      }
  return out;
}

describe('deep recipe: end-to-end training', () => {
  it('cnn-bigru-att learns a separable synthetic task well above chance, follows the schedule, restores the best epoch, and is seeded', async () => {
    const train = toneClips(['s1', 's2', 's3', 's4'], 6, 1);
    const test = toneClips(['s5'], 8, 2).map((c) => ({ ...c, speaker: 's5' }));
    const labels = ['low', 'high'];
    const opts = { epochs: 6, patience: 6, batchSize: 8, monitor: 'uar' as const };
    const spec = deepModel('cnn-bigru-att', opts);
    const train7 = async () => spec.fit(train, { labels, rng: new Rng(7) });
    const m = await train7();
    const pred = await m.predict(test);
    const uar = classificationReport(
      test.map((c) => c.label),
      pred,
      labels,
    ).uar;
    expect(uar).toBeGreaterThanOrEqual(0.8); // chance: 0.5
    const h = m.info['history'] as TrainingEpoch[];
    expect(h.length).toBe(m.info['epochsRun']);
    // the learning rate of each epoch's first step is the schedule's (warm-up 5 % of the planned steps, then cosine)
    const val = validationSplit(train, 0.15, new Rng(7).fork('validation'));
    expect(val.size).toBe(12); // one whole speaker of four
    const spe = Math.ceil((train.length - val.size) / 8);
    const sched = { peak: 0.002, min: 1e-5, warmup: Math.round(0.05 * 6 * spe), total: 6 * spe, schedule: 'cosine' as const };
    h.forEach((e, k) => expect(e.lr).toBeCloseTo(learningRateAt(k * spe, sched), 12));
    // the kept weights are the best epoch's: the first epoch with the highest validation UAR, reproduced by predicting the validation clips
    const vu = h.map((e) => e.valUar!);
    expect(m.info['bestEpoch']).toBe(vu.indexOf(Math.max(...vu)) + 1);
    const vClips = [...val].sort((a, b) => a - b).map((i) => train[i]!);
    const vPred = await m.predict(vClips);
    // predict() standardizes per speaker over the clips given: the validation speaker's clips are all of its clips, as in training
    expect(
      classificationReport(
        vClips.map((c) => c.label),
        vPred,
        labels,
      ).uar,
    ).toBeCloseTo(m.info['validationUar'] as number, 12);
    // ... and the restored weights give the best epoch's validation loss, not the last epoch's
    const best = m.info['bestEpoch'] as number;
    const lp = await m.logProbabilities(vClips);
    const vLoss = -vClips.reduce((s, c, k) => s + lp[k * 2 + labels.indexOf(c.label)]!, 0) / vClips.length;
    expect(vLoss).toBeCloseTo(h[best - 1]!.valLoss!, 5);
    expect(best).toBeLessThan(h.length); // this run's best epoch is not its last (so restoring is tested)
    expect(Math.abs(h[h.length - 1]!.valLoss! - h[best - 1]!.valLoss!)).toBeGreaterThan(0.01);
    // same seed: the same training history and predictions
    const m2 = await train7();
    expect((m2.info['history'] as TrainingEpoch[]).map((e) => [e.trainLoss, e.valUar])).toEqual(h.map((e) => [e.trainLoss, e.valUar]));
    expect(await m2.predict(test)).toEqual(pred);
    m.dispose?.();
    m2.dispose?.();
  }, 120_000);

  it('under the loss monitor, keeps and restores the epoch of the lowest validation loss, and does not stop before minEpochs', async () => {
    const train = toneClips(['s1', 's2', 's3', 's4'], 6, 1);
    const labels = ['low', 'high'];
    // a high constant learning rate makes the validation loss go down and up again within 6 epochs
    const rule = { monitor: 'loss' as const, patience: 1, minEpochs: 6 };
    const m = await deepModel('cnn-bigru-att', { epochs: 8, batchSize: 8, learningRate: 0.03, schedule: 'constant', ...rule }).fit(train, {
      labels,
      rng: new Rng(1),
    });
    const h = m.info['history'] as TrainingEpoch[];
    const vl = h.map((e) => e.valLoss!);
    const best = m.info['bestEpoch'] as number;
    expect(best).toBe(vl.indexOf(Math.min(...vl)) + 1);
    // the run stopped where the rule says, and not before minEpochs although patience 1 alone would have stopped earlier
    expect(replayStopping(h, rule)).toEqual({ keptEpoch: best, stoppedAt: h.length });
    expect(h.length).toBeGreaterThanOrEqual(6);
    expect(h.length).toBeLessThan(8); // early stopping did end this run
    expect(replayStopping(h, { ...rule, minEpochs: 1 }).stoppedAt).toBeLessThan(6);
    // the restored weights give the best epoch's validation loss, not the last epoch's
    const val = [...validationSplit(train, 0.15, new Rng(1).fork('validation'))].sort((a, b) => a - b).map((i) => train[i]!);
    const lp = await m.logProbabilities(val);
    const vLoss = -val.reduce((s, c, k) => s + lp[k * 2 + labels.indexOf(c.label)]!, 0) / val.length;
    expect(vLoss).toBeCloseTo(vl[best - 1]!, 5);
    expect(m.info['validationLoss']).toBe(vl[best - 1]);
    expect(best).toBeLessThan(h.length); // this run's best epoch is not its last (so restoring is tested)
    expect(Math.abs(vl[vl.length - 1]! - vl[best - 1]!)).toBeGreaterThan(0.01);
    m.dispose?.();
  }, 60_000);
});
