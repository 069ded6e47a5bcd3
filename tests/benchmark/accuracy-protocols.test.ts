/**
 * bench/accuracy.ts's protocols load their corpora as the bench does (real data; skipped without
 * LSM_SER_DATA). RAVDESS-16k's Actor_07 holds two byte-identical files, which the loader refuses
 * by default: the bench keeps the first (719 utterances), as bench/gain.ts's `--duplicates keep-first`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCURACY_PROTOCOLS } from '../../bench/paired.js';
import { loadDataset } from '../../src/experiment/datasets/index.js';

const data = process.env.LSM_SER_DATA;

describe.skipIf(!data)("bench/accuracy.ts's protocols on the real corpora", () => {
  for (const [name, p] of Object.entries(ACCURACY_PROTOCOLS)) {
    it.skipIf(!data || !existsSync(join(data, p.dir)))(
      `${name} loads ${p.dir}`,
      () => {
        const ds = loadDataset(p.dataset, join(data!, p.dir), { duplicates: p.duplicates ?? 'refuse' });
        expect(ds.utterances.length).toBeGreaterThan(100);
        if (name === 'ravdess-loso') {
          expect(ds.utterances.length).toBe(719);
          expect(() => loadDataset(p.dataset, join(data!, p.dir))).toThrow(/identical|duplicate/i);
        }
      },
      60_000,
    );
  }
});
