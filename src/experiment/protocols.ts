/**
 * Evaluation protocols: folds of train/test indices into a dataset's utterances.
 *
 * @module
 */
import { ConfigError, DatasetError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Dataset } from './manifest.js';
import { speakersOf } from './manifest.js';
import { DATASET_NAMES } from './datasets/index.js';

/** A protocol. */
export type Protocol =
  | { readonly kind: 'loso' }
  | { readonly kind: 'kfold'; readonly k: number; readonly stratify?: boolean }
  | { readonly kind: 'official' }
  | { readonly kind: 'speakers'; readonly train: readonly string[]; readonly test: readonly string[] }
  /**
   * Cross-corpus: train on every utterance of corpus `train` (a loader name; its folder `path`,
   * default the loader name, resolved like the config's dataset path) and test on every
   * utterance of the config's dataset, over the canonical labels both have
   * (see `crossCorpusDataset` and docs/cross-corpus.md).
   */
  | { readonly kind: 'cross'; readonly train: string; readonly path?: string };

/** One fold. */
export interface Fold {
  readonly name: string;
  readonly train: number[];
  readonly test: number[];
  readonly testSpeakers: string[];
}

/** Parse a protocol string of the CLI: loso | kfold[:K] | official | speakers:a,b/c,d | cross:LOADER[:PATH]. */
export function parseProtocol(s: string): Protocol {
  if (s === 'loso') return { kind: 'loso' };
  const cr = /^cross:([a-z0-9]+)(?::(.+))?$/.exec(s);
  if (cr) {
    if (!(DATASET_NAMES as readonly string[]).includes(cr[1]!))
      throw new RangeError(`protocol: "${s}": training corpus "${cr[1]}" is not a loader (known: ${DATASET_NAMES.join(', ')})`);
    return { kind: 'cross', train: cr[1]!, ...(cr[2] ? { path: cr[2] } : {}) };
  }
  if (s === 'official') return { kind: 'official' };
  const kf = /^kfold(?::(\d+))?$/.exec(s);
  if (kf) return { kind: 'kfold', k: kf[1] ? Number(kf[1]) : 10, stratify: true };
  const sp = /^speakers:([^/]+)\/(.+)$/.exec(s);
  if (sp) return { kind: 'speakers', train: sp[1]!.split(','), test: sp[2]!.split(',') };
  throw new RangeError(`protocol: "${s}" is not one of loso | kfold[:K] | official | speakers:TRAIN,../TEST,.. | cross:LOADER[:PATH]`);
}

/** {@link parseProtocol} for config files: a bad protocol is a ConfigError naming `source`. */
export function configProtocol(s: string, source: string): Protocol {
  try {
    return parseProtocol(s);
  } catch (e) {
    throw new ConfigError(`${source}: protocol`, (e as Error).message);
  }
}

/** The folds of `protocol` on `ds`; `rng` shuffles k-fold assignments. */
export function makeFolds(ds: Dataset, protocol: Protocol, rng: Rng): Fold[] {
  const n = ds.utterances.length;
  const all = ds.utterances.map((_, i) => i);
  const spk = (idx: number[]) => [...new Set(idx.map((i) => ds.utterances[i]!.speaker))].sort();
  switch (protocol.kind) {
    case 'loso': {
      const speakers = speakersOf(ds);
      if (speakers.length < 2) throw new DatasetError(ds.root, 'leave-one-speaker-out needs at least 2 speakers');
      return speakers.map((s) => {
        const test = all.filter((i) => ds.utterances[i]!.speaker === s);
        return { name: `speaker ${s}`, train: all.filter((i) => ds.utterances[i]!.speaker !== s), test, testSpeakers: [s] };
      });
    }
    case 'kfold': {
      const k = protocol.k;
      if (!Number.isInteger(k) || k < 2 || k > n) throw new RangeError(`protocol.k: must be an integer in [2, ${n}], got ${k}`);
      const foldOf = new Int32Array(n);
      if (protocol.stratify ?? true) {
        let offset = 0;
        for (const label of ds.labels) {
          const idx = rng.shuffle(all.filter((i) => ds.utterances[i]!.label === label)) as number[];
          idx.forEach((i, j) => (foldOf[i] = (j + offset) % k));
          offset += idx.length;
        }
      } else {
        (rng.shuffle([...all]) as number[]).forEach((i, j) => (foldOf[i] = j % k));
      }
      return Array.from({ length: k }, (_, f) => {
        const test = all.filter((i) => foldOf[i] === f);
        return { name: `fold ${f + 1}/${k}`, train: all.filter((i) => foldOf[i] !== f), test, testSpeakers: spk(test) };
      });
    }
    case 'official': {
      if (ds.name === 'fsdd') {
        const test = all.filter((i) => Number(ds.utterances[i]!.text) <= 4);
        return [{ name: 'official (takes 0-4 test)', train: all.filter((i) => Number(ds.utterances[i]!.text) > 4), test, testSpeakers: spk(test) }];
      }
      if (ds.name === 'iemocap') {
        const sessions = [...new Set(ds.utterances.map((u) => u.speaker.slice(0, 5)))].sort();
        return sessions.map((s) => {
          const test = all.filter((i) => ds.utterances[i]!.speaker.startsWith(s));
          return { name: `session ${s}`, train: all.filter((i) => !ds.utterances[i]!.speaker.startsWith(s)), test, testSpeakers: spk(test) };
        });
      }
      throw new DatasetError(ds.root, `dataset "${ds.name}" has no official split (fsdd and iemocap do)`);
    }
    case 'cross': {
      const cc = ds.crossCorpus;
      if (!cc)
        throw new DatasetError(
          ds.root,
          `protocol cross:${protocol.train} needs the two corpora merged (crossCorpusDataset); this command loads one dataset only`,
        );
      const train = all.filter((i) => ds.utterances[i]!.corpus === 'train');
      const test = all.filter((i) => ds.utterances[i]!.corpus === 'test');
      return [{ name: `${cc.train} -> ${cc.test}`, train, test, testSpeakers: spk(test) }];
    }
    case 'speakers': {
      const known = new Set(speakersOf(ds));
      for (const s of [...protocol.train, ...protocol.test])
        if (!known.has(s)) throw new DatasetError(ds.root, `unknown speaker "${s}" (known: ${[...known].join(', ')})`);
      const overlap = protocol.train.filter((s) => protocol.test.includes(s));
      if (overlap.length) throw new RangeError(`protocol: speakers ${overlap.join(', ')} are in both train and test`);
      const tr = new Set(protocol.train);
      const te = new Set(protocol.test);
      const test = all.filter((i) => te.has(ds.utterances[i]!.speaker));
      return [{ name: `speakers ${protocol.test.join(',')}`, train: all.filter((i) => tr.has(ds.utterances[i]!.speaker)), test, testSpeakers: [...te].sort() }];
    }
  }
}
