/**
 * WAV reading and writing. Reading validates the RIFF structure first ({@link parseWavLayout}),
 * then decodes: PCM 8/16/24/32-bit, IEEE float 32/64, A-law and mu-law; any number of
 * channels, mixed to mono by averaging; 8-192 kHz.
 *
 * Two decoders: `'wavefile'` (the wavefile package) and `'native'` (a DataView decoder for PCM
 * and float; `decodeWav` of a 2-s 16-bit Emo-DB file measured 2.0 ms with wavefile vs 0.3 ms
 * natively on a 2-core machine). `'auto'` (default) decodes PCM/float natively and A-law/mu-law
 * through wavefile. Both are tested to give identical samples for every format.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import wf from 'wavefile';
import { WavFormatError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fsutil.js';
import type { Audio } from './audio.js';
import { parseWavLayout, WAVE_FORMAT, type WavLayout } from './riff.js';

const { WaveFile } = wf;

/** Options of {@link readWav} and {@link decodeWav}. */
export interface ReadWavOptions {
  /** Which decoder to use; default `'auto'`. */
  readonly decoder?: 'auto' | 'native' | 'wavefile';
}

/** Read a WAV file as mono audio. Errors are {@link WavFormatError}s naming `path`. */
export function readWav(path: string, options: ReadWavOptions = {}): Audio {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new WavFormatError(path, `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  return decodeWav(bytes, path, options);
}

/** Decode WAV bytes as mono audio; `label` names the source in errors. */
export function decodeWav(bytes: Uint8Array, label: string, options: ReadWavOptions = {}): Audio {
  const decoder = options.decoder ?? 'auto';
  if (decoder !== 'auto' && decoder !== 'native' && decoder !== 'wavefile') {
    throw new RangeError(`decoder: must be 'auto' | 'native' | 'wavefile', got ${JSON.stringify(decoder)}`);
  }
  const layout = parseWavLayout(bytes, label);
  const companded = layout.format === WAVE_FORMAT.alaw || layout.format === WAVE_FORMAT.mulaw;
  if (decoder === 'native' && companded) {
    throw new WavFormatError(label, 'the native decoder reads PCM and float only; use decoder "wavefile" or "auto" for A-law/mu-law');
  }
  const samples = decoder === 'wavefile' || companded ? decodeWithWavefile(bytes, layout, label) : decodeNative(bytes, layout);
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]!;
    if (!Number.isFinite(x)) {
      throw new WavFormatError(label, `sample ${i} (${(i / layout.sampleRate).toFixed(4)} s) is ${x} (NaN/Inf samples are not allowed)`);
    }
  }
  return { samples, sampleRate: layout.sampleRate, source: label };
}

function decodeNative(bytes: Uint8Array, L: WavLayout): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { channels, frames, dataOffset, bitsPerSample: bits, format } = L;
  const out = new Float64Array(frames);
  const inv = 1 / channels;
  const bps = bits / 8;
  for (let f = 0; f < frames; f++) {
    let acc = 0;
    let o = dataOffset + f * L.blockAlign;
    for (let c = 0; c < channels; c++, o += bps) {
      let x: number;
      if (format === WAVE_FORMAT.float) {
        x = bits === 32 ? view.getFloat32(o, true) : view.getFloat64(o, true);
      } else if (bits === 16) {
        x = view.getInt16(o, true) / 32768;
      } else if (bits === 8) {
        x = (view.getUint8(o) - 128) / 128;
      } else if (bits === 24) {
        const v = view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16);
        x = v / 8388608;
      } else {
        x = view.getInt32(o, true) / 2147483648;
      }
      acc += channels === 1 ? x : x * inv; // scaled per channel: a sum of large floats cannot overflow
    }
    out[f] = acc;
  }
  return out;
}

function decodeWithWavefile(bytes: Uint8Array, L: WavLayout, label: string): Float64Array {
  let w: InstanceType<typeof WaveFile>;
  try {
    w = new WaveFile(bytes);
    if (L.format === WAVE_FORMAT.alaw) w.fromALaw();
    else if (L.format === WAVE_FORMAT.mulaw) w.fromMuLaw();
  } catch (e) {
    throw new WavFormatError(label, `wavefile could not decode it (${(e as Error).message})`, { cause: e });
  }
  const raw = w.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const chans: Float64Array[] = L.channels === 1 ? [raw as Float64Array] : (raw as Float64Array[]);
  const fmt = w.fmt as { audioFormat: number; bitsPerSample: number };
  const bits = fmt.bitsPerSample;
  const isFloat = L.format === WAVE_FORMAT.float;
  if (isFloat && bits === 32 && fmt.audioFormat !== WAVE_FORMAT.float) {
    // wavefile reads 32-bit IEEE float in a WAVE_FORMAT_EXTENSIBLE header as int32: reinterpret the bits.
    const i32 = new Int32Array(1);
    const f32 = new Float32Array(i32.buffer);
    for (const ch of chans) {
      for (let k = 0; k < ch.length; k++) {
        i32[0] = ch[k]!;
        ch[k] = f32[0]!;
      }
    }
  }
  let scale = 1;
  let offset = 0;
  if (!isFloat) {
    if (bits === 8) {
      scale = 1 / 128;
      offset = -128;
    } else scale = 1 / 2 ** (bits - 1);
  }
  const frames = Math.min(L.frames, chans[0]!.length);
  const out = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let acc = 0;
    for (const ch of chans) acc += ((ch[f]! + offset) * scale) / chans.length;
    out[f] = acc;
  }
  return out;
}

/** Options of {@link writeWav}. */
export interface WriteWavOptions {
  /** Sample format: 16-bit PCM (default; values clipped to [-1, 1]) or 32-bit float. */
  readonly bitDepth?: '16' | '32f';
}

/** Encode mono samples (nominally in [-1, 1]) as WAV bytes. */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number, options: WriteWavOptions = {}): Uint8Array {
  const depth = options.bitDepth ?? '16';
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`sampleRate: must be a positive integer (Hz), got ${sampleRate}`);
  const w = new WaveFile();
  if (depth === '16') {
    const pcm = new Int16Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      const x = Math.max(-1, Math.min(1, samples[i]!));
      pcm[i] = Math.max(-32768, Math.min(32767, Math.round(x * 32768)));
    }
    w.fromScratch(1, sampleRate, '16', pcm);
  } else if (depth === '32f') {
    w.fromScratch(1, sampleRate, '32f', Float32Array.from(samples));
  } else {
    throw new RangeError(`bitDepth: must be '16' or '32f', got ${JSON.stringify(depth)}`);
  }
  return w.toBuffer();
}

/** Write mono samples to a WAV file atomically. */
export function writeWav(path: string, samples: ArrayLike<number>, sampleRate: number, options: WriteWavOptions = {}): void {
  writeFileAtomic(path, encodeWav(samples, sampleRate, options));
}
