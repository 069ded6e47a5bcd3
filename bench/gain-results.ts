/**
 * The results file of `bench/gain.ts` as its readers (gain-choose, gain-select, gain-compare)
 * take it, and the command-line flag lookup they share.
 */

/** One run of a results file: a model (and representation) at one reservoir seed. */
export interface GainRun {
  readonly model: string;
  /** Readout representation ('stats', ...), null for models without one (`mfcc-svm`, `frame`). */
  readonly rep: string | null;
  readonly seed: number;
  /** The candidate config's tag (`--tag`); absent for the default. */
  readonly tag?: string;
  /** Predicted label of every utterance, in the file's utterance order. */
  readonly pred: string[];
  /** UAR of every outer fold (0-1). */
  readonly foldUar?: number[];
  /** Best speaker-grouped inner-CV UAR of every outer fold's readout (0-1). */
  readonly innerUar?: number[];
}

/** A results file of `bench/gain.ts`: one protocol, its utterances and every run. */
export interface GainResults {
  readonly protocol: string;
  readonly truth: string[];
  readonly speakers: string[];
  readonly labels: string[];
  readonly runs: GainRun[];
  /** Test speakers of each fold (first seed's folds), when recorded. */
  readonly foldSpeakers?: string[][];
}

/** The value after `name` in `args`, or undefined when the flag is absent. */
export function flagValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
