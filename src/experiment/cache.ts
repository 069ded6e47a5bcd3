/**
 * A content-addressed feature cache: entries are keyed by a hash of (audio bytes, the
 * feature configuration, seed, version), written atomically with a checksum, in sharded
 * folders. A corrupt or truncated entry is a miss. The folder is safe to delete at any time.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { sha256, stableStringify, writeFileAtomic } from '../core/fsutil.js';

const MAGIC = 0x4c534d43; // "LSMC"

/** The cache key of an utterance's features (`seed` null when the features do not depend on it). */
export function cacheKey(parts: { audioHash: string; config: unknown; seed: number | null; version: string }): string {
  return sha256(parts.audioHash, stableStringify(parts.config), String(parts.seed), parts.version);
}

const fileHashes = new Map<string, { size: number; mtime: number; hash: string }>();

/** SHA-256 of a file's bytes, memoized by path, size and mtime. */
export function fileHash(path: string): string {
  const st = statSync(path);
  const memo = fileHashes.get(path);
  if (memo && memo.size === st.size && memo.mtime === st.mtimeMs) return memo.hash;
  const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
  fileHashes.set(path, { size: st.size, mtime: st.mtimeMs, hash });
  return hash;
}

/** A folder of cached Float64Array feature vectors. */
export class FeatureCache {
  readonly dir: string;
  hits = 0;
  misses = 0;
  constructor(dir: string) {
    this.dir = dir;
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.bin`);
  }

  /** The cached vector, or null when absent or corrupt. */
  get(key: string): Float64Array | null {
    const p = this.path(key);
    if (!existsSync(p)) {
      this.misses++;
      return null;
    }
    try {
      const buf = readFileSync(p);
      if (buf.length < 40) throw new Error('short');
      const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      if (view.getUint32(0, true) !== MAGIC) throw new Error('magic');
      const len = view.getUint32(4, true);
      if (buf.length !== 40 + 8 * len) throw new Error('size');
      const body = buf.subarray(40);
      const sum = createHash('sha256').update(body).digest();
      if (!sum.subarray(0, 32).equals(buf.subarray(8, 40))) throw new Error('checksum');
      this.hits++;
      const out = new Float64Array(len);
      new Uint8Array(out.buffer).set(body);
      return out;
    } catch {
      this.misses++;
      return null;
    }
  }

  /** Store a vector (atomic: temp file + rename). */
  put(key: string, v: Float64Array): void {
    const body = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    const buf = new Uint8Array(40 + body.length);
    const view = new DataView(buf.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, v.length, true);
    buf.set(createHash('sha256').update(body).digest(), 8);
    buf.set(body, 40);
    writeFileAtomic(this.path(key), buf);
  }
}
