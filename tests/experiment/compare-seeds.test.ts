import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { readConfigFile } from '../../src/experiment/config-file.js';
import { join } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { COMPARE_MODELS, resolveCompareConfig } from '../../src/experiment/compare-config.js';
import { runCompare } from '../../src/experiment/compare.js';
import { compareRows, writeCompareReport } from '../../src/experiment/compare-report.js';
import { tempDir } from '../helpers.js';

describe('seeds in compare', () => {
  it('every ready-made comparison config runs at least 3 seeds', () => {
    const dir = join(import.meta.dirname, '..', '..', 'configs');
    const files = readdirSync(dir).filter((f) => /^compare-.*\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect(resolveCompareConfig(readConfigFile(join(dir, f)), f).seeds.length, f).toBeGreaterThanOrEqual(3);
  });

  const root = tempDir('lsm-ser-seeds-');
  writeCorpus(synthesizeCorpus({ seed: 6, speakers: 3, perClass: 2, emotions: ['anger', 'sadness', 'neutral'], duration: [0.4, 0.5] }), join(root, 'corpus'));

  it('every model kind runs every seed; the seed reaches each model (stochastic models differ by seed, reruns are identical); the report gives UAR per seed', async () => {
    const cfg = resolveCompareConfig({
      name: 'seeds',
      seeds: [1, 2],
      dataset: { name: 'synth', path: 'corpus' },
      protocol: 'speakers:spk01,spk02/spk03',
      models: [...COMPARE_MODELS],
      // the reservoirs' features alone (combine: reservoir): beside the control's, the seed's effect need not show on 6 test utterances
      lsm: {
        reservoirs: { excitation: { grid: [3, 3, 3] }, tract: { grid: [3, 3, 3] } },
        features: { combine: 'reservoir' },
        readout: { pca: 4, C: [10] },
        simulation: { workers: 1 },
      },
      elm: { hidden: 20 },
      deep: { epochs: 1, patience: 1, batchSize: 8 },
      noise: false,
    });
    const opts = { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache') };
    const r = await runCompare(cfg, opts);
    expect(r.records.length).toBe(2 * COMPARE_MODELS.length);
    const preds = (model: string, seed: number) => r.records.find((x) => x.model === model && x.seed === seed)!.predictions!.pred.join(',');
    for (const m of COMPARE_MODELS)
      for (const s of [1, 2])
        expect(
          r.records.some((x) => x.model === m && x.seed === s),
          `${m} seed ${s}`,
        ).toBe(true);
    // models drawing random weights from the seed: the reservoirs, the ELM's hidden layer, the deep nets' initial weights
    for (const m of ['lsm', 'elm', 'cnn-bigru-att', 'acnn-mhsa']) expect(preds(m, 1), m).not.toBe(preds(m, 2));
    // a rerun into a fresh folder reproduces every seed's predictions
    const again = await runCompare({ ...cfg, models: ['elm'] }, { ...opts, out: join(root, 'again') });
    for (const rec of again.records) expect(rec.predictions!.pred.join(',')).toBe(preds(rec.model, rec.seed));
    const rows = compareRows(r.records, cfg);
    for (const row of rows) {
      expect(row.uarBySeed.map((s) => s.seed)).toEqual([1, 2]);
      expect(row.uarOverSeeds.mean).toBeCloseTo(row.uarBySeed.reduce((s, x) => s + x.uar, 0) / 2, 12);
    }
    await writeCompareReport(r.dir, r.records, cfg, r.dataset.name, { babbleSource: '', folds: r.folds, provenance: {} });
    const md = readFileSync(join(r.dir, 'compare.md'), 'utf8');
    const elm = rows.find((x) => x.model === 'elm')!;
    expect(md).toContain(`| elm | clean |`);
    expect(md).toContain(elm.uarBySeed.map((s) => (100 * s.uar).toFixed(1)).join(' / '));
  }, 120_000);
});
