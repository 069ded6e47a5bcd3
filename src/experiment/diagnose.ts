/**
 * `diagnoseReservoirs`: what regime each reservoir of an LSM config is in, measured on a
 * seeded sample of a dataset's utterances stratified by speaker and label: firing statistics,
 * the recurrent vs input current variance ratio, perturbation divergence, the memory curve,
 * kernel quality and generalization rank (Legenstein & Maass 2007), and the label vs speaker
 * spread of the utterance features. The metrics themselves are in `src/lsm/diagnostics`.
 *
 * @module
 */
import { Rng } from '../core/rng.js';
import type { ProgressCallback } from '../core/progress.js';
import { provenance, type Provenance } from '../core/provenance.js';
import type { AnalogInput } from '../lsm/input.js';
import { LifReservoir } from '../lsm/reservoir.js';
import { reservoirFeatures } from '../lsm/features.js';
import type { LaneResult } from '../lsm/run-types.js';
import { currentVarianceRatio, type CurrentVariance } from '../lsm/diagnostics/currents.js';
import { distribution, firingStatistics, type Distribution, type PopulationFiring } from '../lsm/diagnostics/firing.js';
import { memoryCapacity, memoryCurve } from '../lsm/diagnostics/memory.js';
import { numericalRank, type RankResult } from '../lsm/diagnostics/linalg.js';
import { labelSpeakerSpread, type SpreadResult } from '../lsm/diagnostics/spread.js';
import { perturbInput, stateDistances } from '../lsm/diagnostics/divergence.js';
import { resolveLsmConfig, type LsmConfig, type LsmConfigInput } from './lsm-config.js';
import { buildRoleReservoir, configChannels, ROLES, roleInput, withAnalysisRate, type Role } from './features.js';
import type { Dataset } from './manifest.js';

/** Options of {@link diagnoseReservoirs}. */
export interface DiagnoseOptions {
  /** Utterances in the sample (stratified by speaker and label); default 24. */
  readonly sample?: number;
  /** Seed of the sample, the perturbations and the noise; default the config's seed. */
  readonly seed?: number;
  /** Lags of the memory curve, in seconds (ascending, multiples of the readout interval); default 0-1 s. */
  readonly lags?: readonly number[];
  /** Time of the input perturbation, in seconds from the start; default 0.1. */
  readonly perturbAt?: number;
  /** Size of the perturbation, in input units, added to one channel for one frame; default 0.1. */
  readonly perturbation?: number;
  /** Delays after the perturbation at which the states are compared, in seconds; default [0.05, 0.2, 0.5]. */
  readonly delays?: readonly number[];
  /** Relative singular-value tolerance of the ranks; default 0.01. */
  readonly rankTolerance?: number;
  /** Std of the input noise (input units) of the generalization-rank variants; default 0.2. */
  readonly generalizationNoise?: number;
  /** Ridge of the memory decoders (relative, see `memoryCurve`); default 0.1. */
  readonly ridge?: number;
  readonly onProgress?: ProgressCallback;
}

/** Default memory-curve lags, in seconds. */
export const DEFAULT_MEMORY_LAGS: readonly number[] = Object.freeze([0, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1]);

/** The diagnostics of one reservoir role. */
export interface RoleDiagnostics {
  readonly role: Role;
  readonly neurons: number;
  readonly excitatory: number;
  /** Firing of E, I and all neurons over the sample. */
  readonly firing: { readonly excitatory: PopulationFiring; readonly inhibitory: PopulationFiring; readonly all: PopulationFiring };
  /** Rate of every neuron over the sample, in hertz (E first). */
  readonly rates: number[];
  /** Variance of the recurrent vs the input synaptic current (voltage units squared, summed over neurons and utterances). */
  readonly currents: CurrentVariance;
  readonly divergence: {
    /** Delays after the perturbation, in seconds. */
    readonly delays: number[];
    /** Mean Euclidean distance between the filtered states of the run and its perturbed copy, per delay. */
    readonly distance: number[];
    /** Mean distance between the states of two different utterances at the same times (the scale of "fully diverged"). */
    readonly unrelated: number[];
    /** Fraction of trials in which the perturbation changed the state at all (at the first delay). */
    readonly changed: number;
    readonly trials: number;
    /** distance at the last delay over distance at the first (< 1 fading, ~1 edge of chaos, > 1 growing). */
    readonly growth: number;
  };
  readonly memory: {
    /** Lags, in seconds. */
    readonly lags: number[];
    /** Held-out R^2 averaged over input channels, per lag. */
    readonly r2: number[];
    /** Trapezoid integral of max(0, R^2) over the lags, in seconds. */
    readonly capacity: number;
    readonly channels: number;
  };
  /** Rank of the states of m different input streams (higher = more separation). */
  readonly kernelQuality: RankResult;
  /** Rank of the states of m noisy variants of one input (lower = better generalization). */
  readonly generalizationRank: RankResult;
  /** Spread of this role's utterance features by label and by speaker. */
  readonly spread: SpreadResult;
}

/** The result of {@link diagnoseReservoirs}. */
export interface DiagnoseReport {
  readonly dataset: string;
  readonly sample: {
    readonly utterances: number;
    readonly speakers: Record<string, number>;
    readonly labels: Record<string, number>;
    readonly seed: number;
    readonly seconds: number;
  };
  readonly config: LsmConfig;
  readonly roles: RoleDiagnostics[];
  /** Spread of the features of all roles together. */
  readonly spread: SpreadResult;
  readonly options: {
    lags: number[];
    perturbAt: number;
    perturbation: number;
    delays: number[];
    rankTolerance: number;
    generalizationNoise: number;
    ridge: number;
  };
  /** Wall time, in seconds. */
  readonly wallSeconds: number;
  readonly provenance: Provenance;
}

/**
 * A sample of `size` utterance indices stratified by speaker and label: each pick takes the
 * next utterance (in a seeded order) of the (speaker, label) cell whose speaker and label have
 * been picked least so far (ties: the cell picked least, then a seeded cell order), so both
 * marginals stay as even as the data allow.
 */
export function stratifiedSample(ds: Dataset, size: number, rng: Rng): number[] {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`sample: must be a whole number >= 2, got ${size}`);
  const cells = new Map<string, { speaker: string; label: string; queue: number[] }>();
  ds.utterances.forEach((u, i) => {
    const k = `${u.speaker}\u0000${u.label}`;
    const c = cells.get(k) ?? cells.set(k, { speaker: u.speaker, label: u.label, queue: [] }).get(k)!;
    c.queue.push(i);
  });
  const order = (rng.shuffle([...cells.keys()].sort()) as string[]).map((k) => {
    const c = cells.get(k)!;
    return { ...c, queue: rng.shuffle([...c.queue]) as number[], taken: 0 };
  });
  const bySpeaker = new Map<string, number>();
  const byLabel = new Map<string, number>();
  const out: number[] = [];
  const n = Math.min(size, ds.utterances.length);
  while (out.length < n) {
    let best: (typeof order)[number] | null = null;
    let bestKey = Infinity;
    for (const c of order) {
      if (c.taken >= c.queue.length) continue;
      const key = ((bySpeaker.get(c.speaker) ?? 0) + (byLabel.get(c.label) ?? 0)) * 1e6 + c.taken;
      if (key < bestKey) {
        bestKey = key;
        best = c;
      }
    }
    const c = best!;
    out.push(c.queue[c.taken++]!);
    bySpeaker.set(c.speaker, (bySpeaker.get(c.speaker) ?? 0) + 1);
    byLabel.set(c.label, (byLabel.get(c.label) ?? 0) + 1);
  }
  return out.sort((a, b) => a - b);
}

/** Resolve the diagnose options against a config. */
function resolveOptions(o: DiagnoseOptions, config: LsmConfig): DiagnoseReport['options'] & { sample: number; seed: number } {
  const lags = [...(o.lags ?? DEFAULT_MEMORY_LAGS)];
  const iv = config.simulation.readoutInterval;
  for (const l of lags)
    if (!(l >= 0) || Math.abs(l / iv - Math.round(l / iv)) > 1e-6) throw new RangeError(`lags: ${l} s is not a whole number of readout intervals (${iv} s)`);
  const delays = [...(o.delays ?? [0.05, 0.2, 0.5])];
  for (const d of delays) if (!(d > 0)) throw new RangeError(`delays: must be > 0 seconds, got ${d}`);
  const perturbAt = o.perturbAt ?? 0.1;
  if (!(perturbAt >= 0)) throw new RangeError(`perturbAt: must be >= 0 seconds, got ${perturbAt}`);
  const perturbation = o.perturbation ?? 0.1;
  if (!(perturbation !== 0 && Number.isFinite(perturbation))) throw new RangeError(`perturbation: must be a finite non-zero number, got ${perturbation}`);
  const g = o.generalizationNoise ?? 0.2;
  if (!(g > 0)) throw new RangeError(`generalizationNoise: must be > 0, got ${g}`);
  return {
    lags,
    delays,
    perturbAt,
    perturbation,
    rankTolerance: o.rankTolerance ?? 0.01,
    generalizationNoise: g,
    ridge: o.ridge ?? 0.1,
    sample: o.sample ?? 24,
    seed: o.seed ?? config.seed,
  };
}

/** The input value of every channel at each readout sample (the frame that holds the middle of the sample's interval): samples x channels. */
function inputOnSampleGrid(x: AnalogInput, samples: number, interval: number): Float64Array {
  const out = new Float64Array(samples * x.channels);
  for (let s = 0; s < samples; s++) {
    const f = Math.floor(((s + 0.5) * interval) / x.frameDuration);
    if (f < x.frames) for (let c = 0; c < x.channels; c++) out[s * x.channels + c] = x.data[f * x.channels + c]!;
  }
  return out;
}

/** The state (filtered spike trains, n values) of a run at time `t` seconds, or null past its end. */
function stateAt(r: LaneResult, t: number): Float64Array | null {
  const s = Math.round(t / r.sampleInterval) - 1;
  if (s < 0 || s >= r.samples) return null;
  return Float64Array.from(r.trace.subarray(s * r.n, (s + 1) * r.n));
}

/** Run the diagnostics of every reservoir of `configInput` on a sample of `ds`. */
export async function diagnoseReservoirs(ds: Dataset, configInput: LsmConfigInput | LsmConfig, options: DiagnoseOptions = {}): Promise<DiagnoseReport> {
  const t0 = performance.now();
  let config = resolveLsmConfig(configInput);
  if (config.features.source !== 'reservoir') throw new RangeError("features.source: diagnose needs reservoirs (got 'frontend', the no-reservoir ablation)");
  const o = resolveOptions(options, config);
  const rng = new Rng(o.seed).fork('diagnose');
  const idx = stratifiedSample(ds, o.sample, rng.fork('sample'));
  const utts = idx.map((i) => ds.utterances[i]!);
  // an 'auto' analysis rate follows the sample's recordings, as in extractFeatures
  config = withAnalysisRate(
    config,
    utts.map((u) => u.file),
  );
  const progress = options.onProgress;
  // front end, once for both roles
  const channels = utts.map((u, k) => {
    progress?.({ phase: 'front end', done: k, total: utts.length });
    return configChannels(u.file, config);
  });
  const roles: RoleDiagnostics[] = [];
  const featureRows: Float64Array[][] = utts.map(() => []);
  const sim = config.simulation;
  const iv = sim.readoutInterval;
  for (const role of ROLES) {
    const rc = config.reservoirs[role];
    if (!rc) continue;
    const phase = (what: string) => `${role}: ${what}`;
    const base = buildRoleReservoir(config, role, rc);
    const net = base.network;
    const coupling = base.coupling!;
    const inputs = channels.map((c) => roleInput(c, role, config));
    const nCh = inputs[0]!.channels;
    // 1. the sample, with every spike recorded
    progress?.({ phase: phase('simulate'), done: 0, total: 4 });
    const recorder = new LifReservoir(net, coupling, { ...base.options, recordSpikes: inputs.map((_, k) => k), maxRecordedSpikes: 2 ** 31 - 1 });
    const runs = await recorder.run(inputs);
    runs.forEach((r, k) => {
      featureRows[k]!.push(reservoirFeatures(r, config.features));
    });
    const spikes = runs.map((r) => ({ spikeSteps: r.spikeSteps!, spikeNeurons: r.spikeNeurons!, steps: r.steps }));
    const refractorySeconds = Float64Array.from(net.refractory, (x) => x * net.units.time);
    const firing = firingStatistics(spikes, net.n, net.nExc, { dt: sim.dt, refractory: refractorySeconds });
    const currents = currentVarianceRatio(net, coupling, inputs, spikes, sim.dt);
    // 2. memory curve
    progress?.({ phase: phase('memory curve'), done: 1, total: 4 });
    const lagSamples = o.lags.map((l) => Math.round(l / iv));
    const mem = memoryCurve(
      runs.map((r, k) => ({ state: r.trace, input: inputOnSampleGrid(inputs[k]!, r.samples, iv), samples: r.samples })),
      net.n,
      nCh,
      lagSamples,
      { ridge: o.ridge },
    );
    // 3. perturbation divergence: each utterance and a copy perturbed at perturbAt, run long enough for the last delay
    progress?.({ phase: phase('perturbation'), done: 2, total: 4 });
    const prng = rng.fork(`${role}/perturb`);
    const times = o.delays.map((d) => o.perturbAt + d);
    const duration = Math.max(...inputs.map((x) => x.frames * x.frameDuration), Math.max(...times) + iv);
    const long = new LifReservoir(net, coupling, { ...base.options, duration });
    const usable = inputs.filter((x) => x.frames * x.frameDuration > o.perturbAt);
    const pert = usable.map((x) => perturbInput(x, o.perturbAt, prng.int(x.channels), o.perturbation));
    const pr = await long.run([...usable, ...pert]);
    const m = usable.length;
    const dist = usable.map((_, k) => stateDistances(pr[k]!, pr[k + m]!, times));
    const unrel = usable.map((_, k) => stateDistances(pr[k]!, pr[(k + 1) % m]!, times));
    const avg = (rows: number[][], j: number) => rows.reduce((s, r) => s + r[j]!, 0) / Math.max(1, rows.length);
    const distance = times.map((_, j) => avg(dist, j));
    // 4. kernel quality and generalization rank on the same number of columns
    progress?.({ phase: phase('ranks'), done: 3, total: 4 });
    const states: Float64Array[] = [];
    for (const r of runs)
      for (let t = 0.2; t <= r.samples * iv + 1e-9; t += 0.2) {
        const s = stateAt(r, t);
        if (s) states.push(s);
      }
    const cols = Math.max(2, Math.min(net.n, 64, states.length));
    const pick = (rng.fork(`${role}/kernel`).shuffle(states.map((_, k) => k)) as number[]).slice(0, cols);
    const kq = new Float64Array(cols * net.n);
    pick.forEach((k, j) => {
      kq.set(states[k]!, j * net.n);
    });
    const template = inputs.reduce((a, b) => (b.frames > a.frames ? b : a));
    const nrng = rng.fork(`${role}/noise`);
    const variants: AnalogInput[] = Array.from({ length: cols }, () => ({
      ...template,
      data: Float32Array.from(template.data, (v) => v + o.generalizationNoise * nrng.normal()),
    }));
    const vr = await base.run(variants);
    const tg = Math.min(0.5, (vr[0]!.samples - 1) * iv) || iv;
    const gm = new Float64Array(cols * net.n);
    vr.forEach((r, j) => {
      gm.set(stateAt(r, tg) ?? new Float64Array(net.n), j * net.n);
    });
    const rows = featureRows.map((f) => f[f.length - 1]!);
    const d = rows[0]!.length;
    const flat = new Float64Array(rows.length * d);
    rows.forEach((r, k) => {
      flat.set(r, k * d);
    });
    roles.push({
      role,
      neurons: net.n,
      excitatory: net.nExc,
      firing: { excitatory: firing.excitatory, inhibitory: firing.inhibitory, all: firing.all },
      rates: Array.from(firing.rateOfNeuron),
      currents,
      divergence: {
        delays: [...o.delays],
        distance,
        unrelated: times.map((_, j) => avg(unrel, j)),
        changed: dist.filter((x) => x[0]! > 0).length / Math.max(1, m),
        trials: m,
        growth: distance[distance.length - 1]! / distance[0]!,
      },
      memory: { lags: [...o.lags], r2: mem.r2, capacity: memoryCapacity(o.lags, mem.r2), channels: nCh },
      kernelQuality: trimRank(numericalRank(kq, cols, net.n, o.rankTolerance)),
      generalizationRank: trimRank(numericalRank(gm, cols, net.n, o.rankTolerance)),
      spread: labelSpeakerSpread(
        flat,
        rows.length,
        d,
        utts.map((u) => u.label),
        utts.map((u) => u.speaker),
      ),
    });
    progress?.({ phase: phase('done'), done: 4, total: 4 });
  }
  const all = featureRows.map((parts) => {
    const v = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
    let off = 0;
    for (const p of parts) {
      v.set(p, off);
      off += p.length;
    }
    return v;
  });
  const d = all[0]!.length;
  const flat = new Float64Array(all.length * d);
  all.forEach((r, k) => {
    flat.set(r, k * d);
  });
  const count = (xs: string[]) => Object.fromEntries([...new Set(xs)].sort().map((x) => [x, xs.filter((y) => y === x).length]));
  return {
    dataset: ds.name,
    sample: {
      utterances: utts.length,
      speakers: count(utts.map((u) => u.speaker)),
      labels: count(utts.map((u) => u.label)),
      seed: o.seed,
      seconds: channels.reduce((s, c) => s + c.excitation.rows / c.frameRate, 0),
    },
    config,
    roles,
    spread: labelSpeakerSpread(
      flat,
      all.length,
      d,
      utts.map((u) => u.label),
      utts.map((u) => u.speaker),
    ),
    options: {
      lags: o.lags,
      perturbAt: o.perturbAt,
      perturbation: o.perturbation,
      delays: o.delays,
      rankTolerance: o.rankTolerance,
      generalizationNoise: o.generalizationNoise,
      ridge: o.ridge,
    },
    wallSeconds: (performance.now() - t0) / 1000,
    provenance: provenance(),
  };
}

/** A rank result with at most the 16 largest singular values (the report stays small). */
function trimRank(r: RankResult): RankResult {
  return { ...r, singularValues: r.singularValues.slice(0, 16) };
}

/** Summary of a distribution as "mean +- std (median, min-max)". */
export function formatDistribution(d: Distribution, digits = 1): string {
  if (d.n === 0) return 'n/a';
  return `${d.mean.toFixed(digits)} +- ${d.std.toFixed(digits)} (median ${d.median.toFixed(digits)}, ${d.min.toFixed(digits)}-${d.max.toFixed(digits)})`;
}
export { distribution };
