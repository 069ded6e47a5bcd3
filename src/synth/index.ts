/** The built-in synthetic emotional speech corpus. @module */
export { EMOTION_PROFILES, VOWELS } from './emotions.js';
export type { EmotionProfile } from './emotions.js';
export { synthesizeUtterance } from './synthesize.js';
export type { VirtualSpeaker, UtteranceParams } from './synthesize.js';
export { synthesizeCorpus, writeCorpus, makeSpeakers } from './corpus.js';
export type { SynthCorpusOptions, SynthCorpus, SynthUtterance } from './corpus.js';
