import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { validationSplit } from '../../src/baselines/deep/deep-model.js';
import type { Clip } from '../../src/baselines/model.js';

const clip = (id: string, label: string, speaker: string): Clip => ({
  id,
  label,
  speaker,
  audio: { samples: new Float64Array(1), sampleRate: 16000, source: id },
});

describe('deep models: validation split for early stopping', () => {
  it('with fewer than 3 speakers: stratified over original utterances, each with its augmented copies', () => {
    const clips: Clip[] = [];
    for (const label of ['a', 'b', 'c']) {
      for (let k = 0; k < 4; k++) {
        const id = `${label}${k}`;
        clips.push(clip(id, label, k % 2 ? 's1' : 's2'), clip(`${id}#aug0`, label, k % 2 ? 's1' : 's2'));
      }
    }
    for (const seed of [1, 2, 3, 4, 5]) {
      const val = validationSplit(clips, 0.15, new Rng(seed));
      const origin = (i: number) => clips[i]!.id.split('#')[0]!;
      const valOrigins = new Set([...val].map(origin));
      // a validation utterance's copy is never trained on
      clips.forEach((_, i) => expect(val.has(i)).toBe(valOrigins.has(origin(i))));
      // every label has at least one validation utterance and keeps training ones
      for (const label of ['a', 'b', 'c']) {
        const n = [...valOrigins].filter((o) => o.startsWith(label)).length;
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThan(4);
      }
    }
  });

  it('whole speakers when there are 3 or more; empty (no early stopping) when every label has one utterance', () => {
    const many = ['s1', 's2', 's3', 's4'].flatMap((s) => ['a', 'b'].map((l) => clip(`${s}${l}`, l, s)));
    const val = validationSplit(many, 0.25, new Rng(1));
    const spk = new Set([...val].map((i) => many[i]!.speaker));
    for (const i of many.keys()) if (spk.has(many[i]!.speaker)) expect(val.has(i)).toBe(true);
    expect(validationSplit([clip('x', 'a', 's1'), clip('y', 'b', 's2')], 0.15, new Rng(1)).size).toBe(0);
  });
});

describe('every compared model refuses training labels outside the report labels', () => {
  it('mfcc-svm, elm, the deep models and the LSM name the clip and the label', async () => {
    const { mfccSvmModel, elmModel } = await import('../../src/baselines/classic.js');
    const { deepModel } = await import('../../src/baselines/deep/deep-model.js');
    const { lsmModelSpec } = await import('../../src/experiment/lsm-model-spec.js');
    const train = [clip('u1', 'anger', 's1'), clip('u2', 'fear', 's2')];
    for (const m of [mfccSvmModel(), elmModel(), deepModel('cnn-bigru-att'), deepModel('acnn-mhsa'), lsmModelSpec({})]) {
      await expect(m.fit(train, { labels: ['anger', 'neutral'], rng: new Rng(1) }), m.name).rejects.toThrow(
        `${m.name}: training clip u2 has label "fear", which is not among the labels (anger, neutral)`,
      );
    }
  });
});
