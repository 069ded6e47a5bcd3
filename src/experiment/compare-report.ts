/**
 * Tables and pictures of a comparison: one table per dataset and protocol (model, training,
 * UAR, WA, macro-F1 as mean +- std over folds and seeds, training time, inference time,
 * trainable parameters), the paired statistics of every pair of models with a ranked-interval
 * plot (see compare-stats), UAR against SNR per noise kind, the effect of augmentation, and
 * the published figures in a separate table.
 *
 * @module
 */
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../core/fsutil.js';
import { meanStd, type MeanStd } from '../readout/metrics.js';
import { barChartSpec } from '../plot/specs/common.js';
import { writeSvg, type TopLevelSpec } from '../plot/render.js';
import type { CompareRecord } from './compare.js';
import type { CompareConfig } from './compare-config.js';
import { LITERATURE } from './literature.js';
import { modelsWithoutPredictions, pairedMarkdown, pairedRows, rankedIntervalSpec, rankedIntervals, type PairedRow } from './compare-stats.js';

/** One row of the comparison table. */
export interface CompareRow {
  readonly model: string;
  readonly training: 'clean' | 'augmented';
  /** Fold results (all seeds). */
  readonly runs: number;
  readonly uar: MeanStd;
  readonly wa: MeanStd;
  readonly macroF1: MeanStd;
  readonly trainSeconds: number;
  /** Cold inference time (features included, no caches), ms per utterance; NaN when the records did not measure it cold. */
  readonly inferMsPerUtterance: number;
  readonly trainableParameters: number;
  /** Mean UAR per condition ('clean', 'white@10', ...). */
  readonly conditions: Record<string, number>;
  /** Clean UAR per seed (mean over that seed's folds), seeds ascending. */
  readonly uarBySeed: { readonly seed: number; readonly uar: number }[];
  /** Mean and std over seeds of {@link CompareRow.uarBySeed} (std 0 for one seed). */
  readonly uarOverSeeds: MeanStd;
}

/** Clean UAR per seed (mean over the seed's folds) of records sorted by seed. */
function uarBySeed(rs: readonly CompareRecord[]): { seed: number; uar: number }[] {
  const seeds = [...new Set(rs.map((r) => r.seed))].sort((a, b) => a - b);
  return seeds.map((seed) => ({ seed, uar: meanStd(rs.filter((r) => r.seed === seed).map((r) => r.conditions.clean!.uar)).mean }));
}

const ms = (v: number[]) => {
  const m = meanStd(v);
  return { mean: m.mean, std: m.std };
};

/** Rows per (model, training) in config order. */
export function compareRows(records: readonly CompareRecord[], cfg: CompareConfig): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const model of cfg.models) {
    for (const training of ['clean', 'augmented'] as const) {
      // a canonical order (seed, fold), so that sums do not depend on which shard wrote which record
      const rs = records
        .filter((r) => r.model === model && r.training === training)
        .sort((a, b) => a.seed - b.seed || (a.fold < b.fold ? -1 : a.fold > b.fold ? 1 : 0));
      if (rs.length === 0) continue;
      const conds = Object.keys(rs[0]!.conditions);
      rows.push({
        model,
        training,
        runs: rs.length,
        uar: ms(rs.map((r) => r.conditions.clean!.uar)),
        wa: ms(rs.map((r) => r.conditions.clean!.wa)),
        macroF1: ms(rs.map((r) => r.conditions.clean!.macroF1)),
        trainSeconds: meanStd(rs.map((r) => r.trainSeconds)).mean,
        inferMsPerUtterance: rs.every((r) => r.inferTiming === 'cold') ? meanStd(rs.map((r) => r.inferMsPerUtterance)).mean : NaN,
        trainableParameters: Math.round(meanStd(rs.map((r) => r.trainableParameters)).mean),
        conditions: Object.fromEntries(conds.map((c) => [c, meanStd(rs.map((r) => r.conditions[c]?.uar ?? NaN)).mean])),
        uarBySeed: uarBySeed(rs),
        uarOverSeeds: ms(uarBySeed(rs).map((s) => s.uar)),
      });
    }
  }
  return rows;
}

const pct = (m: MeanStd) => `${(100 * m.mean).toFixed(1)} +- ${(100 * m.std).toFixed(1)}`;

/** The Markdown report. */
export function compareMarkdown(
  rows: readonly CompareRow[],
  cfg: CompareConfig,
  datasetName: string,
  meta: { babbleSource: string; folds: number; notes?: readonly string[] },
  paired?: { readonly pairs: readonly PairedRow[]; readonly missing: readonly string[] },
  fallbacks: readonly string[] = [],
): string {
  const L: string[] = [];
  L.push(`# Comparison: ${cfg.name}`, '');
  L.push(
    `Dataset ${datasetName} (${cfg.dataset.path}), protocol ${cfg.protocol} (${meta.folds} folds), seeds ${cfg.seeds.join(', ')}, audio at ${cfg.rate} Hz. Every model saw the same clips, folds and seeds and was scored by the same code; mean +- std over folds x seeds.`,
    '',
  );
  if (meta.notes?.length) L.push('## Dataset', '', ...meta.notes.map((n) => `- ${n}`), '');
  L.push('## Measured (clean test audio)', '');
  L.push('| model | training | UAR % | WA % | macro-F1 % | UAR % per seed (mean +- std over seeds) | train s / fold | infer ms / utt | trainable params |');
  L.push('|---|---|---:|---:|---:|---|---:|---:|---:|');
  for (const r of rows)
    L.push(
      `| ${r.model} | ${r.training} | ${pct(r.uar)} | ${pct(r.wa)} | ${pct(r.macroF1)} | ${r.uarBySeed.map((s) => (100 * s.uar).toFixed(1)).join(' / ')} (${pct(r.uarOverSeeds)}) | ${r.trainSeconds.toFixed(1)} | ${Number.isNaN(r.inferMsPerUtterance) ? 'n/a' : r.inferMsPerUtterance.toFixed(2)} | ${r.trainableParameters.toLocaleString('en-US')} |`,
    );
  L.push('');
  L.push(
    'Train time includes feature extraction of the training utterances, but features are computed once per utterance and reused by later folds and models (LSM: content-addressed cache; MFCC statistics and log-mel spectrograms: in memory), so it is mostly the first fold that pays for them; inference time is measured on fresh copies of the clean test clips with every feature computed afresh (n/a: results written before cold timing existed; see bench/inference.ts). Trainable parameters: network weights for the deep models, output weights for the ELM, PCA components + support vectors x (dims + dual coefficients) for the SVM readouts.',
    '',
  );
  if (fallbacks.length > 0)
    L.push(
      `Inner model selection: the training part of ${fallbacks.join(', ')} had a single speaker, so C (and gamma) were chosen on stratified folds over its utterances instead of speaker-grouped folds (recorded as \`info.innerCv\` in results.jsonl).`,
      '',
    );
  if (paired) L.push(...pairedMarkdown(paired.pairs, paired.missing));
  if (cfg.noise) {
    const snrs = [...cfg.noise.snrDb].sort((a, b) => b - a);
    L.push('## Noise robustness: UAR % by SNR', '');
    L.push(
      `Test utterances mixed with noise at the given SNR (power over the whole utterance; babble: 4 talkers from ${meta.babbleSource || 'the test fold'}); seeded, the same noisy audio for every model.`,
      '',
    );
    for (const kind of cfg.noise.kinds) {
      L.push(`### ${kind}`, '');
      L.push(`| model | training | clean | ${snrs.map((s) => `${s} dB`).join(' | ')} |`);
      L.push(`|---|---|---:|${snrs.map(() => '---:').join('|')}|`);
      for (const r of rows)
        L.push(
          `| ${r.model} | ${r.training} | ${(100 * r.conditions.clean!).toFixed(1)} | ${snrs.map((s) => (100 * (r.conditions[`${kind}@${s}`] ?? NaN)).toFixed(1)).join(' | ')} |`,
        );
      L.push('');
    }
  }
  if (cfg.augmentation) {
    L.push('## Effect of training-set augmentation', '');
    L.push(
      `${cfg.augmentation.copies} augmented cop${cfg.augmentation.copies === 1 ? 'y' : 'ies'} per training utterance, each one of: ${cfg.augmentation.kinds.join(', ')} (noise ${cfg.augmentation.snrDb.join('-')} dB SNR white/pink/babble of other training speakers; speed x${cfg.augmentation.speed.join('-')}; source-filter prosody: F0 ${cfg.augmentation.semitones.join(' to ')} semitones, energy ${cfg.augmentation.gainDb.join(' to ')} dB through the unchanged vocal tract).`,
      '',
    );
    L.push('| model | clean UAR %: plain -> augmented | mean noisy UAR %: plain -> augmented |');
    L.push('|---|---|---|');
    for (const m of cfg.models) {
      const a = rows.find((r) => r.model === m && r.training === 'clean');
      const b = rows.find((r) => r.model === m && r.training === 'augmented');
      if (!a || !b) continue;
      const noisy = (r: CompareRow) => {
        const v = Object.entries(r.conditions)
          .filter(([k]) => k !== 'clean')
          .map(([, u]) => u);
        return v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN;
      };
      const d = (x: number, y: number) => `${(100 * x).toFixed(1)} -> ${(100 * y).toFixed(1)} (${y >= x ? '+' : ''}${(100 * (y - x)).toFixed(1)})`;
      L.push(`| ${m} | ${d(a.uar.mean, b.uar.mean)} | ${cfg.noise ? d(noisy(a), noisy(b)) : 'n/a'} |`);
    }
    L.push('');
  }
  const lit = LITERATURE.filter((l) => l.dataset === cfg.dataset.name);
  L.push('## Published figures (NOT measured here; other protocols and data)', '');
  if (lit.length === 0) L.push('None recorded for this dataset.', '');
  else {
    L.push('| system | figure | protocol | source |', '|---|---|---|---|');
    for (const l of lit) L.push(`| ${l.system} | ${l.figure} | ${l.protocol} | ${l.source} |`);
    L.push('', 'Our Emo-DB copy is a modified 2-s version (see its PROVENANCE.md): figures on it are not comparable with full-length Emo-DB results.', '');
  }
  return L.join('\n');
}

/** Bar chart of clean UAR (mean over folds x seeds) per model and training. */
export function compareChartSpec(rows: readonly CompareRow[], title: string): TopLevelSpec {
  return barChartSpec(
    title,
    rows.map((r) => ({ category: r.model, series: r.training, value: Math.round(1000 * r.uar.mean) / 10 })),
    'model',
    'UAR % (clean)',
  );
}

/** UAR against SNR, one panel per noise kind, one line per model (and training). */
export function noiseChartSpec(rows: readonly CompareRow[], cfg: CompareConfig, title: string): TopLevelSpec {
  const values: { kind: string; snr: number; uar: number; model: string }[] = [];
  if (cfg.noise) {
    const top = Math.max(...cfg.noise.snrDb) + 10;
    for (const kind of cfg.noise.kinds) {
      for (const r of rows) {
        const model = r.training === 'clean' ? r.model : `${r.model} (augmented)`;
        values.push({ kind, snr: top, uar: Math.round(1000 * r.conditions.clean!) / 10, model });
        for (const s of cfg.noise.snrDb) values.push({ kind, snr: s, uar: Math.round(1000 * (r.conditions[`${kind}@${s}`] ?? NaN)) / 10, model });
      }
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: cfg.noise ? `rightmost point = clean (drawn at ${Math.max(...cfg.noise.snrDb) + 10} dB)` : '' },
    data: { values },
    facet: { column: { field: 'kind', type: 'nominal', title: 'noise' } },
    spec: {
      width: 220,
      height: 200,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'snr', type: 'quantitative', title: 'SNR (dB)' },
        y: { field: 'uar', type: 'quantitative', title: 'UAR %', scale: { zero: false } },
        color: { field: 'model', type: 'nominal' },
      },
    },
  } as unknown as TopLevelSpec;
}

/**
 * The model / fold / seed triples whose inner model selection fell back to stratified folds over
 * utterances because the training part had one speaker (`info.innerCv`), as `model (fold, seed N)`.
 */
export function innerCvFallbacks(records: readonly CompareRecord[]): string[] {
  return records.filter((r) => r.info.innerCv === 'stratified-one-group').map((r) => `${r.model} (${r.fold}, seed ${r.seed})`);
}

/** Write compare.json, compare.md, compare.svg, ranked.svg (when there are pairs) and noise.svg into `dir`. */
export async function writeCompareReport(
  dir: string,
  records: readonly CompareRecord[],
  cfg: CompareConfig,
  datasetName: string,
  meta: { babbleSource: string; folds: number; provenance: unknown; notes?: readonly string[] },
): Promise<{ rows: CompareRow[]; pairs: PairedRow[]; markdown: string }> {
  const rows = compareRows(records, cfg);
  const pairs = pairedRows(records, cfg.models);
  const missing = modelsWithoutPredictions(records, cfg.models);
  const markdown = compareMarkdown(rows, cfg, datasetName, meta, { pairs, missing }, innerCvFallbacks(records));
  writeJsonAtomic(join(dir, 'compare.json'), {
    name: cfg.name,
    dataset: datasetName,
    protocol: cfg.protocol,
    seeds: cfg.seeds,
    rate: cfg.rate,
    rows,
    pairs,
    literature: LITERATURE.filter((l) => l.dataset === cfg.dataset.name),
    babbleSource: meta.babbleSource,
    ...(meta.notes?.length ? { datasetNotes: meta.notes } : {}),
    provenance: meta.provenance,
  });
  writeFileAtomic(join(dir, 'compare.md'), markdown);
  await writeSvg(join(dir, 'compare.svg'), compareChartSpec(rows, `${cfg.name}: UAR on clean test audio`));
  if (pairs.length)
    await writeSvg(join(dir, 'ranked.svg'), rankedIntervalSpec(rankedIntervals(pairs), `${cfg.name}: UAR with 95 % interval vs the best model`));
  if (cfg.noise) await writeSvg(join(dir, 'noise.svg'), noiseChartSpec(rows, cfg, `${cfg.name}: UAR vs SNR`));
  return { rows, pairs, markdown };
}
