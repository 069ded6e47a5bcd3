import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { synthesizeCorpus } from '../../src/synth/corpus.js';
import { egemapsSvmModel, egemapsVector } from '../../src/baselines/egemaps-svm.js';
import type { Clip } from '../../src/baselines/model.js';
import { EGEMAPS_FUNCTIONAL_COUNT } from '../../src/sourcefilter/egemaps/index.js';

describe('egemaps-svm', () => {
  const corpus = synthesizeCorpus({ seed: 7, speakers: 3, perClass: 4, emotions: ['anger', 'sadness', 'neutral'] });
  const clips: Clip[] = corpus.utterances.map((u) => ({
    id: u.file,
    audio: { samples: u.samples, sampleRate: corpus.sampleRate, source: u.file },
    label: u.label,
    speaker: u.speaker,
  }));
  const test = clips.filter((c) => c.speaker === corpus.speakers[2]!.id);
  const train = clips.filter((c) => c.speaker !== corpus.speakers[2]!.id);

  it('88 finite functionals per clip; an unseen speaker of the synthetic emotions is classified far above chance, deterministically', async () => {
    const v = egemapsVector(clips[0]!.audio);
    expect(v.length).toBe(EGEMAPS_FUNCTIONAL_COUNT);
    expect(Array.from(v).every(Number.isFinite)).toBe(true);
    const model = egemapsSvmModel({ C: [0.1, 1], innerFolds: 2 });
    expect(model.name).toBe('egemaps-svm');
    const fitted = await model.fit(train, { labels: corpus.labels, rng: new Rng(1) });
    const pred = await fitted.predict(test);
    const correct = pred.filter((p, i) => p === test[i]!.label).length;
    expect(correct / test.length).toBeGreaterThan(0.6); // chance: 1/3
    const again = await (await model.fit(train, { labels: corpus.labels, rng: new Rng(1) })).predict(test, { cache: false });
    expect(again).toEqual(pred);
    expect(fitted.info.kernel).toBe('linear');
  });

  it('names the clip whose label is not among the labels', async () => {
    await expect(egemapsSvmModel().fit(train, { labels: ['anger', 'sadness'], rng: new Rng(1) })).rejects.toThrow(/egemaps-svm: training clip .* "neutral"/);
  });
});
