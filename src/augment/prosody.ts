/**
 * Source-filter prosody resynthesis: the utterance is split by the front end's LPC analysis
 * into excitation and vocal tract (a lossless split), the excitation's F0 is shifted (its
 * waveform resampled, then stretched back to its length by WSOLA so timing is unchanged) and
 * its energy scaled, and the result is driven through the unchanged vocal-tract filters.
 * Formants and timing stay; pitch and loudness change.
 *
 * @module
 */
import type { Audio } from '../sourcefilter/audio.js';
import { decompose, deemphasize, resynthesize } from '../sourcefilter/decompose.js';
import { AudioError } from '../core/errors.js';
import { changeRate } from './rate-change.js';
import { wsola } from './wsola.js';

/** A prosody modification. */
export interface ProsodyShift {
  /** F0 multiplier (1.12 = two semitones up); quantized to ~1 %; default 1. */
  readonly f0Ratio?: number;
  /** Energy change, in decibels; default 0. */
  readonly gainDb?: number;
  /** LPC order of the split; default 16 at 16 kHz, 10 at 8 kHz (rate / 1000 + 2, at most 24). */
  readonly lpcOrder?: number;
}

/** `audio` with its excitation's F0 and energy changed and its vocal tract kept. */
export function shiftProsody(audio: Audio, shift: ProsodyShift): Audio {
  const ratio = shift.f0Ratio ?? 1;
  const gainDb = shift.gainDb ?? 0;
  if (!Number.isFinite(gainDb) || Math.abs(gainDb) > 40) throw new RangeError(`gainDb: must be within +-40 dB, got ${gainDb}`);
  if (audio.samples.length === 0) throw new AudioError(audio.source, 'empty audio');
  const rate = audio.sampleRate;
  const order = shift.lpcOrder ?? Math.min(24, Math.round(rate / 1000) + 2);
  const sf = decompose(audio, { rate, lpcOrder: order, pitch: false, bands: 8 });
  const n = sf.excitation.length;
  const r = changeRate(sf.excitation, rate, ratio);
  const exc = r.factor === 1 ? sf.excitation.slice() : wsola(r.samples, n, { frame: 2 * Math.round(0.02 * rate) });
  const g = 10 ** (gainDb / 20);
  for (let i = 0; i < n; i++) exc[i]! *= g;
  const y = deemphasize(resynthesize(sf, exc), sf.options.preEmphasis);
  return { samples: y, sampleRate: rate, source: `${audio.source} (F0 x${r.factor.toFixed(3)}, ${gainDb >= 0 ? '+' : ''}${gainDb} dB)` };
}
