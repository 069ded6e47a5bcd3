import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../run-cli.js';
import { decompose, loadAudio, readWav, writeWav } from '../../src/sourcefilter/index.js';
import { DATA_DIR, tempDir } from '../helpers.js';

const run = runCli;
afterEach(() => vi.restoreAllMocks());

/** The number of marks in the n-th rect mark group of an SVG (heatmap cells). */
function rectCells(svg: string): number[] {
  const out: number[] = [];
  const re = /<g class="mark-rect role-mark[^"]*"[^>]*>/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    out.push(svg.slice(m.index, svg.indexOf('</g>', m.index)).split('<path').length - 1);
  }
  return out;
}

describe.skipIf(!DATA_DIR)('lsm-ser decompose on real speech', () => {
  it('writes excitation.wav, summary.json and decomposition.svg (Emo-DB)', async () => {
    const file = join(DATA_DIR!, 'emodb-2s', '03a01Fa.wav');
    const dir = tempDir();
    const r = await run(['decompose', file, '--out', dir, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    // --json prints exactly the summary, on one line.
    expect(r.out.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.out)).toEqual(summary);
    // Independent recomputation through the library.
    const sf = decompose(loadAudio(file));
    expect(summary).toMatchObject({ sampleRate: 16000, lpcOrder: 16, frames: sf.frames, frameRate: 100 });
    expect(summary.durationSeconds).toBeCloseTo(sf.preEmphasized.length / 16000, 9);
    expect(summary.durationSeconds).toBeGreaterThan(1);
    expect(summary.durationSeconds).toBeLessThan(2);
    expect(summary.resynthesisSnrDb === null || summary.resynthesisSnrDb >= 60).toBe(true);
    expect(summary.f0MedianHz).toBeGreaterThan(80);
    expect(summary.f0MedianHz).toBeLessThan(400);
    expect(summary.voicedFraction).toBeGreaterThan(0.2);
    // The excitation file is the residual itself (float, not normalized).
    const exc = readWav(join(dir, 'excitation.wav'));
    expect(exc.sampleRate).toBe(16000);
    expect(exc.samples.length).toBe(sf.excitation.length);
    for (let i = 0; i < exc.samples.length; i += 97) expect(exc.samples[i]).toBeCloseTo(Math.fround(sf.excitation[i]!), 12);
    // The picture: an SVG with both waveforms and one cell per frame and band in each heatmap.
    const svg = readFileSync(join(dir, 'decomposition.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.split('class="mark-area').length - 1).toBe(2);
    expect(rectCells(svg)).toEqual([sf.frames * 32, sf.frames * 32]);
  });

  it('honours --order and --rate (FSDD, 8 kHz)', async () => {
    const file = join(DATA_DIR!, 'fsdd', '0_jackson_0.wav');
    const dir = tempDir();
    const r = await run(['decompose', file, '--out', dir, '--order', '10', '--rate', '8000', '--no-plot']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('LPC order 10');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ sampleRate: 8000, lpcOrder: 10 });
    expect(readWav(join(dir, 'excitation.wav')).sampleRate).toBe(8000);
    expect(existsSync(join(dir, 'decomposition.svg'))).toBe(false);
  });
});

describe('lsm-ser decompose edge cases', () => {
  it('silence: exit code 1, a message naming the file, nothing written', async () => {
    const dir = tempDir();
    const file = join(dir, 'silence.wav');
    writeWav(file, new Float64Array(22050), 22050);
    const r = await run(['decompose', file, '--out', join(dir, 'out'), '--json']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${file}: audio is silent`);
    expect(existsSync(join(dir, 'out', 'summary.json'))).toBe(false);
  });

  it('near-silence (one quantization step of noise): succeeds with no NaN anywhere', async () => {
    const dir = tempDir();
    const file = join(dir, 'hiss.wav');
    let s = 7;
    writeWav(
      file,
      Float64Array.from({ length: 22050 }, () => (((s = (s * 1103515245 + 12345) % 2147483648) % 3) - 1) / 32768),
      22050,
    );
    const r = await run(['decompose', file, '--out', join(dir, 'out'), '--json']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('NaN');
    const summary = JSON.parse(r.out);
    expect(summary.frames).toBeGreaterThan(0);
    const svg = readFileSync(join(dir, 'out', 'decomposition.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('NaN');
  });

  it('--no-plot: the message does not claim a picture', async () => {
    const dir = tempDir();
    const file = join(dir, 'tone.wav');
    writeWav(
      file,
      Float64Array.from({ length: 8000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 200 * i) / 16000)),
      16000,
    );
    const r = await run(['decompose', file, '--out', join(dir, 'out'), '--no-plot']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('summary.json');
    expect(r.out).not.toContain('decomposition.svg');
  });

  it('--out naming an existing file: a one-line error naming the path, no stack trace', async () => {
    const dir = tempDir();
    const file = join(dir, 'tone.wav');
    writeWav(
      file,
      Float64Array.from({ length: 8000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 200 * i) / 16000)),
      16000,
    );
    const r = await run(['decompose', file, '--out', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(file);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a bad WAV file: exit code 1 and a message naming the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'broken.wav');
    writeFileSync(file, 'RIFF\x10\x00\x00\x00WAVEjunk');
    const r = await run(['decompose', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('broken.wav');
    expect(existsSync(join(dir, 'out', 'summary.json'))).toBe(false);
  });

  it('bad flags are named', async () => {
    const dir = tempDir();
    const r = await run(['decompose', join(dir, 'x.wav'), '--out', dir, '--order', 'abc']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--order');
  });
});
