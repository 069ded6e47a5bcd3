/**
 * CREMA-D: `1001_DFA_ANG_XX.wav` (actor, sentence, emotion, intensity); genders from
 * `VideoDemographics.csv` when it is in the folder (or its parent).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeDataset, type Dataset, type Utterance } from '../manifest.js';
import { idOf, listWavs, rejectFile, stem } from './walk.js';
import type { LoaderOptions } from './options.js';
import { codeTable, loaderLabels } from './labels.js';

const EMO = codeTable('cremad');

function genders(root: string): Map<string, 'f' | 'm'> {
  const out = new Map<string, 'f' | 'm'>();
  for (const p of [join(root, 'VideoDemographics.csv'), join(dirname(root), 'VideoDemographics.csv')]) {
    if (!existsSync(p)) continue;
    const lines = readFileSync(p, 'utf8').split(/\r?\n/);
    const head = (lines[0] ?? '').split(',').map((s) => s.trim().toLowerCase());
    const a = head.indexOf('actorid');
    const s = head.indexOf('sex');
    if (a < 0 || s < 0) continue;
    for (const l of lines.slice(1)) {
      const f = l.split(',').map((x) => x.trim());
      if (f[a]) out.set(f[a]!, (f[s] ?? '').toLowerCase().startsWith('f') ? 'f' : 'm');
    }
    break;
  }
  return out;
}

/** Load a CREMA-D folder (AudioWAV). */
export function loadCremad(root: string, options: LoaderOptions = {}): Dataset {
  const g = genders(root);
  const utts: Utterance[] = [];
  const skipped: string[] = [];
  for (const rel of listWavs(root)) {
    const file = join(root, rel);
    const m = /^(\d{4})_([A-Z]{3})_([A-Z]{3})_([A-Z]{2})$/.exec(stem(rel));
    if (!m) {
      rejectFile(options.strict, skipped, root, rel, "name does not fit CREMA-D's AAAA_SSS_EEE_II.wav scheme (e.g. 1001_DFA_ANG_XX.wav)");
      continue;
    }
    const label = EMO[m[3]!];
    if (!label) {
      rejectFile(options.strict, skipped, root, rel, `unknown emotion code "${m[3]}" (known: ${Object.keys(EMO).join(', ')})`);
      continue;
    }
    const gender = g.get(m[1]!);
    utts.push({ id: idOf(rel), file, label, speaker: m[1]!, text: m[2]!, ...(gender ? { gender } : {}) });
  }
  return makeDataset('cremad', root, loaderLabels('cremad'), utts, skipped);
}
