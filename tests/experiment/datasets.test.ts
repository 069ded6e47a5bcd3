import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, loadRavdess } from '../../src/experiment/datasets/index.js';
import { loadAudio } from '../../src/sourcefilter/load.js';
import { parseWavLayout } from '../../src/sourcefilter/riff.js';
import { readFileSync } from 'node:fs';

const readWavHeader = (file: string) => parseWavLayout(new Uint8Array(readFileSync(file)), file);
import { datasetCounts, datasetNotes, filterSpeakers, speakersOf } from '../../src/experiment/manifest.js';
import { DatasetError } from '../../src/core/errors.js';
import { DATA_DIR, tempDir } from '../helpers.js';

function tree(files: string[]): string {
  const root = tempDir('lsm-ser-ds-');
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), f); // distinct bytes per file (identical audio is refused)
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
    expect(() => loadDataset('emodb', tree(['03a01Xa.wav']), { strict: true })).toThrow(/03a01Xa\.wav: unknown emotion letter "X"/);
    expect(() => loadDataset('emodb', tree(['hello.wav']), { strict: true })).toThrow(/hello\.wav: name does not fit Emo-DB/);
    // default: unparseable files are skipped and listed
    const lax = loadDataset('emodb', tree(['hello.wav', '03a01Xa.wav', '03a01Wa.wav']));
    expect(lax.skipped).toEqual(['03a01Xa.wav', 'hello.wav']);
    expect(lax.utterances.length).toBe(1);
    expect(datasetNotes(lax)).toEqual([
      'skipped 03a01Xa.wav: name does not fit the emodb naming scheme',
      'skipped hello.wav: name does not fit the emodb naming scheme',
    ]);
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
    expect(() => loadDataset('cremad', tree(['1001_DFA_XYZ_XX.wav']), { strict: true })).toThrow(/unknown emotion code "XYZ"/);
    const savee = loadDataset('savee', tree(['DC_a01.wav', 'JE/sa03.wav', 'KL_su15.wav']));
    expect(savee.utterances.map((u) => [u.label, u.speaker])).toEqual([
      ['anger', 'DC'],
      ['sadness', 'JE'],
      ['surprise', 'KL'],
    ]);
  });
  it("tess: the original release's OA_bite_neutral.wav is read as speaker OAF and listed as a quirk", () => {
    const tess = loadDataset(
      'tess',
      tree(['OAF_neutral/OAF_back_neutral.wav', 'OAF_neutral/OA_bite_neutral.wav', 'YAF_sad/YAF_bite_sad.wav', 'YAF_sad/notes.wav']),
    );
    expect(tess.utterances.map((u) => [u.id, u.speaker, u.label])).toEqual([
      ['OAF_neutral/OAF_back_neutral', 'OAF', 'neutral'],
      ['OAF_neutral/OA_bite_neutral', 'OAF', 'neutral'],
      ['YAF_sad/YAF_bite_sad', 'YAF', 'sad'],
    ]);
    expect(tess.quirks).toEqual(['OAF_neutral/OA_bite_neutral.wav: speaker prefix OA read as OAF (a misspelling in the original TESS release)']);
    expect(tess.skipped).toEqual(['YAF_sad/notes.wav']);
    expect(() => loadDataset('tess', tree(['YAF_sad/notes.wav', 'YAF_sad/YAF_bite_sad.wav']), { strict: true })).toThrow(/notes\.wav: name does not fit TESS/);
  });
  it('identical audio under two paths is refused naming both, or reduced to one copy with keep-first', () => {
    const root = tree(['03a01Wa.wav', '08b02Tc.wav']);
    mkdirSync(join(root, 'copy'));
    writeFileSync(join(root, 'copy', '03a01Wb.wav'), '03a01Wa.wav'); // the same bytes as 03a01Wa.wav
    expect(() => loadDataset('emodb', root)).toThrow(/copy\/03a01Wb\.wav: identical audio to .*\/03a01Wa\.wav/);
    const one = loadDataset('emodb', root, { duplicates: 'keep-first' });
    expect(one.utterances.map((u) => u.id)).toEqual(['03a01Wa', '08b02Tc']);
    expect(one.duplicates).toEqual([{ kept: join(root, '03a01Wa.wav'), dropped: join(root, 'copy', '03a01Wb.wav') }]);
    expect(datasetNotes(one)).toEqual([`dropped ${join(root, 'copy', '03a01Wb.wav')}: identical audio to ${join(root, '03a01Wa.wav')}`]);
  });
  it('iemocap: EmoEvaluation labels with the 4-class mapping (exc -> happy, others dropped)', () => {
    const root = tree([
      'Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F000.wav',
      'Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_M001.wav',
      'Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_M002.wav',
    ]);
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
  it('ravdess-16k: 720 files, 12 actors, 8 labels with the documented counts; the Actor_07 twins; the three stereo files', () => {
    const dir = join(DATA_DIR!, 'ravdess-16k');
    expect(() => loadDataset('ravdess', dir)).toThrow(/03-01-03-01-02-02-07\.wav: identical audio to .*03-01-03-01-02-01-07\.wav/);
    const all = loadRavdess(dir); // the loader alone, before the duplicate check
    const c = datasetCounts(all);
    expect(all.utterances.length).toBe(720);
    expect(Object.keys(c.speakers).sort()).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']);
    expect(Object.values(c.speakers).every((n) => n === 60)).toBe(true);
    expect(c.labels).toEqual({ neutral: 48, calm: 96, happy: 96, sad: 96, angry: 96, fearful: 96, disgust: 96, surprised: 96 });
    expect(all.utterances.filter((u) => u.gender === 'm').length).toBe(360);
    const ds = loadDataset('ravdess', dir, { duplicates: 'keep-first' });
    expect(ds.utterances.length).toBe(719);
    expect(ds.duplicates!.map((d) => d.dropped.slice(dir.length + 1))).toEqual(['Actor_07/03-01-03-01-02-02-07.wav']);
    const channels = all.utterances.map((u) => [u.id, readWavHeader(u.file)] as const);
    expect(channels.filter(([, h]) => h.channels === 2).map(([id]) => id)).toEqual([
      'Actor_01/03-01-02-01-01-02-01',
      'Actor_01/03-01-08-01-02-02-01',
      'Actor_05/03-01-02-01-02-02-05',
    ]);
    expect(channels.every(([, h]) => h.sampleRate === 16000)).toBe(true);
    // a stereo file loads as mono at 16 kHz
    const a = loadAudio(join(dir, 'Actor_05/03-01-02-01-02-02-05.wav'), { rate: 16000 });
    expect(a.sampleRate).toBe(16000);
    expect(a.samples.length).toBeGreaterThan(16000 * 2);
  });
  it('emodb original recordings: the same 408 utterances as the 2-s copy, no duplicates', () => {
    const ds = loadDataset('emodb', join(DATA_DIR!, 'emodb'));
    expect(ds.utterances.length).toBe(408);
    expect(ds.skipped).toEqual([]);
    expect(datasetCounts(ds).labels).toEqual({ anger: 100, boredom: 58, disgust: 30, fear: 54, happiness: 54, sadness: 49, neutral: 63 });
  });
  it('fsdd: 2500 utterances, 5 speakers, 10 digits', () => {
    const ds = loadDataset('fsdd', join(DATA_DIR!, 'fsdd'));
    expect(ds.utterances.length).toBe(2500);
    expect(speakersOf(ds).length).toBe(5);
    expect(ds.labels.length).toBe(10);
  });
});
