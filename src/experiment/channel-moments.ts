/**
 * Training-set channel moments for `frontEnd.channelNormalization: 'speaker'`: what a model
 * stores so that `predict` can z-score the input channels of a lone utterance (one file of an
 * unknown speaker) on the scale the reservoirs were trained on, instead of over the utterance
 * itself (per-utterance channel z-scoring cost the LSM 8-9 points: docs/input.md).
 *
 * @module
 */
import type { Audio } from '../sourcefilter/audio.js';
import { channelMoments, type ChannelMoments } from '../sourcefilter/channels.js';
import { ModelFormatError } from '../core/errors.js';
import { finiteArray, finiteNumber } from '../core/finite-json.js';
import type { LsmConfig } from './lsm-config.js';
import { type ChannelMemo, configChannels, roleChannelCount, ROLES, type Role, type RoleChannelMoments } from './features.js';

/**
 * Pool per-speaker channel moments into the training-set moments that stand in for an unknown
 * speaker's: the mean over all training frames (each speaker weighted by its frames), and the
 * pooled *within-speaker* standard deviation, sqrt(sum_s frames_s std_s^2 / sum_s frames_s).
 *
 * Why within-speaker: per-speaker z-scoring divides each speaker's channels by that speaker's
 * own spread, so the reservoirs were trained on channels of unit within-speaker variance. The
 * total standard deviation over all training frames would also hold the spread *between* the
 * speakers' means and would shrink a lone utterance's channels below the drive the input gain
 * was set for. The same rule (frame/row-weighted mean, pooled within-speaker spread) gives the
 * readout's fallback feature scalers (`fitFallbackScaler`), so both stages of a lone file's
 * standardization estimate "an average training speaker" alike. A channel whose pooled spread
 * is below 1e-12 gets std 0 (`normalizeChannels` then only centres it, as it does per speaker).
 */
export function poolSpeakerMoments(perSpeaker: readonly ChannelMoments[]): ChannelMoments {
  if (perSpeaker.length === 0) throw new RangeError('poolSpeakerMoments: no speakers');
  const c = perSpeaker[0]!.mean.length;
  const mean = new Float64Array(c);
  const v = new Float64Array(c);
  let frames = 0;
  for (const m of perSpeaker) {
    if (m.mean.length !== c || m.std.length !== c) throw new RangeError(`poolSpeakerMoments: moments of ${c} and ${m.mean.length} channels`);
    if (!(m.frames > 0)) throw new RangeError(`poolSpeakerMoments: a speaker's moments over ${m.frames} frames`);
    for (let b = 0; b < c; b++) {
      mean[b]! += m.frames * m.mean[b]!;
      v[b]! += m.frames * m.std[b]! ** 2;
    }
    frames += m.frames;
  }
  const std = new Float64Array(c);
  for (let b = 0; b < c; b++) {
    mean[b]! /= frames;
    const sd = Math.sqrt(v[b]! / frames);
    std[b] = sd > 1e-12 ? sd : 0;
  }
  return { mean, std, frames };
}

/**
 * The training-set channel moments of `files` (speaker of each in `speakers`) under `config`
 * (its analysis rate already resolved): per role, each speaker's {@link channelMoments} over all
 * of that speaker's utterances (exactly what per-speaker z-scoring uses in training), pooled by
 * {@link poolSpeakerMoments}. Runs the front end once per file (or takes the channels from `memo`).
 */
export function trainingChannelMoments(
  files: readonly (string | Audio)[],
  speakers: readonly string[],
  config: LsmConfig,
  memo?: ChannelMemo,
): RoleChannelMoments {
  if (speakers.length !== files.length) throw new RangeError(`trainingChannelMoments: ${speakers.length} speakers for ${files.length} files`);
  if (files.length === 0) throw new RangeError('trainingChannelMoments: no files');
  const bySpeaker = new Map<string, number[]>();
  speakers.forEach((s, i) => (bySpeaker.get(s) ?? bySpeaker.set(s, []).get(s)!).push(i));
  const per: Record<Role, ChannelMoments[]> = { excitation: [], tract: [] };
  for (const idx of bySpeaker.values()) {
    const chs = idx.map((i) => (memo ? memo.channels(files[i]!, config) : configChannels(files[i]!, config)));
    for (const role of ROLES) per[role].push(channelMoments(chs.map((c) => c[role])));
  }
  return { excitation: poolSpeakerMoments(per.excitation), tract: poolSpeakerMoments(per.tract) };
}

const MOMENTS_TYPE = 'lsm-ser/ChannelMoments';
const MOMENTS_VERSION = 1;

/** Versioned JSON record of {@link RoleChannelMoments} (`type: 'lsm-ser/ChannelMoments'`, `version: 1`). */
export function channelMomentsToJSON(m: RoleChannelMoments): Record<string, unknown> {
  return {
    type: MOMENTS_TYPE,
    version: MOMENTS_VERSION,
    ...Object.fromEntries(ROLES.map((r) => [r, { mean: Array.from(m[r].mean), std: Array.from(m[r].std), frames: m[r].frames }])),
  };
}

/**
 * Read {@link channelMomentsToJSON}'s record back; `field` is where it sits in `file` (errors,
 * ModelFormatError, name both). Each role's channel count must match `config`'s front end.
 */
export function loadChannelMoments(j: unknown, config: LsmConfig, file: string, field = 'channelStandardization'): RoleChannelMoments {
  const r = j as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || r.type !== MOMENTS_TYPE)
    throw new ModelFormatError(file, `${field} is not an ${MOMENTS_TYPE} record (type is ${JSON.stringify(r?.type) ?? 'nothing'})`);
  if (r.version !== MOMENTS_VERSION)
    throw new ModelFormatError(file, `${field}: ${MOMENTS_TYPE} version ${String(r.version)} is not supported (reads version ${MOMENTS_VERSION})`);
  const role = (name: Role): ChannelMoments => {
    const x = r[name] as { mean?: unknown; std?: unknown; frames?: unknown } | undefined;
    if (!x || typeof x !== 'object') throw new ModelFormatError(file, `${field}.${name} is missing`);
    const c = roleChannelCount(config, name);
    const mean = finiteArray(x.mean, `${field}.${name}.mean`, file, c);
    const std = finiteArray(x.std, `${field}.${name}.std`, file, c);
    const bad = std.findIndex((s) => !(s >= 0));
    if (bad >= 0) throw new ModelFormatError(file, `${field}.${name}.std[${bad}] must be >= 0, got ${std[bad]}`);
    const frames = finiteNumber(x.frames, `${field}.${name}.frames`, file);
    if (!(frames > 0)) throw new ModelFormatError(file, `${field}.${name}.frames must be > 0, got ${frames}`);
    return { mean, std, frames };
  };
  return { excitation: role('excitation'), tract: role('tract') };
}
