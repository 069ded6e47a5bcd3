/**
 * Real-time factor of the whole front end (read + mono + resample 22.05 -> 16 kHz + trim +
 * LPC split + both band representations + F0) on real Emo-DB files, on one core (Node runs
 * this single-threaded), plus a benny suite of the stages on one file.
 *
 *   npx tsx bench/frontend.ts [--data DIR] [--files N] [--reps R] [--no-suite]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import b from 'benny';
import { decompose, loadAudio, readWav, resample, trimSilence } from '../src/sourcefilter/index.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = flag('--data') ?? process.env.LSM_SER_DATA ?? '../shared/data';
const nFiles = Number(flag('--files') ?? 50);
const reps = Number(flag('--reps') ?? 3);
const dir = join(data, 'emodb-2s');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.wav'))
  .sort()
  .slice(0, nFiles)
  .map((f) => join(dir, f));

// Stage timings over all files, best of `reps` passes (after one warm-up pass).
type Stage = 'read' | 'resample' | 'decompose' | 'total';
const best: Record<Stage, number> = { read: Infinity, resample: Infinity, decompose: Infinity, total: Infinity };
let audioSeconds = 0;
let analysedSeconds = 0;
for (let pass = 0; pass <= reps; pass++) {
  const t: Record<Stage, number> = { read: 0, resample: 0, decompose: 0, total: 0 };
  audioSeconds = 0;
  analysedSeconds = 0;
  for (const f of files) {
    const t0 = performance.now();
    const raw = readWav(f);
    const t1 = performance.now();
    const trimmed = trimSilence(raw);
    const x = resample(trimmed.samples, trimmed.sampleRate, 16000);
    const t2 = performance.now();
    decompose({ samples: x, sampleRate: 16000, source: f });
    const t3 = performance.now();
    t.read += t1 - t0;
    t.resample += t2 - t1;
    t.decompose += t3 - t2;
    t.total += t3 - t0;
    audioSeconds += raw.samples.length / raw.sampleRate;
    analysedSeconds += x.length / 16000;
  }
  if (pass === 0) continue; // warm-up (JIT, plan caches)
  for (const k of Object.keys(t) as Stage[]) best[k] = Math.min(best[k], t[k]);
}
console.log(
  `front end on ${files.length} Emo-DB files: ${audioSeconds.toFixed(1)} s of audio in the files, ${analysedSeconds.toFixed(1)} s after trimming (best of ${reps} passes, one core)`,
);
for (const k of ['read', 'resample', 'decompose', 'total'] as Stage[]) {
  const msPerS = best[k] / audioSeconds;
  console.log(
    `  ${k.padEnd(10)} ${best[k].toFixed(1).padStart(8)} ms  ${msPerS.toFixed(3).padStart(7)} ms per s of file audio  RTF ${(1000 / msPerS).toFixed(0).padStart(6)}x`,
  );
}
const perAnalysed = best.total / analysedSeconds;
console.log(`  total per second of analysed (trimmed) speech: ${perAnalysed.toFixed(3)} ms, RTF ${(1000 / perAnalysed).toFixed(0)}x (target >= 200x)`);

if (!args.includes('--no-suite')) {
  const one = files[0]!;
  const raw = readWav(one);
  const x16 = resample(raw.samples, raw.sampleRate, 16000);
  const a16 = { samples: x16, sampleRate: 16000, source: one };
  await b.suite(
    `stages on one file (${(raw.samples.length / raw.sampleRate).toFixed(2)} s)`,
    b.add('readWav', () => readWav(one)),
    b.add('resample 22050 -> 16000', () => resample(raw.samples, raw.sampleRate, 16000)),
    b.add('decompose (LPC split + bands + F0)', () => decompose(a16)),
    b.add('decompose without F0', () => decompose(a16, { pitch: false })),
    b.add('loadAudio + decompose', () => decompose(loadAudio(one))),
    b.cycle(),
    b.complete(),
  );
}
