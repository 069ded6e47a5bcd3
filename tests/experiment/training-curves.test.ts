import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { curveStem, recordHistory, writeTrainingCurves } from '../../src/experiment/training-curves.js';
import type { CompareRecord } from '../../src/experiment/compare.js';
import { tempDir } from '../helpers.js';

const record = (fold: string, model: CompareRecord['model'], info: Record<string, unknown>): CompareRecord => ({
  seed: 2,
  model,
  training: 'clean',
  fold,
  testSpeakers: [fold],
  conditions: { clean: { uar: 0.5, wa: 0.5, macroF1: 0.5, n: 4 } },
  confusion: [],
  trainSeconds: 1,
  inferMsPerUtterance: 1,
  trainableParameters: 10,
  trainUtterances: 4,
  info,
});

describe('training curves of compare runs', () => {
  it('writes one SVG per record with a history and every epoch of every record to curves/history.jsonl', async () => {
    const dir = tempDir('lsm-ser-curves-');
    const hist = (n: number, shift: number) =>
      Array.from({ length: n }, (_, k) => ({
        epoch: k + 1,
        lr: 0.001 * (n - k),
        trainLoss: 2 - 0.1 * k,
        trainUar: 0.3 + 0.05 * k,
        valLoss: 1.9 - 0.05 * k + shift,
        valUar: k === 2 ? null : 0.2 + 0.04 * k,
      }));
    const a = record('speaker 03', 'cnn-bigru-att', { history: hist(5, 0), bestEpoch: 4 });
    const b = record('speaker 08', 'acnn-mhsa', { history: hist(3, 1), bestEpoch: 2 });
    const svm = record('speaker 03', 'mfcc-svm', { C: 10 });
    expect(recordHistory(svm)).toBeNull();
    expect(recordHistory({ info: { history: [{ epoch: 'x' }] } })).toBeNull();
    expect(curveStem(a)).toBe('cnn-bigru-att-clean-seed2-speaker_03');
    await writeTrainingCurves(dir, [a, svm], a);
    await writeTrainingCurves(dir, [a, svm, b], b);
    await writeTrainingCurves(dir, [a, svm, b], svm); // no history: nothing written, nothing fails
    const svg = readFileSync(join(dir, 'curves', 'cnn-bigru-att-clean-seed2-speaker_03.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/best epoch 4/);
    expect(svg).toMatch(/learning rate/);
    expect(existsSync(join(dir, 'curves', 'acnn-mhsa-clean-seed2-speaker_08.svg'))).toBe(true);
    expect(existsSync(join(dir, 'curves', 'mfcc-svm-clean-seed2-speaker_03.svg'))).toBe(false);
    // the overview of every fold of a model and seed
    expect(readFileSync(join(dir, 'curves', 'cnn-bigru-att-clean-seed2.svg'), 'utf8')).toMatch(/every fold/);
    expect(existsSync(join(dir, 'curves', 'acnn-mhsa-clean-seed2.svg'))).toBe(true);
    const lines = readFileSync(join(dir, 'curves', 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(8);
    // round trip: the per-epoch numbers are the records' own
    expect(lines.filter((l) => l.model === 'acnn-mhsa').map(({ seed, model, training, fold, bestEpoch, ...e }) => e)).toEqual(hist(3, 1));
    expect(lines[0]).toMatchObject({ seed: 2, model: 'cnn-bigru-att', training: 'clean', fold: 'speaker 03', bestEpoch: 4, epoch: 1 });
  }, 60_000);
});
