/**
 * `lsm-ser demo`: the main job on a fresh machine: synthesize the built-in corpus, evaluate
 * the default dual-reservoir LSM speaker-independently (leave-one-speaker-out), print UAR/WA
 * and the confusion matrix, and write a results folder with a confusion-matrix picture.
 *
 * @module
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeJsonAtomic } from '../../core/fsutil.js';
import { provenance } from '../../core/provenance.js';
import { synthesizeCorpus, writeCorpus } from '../../synth/corpus.js';
import { loadCsvManifest } from '../../experiment/datasets/csv.js';
import { evaluateProtocol } from '../../experiment/pipeline.js';
import { writeSvg } from '../../plot/render.js';
import { matrixHeatmapSpec } from '../../plot/specs/common.js';
import { formatConfusion } from './evaluate.js';
import { configFromFlags } from '../common.js';
import { progressBar } from '../progress-bar.js';
import { parseIntFlag, printJson, printLine } from '../io.js';

/** Register `demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('synthesize the built-in corpus, evaluate the default LSM leave-one-speaker-out, print UAR/WA and the confusion matrix')
    .option('--out <dir>', 'results folder', 'results/demo')
    .option('--corpus <dir>', 'where to write the synthetic corpus (default: a temporary folder)')
    .option('--seed <n>', 'seed of the corpus and the LSM (default: the --config seed, else 1)')
    .option('--speakers <n>', 'virtual speakers', '6')
    .option('--per-class <n>', 'utterances per emotion per speaker', '8')
    .option('--config <file>', 'LSM config (JSON or YAML)')
    .option('--json', 'print the summary as one JSON line')
    .action(async (o: { out: string; corpus?: string; seed?: string; speakers: string; perClass: string; config?: string; json?: boolean }) => {
      const t0 = performance.now();
      // --seed overrides a config's seed; without it the config's seed (default 1) seeds both
      const config = configFromFlags(o);
      const seed = config.seed;
      const corpusDir = o.corpus ?? join(tmpdir(), `lsm-ser-demo-corpus-${seed}`);
      const corpus = synthesizeCorpus({
        seed,
        speakers: parseIntFlag('--speakers', o.speakers, 2, 100),
        perClass: parseIntFlag('--per-class', o.perClass, 1, 1000),
      });
      writeCorpus(corpus, corpusDir);
      const ds = loadCsvManifest(corpusDir, 'synth', corpus.labels);
      const bar = progressBar();
      const res = await evaluateProtocol(ds, config, { kind: 'loso' }, { onProgress: bar });
      bar.done();
      const seconds = (performance.now() - t0) / 1000;
      const summary = {
        dataset: 'synth',
        protocol: 'loso',
        utterances: ds.utterances.length,
        uar: res.uar,
        wa: res.wa,
        macroF1: res.macroF1,
        labels: res.labels,
        confusion: res.pooled.confusion,
        folds: res.folds.map((f) => ({ fold: f.fold, uar: f.uar, wa: f.wa })),
        featureSeconds: res.featureSeconds,
        readoutSeconds: res.readoutSeconds,
        seconds,
        seed,
        backend: res.backend,
        provenance: provenance(),
      };
      writeJsonAtomic(join(o.out, 'summary.json'), summary);
      await writeSvg(
        join(o.out, 'confusion.svg'),
        matrixHeatmapSpec(`synthetic corpus, LOSO (pooled), UAR ${(res.uar.mean * 100).toFixed(1)} %`, res.pooled.confusion, res.labels, res.labels),
      );
      if (o.json) printJson(summary);
      else {
        printLine(`lsm-ser demo: ${ds.utterances.length} synthetic utterances, ${corpus.speakers.length} speakers, leave-one-speaker-out`);
        printLine(
          `UAR ${(res.uar.mean * 100).toFixed(1)} +- ${(res.uar.std * 100).toFixed(1)} %, WA ${(res.wa.mean * 100).toFixed(1)} +- ${(res.wa.std * 100).toFixed(1)} % (mean +- std over ${res.folds.length} folds)`,
        );
        printLine(formatConfusion(res.labels, res.pooled.confusion));
        printLine(
          `features ${res.featureSeconds.toFixed(1)} s, readout ${res.readoutSeconds.toFixed(1)} s, total ${seconds.toFixed(1)} s; wrote ${join(o.out, 'summary.json')} and confusion.svg`,
        );
      }
    });
}
