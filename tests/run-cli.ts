/** Run the lsm-ser CLI in-process, capturing stdout and stderr (for CLI tests). */
import { vi } from 'vitest';
import { main } from '../src/cli/main.js';

/** Run `lsm-ser ...argv`; resolves to the exit code and what was printed. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
