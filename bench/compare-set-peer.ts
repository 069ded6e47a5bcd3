/**
 * The ComParE-style LLDs of lsm-ser against openSMILE 3.0.1's ComParE 2016 LLDs (the peer in
 * `$LSM_SER_PEERS/opensmile`), on a few Emo-DB-2s files read at their own rate (22.05 kHz, no
 * trimming): per LLD the Pearson correlation over all frames of the files (lsm-ser's contour
 * smoothed over 3 frames like openSMILE's `_sma`, best frame lag in -2..2), for the LLDs this
 * implementation defines the same way as the published set (F0, jitter, shimmer and HNR come
 * from lsm-ser's own F0 tracker and are compared in the eGeMAPS work instead). Band energies are compared in dB
 * (openSMILE writes linear energies).
 *
 *   LSM_SER_DATA=../shared/data LSM_SER_PEERS=../shared/peers npx tsx bench/compare-set-peer.ts [--files 6]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readWav } from '../src/sourcefilter/wav.js';
import { compareLlds, SPECTRAL_LLD_NAMES } from '../src/sourcefilter/compare-set/index.js';

const data = process.env.LSM_SER_DATA;
const peers = process.env.LSM_SER_PEERS;
if (!data || !peers) throw new RangeError('set LSM_SER_DATA and LSM_SER_PEERS');
const args = process.argv.slice(2);
const nFiles = Number(args[args.indexOf('--files') + 1] ?? 6) || 6;
const dir = join(data, 'emodb-2s');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.wav'))
  .sort()
  .filter((_, i, a) => i % Math.floor(a.length / nFiles) === 0)
  .slice(0, nFiles);
const os = join(peers, 'opensmile');
const tmp = mkdtempSync(join(tmpdir(), 'lsm-ser-peer-'));

/** lsm-ser LLD (by name or voicing) -> openSMILE column, with a transform of openSMILE's value. */
const pairs: [string, string, (v: number) => number][] = [
  ['rms', 'pcm_RMSenergy_sma', (v) => v],
  ['zcr', 'pcm_zcr_sma', (v) => v],
  ['loudness', 'audspec_lengthL1norm_sma', (v) => v],
  ...Array.from({ length: 14 }, (_, k) => [`mfcc[${k + 1}]`, `mfcc_sma[${k + 1}]`, (v: number) => v] as [string, string, (v: number) => number]),
  ['energy250-650', 'pcm_fftMag_fband250-650_sma', (v) => 10 * Math.log10(v + 1e-12)],
  ['energy1000-4000', 'pcm_fftMag_fband1000-4000_sma', (v) => 10 * Math.log10(v + 1e-12)],
  ['rolloff25', 'pcm_fftMag_spectralRollOff25.0_sma', (v) => v],
  ['rolloff50', 'pcm_fftMag_spectralRollOff50.0_sma', (v) => v],
  ['rolloff75', 'pcm_fftMag_spectralRollOff75.0_sma', (v) => v],
  ['rolloff90', 'pcm_fftMag_spectralRollOff90.0_sma', (v) => v],
  ['flux', 'pcm_fftMag_spectralFlux_sma', (v) => v],
  ['centroid', 'pcm_fftMag_spectralCentroid_sma', (v) => v],
  ['entropy', 'pcm_fftMag_spectralEntropy_sma', (v) => v],
  ['variance', 'pcm_fftMag_spectralVariance_sma', (v) => v],
  ['skewness', 'pcm_fftMag_spectralSkewness_sma', (v) => v],
  ['kurtosis', 'pcm_fftMag_spectralKurtosis_sma', (v) => v],
  ['slope', 'pcm_fftMag_spectralSlope_sma', (v) => v],
  ['sharpness', 'pcm_fftMag_psySharpness_sma', (v) => v],
  ['harmonicity', 'pcm_fftMag_spectralHarmonicity_sma', (v) => v],
  ['voicingProb', 'voicingFinalUnclipped_sma', (v) => v],
];

const sma3 = (x: Float64Array) => x.map((_, t) => (x[Math.max(0, t - 1)]! + x[t]! + x[Math.min(x.length - 1, t + 1)]!) / 3);
function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const ours = new Map<string, Float64Array[]>();
const theirs = new Map<string, number[][]>();
for (const f of files) {
  const csv = join(tmp, `${f}.csv`);
  execFileSync(
    join(os, 'bin', 'SMILExtract'),
    ['-C', join(os, 'config', 'compare16', 'ComParE_2016.conf'), '-I', join(dir, f), '-lldcsvoutput', csv, '-instname', f, '-loglevel', '0'],
    {
      stdio: 'ignore',
    },
  );
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const head = lines[0]!.split(';');
  const rows = lines.slice(1).map((l) => l.split(';').map(Number));
  const l = compareLlds(readWav(join(dir, f)));
  for (const [mine, col, tf] of pairs) {
    const c = head.indexOf(col);
    if (c < 0) throw new RangeError(`openSMILE output has no column ${col}`);
    const v = mine === 'voicingProb' ? l.voicingProb : l.spectral[SPECTRAL_LLD_NAMES.indexOf(mine)]!;
    (ours.get(mine) ?? ours.set(mine, []).get(mine)!).push(sma3(v));
    (theirs.get(mine) ?? theirs.set(mine, []).get(mine)!).push(rows.map((r) => tf(r[c]!)));
  }
}
console.log(`# lsm-ser ComParE-style LLDs vs openSMILE 3.0.1 ComParE_2016 LLDs, ${files.length} Emo-DB-2s files (${files.join(', ')})`);
console.log('| LLD | openSMILE column | frames | r (best lag) | lag |');
console.log('|---|---|---:|---:|---:|');
for (const [mine, col] of pairs) {
  let best = { r: -2, lag: 0, n: 0 };
  for (let lag = -2; lag <= 2; lag++) {
    const a: number[] = [];
    const b: number[] = [];
    ours.get(mine)!.forEach((x, i) => {
      const y = theirs.get(mine)![i]!;
      for (let t = 0; t < y.length; t++) {
        const s = t + lag;
        if (s >= 0 && s < x.length) {
          a.push(x[s]!);
          b.push(y[t]!);
        }
      }
    });
    const r = pearson(a, b);
    if (r > best.r) best = { r, lag, n: a.length };
  }
  console.log(`| ${mine} | ${col} | ${best.n} | ${best.r.toFixed(3)} | ${best.lag} |`);
}
