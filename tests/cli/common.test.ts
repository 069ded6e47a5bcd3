import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromFlags } from '../../src/cli/common.js';
import { tempDir } from '../helpers.js';

describe('configFromFlags (--config, --seed)', () => {
  it("a config file's seed holds unless --seed is given; errors name the file or the flag", () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'seed: 5\nreadout: { pca: 12 }\n');
    expect(configFromFlags({ config: file }).seed).toBe(5);
    expect(configFromFlags({ config: file, seed: '7' }).seed).toBe(7);
    expect(configFromFlags({ config: file }).readout.pca).toBe(12);
    expect(configFromFlags({}).seed).toBe(1);
    writeFileSync(file, 'simulation: { dt: -1 }\n');
    expect(() => configFromFlags({ config: file })).toThrow(`${file}: simulation.dt: `);
    expect(() => configFromFlags({ seed: '-1' })).toThrow(/--seed: expected an integer in \[0, /);
  });
});
