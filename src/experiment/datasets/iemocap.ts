/**
 * IEMOCAP: labels from `SessionN/dialog/EmoEvaluation/*.txt` lines
 * `[start - end]\tTURN\temo\t[V, A, D]`, audio in `SessionN/sentences/wav/<dialog>/<turn>.wav`.
 * The usual 4-class mapping: neu, ang, sad, hap + exc (merged into happy); other labels are
 * dropped. Speaker = session and the turn's gender letter (e.g. Ses01F).
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '../../core/errors.js';
import { makeDataset, type Dataset, type Utterance } from '../manifest.js';
import { codeTable, loaderLabels } from './labels.js';

const MAP = codeTable('iemocap');

/** Load an IEMOCAP root holding Session1..Session5. */
export function loadIemocap(root: string): Dataset {
  if (!existsSync(root)) throw new DatasetError(root, 'dataset folder does not exist');
  const sessions = readdirSync(root)
    .filter((d) => /^Session\d$/.test(d))
    .sort();
  if (sessions.length === 0) throw new DatasetError(root, 'no Session1..Session5 folders');
  const utts: Utterance[] = [];
  for (const s of sessions) {
    const evalDir = join(root, s, 'dialog', 'EmoEvaluation');
    if (!existsSync(evalDir)) throw new DatasetError(evalDir, 'missing EmoEvaluation folder');
    for (const f of readdirSync(evalDir)
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      const dialog = f.replace(/\.txt$/, '');
      for (const line of readFileSync(join(evalDir, f), 'utf8').split(/\r?\n/)) {
        const m = /^\[[\d.]+ - [\d.]+\]\t(\S+)\t(\S+)\t\[/.exec(line);
        if (!m) continue;
        const turn = m[1]!;
        const label = MAP[m[2]!];
        if (!label) continue;
        const g = /^Ses(\d\d)[FM]_.*_([FM])\d+$/.exec(turn);
        if (!g) throw new DatasetError(join(evalDir, f), `turn name "${turn}" does not fit SesNNX_..._G### `);
        const wav = join(root, s, 'sentences', 'wav', dialog, `${turn}.wav`);
        if (!existsSync(wav)) throw new DatasetError(wav, `listed in ${f} but missing`);
        utts.push({ id: `${s}/${turn}`, file: wav, label, speaker: `Ses${g[1]}${g[2]}`, gender: g[2] === 'F' ? 'f' : 'm', text: dialog });
      }
    }
  }
  return makeDataset('iemocap', root, loaderLabels('iemocap'), utts);
}
