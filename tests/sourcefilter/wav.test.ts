import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import wf from 'wavefile';
import { AudioError, WavFormatError } from '../../src/core/errors.js';
import { decodeWav, readWav, writeWav } from '../../src/sourcefilter/wav.js';
import { loadAudio } from '../../src/sourcefilter/load.js';
import { decompose, deemphasize, resynthesize, snrDb } from '../../src/sourcefilter/decompose.js';
import { DATA_DIR, tempDir } from '../helpers.js';

const { WaveFile } = wf;

/** A WAV header + data made by hand: fields can be made to lie. */
function rawWav(o: {
  format?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  data?: Uint8Array;
  dataSize?: number;
  riff?: string;
  wave?: string;
  omitFmt?: boolean;
  omitData?: boolean;
  blockAlign?: number;
}): Uint8Array {
  const format = o.format ?? 1;
  const channels = o.channels ?? 1;
  const rate = o.rate ?? 16000;
  const bits = o.bits ?? 16;
  const data = o.data ?? new Uint8Array(200);
  const parts: number[] = [];
  const str = (s: string) => {
    for (const c of s) parts.push(c.charCodeAt(0));
  };
  const u32 = (v: number) => parts.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  const u16 = (v: number) => parts.push(v & 255, (v >>> 8) & 255);
  str(o.riff ?? 'RIFF');
  u32(0); // patched
  str(o.wave ?? 'WAVE');
  if (!o.omitFmt) {
    str('fmt ');
    u32(16);
    u16(format);
    u16(channels);
    u32(rate);
    u32((rate * channels * bits) / 8);
    u16(o.blockAlign ?? (channels * bits) / 8);
    u16(bits);
  }
  if (!o.omitData) {
    str('data');
    u32(o.dataSize ?? data.length);
    for (const b of data) parts.push(b);
  }
  const out = Uint8Array.from(parts);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  return out;
}

function expectWavError(bytes: Uint8Array, pattern: RegExp): void {
  let err: unknown;
  try {
    decodeWav(bytes, 'fixture.wav');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(WavFormatError);
  expect((err as Error).message).toMatch(/^fixture\.wav: /);
  expect((err as Error).message).toMatch(pattern);
}

describe('WAV errors name the file and the problem', () => {
  it('not RIFF/WAVE', () => {
    expectWavError(new TextEncoder().encode('hello, this is not a wav file at all'), /not a RIFF file/);
    expectWavError(rawWav({ wave: 'AVI ' }), /not WAVE/);
    expectWavError(new Uint8Array(5), /only 5 bytes/);
    expectWavError(rawWav({ riff: 'RIFX' }), /RIFX/);
  });
  it('missing fmt / data chunks', () => {
    expectWavError(rawWav({ omitFmt: true }), /missing fmt chunk/);
    expectWavError(rawWav({ omitData: true }), /missing data chunk/);
  });
  it('truncated data and lying sizes (no huge allocation)', () => {
    expectWavError(rawWav({ dataSize: 4000 }), /truncated data.*4000 bytes.*200/);
    expectWavError(rawWav({ dataSize: 0xfffffff0 }), /truncated data/);
    const lying = rawWav({});
    new DataView(lying.buffer).setUint32(16, 0x7fffffff, true); // fmt chunk size lies
    expectWavError(lying, /truncated fmt chunk/);
  });
  it('unsupported codec and bit depth', () => {
    expectWavError(rawWav({ format: 2 }), /unsupported codec \(format code 2\)/);
    expectWavError(rawWav({ bits: 12, blockAlign: 2 }), /unsupported bit depth 12/);
    expectWavError(rawWav({ format: 3, bits: 16 }), /unsupported bit depth 16 for IEEE float/);
  });
  it('zero samples', () => {
    expectWavError(rawWav({ data: new Uint8Array(0) }), /no samples/);
    expectWavError(rawWav({ data: new Uint8Array(1) }), /no samples/);
  });
  it('absurd sample rates and channel counts', () => {
    expectWavError(rawWav({ rate: 0 }), /sample rate 0 Hz/);
    expectWavError(rawWav({ rate: 1_000_000 }), /sample rate 1000000 Hz/);
    expectWavError(rawWav({ rate: 4000 }), /outside the supported/);
    expectWavError(rawWav({ channels: 0, blockAlign: 0 }), /0 channels/);
    expectWavError(rawWav({ blockAlign: 3 }), /block align 3/);
  });
  it('NaN and Inf samples', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const f = new Float32Array([0.1, 0.2, bad, 0.3]);
      expectWavError(rawWav({ format: 3, bits: 32, data: new Uint8Array(f.buffer) }), /sample 2 .* is (NaN|Infinity)/);
    }
  });
  it('an unreadable path', () => {
    expect(() => readWav('/nonexistent/x.wav')).toThrow(/\/nonexistent\/x\.wav: cannot read file \(ENOENT\)/);
  });
});

describe('every supported format decodes, with both decoders agreeing', () => {
  const n = 64;
  const ref = Float64Array.from({ length: n }, (_, i) => 0.8 * Math.sin(i * 0.3));
  const cases: { name: string; make: () => Uint8Array; tol: number }[] = [
    {
      name: 'PCM 8',
      make: () => {
        const w = new WaveFile();
        w.fromScratch(
          1,
          8000,
          '8',
          Uint8Array.from(ref, (v) => Math.round(v * 127 + 128)),
        );
        return w.toBuffer();
      },
      tol: 1 / 64,
    },
    {
      name: 'PCM 16',
      make: () => {
        const w = new WaveFile();
        w.fromScratch(
          1,
          16000,
          '16',
          Int16Array.from(ref, (v) => Math.round(v * 32767)),
        );
        return w.toBuffer();
      },
      tol: 1e-4,
    },
    {
      name: 'PCM 24',
      make: () => {
        const w = new WaveFile();
        w.fromScratch(
          1,
          44100,
          '24',
          Int32Array.from(ref, (v) => Math.round(v * 8388607)),
        );
        return w.toBuffer();
      },
      tol: 1e-6,
    },
    {
      name: 'PCM 32',
      make: () => {
        const w = new WaveFile();
        w.fromScratch(
          1,
          48000,
          '32',
          Int32Array.from(ref, (v) => Math.round(v * 2147483647)),
        );
        return w.toBuffer();
      },
      tol: 1e-8,
    },
    {
      name: 'float 32',
      make: () => {
        const w = new WaveFile();
        w.fromScratch(1, 96000, '32f', Float32Array.from(ref));
        return w.toBuffer();
      },
      tol: 1e-7,
    },
    {
      name: 'float 64',
      make: () => {
        const w = new WaveFile();
        w.fromScratch(1, 192000, '64', Float64Array.from(ref));
        return w.toBuffer();
      },
      tol: 0,
    },
    {
      name: 'mu-law',
      make: () => {
        const w = new WaveFile();
        w.fromScratch(
          1,
          8000,
          '16',
          Int16Array.from(ref, (v) => Math.round(v * 32767)),
        );
        w.toMuLaw();
        return w.toBuffer();
      },
      tol: 0.03,
    },
    {
      name: 'A-law',
      make: () => {
        const w = new WaveFile();
        w.fromScratch(
          1,
          8000,
          '16',
          Int16Array.from(ref, (v) => Math.round(v * 32767)),
        );
        w.toALaw();
        return w.toBuffer();
      },
      tol: 0.03,
    },
    {
      name: 'stereo PCM 16 (mixed to mono)',
      make: () => {
        const w = new WaveFile();
        w.fromScratch(2, 22050, '16', [Int16Array.from(ref, (v) => Math.round(v * 32767)), Int16Array.from(ref, (v) => Math.round(v * 32767))]);
        return w.toBuffer();
      },
      tol: 1e-4,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const bytes = c.make();
      const a = decodeWav(bytes, c.name);
      const b = decodeWav(bytes, c.name, { decoder: 'wavefile' });
      expect(a.samples.length).toBe(n);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(a.samples[i]! - ref[i]!)).toBeLessThanOrEqual(c.tol + 1e-12);
        expect(a.samples[i]).toBeCloseTo(b.samples[i]!, 12);
      }
    });
  }
  it('5 channels average to mono', () => {
    const w = new WaveFile();
    const chans = [0.1, 0.2, 0.3, -0.4, 0.5].map((v) => Int16Array.from({ length: 10 }, () => Math.round(v * 32768)));
    w.fromScratch(5, 16000, '16', chans);
    const a = decodeWav(w.toBuffer(), 'five');
    expect(a.samples[3]).toBeCloseTo(0.14, 4);
  });
  it('writeWav round-trips (16-bit and float)', () => {
    const dir = tempDir();
    const x = Float64Array.from({ length: 1000 }, (_, i) => 0.5 * Math.sin(i * 0.01));
    writeWav(join(dir, 'a.wav'), x, 16000);
    writeWav(join(dir, 'b.wav'), x, 16000, { bitDepth: '32f' });
    const a = readWav(join(dir, 'a.wav'));
    const b = readWav(join(dir, 'b.wav'));
    expect(a.sampleRate).toBe(16000);
    for (let i = 0; i < x.length; i++) {
      expect(Math.abs(a.samples[i]! - x[i]!)).toBeLessThan(1 / 32768 + 1e-9);
      expect(Math.abs(b.samples[i]! - x[i]!)).toBeLessThan(1e-7);
    }
  });
});

describe('silent, too short and non-finite audio', () => {
  it('loadAudio rejects an all-zero file and a too-short file, naming the file', () => {
    const dir = tempDir();
    const path = join(dir, 'silence.wav');
    writeFileSync(path, rawWav({ data: new Uint8Array(32000) }));
    expect(() => loadAudio(path)).toThrow(AudioError);
    expect(() => loadAudio(path)).toThrow(`${path}: audio is silent (all 16000 samples are 0)`);
    const short = join(dir, 'short.wav');
    writeWav(
      short,
      Float64Array.from({ length: 160 }, (_, i) => Math.sin(i / 3)),
      16000,
    ); // 10 ms
    expect(() => loadAudio(short)).toThrow(`${short}: audio too short: 10.0 ms`);
    expect(loadAudio(short, { minDuration: 0.005 }).samples.length).toBe(160);
    // one non-zero sample is not silence
    const one = new Uint8Array(32000);
    one[2000] = 1;
    writeFileSync(path, rawWav({ data: one }));
    expect(loadAudio(path).samples.length).toBeGreaterThan(0);
    expect(() => loadAudio(path, { rate: 16000.5 })).toThrow(/^rate: must be an integer number of hertz/);
    expect(() => loadAudio(path, { rate: 100 })).toThrow(/^rate: /);
  });

  it('decompose rejects empty and non-finite audio naming the source', () => {
    expect(() => decompose({ samples: new Float64Array(0), sampleRate: 16000, source: 'mem.wav' })).toThrow('mem.wav: empty audio');
    const x = Float64Array.from({ length: 1600 }, (_, i) => Math.sin(i / 5));
    x[10] = NaN;
    expect(() => decompose({ samples: x, sampleRate: 16000, source: 'mem.wav' })).toThrow('mem.wav: sample 10 is NaN');
  });

  it('decompose itself keeps all-zero audio finite (no NaN downstream)', () => {
    const audio = { samples: new Float64Array(16000), sampleRate: 16000, source: 'zeros' };
    const sf = decompose(audio);
    for (const arr of [sf.excitation, sf.gain, sf.excitationBands.data, sf.tractBands.data, sf.f0, sf.voicing, sf.energy, sf.lpc.data]) {
      for (const v of arr) expect(Number.isFinite(v)).toBe(true);
    }
    expect(Math.max(...sf.f0)).toBe(0);
  });
});

describe.skipIf(!DATA_DIR)('real speech', () => {
  it('resynthesis SNR >= 60 dB on real utterances of both datasets', () => {
    for (const ds of ['emodb-2s', 'fsdd']) {
      const dir = join(DATA_DIR!, ds);
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.wav'))
        .sort()
        .filter((_, i) => i % 50 === 0);
      expect(files.length).toBeGreaterThan(5);
      for (const f of files) {
        const audio = loadAudio(join(dir, f));
        const sf = decompose(audio);
        expect(snrDb(sf.preEmphasized, resynthesize(sf))).toBeGreaterThan(60);
        // and back to the (resampled, trimmed) waveform itself through de-emphasis
        expect(snrDb(audio.samples, deemphasize(resynthesize(sf), sf.options.preEmphasis))).toBeGreaterThan(60);
        // every frame's synthesis filter is stable
        let kMax = 0;
        for (const k of sf.reflection.data) kMax = Math.max(kMax, Math.abs(k));
        expect(kMax).toBeLessThan(1);
      }
    }
  });
  it('Emo-DB: trimming removes the zero padding; F0 lies in a speaking range', () => {
    const a = loadAudio(join(DATA_DIR!, 'emodb-2s', '03a02Nc.wav'));
    // PROVENANCE: 1.44 s of speech, then zeros
    expect(a.samples.length / a.sampleRate).toBeGreaterThan(1.2);
    expect(a.samples.length / a.sampleRate).toBeLessThan(1.6);
    const sf = decompose(a);
    const v = Array.from(sf.f0)
      .filter((x) => x > 0)
      .sort((x, y) => x - y);
    const med = v[v.length >> 1]!;
    expect(med).toBeGreaterThan(70); // speaker 03 is male
    expect(med).toBeLessThan(200);
  });
});

/** A WAVE_FORMAT_EXTENSIBLE file: fmt chunk of 40 bytes, sub-format GUID {0000<sub>-0000-0010-8000-00aa00389b71}. */
function extensibleWav(sub: number, bits: number, channels: number, data: Uint8Array, rate = 16000, guidTail?: number[]): Uint8Array {
  const tail = guidTail ?? [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
  const out = new Uint8Array(12 + 8 + 40 + 8 + data.length);
  const v = new DataView(out.buffer);
  const str = (o: number, s: string) => [...s].forEach((c, i) => (out[o + i] = c.charCodeAt(0)));
  str(0, 'RIFF');
  v.setUint32(4, out.length - 8, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  v.setUint32(16, 40, true);
  v.setUint16(20, 0xfffe, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, (rate * channels * bits) / 8, true);
  v.setUint16(32, (channels * bits) / 8, true);
  v.setUint16(34, bits, true);
  v.setUint16(36, 22, true); // cbSize
  v.setUint16(38, bits, true); // valid bits
  v.setUint32(40, channels === 1 ? 4 : 3, true); // channel mask
  v.setUint16(44, sub, true);
  out.set(tail, 46);
  str(60, 'data');
  v.setUint32(64, data.length, true);
  out.set(data, 68);
  return out;
}

describe('WAVE_FORMAT_EXTENSIBLE', () => {
  const x = Float64Array.from({ length: 400 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000));
  it('32-bit float decodes to the same samples with every decoder (wavefile reads it as int32 unless reinterpreted)', () => {
    const data = new Uint8Array(new Float32Array(x).buffer);
    const bytes = extensibleWav(3, 32, 1, data);
    for (const decoder of ['auto', 'native', 'wavefile'] as const) {
      const a = decodeWav(bytes, 'ext.wav', { decoder });
      expect(a.samples.length).toBe(400);
      for (let i = 0; i < 400; i++) expect(Math.abs(a.samples[i]! - x[i]!), `${decoder} ${i}`).toBeLessThan(1e-7);
    }
  });

  it('16-bit PCM decodes like the plain header, with both decoders', () => {
    const pcm = new Int16Array(x.length).map((_, i) => Math.round(x[i]! * 32767));
    const bytes = extensibleWav(1, 16, 1, new Uint8Array(pcm.buffer));
    for (const decoder of ['native', 'wavefile'] as const) {
      const a = decodeWav(bytes, 'ext.wav', { decoder });
      for (let i = 0; i < 400; i++) expect(Math.abs(a.samples[i]! - x[i]!)).toBeLessThan(1 / 32768 + 1e-9);
    }
  });

  it('a non-standard sub-format GUID (e.g. ambisonic B-format) is rejected, not read as PCM', () => {
    const pcm = new Int16Array(x.length * 4);
    const bformat = [0x00, 0x00, 0x21, 0x07, 0xd3, 0x11, 0x86, 0x44, 0xc8, 0xc1, 0xca, 0x00, 0x00, 0x00];
    expectWavError(extensibleWav(1, 16, 4, new Uint8Array(pcm.buffer), 16000, bformat), /sub-format GUID .* is not a standard KSDATAFORMAT_SUBTYPE/);
  });
});

describe('multichannel mixing', () => {
  it('channels near the float64 limit mix without overflowing to Infinity', () => {
    const f = new Float64Array(2 * 100).fill(0.25);
    f[10] = 1e308;
    f[11] = 1e308;
    const bytes = rawWav({ format: 3, bits: 64, channels: 2, data: new Uint8Array(f.buffer) });
    const a = decodeWav(bytes, 'huge.wav');
    expect(a.samples[5]).toBe(1e308);
    expect(a.samples[0]).toBe(0.25);
  });
});

describe('resampling at unusual rates', () => {
  for (const rate of [11127, 22254, 44101]) {
    it(`${rate} Hz loads at 16 kHz: a 440 Hz tone keeps its frequency and level`, () => {
      const dir = tempDir();
      const path = join(dir, `r${rate}.wav`);
      const n = Math.round(rate * 0.25);
      writeWav(
        path,
        Float64Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate)),
        rate,
        { bitDepth: '32f' },
      );
      const a = loadAudio(path, { trim: false });
      expect(a.sampleRate).toBe(16000);
      expect(a.samples.length).toBe(Math.round((n * 16000) / rate));
      // compare with the analytic tone away from the edges (filter transients)
      let err = 0;
      for (let i = 200; i < a.samples.length - 200; i++) err = Math.max(err, Math.abs(a.samples[i]! - 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000)));
      expect(err).toBeLessThan(1e-3);
    });
  }
});

describe('decompose: a sample rate that is not a whole number of hertz', () => {
  it('is an AudioError naming the source', () => {
    const samples = Float64Array.from({ length: 800 }, (_, i) => Math.sin(i / 7));
    for (const sampleRate of [22050.5, 0, NaN])
      expect(() => decompose({ samples, sampleRate, source: 'clip.wav' })).toThrow(/^clip\.wav: sample rate must be a whole number of hertz/);
  });
});
