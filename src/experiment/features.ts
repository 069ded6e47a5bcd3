/**
 * From audio files to feature blocks: the source-filter front end, the channels each
 * reservoir hears (excitation bands + prosody; vocal-tract bands), the two reservoirs, and
 * their state features (or, for the "no reservoir" ablation, the same statistics taken
 * directly over the front-end channels). Results are cached per utterance.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import { VERSION } from '../core/provenance.js';
import type { ProgressCallback } from '../core/progress.js';
import { loadAudio } from '../sourcefilter/load.js';
import { assertAnalysable, type Audio } from '../sourcefilter/audio.js';
import { trimSilence } from '../sourcefilter/trim.js';
import { resample } from '../sourcefilter/resample.js';
import { sha256 } from '../core/fsutil.js';
import { AudioError } from '../core/errors.js';
import { decompose, type SourceFilter } from '../sourcefilter/decompose.js';
import { encodeAnalog } from '../lsm/encoding/analog.js';
import { buildMaassColumn } from '../lsm/topology/maass.js';
import { buildFixedIndegree } from '../lsm/topology/fixed-indegree.js';
import { buildInputCoupling } from '../lsm/topology/coupling.js';
import { LifReservoir } from '../lsm/reservoir.js';
import { reservoirFeatures, stateFeatureLength } from '../lsm/features.js';
import type { LaneResult } from '../lsm/run-types.js';
import type { LsmConfig, ReservoirConfig } from './lsm-config.js';
import { cacheKey, fileHash, FeatureCache } from './cache.js';

/** The two reservoir roles. */
export type Role = 'excitation' | 'tract';
/** Roles in block order. */
export const ROLES: readonly Role[] = ['excitation', 'tract'];

/** Number of prosody channels added to the excitation input (log F0, voicing, energy). */
export const PROSODY_CHANNELS = 3;

/** The input channels of each role for one decomposed utterance (frames x channels). */
export function roleChannels(sf: SourceFilter, role: Role, prosody: boolean): Mat {
  const bands = role === 'excitation' ? sf.excitationBands : sf.tractBands;
  if (role === 'tract' || !prosody) return bands;
  const nb = bands.cols;
  const cols = nb + PROSODY_CHANNELS;
  const out = new Float64Array(sf.frames * cols);
  const sortedE = Array.from(sf.energy).sort((a, b) => a - b);
  const medE = sortedE[sortedE.length >> 1] ?? 0;
  for (let f = 0; f < sf.frames; f++) {
    out.set(bands.data.subarray(f * nb, (f + 1) * nb), f * cols);
    const f0 = sf.f0[f]!;
    out[f * cols + nb] = f0 > 0 ? 2 * Math.log2(f0 / 150) : 0; // 2 units per octave around 150 Hz
    out[f * cols + nb + 1] = 2 * sf.voicing[f]! - 1;
    out[f * cols + nb + 2] = Math.max(-3, Math.min(3, (sf.energy[f]! - medE) / 10));
  }
  return { data: out, rows: sf.frames, cols };
}

/** Channels of a role under `config`. */
export function roleChannelCount(config: LsmConfig, role: Role): number {
  return config.frontEnd.bands + (role === 'excitation' && config.frontEnd.prosody ? PROSODY_CHANNELS : 0);
}

/** Build the reservoir of a role from the config and the root seed (forked by role). */
export function buildRoleReservoir(config: LsmConfig, role: Role, rc: ReservoirConfig): LifReservoir {
  const rng = new Rng(config.seed).fork(role);
  const net = rc.topology === 'maass' ? buildMaassColumn({ grid: rc.grid, dynamicSynapses: rc.dynamicSynapses, weightScale: rc.weightScale }, rng.fork('network')) : buildFixedIndegree({ n: rc.units ?? 135, weightScale: rc.weightScale }, rng.fork('network'));
  const coupling = buildInputCoupling(net.n, { channels: roleChannelCount(config, role), fraction: rc.inputFraction, gain: rc.inputGain, signs: rc.inputSigns }, rng.fork('input'));
  const s = config.simulation;
  return new LifReservoir(net, coupling, { dt: s.dt, precision: s.precision, readoutTau: s.readoutTau, readoutInterval: s.readoutInterval, backend: s.backend, ...(s.onUnavailable ? { onUnavailable: s.onUnavailable } : {}), ...(s.gpu ? { gpu: s.gpu } : {}), workers: s.workers, lanesPerBatch: 32 });
}

/** Statistics (mean, std, segment means) over the frames of a channel matrix: the "no reservoir" features. */
export function channelStatistics(m: Mat, config: LsmConfig): Float64Array {
  const trace = Float32Array.from(m.data);
  const run: LaneResult = { n: m.cols, steps: m.rows, counts: new Int32Array(m.cols), spikes: 0, trace, samples: m.rows, sampleInterval: 0.01 };
  return reservoirFeatures(run, config.features);
}

/** Sizes of the feature blocks (one per active role, in ROLES order). */
export function blockSizes(config: LsmConfig, reservoirs: Partial<Record<Role, LifReservoir>>): { role: Role; size: number }[] {
  const out: { role: Role; size: number }[] = [];
  for (const role of ROLES) {
    const rc = config.reservoirs[role];
    if (config.features.source === 'frontend') {
      if (rc || (!config.reservoirs.excitation && !config.reservoirs.tract)) out.push({ role, size: stateFeatureLength(roleChannelCount(config, role), config.features) });
    } else if (rc) out.push({ role, size: stateFeatureLength(reservoirs[role]!.network.n, config.features) });
  }
  return out;
}

/**
 * Revision of the feature computation (front end, encoder, engine numerics), part of every
 * cache key: bump it when a change alters features for the same config, so that no cache
 * serves features of the old code. 2: F0 with a DC-blocking high-pass and interpolation at
 * the ends of the lag range.
 */
export const FEATURE_REVISION = 2;

/** The part of the config that determines the features (the cache key). */
export function featureConfigKey(config: LsmConfig): unknown {
  const { frontEnd, encoder, reservoirs, features } = config;
  // Front-end statistics ("no reservoir") depend on the front end, the active roles and the statistics only.
  if (features.source === 'frontend') return { frontEnd, roles: ROLES.filter((r) => reservoirs[r]), features };
  const { dt, precision, readoutTau, readoutInterval } = config.simulation;
  return { frontEnd, encoder, reservoirs, features, simulation: { dt, precision, readoutTau, readoutInterval } };
}

/** Options of {@link extractFeatures}. */
export interface ExtractOptions {
  /** Cache folder (content-addressed); none when undefined. */
  readonly cacheDir?: string;
  readonly onProgress?: ProgressCallback;
  /** Utterances per simulation batch (bounds memory); default 256. */
  readonly chunk?: number;
}

/** The cache identity of an input: the file's bytes, or the samples and rate of in-memory audio. */
function inputHash(input: string | Audio): string {
  if (typeof input === 'string') return fileHash(input);
  return sha256(new Uint8Array(input.samples.buffer, input.samples.byteOffset, input.samples.byteLength), String(input.sampleRate));
}

/** Load an input at the front end's rate (files through `loadAudio`; in-memory audio trimmed and resampled the same way). */
function loadInput(input: string | Audio, config: LsmConfig): Audio {
  const rate = config.frontEnd.rate;
  const trim = config.frontEnd.trim;
  if (typeof input === 'string') return loadAudio(input, { rate, trim });
  assertAnalysable(input);
  const t = trim === false ? input : trimSilence(input, trim === true ? {} : trim);
  return t.sampleRate === rate ? t : { samples: resample(t.samples, t.sampleRate, rate), sampleRate: rate, source: t.source };
}

/**
 * Feature blocks (one Mat per role) for `files` (WAV paths, or in-memory {@link Audio} such as
 * noisy or augmented copies), in input order.
 */
export async function extractFeatures(files: readonly (string | Audio)[], config: LsmConfig, reservoirs: Partial<Record<Role, LifReservoir>>, options: ExtractOptions = {}): Promise<Mat[]> {
  const sizes = blockSizes(config, reservoirs);
  const total = sizes.reduce((s, b) => s + b.size, 0);
  const cache = options.cacheDir ? new FeatureCache(options.cacheDir) : null;
  const fkey = featureConfigKey(config);
  const rows: (Float64Array | null)[] = files.map(() => null);
  const keys = files.map((f) => (cache ? cacheKey({ audioHash: inputHash(f), config: fkey, seed: config.features.source === 'frontend' ? null : config.seed, version: `${VERSION}+features.${FEATURE_REVISION}` }) : ''));
  if (cache) files.forEach((_, i) => (rows[i] = cache.get(keys[i]!)));
  const todo = files.map((_, i) => i).filter((i) => !rows[i] || rows[i]!.length !== total);
  const chunk = options.chunk ?? 256;
  let done = files.length - todo.length;
  options.onProgress?.({ phase: 'features', done, total: files.length });
  for (let a = 0; a < todo.length; a += chunk) {
    const idx = todo.slice(a, a + chunk);
    const channels = idx.map((i) => {
      const sf = decompose(loadInput(files[i]!, config), {
        rate: config.frontEnd.rate,
        lpcOrder: config.frontEnd.lpcOrder,
        bands: config.frontEnd.bands,
        scale: config.frontEnd.scale,
        normalization: config.frontEnd.normalization,
      });
      return { excitation: roleChannels(sf, 'excitation', config.frontEnd.prosody), tract: roleChannels(sf, 'tract', config.frontEnd.prosody), frameRate: sf.frameRate };
    });
    const parts: Float64Array[][] = idx.map(() => []);
    for (const { role } of sizes) {
      if (config.features.source === 'frontend') {
        channels.forEach((c, k) => parts[k]!.push(channelStatistics(c[role], config)));
      } else {
        const inputs = channels.map((c) => encodeAnalog(c[role], { frameRate: c.frameRate, gain: config.encoder.gain, offset: config.encoder.offset }));
        const runs = await reservoirs[role]!.run(inputs);
        runs.forEach((r, k) => {
          try {
            parts[k]!.push(reservoirFeatures(r, config.features));
          } catch (e) {
            const f = files[idx[k]!]!;
            throw new AudioError(typeof f === 'string' ? f : f.source, `${role} reservoir: ${(e as Error).message}`, { cause: e });
          }
        });
      }
    }
    idx.forEach((i, k) => {
      const v = new Float64Array(total);
      let off = 0;
      for (const p of parts[k]!) {
        v.set(p, off);
        off += p.length;
      }
      rows[i] = v;
      if (cache) cache.put(keys[i]!, v);
    });
    done += idx.length;
    options.onProgress?.({ phase: 'features', done, total: files.length });
  }
  // split rows into blocks
  const blocks: Mat[] = [];
  let off = 0;
  for (const { size } of sizes) {
    const data = new Float64Array(files.length * size);
    rows.forEach((r, i) => data.set(r!.subarray(off, off + size), i * size));
    blocks.push({ data, rows: files.length, cols: size });
    off += size;
  }
  return blocks;
}
