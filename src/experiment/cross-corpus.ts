/**
 * Cross-corpus evaluation (protocol `cross:TRAIN_DATASET`): two corpora merged into one
 * dataset whose labels are the canonical emotions both have (each loader's label table in
 * `datasets/labels.ts`); the classes of one corpus only are dropped and counted. Speakers and
 * ids are prefixed with the corpus name, so that speakers of the two corpora never merge.
 *
 * @module
 */
import { DatasetError } from '../core/errors.js';
import { CANONICAL_EMOTIONS, canonicalLabel } from './datasets/labels.js';
import type { CrossCorpusInfo, Dataset, Utterance } from './manifest.js';
import { loadConfigDataset } from './results-folder.js';
import type { DatasetRef } from './experiment-config.js';
import type { Protocol } from './protocols.js';

/**
 * Merge `train` and `test` for a cross-corpus protocol: each utterance's label becomes its
 * canonical label ({@link canonicalLabel}), only the canonical labels present in both corpora
 * are kept (in {@link CANONICAL_EMOTIONS} order, then others sorted), utterances carry
 * `corpus: 'train' | 'test'`, ids and speakers are prefixed `<corpus name>/`. Two corpora of the
 * same loader, or fewer than two shared labels, are a DatasetError naming both folders.
 */
export function crossCorpusDataset(train: Dataset, test: Dataset): Dataset {
  if (train.name === test.name)
    throw new DatasetError(
      `${train.root} and ${test.root}`,
      `cross-corpus protocol: training and test corpora are both "${train.name}"; it needs two different corpora (a corpus against itself: use loso or speakers:)`,
    );
  const canon = (ds: Dataset) => new Map(ds.labels.map((l) => [l, canonicalLabel(ds.name, l)]));
  const mTrain = canon(train);
  const mTest = canon(test);
  const inTest = new Set(mTest.values());
  const inTrain = new Set(mTrain.values());
  const order = (l: string) => {
    const i = (CANONICAL_EMOTIONS as readonly string[]).indexOf(l);
    return i < 0 ? CANONICAL_EMOTIONS.length : i;
  };
  const shared = [...inTrain].filter((l) => inTest.has(l)).sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
  if (shared.length < 2)
    throw new DatasetError(
      `${train.root} and ${test.root}`,
      `cross-corpus protocol: ${train.name} (${[...inTrain].join(', ')}) and ${test.name} (${[...inTest].join(', ')}) share ${shared.length} canonical label(s); at least 2 are needed`,
    );
  const keep = new Set(shared);
  const dropped: { corpus: 'train' | 'test'; label: string; canonical: string; utterances: number }[] = [];
  const side = (ds: Dataset, map: Map<string, string>, corpus: 'train' | 'test'): Utterance[] => {
    for (const l of ds.labels) {
      const c = map.get(l)!;
      if (!keep.has(c)) dropped.push({ corpus, label: l, canonical: c, utterances: ds.utterances.filter((u) => u.label === l).length });
    }
    return ds.utterances
      .filter((u) => keep.has(map.get(u.label)!))
      .map((u) => ({ ...u, id: `${ds.name}/${u.id}`, speaker: `${ds.name}/${u.speaker}`, label: map.get(u.label)!, corpus }));
  };
  const utts = [...side(train, mTrain, 'train'), ...side(test, mTest, 'test')];
  const mapping = (map: Map<string, string>) => Object.fromEntries([...map].filter(([, c]) => keep.has(c)));
  const info: CrossCorpusInfo = {
    train: train.name,
    trainRoot: train.root,
    test: test.name,
    testRoot: test.root,
    shared,
    dropped,
    mapping: { train: mapping(mTrain), test: mapping(mTest) },
  };
  const sorted = utts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    name: `${train.name}->${test.name}`,
    root: test.root,
    labels: shared,
    utterances: sorted,
    skipped: [...(train.skipped ?? []).map((f) => `${train.name}/${f}`), ...(test.skipped ?? []).map((f) => `${test.name}/${f}`)],
    ...(train.quirks || test.quirks ? { quirks: [...(train.quirks ?? []), ...(test.quirks ?? [])] } : {}),
    ...(train.duplicates || test.duplicates ? { duplicates: [...(train.duplicates ?? []), ...(test.duplicates ?? [])] } : {}),
    crossCorpus: info,
  };
}

/**
 * The dataset a run config evaluates: `ref` itself, or for protocol `cross:NAME[:PATH]` the
 * merge of the training corpus (`trainRef` when the config gives one, whose name must be NAME;
 * else loader NAME at PATH, default NAME, resolved like `ref.path`) with `ref` as the test corpus.
 */
export function loadProtocolDataset(ref: DatasetRef, protocol: Protocol, dataRoot?: string, trainRef?: DatasetRef): Dataset {
  const test = loadConfigDataset(ref, dataRoot);
  if (protocol.kind !== 'cross') return test;
  if (trainRef && trainRef.name !== protocol.train)
    throw new RangeError(`trainDataset.name: "${trainRef.name}" differs from the protocol's training corpus "${protocol.train}"`);
  if (trainRef && protocol.path && trainRef.path !== protocol.path)
    throw new RangeError(`trainDataset.path: "${trainRef.path}" differs from the protocol's path "${protocol.path}"; give the path in one place`);
  const train = loadConfigDataset(trainRef ?? { name: protocol.train as DatasetRef['name'], path: protocol.path ?? protocol.train }, dataRoot);
  return crossCorpusDataset(train, test);
}
