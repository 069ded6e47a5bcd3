/**
 * A strict RIFF/WAVE chunk parser: validates every size against the bytes actually present
 * before anything is allocated, so a lying header gives a {@link WavFormatError}, never a huge
 * allocation or silently wrong samples.
 *
 * @module
 */
import { WavFormatError } from '../core/errors.js';

/** WAVE format codes lsm-ser reads. */
export const WAVE_FORMAT = { pcm: 1, float: 3, alaw: 6, mulaw: 7, extensible: 0xfffe } as const;

/** Bytes 2-15 of every KSDATAFORMAT_SUBTYPE GUID (bytes 0-1 hold the format code). */
const KSDATAFORMAT_SUFFIX = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** The parsed `fmt ` chunk and the location of the `data` chunk. */
export interface WavLayout {
  /** Effective format code (the sub-format for WAVE_FORMAT_EXTENSIBLE). */
  readonly format: number;
  /** Number of interleaved channels. */
  readonly channels: number;
  /** Sampling rate, in hertz. */
  readonly sampleRate: number;
  /** Bits per sample of one channel. */
  readonly bitsPerSample: number;
  /** Bytes per sample frame (all channels). */
  readonly blockAlign: number;
  /** Byte offset of the first sample. */
  readonly dataOffset: number;
  /** Number of whole sample frames in the data chunk. */
  readonly frames: number;
}

/** Lowest sampling rate accepted, in hertz. */
export const MIN_SAMPLE_RATE = 8000;
/** Highest sampling rate accepted, in hertz. */
export const MAX_SAMPLE_RATE = 192000;

function fourcc(b: Uint8Array, o: number): string {
  return String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!);
}

/** Parse and validate the RIFF structure of a WAV file held in `bytes`. */
export function parseWavLayout(bytes: Uint8Array, file: string): WavLayout {
  const fail = (problem: string): never => {
    throw new WavFormatError(file, problem);
  };
  if (bytes.length < 12) fail(`not a WAV file: only ${bytes.length} bytes (a RIFF header needs 12)`);
  const riff = fourcc(bytes, 0);
  if (riff === 'RIFX' || riff === 'RF64') fail(`${riff} files are not supported (only little-endian RIFF)`);
  if (riff !== 'RIFF') fail(`not a RIFF file (starts with ${JSON.stringify(riff)})`);
  if (fourcc(bytes, 8) !== 'WAVE') fail(`RIFF file of type ${JSON.stringify(fourcc(bytes, 8))}, not WAVE`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 12;
  let fmt: { format: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | null = null;
  let data: { offset: number; size: number } | null = null;
  while (off + 8 <= bytes.length) {
    const id = fourcc(bytes, off);
    const size = view.getUint32(off + 4, true);
    const body = off + 8;
    const available = bytes.length - body;
    if (id === 'data') {
      if (size > available) {
        fail(`truncated data: the data chunk declares ${size} bytes but only ${available} are present`);
      }
      data = { offset: body, size };
      if (fmt) break;
    } else if (id === 'fmt ') {
      if (size > available) fail(`truncated fmt chunk: declares ${size} bytes, ${available} present`);
      if (size < 16) fail(`fmt chunk too short (${size} bytes, need 16)`);
      let format = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const sampleRate = view.getUint32(body + 4, true);
      const blockAlign = view.getUint16(body + 12, true);
      const bits = view.getUint16(body + 14, true);
      if (format === WAVE_FORMAT.extensible) {
        if (size < 40) fail(`WAVE_FORMAT_EXTENSIBLE fmt chunk too short (${size} bytes, need 40)`);
        format = view.getUint16(body + 24, true);
        // The sub-format GUID must be {0000xxxx-0000-0010-8000-00aa00389b71} (KSDATAFORMAT_SUBTYPE_*);
        // other GUIDs (e.g. ambisonic B-format) share the first two bytes but mean other data.
        const rest = bytes.subarray(body + 26, body + 40);
        if (!rest.every((b, i) => b === KSDATAFORMAT_SUFFIX[i])) {
          const hex = Array.from(bytes.subarray(body + 24, body + 40), (b) => b.toString(16).padStart(2, '0')).join('');
          fail(`WAVE_FORMAT_EXTENSIBLE sub-format GUID (bytes ${hex}) is not a standard KSDATAFORMAT_SUBTYPE (PCM, IEEE float, A-law, mu-law)`);
        }
      }
      fmt = { format, channels, sampleRate, blockAlign, bits };
    } else if (size > available) {
      fail(`chunk ${JSON.stringify(id)} at byte ${off} declares ${size} bytes but only ${available} remain (header sizes lie)`);
    }
    off = body + size + (size & 1);
  }
  if (!fmt) return fail('missing fmt chunk');
  if (!data) return fail('missing data chunk');
  const { format, channels, sampleRate, blockAlign, bits } = fmt;
  const supported: Record<number, number[]> = {
    [WAVE_FORMAT.pcm]: [8, 16, 24, 32],
    [WAVE_FORMAT.float]: [32, 64],
    [WAVE_FORMAT.alaw]: [8],
    [WAVE_FORMAT.mulaw]: [8],
  };
  const names: Record<number, string> = { 1: 'PCM', 3: 'IEEE float', 6: 'A-law', 7: 'mu-law' };
  if (!(format in supported)) fail(`unsupported codec (format code ${format}); lsm-ser reads PCM, IEEE float, A-law and mu-law`);
  if (!supported[format]!.includes(bits)) fail(`unsupported bit depth ${bits} for ${names[format]}`);
  if (channels < 1) fail('fmt chunk declares 0 channels');
  if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
    fail(`sample rate ${sampleRate} Hz is outside the supported ${MIN_SAMPLE_RATE}-${MAX_SAMPLE_RATE} Hz`);
  }
  const expectAlign = (channels * bits) / 8;
  if (blockAlign !== expectAlign) fail(`block align ${blockAlign} does not match ${channels} channels x ${bits} bits`);
  const frames = Math.floor(data.size / blockAlign);
  if (frames === 0) fail('no samples (empty data chunk)');
  return { format, channels, sampleRate, bitsPerSample: bits, blockAlign, dataOffset: data.offset, frames };
}
