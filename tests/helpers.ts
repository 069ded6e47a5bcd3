/** Shared test helpers: where the real data and the peer simulators are. */
import { existsSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

/** `$LSM_SER_DATA` (e.g. ../shared/data) when set and present, else undefined (tests skip). */
export const DATA_DIR: string | undefined = (() => {
  const d = process.env.LSM_SER_DATA;
  return d && existsSync(d) ? resolve(d) : undefined;
})();

/** `$LSM_SER_PEERS` (../shared/peers), or `$LSM_SER_DATA/../peers`, when present. */
export const PEERS_DIR: string | undefined = (() => {
  const p = process.env.LSM_SER_PEERS ?? (DATA_DIR ? join(DATA_DIR, '..', 'peers') : undefined);
  return p && existsSync(join(p, 'netgen.py')) ? resolve(p) : undefined;
})();

/** A fresh temporary folder for one test. */
export function tempDir(prefix = 'lsm-ser-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The input drive before round 13 (band energies + prosody, no ON/OFF, no eGeMAPS, no channel
 * z-scoring): tests whose figures (channel counts, block widths, hand-built keys) are about that
 * layout pin it, so that they keep testing what they test when the default drive changes.
 */
export const PLAIN_DRIVE = { prosody: true, onOff: false, egemaps: 'off', channelNormalization: 'none' } as const;
