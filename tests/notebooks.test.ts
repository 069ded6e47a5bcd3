import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { tempDir } from './helpers.js';

/** The TypeScript notebooks run headless through Debian's jupyter-nbconvert and the tslab kernel. */
const repo = resolve(import.meta.dirname, '..');
const PY = '/usr/bin/python3';
const jupyterOk = spawnSync(PY, ['-m', 'jupyter', 'nbconvert', '--version'], { stdio: 'ignore' }).status === 0;
const notebooks = readdirSync(join(repo, 'notebooks'))
  .filter((f) => f.endsWith('.ipynb'))
  .sort();
const env = { ...process.env, PATH: `${join(repo, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}` };

describe('notebooks', () => {
  it('jupyter-nbconvert is installed where CI runs (apt-get install jupyter-nbconvert python3-ipykernel)', () => {
    if (process.env.CI) expect(jupyterOk).toBe(true);
    expect(notebooks.length).toBeGreaterThanOrEqual(3);
  });

  describe.skipIf(!jupyterOk)('execute every notebook', () => {
    beforeAll(() => {
      // the notebooks import the built package entry point, and need the tslab kernel registered
      execFileSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repo, 'tsconfig.build.json')], {
        cwd: repo,
        stdio: 'ignore',
      });
      execFileSync(join(repo, 'node_modules', '.bin', 'tslab'), ['install', `--python=${PY}`], { cwd: repo, env, stdio: 'ignore' });
    }, 120_000);

    for (const nb of notebooks) {
      it(nb, () => {
        const out = join(tempDir('lsm-ser-nb-'), nb);
        const r = spawnSync(
          PY,
          ['-m', 'jupyter', 'nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=600', join(repo, 'notebooks', nb), '--output', out],
          { cwd: join(repo, 'notebooks'), env, encoding: 'utf8' },
        );
        expect(r.status, r.stderr.slice(-3000)).toBe(0);
        const executed = JSON.parse(readFileSync(out, 'utf8')) as { cells: { cell_type: string; outputs?: { output_type: string; name?: string }[] }[] };
        const code = executed.cells.filter((c) => c.cell_type === 'code');
        expect(code.length).toBeGreaterThan(1);
        // every code cell ran and none wrote an error
        for (const c of code) {
          expect(c.outputs!.some((o) => o.output_type === 'error')).toBe(false);
          expect(c.outputs!.some((o) => o.name === 'stderr')).toBe(false);
        }
      }, 600_000);
    }
  });
});
