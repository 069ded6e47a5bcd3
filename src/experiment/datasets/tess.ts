/**
 * TESS (Toronto emotional speech set): `OAF_angry/OAF_back_angry.wav`; speakers OAF and YAF,
 * both female; `ps` = pleasant surprise. Quirk of the original release handled: one file,
 * `OAF_neutral/OA_bite_neutral.wav`, has the speaker prefix `OA` (read as OAF, and listed in
 * the dataset's `quirks`).
 *
 * @module
 */
import { join } from 'node:path';
import { makeDataset, type Dataset, type Utterance } from '../manifest.js';
import { idOf, listWavs, rejectFile, stem } from './walk.js';
import type { LoaderOptions } from './options.js';
import { codeTable, loaderLabels } from './labels.js';

const EMO = codeTable('tess');

/** Load a TESS folder. */
export function loadTess(root: string, options: LoaderOptions = {}): Dataset {
  const utts: Utterance[] = [];
  const skipped: string[] = [];
  const quirks: string[] = [];
  for (const rel of listWavs(root)) {
    const file = join(root, rel);
    const m = /^(OAF|YAF|OA)_([a-z]+)_([a-z_]+)$/i.exec(stem(rel));
    if (!m) {
      rejectFile(options.strict, skipped, root, rel, "name does not fit TESS's SPK_word_emotion.wav scheme (e.g. OAF_back_angry.wav)");
      continue;
    }
    const label = EMO[m[3]!.toLowerCase()];
    if (!label) {
      rejectFile(options.strict, skipped, root, rel, `unknown emotion "${m[3]}" (known: ${Object.keys(EMO).join(', ')})`);
      continue;
    }
    let speaker = m[1]!.toUpperCase();
    if (speaker === 'OA') {
      speaker = 'OAF'; // OA_bite_neutral.wav: a misspelled prefix in the original release
      quirks.push(`${rel}: speaker prefix OA read as OAF (a misspelling in the original TESS release)`);
    }
    utts.push({ id: idOf(rel), file, label, speaker, gender: 'f', text: m[2]!.toLowerCase() });
  }
  return makeDataset('tess', root, loaderLabels('tess'), utts, skipped, quirks);
}
