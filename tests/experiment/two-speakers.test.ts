import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { makeDataset, type Utterance } from '../../src/experiment/manifest.js';
import { makeFolds, parseProtocol } from '../../src/experiment/protocols.js';
import { evaluateFold } from '../../src/experiment/pipeline.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import { summaryMarkdown, type ExperimentSummary } from '../../src/experiment/runner.js';
import { blobs } from '../readout/data.js';

describe('a two-speaker corpus under leave-one-speaker-out (TESS: OAF and YAF)', () => {
  it('each training fold has one speaker: inner model selection uses stratified folds over utterances and the fold result says so', async () => {
    const { X, y } = blobs(48, 6, 3, 5, new Rng(2));
    const utts: Utterance[] = y.map((label, i) => ({
      id: `u${String(i).padStart(2, '0')}`,
      file: `/nowhere/u${i}.wav`,
      label,
      speaker: i % 2 ? 'OAF' : 'YAF',
    }));
    const ds = makeDataset('tess', '/nowhere', ['c0', 'c1', 'c2'], utts);
    const folds = makeFolds(ds, parseProtocol('loso'), new Rng(1));
    expect(folds.map((f) => f.name)).toEqual(['speaker OAF', 'speaker YAF']);
    // one block of statistics (the reservoirs' features alone: combine 'reservoir')
    const config = resolveLsmConfig({ readout: { pca: 4, C: [1, 10] }, features: { combine: 'reservoir' } });
    for (const fold of folds) {
      const { result } = await evaluateFold(ds, [X], fold, config, ds.labels);
      expect(result.innerCv).toBe('stratified-one-group');
      expect(result.uar).toBeGreaterThan(0.8);
    }
    const summary = {
      name: 'tess-loso',
      dataset: 'tess',
      protocol: 'loso',
      seeds: [1],
      labels: ['c0'],
      folds: 2,
      failedFolds: [],
      uar: { mean: 1, std: 0 },
      wa: { mean: 1, std: 0 },
      macroF1: { mean: 1, std: 0 },
      perFold: [],
      confusion: [[1]],
      recomputedFolds: 2,
      partial: false,
      backend: { requested: 'cpu', used: 'cpu', reason: null },
      featureSeconds: 0,
      readoutSeconds: 0,
      dir: '/x',
      innerCvFallback: ['seed 1, OAF', 'seed 1, YAF'],
      datasetNotes: ['OAF_neutral/OA_bite_neutral.wav: speaker prefix OA read as OAF'],
    } satisfies ExperimentSummary;
    const md = summaryMarkdown(summary);
    expect(md).toMatch(/fell back to stratified folds over utterances .* in 2 folds: seed 1, OAF, seed 1, YAF/);
    expect(md).toMatch(/- OAF_neutral\/OA_bite_neutral\.wav: speaker prefix OA read as OAF/);
  });
});
