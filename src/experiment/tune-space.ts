/**
 * The search space of `lsm-ser tune`: a YAML/JSON file naming LSM config fields (dot paths,
 * `*` for every key at that level, e.g. `reservoirs.*.inputGain`) and how to draw each
 * (`uniform`, `log`, `int`, `choice`), with the search settings (inner folds, successive
 * halving). Drawing is seeded; every drawn configuration is validated like a config file.
 *
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { parseConfig, resolveLsmConfig, type LsmConfig } from './lsm-config.js';

const range = z.tuple([z.number(), z.number()]).refine(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && a <= b, 'must be [low, high] with low <= high');

/** Zod schema of one parameter's distribution. */
export const parameterSpecSchema = z.union([
  z.object({ uniform: range, digits: z.number().int().min(1).max(15).default(4) }).strict(),
  z.object({ log: range.refine(([a]) => a > 0, 'log bounds must be > 0'), digits: z.number().int().min(1).max(15).default(4) }).strict(),
  z.object({ int: range.refine(([a, b]) => Number.isInteger(a) && Number.isInteger(b), 'int bounds must be whole numbers') }).strict(),
  z.object({ choice: z.array(z.unknown()).min(1) }).strict(),
]);

/** Zod schema of a search space file. */
export const tuneSpaceSchema = z
  .object({
    version: z.literal(1).default(1),
    /** Seed of the sampler and the inner folds (default: the config's seed). */
    seed: z.number().int().min(0).optional(),
    /** Speaker-grouped cross-validation folds over the training speakers (at most the number of speakers). */
    innerFolds: z.number().int().min(2).max(20).default(4),
    /** Successive halving: `eta` (keep 1/eta of the configurations per rung), `minFolds` (folds of the first rung); false = plain random search on every fold. */
    halving: z
      .union([z.literal(false), z.object({ eta: z.number().int().min(2).default(2), minFolds: z.number().int().min(1).default(1) }).strict()])
      .default({ eta: 2, minFolds: 1 }),
    /** Field path (in the LSM config) -> distribution. */
    parameters: z
      .record(z.string().regex(/^[A-Za-z0-9_*]+(\.[A-Za-z0-9_*]+)*$/, 'a dot path such as reservoirs.excitation.inputGain'), parameterSpecSchema)
      .refine((p) => Object.keys(p).length > 0, 'at least one parameter'),
  })
  .strict();

/** A resolved search space. */
export type TuneSpace = z.infer<typeof tuneSpaceSchema>;
/** One parameter's distribution. */
export type ParameterSpec = z.infer<typeof parameterSpecSchema>;
/** Drawn values: field path -> value. */
export type TrialParams = Record<string, unknown>;

/** Validate a search-space object read from `source`; every distribution's ends are checked against `base`. */
export function resolveTuneSpace(input: unknown, base: LsmConfig, source = 'space'): TuneSpace {
  const space = parseConfig(tuneSpaceSchema, input, source);
  for (const [path, spec] of Object.entries(space.parameters)) {
    const ends = 'choice' in spec ? spec.choice : 'int' in spec ? spec.int : 'log' in spec ? spec.log : spec.uniform;
    for (const v of ends) applyParams(base, { [path]: v }, `${source}: parameters.${path}`);
  }
  return space;
}

/** Round to `digits` significant digits. */
function sig(x: number, digits: number): number {
  return Number(x.toPrecision(digits));
}

/** Draw one value. */
export function drawValue(spec: ParameterSpec, rng: Rng): unknown {
  if ('choice' in spec) return spec.choice[rng.int(spec.choice.length)];
  if ('int' in spec) return spec.int[0] + rng.int(spec.int[1] - spec.int[0] + 1);
  if ('log' in spec) return sig(Math.exp(rng.uniform(Math.log(spec.log[0]), Math.log(spec.log[1]))), spec.digits);
  return sig(rng.uniform(spec.uniform[0], spec.uniform[1]), spec.digits);
}

/** The `budget` configurations of a search, drawn in order (trial k's values depend only on the seed and k). */
export function sampleTrials(space: TuneSpace, budget: number, seed: number): TrialParams[] {
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`budget: must be a whole number >= 1, got ${budget}`);
  const root = new Rng(seed).fork('tune/sample');
  return Array.from({ length: budget }, (_, k) => {
    const rng = root.fork(`trial ${k}`);
    return Object.fromEntries(
      Object.keys(space.parameters)
        .sort()
        .map((p) => [p, drawValue(space.parameters[p]!, rng.fork(p))]),
    );
  });
}

/**
 * `base` with each field path set to its value (`*` = every key of that object whose value is
 * an object), validated; errors name `source` and the field.
 */
export function applyParams(base: LsmConfig, params: TrialParams, source = 'tune'): LsmConfig {
  const cfg = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  for (const [path, value] of Object.entries(params)) {
    const parts = path.split('.');
    const set = (obj: Record<string, unknown>, k: number, at: string): void => {
      const key = parts[k]!;
      const keys = key === '*' ? Object.keys(obj).filter((x) => obj[x] !== null && typeof obj[x] === 'object' && !Array.isArray(obj[x])) : [key];
      if (keys.length === 0) throw new ConfigError(`${source}`, `${at || '(config)'} has no object fields for '*'`);
      for (const kk of keys) {
        if (k === parts.length - 1) obj[kk] = value;
        else {
          const next = obj[kk];
          if (next === null || typeof next !== 'object' || Array.isArray(next))
            throw new ConfigError(`${source}`, `${at ? `${at}.` : ''}${kk} is not a section of the LSM config (it is ${JSON.stringify(next)}); check the path`);
          set(next as Record<string, unknown>, k + 1, at ? `${at}.${kk}` : kk);
        }
      }
    };
    set(cfg, 0, '');
  }
  return resolveLsmConfig(cfg, source);
}

/** Fold counts of the rungs: e.g. 4 folds, eta 2, minFolds 1 -> [1, 2, 4]; no halving -> [innerFolds]. */
export function rungFolds(space: TuneSpace, folds: number): number[] {
  if (space.halving === false) return [folds];
  const { eta, minFolds } = space.halving;
  const out = [folds];
  let f = folds;
  while (f > minFolds) {
    f = Math.max(minFolds, Math.ceil(f / eta));
    if (f < out[0]!) out.unshift(f);
    else break;
  }
  return out;
}
