/**
 * From audio files to feature blocks: the front end's channels of each role (excitation bands
 * + prosody; vocal-tract bands, built in `src/sourcefilter`), the two reservoirs, and their
 * state features (or, for the "no reservoir" control, the same trace statistics taken directly
 * over the front-end channels). Results are cached per utterance and role.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
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
import { encodeAnalog } from '../lsm/encoding/analog.js';
import type { AnalogInput } from '../lsm/input.js';
import { buildMaassColumn } from '../lsm/topology/maass.js';
import { buildFixedIndegree } from '../lsm/topology/fixed-indegree.js';
import { buildInputCoupling, neuronRheobase } from '../lsm/topology/coupling.js';
import { LifReservoir } from '../lsm/reservoir.js';
import { reservoirFeatures } from '../lsm/features.js';
import { stateFeatureLength, traceStatistics } from '../lsm/trace-stats.js';
import type { LsmConfig, ReservoirConfig } from './lsm-config.js';
import { neuronModelOptions } from './lsm-config.js';
import { cacheKey, fileHash, FeatureCache, reservoirsDigest } from './cache.js';

/** The two reservoir roles: one per stream of the source-filter front end. */
export type Role = Stream;
/** Roles in block order. */
export const ROLES: readonly Role[] = ['excitation', 'tract'];

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

/** What the reservoir of `role` hears for the channels `ch` (the analog encoder of `config`). */
export function roleInput(ch: FrontEndChannels, role: Role, config: LsmConfig): AnalogInput {
  return encodeAnalog(ch[role], { frameRate: ch.frameRate, offset: config.encoder.offset });
}

/** Build the reservoir of a role from the config and the root seed (forked by role). */
export function buildRoleReservoir(config: LsmConfig, role: Role, rc: ReservoirConfig): LifReservoir {
  const rng = new Rng(config.seed).fork(role);
  const neuron = neuronModelOptions(rc.neuron);
  const net =
    rc.topology === 'maass'
      ? buildMaassColumn({ grid: rc.grid, dynamicSynapses: rc.dynamicSynapses, weightScale: rc.weightScale, neuron }, rng.fork('network'))
      : buildFixedIndegree({ n: rc.units ?? 135, weightScale: rc.weightScale, neuron }, rng.fork('network'));
  const coupling = buildInputCoupling(
    net.n,
    {
      channels: roleChannelCount(config, role),
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

/** Sizes of the feature blocks (one per active role, in ROLES order). */
export function blockSizes(config: LsmConfig, reservoirs: Partial<Record<Role, LifReservoir>>): { role: Role; size: number }[] {
  return activeRoles(config).map((role) => ({
    role,
    size: stateFeatureLength(config.features.source === 'frontend' ? roleChannelCount(config, role) : reservoirs[role]!.network.n, config.features),
  }));
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
export function featureConfigKey(config: LsmConfig, role: Role): unknown {
  const { encoder, reservoirs, features } = config;
  // egemaps 'off' leaves the key as it was before the option existed (caches stay valid).
  const { egemaps, ...rest } = config.frontEnd;
  const frontEnd = egemaps === 'off' || egemaps === undefined ? rest : config.frontEnd;
  // Front-end statistics ("no reservoir") depend on the front end and the statistics only.
  if (features.source === 'frontend') return { role, frontEnd, features };
  const { dt, precision, readoutTau, readoutInterval } = config.simulation;
  return { role, frontEnd, encoder, reservoir: reservoirs[role], features, simulation: { dt, precision, readoutTau, readoutInterval } };
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
}

/** The cache identity of an input: the file's bytes, or the samples and rate of in-memory audio. */
function inputHash(input: string | Audio): string {
  if (typeof input === 'string') return fileHash(input);
  return sha256(new Uint8Array(input.samples.buffer, input.samples.byteOffset, input.samples.byteLength), String(input.sampleRate));
}

/**
 * Feature blocks (one Mat per active role, in ROLES order) for `files` (WAV paths, or
 * in-memory {@link Audio} such as noisy or augmented copies), in input order. Each role's row
 * of each input is cached on its own; the front end runs once per input that misses any.
 */
export async function extractFeatures(
  files: readonly (string | Audio)[],
  configIn: LsmConfig,
  reservoirs: Partial<Record<Role, LifReservoir>>,
  options: ExtractOptions = {},
): Promise<Mat[]> {
  if (files.length === 0) return blockSizes(configIn, reservoirs).map(({ size }) => ({ data: new Float64Array(0), rows: 0, cols: size }));
  const config = withAnalysisRate(configIn, files);
  const sizes = blockSizes(config, reservoirs);
  const bySpeaker = config.frontEnd.channelNormalization === 'speaker';
  const speakers = options.speakers ?? files.map(() => '');
  if (speakers.length !== files.length) throw new RangeError(`speakers: ${speakers.length} speakers for ${files.length} inputs (one per input)`);
  const cache = options.cacheDir ? new FeatureCache(options.cacheDir) : null;
  const n = files.length;
  const blocks: Mat[] = sizes.map(({ size }) => ({ data: new Float64Array(n * size), rows: n, cols: size }));
  const seed = config.features.source === 'frontend' ? null : config.seed;
  const version = `${VERSION}+features.${FEATURE_REVISION}`;
  let hashes = cache ? files.map(inputHash) : [];
  if (cache && bySpeaker) {
    // a row depends on every input of its speaker: the key holds the speaker's set of inputs
    const group = new Map<string, string[]>();
    speakers.forEach((sp, i) => group.set(sp, [...(group.get(sp) ?? []), hashes[i]!]));
    const groupHash = new Map([...group].map(([sp, hs]) => [sp, sha256(...[...hs].sort())]));
    hashes = hashes.map((h, i) => sha256(h, 'speaker', groupHash.get(speakers[i]!)!));
  }
  // the network digest binds each role's rows to the reservoir actually simulated (not only to the config that would build it)
  const network = sizes.map(({ role }) => (cache && config.features.source === 'reservoir' ? reservoirsDigest({ [role]: reservoirs[role] }) : undefined));
  const keys = sizes.map(({ role }, b) =>
    cache
      ? hashes.map((audioHash) =>
          cacheKey({ audioHash, config: featureConfigKey(config, role), seed, version, ...(network[b] ? { network: network[b] } : {}) }),
        )
      : [],
  );
  // missing[b][i]: block b of input i still to compute
  // A noisy reservoir draws its noise by lane index within the run (LifNetwork.noise): its rows are
  // recomputed for the whole list every time (the cache is only written), so that what an input
  // gets never depends on which other inputs happened to be cached.
  const noisy = sizes.map(({ role }) => (reservoirs[role]?.network.noise?.std ?? 0) > 0);
  const missing = sizes.map(({ size }, b) =>
    files.map((_, i) => {
      if (noisy[b]) return true;
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
  const bySpk = bySpeaker ? speakerMoments(files, speakers, todo, config) : null;
  for (let a = 0; a < todo.length; a += chunk) {
    const idx = todo.slice(a, a + chunk);
    const channels = idx.map((i) => {
      if (!bySpk) return configChannels(files[i]!, config);
      const ch = bySpk.channels.get(i)!;
      bySpk.channels.delete(i);
      const m = bySpk.moments.get(speakers[i]!)!;
      return { excitation: normalizeChannels(ch.excitation, m.excitation), tract: normalizeChannels(ch.tract, m.tract), frameRate: ch.frameRate };
    });
    for (let b = 0; b < sizes.length; b++) {
      const { role, size } = sizes[b]!;
      const ks = idx.map((_, k) => k).filter((k) => missing[b]![idx[k]!]);
      if (ks.length === 0) continue;
      const put = (k: number, row: Float64Array) => {
        const i = idx[k]!;
        blocks[b]!.data.set(row, i * size);
        if (cache) cache.put(keys[b]![i]!, row);
      };
      if (config.features.source === 'frontend') {
        for (const k of ks) put(k, channelStatistics(channels[k]![role], channels[k]!.frameRate, config));
      } else {
        const runs = await reservoirs[role]!.run(ks.map((k) => roleInput(channels[k]!, role, config)));
        runs.forEach((r, j) => {
          const k = ks[j]!;
          let row: Float64Array;
          try {
            row = reservoirFeatures(r, config.features);
          } catch (e) {
            const f = files[idx[k]!]!;
            throw new AudioError(typeof f === 'string' ? f : f.source, `${role} reservoir: ${(e as Error).message}`, { cause: e });
          }
          put(k, row);
        });
      }
    }
    done += idx.length;
    options.onProgress?.({ phase: 'features', done, total: n });
  }
  return blocks;
}

/**
 * Per-speaker channel moments (per role) of the speakers that have an input in `todo`, over all
 * of each such speaker's inputs (the statistics need every utterance of the speaker before any
 * is injected), and the channels of the `todo` inputs computed on the way (reused, not
 * recomputed).
 */
function speakerMoments(
  files: readonly (string | Audio)[],
  speakers: readonly string[],
  todo: readonly number[],
  config: LsmConfig,
): { moments: Map<string, Record<Role, ChannelMoments>>; channels: Map<number, FrontEndChannels> } {
  const need = new Set(todo.map((i) => speakers[i]!));
  const keep = new Set(todo);
  const moments = new Map<string, Record<Role, ChannelMoments>>();
  const channels = new Map<number, FrontEndChannels>();
  for (const sp of need) {
    const chs = files.flatMap((f, i) => {
      if (speakers[i] !== sp) return [];
      const ch = configChannels(f, config);
      if (keep.has(i)) channels.set(i, ch);
      return [ch];
    });
    moments.set(sp, { excitation: channelMoments(chs.map((c) => c.excitation)), tract: channelMoments(chs.map((c) => c.tract)) });
  }
  return { moments, channels };
}
