/**
 * Agreement of lsm-ser's eGeMAPS v02 with openSMILE 3.0.1 (the peer in
 * `$LSM_SER_PEERS/opensmile`): per functional, Pearson r and mean absolute difference over the
 * files of a corpus; per LLD, the same over the frames of Emo-DB-2s (source/formant LLDs over
 * the frames both call voiced). Prints the tables and writes
 * `bench/results/egemaps-agreement.json`.
 *
 *   npx tsx bench/egemaps-agreement.ts [--datasets emodb-2s,emodb,fsdd] [--files N] [--out FILE] [--perturbation frame|tracked]
 *   npx tsx bench/egemaps-agreement.ts --scales [--silence 1e-6]   # EGEMAPS_CHANNEL_SCALES
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execSync } from 'node:child_process';
import { readWav } from '../src/sourcefilter/wav.js';
import {
  agreement,
  EGEMAPS_FUNCTIONAL_NAMES,
  EGEMAPS_LLD_COUNT,
  egemapsFunctionals,
  egemapsLlds,
  parseOpenSmileCsv,
  smoothedLlds,
  type Agreement,
} from '../src/sourcefilter/egemaps/index.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = process.env.LSM_SER_DATA ?? '/work/shared/data';
const peers = process.env.LSM_SER_PEERS ?? '/work/shared/peers';
const datasets = (flag('--datasets') ?? 'emodb-2s').split(',');
const maxFiles = Number(flag('--files') ?? Infinity);
const outFile = flag('--out') ?? 'bench/results/egemaps-agreement.json';
const refDir = join(peers, 'opensmile', 'reference');
const perturbation = (flag('--perturbation') ?? 'frame') as 'frame' | 'tracked';
if (perturbation !== 'frame' && perturbation !== 'tracked') throw new Error(`--perturbation: expected frame or tracked, got "${perturbation}"`);
const lldOptions = { perturbation };

// --scales: the reservoir-channel scales (EGEMAPS_CHANNEL_SCALES): mean and std of each smoothed
// LLD over the non-silent frames (mean square of the 20-ms frame >= --silence, default 1e-6),
// voiced frames for the source/formant group, of every fourth Emo-DB-2s file; printed, no JSON.
if (args.includes('--scales')) {
  const { readdirSync } = await import('node:fs');
  const { EGEMAPS_LLD_NAMES, EGEMAPS_VOICED_GROUP_START } = await import('../src/sourcefilter/egemaps/index.js');
  const silence = Number(flag('--silence') ?? 1e-6);
  const files = readdirSync(join(data, 'emodb-2s'))
    .filter((f) => f.endsWith('.wav'))
    .sort()
    .filter((_, i) => i % 4 === 0);
  const C = EGEMAPS_LLD_COUNT;
  const sum = new Float64Array(C);
  const sq = new Float64Array(C);
  const cnt = new Float64Array(C);
  for (const f of files) {
    const l = egemapsLlds(readWav(join(data, 'emodb-2s', f)));
    const s = smoothedLlds(l);
    for (let t = 0; t < l.frames; t++) {
      if (!(l.power[t]! >= silence)) continue;
      for (let c = 0; c < C; c++) {
        if (c >= EGEMAPS_VOICED_GROUP_START && !(l.f0[t]! > 0)) continue;
        const v = s[t * C + c]!;
        if (v === -201) continue;
        sum[c] = sum[c]! + v;
        sq[c] = sq[c]! + v * v;
        cnt[c] = cnt[c]! + 1;
      }
    }
  }
  console.log(`// ${files.length} files of emodb-2s, silence threshold ${silence}`);
  EGEMAPS_LLD_NAMES.forEach((n, c) => {
    const m = sum[c]! / cnt[c]!;
    const sd = Math.sqrt(Math.max(0, sq[c]! / cnt[c]! - m * m));
    console.log(`  ${/^[A-Za-z]\w*$/.test(n) ? n : `'${n}'`}: [${m.toPrecision(3)}, ${sd.toPrecision(3)}],`);
  });
  process.exit(0);
}

/** Evenly spaced subset of `items` of at most `n`. */
function subset<T>(items: T[], n: number): T[] {
  if (!(n < items.length)) return items;
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]!);
}
const fmt = (a: Agreement) =>
  `${Number.isNaN(a.r) ? '  nan' : a.r.toFixed(3).padStart(6)}  ${a.mad.toPrecision(3).padStart(9)}  ${a.refMean.toPrecision(4).padStart(10)}  ${a.oursMean.toPrecision(4).padStart(10)}`;

const record: Record<string, unknown> = {
  date: new Date().toISOString(),
  commit: (() => {
    try {
      return execSync('git rev-parse --short HEAD').toString().trim();
    } catch {
      return 'unknown';
    }
  })(),
  machine: `${process.platform} ${process.arch}, node ${process.version}, load ${(await import('node:os'))
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
  peer: 'openSMILE 3.0.1, eGeMAPSv02.conf',
  options: lldOptions,
};

// Functionals over files.
for (const ds of datasets) {
  const ref = parseOpenSmileCsv(readFileSync(join(refDir, `egemaps-v02-functionals-${ds}.csv`), 'utf8'), ds);
  const names = subset([...ref.rows.keys()], maxFiles);
  const t0 = performance.now();
  const cols: [number[], number[]][] = EGEMAPS_FUNCTIONAL_NAMES.map(() => [[], []]);
  for (const n of names) {
    const ours = egemapsFunctionals(egemapsLlds(readWav(join(data, ds, `${n}.wav`)), lldOptions));
    const r = ref.rows.get(n)![0]!;
    EGEMAPS_FUNCTIONAL_NAMES.forEach((fn, j) => {
      const k = ref.names.indexOf(fn);
      cols[j]![0].push(r[k]!);
      cols[j]![1].push(ours[j]!);
    });
  }
  const ms = (performance.now() - t0) / names.length;
  console.log(`\n## ${ds}: 88 functionals over ${names.length} files (${ms.toFixed(0)} ms/file)`);
  console.log(`${'functional'.padEnd(44)}      r        MAD    openSMILE       ours`);
  const rows: Record<string, Agreement> = {};
  EGEMAPS_FUNCTIONAL_NAMES.forEach((fn, j) => {
    const a = agreement(cols[j]![0], cols[j]![1]);
    rows[fn] = a;
    console.log(`${fn.padEnd(44)}${fmt(a)}`);
  });
  record[`functionals:${ds}`] = { files: names.length, msPerFile: ms, rows };
}

// LLDs over frames of Emo-DB-2s.
if (datasets.includes('emodb-2s')) {
  const ref = parseOpenSmileCsv(gunzipSync(readFileSync(join(refDir, 'egemaps-v02-lld-emodb-2s.csv.gz'))).toString(), 'LLD reference');
  const names = subset([...ref.rows.keys()], Math.min(maxFiles, 100));
  const C = EGEMAPS_LLD_COUNT;
  const pairs: [number[], number[]][] = Array.from({ length: C }, () => [[], []]);
  const allFrames: [number[], number[]][] = Array.from({ length: C }, () => [[], []]);
  const FORMANT_COLS = [16, 17, 19, 20, 22, 23];
  let both = 0;
  let refV = 0;
  let oursV = 0;
  let total = 0;
  for (const n of names) {
    const s = smoothedLlds(egemapsLlds(readWav(join(data, 'emodb-2s', `${n}.wav`)), lldOptions));
    const rr = ref.rows.get(n)!;
    const F = Math.min(rr.length, s.length / C);
    for (let f = 0; f < F; f++) {
      const rv = rr[f]![10]! > 0;
      const ov = s[f * C + 10]! > 0;
      total++;
      if (rv) refV++;
      if (ov) oursV++;
      if (rv && ov) both++;
      for (let c = 0; c < C; c++) {
        // formant frequencies and bandwidths: openSMILE's LLD output has them in every frame
        if (FORMANT_COLS.includes(c) && rr[f]![c] !== -201) {
          allFrames[c]![0].push(rr[f]![c]!);
          allFrames[c]![1].push(s[f * C + c]!);
        }
        if (c >= 10 && !(rv && ov)) continue;
        const a = rr[f]![c]!;
        const b = s[f * C + c]!;
        if (a === -201 || b === -201) continue;
        pairs[c]![0].push(a);
        pairs[c]![1].push(b);
      }
    }
  }
  console.log(`\n## emodb-2s: 25 LLDs over frames of ${names.length} files (${total} frames; voiced: openSMILE ${refV}, ours ${oursV}, both ${both})`);
  console.log(`${'LLD'.padEnd(44)}      r        MAD    openSMILE       ours`);
  const rows: Record<string, Agreement> = {};
  ref.names.forEach((ln, c) => {
    const a = agreement(pairs[c]![0], pairs[c]![1]);
    rows[ln] = a;
    console.log(`${ln.padEnd(44)}${fmt(a)}`);
  });
  const voicing = { frames: total, openSmileVoiced: refV, oursVoiced: oursV, bothVoiced: both, agreement: (total - refV - oursV + 2 * both) / total };
  console.log(`voicing agreement ${(voicing.agreement * 100).toFixed(1)} % of frames`);
  console.log('formant frequencies and bandwidths over all frames (voiced or not):');
  const formantsAllFrames: Record<string, Agreement> = {};
  for (const c of FORMANT_COLS) {
    const a = agreement(allFrames[c]![0], allFrames[c]![1]);
    formantsAllFrames[ref.names[c]!] = a;
    console.log(`${ref.names[c]!.padEnd(44)}${fmt(a)}`);
  }
  record['lld:emodb-2s'] = { files: names.length, voicing, rows, formantsAllFrames };
}
writeFileSync(outFile, `${JSON.stringify(record, null, 2)}\n`);
console.log(`\nwrote ${outFile}`);
