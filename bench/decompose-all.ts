/**
 * Runs `lsm-ser decompose` (the same code path, in-process) on every WAV file of
 * `$LSM_SER_DATA/emodb-2s` and `$LSM_SER_DATA/fsdd`, and prints min / median resynthesis SNR,
 * F0 statistics and failures.
 *
 *   npx tsx bench/decompose-all.ts [--data DIR] [--out DIR] [--no-plot]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runDecompose } from '../src/experiment/decompose-report.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = flag('--data') ?? process.env.LSM_SER_DATA ?? '../shared/data';
const out = flag('--out') ?? join(tmpdir(), 'lsm-ser-decompose-all');
const plot = !args.includes('--no-plot');
for (const ds of ['emodb-2s', 'fsdd']) {
  const dir = join(data, ds);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.wav'))
    .sort();
  const snrs: number[] = [];
  const failures: string[] = [];
  let noF0 = 0;
  const f0s: number[] = [];
  const voicedFractions: number[] = [];
  const t0 = performance.now();
  for (const f of files) {
    try {
      const s = await runDecompose(join(dir, f), join(out, ds, f.replace(/\.wav$/, '')), { plot });
      snrs.push(s.resynthesisSnrDb ?? Infinity);
      if (s.f0MedianHz === null) noF0++;
      else f0s.push(s.f0MedianHz);
      voicedFractions.push(s.voicedFraction);
    } catch (e) {
      failures.push(`${f}: ${(e as Error).message}`);
    }
  }
  snrs.sort((a, b) => a - b);
  f0s.sort((a, b) => a - b);
  voicedFractions.sort((a, b) => a - b);
  const sec = (performance.now() - t0) / 1000;
  console.log(
    `${ds}: ${files.length} files, ${files.length - failures.length} ok, ${failures.length} failed; ` +
      `resynthesis SNR min ${snrs[0]?.toFixed(1)} dB, median ${snrs[snrs.length >> 1]?.toFixed(1)} dB; ` +
      `no voiced frame in ${noF0}; per-file median F0: 10th/50th/90th percentile ` +
      `${[0.1, 0.5, 0.9].map((q) => f0s[Math.floor(q * (f0s.length - 1))]?.toFixed(0)).join('/')} Hz; ` +
      `median voiced fraction ${voicedFractions[voicedFractions.length >> 1]?.toFixed(2)}; ${sec.toFixed(1)} s (plots ${plot ? 'on' : 'off'})`,
  );
  for (const f of failures.slice(0, 10)) console.log('  FAILED', f);
}
