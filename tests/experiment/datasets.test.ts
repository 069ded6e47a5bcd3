import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../src/experiment/datasets/index.js';
import { datasetCounts, filterSpeakers, speakersOf } from '../../src/experiment/manifest.js';
import { DatasetError } from '../../src/core/errors.js';
import { DATA_DIR, tempDir } from '../helpers.js';

function tree(files: string[]): string {
  const root = tempDir('lsm-ser-ds-');
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  return root;
}

describe('dataset loaders on fixture trees', () => {
  it('symbolic links to files and folders are followed; a folder reached twice is listed once; dangling WAV links are errors', () => {
    const real = tree(['03a01Wa.wav', 'more/08b02Tc.wav']);
    const root = tree(['16a05Nb.wav']);
    symlinkSync(join(real, '03a01Wa.wav'), join(root, '03a01Wa.wav'));
    symlinkSync(join(real, 'more'), join(root, 'linked'));
    symlinkSync(join(root, 'linked'), join(root, 'again')); // the same folder through a second link
    symlinkSync(root, join(root, 'loop')); // a cycle
    const ds = loadDataset('emodb', root);
    expect(ds.utterances.map((u) => u.label).sort()).toEqual(['anger', 'neutral', 'sadness']); // 08b02Tc: T = Trauer
    symlinkSync(join(real, 'missing.wav'), join(root, '11a01Wa.wav'));
    expect(() => loadDataset('emodb', root)).toThrow(/11a01Wa\.wav: symbolic link to nothing/);
  });

  it('emodb: labels, speakers, genders; bad names and letters are errors naming the file', () => {
    const ds = loadDataset('emodb', tree(['03a01Wa.wav', '08b02Tc.wav', '16a05Nb.wav']));
    expect(ds.utterances.map((u) => [u.label, u.speaker, u.gender])).toEqual([
      ['anger', '03', 'm'],
      ['sadness', '08', 'f'],
      ['neutral', '16', 'f'],
    ]);
    expect(() => loadDataset('emodb', tree(['03a01Xa.wav']))).toThrow(/03a01Xa\.wav: unknown emotion letter "X"/);
    expect(() => loadDataset('emodb', tree(['hello.wav']))).toThrow(/hello\.wav: name does not fit Emo-DB/);
    const lax = loadDataset('emodb', tree(['hello.wav', '03a01Wa.wav']), { strict: false });
    expect(lax.skipped).toEqual(['hello.wav']);
    expect(() => loadDataset('emodb', tree([]))).toThrow(DatasetError);
    expect(() => loadDataset('emodb', '/nonexistent/emodb')).toThrow(/does not exist/);
  });
  it('fsdd, ravdess, tess, cremad, savee', () => {
    expect(loadDataset('fsdd', tree(['3_george_12.wav'])).utterances[0]).toMatchObject({ label: '3', speaker: 'george', text: '12' });
    const rav = loadDataset('ravdess', tree(['Actor_12/03-01-05-01-02-01-12.wav', 'Actor_01/03-02-05-01-02-01-01.wav', 'Actor_01/03-01-01-01-01-01-01.wav']));
    expect(rav.utterances.map((u) => [u.label, u.speaker, u.gender])).toEqual([
      ['neutral', '01', 'm'],
      ['angry', '12', 'f'],
    ]);
    expect(rav.skipped).toEqual(['Actor_01/03-02-05-01-02-01-01.wav']); // song
    const tess = loadDataset('tess', tree(['OAF_angry/OAF_back_angry.wav', 'YAF_pleasant_surprise/YAF_bath_ps.wav']));
    expect(tess.utterances.map((u) => [u.label, u.speaker, u.gender])).toEqual([
      ['angry', 'OAF', 'f'],
      ['pleasant_surprise', 'YAF', 'f'],
    ]);
    const root = tree(['AudioWAV/1001_DFA_ANG_XX.wav', 'AudioWAV/1002_IEO_SAD_HI.wav']);
    writeFileSync(join(root, 'VideoDemographics.csv'), 'ActorID,Age,Sex,Race,Ethnicity\n1001,51,Male,C,N\n1002,21,Female,C,N\n');
    expect(loadDataset('cremad', join(root, 'AudioWAV')).utterances.map((u) => [u.label, u.gender])).toEqual([
      ['anger', 'm'],
      ['sad', 'f'],
    ]);
    expect(() => loadDataset('cremad', tree(['1001_DFA_XYZ_XX.wav']))).toThrow(/unknown emotion code "XYZ"/);
    const savee = loadDataset('savee', tree(['DC_a01.wav', 'JE/sa03.wav', 'KL_su15.wav']));
    expect(savee.utterances.map((u) => [u.label, u.speaker])).toEqual([
      ['anger', 'DC'],
      ['sadness', 'JE'],
      ['surprise', 'KL'],
    ]);
  });
  it('iemocap: EmoEvaluation labels with the 4-class mapping (exc -> happy, others dropped)', () => {
    const root = tree(['Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F000.wav', 'Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_M001.wav', 'Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_M002.wav']);
    mkdirSync(join(root, 'Session1/dialog/EmoEvaluation'), { recursive: true });
    writeFileSync(
      join(root, 'Session1/dialog/EmoEvaluation/Ses01F_impro01.txt'),
      '% header\n[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]\n[10.0 - 11.0]\tSes01F_impro01_M001\texc\t[3.0, 3.0, 3.0]\n[12.0 - 13.0]\tSes01F_impro01_M002\tfru\t[3.0, 3.0, 3.0]\n',
    );
    const ds = loadDataset('iemocap', root);
    expect(ds.utterances.map((u) => [u.label, u.speaker, u.gender])).toEqual([
      ['neutral', 'Ses01F', 'f'],
      ['happy', 'Ses01M', 'm'],
    ]);
  });
  it('csv manifests: columns, missing files and bad genders are errors naming the line', () => {
    const root = tree(['a.wav', 'b.wav']);
    writeFileSync(join(root, 'manifest.csv'), 'file,label,speaker,gender\na.wav,happy,s1,f\nb.wav,sad,s2,m\n');
    const ds = loadDataset('csv', root);
    expect(ds.labels).toEqual(['happy', 'sad']);
    expect(speakersOf(ds)).toEqual(['s1', 's2']);
    expect(filterSpeakers(ds, ['s2']).utterances.length).toBe(1);
    expect(() => filterSpeakers(ds, ['s9'])).toThrow(/unknown speaker "s9"/);
    writeFileSync(join(root, 'manifest.csv'), 'file,label\na.wav,happy\n');
    expect(() => loadDataset('csv', root)).toThrow(/missing column "speaker"/);
    writeFileSync(join(root, 'manifest.csv'), 'file,label,speaker\nzzz.wav,happy,s1\n');
    expect(() => loadDataset('csv', root)).toThrow(/manifest\.csv:2: file .*zzz\.wav does not exist/);
    expect(() => loadDataset('nope', root)).toThrow(/unknown dataset "nope"/);
  });
});

describe.skipIf(!DATA_DIR)('real datasets', () => {
  it('emodb-2s: 408 utterances, 8 speakers, the documented label counts', () => {
    const ds = loadDataset('emodb', join(DATA_DIR!, 'emodb-2s'));
    const c = datasetCounts(ds);
    expect(ds.utterances.length).toBe(408);
    expect(Object.keys(c.speakers).length).toBe(8);
    expect(c.labels).toEqual({ anger: 100, boredom: 58, disgust: 30, fear: 54, happiness: 54, sadness: 49, neutral: 63 });
  });
  it('fsdd: 2500 utterances, 5 speakers, 10 digits', () => {
    const ds = loadDataset('fsdd', join(DATA_DIR!, 'fsdd'));
    expect(ds.utterances.length).toBe(2500);
    expect(speakersOf(ds).length).toBe(5);
    expect(ds.labels.length).toBe(10);
  });
});
