/**
 * Datasets as manifests: one record per utterance (file, label, speaker, gender), an explicit
 * label order, deterministic (sorted by id).
 *
 * @module
 */
import { DatasetError } from '../core/errors.js';

/** One utterance of a dataset. */
export interface Utterance {
  /** Stable id (path relative to the dataset root, without extension). */
  readonly id: string;
  /** Absolute path of the WAV file. */
  readonly file: string;
  readonly label: string;
  readonly speaker: string;
  readonly gender?: 'f' | 'm';
  /**
   * Which recording of the corpus's fixed material this is, as the file name codes it: a code
   * to group utterances by what was read (or, for FSDD, which take), not a transcript (a CSV
   * manifest's `text` column excepted: it holds whatever was written there).
   * Per loader:
   * - `emodb`: the sentence code, the 3rd-5th characters of the name (`03a01Fa` -> `a01`;
   *   10 sentences, a01 a02 a04 a05 a07 b01 b02 b03 b09 b10, each read by every speaker);
   * - `fsdd`: the take number, `0`-`49` (`0_jackson_12` -> `12`); the digit spoken is the
   *   label; the protocol `official` tests takes 0-4 (`Number(text) <= 4`);
   * - `ravdess`: the statement, `01` ("Kids are talking by the door") or `02` ("Dogs are
   *   sitting by the door");
   * - `cremad`: the sentence code (`1001_DFA_ANG_XX` -> `DFA`, 12 sentences);
   * - `savee`: the number after the emotion letters (`DC_sa03` -> `03`), counted per emotion;
   * - `tess`: the target word, lower case (`OAF_back_angry` -> `back`);
   * - `iemocap`: the dialog (`Ses01F_impro01`), not the sentence;
   * - `csv`: the optional `text` column, as written;
   * - `synth`: absent.
   */
  readonly text?: string;
  /** In a cross-corpus dataset ({@link Dataset.crossCorpus}): which side of the protocol the utterance is on. */
  readonly corpus?: 'train' | 'test';
}

/** How a cross-corpus dataset was made from two corpora (see crossCorpusDataset). */
export interface CrossCorpusInfo {
  /** Training corpus: loader name and folder. */
  readonly train: string;
  readonly trainRoot: string;
  /** Test corpus: loader name and folder. */
  readonly test: string;
  readonly testRoot: string;
  /** Canonical labels present in both corpora (the classes of the protocol), in canonical order. */
  readonly shared: readonly string[];
  /** Labels present in one corpus only, with the utterances dropped (per corpus and loader label). */
  readonly dropped: readonly {
    readonly corpus: 'train' | 'test';
    readonly label: string;
    readonly canonical: string;
    readonly utterances: number;
  }[];
  /** Loader label -> canonical label, per corpus, for the labels kept. */
  readonly mapping: { readonly train: Readonly<Record<string, string>>; readonly test: Readonly<Record<string, string>> };
}

/** A dataset: its utterances and its label order. */
export interface Dataset {
  readonly name: string;
  readonly root: string;
  readonly labels: readonly string[];
  readonly utterances: readonly Utterance[];
  /** Files skipped by a non-strict loader (did not fit the naming scheme), relative to `root`. */
  readonly skipped?: readonly string[];
  /** Known quirks of the release read by the loader, one line each (e.g. a misspelled speaker prefix). */
  readonly quirks?: readonly string[];
  /** Identical files dropped under `duplicates: 'keep-first'` (absolute paths: the kept one and the dropped one). */
  readonly duplicates?: readonly { readonly kept: string; readonly dropped: string }[];
  /** Set on a dataset merged from two corpora for protocol `cross:` (utterances carry `corpus`). */
  readonly crossCorpus?: CrossCorpusInfo;
}

/** Build a dataset: sorts utterances by id and checks every label is in `labels`. */
export function makeDataset(
  name: string,
  root: string,
  labels: readonly string[],
  utterances: Utterance[],
  skipped: string[] = [],
  quirks: string[] = [],
): Dataset {
  if (utterances.length === 0) throw new DatasetError(root, `no utterances found for dataset "${name}" (empty folder or nothing matches its naming scheme)`);
  const known = new Set(labels);
  for (const u of utterances) if (!known.has(u.label)) throw new DatasetError(u.file, `label "${u.label}" is not one of ${labels.join(', ')}`);
  const sorted = [...utterances].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const present = labels.filter((l) => sorted.some((u) => u.label === l));
  return { name, root, labels: present, utterances: sorted, skipped, ...(quirks.length ? { quirks } : {}) };
}

/** What a load skipped, read as a quirk, or dropped as a duplicate: one line each (for a run's report). */
export function datasetNotes(ds: Dataset): string[] {
  return [
    ...(ds.skipped ?? []).map((f) => `skipped ${f}: name does not fit the ${ds.name} naming scheme`),
    ...(ds.quirks ?? []),
    ...(ds.duplicates ?? []).map((d) => `dropped ${d.dropped}: identical audio to ${d.kept}`),
    ...crossCorpusNotes(ds),
  ];
}

/** The cross-corpus lines of a merged dataset (none for others): shared classes and the dropped ones with counts. */
export function crossCorpusNotes(ds: Dataset): string[] {
  const c = ds.crossCorpus;
  if (!c) return [];
  const n = (side: 'train' | 'test') => ds.utterances.filter((u) => u.corpus === side).length;
  const dropped = (side: 'train' | 'test') => c.dropped.filter((d) => d.corpus === side);
  const count = (side: 'train' | 'test') => dropped(side).reduce((s, d) => s + d.utterances, 0);
  const list = (side: 'train' | 'test') =>
    dropped(side).length
      ? dropped(side)
          .map((d) => `${d.label} (${d.utterances})`)
          .join(', ')
      : 'none';
  return [
    `cross-corpus: train ${c.train} (${c.trainRoot}, ${n('train')} utterances), test ${c.test} (${c.testRoot}, ${n('test')} utterances), ${c.shared.length} shared classes: ${c.shared.join(', ')}`,
    `cross-corpus: dropped ${dropped('train').length} class(es) only in ${c.train}, ${count('train')} utterances: ${list('train')}`,
    `cross-corpus: dropped ${dropped('test').length} class(es) only in ${c.test}, ${count('test')} utterances: ${list('test')}`,
  ];
}

/** Counts per label and per speaker. */
export function datasetCounts(ds: Dataset): { labels: Record<string, number>; speakers: Record<string, number> } {
  const labels: Record<string, number> = {};
  const speakers: Record<string, number> = {};
  for (const u of ds.utterances) {
    labels[u.label] = (labels[u.label] ?? 0) + 1;
    speakers[u.speaker] = (speakers[u.speaker] ?? 0) + 1;
  }
  return { labels, speakers };
}

/** The speakers of a dataset, sorted. */
export function speakersOf(ds: Dataset): string[] {
  return [...new Set(ds.utterances.map((u) => u.speaker))].sort();
}

/** Keep only the utterances of `speakers`; an unknown speaker is an error naming it. */
export function filterSpeakers(ds: Dataset, speakers: readonly string[]): Dataset {
  const known = new Set(speakersOf(ds));
  for (const s of speakers) if (!known.has(s)) throw new DatasetError(ds.root, `unknown speaker "${s}" (known: ${[...known].join(', ')})`);
  const keep = new Set(speakers);
  return { ...ds, utterances: ds.utterances.filter((u) => keep.has(u.speaker)) };
}
