/**
 * Writing a {@link DiagnoseReport}: `diagnose.json`, `diagnose.md` and SVG plots (firing-rate
 * histograms, memory curves, perturbation divergence).
 *
 * @module
 */
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../core/fsutil.js';
import { writeSvg } from '../plot/render.js';
import { barChartSpec, lineChartSpec } from '../plot/specs/common.js';
import { formatDistribution, type DiagnoseReport } from './diagnose.js';

/** The Markdown report. */
export function diagnoseMarkdown(r: DiagnoseReport): string {
  const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const lines = [
    `# Reservoir diagnostics: ${r.dataset}`,
    '',
    `Sample: ${r.sample.utterances} utterances (${f(r.sample.seconds, 1)} s of speech; seed ${r.sample.seed}), stratified by speaker (${Object.keys(r.sample.speakers).length}) and label (${Object.entries(
      r.sample.labels,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}). Wall time ${f(r.wallSeconds, 1)} s.`,
    '',
    '| metric | ' + r.roles.map((x) => x.role).join(' | ') + ' |',
    '|---|' + r.roles.map(() => '---|').join(''),
    `| neurons (E / I) | ${r.roles.map((x) => `${x.neurons} (${x.excitatory} / ${x.neurons - x.excitatory})`).join(' | ')} |`,
    `| E rate, Hz | ${r.roles.map((x) => formatDistribution(x.firing.excitatory.rates)).join(' | ')} |`,
    `| I rate, Hz | ${r.roles.map((x) => formatDistribution(x.firing.inhibitory.rates)).join(' | ')} |`,
    `| silent / saturated neurons | ${r.roles.map((x) => `${pct(x.firing.all.silentFraction)} / ${pct(x.firing.all.saturatedFraction)}`).join(' | ')} |`,
    `| ISI CV (E / I) | ${r.roles.map((x) => `${f(x.firing.excitatory.isiCv.mean)} / ${f(x.firing.inhibitory.isiCv.mean)}`).join(' | ')} |`,
    `| var(recurrent current) / var(input current) | ${r.roles.map((x) => f(x.currents.ratio, 3)).join(' | ')} |`,
    ...r.options.delays.map(
      (d, j) =>
        `| divergence at ${Math.round(d * 1000)} ms (unrelated) | ${r.roles.map((x) => `${f(x.divergence.distance[j]!)} (${f(x.divergence.unrelated[j]!)})`).join(' | ')} |`,
    ),
    `| divergence growth (last / first delay) | ${r.roles.map((x) => f(x.divergence.growth)).join(' | ')} |`,
    `| perturbation changed the state | ${r.roles.map((x) => `${pct(x.divergence.changed)} of ${x.divergence.trials}`).join(' | ')} |`,
    `| memory R^2 at 0 / 50 / 200 ms | ${r.roles.map((x) => [0, 0.05, 0.2].map((l) => f(x.memory.r2[x.memory.lags.findIndex((y) => Math.abs(y - l) < 1e-9)] ?? NaN)).join(' / ')).join(' | ')} |`,
    `| memory capacity, s | ${r.roles.map((x) => f(x.memory.capacity, 3)).join(' | ')} |`,
    `| kernel quality (rank of ${r.roles[0]?.kernelQuality.maxRank ?? 0} states) | ${r.roles.map((x) => `${x.kernelQuality.rank} (effective ${f(x.kernelQuality.effectiveRank, 1)})`).join(' | ')} |`,
    `| generalization rank (noisy variants) | ${r.roles.map((x) => `${x.generalizationRank.rank} (effective ${f(x.generalizationRank.effectiveRank, 1)})`).join(' | ')} |`,
    `| spread label / speaker (ratio) | ${r.roles.map((x) => `${f(x.spread.label, 3)} / ${f(x.spread.speaker, 3)} (${f(x.spread.ratio)})`).join(' | ')} |`,
    '',
    `All roles together: label spread ${f(r.spread.label, 3)}, speaker spread ${f(r.spread.speaker, 3)}, ratio ${f(r.spread.ratio)} (> 1: the features vary more with the emotion than with the speaker).`,
    '',
    'How to read this (details: docs/research-tools.md):',
    '- *silent / saturated*: no spike in the sample / at >= 90 % of the refractory-limited rate;',
    '- *current ratio*: 0 means the recurrence adds nothing to the input drive; >> 1, the network drives itself;',
    `- *divergence*: Euclidean distance between the filtered states of a run and its copy with ${r.options.perturbation} input units added to one channel for one frame at ${r.options.perturbAt} s; growth < 1 fades (ordered), ~1 edge of chaos, > 1 chaotic; "unrelated" is the distance between two different utterances;`,
    '- *memory*: held-out R^2 of a ridge decoder reading each input channel at the lag from the present state (averaged over channels), cross-validated across utterances; capacity = its integral over 0-1 s;',
    `- *kernel quality*: rank (singular values > ${r.options.rankTolerance} x the largest) of the states of different inputs (higher separates more); *generalization rank*: of noisy variants (std ${r.options.generalizationNoise}) of one input (lower generalizes better).`,
  ];
  return lines.join('\n') + '\n';
}

/** Write diagnose.json, diagnose.md, rates.svg, memory.svg and divergence.svg to `dir`; returns the paths. */
export async function writeDiagnoseReport(r: DiagnoseReport, dir: string): Promise<string[]> {
  const paths = ['diagnose.json', 'diagnose.md', 'rates.svg', 'memory.svg', 'divergence.svg'].map((p) => join(dir, p));
  writeJsonAtomic(paths[0]!, r);
  writeFileAtomic(paths[1]!, diagnoseMarkdown(r));
  const bins = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, Infinity];
  const binName = (k: number) => (bins[k + 1] === Infinity ? `>= ${bins[k]}` : `${bins[k]}-${bins[k + 1]}`);
  const rows = r.roles.flatMap((x) =>
    (['E', 'I'] as const).flatMap((pop) => {
      const rates = pop === 'E' ? x.rates.slice(0, x.excitatory) : x.rates.slice(x.excitatory);
      return bins.slice(0, -1).map((_, k) => ({
        category: binName(k),
        series: `${x.role} ${pop}`,
        value: (100 * rates.filter((v) => v >= bins[k]! && v < bins[k + 1]!).length) / Math.max(1, rates.length),
      }));
    }),
  );
  await writeSvg(paths[2]!, barChartSpec('Firing rates (share of neurons per bin)', rows, 'rate, Hz', '% of neurons'));
  await writeSvg(
    paths[3]!,
    lineChartSpec(
      'Memory curve (held-out R^2, mean over channels)',
      r.roles.flatMap((x) => x.memory.lags.map((l, k) => ({ x: 1000 * l, y: Number.isFinite(x.memory.r2[k]!) ? x.memory.r2[k]! : 0, series: x.role }))),
      'lag, ms',
      'R^2',
    ),
  );
  await writeSvg(
    paths[4]!,
    lineChartSpec(
      'Perturbation divergence (distance between filtered states)',
      r.roles.flatMap((x) =>
        x.divergence.delays.flatMap((d, k) => [
          { x: 1000 * d, y: x.divergence.distance[k]!, series: `${x.role}: perturbed copy` },
          { x: 1000 * d, y: x.divergence.unrelated[k]!, series: `${x.role}: unrelated utterance` },
        ]),
      ),
      'time after the perturbation, ms',
      'Euclidean distance',
    ),
  );
  return paths;
}
