/**
 * What every result file records: package version, git commit (when run from a checkout),
 * Node version and platform.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Package version of lsm-ser, read from its package.json. */
export const VERSION: string = (() => {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const up of ['../..', '..', '../../..']) {
      try {
        const pkg = JSON.parse(readFileSync(join(here, up, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'lsm-ser' && pkg.version) return pkg.version;
      } catch {
        /* try the next level */
      }
    }
  } catch {
    /* fall through */
  }
  return '0.0.0-unknown';
})();

let commitCache: string | null | undefined;

/** The git commit of the lsm-ser checkout (with `-dirty` when modified), or null outside git. */
export function gitCommit(): string | null {
  if (commitCache !== undefined) return commitCache;
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: here, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: here,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    commitCache = dirty ? `${sha}-dirty` : sha;
  } catch {
    commitCache = null;
  }
  return commitCache;
}

/** Provenance record stored in result and model files. */
export interface Provenance {
  readonly lsmSerVersion: string;
  readonly commit: string | null;
  readonly node: string;
  readonly platform: string;
  readonly createdAt: string;
}

/** The provenance of a result made now. */
export function provenance(): Provenance {
  return {
    lsmSerVersion: VERSION,
    commit: gitCommit(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    createdAt: new Date().toISOString(),
  };
}
