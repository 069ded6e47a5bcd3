import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigFile } from '../../src/experiment/config-file.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';
import { resolveExperimentConfig } from '../../src/experiment/experiment-config.js';
import { resolveCompareConfig } from '../../src/experiment/compare-config.js';
import { resolveTuneSpace } from '../../src/experiment/tune-space.js';

const dir = join(import.meta.dirname, '..', '..', 'configs');

describe('ready-made configs', () => {
  it('every file in configs/ validates', () => {
    const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const c = readConfigFile(join(dir, f)) as Record<string, unknown>;
      // comparison configs list models; experiment configs have a name; search spaces (lsm-ser tune) have parameters; the others are LSM configs
      if ('parameters' in c) expect(() => resolveTuneSpace(c, resolveLsmConfig({}), f)).not.toThrow();
      else if ('models' in c) expect(() => resolveCompareConfig(c, f)).not.toThrow();
      else if ('name' in c) expect(() => resolveExperimentConfig(c, f)).not.toThrow();
      else expect(() => resolveLsmConfig(c, f)).not.toThrow();
    }
  });
  it('lsm-default.yaml spells out exactly the built-in defaults', () => {
    expect(resolveLsmConfig(readConfigFile(join(dir, 'lsm-default.yaml')))).toEqual(resolveLsmConfig({}));
  });
  it('the ablations switch off what they say', () => {
    const c = (f: string) => resolveLsmConfig(readConfigFile(join(dir, f)), f);
    expect(c('ablation-excitation-only.yaml').reservoirs.tract).toBeNull();
    expect(c('ablation-tract-only.yaml').reservoirs.excitation).toBeNull();
    expect(c('ablation-no-reservoir.yaml').features.source).toBe('frontend');
  });
  it('a broken file names the file', () => {
    expect(() => readConfigFile(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: cannot read config file/);
  });
});
