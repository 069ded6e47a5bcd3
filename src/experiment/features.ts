/**
 * From audio files to feature blocks: the front end's channels of each role (excitation bands
 * + prosody; vocal-tract bands, built in `src/sourcefilter`), the two reservoirs, and their
 * state features (or, for the "no reservoir" control, the same trace statistics taken directly
 * over the front-end channels). Results are cached per utterance and role.
 *
 * @module
 */
import type { Mat, Mat32 } from '../core/matrix.js';
import { hconcat } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import { VERSION } from '../core/provenance.js';
import type { ProgressCallback } from '../core/progress.js';
import type { Audio } from '../sourcefilter/audio.js';
import { sha256 } from '../core/fsutil.js';
import { AudioError } from '../core/errors.js';
import type { SourceFilter } from '../sourcefilter/decompose.js';
import {
  channelMoments,
  frontEndChannels,
  normalizeChannels,
  streamChannels,
  streamChannelCount,
  type ChannelMoments,
  type FrontEndChannels,
  type Stream,
} from '../sourcefilter/channels.js';
import { analysisRate, recordingRate } from '../sourcefilter/load.js';
import { EGEMAPS_REVISION } from '../sourcefilter/egemaps/index.js';
import { encodeAnalog } from '../lsm/encoding/analog.js';
import type { AnalogInput } from '../lsm/input.js';
import { buildMaassColumn } from '../lsm/topology/maass.js';
import { buildFixedIndegree } from '../lsm/topology/fixed-indegree.js';
import { buildInputCoupling, neuronRheobase } from '../lsm/topology/coupling.js';
import { LifReservoir } from '../lsm/reservoir.js';
import { reservoirFeatures } from '../lsm/features.js';
import { stateFeatureLength, traceStatistics } from '../lsm/trace-stats.js';
import type { LsmConfig, ReservoirMemberConfig } from './lsm-config.js';
import { neuronModelOptions, reservoirUnits } from './lsm-config.js';
import { cacheKey, fileHash, FeatureCache, reservoirsDigest } from './cache.js';

/** The two reservoir roles: one per stream of the source-filter front end. */
export type Role = Stream;
/** Roles in block order. */
export const ROLES: readonly Role[] = ['excitation', 'tract'];

/** Channel moments (per channel mean and standard deviation, in the channels' units) of both roles. */
export type RoleChannelMoments = Readonly<Record<Role, ChannelMoments>>;

/** A digest of channel moments (their exact float64 values), for cache keys: rows z-scored with different moments never share a key. */
export function channelMomentsDigest(m: RoleChannelMoments): string {
  const bytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return sha256(...ROLES.flatMap((r) => [r, bytes(m[r].mean), bytes(m[r].std)]));
}

/** The input channels of each role for one decomposed utterance (frames x channels); see `streamChannels`. */
export function roleChannels(sf: SourceFilter, role: Role, prosody: boolean): Mat {
  return streamChannels(sf, role, { prosody });
}

/** Channels of a role under `config`. */
export function roleChannelCount(config: LsmConfig, role: Role): number {
  return streamChannelCount(role, config.frontEnd.bands, config.frontEnd);
}

/**
 * `config` with its analysis rate resolved for `inputs` (`frontEnd.rate: 'auto'`: 16 kHz, never
 * above the lowest rate of the recordings); itself when the rate is a number.
 */
export function withAnalysisRate(config: LsmConfig, inputs: readonly (string | Audio)[]): LsmConfig {
  if (config.frontEnd.rate !== 'auto') return config;
  return { ...config, frontEnd: { ...config.frontEnd, rate: analysisRate('auto', inputs.map(recordingRate)) } };
}

/**
 * The front-end channels of both roles of one input (WAV path or in-memory audio) under
 * `config` (an 'auto' rate follows this input; channels z-scored per utterance when so
 * configured; 'speaker' normalization is applied by {@link extractFeatures}, which sees the
 * speaker's other utterances).
 */
export function configChannels(input: string | Audio, config: LsmConfig): FrontEndChannels {
  const fe = config.frontEnd;
  const rate = analysisRate(fe.rate, fe.rate === 'auto' ? [recordingRate(input)] : []);
  return frontEndChannels(input, { ...fe, rate, channelNormalization: fe.channelNormalization === 'utterance' ? 'utterance' : 'none' });
}

/**
 * Front-end channels of WAV files computed once and shared by several extractions over the same
 * files and front end: the reservoirs' and the no-reservoir control's blocks of
 * `features.combine: input+...`, and a model's training-set channel moments, which would each
 * run the front end (eGeMAPS LLDs included, ~5x the LPC front end's cost) again. Holds up to
 * `maxBytes` of channel data (default 1 GiB); past it, channels are computed and not kept.
 * In-memory audio is never memoized. Entries are keyed by the file path and the front-end
 * config (analysis rate resolved per file by {@link configChannels}); treat them as read-only.
 */
export class ChannelMemo {
  private readonly entries = new Map<string, FrontEndChannels>();
  private bytes = 0;
  /** @param maxBytes - most bytes of channel data kept (default 2^30). */
  constructor(readonly maxBytes = 2 ** 30) {}
  /** The channels of `input` under `config`'s front end ({@link configChannels}), computed at most once per file while the budget lasts. */
  channels(input: string | Audio, config: LsmConfig): FrontEndChannels {
    if (typeof input !== 'string') return configChannels(input, config);
    const key = `${JSON.stringify(config.frontEnd)}\0${input}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    const ch = configChannels(input, config);
    const size = 8 * (ch.excitation.data.length + ch.tract.data.length);
    if (this.bytes + size <= this.maxBytes) {
      this.entries.set(key, ch);
      this.bytes += size;
    }
    return ch;
  }
}

/** Columns [from, to) of a frames x channels matrix. */
function channelRange(m: Mat, [from, to]: readonly [number, number]): Mat {
  if (from === 0 && to === m.cols) return m;
  const w = to - from;
  const data = new Float64Array(m.rows * w);
  for (let i = 0; i < m.rows; i++) data.set(m.data.subarray(i * m.cols + from, i * m.cols + to), i * w);
  return { data, rows: m.rows, cols: w };
}

/**
 * What the reservoir of `role` hears for the channels `ch` (the analog encoder of `config`):
 * all of the role's channels, or the sub-band `inputChannels` ([from, to)) of a reservoir or
 * ensemble member that has one.
 */
export function roleInput(ch: FrontEndChannels, role: Role, config: LsmConfig, inputChannels?: readonly [number, number]): AnalogInput {
  return encodeAnalog(inputChannels ? channelRange(ch[role], inputChannels) : ch[role], { frameRate: ch.frameRate, offset: config.encoder.offset });
}

/**
 * Build the reservoir of a role (or of member `member` of the role's ensemble) from the config
 * and the root seed: forked by role, and a member by `member/k` below that, so members differ
 * in their draws and a single reservoir's numbers are those it always had.
 */
export function buildRoleReservoir(config: LsmConfig, role: Role, rc: ReservoirMemberConfig, member: number | null = null): LifReservoir {
  const roleRng = new Rng(config.seed).fork(role);
  const rng = member === null ? roleRng : roleRng.fork(`member/${member}`);
  const neuron = neuronModelOptions(rc.neuron);
  const net =
    rc.topology === 'maass'
      ? buildMaassColumn(
          {
            grid: rc.grid,
            dynamicSynapses: rc.dynamicSynapses,
            weightScale: rc.weightScale,
            neuron,
            ...(rc.lambda !== undefined ? { lambda: rc.lambda } : {}),
          },
          rng.fork('network'),
        )
      : buildFixedIndegree({ n: rc.units ?? 135, weightScale: rc.weightScale, neuron }, rng.fork('network'));
  const coupling = buildInputCoupling(
    net.n,
    {
      channels: rc.inputChannels ? rc.inputChannels[1] - rc.inputChannels[0] : roleChannelCount(config, role),
      fraction: rc.inputFraction,
      ...(rc.inputInDegree !== undefined ? { inDegree: rc.inputInDegree } : {}),
      gain: rc.inputGain,
      ...(rc.inputGainUnit === 'rheobase' ? { rheobase: neuronRheobase(net) } : {}),
      signs: rc.inputSigns,
    },
    rng.fork('input'),
  );
  const s = config.simulation;
  return new LifReservoir(net, coupling, {
    dt: s.dt,
    precision: s.precision,
    readoutTau: s.readoutTau,
    readoutInterval: s.readoutInterval,
    backend: s.backend,
    ...(s.onUnavailable ? { onUnavailable: s.onUnavailable } : {}),
    ...(s.gpu ? { gpu: s.gpu } : {}),
    workers: s.workers,
    lanesPerBatch: 32,
  });
}

/**
 * The "no reservoir" control's features of a channel matrix (frames x channels at `frameRate`
 * hertz): the same {@link traceStatistics} the reservoir's states get. The channels are rounded
 * to float32 first, as the analog encoder rounds the reservoir's input currents.
 */
export function channelStatistics(m: Mat, frameRate: number, config: LsmConfig): Float64Array {
  return traceStatistics({ data: Float32Array.from(m.data), rows: m.rows, cols: m.cols, interval: 1 / frameRate }, config.features);
}

/** The roles that give a feature block under `config`, in ROLES order. */
export function activeRoles(config: LsmConfig): Role[] {
  const { excitation, tract } = config.reservoirs;
  // the control with both reservoirs null still takes statistics of both streams
  if (config.features.source === 'frontend' && !excitation && !tract) return [...ROLES];
  return ROLES.filter((r) => config.reservoirs[r]);
}

/** The simulated reservoirs of a config, keyed by unit name (the role, or `role/k` for ensemble member k; see {@link reservoirUnits}). */
export type Reservoirs = Partial<Record<string, LifReservoir>>;

/**
 * One source of traces and of one set of trace statistics: a reservoir (a role's single
 * reservoir or an ensemble member), or for the control (`features.source: frontend`) a role's
 * channels (`config` null). The control takes statistics over all of a role's channels, whatever
 * ensemble or sub-bands the reservoirs of that config would have.
 */
export interface FeatureUnit {
  /** The role, or `role/k` for member k of the role's ensemble. */
  readonly name: string;
  readonly role: Role;
  /** Member index within the role's ensemble; null otherwise. */
  readonly member: number | null;
  /** The reservoir's resolved config; null for the control's channels. */
  readonly config: ReservoirMemberConfig | null;
}

/** The feature units of a config, in block order. */
export function featureUnits(config: LsmConfig): FeatureUnit[] {
  if (config.features.source === 'frontend') return activeRoles(config).map((role) => ({ name: role, role, member: null, config: null }));
  return reservoirUnits(config);
}

/**
 * The readout's feature blocks of a config: one per unit, except that the members of an ensemble
 * with `blocks: role` share one block (their features side by side). `units` index
 * {@link featureUnits}.
 */
export function blockLayout(config: LsmConfig): { name: string; role: Role; units: number[] }[] {
  const units = featureUnits(config);
  const out: { name: string; role: Role; units: number[] }[] = [];
  units.forEach((u, k) => {
    const byRole = u.member !== null && config.reservoirs[u.role]?.ensemble?.blocks === 'role';
    const last = out.at(-1);
    if (byRole && last && last.role === u.role && last.name === u.role) last.units.push(k);
    else out.push({ name: byRole ? u.role : u.name, role: u.role, units: [k] });
  });
  return out;
}

/** Trace statistics per unit of a config (reservoir neurons, or the control's channels). */
function unitSize(config: LsmConfig, u: FeatureUnit, reservoirs: Reservoirs): number {
  const n = u.config ? reservoirs[u.name]?.network.n : roleChannelCount(config, u.role);
  if (n === undefined)
    throw new RangeError(
      `extractFeatures: no reservoir "${u.name}" (the config simulates ${featureUnits(config)
        .map((x) => x.name)
        .join(', ')})`,
    );
  return stateFeatureLength(n, config.features);
}

/** Sizes of the feature blocks (see {@link blockLayout}), in block order. */
export function blockSizes(config: LsmConfig, reservoirs: Reservoirs): { role: Role; name: string; size: number }[] {
  const units = featureUnits(config);
  return blockLayout(config).map((b) => ({ role: b.role, name: b.name, size: b.units.reduce((a, k) => a + unitSize(config, units[k]!, reservoirs), 0) }));
}

/**
 * Revision of the feature computation (front end, encoder, engine numerics), part of every
 * cache key: bump it when a change alters features for the same config, so that no cache
 * serves features of the old code. 2: F0 with a DC-blocking high-pass and interpolation at
 * the ends of the lag range.
 */
export const FEATURE_REVISION = 2;

/**
 * The part of the config that determines the features of one role's block (its cache key): the
 * front end, and for reservoir features the encoder, the role's reservoir and the simulation's
 * numerics (the seed is a separate part of the key). A block depends on nothing of the other
 * role, so an ablation that drops one reservoir reuses the other's cached block.
 */
export function featureConfigKey(config: LsmConfig, unit: Role | string): unknown {
  const { encoder, reservoirs } = config;
  // what the rows hold does not depend on how the readout combines blocks
  const { combine: _, ...features } = config.features;
  // egemaps 'off' leaves the key as it was before the option existed (caches stay valid); with
  // eGeMAPS on, the key carries the LLD code's revision (no cache serves rows of older LLDs).
  const { egemaps, ...rest } = config.frontEnd;
  const frontEnd = egemaps === 'off' || egemaps === undefined ? rest : { ...config.frontEnd, egemapsRevision: EGEMAPS_REVISION };
  const [role, m] = unit.split('/') as [Role, string | undefined];
  // Front-end statistics ("no reservoir") depend on the front end and the statistics only.
  if (features.source === 'frontend') return { role, frontEnd, features };
  const { dt, precision, readoutTau, readoutInterval } = config.simulation;
  const simulation = { dt, precision, readoutTau, readoutInterval };
  const rc = reservoirs[role];
  if (m !== undefined) {
    const member = Number(m);
    const mc = rc?.ensemble?.members[member];
    if (!mc) throw new RangeError(`featureConfigKey: the config has no ensemble member "${unit}"`);
    return { role, member, frontEnd, encoder, reservoir: mc, features, simulation };
  }
  // a role with an ensemble: the whole ensemble (its members' merged configs)
  return { role, frontEnd, encoder, reservoir: rc, features, simulation };
}

/** Options of {@link extractFeatures}. */
export interface ExtractOptions {
  /** Cache folder (content-addressed); none when undefined. */
  readonly cacheDir?: string;
  readonly onProgress?: ProgressCallback;
  /** Utterances per simulation batch (bounds memory); default 256. */
  readonly chunk?: number;
  /**
   * The speaker of each input (no labels): needed when `frontEnd.channelNormalization` is
   * 'speaker' (each input's channels are z-scored with its speaker's statistics); default: all
   * inputs are one speaker.
   */
  readonly speakers?: readonly string[];
  /** Front-end channels shared with other extractions of the same files ({@link ChannelMemo}); default: computed here. */
  readonly memo?: ChannelMemo;
  /**
   * With `frontEnd.channelNormalization: 'speaker'`: fixed channel moments for the inputs whose
   * `inputs[i]` is true (e.g. lone files of unknown speakers, z-scored with a model's training-set
   * moments, `trainingChannelMoments`). Those inputs are z-scored with `moments` instead of their
   * speaker's and take no part in their speaker's moments; their cache keys hold a digest of
   * `moments` instead of their speaker's set of inputs. Ignored under other normalizations.
   */
  readonly fixedChannelMoments?: { readonly moments: RoleChannelMoments; readonly inputs: readonly boolean[] };
}

/** The cache identity of an input: the file's bytes, or the samples and rate of in-memory audio. */
function inputHash(input: string | Audio): string {
  if (typeof input === 'string') return fileHash(input);
  return sha256(new Uint8Array(input.samples.buffer, input.samples.byteOffset, input.samples.byteLength), String(input.sampleRate));
}

/** What {@link extractFeatureSet} returns. */
export interface ExtractedFeatures {
  /** Trace-statistics blocks in {@link blockLayout} order (rows = inputs, in input order). */
  readonly blocks: Mat[];
  /** The units, in the order of `traces`. */
  readonly units: FeatureUnit[];
  /**
   * Per unit, per input: the readout traces (samples x neurons; for the control, frames x
   * channels rounded to float32); null unless `traces` was asked for.
   */
  readonly traces: Mat32[][] | null;
}

/**
 * Feature blocks (one Mat per block of {@link blockLayout}: per active role, or per ensemble
 * member) for `files` (WAV paths, or in-memory {@link Audio} such as noisy or augmented copies),
 * in input order. Each unit's row of each input is cached on its own; the front end runs once
 * per input that misses any.
 */
export async function extractFeatures(
  files: readonly (string | Audio)[],
  configIn: LsmConfig,
  reservoirs: Reservoirs,
  options: ExtractOptions = {},
): Promise<Mat[]> {
  return (await extractFeatureSet(files, configIn, reservoirs, options)).blocks;
}

/**
 * {@link extractFeatures}, and with `traces: true` also every unit's readout traces (what the
 * model-space representation and the frame-level readout need). Traces are not cached: with
 * `traces` every input is run (its rows are still written to the cache).
 */
export async function extractFeatureSet(
  files: readonly (string | Audio)[],
  configIn: LsmConfig,
  reservoirs: Reservoirs,
  options: ExtractOptions & { readonly traces?: boolean } = {},
): Promise<ExtractedFeatures> {
  const units = featureUnits(configIn);
  const layout = blockLayout(configIn);
  const wantTraces = options.traces === true;
  const assemble = (unitBlocks: Mat[]): Mat[] =>
    layout.map((b) => (b.units.length === 1 ? unitBlocks[b.units[0]!]! : hconcat(b.units.map((k) => unitBlocks[k]!))));
  if (files.length === 0)
    return {
      blocks: assemble(units.map((u) => ({ data: new Float64Array(0), rows: 0, cols: unitSize(configIn, u, reservoirs) }))),
      units,
      traces: wantTraces ? units.map(() => []) : null,
    };
  const config = withAnalysisRate(configIn, files);
  const sizes = units.map((u) => unitSize(config, u, reservoirs));
  const bySpeaker = config.frontEnd.channelNormalization === 'speaker';
  const speakers = options.speakers ?? files.map(() => '');
  if (speakers.length !== files.length) throw new RangeError(`speakers: ${speakers.length} speakers for ${files.length} inputs (one per input)`);
  const fixedMoments = bySpeaker ? (options.fixedChannelMoments ?? null) : null;
  if (fixedMoments && fixedMoments.inputs.length !== files.length)
    throw new RangeError(`fixedChannelMoments.inputs: ${fixedMoments.inputs.length} flags for ${files.length} inputs (one per input)`);
  // fixed[i]: input i is z-scored with the fixed moments, not with its speaker's
  const fixed = files.map((_, i) => fixedMoments?.inputs[i] === true);
  const cache = options.cacheDir ? new FeatureCache(options.cacheDir) : null;
  const n = files.length;
  const blocks: Mat[] = sizes.map((size) => ({ data: new Float64Array(n * size), rows: n, cols: size }));
  const traces: Mat32[][] | null = wantTraces ? units.map(() => new Array<Mat32>(n)) : null;
  const seed = config.features.source === 'frontend' ? null : config.seed;
  const version = `${VERSION}+features.${FEATURE_REVISION}`;
  let hashes = cache ? files.map(inputHash) : [];
  if (cache && bySpeaker) {
    // a row depends on every input of its speaker: the key holds the speaker's set of inputs;
    // a row z-scored with fixed moments depends on those moments only
    const group = new Map<string, string[]>();
    speakers.forEach((sp, i) => {
      if (!fixed[i]) group.set(sp, [...(group.get(sp) ?? []), hashes[i]!]);
    });
    const groupHash = new Map([...group].map(([sp, hs]) => [sp, sha256(...[...hs].sort())]));
    const digest = fixedMoments ? channelMomentsDigest(fixedMoments.moments) : '';
    hashes = hashes.map((h, i) => (fixed[i] ? sha256(h, 'moments', digest) : sha256(h, 'speaker', groupHash.get(speakers[i]!)!)));
  }
  // the network digest binds each unit's rows to the reservoir actually simulated (not only to the config that would build it)
  const network = units.map((u) => (cache && u.config ? reservoirsDigest({ [u.role]: reservoirs[u.name] }) : undefined));
  const keys = units.map((u, b) =>
    cache
      ? hashes.map((audioHash) =>
          cacheKey({ audioHash, config: featureConfigKey(config, u.name), seed, version, ...(network[b] ? { network: network[b] } : {}) }),
        )
      : [],
  );
  // missing[b][i]: unit b of input i still to compute
  // A noisy reservoir draws its noise by lane index within the run (LifNetwork.noise): its rows are
  // recomputed for the whole list every time (the cache is only written), so that what an input
  // gets never depends on which other inputs happened to be cached. Traces are never cached.
  const noisy = units.map((u) => (reservoirs[u.name]?.network.noise?.std ?? 0) > 0);
  const missing = sizes.map((size, b) =>
    files.map((_, i) => {
      if (noisy[b] || wantTraces) return true;
      const row = cache ? cache.get(keys[b]![i]!) : null;
      if (!row || row.length !== size) return true;
      blocks[b]!.data.set(row, i * size);
      return false;
    }),
  );
  const todo = files.map((_, i) => i).filter((i) => missing.some((m) => m[i]));
  const chunk = options.chunk ?? 256;
  let done = n - todo.length;
  options.onProgress?.({ phase: 'features', done, total: n });
  const memo = options.memo;
  const channelsOf = (input: string | Audio, c: LsmConfig) => (memo ? memo.channels(input, c) : configChannels(input, c));
  const bySpk = bySpeaker ? speakerMoments(files, speakers, todo, config, fixed, channelsOf) : null;
  for (let a = 0; a < todo.length; a += chunk) {
    const idx = todo.slice(a, a + chunk);
    const channels = idx.map((i) => {
      if (!bySpk) return channelsOf(files[i]!, config);
      if (fixed[i]) {
        const ch = channelsOf(files[i]!, config);
        const m = fixedMoments!.moments;
        return { excitation: normalizeChannels(ch.excitation, m.excitation), tract: normalizeChannels(ch.tract, m.tract), frameRate: ch.frameRate };
      }
      const ch = bySpk.channels.get(i)!;
      bySpk.channels.delete(i);
      const m = bySpk.moments.get(speakers[i]!)!;
      return { excitation: normalizeChannels(ch.excitation, m.excitation), tract: normalizeChannels(ch.tract, m.tract), frameRate: ch.frameRate };
    });
    for (let b = 0; b < units.length; b++) {
      const u = units[b]!;
      const size = sizes[b]!;
      const ks = idx.map((_, k) => k).filter((k) => missing[b]![idx[k]!]);
      if (ks.length === 0) continue;
      const put = (k: number, row: Float64Array) => {
        const i = idx[k]!;
        blocks[b]!.data.set(row, i * size);
        if (cache) cache.put(keys[b]![i]!, row);
      };
      if (!u.config) {
        for (const k of ks) {
          const m = channels[k]![u.role];
          put(k, channelStatistics(m, channels[k]!.frameRate, config));
          if (traces) traces[b]![idx[k]!] = { data: Float32Array.from(m.data), rows: m.rows, cols: m.cols };
        }
      } else {
        const runs = await reservoirs[u.name]!.run(ks.map((k) => roleInput(channels[k]!, u.role, config, u.config!.inputChannels)));
        runs.forEach((r, j) => {
          const k = ks[j]!;
          let row: Float64Array;
          try {
            row = reservoirFeatures(r, config.features);
          } catch (e) {
            const f = files[idx[k]!]!;
            throw new AudioError(typeof f === 'string' ? f : f.source, `${u.name} reservoir: ${(e as Error).message}`, { cause: e });
          }
          put(k, row);
          if (traces) traces[b]![idx[k]!] = { data: r.trace, rows: r.samples, cols: r.n };
        });
      }
    }
    done += idx.length;
    options.onProgress?.({ phase: 'features', done, total: n });
  }
  return { blocks: assemble(blocks), units, traces };
}

/**
 * Per-speaker channel moments (per role) of the speakers that have an input in `todo`, over all
 * of each such speaker's inputs (the statistics need every utterance of the speaker before any
 * is injected), and the channels of the `todo` inputs computed on the way (reused, not
 * recomputed). Inputs flagged in `fixed` (z-scored with fixed moments) are left out of both.
 */
function speakerMoments(
  files: readonly (string | Audio)[],
  speakers: readonly string[],
  todo: readonly number[],
  config: LsmConfig,
  fixed: readonly boolean[],
  channelsOf: (input: string | Audio, config: LsmConfig) => FrontEndChannels,
): { moments: Map<string, Record<Role, ChannelMoments>>; channels: Map<number, FrontEndChannels> } {
  const need = new Set(todo.filter((i) => !fixed[i]).map((i) => speakers[i]!));
  const keep = new Set(todo);
  const moments = new Map<string, Record<Role, ChannelMoments>>();
  const channels = new Map<number, FrontEndChannels>();
  for (const sp of need) {
    const chs = files.flatMap((f, i) => {
      if (speakers[i] !== sp || fixed[i]) return [];
      const ch = channelsOf(f, config);
      if (keep.has(i)) channels.set(i, ch);
      return [ch];
    });
    moments.set(sp, { excitation: channelMoments(chs.map((c) => c.excitation)), tract: channelMoments(chs.map((c) => c.tract)) });
  }
  return { moments, channels };
}
