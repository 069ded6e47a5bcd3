/**
 * The LSM as a {@link ModelSpec}, so `lsm-ser compare` trains and scores it exactly like the
 * baselines: reservoir features of the clips (cached by content, so noisy and augmented copies
 * are cached too), per-speaker standardization, PCA + SVM readout. With `features.combine:
 * input+reservoir | input+residual` the control's blocks go before the reservoirs' (residualized
 * on them with a map fitted on the training clips), as in `LsmModel` and the fold readouts.
 *
 * @module
 */
import { Readout } from '../readout/readout.js';
import type { Clip, FitContext, FittedModel, ModelSpec } from '../baselines/model.js';
import { checkTrainingLabels } from '../baselines/model.js';
import { resolveLsmConfig, type LsmConfigInput } from './lsm-config.js';
import { withAnalysisRate } from './features.js';
import { buildReservoirs, extractModelBlocks, readoutOptions, speakerNormalize } from './pipeline.js';
import { assertStatisticsReadout, combineBlocks, fitCombination } from './representation.js';

/** The dual-reservoir LSM with `config` (its `seed` is replaced by one drawn from the fit's Rng). */
export function lsmModelSpec(configInput: LsmConfigInput, options: { cacheDir?: string; seed?: number } = {}): ModelSpec {
  const base = resolveLsmConfig(configInput);
  assertStatisticsReadout(base, 'lsm', '`lsm-ser compare`');
  return {
    name: 'lsm',
    description: `dual-reservoir LSM (LPC excitation + vocal tract, ${Object.values(base.reservoirs).filter(Boolean).length} LIF reservoir(s)) + PCA + RBF SVM`,
    async fit(train: readonly Clip[], ctx: FitContext): Promise<FittedModel> {
      checkTrainingLabels('lsm', train, ctx.labels);
      const config = withAnalysisRate(
        resolveLsmConfig({ ...base, seed: options.seed ?? base.seed }),
        train.map((c) => c.audio),
      );
      const reservoirs = buildReservoirs(config);
      // [control blocks...,] reservoir blocks, speaker-normalized when configured
      const features = async (clips: readonly Clip[], progress = false, cache = true) => {
        const { input, own } = await extractModelBlocks(
          clips.map((c) => c.audio),
          config,
          reservoirs,
          {
            speakers: clips.map((c) => c.speaker),
            ...(options.cacheDir && cache ? { cacheDir: options.cacheDir } : {}),
            ...(progress && ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
          },
        );
        const norm = (b: typeof own) =>
          config.readout.speakerNormalization
            ? speakerNormalize(
                b,
                clips.map((c) => c.speaker),
              )
            : b;
        return { input: input ? norm(input) : null, own: norm(own) };
      };
      const tr = await features(train, true);
      const residualizer = tr.input ? fitCombination(config, tr.input, tr.own) : null;
      const blocks = combineBlocks(config, tr.input, tr.own, residualizer);
      const readout = await Readout.fit(
        blocks,
        train.map((c) => c.label),
        readoutOptions(config),
        ctx.rng,
        { groups: train.map((c) => c.speaker) },
      );
      const units = Object.fromEntries(Object.entries(reservoirs).map(([r, res]) => [r, res!.network.n]));
      return {
        trainableParameters: readout.parameterCount,
        // innerCv: the training part had one speaker, so C and gamma were chosen on stratified folds over utterances
        info: {
          C: readout.svm.options.C,
          units,
          reservoirSeed: config.seed,
          ...(readout.innerCv === 'stratified-one-group' ? { innerCv: readout.innerCv } : {}),
        },
        async predict(clips, o = {}) {
          const te = await features(clips, false, o.cache !== false);
          return readout.predict(combineBlocks(config, te.input, te.own, residualizer));
        },
      };
    },
  };
}
