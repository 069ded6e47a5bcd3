/**
 * Emo-DB (Burkhardt et al. 2005), including the 2-s copy in `../shared/data/emodb-2s`:
 * file names `SSTTTEv.wav` (speaker, text, emotion letter, version).
 *
 * @module
 */
import { join } from 'node:path';
import { makeDataset, type Dataset, type Utterance } from '../manifest.js';
import { idOf, listWavs, rejectFile, stem } from './walk.js';
import type { LoaderOptions } from './options.js';
import { codeTable, loaderLabels } from './labels.js';

/** Emotion letters (German initials) to labels. */
export const EMODB_EMOTIONS: Readonly<Record<string, string>> = codeTable('emodb');
/** Speaker genders from the Emo-DB documentation. */
export const EMODB_GENDERS: Readonly<Record<string, 'f' | 'm'>> = {
  '03': 'm',
  '08': 'f',
  '09': 'f',
  '10': 'm',
  '11': 'm',
  '12': 'm',
  '13': 'f',
  '14': 'f',
  '15': 'm',
  '16': 'f',
};

/** Load an Emo-DB folder. */
export function loadEmodb(root: string, options: LoaderOptions = {}): Dataset {
  const utts: Utterance[] = [];
  const skipped: string[] = [];
  for (const rel of listWavs(root)) {
    const m = /^(\d\d)([a-z]\d\d)([A-Z])([a-z])$/.exec(stem(rel));
    const file = join(root, rel);
    if (!m) {
      rejectFile(options.strict, skipped, root, rel, "name does not fit Emo-DB's SSTTTEv.wav scheme (e.g. 03a01Wa.wav)");
      continue;
    }
    const label = EMODB_EMOTIONS[m[3]!];
    if (!label) {
      rejectFile(options.strict, skipped, root, rel, `unknown emotion letter "${m[3]}" (known: ${Object.keys(EMODB_EMOTIONS).join(', ')})`);
      continue;
    }
    const gender = EMODB_GENDERS[m[1]!];
    utts.push({ id: idOf(rel), file, label, speaker: m[1]!, text: m[2]!, ...(gender ? { gender } : {}) });
  }
  return makeDataset('emodb', root, loaderLabels('emodb'), utts, skipped);
}
