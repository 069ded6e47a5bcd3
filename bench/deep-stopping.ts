/**
 * Early-stopping rules of the deep recipe, checked on stored compare results
 * (docs/deep-baselines.md, "Choosing the stopping rule").
 *
 *   npx tsx bench/deep-stopping.ts replay bench/results/compare-emodb-loso-deep-cnn-seed1
 *     which epoch each rule would keep on each fold of the folder's training histories, and
 *     after which epoch it would stop (or "still running" where the stored history ends first:
 *     a history ends where the run's own rule stopped it). The records hold no per-epoch test
 *     UAR, so the fold's test UAR is known only for the epoch the run itself kept.
 *
 *   npx tsx bench/deep-stopping.ts paired <results folder A> <results folder B> [model]
 *     paired statistics of the same model in two runs (A - B) on the utterances both predicted:
 *     pooled UAR, paired bootstrap 95 % CI, sign and Wilcoxon tests over speakers
 *     (src/experiment/compare-stats.ts), plus per-fold UAR, epochs run and kept epoch.
 */
import { basename } from 'node:path';
import { replayStopping, type StoppingRule } from '../src/baselines/deep/early-stopping.js';
import type { TrainingEpoch } from '../src/baselines/deep/deep-model.js';
import { readCompareRecords, type CompareRecord } from '../src/experiment/compare.js';
import { pairedMarkdown, pairedRows } from '../src/experiment/compare-stats.js';
import { meanStd } from '../src/readout/metrics.js';

/** The rules compared on the stored histories (patience and minEpochs in epochs). */
const RULES: readonly (StoppingRule & { name: string })[] = [
  { name: 'uar, patience 15 (round 12)', monitor: 'uar', patience: 15, minEpochs: 1 },
  { name: 'uar, patience 15, min 30', monitor: 'uar', patience: 15, minEpochs: 30 },
  { name: 'uar, patience 30', monitor: 'uar', patience: 30, minEpochs: 1 },
  { name: 'loss, patience 15', monitor: 'loss', patience: 15, minEpochs: 1 },
  { name: 'loss, patience 15, min 30 (round 13)', monitor: 'loss', patience: 15, minEpochs: 30 },
];

const pct = (x: number) => (100 * x).toFixed(1);
const cleanRecords = (dir: string, model?: string) =>
  readCompareRecords(dir)
    .filter((r) => r.training === 'clean' && (!model || r.model === model))
    .sort((a, b) => a.model.localeCompare(b.model) || a.seed - b.seed || a.fold.localeCompare(b.fold));
const historyOf = (r: CompareRecord) => (r.info?.['history'] ?? []) as TrainingEpoch[];

function replay(dir: string): void {
  const L: string[] = [];
  L.push(`Stopping rules replayed on ${dir} (kept epoch / stopped after; "run >N": still running where the stored history ends)`, '');
  L.push(
    `| model | seed | fold | epochs stored | min val. loss at | max val. UAR at | test UAR % at the run's kept epoch (${'kept'}) | ${RULES.map((r) => r.name).join(' | ')} |`,
  );
  L.push(`|---|---:|---|---:|---:|---:|---|${RULES.map(() => '---').join('|')}|`);
  for (const r of cleanRecords(dir)) {
    const h = historyOf(r);
    if (h.length === 0) continue;
    const argBest = (f: (e: TrainingEpoch) => number) => h.reduce((b, e) => (f(e) < f(h[b - 1]!) ? e.epoch : b), 1);
    const cells = RULES.map((rule) => {
      const s = replayStopping(h, rule);
      return s.stoppedAt === null ? `${s.keptEpoch}+ / run >${h.length}` : `${s.keptEpoch} / ${s.stoppedAt}`;
    });
    L.push(
      `| ${r.model} | ${r.seed} | ${r.fold} | ${h.length} | ${argBest((e) => e.valLoss!)} | ${argBest((e) => -e.valUar!)} | ${pct(r.conditions['clean']!.uar)} (${String(r.info?.['bestEpoch'])}) | ${cells.join(' | ')} |`,
    );
  }
  console.log(L.join('\n'));
}

function paired(dirA: string, dirB: string, model?: string): void {
  const a = cleanRecords(dirA, model);
  const b = cleanRecords(dirB, model);
  const tagA = basename(dirA);
  const tagB = basename(dirB);
  const L: string[] = [
    `| model | seed | fold | UAR % ${tagA} | UAR % ${tagB} | epochs run (A / B) | kept epoch (A / B) | train s (A / B) |`,
    '|---|---:|---|---:|---:|---|---|---|',
  ];
  const both: [CompareRecord, CompareRecord][] = [];
  for (const ra of a) {
    const rb = b.find((x) => x.model === ra.model && x.seed === ra.seed && x.fold === ra.fold);
    if (!rb) continue;
    both.push([ra, rb]);
    const i = (r: CompareRecord, k: string) => String(r.info?.[k]);
    L.push(
      `| ${ra.model} | ${ra.seed} | ${ra.fold} | ${pct(ra.conditions['clean']!.uar)} | ${pct(rb.conditions['clean']!.uar)} | ${i(ra, 'epochsRun')} / ${i(rb, 'epochsRun')} | ${i(ra, 'bestEpoch')} / ${i(rb, 'bestEpoch')} | ${ra.trainSeconds.toFixed(0)} / ${rb.trainSeconds.toFixed(0)} |`,
    );
  }
  const ms = (rs: CompareRecord[]) => meanStd(rs.map((r) => r.conditions['clean']!.uar));
  const [ma, mb] = [ms(both.map((p) => p[0])), ms(both.map((p) => p[1]))];
  L.push(`| **mean of ${both.length} folds** | | | **${pct(ma.mean)} +- ${pct(ma.std)}** | **${pct(mb.mean)} +- ${pct(mb.std)}** | | | |`, '');
  // the same model of the two runs as two "models" of one comparison
  // (the model names become free text here: the record type only knows the compare models' names)
  const rename = (rs: CompareRecord[], tag: string) => rs.map((r) => ({ ...r, model: `${r.model} (${tag})` }) as unknown as CompareRecord);
  const recs = [
    ...rename(
      both.map((p) => p[0]),
      tagA,
    ),
    ...rename(
      both.map((p) => p[1]),
      tagB,
    ),
  ];
  const models = [...new Set(both.map((p) => p[0].model))];
  const rows = models.flatMap((m) => pairedRows(recs, [`${m} (${tagA})`, `${m} (${tagB})`]));
  L.push(...pairedMarkdown(rows, []));
  console.log(L.join('\n'));
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'replay' && args[0]) replay(args[0]);
else if (cmd === 'paired' && args[0] && args[1]) paired(args[0], args[1], args[2]);
else {
  console.error('usage: npx tsx bench/deep-stopping.ts replay <results folder> | paired <results folder A> <results folder B> [model]');
  process.exit(2);
}
