/**
 * The built-in synthetic emotional speech corpus: several virtual speakers x emotions x
 * utterances, seeded, written as WAV files with a `manifest.csv` (file,label,speaker,gender).
 *
 * @module
 */
import { join } from 'node:path';
import { Rng } from '../core/rng.js';
import { VERSION } from '../core/provenance.js';
import { writeFileAtomic, writeJsonAtomic } from '../core/fsutil.js';
import { writeWav } from '../sourcefilter/wav.js';
import { EMOTION_PROFILES } from './emotions.js';
import { synthesizeUtterance, type VirtualSpeaker } from './synthesize.js';

/** Options of {@link synthesizeCorpus}. */
export interface SynthCorpusOptions {
  /** Seed; default 1. */
  readonly seed?: number;
  /** Number of virtual speakers (alternating female/male); default 6. */
  readonly speakers?: number;
  /** Utterances per emotion per speaker; default 8. */
  readonly perClass?: number;
  /** Emotions; default neutral, anger, happiness, sadness, fear. */
  readonly emotions?: readonly string[];
  /** Sampling rate, in hertz; default 16000. */
  readonly sampleRate?: number;
  /** Utterance duration range, in seconds; default [0.9, 1.4]. */
  readonly duration?: readonly [number, number];
}

/** One synthesized utterance. */
export interface SynthUtterance {
  readonly file: string;
  readonly label: string;
  readonly speaker: string;
  readonly gender: 'f' | 'm';
  readonly samples: Float64Array;
}

/** The corpus in memory. */
export interface SynthCorpus {
  readonly sampleRate: number;
  readonly labels: string[];
  readonly speakers: VirtualSpeaker[];
  readonly utterances: SynthUtterance[];
  readonly options: Required<Omit<SynthCorpusOptions, 'emotions' | 'duration'>> & { emotions: string[]; duration: [number, number] };
}

/** Virtual speakers: females ~190-235 Hz with formant scale ~1.12-1.2, males ~100-130 Hz, ~0.95-1.02. */
export function makeSpeakers(count: number, rng: Rng): VirtualSpeaker[] {
  return Array.from({ length: count }, (_, i) => {
    const female = i % 2 === 0;
    return {
      id: `spk${String(i + 1).padStart(2, '0')}`,
      gender: female ? 'f' : 'm',
      f0: female ? rng.uniform(190, 235) : rng.uniform(100, 130),
      formantScale: female ? rng.uniform(1.12, 1.2) : rng.uniform(0.95, 1.02),
    };
  });
}

/** Synthesize the corpus in memory (bit-identical for a seed). */
export function synthesizeCorpus(options: SynthCorpusOptions = {}): SynthCorpus {
  const seed = options.seed ?? 1;
  const nSpk = options.speakers ?? 6;
  const perClass = options.perClass ?? 8;
  const emotions = [...(options.emotions ?? ['neutral', 'anger', 'happiness', 'sadness', 'fear'])];
  const sampleRate = options.sampleRate ?? 16000;
  const duration = [...(options.duration ?? [0.9, 1.4])] as [number, number];
  if (!Number.isInteger(nSpk) || nSpk < 2) throw new RangeError(`speakers: must be an integer >= 2, got ${nSpk}`);
  if (!Number.isInteger(perClass) || perClass < 1) throw new RangeError(`perClass: must be an integer >= 1, got ${perClass}`);
  for (const e of emotions) if (!EMOTION_PROFILES[e]) throw new RangeError(`emotions: unknown "${e}" (known: ${Object.keys(EMOTION_PROFILES).join(', ')})`);
  if (!(duration[0] > 0.1 && duration[1] >= duration[0])) throw new RangeError(`duration: need 0.1 < min <= max, got ${JSON.stringify(duration)}`);
  const root = new Rng(seed);
  const speakers = makeSpeakers(nSpk, root.fork('speakers'));
  const utterances: SynthUtterance[] = [];
  for (const spk of speakers) {
    for (const emotion of emotions) {
      for (let k = 0; k < perClass; k++) {
        const r = root.fork(`utt/${spk.id}/${emotion}/${k}`);
        const dur = r.uniform(duration[0], duration[1]);
        const samples = synthesizeUtterance({ speaker: spk, emotion, duration: dur, sampleRate }, r);
        utterances.push({ file: `${spk.id}_${emotion}_${String(k).padStart(3, '0')}.wav`, label: emotion, speaker: spk.id, gender: spk.gender, samples });
      }
    }
  }
  return { sampleRate, labels: emotions, speakers, utterances, options: { seed, speakers: nSpk, perClass, emotions, sampleRate, duration } };
}

/** Write the corpus: 16-bit WAV files, `manifest.csv` and `corpus.json`. */
export function writeCorpus(corpus: SynthCorpus, dir: string): void {
  const lines = ['file,label,speaker,gender'];
  for (const u of corpus.utterances) {
    writeWav(join(dir, u.file), u.samples, corpus.sampleRate);
    lines.push(`${u.file},${u.label},${u.speaker},${u.gender}`);
  }
  writeFileAtomic(join(dir, 'manifest.csv'), lines.join('\n') + '\n');
  writeJsonAtomic(join(dir, 'corpus.json'), {
    generator: 'lsm-ser synth',
    version: VERSION,
    options: corpus.options,
    speakers: corpus.speakers,
    files: corpus.utterances.length,
  });
}
