/**
 * Listing of WAV files under a dataset root.
 *
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DatasetError } from '../../core/errors.js';

/** WAV files under `root` (recursively), as paths relative to it, sorted. */
export function listWavs(root: string, recursive = true): string[] {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new DatasetError(root, 'dataset folder does not exist');
  }
  if (!st.isDirectory()) throw new DatasetError(root, 'not a folder');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory() && recursive) walk(p);
      else if (e.isFile() && /\.wav$/i.test(e.name)) out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

/** File name without folders and extension. */
export function stem(rel: string): string {
  return rel.replace(/^.*[\\/]/, '').replace(/\.wav$/i, '');
}

/** Id of a file: its relative path without extension, with forward slashes. */
export function idOf(rel: string): string {
  return rel.replace(/\\/g, '/').replace(/\.wav$/i, '');
}
