/**
 * TESS (Toronto emotional speech set): `OAF_angry/OAF_back_angry.wav`; speakers OAF and YAF,
 * both female; `ps` = pleasant surprise.
 *
 * @module
 */
import { join } from 'node:path';
import { DatasetError } from '../../core/errors.js';
import { makeDataset, type Dataset, type Utterance } from '../manifest.js';
import { idOf, listWavs, stem } from './walk.js';
import type { LoaderOptions } from './options.js';

const EMO: Record<string, string> = { angry: 'angry', disgust: 'disgust', fear: 'fear', happy: 'happy', neutral: 'neutral', ps: 'pleasant_surprise', sad: 'sad' };

/** Load a TESS folder. */
export function loadTess(root: string, options: LoaderOptions = {}): Dataset {
  const utts: Utterance[] = [];
  const skipped: string[] = [];
  for (const rel of listWavs(root)) {
    const file = join(root, rel);
    const m = /^(OAF|YAF)_([a-z]+)_([a-z_]+)$/i.exec(stem(rel));
    if (!m) {
      if (options.strict === false) {
        skipped.push(rel);
        continue;
      }
      throw new DatasetError(file, 'name does not fit TESS\'s SPK_word_emotion.wav scheme (e.g. OAF_back_angry.wav)');
    }
    const label = EMO[m[3]!.toLowerCase()];
    if (!label) throw new DatasetError(file, `unknown emotion "${m[3]}" (known: ${Object.keys(EMO).join(', ')})`);
    utts.push({ id: idOf(rel), file, label, speaker: m[1]!.toUpperCase(), gender: 'f', text: m[2]!.toLowerCase() });
  }
  return makeDataset('tess', root, Object.values(EMO), utts, skipped);
}
