/**
 * A content-addressed feature cache: entries are keyed by a hash of (audio bytes, the
 * feature configuration, seed, version, and a digest of the networks and input couplings
 * actually simulated), written atomically with a checksum bound to the key, in sharded
 * folders. A corrupt or truncated entry, or an entry stored under another key (a swapped
 * file), is a miss. The folder is safe to delete at any time.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { processStartMs, removeStaleTemps, sha256, stableStringify, writeFileAtomic } from '../core/fsutil.js';

const MAGIC = 0x4c534d43; // "LSMC"

/**
 * The cache key of an utterance's features (`seed` null when the features do not depend on
 * it; `network`: {@link reservoirsDigest} of the reservoirs that simulate, so that a model
 * whose stored networks differ from what its config would build never shares entries with it).
 */
export function cacheKey(parts: { audioHash: string; config: unknown; seed: number | null; version: string; network?: string }): string {
  return sha256(parts.audioHash, stableStringify(parts.config), String(parts.seed), parts.version, parts.network ?? '');
}

/** Anything with a network and an input coupling made of numbers, strings and typed arrays (a LifReservoir). */
interface Simulated {
  readonly network: object;
  readonly coupling: object | null;
}

const digests = new WeakMap<object, string>();
const swept = new Set<string>();

/**
 * SHA-256 of the networks and input couplings of the reservoirs by role (every field: typed
 * arrays by their bytes, other values as sorted JSON), in role order; memoized per reservoir
 * object, so a run hashes each network once, not once per utterance.
 */
export function reservoirsDigest(reservoirs: Readonly<Record<string, Simulated | undefined>>): string {
  const h = createHash('sha256');
  for (const role of Object.keys(reservoirs).sort()) {
    const r = reservoirs[role];
    if (!r) continue;
    let d = digests.get(r);
    if (d === undefined) {
      const rh = createHash('sha256');
      hashValue(rh, { network: r.network, coupling: r.coupling });
      d = rh.digest('hex');
      digests.set(r, d);
    }
    h.update(`${role}\u0000${d}\u0000`);
  }
  return h.digest('hex');
}

function hashValue(h: ReturnType<typeof createHash>, v: unknown): void {
  if (ArrayBuffer.isView(v)) {
    h.update(`<${v.constructor.name}:${v.byteLength}>`);
    h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  } else if (Array.isArray(v)) {
    h.update('[');
    for (const x of v) hashValue(h, x);
    h.update(']');
  } else if (v !== null && typeof v === 'object') {
    h.update('{');
    for (const k of Object.keys(v).sort()) {
      h.update(JSON.stringify(k));
      hashValue(h, (v as Record<string, unknown>)[k]);
    }
    h.update('}');
  } else h.update(`${JSON.stringify(v) ?? 'undefined'},`);
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

/** The checksum of an entry: SHA-256 of its key and its body, so an entry moved under another key fails it. */
function entryChecksum(key: string, body: Uint8Array): Buffer {
  return createHash('sha256').update(key, 'utf8').update('\u0000').update(body).digest();
}

/** A folder of cached Float64Array feature vectors. */
export class FeatureCache {
  readonly dir: string;
  hits = 0;
  misses = 0;
  constructor(dir: string) {
    this.dir = dir;
    if (!swept.has(dir)) {
      swept.add(dir);
      removeStaleTemps(dir, processStartMs(), 1); // temporary files of writes interrupted before this process started
    }
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.bin`);
  }

  /** The cached vector, or null when absent, corrupt, or stored under another key. */
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
      const sum = entryChecksum(key, body);
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

  /** Store a vector (atomic: temp file + rename; not fsynced, since the checksum catches a torn entry). */
  put(key: string, v: Float64Array): void {
    const body = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    const buf = new Uint8Array(40 + body.length);
    const view = new DataView(buf.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, v.length, true);
    buf.set(entryChecksum(key, body), 8);
    buf.set(body, 40);
    // no fsync: an entry torn or emptied by a power loss fails its checksum and is a miss
    writeFileAtomic(this.path(key), buf, { fsync: false });
  }
}
