import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli as run } from '../run-cli.js';
import { synthesizeCorpus, writeCorpus } from '../../src/synth/corpus.js';
import { tempDir } from '../helpers.js';

describe('lsm-ser compare', () => {
  it('runs a config, prints JSON rows, writes the report; bad configs name the field', async () => {
    const dir = tempDir('lsm-ser-compare-cli-');
    const c = synthesizeCorpus({ seed: 2, speakers: 3, perClass: 3, emotions: ['anger', 'sadness', 'neutral'] });
    writeCorpus(c, join(dir, 'corpus'));
    const cfg = join(dir, 'cmp.yaml');
    writeFileSync(
      cfg,
      'version: 1\nname: cli\ndataset: { name: synth, path: corpus }\nmodels: [mfcc-svm, elm]\nelm: { hidden: 40 }\nnoise: { kinds: [pink], snrDb: [10] }\n',
    );
    const r = await run(['compare', cfg, '--out', join(dir, 'res'), '--data', dir, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.rows.map((x: { model: string }) => x.model)).toEqual(['mfcc-svm', 'elm']);
    expect(j.rows[0].conditions).toHaveProperty('pink@10');
    expect(j.pairs.map((x: { modelA: string; modelB: string }) => `${x.modelA}-${x.modelB}`)).toEqual(['mfcc-svm-elm']);
    for (const f of ['results.jsonl', 'compare.md', 'compare.json', 'compare.svg', 'ranked.svg', 'noise.svg'])
      expect(existsSync(join(dir, 'res', 'cli', f)), f).toBe(true);
    writeFileSync(cfg, 'version: 1\nname: cli\ndataset: { name: synth, path: corpus }\nnoise: { kinds: [brown] }\n');
    const bad = await run(['compare', cfg, '--out', join(dir, 'res2'), '--data', dir]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/noise/);
    const help = await run(['compare', '--help']);
    expect(help.out).toMatch(/--out <dir>/);
  }, 120_000);
});
