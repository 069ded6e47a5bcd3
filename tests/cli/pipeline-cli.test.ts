import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../run-cli.js';
import { tempDir } from '../helpers.js';

const run = runCli;
afterEach(() => vi.restoreAllMocks());

describe('lsm-ser synth / train / evaluate / predict', () => {
  const dir = tempDir('lsm-ser-cli-');
  const corpus = join(dir, 'corpus');
  const model = join(dir, 'model.json');
  const config = join(dir, 'small.yaml');
  writeFileSync(
    config,
    'reservoirs:\n  excitation: { grid: [3, 3, 5] }\n  tract: { grid: [3, 3, 5] }\nreadout: { pca: 12, C: [10] }\nsimulation: { workers: 1 }\n',
  );

  it('synth writes the corpus and a JSON summary', async () => {
    const r = await run(['synth', '--out', corpus, '--speakers', '3', '--per-class', '3', '--seed', '4', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.files).toBe(45);
    expect(s.labels).toEqual(['neutral', 'anger', 'happiness', 'sadness', 'fear']);
    expect(existsSync(join(corpus, 'manifest.csv'))).toBe(true);
  });

  it('train (YAML config, speaker subset) -> evaluate --json -> predict --json', async () => {
    const t = await run([
      'train',
      '--dataset',
      'synth',
      '--data',
      corpus,
      '--speakers',
      'spk01,spk02',
      '--config',
      config,
      '--seed',
      '3',
      '--out',
      model,
      '--cache',
      join(dir, 'cache'),
      '--json',
    ]);
    expect(t.err).toBe('');
    expect(t.code).toBe(0);
    expect(JSON.parse(t.out)).toMatchObject({ utterances: 30, speakers: ['spk01', 'spk02'], seed: 3 });
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    // version 2: the default (features.combine input+reservoir) stores the control's blocks
    expect(saved).toMatchObject({ type: 'lsm-ser/model', version: 2 });
    expect(saved.provenance.lsmSerVersion).toBeTruthy();

    const e = await run(['evaluate', model, '--dataset', 'synth', '--data', corpus, '--speakers', 'spk03', '--cache', join(dir, 'cache'), '--json']);
    expect(e.code).toBe(0);
    const ev = JSON.parse(e.out);
    expect(Object.keys(ev).sort()).toEqual(['confusion', 'labels', 'macroF1', 'n', 'uar', 'wa']);
    expect(ev.n).toBe(15);
    expect(ev.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(15);
    expect(ev.uar).toBeGreaterThan(0.2); // 5 classes; a sanity floor, the accuracy lives in bench/

    const files = ['spk03_anger_000.wav', 'spk03_sadness_001.wav'].map((f) => join(corpus, f));
    const p = await run(['predict', model, ...files, '--json']);
    expect(p.code).toBe(0);
    const lines = p.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual(files);
    for (const l of lines) {
      expect(ev.labels).toContain(l.label);
      expect(Object.keys(l.scores).sort()).toEqual([...ev.labels].sort());
    }
    // --speakers: each speaker's files standardized together; the same files as one speaker group give the same lines
    const other = ['spk02_anger_000.wav', 'spk02_sadness_001.wav'].map((f) => join(corpus, f));
    const q = await run(['predict', model, ...other, ...files, '--speakers', 'x,x,y,y', '--json']);
    expect(q.code).toBe(0);
    const ySpeaker = await run(['predict', model, ...files, '--speakers', 'y,y', '--json']);
    const yLines = ySpeaker.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(yLines.map((l) => l.standardization)).toEqual(['speaker', 'speaker']);
    expect(
      q.out
        .trim()
        .split('\n')
        .slice(2)
        .map((l) => JSON.parse(l)),
    ).toEqual(yLines);
    expect(lines.map((l) => l.standardization)).toEqual(['training-set', 'training-set']);
    // one file of an unseen speaker: predicted alone with the model's training-set statistics
    const one = await run(['predict', model, files[0]!, '--json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out)).toMatchObject({ file: files[0], standardization: 'training-set' });
    // --enroll DIR: other utterances of the same speaker (no labels) standardize it with them
    const enroll = join(dir, 'enroll');
    mkdirSync(enroll, { recursive: true });
    copyFileSync(files[1]!, join(enroll, 'other.wav'));
    const en = await run(['predict', model, files[0]!, '--enroll', enroll, '--json']);
    expect(en.code).toBe(0);
    expect(JSON.parse(en.out)).toEqual(yLines[0]); // as predicted with its speaker's other file
    // a bad file in the list: the good ones are predicted, the bad one is named on stderr, exit 1 at the end
    const broken = join(dir, 'broken.wav');
    writeFileSync(broken, 'not a wav');
    const mixed = await run(['predict', model, files[0]!, broken, '--json']);
    expect(mixed.code).toBe(1);
    expect(JSON.parse(mixed.out)).toMatchObject({ file: files[0], standardization: 'training-set' });
    expect(mixed.err).toMatch(/broken\.wav: /);
    expect(mixed.err).toMatch(/1 of 2 files could not be predicted: .*broken\.wav/);
    const wrong = await run(['predict', model, ...files, '--speakers', 'x']);
    expect(wrong.err).toMatch(/--speakers: needs one non-empty speaker per file \(2 files\)/);
  });

  it('errors name the file or field and exit 1', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"type": "lsm-ser/model", "version": 1');
    let r = await run(['predict', bad, join(corpus, 'spk01_anger_000.wav')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.json: corrupt model file/);
    writeFileSync(bad, JSON.stringify({ type: 'other' }));
    r = await run(['evaluate', bad, '--dataset', 'synth', '--data', corpus]);
    expect(r.err).toMatch(/bad\.json: not an lsm-ser model file/);
    r = await run(['train', '--dataset', 'nosuch', '--data', corpus, '--out', join(dir, 'x.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown dataset "nosuch"/);
    const badCfg = join(dir, 'bad.yaml');
    writeFileSync(badCfg, 'readout: { pca: -2 }\n');
    r = await run(['train', '--dataset', 'synth', '--data', corpus, '--config', badCfg, '--out', join(dir, 'x.json')]);
    expect(r.code).toBe(1);
    // the config file and the field, each named once
    expect(r.err).toContain(`${badCfg}: readout.pca: `);
    expect(r.err.match(/readout\.pca/g)).toHaveLength(1);
    // identical audio under two paths: refused naming both, with the flag that keeps one
    const dup = join(dir, 'dup');
    mkdirSync(dup, { recursive: true });
    copyFileSync(join(corpus, 'spk01_anger_000.wav'), join(dup, 'copy.wav'));
    writeFileSync(join(dup, 'manifest.csv'), `file,label,speaker\n${join(corpus, 'spk01_anger_000.wav')},anger,spk01\ncopy.wav,anger,spk09\n`);
    r = await run(['train', '--dataset', 'csv', '--data', dup, '--out', join(dir, 'x.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/dup\/copy\.wav: identical audio to .*spk01_anger_000\.wav .*--duplicates keep-first/);
    r = await run(['evaluate', model, '--dataset', 'csv', '--data', dup, '--duplicates', 'sometimes']);
    expect(r.err).toMatch(/--duplicates: expected refuse or keep-first/);
    // a file outside the naming scheme: skipped and listed by default, refused with --strict
    const odd = join(dir, 'odd');
    mkdirSync(odd, { recursive: true });
    copyFileSync(join(corpus, 'spk01_anger_000.wav'), join(odd, '03a01Wa.wav'));
    copyFileSync(join(corpus, 'spk01_anger_001.wav'), join(odd, 'hello.wav'));
    r = await run(['train', '--dataset', 'emodb', '--data', odd, '--out', join(dir, 'odd.json')]);
    expect(r.err).toContain('skipped hello.wav: name does not fit the emodb naming scheme');
    r = await run(['train', '--dataset', 'emodb', '--data', odd, '--strict', '--out', join(dir, 'odd.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/hello\.wav/);
    expect(r.err).not.toContain('skipped hello.wav');
    r = await run(['train', '--dataset', 'synth', '--data', corpus, '--speakers', 'nobody', '--out', join(dir, 'x.json')]);
    expect(r.err).toMatch(/unknown speaker "nobody"/);
    // flag values: an empty string or hex is not a number
    for (const v of ['', '0x10', ' ']) {
      r = await run(['synth', '--out', join(dir, 'syn'), '--seed', v, '--json']);
      expect(r.code, JSON.stringify(v)).toBe(1);
      expect(r.err).toMatch(/--seed: expected an integer/);
    }
  });

  it('--help lists every command', async () => {
    const r = await run(['--help']);
    for (const c of ['decompose', 'simulate', 'synth', 'train', 'evaluate', 'predict', 'demo', 'run', 'sweep', 'raster', 'bench', 'compare'])
      expect(r.out).toContain(c);
  });
});

describe('lsm-ser raster', () => {
  it('draws both reservoirs of one utterance and reports their spikes', async () => {
    const dir = tempDir('lsm-ser-raster-');
    const { synthesizeCorpus, writeCorpus } = await import('../../src/synth/corpus.js');
    const c = synthesizeCorpus({ seed: 1, speakers: 2, perClass: 1, emotions: ['anger'] });
    writeCorpus(c, dir);
    const r = await run(['raster', join(dir, c.utterances[0]!.file), '--out', join(dir, 'out'), '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    for (const role of ['excitation', 'tract']) {
      expect(s[role].neurons).toBe(135);
      expect(s[role].spikes).toBeGreaterThan(0);
      expect(s[role].meanRateHz).toBeGreaterThan(0);
    }
    const svg = readFileSync(join(dir, 'out', 'raster.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('excitation reservoir (135 neurons)');
  });
});
