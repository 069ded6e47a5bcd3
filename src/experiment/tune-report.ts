/**
 * Writing the report of a search: `tune.md` and `tune.svg` (score against each parameter,
 * one panel per parameter, points coloured by rung).
 *
 * @module
 */
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../core/fsutil.js';
import { writeSvg } from '../plot/render.js';
import type { SearchResult, TuneSummary } from './tune.js';
import type { TuneSpace } from './tune-space.js';

/** A scatter of inner score (% UAR) against each parameter: one panel per parameter (log axis for log parameters). */
export function tuneScatterSpec(title: string, search: SearchResult, space: TuneSpace): TopLevelSpec {
  const names = Object.keys(space.parameters).sort();
  const rows = search.trials
    .filter((t) => !t.error)
    .map((t) => ({
      ...Object.fromEntries(names.map((n) => [n, typeof t.params[n] === 'number' ? t.params[n] : JSON.stringify(t.params[n])])),
      score: 100 * t.score,
      rung: `rung ${t.rung + 1} (${t.folds} fold${t.folds > 1 ? 's' : ''})`,
      trial: t.trial,
    }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: rows },
    hconcat: names.map((n) => {
      const spec = space.parameters[n]!;
      const numeric = !('choice' in spec) || spec.choice.every((v) => typeof v === 'number');
      return {
        width: 180,
        height: 180,
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          x: {
            field: n,
            type: numeric ? 'quantitative' : 'nominal',
            title: n,
            ...(numeric ? { scale: 'log' in spec ? { type: 'log' } : { zero: false } } : {}),
          },
          y: { field: 'score', type: 'quantitative', title: 'inner UAR, %', scale: { zero: false } },
          color: { field: 'rung', type: 'nominal', title: null },
          tooltip: [{ field: 'trial' }, { field: 'score' }],
        },
      };
    }),
  } as unknown as TopLevelSpec;
}

/** The Markdown report of a search summary. */
export function tuneMarkdown(s: TuneSummary, space: TuneSpace): string {
  const p = (x: number) => (100 * x).toFixed(1);
  const lines = [
    `# Search ${s.name} on ${s.dataset}`,
    '',
    `Budget ${s.budget} configurations; rungs of ${s.rungs.join(', ')} speaker-grouped inner folds (successive halving${space.halving === false ? ' off' : `, eta ${space.halving.eta}`}). Wall time of this invocation ${s.wallSeconds.toFixed(0)} s.${s.complete ? '' : ' **Incomplete** (a shard, or a run still to finish): run without --shard to merge.'}`,
    '',
  ];
  lines.push('Parameters:', '', ...Object.entries(space.parameters).map(([k, v]) => `- \`${k}\`: ${JSON.stringify(v)}`), '');
  if (s.search) {
    const last = s.search.rungs.length - 1;
    const top = s.search.trials.filter((t) => t.rung === last && !t.error).sort((a, b) => b.score - a.score || a.trial - b.trial);
    lines.push(
      `The inner score is the mean UAR over inner folds that split the training speakers (${s.search.innerFolds.map((g) => g.join(',')).join(' | ')}). It is optimistic for the chosen configuration (it was picked because it scored best); an honest estimate needs the nested search (\`--nested\`), whose outer folds score the choice on speakers the search never saw.`,
      '',
    );
    lines.push(
      '| trial | inner UAR % | folds | ' + Object.keys(space.parameters).sort().join(' | ') + ' |',
      '|---:|---:|---:|' +
        Object.keys(space.parameters)
          .map(() => '---|')
          .join(''),
    );
    for (const t of top)
      lines.push(
        `| ${t.trial} | ${p(t.score)} | ${t.folds} | ${Object.keys(space.parameters)
          .sort()
          .map((k) => JSON.stringify(t.params[k]))
          .join(' | ')} |`,
      );
    const failed = s.search.trials.filter((t) => t.error);
    if (failed.length) lines.push('', 'Failed trials:', ...failed.map((t) => `- trial ${t.trial} rung ${t.rung + 1}: ${t.error}`));
  }
  if (s.outer) {
    lines.push(
      `Nested over ${s.outer.protocol}: every outer fold searched on its own training speakers; the outer UAR scores its choice on its test speakers.`,
      '',
    );
    lines.push(
      `**Outer UAR ${p(s.outer.uar.mean)} +- ${p(s.outer.uar.std)} %** (WA ${p(s.outer.wa.mean)} +- ${p(s.outer.wa.std)} %); mean inner score of the chosen configurations ${p(s.outer.innerScore.mean)} % (the gap is the optimism of selecting on the inner score).`,
      '',
    );
    lines.push('| outer fold | chosen trial | inner UAR % | outer UAR % | params |', '|---|---:|---:|---:|---|');
    for (const r of s.outer.folds)
      lines.push(
        `| ${r.fold} | ${r.trial} | ${p(r.innerScore)} | ${p(r.uar)} | ${Object.entries(r.params)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(', ')} |`,
      );
  }
  if (s.bestConfigFile)
    lines.push('', `Best configuration: \`${s.bestConfigFile}\` (an experiment config for \`lsm-ser run\`) and \`best-lsm.yaml\` (the LSM config alone).`);
  return lines.join('\n') + '\n';
}

/** Write tune.md and (for a search on all speakers, or the first outer fold's) tune.svg. */
export async function writeTuneReport(s: TuneSummary, space: TuneSpace, searchForPlot: SearchResult | null): Promise<string[]> {
  const md = join(s.dir, 'tune.md');
  writeFileAtomic(md, tuneMarkdown(s, space));
  const out = [md];
  if (searchForPlot?.trials.length) {
    const svg = join(s.dir, 'tune.svg');
    await writeSvg(svg, tuneScatterSpec(`${s.name}: inner score against each parameter`, searchForPlot, space));
    out.push(svg);
  }
  return out;
}
