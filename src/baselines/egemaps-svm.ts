/**
 * The `egemaps-svm` baseline: the 88 eGeMAPS v02 functionals (Eyben et al. 2016, implemented
 * in `src/sourcefilter/egemaps`) of each utterance, standardized per speaker, with an SVM
 * (balanced class weights, C by speaker-grouped inner CV): the field's standard SER baseline.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import type { Audio } from '../sourcefilter/audio.js';
import { EGEMAPS_FUNCTIONAL_COUNT, egemapsFunctionals, egemapsLlds } from '../sourcefilter/egemaps/index.js';
import { standardizeByGroup } from '../readout/scaler.js';
import type { Clip, FitContext, ModelSpec } from './model.js';
import { utteranceSvmModel } from './utterance-svm.js';

const memo = new WeakMap<Audio, Float64Array>();

/** The 88 eGeMAPS functionals of `audio` (memoized per Audio object unless `cache` is false). */
export function egemapsVector(audio: Audio, cache = true): Float64Array {
  let v = cache ? memo.get(audio) : undefined;
  if (!v) {
    v = egemapsFunctionals(egemapsLlds(audio));
    if (cache) memo.set(audio, v);
  }
  return v;
}

/** eGeMAPS functionals of clips, standardized per speaker, as a Mat (clips x 88). */
export function egemapsMatrix(clips: readonly Clip[], ctx?: Pick<FitContext, 'onProgress'>, cache = true): Mat {
  const d = EGEMAPS_FUNCTIONAL_COUNT;
  const data = new Float64Array(clips.length * d);
  clips.forEach((c, i) => {
    if (i % 50 === 0) ctx?.onProgress?.({ phase: 'eGeMAPS functionals', done: i, total: clips.length });
    data.set(egemapsVector(c.audio, cache), i * d);
  });
  return standardizeByGroup(
    { data, rows: clips.length, cols: d },
    clips.map((c) => c.speaker),
  );
}

/** Options of {@link egemapsSvmModel}. */
export interface EgemapsSvmOptions {
  /** C grid; default [0.01, 0.1, 1, 10]. */
  readonly C?: readonly number[];
  /** Inner folds; default 4. */
  readonly innerFolds?: number;
  /** SVM kernel; default 'linear' (gamma 'scale' for 'rbf'). */
  readonly kernel?: 'linear' | 'rbf';
}

/** eGeMAPS v02 functionals (88) -> per-speaker standardization -> SVM (C by speaker-grouped inner CV). */
export function egemapsSvmModel(options: EgemapsSvmOptions = {}): ModelSpec {
  const kernel = options.kernel ?? 'linear';
  return utteranceSvmModel({
    name: 'egemaps-svm',
    description: `eGeMAPS v02 functionals (88, per-speaker z-scored) + ${kernel} SVM`,
    features: egemapsMatrix,
    readout: { pca: 0, kernel, C: options.C ?? [0.01, 0.1, 1, 10], gamma: ['scale'], innerFolds: options.innerFolds ?? 4 },
    info: (readout) => ({ kernel, C: readout.svm.options.C }),
  });
}
