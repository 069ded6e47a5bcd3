/**
 * The shape every utterance-level feature baseline shares (`mfcc-svm`, `egemaps-svm`,
 * `compare-svm`): per-speaker-standardized features of each clip -> {@link Readout} (SVM, C by
 * speaker-grouped inner CV) -> predictions. One place for the fit, the model info and the
 * one-speaker inner-CV fallback note, so the three models differ only in their features and
 * readout options.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { Readout, type ReadoutOptions } from '../readout/readout.js';
import type { Clip, FitContext, ModelSpec } from './model.js';
import { checkTrainingLabels } from './model.js';

/** What {@link utteranceSvmModel} needs to know of one baseline. */
export interface UtteranceSvmSpec {
  /** Model name (as `lsm-ser compare` knows it). */
  readonly name: string;
  /** One line for reports. */
  readonly description: string;
  /**
   * Features of clips, standardized per speaker (clips x dims); `ctx` for progress while
   * training, `cache` false when prediction must compute every feature afresh (cold timing).
   */
  readonly features: (clips: readonly Clip[], ctx?: Pick<FitContext, 'onProgress'>, cache?: boolean) => Mat;
  /** Readout (scaler, PCA, SVM, inner CV) options. */
  readonly readout: ReadoutOptions;
  /** Model-specific fields of the fitted model's `info`, from the fitted readout. */
  readonly info: (readout: Readout) => Record<string, unknown>;
}

/** A {@link ModelSpec} from an utterance-level feature function and SVM readout options. */
export function utteranceSvmModel(spec: UtteranceSvmSpec): ModelSpec {
  return {
    name: spec.name,
    description: spec.description,
    async fit(train: readonly Clip[], ctx: FitContext) {
      checkTrainingLabels(spec.name, train, ctx.labels);
      const readout = await Readout.fit(
        [spec.features(train, ctx)],
        train.map((c) => c.label),
        spec.readout,
        ctx.rng,
        { groups: train.map((c) => c.speaker) },
      );
      return {
        trainableParameters: readout.parameterCount,
        // innerCv: the training part had one speaker, so C was chosen on stratified folds over utterances
        info: { ...spec.info(readout), ...(readout.innerCv === 'stratified-one-group' ? { innerCv: readout.innerCv } : {}) },
        async predict(clips, opts) {
          return readout.predict([spec.features(clips, undefined, opts?.cache !== false)]);
        },
      };
    },
  };
}
