/**
 * SAVEE: `DC_a01.wav` or `DC/a01.wav` (speakers DC, JE, JK, KL, all male; a anger,
 * d disgust, f fear, h happiness, n neutral, sa sadness, su surprise).
 *
 * @module
 */
import { join } from 'node:path';
import { makeDataset, type Dataset, type Utterance } from '../manifest.js';
import { idOf, listWavs, rejectFile } from './walk.js';
import type { LoaderOptions } from './options.js';
import { codeTable, loaderLabels } from './labels.js';

const EMO = codeTable('savee');

/** Load a SAVEE folder. */
export function loadSavee(root: string, options: LoaderOptions = {}): Dataset {
  const utts: Utterance[] = [];
  const skipped: string[] = [];
  for (const rel of listWavs(root)) {
    const file = join(root, rel);
    const norm = rel.replace(/\\/g, '/').replace(/\.wav$/i, '');
    const m = /(?:^|\/)(DC|JE|JK|KL)[_/]([a-z]{1,2})(\d\d)$/.exec(norm);
    if (!m) {
      rejectFile(options.strict, skipped, root, rel, "name does not fit SAVEE's SPK_eNN.wav or SPK/eNN.wav scheme (e.g. DC_a01.wav)");
      continue;
    }
    const label = EMO[m[2]!];
    if (!label) {
      rejectFile(options.strict, skipped, root, rel, `unknown emotion code "${m[2]}" (known: ${Object.keys(EMO).join(', ')})`);
      continue;
    }
    utts.push({ id: idOf(rel), file, label, speaker: m[1]!, gender: 'm', text: m[3]! });
  }
  return makeDataset('savee', root, loaderLabels('savee'), utts, skipped);
}
