/**
 * The layering of src/ (README, "Architecture"), checked on the import statements themselves:
 * every import, re-export, dynamic `import()` and `import('...')` type between two folders of
 * src/ must be one of the allowed edges below, the folder graph has no cycle, `plot` imports
 * only types from `sourcefilter`, bench/ and notebooks/ import nothing from src/cli, and the
 * package surface is curated by name (src/index.ts re-exports folder index files only; a
 * folder's index.ts re-exports with `*` only a sub-folder's index.ts or core's unit constants).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
/** File names that merge tools and `patch` leave behind. */
const LEFTOVER = /\.(orig|rej)$|\.(BACKUP|LOCAL|REMOTE|BASE)\.\d+\./;

/**
 * What each folder of src/ may import (besides itself). The order of layers:
 *   core <- sourcefilter <- lsm <- benchmark
 *                            lsm <- readout <- experiment <- cli
 * with side branches: plot (core; sourcefilter types only), synth and augment (core,
 * sourcefilter), baselines (core, sourcefilter, readout). `readout` knows nothing of neurons or
 * audio (core only); `sourcefilter` nothing of spikes; `lsm` nothing of datasets or readouts.
 * `benchmark` builds on lsm and sits below cli (and bench/). The root src/index.ts may import
 * every folder's index.ts.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  sourcefilter: ['core'],
  plot: ['core', 'sourcefilter'],
  synth: ['core', 'sourcefilter'],
  augment: ['core', 'sourcefilter'],
  lsm: ['core', 'sourcefilter'],
  benchmark: ['core', 'sourcefilter', 'lsm'],
  readout: ['core'],
  baselines: ['core', 'sourcefilter', 'readout'],
  experiment: ['core', 'sourcefilter', 'plot', 'synth', 'augment', 'lsm', 'readout', 'baselines'],
  cli: ['core', 'sourcefilter', 'plot', 'synth', 'augment', 'lsm', 'benchmark', 'readout', 'baselines', 'experiment'],
};

/** Folders from which another folder may import types only. */
const TYPES_ONLY: Readonly<Record<string, readonly string[]>> = { plot: ['sourcefilter'] };

/** One module reference in a source file. */
interface Ref {
  readonly file: string;
  readonly spec: string;
  /** `import type`, `export type`, an import whose every name is a type, or an `import('...')` type. */
  readonly typeOnly: boolean;
  readonly line: number;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

/** Every module reference of one file, found by the TypeScript parser (comments and strings are not imports). */
function moduleRefs(file: string, text = readFileSync(file, 'utf8')): Ref[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const refs: Ref[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean): void => {
    if (spec && ts.isStringLiteralLike(spec)) refs.push({ file, spec: spec.text, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings : undefined;
      const allTypes = !!c && (c.isTypeOnly || (!c.name && !!named && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause : undefined;
      add(node, node.moduleSpecifier, node.isTypeOnly || (!!named && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/** The folder of src/ a path lies in ('index' for src/index.ts), or undefined outside src/. */
function folderOf(path: string): string | undefined {
  const rel = relative(SRC, path);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(sep);
  return parts.length === 1 ? 'index' : parts[0];
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly ref: Ref;
}

/** Every edge between two different folders of src/, from relative module references. */
function folderEdges(files: readonly string[]): Edge[] {
  const edges: Edge[] = [];
  for (const file of files) {
    const from = folderOf(file)!;
    for (const ref of moduleRefs(file)) {
      if (!ref.spec.startsWith('.')) continue;
      const to = folderOf(resolve(dirname(file), ref.spec));
      if (to === undefined) throw new Error(`${relative(ROOT, file)}:${ref.line}: imports ${ref.spec}, outside src/`);
      if (to !== from) edges.push({ from, to, ref });
    }
  }
  return edges;
}

/** Violations of {@link ALLOWED} and {@link TYPES_ONLY}, one line each. */
function layerViolations(edges: readonly Edge[], allowed = ALLOWED): string[] {
  const bad: string[] = [];
  for (const { from, to, ref } of edges) {
    const where = `${relative(ROOT, ref.file)}:${ref.line} imports ${ref.spec}`;
    if (from === 'index') continue;
    if (!(from in allowed)) bad.push(`${where}: folder src/${from} is not in the layer table (add it to ALLOWED and the README)`);
    else if (!allowed[from]!.includes(to)) bad.push(`${where}: ${from} may not import ${to} (allowed: ${allowed[from]!.join(', ') || 'nothing'})`);
    else if (TYPES_ONLY[from]?.includes(to) && !ref.typeOnly) bad.push(`${where}: ${from} may import only types from ${to}`);
  }
  return bad;
}

/** A cycle of the directed graph, as a list of nodes, or undefined when it is acyclic. */
function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const dfs = (v: string): string[] | undefined => {
    state.set(v, 1);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (state.get(w) === 1) return [...stack.slice(stack.indexOf(w)), w];
      if (!state.has(w)) {
        const c = dfs(w);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(v, 2);
    return undefined;
  };
  for (const v of graph.keys()) {
    if (!state.has(v)) {
      const c = dfs(v);
      if (c) return c;
    }
  }
  return undefined;
}

function graphOf(edges: readonly Edge[]): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!g.has(from)) g.set(from, new Set());
    g.get(from)!.add(to);
  }
  return g;
}

const srcFiles = tsFiles(SRC);
const edges = folderEdges(srcFiles);

describe('architecture: dependencies point one way', () => {
  it('every import between folders of src/ is an allowed edge', () => {
    expect(srcFiles.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(100);
    expect(layerViolations(edges)).toEqual([]);
    // every folder of src/ is in the table
    const folders = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory());
    expect(folders.filter((f) => !(f in ALLOWED))).toEqual([]);
  });

  it('the allowed edges themselves, and the folder graph of the code, have no cycle', () => {
    expect(findCycle(new Map(Object.entries(ALLOWED).map(([k, v]) => [k, new Set(v)])))).toBeUndefined();
    expect(findCycle(graphOf(edges.filter((e) => e.from !== 'index')))).toBeUndefined();
  });

  it('plot imports a front-end type, and only types, from sourcefilter', () => {
    const plotToSf = edges.filter((e) => e.from === 'plot' && e.to === 'sourcefilter');
    expect(plotToSf.length).toBeGreaterThan(0); // the README states this edge
    for (const e of plotToSf) expect(e.ref.typeOnly).toBe(true);
  });

  it('bench/ and notebooks/ import nothing from src/cli', () => {
    const benchFiles = tsFiles(join(ROOT, 'bench'));
    expect(benchFiles.length).toBeGreaterThan(3);
    const bad: string[] = [];
    for (const file of benchFiles) {
      for (const ref of moduleRefs(file)) {
        if (ref.spec.startsWith('.') && relative(SRC, resolve(dirname(file), ref.spec)).split(sep)[0] === 'cli')
          bad.push(`${relative(ROOT, file)}:${ref.line} imports ${ref.spec}`);
      }
    }
    // notebooks: the code cells of every .ipynb
    for (const name of readdirSync(join(ROOT, 'notebooks')).filter((n) => n.endsWith('.ipynb'))) {
      const nb = JSON.parse(readFileSync(join(ROOT, 'notebooks', name), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
      for (const cell of nb.cells.filter((c) => c.cell_type === 'code')) {
        const code = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
        for (const ref of moduleRefs(`notebooks/${name}.ts`, code))
          if (/(^|\/)src\/cli(\/|$)/.test(ref.spec)) bad.push(`notebooks/${name} imports ${ref.spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the package surface is curated: src/index.ts re-exports folder index files, and folders export by name', () => {
    const bad: string[] = [];
    for (const ref of moduleRefs(join(SRC, 'index.ts'))) if (!/^\.\/[a-z-]+\/index\.js$/.test(ref.spec)) bad.push(`src/index.ts re-exports ${ref.spec}`);
    for (const file of srcFiles.filter((f) => f.endsWith(`${sep}index.ts`) && folderOf(f) !== 'index')) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      for (const st of sf.statements) {
        if (!ts.isExportDeclaration(st) || st.exportClause || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
        const spec = st.moduleSpecifier.text;
        const ok = /^\.\/[a-z-]+\/index\.js$/.test(spec) || (relative(SRC, file) === join('core', 'index.ts') && spec === './units.js');
        if (!ok) bad.push(`${relative(ROOT, file)}: export * from '${spec}'`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no merge or patch leftovers are tracked (*.orig, *.rej, *.BACKUP.*, *.LOCAL.*)', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    expect(tracked.filter((f) => LEFTOVER.test(f))).toEqual([]);
    // the pattern catches what it is for, and not ordinary names
    expect(['src/readout/readout.ts.orig', 'a.rej', 'x.BACKUP.123.ts', 'y.LOCAL.9.ts'].every((f) => LEFTOVER.test(f))).toBe(true);
    expect(['src/readout/readout.ts', 'origin.ts', 'docs/orig.md'].some((f) => LEFTOVER.test(f))).toBe(false);
  });

  it('the checks catch what they are for: an upward import, a value import of a type-only edge, a cycle, every import form', () => {
    const fake = (from: string, spec: string, text: string): Edge[] => {
      const file = join(SRC, from, 'x.ts');
      return moduleRefs(file, text).map((ref) => ({ from, to: folderOf(resolve(dirname(file), ref.spec))!, ref: { ...ref, spec } }));
    };
    expect(layerViolations(fake('lsm', '../readout/pca.js', "import { Pca } from '../readout/pca.js';"))).toEqual([
      expect.stringMatching(/lsm may not import readout/),
    ]);
    expect(layerViolations(fake('sourcefilter', '../lsm/x.js', "export * from '../lsm/x.js';"))).toHaveLength(1);
    expect(layerViolations(fake('core', '../cli/x.js', "const m = await import('../cli/x.js');"))).toHaveLength(1);
    expect(layerViolations(fake('readout', '../lsm/x.js', "let t: import('../lsm/x.js').T;"))).toHaveLength(1);
    expect(layerViolations(fake('plot', '../sourcefilter/decompose.js', "import { decompose } from '../sourcefilter/decompose.js';"))).toEqual([
      expect.stringMatching(/only types/),
    ]);
    expect(layerViolations(fake('plot', '../sourcefilter/decompose.js', "import { type SourceFilter } from '../sourcefilter/decompose.js';"))).toEqual([]);
    expect(layerViolations(fake('plot', '../sourcefilter/decompose.js', "import type { SourceFilter } from '../sourcefilter/decompose.js';"))).toEqual([]);
    // a comment or a string that looks like an import is not one
    expect(moduleRefs('x.ts', "// import { a } from '../cli/a.js';\nconst s = \"from '../cli/b.js'\";")).toEqual([]);
    expect(
      findCycle(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['c'])],
          ['c', new Set(['a'])],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
  });
});
