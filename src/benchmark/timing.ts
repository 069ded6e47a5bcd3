/**
 * The one timing harness of lsm-ser's benchmarks (`lsm-ser bench engine`, `lsm-ser simulate`,
 * bench/engine-quick.ts): untimed warm-up runs until a count or a wall-clock budget is reached
 * (V8 compiles a hot loop to its top tier only after tens of calls), then timed runs, their
 * median and minimum. It measures wall time with `performance.now()` and never prints.
 *
 * @module
 */

/** Options of {@link timeRuns}. */
export interface TimeRunsOptions {
  /** Untimed warm-up runs before the timed ones; default 0. */
  readonly warmup?: number;
  /** Warm-up stops once it has taken this long, in seconds (the run under way finishes); default 3. */
  readonly warmupBudget?: number;
  /** Timed runs; default 1. */
  readonly repeats?: number;
}

/** What {@link timeRuns} measured; every time in seconds. */
export interface Timing<T> {
  /** The result of the last timed run. */
  readonly result: T;
  /** Wall time of each timed run, in order. */
  readonly times: readonly number[];
  /** Median of `times` (the mean of the middle two for an even count). */
  readonly median: number;
  /** Fastest timed run. */
  readonly min: number;
  /** Warm-up runs done (at most `warmup`; fewer when the budget ran out). */
  readonly warmupRuns: number;
  /** Wall time of the whole warm-up, from its start to the start of the first timed run. */
  readonly warmupSeconds: number;
  /** The first warm-up run alone: a cold run (compilation, layout, JIT); NaN without warm-up. */
  readonly firstRunSeconds: number;
}

/** Median of a non-empty list (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median: empty list');
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * Run `run` `warmup` times untimed (stopping early once `warmupBudget` seconds have passed),
 * then `repeats` times timed, awaiting each run; resolves to the timings and the last result.
 */
export async function timeRuns<T>(run: () => T | Promise<T>, options: TimeRunsOptions = {}): Promise<Timing<T>> {
  const warmup = options.warmup ?? 0;
  const budget = options.warmupBudget ?? 3;
  const repeats = options.repeats ?? 1;
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`warmup: must be an integer >= 0, got ${warmup}`);
  if (!(budget >= 0)) throw new RangeError(`warmupBudget: must be >= 0 s, got ${budget}`);
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats: must be an integer >= 1, got ${repeats}`);
  const tw = performance.now();
  let warmupRuns = 0;
  let first = NaN;
  while (warmupRuns < warmup && performance.now() - tw < budget * 1000) {
    await run();
    if (warmupRuns === 0) first = (performance.now() - tw) / 1000;
    warmupRuns++;
  }
  const warmupSeconds = (performance.now() - tw) / 1000;
  const times: number[] = [];
  let result!: T;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = await run();
    times.push((performance.now() - t0) / 1000);
  }
  return { result, times, median: median(times), min: Math.min(...times), warmupRuns, warmupSeconds, firstRunSeconds: first };
}
