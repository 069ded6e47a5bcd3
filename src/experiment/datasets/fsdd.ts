/**
 * Free Spoken Digit Dataset: `D_speaker_i.wav` (digit, speaker, take).
 *
 * @module
 */
import { join } from 'node:path';
import { makeDataset, type Dataset, type Utterance } from '../manifest.js';
import { idOf, listWavs, rejectFile, stem } from './walk.js';
import type { LoaderOptions } from './options.js';

/** Load an FSDD folder. `text` holds the take number (the official split tests takes 0-4). */
export function loadFsdd(root: string, options: LoaderOptions = {}): Dataset {
  const utts: Utterance[] = [];
  const skipped: string[] = [];
  for (const rel of listWavs(root)) {
    const m = /^(\d)_([A-Za-z]+)_(\d+)$/.exec(stem(rel));
    const file = join(root, rel);
    if (!m) {
      rejectFile(options.strict, skipped, root, rel, "name does not fit FSDD's D_speaker_i.wav scheme (e.g. 3_george_12.wav)");
      continue;
    }
    utts.push({ id: idOf(rel), file, label: m[1]!, speaker: m[2]!, text: m[3]! });
  }
  return makeDataset('fsdd', root, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], utts, skipped);
}
