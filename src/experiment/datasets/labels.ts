/**
 * One label table per loader: the code in the corpus's file names (or annotation), the label
 * the loader reports (unchanged, so single-corpus results keep their names), and the label in
 * a canonical emotion vocabulary shared by all loaders, used to match classes across corpora
 * (protocol `cross:TRAIN_DATASET`, see docs/cross-corpus.md). The loaders read their code tables
 * from here: one source of truth per corpus.
 *
 * @module
 */

/** The canonical emotion vocabulary, in report order. */
export const CANONICAL_EMOTIONS = ['anger', 'boredom', 'disgust', 'fear', 'happiness', 'sadness', 'neutral', 'surprise', 'calm'] as const;
/** A canonical emotion. */
export type CanonicalEmotion = (typeof CANONICAL_EMOTIONS)[number];

/** One row of a loader's label table. */
export interface LabelMapping {
  /** The code as the corpus writes it (file-name letter or number, annotation tag). */
  readonly code: string;
  /** What it means, in the corpus's own words (for the documentation). */
  readonly meaning: string;
  /** The label the loader reports. */
  readonly label: string;
  /** The canonical label (a {@link CanonicalEmotion}, or the label itself for non-emotion corpora). */
  readonly canonical: string;
}

const row = (code: string, meaning: string, label: string, canonical: string): LabelMapping => Object.freeze({ code, meaning, label, canonical });

/**
 * The label table of every loader, in the loader's label order. `csv` has none: its labels are
 * read through {@link LABEL_ALIASES}. `fsdd` holds digits, not emotions: it only matches another
 * digit corpus.
 */
export const LABEL_TABLES: Readonly<Record<'emodb' | 'ravdess' | 'tess' | 'cremad' | 'savee' | 'iemocap' | 'synth' | 'fsdd', readonly LabelMapping[]>> =
  Object.freeze({
    emodb: [
      row('W', 'Wut / Ärger (anger)', 'anger', 'anger'),
      row('L', 'Langeweile (boredom)', 'boredom', 'boredom'),
      row('E', 'Ekel (disgust)', 'disgust', 'disgust'),
      row('A', 'Angst (fear)', 'fear', 'fear'),
      row('F', 'Freude (happiness)', 'happiness', 'happiness'),
      row('T', 'Trauer (sadness)', 'sadness', 'sadness'),
      row('N', 'neutral', 'neutral', 'neutral'),
    ],
    ravdess: [
      row('01', 'neutral', 'neutral', 'neutral'),
      row('02', 'calm', 'calm', 'calm'),
      row('03', 'happy', 'happy', 'happiness'),
      row('04', 'sad', 'sad', 'sadness'),
      row('05', 'angry', 'angry', 'anger'),
      row('06', 'fearful', 'fearful', 'fear'),
      row('07', 'disgust', 'disgust', 'disgust'),
      row('08', 'surprised', 'surprised', 'surprise'),
    ],
    tess: [
      row('angry', 'angry', 'angry', 'anger'),
      row('disgust', 'disgust', 'disgust', 'disgust'),
      row('fear', 'fear', 'fear', 'fear'),
      row('happy', 'happy', 'happy', 'happiness'),
      row('neutral', 'neutral', 'neutral', 'neutral'),
      row('ps', 'pleasant surprise', 'pleasant_surprise', 'surprise'),
      row('sad', 'sad', 'sad', 'sadness'),
    ],
    cremad: [
      row('ANG', 'anger', 'anger', 'anger'),
      row('DIS', 'disgust', 'disgust', 'disgust'),
      row('FEA', 'fear', 'fear', 'fear'),
      row('HAP', 'happy', 'happy', 'happiness'),
      row('NEU', 'neutral', 'neutral', 'neutral'),
      row('SAD', 'sad', 'sad', 'sadness'),
    ],
    savee: [
      row('a', 'anger', 'anger', 'anger'),
      row('d', 'disgust', 'disgust', 'disgust'),
      row('f', 'fear', 'fear', 'fear'),
      row('h', 'happiness', 'happiness', 'happiness'),
      row('n', 'neutral', 'neutral', 'neutral'),
      row('sa', 'sadness', 'sadness', 'sadness'),
      row('su', 'surprise', 'surprise', 'surprise'),
    ],
    iemocap: [
      row('neu', 'neutral', 'neutral', 'neutral'),
      row('ang', 'angry', 'angry', 'anger'),
      row('sad', 'sad', 'sad', 'sadness'),
      row('hap', 'happy', 'happy', 'happiness'),
      row('exc', 'excited (merged into happy)', 'happy', 'happiness'),
    ],
    synth: [
      row('neutral', 'neutral profile', 'neutral', 'neutral'),
      row('anger', 'anger profile', 'anger', 'anger'),
      row('happiness', 'happiness profile', 'happiness', 'happiness'),
      row('sadness', 'sadness profile', 'sadness', 'sadness'),
      row('fear', 'fear profile', 'fear', 'fear'),
      row('boredom', 'boredom profile', 'boredom', 'boredom'),
    ],
    fsdd: Array.from({ length: 10 }, (_, d) => row(String(d), `spoken digit ${d}`, String(d), String(d))),
  });

/**
 * Spellings of emotions met in corpora and CSV manifests (lower case) and their canonical
 * label; a `csv` (or `synth`) label is matched case-insensitively here, and kept as written when
 * it is not listed.
 */
export const LABEL_ALIASES: Readonly<Record<string, CanonicalEmotion>> = Object.freeze({
  anger: 'anger',
  angry: 'anger',
  ang: 'anger',
  boredom: 'boredom',
  bored: 'boredom',
  disgust: 'disgust',
  disgusted: 'disgust',
  dis: 'disgust',
  fear: 'fear',
  fearful: 'fear',
  afraid: 'fear',
  fea: 'fear',
  happiness: 'happiness',
  happy: 'happiness',
  joy: 'happiness',
  hap: 'happiness',
  sadness: 'sadness',
  sad: 'sadness',
  neutral: 'neutral',
  neu: 'neutral',
  surprise: 'surprise',
  surprised: 'surprise',
  pleasant_surprise: 'surprise',
  ps: 'surprise',
  calm: 'calm',
});

/** `{ code: label }` of a loader's table (what the loader reads from file names). */
export function codeTable(name: keyof typeof LABEL_TABLES): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(LABEL_TABLES[name].map((r) => [r.code, r.label])));
}

/** The loader's label order (each label once, table order). */
export function loaderLabels(name: keyof typeof LABEL_TABLES): string[] {
  return [...new Set(LABEL_TABLES[name].map((r) => r.label))];
}

/**
 * The canonical label of `label` as reported by loader `dataset`: from the loader's table, for
 * `csv` (and a `synth` label outside its table) from {@link LABEL_ALIASES} (case-insensitive),
 * else the label itself. A label the loader cannot report is a RangeError naming both.
 */
export function canonicalLabel(dataset: string, label: string): string {
  const table = (LABEL_TABLES as Record<string, readonly LabelMapping[] | undefined>)[dataset];
  const hit = table?.find((r) => r.label === label);
  if (hit) return hit.canonical;
  if (table && dataset !== 'synth')
    throw new RangeError(`label "${label}" is not one the ${dataset} loader reports (${loaderLabels(dataset as keyof typeof LABEL_TABLES).join(', ')})`);
  return LABEL_ALIASES[label.toLowerCase()] ?? label;
}
