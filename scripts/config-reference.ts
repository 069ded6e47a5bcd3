/**
 * Generates docs/config-reference.md from the zod schemas of the config files, so that the
 * reference cannot drift from the code: types, defaults, ranges and allowed values come from
 * the schemas themselves (zod's JSON Schema export), descriptions from the TSDoc comment above
 * each field in the schema's source (read with the TypeScript compiler API).
 *
 *   npx tsx scripts/config-reference.ts          # write docs/config-reference.md
 *   npx tsx scripts/config-reference.ts --check  # exit 1 if the file differs from the schemas
 *
 * tests/docs/config-reference.test.ts runs the check and fails on fields without a description.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { z } from 'zod';
import { compareConfigSchema } from '../src/experiment/compare-config.js';
import { experimentConfigSchema } from '../src/experiment/experiment-config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The config kinds documented, each with its schema and where it is used. */
const SECTIONS: readonly { title: string; intro: string; schema: z.ZodType; variable: string; skip?: string }[] = [
  {
    title: 'Experiment config (`lsm-ser run`, `train`, `sweep`, `tune`, `diagnose`)',
    intro: 'One YAML or JSON file: the run name, seeds, dataset, protocol and the LSM. Every `lsm.*` field is optional; unset fields take the defaults below (also written out in `configs/lsm-default.yaml`).',
    schema: experimentConfigSchema,
    variable: 'experimentConfigSchema',
  },
  {
    title: 'Comparison config (`lsm-ser compare`)',
    intro: 'The run fields as above, the models to compare and their settings, noise conditions and augmentation. `lsm.*` is the experiment config\'s LSM section.',
    schema: compareConfigSchema,
    variable: 'compareConfigSchema',
    skip: 'lsm.',
  },
];

/** Source files whose schema comments are read. */
const SOURCES = ['src/experiment/lsm-config.ts', 'src/experiment/experiment-config.ts', 'src/experiment/compare-config.ts'];

/** TSDoc text of every schema field, keyed `variable.field.field`, plus aliases and spreads. */
interface CommentIndex {
  readonly comments: Map<string, string>;
  /** `variable.field` whose value is another schema variable (e.g. `reservoirSchema.nullable()`). */
  readonly alias: Map<string, string>;
  /** `variable.field` objects that spread other variables' fields (`...runConfigFields`). */
  readonly spreads: Map<string, string[]>;
}

/** The leftmost identifier of a call / property chain (`a.b().c()` -> `a`). */
function rootIdentifier(e: ts.Expression): string | undefined {
  let x: ts.Expression = e;
  for (;;) {
    if (ts.isCallExpression(x)) x = x.expression;
    else if (ts.isPropertyAccessExpression(x)) x = x.expression;
    else if (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isSatisfiesExpression(x)) x = x.expression;
    else break;
  }
  return ts.isIdentifier(x) ? x.text : undefined;
}

/** A field's TSDoc comment as one line of text. */
function docOf(node: ts.Node, source: ts.SourceFile): string | undefined {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const docs = ranges.map((r) => source.text.slice(r.pos, r.end)).filter((t) => t.startsWith('/**'));
  const last = docs.at(-1);
  if (!last) return undefined;
  return last
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').trim())
    .filter(Boolean)
    .join(' ');
}

/** Read every schema source file into one comment index. */
export function indexComments(files: readonly string[] = SOURCES): CommentIndex {
  const idx: CommentIndex = { comments: new Map(), alias: new Map(), spreads: new Map() };
  for (const f of files) {
    const source = ts.createSourceFile(f, readFileSync(join(root, f), 'utf8'), ts.ScriptTarget.ES2022, true);
    const walk = (node: ts.Node, path: string): void => {
      if (ts.isObjectLiteralExpression(node)) {
        for (const p of node.properties) {
          if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
            const key = `${path}.${p.name.text}`;
            const doc = docOf(p, source);
            if (doc) idx.comments.set(key, doc);
            const r = rootIdentifier(p.initializer);
            if (r && r !== 'z') idx.alias.set(key, r);
            walk(p.initializer, key);
          } else if (ts.isSpreadAssignment(p)) {
            const r = rootIdentifier(p.expression);
            if (r) idx.spreads.set(path, [...(idx.spreads.get(path) ?? []), r]);
          }
        }
        return;
      }
      ts.forEachChild(node, (c) => walk(c, path));
    };
    for (const st of source.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) walk(d.initializer, d.name.text);
    }
  }
  return idx;
}

/** The description of a field path (`[variable, field, ...]`), following aliases and spreads. */
function lookup(idx: CommentIndex, path: readonly string[], depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const direct = idx.comments.get(path.join('.'));
  if (direct) return direct;
  for (let i = path.length - 1; i >= 1; i--) {
    const pre = path.slice(0, i).join('.');
    const rest = path.slice(i);
    const a = idx.alias.get(pre);
    if (a) {
      const r = lookup(idx, [a, ...rest], depth + 1);
      if (r) return r;
    }
    for (const s of idx.spreads.get(pre) ?? []) {
      const r = lookup(idx, [s, ...rest], depth + 1);
      if (r) return r;
    }
  }
  return undefined;
}

/** A JSON Schema node as zod exports it (the parts used here). */
interface JsonNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  items?: JsonNode | false;
  prefixItems?: JsonNode[];
  anyOf?: JsonNode[];
  properties?: Record<string, JsonNode>;
  required?: string[];
}

/** One row of the reference: a leaf or an object field. */
export interface ReferenceRow {
  readonly field: string;
  readonly type: string;
  readonly default: string;
  readonly allowed: string;
  readonly description: string | undefined;
}

const SAFE = 9007199254740991;

/** `[min, max]`-style text of a number node. */
function range(n: JsonNode): string {
  const lo = n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : n.minimum !== undefined && n.minimum > -SAFE ? `>= ${n.minimum}` : '';
  const hi = n.exclusiveMaximum !== undefined ? `< ${n.exclusiveMaximum}` : n.maximum !== undefined && n.maximum < SAFE ? `<= ${n.maximum}` : '';
  return [lo, hi].filter(Boolean).join(', ');
}

/** Type and allowed values of a node. */
function describeType(n: JsonNode): { type: string; allowed: string } {
  if (n.anyOf) {
    const parts = n.anyOf.map(describeType);
    return { type: [...new Set(parts.map((p) => p.type))].join(' | '), allowed: [...new Set(parts.map((p) => p.allowed).filter(Boolean))].join('; ') };
  }
  if (n.const !== undefined) return { type: JSON.stringify(n.const), allowed: '' };
  if (n.enum) return { type: 'string', allowed: n.enum.map((e) => `\`${String(e)}\``).join(', ') };
  const t = Array.isArray(n.type) ? n.type.join(' | ') : (n.type ?? 'any');
  if (t === 'number' || t === 'integer') return { type: t, allowed: range(n) };
  if (t === 'array') {
    if (n.prefixItems) return { type: `[${n.prefixItems.map((p) => describeType(p).type).join(', ')}]`, allowed: n.prefixItems.map((p) => describeType(p).allowed).filter(Boolean)[0] ?? '' };
    const inner = n.items ? describeType(n.items) : { type: 'any', allowed: '' };
    return { type: `${inner.type}[]`, allowed: [n.minItems ? `at least ${n.minItems}` : '', inner.allowed].filter(Boolean).join('; ') };
  }
  return { type: t, allowed: '' };
}

/** The object branch of a node (a nullable or union object), if any. */
function objectOf(n: JsonNode): JsonNode | undefined {
  if (n.properties) return n;
  const objects = n.anyOf?.filter((b) => b.properties) ?? [];
  // a nullable (or false-able) section is descended into; a union of several object shapes is one value
  return objects.length === 1 ? objects[0] : undefined;
}

/** Rows of every field below `node`, depth first, in schema order. */
export function referenceRows(schema: z.ZodType, schemaVar: string, idx: CommentIndex): ReferenceRow[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonNode;
  const rows: ReferenceRow[] = [];
  const visit = (node: JsonNode, path: string[]): void => {
    for (const [k, child] of Object.entries(node.properties ?? {})) {
      const p = [...path, k];
      const { type, allowed } = describeType(child);
      const obj = objectOf(child);
      const isObject = obj !== undefined && child.type !== 'array';
      rows.push({
        field: p.join('.'),
        type: isObject ? (child.anyOf ? type.replace(/object/, 'section') : 'section') : type,
        default: child.default === undefined ? (node.required?.includes(k) ? '(required)' : '') : isObject ? '' : `\`${JSON.stringify(child.default)}\``,
        allowed: isObject ? '' : allowed,
        description: lookup(idx, [schemaVar, ...p]),
      });
      if (isObject && obj) visit(obj, p);
    }
  };
  visit(json, []);
  return rows;
}

/** Escape a table cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The whole reference page, as Markdown. */
export function configReference(): { markdown: string; undocumented: string[] } {
  const idx = indexComments();
  const undocumented: string[] = [];
  const out: string[] = [
    '# Config reference',
    '',
    '<!-- Generated by `npx tsx scripts/config-reference.ts` from the zod schemas in src/experiment/*-config.ts; do not edit by hand (a test fails when it drifts). -->',
    '',
    'Every field of the config files, with its type, default, allowed values and meaning. Units are SI (seconds, hertz, volts) unless a',
    'description says otherwise. A config may be YAML or JSON; unknown fields are refused with an error naming them. Field paths use dots:',
    '`lsm.readout.pca` is `readout: { pca: ... }` inside `lsm:`.',
    '',
  ];
  for (const s of SECTIONS) {
    out.push(`## ${s.title}`, '', s.intro, '', '| field | type | default | allowed | description |', '|---|---|---|---|---|');
    for (const r of referenceRows(s.schema, s.variable, idx)) {
      if (s.skip && r.field.startsWith(s.skip)) continue;
      if (!r.description) undocumented.push(`${s.variable}: ${r.field}`);
      out.push(`| \`${r.field}\` | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.allowed)} | ${cell(r.description ?? '')} |`);
    }
    out.push('');
  }
  return { markdown: out.join('\n'), undocumented };
}

/** Path of the generated page. */
export const REFERENCE_PATH = join(root, 'docs', 'config-reference.md');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { markdown, undocumented } = configReference();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(REFERENCE_PATH, 'utf8');
    } catch {
      /* missing counts as different */
    }
    if (current !== markdown) {
      process.stderr.write(`${REFERENCE_PATH} differs from the schemas: run \`npx tsx scripts/config-reference.ts\`\n`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(REFERENCE_PATH, markdown);
  }
  if (undocumented.length > 0) process.stderr.write(`fields without a description (${undocumented.length}):\n  ${undocumented.join('\n  ')}\n`);
}
