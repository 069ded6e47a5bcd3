import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import ts from 'typescript';
import { tempDir } from './helpers.js';

/** The TypeScript notebooks run headless through Debian's jupyter-nbconvert and the tslab kernel. */
const repo = resolve(import.meta.dirname, '..');
const PY = '/usr/bin/python3';
const jupyterOk = spawnSync(PY, ['-m', 'jupyter', 'nbconvert', '--version'], { stdio: 'ignore' }).status === 0;
const notebooks = readdirSync(join(repo, 'notebooks'))
  .filter((f) => f.endsWith('.ipynb'))
  .sort();
const env = { ...process.env, PATH: `${join(repo, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}` };

/** A notebook as stored (the fields the checks read). */
interface StoredNotebook {
  cells: { cell_type: string; id?: string; source: string | string[]; outputs?: { output_type: string; name?: string; data?: Record<string, unknown> }[] }[];
}

/** Markdown cells a tutorial needs at least (the narrative between the steps). */
const MIN_MARKDOWN_CELLS = 4;

/** An expression that only defines something (a function, a class, a literal, or a literal built of those). */
function definesOnly(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) return definesOnly(e.expression);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e) || ts.isClassExpression(e)) return true;
  if (ts.isStringLiteral(e) || ts.isNumericLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPrefixUnaryExpression(e)) return ts.isNumericLiteral(e.operand);
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => definesOnly(x));
  if (ts.isObjectLiteralExpression(e))
    return e.properties.every((p) => ts.isMethodDeclaration(p) || (ts.isPropertyAssignment(p) && definesOnly(p.initializer)));
  return false;
}

/**
 * Whether a code cell only imports and defines (imports; function, class, interface, type and enum
 * declarations; constants bound to functions or literals): such a cell may have no output. Any other
 * statement (a call, an await, a computed constant, a display) counts as work that shows something.
 */
function onlyImportsAndDefinitions(source: string): boolean {
  const sf = ts.createSourceFile('cell.ts', source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return sf.statements.every(
    (s) =>
      ts.isImportDeclaration(s) ||
      ts.isImportEqualsDeclaration(s) ||
      ts.isFunctionDeclaration(s) ||
      ts.isClassDeclaration(s) ||
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      ts.isEnumDeclaration(s) ||
      ts.isEmptyStatement(s) ||
      (ts.isVariableStatement(s) && s.declarationList.declarations.every((d) => !d.initializer || definesOnly(d.initializer))),
  );
}

/**
 * What a stored (checked-in) notebook lacks to read as a tutorial without being run: every code
 * cell that does more than import and define has stored outputs; at least one stored plot
 * (image/svg+xml or image/png); at least MIN_MARKDOWN_CELLS markdown cells; no stored error or
 * stderr output. Returns the problems ([] when none).
 */
function storedNotebookProblems(nb: StoredNotebook): string[] {
  const problems: string[] = [];
  const text = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  const markdown = nb.cells.filter((c) => c.cell_type === 'markdown').length;
  if (code.length === 0) problems.push('no code cells');
  if (markdown < MIN_MARKDOWN_CELLS) problems.push(`${markdown} markdown cells (at least ${MIN_MARKDOWN_CELLS}: the narrative between the steps)`);
  code.forEach((c, k) => {
    const name = `code cell ${k + 1}${c.id ? ` (${c.id})` : ''}`;
    const outs = c.outputs ?? [];
    if (outs.length === 0 && !onlyImportsAndDefinitions(text(c.source))) problems.push(`${name} has no stored output`);
    if (outs.some((o) => o.output_type === 'error')) problems.push(`${name} has a stored error`);
    if (outs.some((o) => o.output_type === 'stream' && o.name === 'stderr')) problems.push(`${name} has stored stderr output`);
  });
  const images = code.flatMap((c) => c.outputs ?? []).filter((o) => o.data && ('image/svg+xml' in o.data || 'image/png' in o.data)).length;
  if (images === 0) problems.push('no stored image (image/svg+xml or image/png)');
  return problems;
}

describe('stored notebooks (as checked in) read as tutorials', () => {
  const cell = (cell_type: string, source: string, outputs?: StoredNotebook['cells'][number]['outputs']) => ({
    cell_type,
    source,
    ...(cell_type === 'code' ? { outputs: outputs ?? [] } : {}),
  });
  const svg = { output_type: 'display_data', data: { 'image/svg+xml': '<svg/>' } };
  const narrative = ['# t', 'a', 'b', 'c'].map((s) => cell('markdown', s));

  it('a cell that only imports and defines needs no output; one that does work does', () => {
    expect(
      onlyImportsAndDefinitions(
        "import { join } from 'path';\nfunction f(x: number) { return x; }\nconst g = (y: number) => y + 1, K = 3;\ntype T = { a: number };",
      ),
    ).toBe(true);
    expect(onlyImportsAndDefinitions("import { join } from 'path';\nconsole.log(join('a', 'b'));")).toBe(false);
    expect(onlyImportsAndDefinitions('const r = run(config);')).toBe(false);
    expect(onlyImportsAndDefinitions('await tslab.display.svg(s);')).toBe(false);
  });

  it('finds every kind of problem in synthetic notebooks, and none in a complete one', () => {
    const good: StoredNotebook = { cells: [...narrative, cell('code', "import { a } from 'b';"), cell('code', 'show(1);', [svg])] };
    expect(storedNotebookProblems(good)).toEqual([]);
    const bad: StoredNotebook = {
      cells: [
        cell('markdown', '# only one'),
        cell('code', 'show(1);'),
        cell('code', 'fail();', [{ output_type: 'error' }]),
        cell('code', 'warn();', [{ output_type: 'stream', name: 'stderr' }]),
      ],
    };
    const p = storedNotebookProblems(bad);
    expect(p).toContain('code cell 1 has no stored output');
    expect(p).toContain('code cell 2 has a stored error');
    expect(p).toContain('code cell 3 has stored stderr output');
    expect(p).toContain('no stored image (image/svg+xml or image/png)');
    expect(p.some((x) => x.startsWith('1 markdown cells'))).toBe(true);
  });

  it('fails on a checked-in notebook once its outputs are stripped', () => {
    const nb = JSON.parse(readFileSync(join(repo, 'notebooks', notebooks[0]!), 'utf8')) as StoredNotebook;
    expect(storedNotebookProblems(nb)).toEqual([]);
    const stripped = { cells: nb.cells.map((c) => (c.cell_type === 'code' ? { ...c, outputs: [] } : c)) };
    const p = storedNotebookProblems(stripped);
    expect(p).toContain('no stored image (image/svg+xml or image/png)');
    expect(p.filter((x) => x.endsWith('has no stored output')).length).toBeGreaterThan(0);
  });

  for (const nb of notebooks) {
    it(`${nb}: narrative, stored outputs and a plot, no stored error`, () => {
      const stored = JSON.parse(readFileSync(join(repo, 'notebooks', nb), 'utf8')) as StoredNotebook;
      expect(storedNotebookProblems(stored)).toEqual([]);
    });
  }
});

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
    }, 300_000);

    for (const nb of notebooks) {
      it(nb, () => {
        const out = join(tempDir('lsm-ser-nb-'), nb);
        const r = spawnSync(
          PY,
          [
            '-m',
            'jupyter',
            'nbconvert',
            '--to',
            'notebook',
            '--execute',
            '--ExecutePreprocessor.timeout=600',
            '--ExecutePreprocessor.startup_timeout=300',
            join(repo, 'notebooks', nb),
            '--output',
            out,
          ],
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
        // and, run afresh, it still produces what a stored tutorial needs (outputs, a plot)
        expect(storedNotebookProblems(executed as StoredNotebook)).toEqual([]);
      }, 600_000);
    }
  });
});
