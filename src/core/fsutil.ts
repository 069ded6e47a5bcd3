/**
 * File helpers: atomic writes (write to a temporary file in the same folder, fsync it, rename
 * it into place, fsync the folder), so an interrupted run or a power loss never leaves a
 * half-written or empty result or cache entry under the final name; errors name the path.
 *
 * @module
 */
import {
  type Dirent,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  writeSync,
  existsSync,
  readFileSync,
  unlinkSync,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** fsync the file before the rename and the folder after it (default true; false only for measurements). */
  readonly fsync?: boolean;
}

/** A file-system error with the path in its message (Node's write errors, e.g. ENOSPC, name none); code and syscall kept. */
function withPath(e: unknown, path: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.code !== 'string' || err.message.includes(path)) return e;
  return Object.assign(new Error(`${path}: ${err.message}`, { cause: e }), { code: err.code, syscall: err.syscall, errno: err.errno, path });
}

/** Write `data` to `path` atomically and durably (creates parent folders); errors name `path`. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  const sync = options.fsync ?? true;
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    if (sync) fsyncFolder(dir);
  } catch (e) {
    try {
      if (existsSync(tmp)) unlinkSync(tmp);
    } catch {
      /* ignore cleanup failure */
    }
    throw withPath(e, path);
  }
}

/** fsync a folder (makes a rename in it durable); folders that cannot be opened for it are skipped. */
function fsyncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    /* some file systems refuse fsync on folders: the rename stays atomic */
  } finally {
    closeSync(fd);
  }
}

/** Name pattern of {@link writeFileAtomic}'s temporary files. */
export const ATOMIC_TEMP = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Seconds a temporary file must predate a run before that run removes it (a margin for a concurrent writer). */
export const STALE_TEMP_MARGIN_S = 60;

/**
 * Remove the temporary files of interrupted atomic writes in `dir` (and, with `depth` > 0, its
 * subfolders to that depth) last modified before `before` (ms since the epoch) minus
 * {@link STALE_TEMP_MARGIN_S}; returns the paths removed. A missing folder removes nothing.
 */
export function removeStaleTemps(dir: string, before: number, depth = 0): string[] {
  const out: string[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  const limit = before - STALE_TEMP_MARGIN_S * 1000;
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory() && depth > 0) out.push(...removeStaleTemps(p, before, depth - 1));
    else if (e.isFile() && ATOMIC_TEMP.test(e.name)) {
      try {
        if (statSync(p).mtimeMs < limit) {
          unlinkSync(p);
          out.push(p);
        }
      } catch {
        /* gone meanwhile */
      }
    }
  }
  return out;
}

/** When this process started, in ms since the epoch (the "run" that stale temporary files predate). */
export function processStartMs(): number {
  return Date.now() - process.uptime() * 1000;
}

/** Write a value as pretty JSON atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** Read and parse a JSON file; errors name the file. */
export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read (${(e as Error).message})`, { cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
}

/** Hex SHA-256 of strings and byte arrays, in order (a content address). */
export function sha256(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' ? Buffer.from(p, 'utf8') : p);
    h.update('\u0000');
  }
  return h.digest('hex');
}

/** A JSON string with object keys sorted, so equal values hash equally. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** The JSON values of a JSON-lines file, in order (none when missing; unparsable lines skipped: atomic writes leave no torn lines). */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // skip anything unparsable
    }
  }
  return out;
}
