/**
 * The cost of fsync in atomic writes: N feature-cache-sized entries (default 400 x 5.2 kB, a
 * default-LSM feature vector) and N small JSON results written with and without fsync of the
 * file and the folder, alternating rounds. Prints ms per write.
 *
 *   npx tsx bench/fsync.ts [--n 400] [--dir /tmp/lsm-ser-fsync]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFileAtomic } from '../src/core/fsutil.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const n = Number(flag('--n') ?? '400');
const base = mkdtempSync(join(flag('--dir') ?? tmpdir(), 'lsm-ser-fsync-'));
const entry = new Uint8Array(40 + 8 * 648);
const json = JSON.stringify({
  fold: 'speaker 03',
  uar: 0.6,
  confusion: [
    [1, 2],
    [3, 4],
  ],
});
const rows: string[] = [];
for (const [what, data] of [
  ['cache entry 5.2 kB', entry],
  ['fold line 0.1 kB', json],
] as const) {
  const ms: Record<string, number[]> = { fsync: [], none: [] };
  for (let round = 0; round < 3; round++) {
    for (const sync of [true, false]) {
      const dir = join(base, `${what.split(' ')[0]}-${round}-${sync}`);
      const t = performance.now();
      for (let i = 0; i < n; i++) writeFileAtomic(join(dir, String(i % 16), `${i}.bin`), data, { fsync: sync });
      ms[sync ? 'fsync' : 'none']!.push((performance.now() - t) / n);
    }
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
  rows.push(`| ${what} | ${n} x 3 | ${med(ms.none!).toFixed(3)} | ${med(ms.fsync!).toFixed(3)} |`);
}
rmSync(base, { recursive: true, force: true });
process.stdout.write(['| write | count | ms/write without fsync | ms/write with fsync (file + folder) |', '|---|---|---:|---:|', ...rows].join('\n') + '\n');
