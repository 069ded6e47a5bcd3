/**
 * Deep baselines as {@link ModelSpec}s: log-mel spectrograms (40 bands, 25 ms / 10 ms,
 * standardized per band and speaker like the other models' features), cropped or zero-padded
 * to a fixed number of frames, trained from scratch with Adam on class-balanced cross-entropy.
 * Early stopping: a validation split of the training fold only (whole speakers when there are
 * at least three), the weights of the epoch with the best validation UAR are kept.
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
import { loadTf, type TfBackend, type Tf } from './tf.js';
import { Params } from './params.js';
import { forward, TIME_REDUCTION, type DeepArch } from './networks.js';

/** Options of the deep baselines. */
export interface DeepOptions {
  /** Maximum epochs; default 30. */
  readonly epochs?: number;
  /** Epochs without a better validation UAR before stopping; default 6. */
  readonly patience?: number;
  /** Mini-batch size; default 32. */
  readonly batchSize?: number;
  /** Adam learning rate; default 0.001. */
  readonly learningRate?: number;
  /** Fraction of the training utterances held out for early stopping; default 0.15. */
  readonly validationFraction?: number;
  /** Dropout rate; default 0.3. */
  readonly dropout?: number;
  /** Input frames (a multiple of 8) or 'auto' (95th percentile of the training lengths, rounded up, at most 304); default 'auto'. */
  readonly frames?: number | 'auto';
  /** TensorFlow.js backend; default 'wasm'. */
  readonly backend?: TfBackend;
}

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

function predictBatches(tf: Tf, p: Params, arch: DeepArch, x: Float32Array, mask: Float32Array, n: number, frames: number, classes: number): Int32Array {
  const out = new Int32Array(n);
  const L = frames / TIME_REDUCTION;
  for (let a = 0; a < n; a += 64) {
    const b = Math.min(n, a + 64) - a;
    const pred = tf.tidy(() => {
      const xt = tf.tensor4d(x.subarray(a * frames * BANDS, (a + b) * frames * BANDS), [b, frames, BANDS, 1]);
      const mt = tf.tensor2d(mask.subarray(a * L, (a + b) * L), [b, L]);
      return tf.argMax(forward(tf, p, arch, xt, mt, classes, 0, 0), 1);
    });
    out.set(pred.dataSync() as Int32Array, a);
    pred.dispose();
  }
  return out;
}

function gather(x: Float32Array, idx: readonly number[], width: number): Float32Array {
  const out = new Float32Array(idx.length * width);
  idx.forEach((i, k) => out.set(x.subarray(i * width, (i + 1) * width), k * width));
  return out;
}

/** A deep baseline trained from scratch on each training fold. */
export function deepModel(arch: DeepArch, options: DeepOptions = {}): ModelSpec {
  const o = {
    epochs: 30,
    patience: 6,
    batchSize: 32,
    learningRate: 1e-3,
    validationFraction: 0.15,
    dropout: 0.3,
    frames: 'auto' as number | 'auto',
    backend: 'wasm' as TfBackend,
    ...options,
  };
  if (!(Number.isInteger(o.epochs) && o.epochs >= 1)) throw new RangeError(`epochs: must be a positive integer, got ${o.epochs}`);
  if (!(Number.isInteger(o.batchSize) && o.batchSize >= 1)) throw new RangeError(`batchSize: must be a positive integer, got ${o.batchSize}`);
  if (!(o.learningRate > 0)) throw new RangeError(`learningRate: must be > 0, got ${o.learningRate}`);
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new RangeError(`dropout: must be in [0, 1), got ${o.dropout}`);
  if (!(o.validationFraction > 0 && o.validationFraction < 0.5)) throw new RangeError(`validationFraction: must be in (0, 0.5), got ${o.validationFraction}`);
  if (o.frames !== 'auto' && !(Number.isInteger(o.frames) && o.frames >= TIME_REDUCTION && o.frames % TIME_REDUCTION === 0))
    throw new RangeError(`frames: must be 'auto' or a multiple of ${TIME_REDUCTION}, got ${o.frames}`);
  return {
    name: arch,
    description:
      arch === 'cnn-bigru-att'
        ? 'log-mel 40 -> 2 x (3x3 conv, pool) -> BiGRU 2x32 -> attention pooling (TensorFlow.js, from scratch)'
        : 'log-mel 40 -> time/frequency convs -> 2 x (3x3 conv, pool) -> 4-head self-attention -> mean pooling (TensorFlow.js, from scratch)',
    async fit(train: readonly Clip[], ctx: FitContext): Promise<FittedModel> {
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
      const counts = new Array<number>(classes).fill(0);
      for (const i of trIdx) counts[y[i]!]!++;
      const cw = counts.map((c) => (c > 0 ? trIdx.length / (classes * c) : 0));
      const p = new Params(tf, ctx.rng.fork('init'));
      // build the variables with one forward pass
      tf.tidy(() => {
        forward(tf, p, arch, tf.zeros([1, frames, BANDS, 1]), tf.ones([1, L]), classes, 0, 0);
      });
      const opt = tf.train.adam(o.learningRate);
      const order = ctx.rng.fork('batches');
      const W = frames * BANDS;
      const vx = gather(x, vaIdx, W);
      const vm = gather(mask, vaIdx, L);
      const vy = vaIdx.map((i) => labels[y[i]!]!);
      let best = -1;
      let bestEpoch = 0;
      let snap = p.snapshot();
      let epoch = 0;
      let step = 0;
      const t0 = performance.now();
      const validate = vaIdx.length > 0; // without validation data: every epoch, the last weights
      for (epoch = 1; epoch <= o.epochs; epoch++) {
        const idx = order.shuffle([...trIdx]) as number[];
        let lossSum = 0;
        for (let a = 0; a < idx.length; a += o.batchSize) {
          const bi = idx.slice(a, a + o.batchSize);
          const b = bi.length;
          const xt = tf.tensor4d(gather(x, bi, W), [b, frames, BANDS, 1]);
          const mt = tf.tensor2d(gather(mask, bi, L), [b, L]);
          const yt = tf.oneHot(
            tf.tensor1d(
              bi.map((i) => y[i]!),
              'int32',
            ),
            classes,
          );
          const wt = tf.tensor1d(bi.map((i) => cw[y[i]!]!));
          const seed = ++step;
          const loss = opt.minimize(
            () => tf.losses.softmaxCrossEntropy(yt, forward(tf, p, arch, xt, mt, classes, o.dropout, seed), wt) as tfTypes.Scalar,
            true,
          )!;
          lossSum += (await loss.data())[0]! * b;
          for (const t of [xt, mt, yt, wt, loss]) t.dispose();
        }
        if (!validate) {
          ctx.onProgress?.({ phase: `${arch} epoch ${epoch} loss ${(lossSum / idx.length).toFixed(3)} (no validation data)`, done: epoch, total: o.epochs });
          continue;
        }
        const vp = predictBatches(tf, p, arch, vx, vm, vaIdx.length, frames, classes);
        const uar = classificationReport(
          vy,
          Array.from(vp, (k) => labels[k]!),
          labels,
        ).uar;
        ctx.onProgress?.({
          phase: `${arch} epoch ${epoch} loss ${(lossSum / idx.length).toFixed(3)} val UAR ${(100 * uar).toFixed(1)}`,
          done: epoch,
          total: o.epochs,
        });
        if (uar > best) {
          best = uar;
          bestEpoch = epoch;
          snap = p.snapshot();
        } else if (epoch - bestEpoch >= o.patience) break;
      }
      if (validate) p.restore(snap);
      opt.dispose();
      const epochsRun = Math.min(epoch, o.epochs);
      const info = {
        frames,
        epochsRun,
        bestEpoch: validate ? bestEpoch : epochsRun,
        validationUar: validate ? best : null,
        validationUtterances: vaIdx.length,
        trainSeconds: (performance.now() - t0) / 1000,
        backend: o.backend,
      };
      return {
        trainableParameters: p.count,
        info,
        async predict(clips) {
          const pr = prepare(clips, frames);
          const k = predictBatches(tf, p, arch, pr.x, masks(pr.lengths, frames), clips.length, frames, classes);
          return Array.from(k, (c) => labels[c]!);
        },
        dispose() {
          p.dispose();
        },
      };
    },
  };
}
