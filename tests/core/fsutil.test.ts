import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';

// node:fs as it is, with writeSync failing on demand (a full disk) and fsyncSync counted
const fail = vi.hoisted(() => ({ enospc: false, fsyncs: [] as number[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeSync: (...a: Parameters<typeof fs.writeSync>) => {
      if (fail.enospc) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', errno: -28 });
      return (fs.writeSync as (...x: unknown[]) => number)(...a);
    },
    fsyncSync: (fd: number) => {
      fail.fsyncs.push(fd);
      return fs.fsyncSync(fd);
    },
  };
});

const { ATOMIC_TEMP, removeStaleTemps, writeFileAtomic } = await import('../../src/core/fsutil.js');
const { claimResultsFolder } = await import('../../src/experiment/results-folder.js');

describe('atomic writes', () => {
  it('fsync the file and its folder, leave no temporary file, and name the path when the disk is full', () => {
    const dir = tempDir();
    const path = join(dir, 'sub', 'a.json');
    fail.fsyncs.length = 0;
    writeFileAtomic(path, 'hello');
    expect(readFileSync(path, 'utf8')).toBe('hello');
    expect(fail.fsyncs.length).toBe(2); // the file, then the folder
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.json']);
    fail.enospc = true;
    try {
      expect(() => writeFileAtomic(path, 'again')).toThrow(`${path}: ENOSPC: no space left on device, write`);
      try {
        writeFileAtomic(path, 'again');
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
    } finally {
      fail.enospc = false;
    }
    expect(readFileSync(path, 'utf8')).toBe('hello'); // the old content stays
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.json']); // the temporary file is removed
  });

  it('temporary files of interrupted writes older than the run are removed; fresh ones and other files stay', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '1'));
    const old = [join(dir, '.summary.json.123.0badc0de.tmp'), join(dir, '1', '.folds.jsonl.77.12345678.tmp')];
    const fresh = join(dir, '1', '.folds.jsonl.78.abcdef01.tmp');
    const other = join(dir, '.notes.tmp');
    for (const f of [...old, fresh, other]) writeFileSync(f, '');
    const past = new Date(Date.now() - 3600e3);
    for (const f of [...old, other]) utimesSync(f, past, past);
    expect(old.every((f) => ATOMIC_TEMP.test(f.replace(/^.*\//, '')))).toBe(true);
    expect(removeStaleTemps(dir, Date.now(), 0)).toEqual([old[0]]); // depth 0: not the seed folder
    claimResultsFolder(dir, { a: 1 }, 'experiment'); // a run claiming the folder sweeps it and its seed folders
    expect(existsSync(old[1]!)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
