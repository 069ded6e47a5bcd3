/**
 * Deep baselines as {@link ModelSpec}s: log-mel spectrograms (40 bands, 25 ms / 10 ms,
 * standardized per band and speaker like the other models' features), cropped or zero-padded
 * to a fixed number of frames, trained from scratch on class-balanced cross-entropy with the
 * recipe of {@link DeepOptions} (docs/deep-baselines.md): AdamW with decoupled weight decay,
 * linear warm-up and cosine learning-rate decay, SpecAugment time and frequency masks and mixup
 * on every training batch, and early stopping on a validation split of the training fold only
 * (whole speakers when there are at least three) that follows the validation loss (or UAR:
 * `monitor`), never stops before epoch `minEpochs`, and restores the best epoch's weights.
 * Every random draw comes from the fold's seeded generator; the per-epoch history (training
 * loss, UAR on a fixed training subset, validation loss and UAR, learning rate) is returned in
 * the fitted model's `info.history`.
 *
 * @module
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Audio } from '../../sourcefilter/audio.js';
import type { Rng } from '../../core/rng.js';
import { classificationReport } from '../../readout/metrics.js';
import { logMelSpectrogram } from '../spectrogram.js';
import type { Clip, FitContext, FittedModel, ModelSpec } from '../model.js';
import { checkTrainingLabels } from '../model.js';
import { loadTf, type Tf } from './tf.js';
import { Params } from './params.js';
import { forward, TIME_REDUCTION, type DeepArch } from './networks.js';
import { learningRateAt, resolveDeepOptions, type DeepOptions, type ScheduleSteps } from './recipe.js';
import { AdamW, decayWeightsOnly } from './adamw.js';
import { specAugment } from './spec-augment.js';
import { mixup, sampleBeta } from './mixup.js';
import { EarlyStopping } from './early-stopping.js';

export type { DeepOptions } from './recipe.js';

const BANDS = 40;
const melMemo = new WeakMap<Audio, Float32Array>();

/** Log-mel frames x 40 of a clip (memoized per Audio object). */
function logMel(audio: Audio): Float32Array {
  let m = melMemo.get(audio);
  if (!m) {
    m = Float32Array.from(logMelSpectrogram(audio, { bands: BANDS }).data);
    melMemo.set(audio, m);
  }
  return m;
}

/** Indices of each distinct key, in first-seen order. */
function groupIndices(keys: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  });
  return out;
}

/** Spectrograms standardized per speaker and band, cropped (centre) or padded to `frames`; and the valid lengths. */
function prepare(clips: readonly Clip[], frames: number): { x: Float32Array; lengths: number[] } {
  const mels = clips.map((c) => logMel(c.audio));
  const x = new Float32Array(clips.length * frames * BANDS);
  const lengths: number[] = [];
  const bySpeaker = groupIndices(clips.map((c) => c.speaker));
  for (const idx of bySpeaker.values()) {
    const mean = new Float64Array(BANDS);
    const sq = new Float64Array(BANDS);
    let n = 0;
    for (const i of idx) {
      const m = mels[i]!;
      for (let f = 0; f < m.length / BANDS; f++)
        for (let b = 0; b < BANDS; b++) {
          const v = m[f * BANDS + b]!;
          mean[b]! += v;
          sq[b]! += v * v;
        }
      n += m.length / BANDS;
    }
    const inv = new Float64Array(BANDS);
    for (let b = 0; b < BANDS; b++) {
      mean[b]! /= n;
      const sd = Math.sqrt(Math.max(0, sq[b]! / n - mean[b]! ** 2));
      inv[b] = sd > 1e-6 ? 1 / sd : 1;
    }
    for (const i of idx) {
      const m = mels[i]!;
      const len = m.length / BANDS;
      const start = len > frames ? Math.floor((len - frames) / 2) : 0;
      const used = Math.min(frames, len);
      lengths[i] = used;
      for (let f = 0; f < used; f++) for (let b = 0; b < BANDS; b++) x[(i * frames + f) * BANDS + b] = (m[(start + f) * BANDS + b]! - mean[b]!) * inv[b]!;
    }
  }
  return { x, lengths };
}

/** Mask [n, frames / TIME_REDUCTION]: 1 where the pooled frame holds audio. */
function masks(lengths: readonly number[], frames: number): Float32Array {
  const L = frames / TIME_REDUCTION;
  const m = new Float32Array(lengths.length * L);
  lengths.forEach((len, i) => {
    const valid = Math.max(1, Math.min(L, Math.ceil(len / TIME_REDUCTION)));
    m.fill(1, i * L, i * L + valid);
  });
  return m;
}

/**
 * Validation indices: whole speakers (>= 3 speakers), else a draw stratified by label over the
 * original utterances, each taken with its augmented copies (ids `<id>#...`), so no copy of a
 * validation utterance is trained on; at least one utterance of a label that has two or more,
 * never all of them. May be empty (too few utterances): then there is no early stopping.
 */
export function validationSplit(clips: readonly Clip[], fraction: number, rng: Rng): Set<number> {
  const speakers = [...new Set(clips.map((c) => c.speaker))].sort();
  const out = new Set<number>();
  if (speakers.length >= 3) {
    rng.shuffle(speakers);
    for (const s of speakers.slice(0, -1)) {
      if (out.size >= fraction * clips.length) break;
      clips.forEach((c, i) => c.speaker === s && out.add(i));
    }
    return out;
  }
  const origin = clips.map((c) => c.id.split('#')[0]!);
  const byOrigin = groupIndices(origin);
  const labelOf = new Map(clips.map((c, i) => [origin[i]!, c.label]));
  const byLabel = groupIndices([...byOrigin.keys()].map((o) => labelOf.get(o)!));
  const origins = [...byOrigin.keys()];
  for (const idx of byLabel.values()) {
    if (idx.length < 2) continue;
    rng.shuffle(idx);
    const k = Math.min(idx.length - 1, Math.max(1, Math.round(fraction * idx.length)));
    for (const j of idx.slice(0, k)) for (const i of byOrigin.get(origins[j]!)!) out.add(i);
  }
  return out;
}

/** One epoch of training, as recorded in `info.history` of a fitted deep model. */
export interface TrainingEpoch {
  /** Epoch number, from 1. */
  readonly epoch: number;
  /** Learning rate of the epoch's first optimizer step. */
  readonly lr: number;
  /** Mean training loss over the epoch's batches (class-weighted cross-entropy on the augmented, mixed batches; nats). */
  readonly trainLoss: number;
  /** UAR (0..1) on a fixed subset of up to 96 training utterances, clean inputs, no dropout, after the epoch. */
  readonly trainUar: number;
  /** Validation loss (mean cross-entropy, unweighted; nats), null without validation data. */
  readonly valLoss: number | null;
  /** Validation UAR (0..1), null without validation data. */
  readonly valUar: number | null;
}

/** A fitted deep baseline: a {@link FittedModel} that also gives its class log-probabilities. */
export interface DeepFittedModel extends FittedModel {
  /** Natural-log class probabilities of `clips`, row-major [clips, labels] in the label order of training (per-speaker standardization over the clips given, as `predict`). */
  logProbabilities(clips: readonly Clip[]): Promise<Float32Array>;
}

/** A deep baseline's {@link ModelSpec}, whose fitted models are {@link DeepFittedModel}s. */
export interface DeepModelSpec extends ModelSpec {
  /** Train on `train` (the training part of a fold) with the recipe; see {@link deepModel}. */
  fit(train: readonly Clip[], ctx: FitContext): Promise<DeepFittedModel>;
}

/** Log-softmax outputs [n, classes] of the network in inference mode (no dropout), in batches of 64. */
function logProbabilities(tf: Tf, p: Params, arch: DeepArch, x: Float32Array, mask: Float32Array, n: number, frames: number, classes: number): Float32Array {
  const out = new Float32Array(n * classes);
  const L = frames / TIME_REDUCTION;
  for (let a = 0; a < n; a += 64) {
    const b = Math.min(n, a + 64) - a;
    const lp = tf.tidy(() => {
      const xt = tf.tensor4d(x.subarray(a * frames * BANDS, (a + b) * frames * BANDS), [b, frames, BANDS, 1]);
      const mt = tf.tensor2d(mask.subarray(a * L, (a + b) * L), [b, L]);
      return tf.logSoftmax(forward(tf, p, arch, xt, mt, classes, 0, 0));
    });
    out.set(lp.dataSync() as Float32Array, a * classes);
    lp.dispose();
  }
  return out;
}

/** Arg-max class of each row of `lp` [n, classes]. */
function argMaxRows(lp: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < lp.length / classes; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (lp[i * classes + c]! > lp[i * classes + best]!) best = c;
    out.push(best);
  }
  return out;
}

function gather(x: Float32Array, idx: readonly number[], width: number): Float32Array {
  const out = new Float32Array(idx.length * width);
  idx.forEach((i, k) => out.set(x.subarray(i * width, (i + 1) * width), k * width));
  return out;
}

/** UAR and mean cross-entropy of the network on the examples `idx`. */
function score(
  tf: Tf,
  p: Params,
  arch: DeepArch,
  x: Float32Array,
  mask: Float32Array,
  y: readonly number[],
  idx: readonly number[],
  frames: number,
  labels: readonly string[],
): { uar: number; loss: number } {
  const classes = labels.length;
  const lp = logProbabilities(tf, p, arch, gather(x, idx, frames * BANDS), gather(mask, idx, frames / TIME_REDUCTION), idx.length, frames, classes);
  let loss = 0;
  idx.forEach((i, k) => (loss -= lp[k * classes + y[i]!]!));
  const pred = argMaxRows(lp, classes);
  const uar = classificationReport(
    idx.map((i) => labels[y[i]!]!),
    pred.map((k) => labels[k]!),
    labels,
  ).uar;
  return { uar, loss: loss / Math.max(1, idx.length) };
}

/** A deep baseline trained from scratch on each training fold with the recipe of {@link DeepOptions}. */
export function deepModel(arch: DeepArch, options: DeepOptions = {}): DeepModelSpec {
  const o = resolveDeepOptions(options);
  return {
    name: arch,
    description:
      arch === 'cnn-bigru-att'
        ? 'log-mel 40 -> 2 x (3x3 conv, pool) -> BiGRU 2x32 -> attention pooling (TensorFlow.js, from scratch)'
        : 'log-mel 40 -> time/frequency convs -> 2 x (3x3 conv, pool) -> 4-head self-attention -> mean pooling (TensorFlow.js, from scratch)',
    async fit(train: readonly Clip[], ctx: FitContext): Promise<DeepFittedModel> {
      checkTrainingLabels(arch, train, ctx.labels);
      const tf = await loadTf(o.backend);
      const labels = [...ctx.labels];
      const classes = labels.length;
      let frames: number;
      if (o.frames === 'auto') {
        const lens = train.map((c) => logMel(c.audio).length / BANDS).sort((a, b) => a - b);
        frames = Math.min(304, Math.max(TIME_REDUCTION, Math.ceil(lens[Math.floor(0.95 * (lens.length - 1))]! / TIME_REDUCTION) * TIME_REDUCTION));
      } else frames = o.frames;
      const L = frames / TIME_REDUCTION;
      const val = validationSplit(train, o.validationFraction, ctx.rng.fork('validation'));
      const { x, lengths } = prepare(train, frames);
      const mask = masks(lengths, frames);
      const y = train.map((c) => labels.indexOf(c.label));
      const trIdx = train.map((_, i) => i).filter((i) => !val.has(i));
      const vaIdx = [...val].sort((a, b) => a - b);
      // a fixed subset of the training part, scored clean after every epoch (fit diagnosis)
      const monIdx = (ctx.rng.fork('monitor').shuffle([...trIdx]) as number[]).slice(0, 96).sort((a, b) => a - b);
      const counts = new Array<number>(classes).fill(0);
      for (const i of trIdx) counts[y[i]!]!++;
      const cw = counts.map((c) => (c > 0 ? trIdx.length / (classes * c) : 0));
      const p = new Params(tf, ctx.rng.fork('init'));
      // build the variables with one forward pass
      tf.tidy(() => {
        forward(tf, p, arch, tf.zeros([1, frames, BANDS, 1]), tf.ones([1, L]), classes, 0, 0);
      });
      const opt = new AdamW(tf, p.vars, { weightDecay: o.weightDecay, decays: decayWeightsOnly });
      const keyOf = new Map([...p.vars].map(([k, v]) => [v.name, k]));
      const varList = [...p.vars.values()];
      const stepsPerEpoch = Math.max(1, Math.ceil(trIdx.length / o.batchSize));
      const sched: ScheduleSteps = {
        peak: o.learningRate,
        min: o.minLearningRate,
        warmup: Math.round(o.warmupFraction * o.epochs * stepsPerEpoch),
        total: o.epochs * stepsPerEpoch,
        schedule: o.schedule,
      };
      const order = ctx.rng.fork('batches');
      const maskRng = ctx.rng.fork('specaugment');
      const mixRng = ctx.rng.fork('mixup');
      const W = frames * BANDS;
      const stopper = new EarlyStopping<Map<string, Float32Array>>(o.patience, { mode: o.monitor === 'loss' ? 'min' : 'max', minEpochs: o.minEpochs });
      const history: TrainingEpoch[] = [];
      let epoch = 0;
      let step = 0;
      const t0 = performance.now();
      const validate = vaIdx.length > 0; // without validation data: every epoch, the last weights
      for (epoch = 1; epoch <= o.epochs; epoch++) {
        const idx = order.shuffle([...trIdx]) as number[];
        const lr0 = learningRateAt(step, sched);
        let lossSum = 0;
        for (let a = 0; a < idx.length; a += o.batchSize) {
          const bi = idx.slice(a, a + o.batchSize);
          const b = bi.length;
          let xb: Float32Array = gather(x, bi, W);
          bi.forEach((i, k) => specAugment(xb.subarray(k * W, (k + 1) * W), frames, BANDS, lengths[i]!, o, maskRng));
          let mb: Float32Array = gather(mask, bi, L);
          // class-weighted one-hot targets: the cross-entropy with target w e_y is w times that with e_y
          let yb: Float32Array = new Float32Array(b * classes);
          bi.forEach((i, k) => (yb[k * classes + y[i]!] = cw[y[i]!]!));
          if (o.mixupAlpha > 0 && b > 1) {
            const lambda = sampleBeta(o.mixupAlpha, mixRng);
            const perm = mixRng.shuffle(Int32Array.from({ length: b }, (_, k) => k)) as Int32Array;
            ({ x: xb, y: yb, mask: mb } = mixup(xb, yb, mb, b, lambda, perm));
          }
          const xt = tf.tensor4d(xb, [b, frames, BANDS, 1]);
          const mt = tf.tensor2d(mb, [b, L]);
          const yt = tf.tensor2d(yb, [b, classes]);
          const seed = ++step;
          const { value, grads } = tf.variableGrads(
            () => tf.mean(tf.neg(tf.sum(tf.mul(yt, tf.logSoftmax(forward(tf, p, arch, xt, mt, classes, o.dropout, seed))), 1))) as tfTypes.Scalar,
            varList,
          );
          opt.step(new Map(Object.entries(grads).map(([n, g]) => [keyOf.get(n) ?? n, g])), learningRateAt(seed - 1, sched));
          lossSum += (await value.data())[0]! * b;
          for (const t of [xt, mt, yt, value, ...Object.values(grads)]) t.dispose();
        }
        const trainUar = score(tf, p, arch, x, mask, y, monIdx, frames, labels).uar;
        const v = validate ? score(tf, p, arch, x, mask, y, vaIdx, frames, labels) : null;
        history.push({ epoch, lr: lr0, trainLoss: lossSum / idx.length, trainUar, valLoss: v?.loss ?? null, valUar: v?.uar ?? null });
        ctx.onProgress?.({
          phase: `${arch} epoch ${epoch} lr ${lr0.toExponential(2)} loss ${(lossSum / idx.length).toFixed(3)} train UAR ${(100 * trainUar).toFixed(1)} ${v ? `val UAR ${(100 * v.uar).toFixed(1)}` : '(no validation data)'}`,
          done: epoch,
          total: o.epochs,
        });
        if (v && stopper.update(epoch, o.monitor === 'loss' ? v.loss : v.uar, () => p.snapshot())) break;
      }
      if (validate) p.restore(stopper.snapshot!);
      opt.dispose();
      const epochsRun = Math.min(epoch, o.epochs);
      const info = {
        frames,
        epochsRun,
        bestEpoch: validate ? stopper.bestEpoch : epochsRun,
        monitor: o.monitor,
        validationUar: validate ? history[stopper.bestEpoch - 1]!.valUar : null,
        validationLoss: validate ? history[stopper.bestEpoch - 1]!.valLoss : null,
        validationUtterances: vaIdx.length,
        validationSpeakers: [...new Set(vaIdx.map((i) => train[i]!.speaker))].sort(),
        trainSeconds: (performance.now() - t0) / 1000,
        backend: o.backend,
        recipe: { ...o },
        history,
      };
      const fitted: DeepFittedModel = {
        trainableParameters: p.count,
        info,
        async logProbabilities(clips) {
          const pr = prepare(clips, frames);
          return logProbabilities(tf, p, arch, pr.x, masks(pr.lengths, frames), clips.length, frames, classes);
        },
        async predict(clips) {
          return argMaxRows(await fitted.logProbabilities(clips), classes).map((c) => labels[c]!);
        },
        dispose() {
          p.dispose();
        },
      };
      return fitted;
    },
  };
}
