/**
 * Firing statistics of a reservoir over a set of runs: rates of excitatory and inhibitory
 * neurons, fractions of silent and saturated neurons, and the coefficient of variation of
 * inter-spike intervals (ISI CV).
 *
 * @module
 */

/** Recorded spikes of one run (one lane): step and neuron of every spike, in time order. */
export interface SpikeRecord {
  readonly spikeSteps: Int32Array;
  readonly spikeNeurons: Int32Array;
  /** Steps simulated in this run. */
  readonly steps: number;
}

/** Summary of a set of values. */
export interface Distribution {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

/** Firing statistics of one population (E, I or all). */
export interface PopulationFiring {
  /** Rate of every neuron over all runs, in hertz. */
  readonly rates: Distribution;
  /** Fraction of neurons with no spike in any run. */
  readonly silentFraction: number;
  /** Fraction of neurons firing at >= `saturation` of their maximum rate 1 / (refractory + dt). */
  readonly saturatedFraction: number;
  /** ISI CV over neurons with at least 3 intervals (intervals pooled over runs per neuron); NaN mean when none. */
  readonly isiCv: Distribution;
}

/** Firing statistics of a reservoir. */
export interface FiringStatistics {
  readonly excitatory: PopulationFiring;
  readonly inhibitory: PopulationFiring;
  readonly all: PopulationFiring;
  /** Rate of each neuron, in hertz (for histograms). */
  readonly rateOfNeuron: Float64Array;
}

/** Options of {@link firingStatistics}. */
export interface FiringOptions {
  /** Time step, in seconds. */
  readonly dt: number;
  /** Refractory period of each neuron, in seconds (sets the maximum rate). */
  readonly refractory: ArrayLike<number>;
  /** Fraction of the maximum rate above which a neuron counts as saturated; default 0.9. */
  readonly saturation?: number;
}

/** Mean, std, min, median, max of `xs` (NaN fields when empty). */
export function distribution(xs: ArrayLike<number>): Distribution {
  const a = Array.from(xs)
    .filter((x) => Number.isFinite(x))
    .sort((p, q) => p - q);
  const n = a.length;
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, median: NaN, max: NaN, n: 0 };
  const mean = a.reduce((s, x) => s + x, 0) / n;
  const std = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  const median = n % 2 ? a[(n - 1) / 2]! : (a[n / 2 - 1]! + a[n / 2]!) / 2;
  return { mean, std, min: a[0]!, median, max: a[n - 1]!, n };
}

/**
 * Firing statistics of a network of `n` neurons (0..nExc-1 excitatory) over `runs`.
 * Rates are total spikes over total simulated time; the ISI CV of a neuron is std/mean of its
 * intervals within runs (pooled over runs).
 */
export function firingStatistics(runs: readonly SpikeRecord[], n: number, nExc: number, options: FiringOptions): FiringStatistics {
  const { dt } = options;
  if (!(dt > 0)) throw new RangeError(`dt: must be > 0 seconds, got ${dt}`);
  if (options.refractory.length !== n) throw new RangeError(`refractory: expected ${n} values, got ${options.refractory.length}`);
  const sat = options.saturation ?? 0.9;
  if (!(sat > 0 && sat <= 1)) throw new RangeError(`saturation: must be in (0, 1], got ${sat}`);
  const counts = new Float64Array(n);
  let totalSteps = 0;
  // per-neuron ISI sums (within runs)
  const isiN = new Float64Array(n);
  const isiMean = new Float64Array(n); // Welford running mean and sum of squared deviations
  const isiM2 = new Float64Array(n);
  const last = new Int32Array(n);
  for (const r of runs) {
    totalSteps += r.steps;
    last.fill(-1);
    for (let k = 0; k < r.spikeSteps.length; k++) {
      const i = r.spikeNeurons[k]!;
      const s = r.spikeSteps[k]!;
      counts[i]!++;
      if (last[i]! >= 0) {
        const d = (s - last[i]!) * dt;
        const m = ++isiN[i]!;
        const delta = d - isiMean[i]!;
        isiMean[i]! += delta / m;
        isiM2[i]! += delta * (d - isiMean[i]!);
      }
      last[i] = s;
    }
  }
  const T = totalSteps * dt;
  const rate = Float64Array.from(counts, (c) => (T > 0 ? c / T : 0));
  const cv = Float64Array.from(isiN, (m, i) => {
    if (m < 3) return NaN;
    return Math.sqrt(Math.max(0, isiM2[i]! / m)) / isiMean[i]!;
  });
  const pop = (lo: number, hi: number): PopulationFiring => {
    const idx = Array.from({ length: hi - lo }, (_, k) => lo + k);
    const m = idx.length || 1;
    return {
      rates: distribution(idx.map((i) => rate[i]!)),
      silentFraction: idx.filter((i) => counts[i] === 0).length / m,
      saturatedFraction: idx.filter((i) => rate[i]! >= (sat * 1) / (options.refractory[i]! + dt)).length / m,
      isiCv: distribution(idx.map((i) => cv[i]!)),
    };
  };
  return { excitatory: pop(0, nExc), inhibitory: pop(nExc, n), all: pop(0, n), rateOfNeuron: rate };
}
