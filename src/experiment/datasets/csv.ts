/**
 * A generic CSV manifest (`file,label,speaker[,gender][,text]`, header row, `file` relative to
 * the manifest's folder or absolute); also the built-in synthetic corpus's format.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { DatasetError } from '../../core/errors.js';
import { makeDataset, type Dataset, type Utterance } from '../manifest.js';
import { idOf } from './walk.js';

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** Load a CSV manifest: `path` is the CSV file or a folder holding `manifest.csv`. */
export function loadCsvManifest(path: string, name = 'csv', labelOrder?: readonly string[]): Dataset {
  let csv = path;
  if (existsSync(path) && statSync(path).isDirectory()) csv = join(path, 'manifest.csv');
  if (!existsSync(csv)) throw new DatasetError(csv, 'manifest not found (expected a CSV file with header file,label,speaker)');
  const lines = readFileSync(csv, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0);
  if (lines.length === 0) throw new DatasetError(csv, 'empty manifest');
  const header = splitCsvLine(lines[0]!).map((h) => h.toLowerCase());
  for (const col of ['file', 'label', 'speaker'])
    if (!header.includes(col)) throw new DatasetError(csv, `missing column "${col}" in the header (${header.join(',')})`);
  const col = (c: string) => header.indexOf(c);
  const root = dirname(csv);
  const utts: Utterance[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = splitCsvLine(lines[i]!);
    const rel = f[col('file')] ?? '';
    const file = isAbsolute(rel) ? rel : join(root, rel);
    if (!rel) throw new DatasetError(`${csv}:${i + 1}`, 'empty file column');
    if (!existsSync(file)) throw new DatasetError(`${csv}:${i + 1}`, `file ${file} does not exist`);
    const label = f[col('label')] ?? '';
    const speaker = f[col('speaker')] ?? '';
    if (!label || !speaker) throw new DatasetError(`${csv}:${i + 1}`, 'empty label or speaker');
    const g = col('gender') >= 0 ? (f[col('gender')] ?? '').toLowerCase() : '';
    if (g && g !== 'f' && g !== 'm') throw new DatasetError(`${csv}:${i + 1}`, `gender must be f or m, got "${g}"`);
    const text = col('text') >= 0 ? f[col('text')] : undefined;
    utts.push({ id: idOf(rel), file, label, speaker, ...(g ? { gender: g as 'f' | 'm' } : {}), ...(text ? { text } : {}) });
  }
  const labels = labelOrder ?? [...new Set(utts.map((u) => u.label))].sort();
  return makeDataset(name, root, labels, utts);
}
