/**
 * Listing of WAV files under a dataset root.
 *
 * @module
 */
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';
import { DatasetError } from '../../core/errors.js';

/**
 * WAV files under `root` (recursively), as paths relative to it, sorted. Symbolic links are
 * followed (a linked file or folder counts like a real one; a folder reached twice through
 * links is listed once); a dangling link named *.wav is a DatasetError naming it.
 */
export function listWavs(root: string, recursive = true): string[] {
  let st: Stats;
  try {
    st = statSync(root);
  } catch {
    throw new DatasetError(root, 'dataset folder does not exist');
  }
  if (!st.isDirectory()) throw new DatasetError(root, 'not a folder');
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    const real = realpathSync(dir);
    if (seen.has(real)) return; // a link cycle, or a folder linked twice
    seen.add(real);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const t = statSync(p);
          isDir = t.isDirectory();
          isFile = t.isFile();
        } catch {
          if (/\.wav$/i.test(e.name)) throw new DatasetError(p, 'symbolic link to nothing (dangling link)');
          continue;
        }
      }
      if (isDir && recursive) walk(p);
      else if (isFile && /\.wav$/i.test(e.name)) out.push(relative(root, p));
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

/**
 * A file a loader cannot read: with `strict` a DatasetError naming it, else listed in
 * `skipped` as `rel (why)` for the run's report.
 */
export function rejectFile(strict: boolean | undefined, skipped: string[], root: string, rel: string, why: string): void {
  if (strict === true) throw new DatasetError(join(root, rel), why);
  skipped.push(rel);
}
