import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { loadCsvManifest } from '../../src/experiment/datasets/csv.js';
import { LsmModel } from '../../src/experiment/pipeline.js';
import { ModelFormatError } from '../../src/core/errors.js';
import { predictSkippingBad } from '../../src/cli/commands/predict.js';
import type { LsmConfigInput } from '../../src/experiment/lsm-config.js';
import { tempDir } from '../helpers.js';

const small: LsmConfigInput = {
  reservoirs: { excitation: { grid: [3, 3, 5] as [number, number, number] }, tract: { grid: [3, 3, 5] as [number, number, number] } },
  readout: { pca: 8, C: [10] },
  simulation: { workers: 1 },
};

describe('model files: single-file prediction, validation on load', async () => {
  const dir = tempDir('lsm-ser-model-');
  const corpus = synthesizeCorpus({ seed: 5, speakers: 4, perClass: 3, emotions: ['anger', 'sadness', 'neutral'] });
  writeCorpus(corpus, dir);
  const ds = loadCsvManifest(dir, 'synth', corpus.labels);
  const train = ds.utterances.map((_, i) => i).filter((i) => ds.utterances[i]!.speaker !== 'spk01');
  const model = await LsmModel.train(ds, small, { indices: train });
  // biome-ignore lint/suspicious/noExplicitAny: a model file edited field by field in the tests
  const json = JSON.parse(JSON.stringify(model.toJSON())) as Record<string, any>;
  const test = ds.utterances.filter((u) => u.speaker === 'spk01');
  const files = test.map((u) => u.file);

  it('one file of an unseen speaker is predicted with the stored training-set statistics, identically after a reload and one at a time', async () => {
    // the control's two blocks beside the reservoirs' two (features.combine input+reservoir, the default)
    expect(json.fallbackStandardization).toHaveLength(4);
    const back = LsmModel.load(json);
    const one = await back.predict([files[0]!]);
    expect(one[0]!.standardization).toBe('training-set');
    expect(corpus.labels).toContain(one[0]!.label);
    // files predicted alone do not depend on each other
    const many = await model.predict(files);
    expect(many[0]).toEqual(one[0]);
    expect(many.every((p) => p.standardization === 'training-set')).toBe(true);
    // per-speaker modes: --speakers, and --enroll with the other utterances of the speaker
    const bySpeaker = await model.predict(files, { speakers: files.map(() => 'a') });
    expect(bySpeaker.every((p) => p.standardization === 'speaker')).toBe(true);
    const enrolled = await model.predict(files.slice(0, 1), { enroll: files.slice(1) });
    expect(enrolled[0]!.standardization).toBe('speaker');
    expect(enrolled[0]!.scores).toEqual(bySpeaker[0]!.scores); // the same rows standardized together
    // an old model file (no stored statistics) still refuses a single file, with the reason
    const { fallbackStandardization: _, ...old } = json;
    await expect(LsmModel.load(old).predict([files[0]!])).rejects.toThrow(/speaker "all" has 1 file/);
  });

  it('a list with a bad file predicts the good files and reports the bad one', async () => {
    const bad = join(dir, 'broken.wav');
    writeFileSync(bad, 'RIFF nonsense');
    const reported: string[] = [];
    const res = await predictSkippingBad(model, [files[0]!, bad, files[1]!, join(dir, 'missing.wav')], {}, (f, e) => reported.push(`${f}: ${e.message}`));
    expect(res.map((r) => r.file)).toEqual([files[0], files[1]]);
    expect(reported).toHaveLength(2);
    expect(reported[0]).toMatch(/broken\.wav: .*broken\.wav/);
    expect(reported[1]).toMatch(/missing\.wav/);
    expect(res[0]).toEqual((await model.predict([files[0]!]))[0]);
  });

  it('NaN or null in any numeric field of the readout is refused on load, naming the field', () => {
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const edit = (f: (j: Record<string, any>) => void) => {
      const j = JSON.parse(JSON.stringify(json));
      f(j);
      return () => LsmModel.load(j, 'm.json');
    };
    const svmText = json.readout.svm.libsvm as string;
    const withLine = (re: RegExp, to: string) => edit((j) => (j.readout.svm.libsvm = svmText.replace(re, to)));
    expect(withLine(/^gamma .*$/m, 'gamma nan')).toThrow(/m\.json: corrupt SVM model \(libsvm model: gamma must be a finite number, got nan\)/);
    expect(withLine(/^rho (\S+)/m, 'rho nan')).toThrow(/rho\[0\] must be a finite number, got nan/);
    const sv = svmText.split('\n');
    const svAt = sv.indexOf('SV') + 1;
    expect(edit((j) => (j.readout.svm.libsvm = [...sv.slice(0, svAt), sv[svAt]!.replace(/^\S+/, 'nan'), ...sv.slice(svAt + 1)].join('\n')))).toThrow(
      /coefficient 0 of support vector 0 must be a finite number, got nan/,
    );
    expect(edit((j) => (j.readout.svm.libsvm = [...sv.slice(0, svAt), sv[svAt]!.replace(/ 1:\S+/, ' 1:nan'), ...sv.slice(svAt + 1)].join('\n')))).toThrow(
      /support vector 0, feature 1 must be a finite number, got nan/,
    );
    expect(edit((j) => (j.readout.svm.options.gamma = null))).toThrow(/SvmClassifier\.options\.gamma must be a finite number, got null/);
    expect(edit((j) => (j.readout.scalers[0].mean[3] = null))).toThrow(/m\.json: StandardScaler\.mean\[3\] must be a finite number, got null/);
    expect(edit((j) => (j.readout.scalers[1].scale[0] = null))).toThrow(/StandardScaler\.scale\[0\] must be a finite number, got null/);
    expect(edit((j) => (j.readout.pcas[0].mean[2] = null))).toThrow(/Pca\.mean\[2\] must be a finite number, got null/);
    expect(edit((j) => (j.readout.pcas[1].components.data[5] = null))).toThrow(/Pca\.components\.data\[5\] must be a finite number, got null/);
    expect(edit((j) => (j.readout.pcas[0].explainedVariance[0] = null))).toThrow(/Pca\.explainedVariance\[0\]/);
    expect(edit((j) => (j.fallbackStandardization[0].mean[0] = null))).toThrow(/fallbackStandardization\[0\]: StandardScaler\.mean\[0\]/);
    // the reservoirs' typed arrays (base64) are checked by LifReservoir.load, naming the field
    const nanAt = (b64: string) => {
      const b = Buffer.from(b64, 'base64');
      b.writeDoubleLE(NaN, 8);
      return b.toString('base64');
    };
    expect(edit((j) => (j.reservoirs.tract.network.weight.base64 = nanAt(j.reservoirs.tract.network.weight.base64)))).toThrow(
      /m\.json: reservoirs\.tract: .*weight: value 1 is NaN/,
    );
    expect(edit((j) => (j.reservoirs.excitation.coupling.weight.base64 = nanAt(j.reservoirs.excitation.coupling.weight.base64)))).toThrow(
      /reservoirs\.excitation: .*coupling\.weight: value 1 is NaN/,
    );
    expect(edit(() => {})).not.toThrow();
  });

  it('a model file without reservoirs or readout gets a clear error', () => {
    const { reservoirs: _r, ...noRes } = json;
    expect(() => LsmModel.load(noRes, 'm.json')).toThrow(ModelFormatError);
    expect(() => LsmModel.load(noRes, 'm.json')).toThrow(/m\.json: the model file has no "reservoirs" record/);
    expect(() => LsmModel.load({ ...json, reservoirs: { excitation: json.reservoirs.excitation, tract: null } }, 'm.json')).toThrow(
      /reservoirs\.tract is missing, but the model's config uses a tract reservoir/,
    );
    const { readout: _o, ...noReadout } = json;
    expect(() => LsmModel.load(noReadout, 'm.json')).toThrow(/no "readout" record/);
  });
});
