import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configReference, REFERENCE_PATH } from '../../scripts/config-reference.js';

describe('docs/config-reference.md', () => {
  const { markdown } = configReference();

  it('is what the zod schemas generate (regenerate with `npx tsx scripts/config-reference.ts`)', () => {
    expect(readFileSync(REFERENCE_PATH, 'utf8')).toBe(markdown);
  });

  it('gives each field its schema default and range', () => {
    expect(markdown).toMatch(/\| `lsm\.simulation\.dt` \| number \| `0\.001` \| > 0, <= 0\.005 \|/);
    expect(markdown).toMatch(/\| `lsm\.readout\.pca` \| number \| `24` \|/);
    expect(markdown).toMatch(/\| `seeds` \| integer\[\] \| `\[1\]` \|/);
  });
});
