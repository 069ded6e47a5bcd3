import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { pairedRows, rankedIntervals, rankedIntervalSpec, modelsWithoutPredictions } from '../../src/experiment/compare-stats.js';
import { writeCompareReport } from '../../src/experiment/compare-report.js';
import { resolveCompareConfig } from '../../src/experiment/compare-config.js';
import type { CompareRecord } from '../../src/experiment/compare.js';
import { renderSvg } from '../../src/plot/render.js';
import { tempDir } from '../helpers.js';

const labels = ['a', 'b', 'c'];
const speakers = ['s1', 's2', 's3', 's4', 's5', 's6'];

/** One record per speaker (a LOSO fold): 6 utterances per class and speaker; predictions from `predict(truth, speaker, index)`. */
function records(
  model: string,
  seed: number,
  predict: (t: string, s: string, i: number) => string,
  training: 'clean' | 'augmented' = 'clean',
  withPredictions = true,
): CompareRecord[] {
  return speakers.map((s) => {
    const ids: string[] = [];
    const truth: string[] = [];
    for (const l of labels)
      for (let i = 0; i < 6; i++) {
        ids.push(`${s}-${l}-${i}`);
        truth.push(l);
      }
    const pred = truth.map((t, i) => predict(t, s, i));
    return {
      seed,
      model,
      training,
      fold: s,
      testSpeakers: [s],
      conditions: { clean: { uar: 0.5, wa: 0.5, macroF1: 0.5, n: ids.length } },
      confusion: [],
      trainSeconds: 1,
      inferMsPerUtterance: 1,
      inferTiming: 'cold',
      trainableParameters: 1,
      trainUtterances: 90,
      info: {},
      ...(withPredictions ? { predictions: { ids, truth, pred, speakers: ids.map(() => s) } } : {}),
    } as CompareRecord;
  });
}

const perfect = (t: string) => t;
/** Wrong on the first `k` utterances of every class of every speaker (predicts the next class). */
const wrongFirst = (k: number) => (t: string, _s: string, i: number) => (i % 6 < k ? labels[(labels.indexOf(t) + 1) % 3]! : t);

describe('paired statistics of a comparison', () => {
  it('each unordered pair of models once (never a model with itself), per training, in config order', () => {
    const recs = [
      ...records('lsm', 1, perfect),
      ...records('elm', 1, wrongFirst(1)),
      ...records('mfcc-svm', 1, wrongFirst(2)),
      ...records('elm', 1, perfect, 'augmented'),
    ];
    const pairs = pairedRows(recs, ['lsm', 'mfcc-svm', 'elm', 'elm']);
    expect(pairs.map((p) => `${p.training}:${p.modelA}-${p.modelB}`)).toEqual(['clean:lsm-mfcc-svm', 'clean:lsm-elm', 'clean:mfcc-svm-elm']);
    for (const p of pairs) expect(p.modelA).not.toBe(p.modelB);
  });

  it('identical predictions: difference 0, interval [0, 0], tests p = 1', () => {
    const rng = new Rng(3);
    const noisy = () => {
      const r = rng.fork('x');
      return (t: string) => (r.int(3) === 0 ? labels[r.int(3)]! : t);
    };
    const f = noisy();
    const a = records('lsm', 1, f);
    // model B: the very same predictions
    const b = a.map((r) => ({ ...r, model: 'elm' }) as CompareRecord);
    const [p] = pairedRows([...a, ...b], ['lsm', 'elm']);
    expect(p!.diff).toBe(0);
    expect([p!.lo, p!.hi]).toEqual([0, 0]);
    expect(p!.sign.p).toBe(1);
    expect(p!.wilcoxon.p).toBe(1);
    expect(p!.utterances).toBe(speakers.length * 18);
    expect(p!.speakers).toBe(6);
  });

  it('a model better on every speaker: exact UARs, interval excludes 0, sign p = 2/2^6, Wilcoxon p = 2/2^6', () => {
    const recs = [...records('lsm', 1, perfect), ...records('lsm', 2, perfect), ...records('elm', 1, wrongFirst(2)), ...records('elm', 2, wrongFirst(1))];
    const [p] = pairedRows(recs, ['lsm', 'elm']);
    expect(p!.seeds).toEqual([1, 2]);
    expect(p!.uarA).toBe(1);
    // elm: recall 4/6 on seed 1, 5/6 on seed 2: mean 0.75
    expect(p!.uarB).toBeCloseTo(0.75, 12);
    expect(p!.diff).toBeCloseTo(0.25, 12);
    expect(p!.lo).toBeGreaterThan(0);
    expect(p!.lo).toBeLessThanOrEqual(0.25);
    expect(p!.hi).toBeGreaterThanOrEqual(0.25);
    expect(p!.speakersAbove).toBe(6);
    expect(p!.speakersBelow).toBe(0);
    expect(p!.sign.p).toBeCloseTo(2 / 64, 12);
    expect(p!.wilcoxon.p).toBeCloseTo(2 / 64, 12);
    // only the seeds both models have
    const q = pairedRows([...recs, ...records('lsm', 3, perfect)], ['lsm', 'elm'])[0]!;
    expect(q.seeds).toEqual([1, 2]);
    expect(q.diff).toBeCloseTo(0.25, 12);
  });

  it('does not depend on the order of the records (shards merge in file order); unequal prediction arrays are a RangeError naming the record', () => {
    const recs = [...records('lsm', 1, wrongFirst(1)), ...records('lsm', 2, perfect), ...records('elm', 1, wrongFirst(2)), ...records('elm', 2, wrongFirst(3))];
    expect(pairedRows([...recs].reverse(), ['lsm', 'elm'])).toEqual(pairedRows(recs, ['lsm', 'elm']));
    const bad = recs.map((r, i) => (i === 7 ? ({ ...r, predictions: { ...r.predictions!, pred: r.predictions!.pred.slice(1) } } as CompareRecord) : r));
    expect(() => pairedRows(bad, ['lsm', 'elm'])).toThrow(/predictions of lsm \(clean, seed 2, fold s2\) have arrays of unequal length/);
  });

  it('ranked intervals: the best model first, others with the interval of their difference to it placed at the best UAR; the plot renders', async () => {
    const recs = [...records('elm', 1, wrongFirst(2)), ...records('lsm', 1, perfect), ...records('mfcc-svm', 1, wrongFirst(1))];
    const pairs = pairedRows(recs, ['elm', 'lsm', 'mfcc-svm']);
    const iv = rankedIntervals(pairs);
    expect(iv.map((r) => r.model)).toEqual(['lsm', 'mfcc-svm', 'elm']);
    expect(iv[0]).toMatchObject({ best: true, uar: 100, lo: 100, hi: 100 });
    const elm = iv.find((r) => r.model === 'elm')!;
    const pe = pairs.find((p) => p.modelA === 'elm' && p.modelB === 'lsm')!;
    expect(elm.uar).toBeCloseTo(100 * (4 / 6), 1);
    expect(elm.lo).toBeCloseTo(100 * (1 + pe.lo), 1);
    expect(elm.hi).toBeCloseTo(100 * (1 + pe.hi), 1);
    expect(elm.hi).toBeLessThan(100);
    const svg = await renderSvg(rankedIntervalSpec(iv, 't'));
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('mfcc-svm');
  });

  it('records without predictions (older results) leave their model out and the report says so', async () => {
    const recs = [...records('lsm', 1, perfect), ...records('elm', 1, wrongFirst(1)), ...records('mfcc-svm', 1, perfect, 'clean', false)];
    expect(pairedRows(recs, ['lsm', 'elm', 'mfcc-svm']).map((p) => `${p.modelA}-${p.modelB}`)).toEqual(['lsm-elm']);
    expect(modelsWithoutPredictions(recs, ['lsm', 'elm', 'mfcc-svm'])).toEqual(['mfcc-svm (clean)']);
    const cfg = resolveCompareConfig({ name: 'c', dataset: { name: 'synth', path: 'x' }, models: ['lsm', 'elm', 'mfcc-svm'], noise: false }, 'c.yaml');
    const dir = tempDir('lsm-ser-compare-stats-');
    const rep = await writeCompareReport(dir, recs, cfg, 'synth', { babbleSource: '', folds: 6, provenance: {} });
    expect(rep.markdown).toMatch(/## Paired comparisons/);
    expect(rep.markdown).toMatch(/\| clean \| lsm \| elm \| 1 \| 108 \| 100\.0 \| 83\.3 \| \+16\.7 \[\d+\.\d, \d+\.\d\] \| 6 \/ 0 of 6 \| 0\.031 \| 0\.031 \|/);
    expect(rep.markdown).toMatch(/Left out .*: mfcc-svm \(clean\)/);
    const json = JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8'));
    expect(json.pairs).toHaveLength(1);
    expect(json.pairs[0]).toMatchObject({ modelA: 'lsm', modelB: 'elm', training: 'clean', utterances: 108 });
    expect(existsSync(join(dir, 'ranked.svg'))).toBe(true);
  });
});
