import { describe, expect, it } from 'vitest';
import { resolveExperimentConfig } from '../../src/experiment/experiment-config.js';
import { resolveCompareConfig } from '../../src/experiment/compare-config.js';
import { resolveLsmConfig } from '../../src/experiment/lsm-config.js';

const base = { name: 'x', dataset: { name: 'emodb', path: 'emodb-2s' } };

describe('configs refuse what would write elsewhere, count twice or end in NaN', () => {
  it('a run name must be a folder inside --out: "..", "." and separators are refused', () => {
    for (const name of ['..', '.', '../x', 'a/b', 'a\\b', '/abs']) {
      expect(() => resolveExperimentConfig({ ...base, name }, 'e.yaml'), name).toThrow(/e\.yaml: name/);
      expect(() => resolveCompareConfig({ ...base, name }, 'c.yaml'), name).toThrow(/c\.yaml: name/);
    }
    expect(() => resolveExperimentConfig({ ...base, name: '..' }, 'e.yaml')).toThrow(/not "\." or "\.\."/);
    expect(resolveExperimentConfig({ ...base, name: 'a..b' }, 'e.yaml').name).toBe('a..b');
  });
  it('a repeated seed is refused', () => {
    expect(() => resolveExperimentConfig({ ...base, seeds: [1, 1] }, 'e.yaml')).toThrow(/e\.yaml: seeds: each seed at most once/);
    expect(() => resolveCompareConfig({ ...base, seeds: [2, 3, 2] }, 'c.yaml')).toThrow(/seeds: each seed at most once/);
    expect(resolveExperimentConfig({ ...base, seeds: [1, 2] }, 'e.yaml').seeds).toEqual([1, 2]);
  });
  it('segments: 0 with neither mean nor std leaves no features: refused', () => {
    expect(() => resolveLsmConfig({ features: { segments: 0, mean: false, std: false } }, 'l.yaml')).toThrow(
      /l\.yaml: features: segments is 0 and mean and std are false/,
    );
    expect(() => resolveExperimentConfig({ ...base, lsm: { features: { segments: 0, mean: false, std: false } } }, 'e.yaml')).toThrow(
      /e\.yaml: lsm: features: segments is 0/,
    );
    expect(resolveLsmConfig({ features: { segments: 0, mean: true, std: false } }).features.segments).toBe(0);
  });
});
