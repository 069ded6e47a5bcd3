import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { writeWav } from '../../src/sourcefilter/wav.js';
import { loadDataset } from '../../src/experiment/datasets/index.js';
import { CANONICAL_EMOTIONS, LABEL_TABLES, canonicalLabel } from '../../src/experiment/datasets/labels.js';
import { crossCorpusDataset, loadProtocolDataset } from '../../src/experiment/cross-corpus.js';
import { makeFolds, parseProtocol } from '../../src/experiment/protocols.js';
import { datasetNotes, speakersOf } from '../../src/experiment/manifest.js';
import { resolveCompareConfig } from '../../src/experiment/compare-config.js';
import { resolveExperimentConfig } from '../../src/experiment/experiment-config.js';
import { runCompare } from '../../src/experiment/compare.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { writeCompareReport } from '../../src/experiment/compare-report.js';
import { ConfigError, DatasetError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { DATA_DIR, tempDir } from '../helpers.js';

/**
 * A synthetic corpus written under Emo-DB's naming scheme (speaker, text, emotion letter,
 * version): emotions synthesized with the synth profiles, so that an Emo-DB-named fixture and a
 * synth-named fixture hold the same acoustics under different label codes.
 */
function emodbNamedCorpus(dir: string, seed: number): void {
  const letters: Record<string, string> = { anger: 'W', sadness: 'T', neutral: 'N', boredom: 'L' };
  const c = synthesizeCorpus({ seed, speakers: 2, perClass: 4, emotions: Object.keys(letters), duration: [0.6, 0.8] });
  mkdirSync(dir, { recursive: true });
  const spk = new Map(c.speakers.map((s, i) => [s.id, ['03', '08'][i]!]));
  const count = new Map<string, number>();
  for (const u of c.utterances) {
    const k = `${u.speaker}/${u.label}`;
    const i = count.get(k) ?? 0;
    count.set(k, i + 1);
    writeWav(join(dir, `${spk.get(u.speaker)}a0${i + 1}${letters[u.label]}a.wav`), u.samples, c.sampleRate);
  }
}

describe('label tables', () => {
  it('single-corpus labels are unchanged: every loader reports the labels (and order) it reported before the tables', () => {
    const labels = (n: keyof typeof LABEL_TABLES) => [...new Set(LABEL_TABLES[n].map((r) => r.label))];
    expect(labels('emodb')).toEqual(['anger', 'boredom', 'disgust', 'fear', 'happiness', 'sadness', 'neutral']);
    expect(labels('ravdess')).toEqual(['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised']);
    expect(labels('tess')).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'pleasant_surprise', 'sad']);
    expect(labels('cremad')).toEqual(['anger', 'disgust', 'fear', 'happy', 'neutral', 'sad']);
    expect(labels('savee')).toEqual(['anger', 'disgust', 'fear', 'happiness', 'neutral', 'sadness', 'surprise']);
    expect(labels('iemocap')).toEqual(['neutral', 'angry', 'sad', 'happy']);
  });

  it('maps each corpus code to the canonical vocabulary (Emo-DB W and RAVDESS 05 are both anger)', () => {
    const canon = (n: keyof typeof LABEL_TABLES, code: string) => LABEL_TABLES[n].find((r) => r.code === code)!.canonical;
    expect(canon('emodb', 'W')).toBe('anger');
    expect(canon('ravdess', '05')).toBe('anger');
    expect(canon('tess', 'ps')).toBe('surprise');
    expect(canon('iemocap', 'exc')).toBe('happiness');
    for (const [name, rows] of Object.entries(LABEL_TABLES))
      if (name !== 'fsdd') for (const r of rows) expect(CANONICAL_EMOTIONS as readonly string[]).toContain(r.canonical);
    expect(canonicalLabel('ravdess', 'fearful')).toBe('fear');
    expect(canonicalLabel('csv', 'Angry')).toBe('anger');
    expect(canonicalLabel('csv', 'frustrated')).toBe('frustrated');
    expect(() => canonicalLabel('ravdess', 'anger')).toThrow(/not one the ravdess loader reports/);
  });
});

describe('cross-corpus protocol', () => {
  const root = tempDir('lsm-ser-cross-');
  emodbNamedCorpus(join(root, 'emo'), 7);
  // the synthetic corpus: anger, happiness, sadness, neutral (happiness only here, boredom only in emo)
  writeCorpus(
    synthesizeCorpus({ seed: 3, speakers: 2, perClass: 4, emotions: ['anger', 'happiness', 'sadness', 'neutral'], duration: [0.6, 0.8] }),
    join(root, 'syn'),
  );

  it('parses cross:LOADER[:PATH]; an unknown loader is a RangeError; without merged corpora makeFolds refuses', () => {
    expect(parseProtocol('cross:emodb')).toEqual({ kind: 'cross', train: 'emodb' });
    expect(parseProtocol('cross:ravdess:ravdess-16k')).toEqual({ kind: 'cross', train: 'ravdess', path: 'ravdess-16k' });
    expect(() => parseProtocol('cross:nope')).toThrow(/training corpus "nope" is not a loader/);
    const ds = loadDataset('synth', join(root, 'syn'));
    expect(() => makeFolds(ds, { kind: 'cross', train: 'emodb' }, new Rng(1))).toThrow(DatasetError);
  });

  it('merges over the shared canonical labels, drops (and counts) the classes of one corpus only, one fold train -> test', () => {
    const ds = loadProtocolDataset({ name: 'synth', path: 'syn' }, parseProtocol('cross:emodb:emo'), root);
    const c = ds.crossCorpus!;
    expect(ds.labels).toEqual(['anger', 'sadness', 'neutral']);
    expect(c.dropped).toEqual([
      { corpus: 'train', label: 'boredom', canonical: 'boredom', utterances: 8 },
      { corpus: 'test', label: 'happiness', canonical: 'happiness', utterances: 8 },
    ]);
    expect(speakersOf(ds)).toEqual(['emodb/03', 'emodb/08', 'synth/spk01', 'synth/spk02']);
    const [fold, ...rest] = makeFolds(ds, { kind: 'cross', train: 'emodb' }, new Rng(1));
    expect(rest).toEqual([]);
    expect(fold!.name).toBe('emodb -> synth');
    expect(fold!.train.length).toBe(24);
    expect(fold!.test.length).toBe(24);
    expect(fold!.train.every((i) => ds.utterances[i]!.id.startsWith('emodb/'))).toBe(true);
    expect(fold!.testSpeakers).toEqual(['synth/spk01', 'synth/spk02']);
    expect(datasetNotes(ds)).toEqual([
      `cross-corpus: train emodb (${join(root, 'emo')}, 24 utterances), test synth (${join(root, 'syn')}, 24 utterances), 3 shared classes: anger, sadness, neutral`,
      'cross-corpus: dropped 1 class(es) only in emodb, 8 utterances: boredom (8)',
      'cross-corpus: dropped 1 class(es) only in synth, 8 utterances: happiness (8)',
    ]);
    // the same corpus on both sides, or one shared label, are refused
    const syn = loadDataset('synth', join(root, 'syn'));
    expect(() => crossCorpusDataset(syn, syn)).toThrow(/both "synth"/);
    const two = synthesizeCorpus({ seed: 5, speakers: 2, perClass: 1, emotions: ['anger', 'fear'], duration: [0.5, 0.6] });
    writeCorpus(two, join(root, 'two'));
    const onlyAnger = { ...loadDataset('emodb', join(root, 'emo')) };
    expect(() =>
      crossCorpusDataset(
        { ...onlyAnger, labels: ['anger'], utterances: onlyAnger.utterances.filter((u) => u.label === 'anger') },
        loadDataset('synth', join(root, 'two')),
      ),
    ).toThrow(/share 1 canonical label/);
  });

  it('configs: trainDataset must go with a cross protocol of the same loader', () => {
    const base = { name: 'x', dataset: { name: 'synth', path: 'syn' } };
    expect(() => resolveCompareConfig({ ...base, protocol: 'loso', trainDataset: { name: 'emodb', path: 'emo' } })).toThrow(ConfigError);
    expect(() => resolveCompareConfig({ ...base, protocol: 'cross:ravdess', trainDataset: { name: 'emodb', path: 'emo' } })).toThrow(/trainDataset.name/);
    expect(resolveExperimentConfig({ ...base, protocol: 'cross:emodb', trainDataset: { name: 'emodb', path: 'emo' } }).protocolSpec).toEqual({
      kind: 'cross',
      train: 'emodb',
    });
  });

  it('compare trains on one corpus and tests on the other; the report states the shared and dropped classes', async () => {
    const cfg = resolveCompareConfig({
      name: 'cross',
      seeds: [1],
      dataset: { name: 'synth', path: 'syn' },
      protocol: 'cross:emodb:emo',
      models: ['mfcc-svm'],
      noise: false,
    });
    const r = await runCompare(cfg, { out: join(root, 'results'), dataRoot: root, cacheDir: join(root, 'cache') });
    expect(r.records.length).toBe(1);
    const rec = r.records[0]!;
    expect(rec.fold).toBe('emodb -> synth');
    expect(rec.trainUtterances).toBe(24);
    expect(rec.conditions.clean!.n).toBe(24);
    // the same synthetic emotion profiles under Emo-DB codes: recognised across corpora well above chance (1/3)
    expect(rec.conditions.clean!.uar).toBeGreaterThan(0.6);
    await writeCompareReport(r.dir, r.records, cfg, r.dataset.name, { babbleSource: '', folds: r.folds, provenance: {}, notes: datasetNotes(r.dataset) });
    const md = readFileSync(join(r.dir, 'compare.md'), 'utf8');
    expect(md).toContain('dropped 1 class(es) only in emodb, 8 utterances: boredom (8)');
    expect(md).toContain('protocol cross:emodb:emo');
  });

  it('lsm-ser run (experiment configs) takes the same protocol: one fold, the summary lists the dropped classes', async () => {
    const cfg = resolveExperimentConfig({
      name: 'cross-run',
      dataset: { name: 'synth', path: 'syn' },
      protocol: 'cross:emodb:emo',
      lsm: { reservoirs: { excitation: { grid: [3, 3, 3] }, tract: { grid: [3, 3, 3] } }, readout: { pca: 4, C: [10] }, simulation: { workers: 1 } },
    });
    const s = await runExperiment(cfg, { out: join(root, 'runs'), dataRoot: root, cacheDir: join(root, 'cache') });
    expect(s.folds).toBe(1);
    expect(s.perFold.map((f) => [f.fold, f.n])).toEqual([['emodb -> synth', 24]]);
    expect(readFileSync(join(s.dir, 'summary.md'), 'utf8')).toContain('cross-corpus: dropped 1 class(es) only in synth, 8 utterances: happiness (8)');
  });

  it.skipIf(!DATA_DIR)('Emo-DB-2s -> the synthetic corpus: 5 shared classes, boredom (58) and disgust (30) dropped; compare runs on it', async () => {
    writeCorpus(synthesizeCorpus({ seed: 2, speakers: 2, perClass: 2, duration: [0.6, 0.8] }), join(root, 'syn5'));
    const ds = loadProtocolDataset({ name: 'synth', path: join(root, 'syn5') }, parseProtocol('cross:emodb:emodb-2s'), DATA_DIR);
    expect(ds.labels).toEqual(['anger', 'fear', 'happiness', 'sadness', 'neutral']);
    expect(ds.crossCorpus!.dropped).toEqual([
      { corpus: 'train', label: 'boredom', canonical: 'boredom', utterances: 58 },
      { corpus: 'train', label: 'disgust', canonical: 'disgust', utterances: 30 },
    ]);
    expect(ds.utterances.filter((u) => u.corpus === 'train').length).toBe(408 - 58 - 30);
    // a fast end-to-end run: one Emo-DB speaker trains the MFCC SVM, the synthetic speakers test it
    const cfg = resolveCompareConfig({
      name: 'cross-real',
      dataset: { name: 'synth', path: join(root, 'syn5') },
      protocol: 'cross:emodb',
      trainDataset: { name: 'emodb', path: 'emodb-2s', speakers: ['03'] },
      models: ['mfcc-svm'],
      noise: false,
    });
    const r = await runCompare(cfg, { out: join(root, 'results'), dataRoot: DATA_DIR, cacheDir: join(root, 'cache') });
    const rec = r.records[0]!;
    expect(rec.fold).toBe('emodb -> synth');
    expect(rec.conditions.clean!.n).toBe(20);
    expect(new Set(rec.predictions!.pred).size).toBeGreaterThan(0);
    expect(rec.predictions!.pred.every((p) => ds.labels.includes(p))).toBe(true);
  });
});
