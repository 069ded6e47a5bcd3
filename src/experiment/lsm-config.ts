/**
 * The configuration of the dual-reservoir LSM (front end, encoder, both reservoirs,
 * simulation, state features, readout), validated with a zod schema: an invalid value gets
 * an error naming the field, the value and what is allowed.
 *
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

const reservoirSchema = z
  .object({
    /** Topology: the Maass column (default) or a fixed in-degree random network. */
    topology: z.enum(['maass', 'fixed-indegree']).default('maass'),
    /** Grid of the Maass column (a fixed in-degree network takes none: leave the default). */
    grid: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]).default([3, 3, 15]),
    /** Neurons of a fixed in-degree network (default 135; for a Maass column, if given, it must equal the grid's product). */
    units: z.number().int().min(2).optional(),
    /** Tsodyks-Markram dynamic synapses (Maass column only). */
    dynamicSynapses: z.boolean().default(false),
    /** Multiplies every recurrent weight. */
    weightScale: z.number().min(0).default(1),
    /** Fraction of neurons each input channel reaches. */
    inputFraction: z.number().gt(0).max(1).default(0.3),
    /** Input weight, in volts per unit of (normalized) input (48 mV: best of 4-128 mV on Emo-DB-2s LOSO, see README). */
    inputGain: z.number().min(0).default(0.048),
    /** Input weight signs: all positive, or random signs. */
    inputSigns: z.enum(['positive', 'mixed']).default('mixed'),
  })
  .strict();

/** Zod schema of {@link LsmConfig}. */
export const lsmConfigSchema = z
  .object({
    /** Config format version. */
    version: z.literal(1).default(1),
    /** Seed of every random choice (reservoirs, couplings, folds, SVM tuning). */
    seed: z.number().int().min(0).default(1),
    frontEnd: z
      .object({
        rate: z.number().int().min(4000).max(192000).default(16000),
        lpcOrder: z.number().int().min(1).max(100).default(16),
        bands: z.number().int().min(1).max(256).default(32),
        scale: z.enum(['mel', 'bark']).default('mel'),
        normalization: z.enum(['utterance', 'band', 'none']).default('utterance'),
        /** Trim leading/trailing digital silence. */
        trim: z.boolean().default(true),
        /** Add prosody channels (log F0, voicing, energy) to the excitation reservoir's input. */
        prosody: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    encoder: z
      .object({
        kind: z.literal('analog').default('analog'),
        /** Dimensionless gain on the normalized features before the coupling's volts. */
        gain: z.number().default(1),
        offset: z.number().default(0),
      })
      .strict()
      .prefault({}),
    reservoirs: z
      .object({
        /** The source reservoir (fed the excitation's bands); null to leave it out. */
        excitation: reservoirSchema.nullable().prefault({}),
        /** The filter reservoir (fed the vocal tract's bands); null to leave it out. */
        tract: reservoirSchema.nullable().prefault({}),
      })
      .strict()
      .prefault({}),
    simulation: z
      .object({
        dt: z.number().gt(0).max(0.005).default(0.001),
        precision: z.enum(['f32', 'f64']).default('f32'),
        readoutTau: z.number().gt(0).default(0.03),
        readoutInterval: z.number().gt(0).default(0.01),
        backend: z.enum(['cpu', 'gpu', 'auto']).default('cpu'),
        /** What a 'gpu' request does without a GPU: 'warn' (default: fall back to the CPU with a warning), 'error', 'silent'. */
        onUnavailable: z.enum(['warn', 'error', 'silent']).optional(),
        /** The gpu backend's device: mode 'webgpu' (default; Dawn) or 'gl' (gpu.js GL modes, display needed); dawnFlags e.g. ['backend=vulkan'] (docs/gpu.md). */
        gpu: z.object({ mode: z.enum(['webgpu', 'gl']).optional(), dawnFlags: z.array(z.string()).optional() }).strict().optional(),
        workers: z.union([z.number().int().min(1), z.literal('auto')]).default('auto'),
      })
      .strict()
      .prefault({}),
    features: z
      .object({
        /** Feature source: reservoir states (the LSM) or the front-end features directly ("no reservoir" ablation). */
        source: z.enum(['reservoir', 'frontend']).default('reservoir'),
        segments: z.number().int().min(0).max(32).default(4),
        mean: z.boolean().default(true),
        std: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    readout: z
      .object({
        /** PCA components per block (reservoir), or a variance fraction in (0, 1) (24: best of 16-128, see README). */
        pca: z.number().gt(0).default(24),
        whiten: z.boolean().default(true),
        kernel: z.enum(['rbf', 'linear']).default('rbf'),
        svm: z.enum(['libsvm', 'ml-svm']).default('libsvm'),
        /** C and gamma grids for inner cross-validation (grouped by speaker); a single value skips the search. */
        C: z.array(z.number().gt(0)).min(1).default([1, 10, 100]),
        gamma: z.array(z.union([z.number().gt(0), z.literal('scale')])).min(1).default(['scale']),
        classWeight: z.enum(['balanced', 'none']).default('balanced'),
        innerFolds: z.number().int().min(2).max(20).default(4),
        /** Standardize features per speaker (train and test speakers each with their own statistics; no labels used). */
        speakerNormalization: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The resolved LSM configuration. */
export type LsmConfig = z.infer<typeof lsmConfigSchema>;
/** A config as written by a person (every field optional). */
export type LsmConfigInput = z.input<typeof lsmConfigSchema>;
/** One reservoir's configuration. */
export type ReservoirConfig = z.infer<typeof reservoirSchema>;

/** A zod issue as this module reports it: where, and what. */
interface FlatIssue {
  readonly path: PropertyKey[];
  readonly message: string;
}

/**
 * The issues of `error`, with each failed union ("a or b") replaced by the issues of its most
 * specific branch (the deepest path): `noise: { snrDb: [NaN] }` reports `noise.snrDb.0`, not
 * just "noise: Invalid input".
 */
function flatIssues(issues: readonly z.core.$ZodIssue[], base: PropertyKey[] = []): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const i of issues) {
    const path = [...base, ...i.path];
    if (i.code === 'invalid_union' && i.errors.length > 0) {
      const depth = (b: readonly z.core.$ZodIssue[]) => Math.max(...b.map((x) => x.path.length));
      const best = i.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (depth(best) > 0) {
        out.push(...flatIssues(best, path));
        continue;
      }
    }
    out.push({ path, message: i.message });
  }
  return out;
}

/** A value as a config file would show it (NaN and Infinity included, which JSON prints as null). */
function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? `\u0000${x}` : x)).replace(/"\\u0000([^"]*)"/g, '$1');
}

/** Format zod issues as "field: message (got value)" lines. */
export function formatIssues(error: z.ZodError, input: unknown, prefix = '', firstPathShown = true): string {
  return flatIssues(error.issues)
    .map((i, k) => {
      const path = prefix + i.path.map(String).join('.');
      let value: unknown = input;
      for (const p of i.path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[p as string] : undefined;
      const got = value === undefined ? '' : ` (got ${show(value)})`;
      return k === 0 && !firstPathShown ? `${i.message}${got}` : `${path || '(config)'}: ${i.message}${got}`;
    })
    .join('; ');
}

/** Parse `input` with a zod schema; throws {@link ConfigError} naming `source`, the first field, the value and the rule. */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, source: string): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    const first = flatIssues(r.error.issues)[0]!;
    // the first issue's field is in the error's `field` (and message prefix); the rest name theirs
    throw new ConfigError(`${source}: ${first.path.map(String).join('.') || '(root)'}`, formatIssues(r.error, input, '', false));
  }
  return r.data;
}

/** Validate and fill defaults; throws {@link ConfigError} naming the field, the value and the rule. */
export function resolveLsmConfig(input: unknown = {}, source = 'config'): LsmConfig {
  const c = parseConfig(lsmConfigSchema, input, source);
  if (c.simulation.readoutInterval < c.simulation.dt) throw new ConfigError(`${source}: simulation.readoutInterval`, `${c.simulation.readoutInterval} s must be >= simulation.dt (${c.simulation.dt} s)`);
  for (const role of ['excitation', 'tract'] as const) {
    const r = c.reservoirs[role];
    if (!r) continue;
    const at = `${source}: reservoirs.${role}`;
    if (r.topology === 'fixed-indegree') {
      if (r.dynamicSynapses) throw new ConfigError(`${at}.dynamicSynapses`, 'only the Maass column has dynamic (Tsodyks-Markram) synapses; use topology: maass or dynamicSynapses: false');
      if (r.grid.join() !== '3,3,15') throw new ConfigError(`${at}.grid`, `a fixed in-degree reservoir has no grid (got ${JSON.stringify(r.grid)}); give its size as units`);
    } else if (r.units !== undefined && r.units !== r.grid[0] * r.grid[1] * r.grid[2]) {
      throw new ConfigError(`${at}.units`, `a Maass column's size is its grid (${r.grid.join(' x ')} = ${r.grid[0] * r.grid[1] * r.grid[2]}), got units ${r.units}; set grid, or topology: fixed-indegree`);
    }
  }
  if (!c.reservoirs.excitation && !c.reservoirs.tract && c.features.source === 'reservoir') {
    throw new ConfigError(`${source}: reservoirs`, "both reservoirs are null; keep one, or set features.source to 'frontend'");
  }
  return c;
}
