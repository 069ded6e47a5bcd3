import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { installPipeGuard } from '../../src/cli/main.js';

const root = join(import.meta.dirname, '..', '..');

describe('stdout closed early (lsm-ser ... | head)', () => {
  it('EPIPE ends the process quietly with the exit status so far; other stream errors are not swallowed', () => {
    const s = new EventEmitter();
    const codes: number[] = [];
    installPipeGuard(s, (c) => codes.push(c));
    s.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([0]);
    expect(() => s.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow(/EIO/);
  });

  it('a real pipe into head: no stack trace, exit 0', () => {
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
    const script = `const { installPipeGuard } = await import(${JSON.stringify(join(root, 'src', 'cli', 'main.ts'))}); installPipeGuard(); for (let i = 0; i < 1e5; i++) process.stdout.write('line\\n');`;
    const r = spawnSync('bash', ['-c', `set -o pipefail; node --import ${tsx} --input-type=module -e "$SCRIPT" | head -1`], {
      env: { ...process.env, SCRIPT: script },
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('line\n');
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.status).toBe(0);
  }, 30000);
});
