import { describe, expect, it } from 'vitest';
import { compareRows } from '../../src/experiment/compare-report.js';
import { resolveCompareConfig } from '../../src/experiment/compare-config.js';
import type { CompareRecord } from '../../src/experiment/compare.js';

describe('compare rows do not depend on the order of the records (shards merge in file order)', () => {
  it('the same records in another order give bit-identical means and stds', () => {
    const cfg = resolveCompareConfig({ name: 'c', dataset: { name: 'synth', path: 'x' }, models: ['mfcc-svm'], noise: false }, 'c.yaml');
    const rec = (fold: string, uar: number): CompareRecord =>
      ({
        seed: 1,
        model: 'mfcc-svm',
        training: 'clean',
        fold,
        testSpeakers: [fold],
        conditions: { clean: { uar, wa: uar, macroF1: uar, n: 10 } },
        confusion: [[1]],
        trainSeconds: 1,
        inferMsPerUtterance: 1,
        inferTiming: 'cold',
        trainableParameters: 5,
        trainUtterances: 9,
        info: {},
      }) as CompareRecord;
    const a = [rec('s1', 0.1), rec('s2', 0.2), rec('s3', 0.3)];
    const b = [a[2]!, a[1]!, a[0]!]; // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in the last bit
    expect(0.1 + 0.2 + 0.3).not.toBe(0.3 + 0.2 + 0.1);
    expect(compareRows(b, cfg)).toEqual(compareRows(a, cfg));
  });
});
