/**
 * RAVDESS speech (Livingstone & Russo 2018): `Actor_XX/03-01-EE-II-SS-RR-AA.wav`
 * (modality 03 = audio only, channel 01 = speech, emotion EE, actor AA: odd = male).
 *
 * @module
 */
import { join } from 'node:path';
import { makeDataset, type Dataset, type Utterance } from '../manifest.js';
import { idOf, listWavs, rejectFile, stem } from './walk.js';
import type { LoaderOptions } from './options.js';
import { codeTable, loaderLabels } from './labels.js';

const EMO = codeTable('ravdess');

/** Load a RAVDESS folder (speech files only; song files are skipped and reported). */
export function loadRavdess(root: string, options: LoaderOptions = {}): Dataset {
  const utts: Utterance[] = [];
  const skipped: string[] = [];
  for (const rel of listWavs(root)) {
    const file = join(root, rel);
    const m = /^(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)$/.exec(stem(rel));
    if (!m) {
      rejectFile(options.strict, skipped, root, rel, "name does not fit RAVDESS's MM-VC-EE-II-SS-RR-AA.wav scheme (e.g. 03-01-05-01-02-01-12.wav)");
      continue;
    }
    if (m[2] !== '01') {
      skipped.push(rel);
      continue;
    }
    const label = EMO[m[3]!];
    if (!label) {
      rejectFile(options.strict, skipped, root, rel, `unknown emotion code "${m[3]}" (known: 01-08)`);
      continue;
    }
    const actor = m[7]!;
    utts.push({ id: idOf(rel), file, label, speaker: actor, gender: Number(actor) % 2 === 1 ? 'm' : 'f', text: m[5]! });
  }
  return makeDataset('ravdess', root, loaderLabels('ravdess'), utts, skipped);
}
